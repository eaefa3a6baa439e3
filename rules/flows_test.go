package rules

import (
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

func TestAllowsTCP443(t *testing.T) {
	rule := func(proto, from, to string) parsers.SGRule {
		r := parsers.SGRule{Protocol: lit(proto)}
		if from != "" {
			r.FromPort, r.ToPort = lit(from), lit(to)
		}
		return r
	}
	cases := []struct {
		name string
		r    parsers.SGRule
		want tri
	}{
		{"tcp 443", rule("tcp", "443", "443"), yes},
		{"TCP range", rule("TCP", "0", "65535"), yes},
		{"protocol 6", rule("6", "400", "500"), yes},
		{"all traffic -1", rule("-1", "", ""), yes},
		{"all", rule("all", "", ""), yes},
		{"tcp -1 ports", rule("tcp", "-1", "-1"), yes},
		{"tcp 80", rule("tcp", "80", "80"), no},
		{"tcp 444-500", rule("tcp", "444", "500"), no},
		{"udp 443", rule("udp", "443", "443"), no},
		{"icmp", rule("icmp", "-1", "-1"), no},
		{"unknown protocol", parsers.SGRule{Protocol: parsers.UnknownValue("parameter", at(1))}, maybe},
		{"unknown port", parsers.SGRule{Protocol: lit("tcp"), FromPort: parsers.UnknownValue("parameter", at(1)), ToPort: lit("443")}, maybe},
	}
	for _, c := range cases {
		if got, _ := allowsTCP443(c.r); got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, got, c.want)
		}
	}
}

func TestCovers(t *testing.T) {
	g := parsers.NewGraph()
	vpc := &parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 1), CIDRs: []parsers.Value{lit("10.0.0.0/16")}}
	vpcUnknown := &parsers.VPC{Resource: hdr("VpcU", "AWS::EC2::VPC", 2), CIDRs: []parsers.Value{parsers.UnknownValue("IPAM", at(2))}}
	a1 := &parsers.Subnet{Resource: hdr("A", "AWS::EC2::Subnet", 3), VPC: ref("Vpc"), CIDR: lit("10.0.1.0/24")}
	b1 := &parsers.Subnet{Resource: hdr("B", "AWS::EC2::Subnet", 4), VPC: ref("Vpc"), CIDR: lit("10.0.2.0/24")}
	u1 := &parsers.Subnet{Resource: hdr("U", "AWS::EC2::Subnet", 5), VPC: ref("VpcU"), CIDR: parsers.UnknownValue("Fn::Cidr", at(5))}
	mustAdd(t, g, vpc, vpcUnknown, a1, b1, u1)
	a := newAnalysis(g)
	sa, sb, su := &Subnet{Name: "A", Node: a1}, &Subnet{Name: "B", Node: b1}, &Subnet{Name: "U", Node: u1}
	cases := []struct {
		name    string
		cidr    parsers.Value
		subnets []*Subnet
		want    tri
	}{
		{"VPC CIDR literal covers both", lit("10.0.0.0/16"), []*Subnet{sa, sb}, yes},
		{"one subnet's CIDR misses the other", lit("10.0.1.0/24"), []*Subnet{sa, sb}, no},
		{"wider private range", lit("10.0.0.0/8"), []*Subnet{sa, sb}, yes},
		{"narrower than the subnet", lit("10.0.1.0/25"), []*Subnet{sa}, no},
		{"unmasked CIDR", lit("10.0.1.7/16"), []*Subnet{sa, sb}, yes},
		{"anywhere", lit("0.0.0.0/0"), []*Subnet{su}, yes},
		{"GetAtt Vpc.CidrBlock", parsers.RefTo(key("Vpc"), "CidrBlock", at(1)), []*Subnet{sa, sb}, yes},
		{"GetAtt of an unknown-CIDR VPC covers its own subnets", parsers.RefTo(key("VpcU"), "CidrBlock", at(1)), []*Subnet{su}, yes},
		{"unknown subnet CIDR", lit("10.0.0.0/16"), []*Subnet{su}, maybe},
		{"unknown source", parsers.UnknownValue("parameter", at(1)), []*Subnet{sa}, maybe},
		{"subnet outside the inputs", lit("10.0.0.0/16"), []*Subnet{{Name: "subnet-1"}}, maybe},
	}
	coversAll := func(cidr parsers.Value, subnets []*Subnet) (tri, string) {
		got, why := yes, ""
		for _, s := range subnets {
			switch t, w := a.covers(cidr, s); t {
			case no:
				return no, ""
			case maybe:
				got, why = maybe, w
			}
		}
		return got, why
	}
	for _, c := range cases {
		if got, why := coversAll(c.cidr, c.subnets); got != c.want {
			t.Errorf("%s: got %d (%s), want %d", c.name, got, why, c.want)
		}
	}
}

func TestAdmits(t *testing.T) {
	build := func(t *testing.T, epGroups []parsers.Value, instGroups string, sgs ...*parsers.SecurityGroup) Admission {
		t.Helper()
		g := parsers.NewGraph()
		vpc := &parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 1), CIDRs: []parsers.Value{lit("10.0.0.0/16")}}
		def := &parsers.SecurityGroup{Resource: parsers.Resource{Key: key("Vpc") + "#default-sg", Name: "Vpc.DefaultSecurityGroup", Synthetic: true}, IsDefault: true}
		def.Ingress = []parsers.SGRule{{Protocol: lit("-1"), Peer: parsers.Peer{SecurityGroup: parsers.RefTo(def.Key, "", at(1))}}}
		vpc.DefaultSecurityGroup = parsers.RefTo(def.Key, "", at(1))
		sub := &parsers.Subnet{Resource: hdr("A", "AWS::EC2::Subnet", 3), VPC: ref("Vpc"), CIDR: lit("10.0.1.0/24")}
		ep := &parsers.VPCEndpoint{Resource: hdr("Ep", "AWS::EC2::VPCEndpoint", 9), VPC: ref("Vpc"), SecurityGroups: epGroups}
		mustAdd(t, g, vpc, def, sub, ep)
		for _, sg := range sgs {
			mustAdd(t, g, sg)
		}
		var settings []parsers.OptionSetting
		if instGroups != "" {
			settings = append(settings, parsers.OptionSetting{Namespace: nsLaunch, Name: "SecurityGroups", Value: parsers.Value{Kind: parsers.List, Items: []parsers.Value{ref(instGroups)}}})
		}
		if instGroups == "default" {
			settings[0].Value = parsers.RefTo(key("Vpc"), "DefaultSecurityGroup", at(1))
		}
		env := &parsers.Environment{Resource: hdr("Env", "AWS::ElasticBeanstalk::Environment", 40), Settings: settings}
		mustAdd(t, g, env)
		e := &Env{Node: env, Settings: g.Effective(env)}
		return newAnalysis(g).admits(classifyEndpoint(ep), e, []*Subnet{{Name: "A", Node: sub}})
	}
	fromGroup := &parsers.SecurityGroup{Resource: hdr("EpSg", "AWS::EC2::SecurityGroup", 20), Ingress: []parsers.SGRule{
		{Protocol: lit("tcp"), FromPort: lit("443"), ToPort: lit("443"), Peer: parsers.Peer{SecurityGroup: parsers.RefTo(key("InstSg"), "GroupId", at(20))}},
	}}
	inst := &parsers.SecurityGroup{Resource: hdr("InstSg", "AWS::EC2::SecurityGroup", 21)}
	condRule := &parsers.SecurityGroup{Resource: hdr("EpSg", "AWS::EC2::SecurityGroup", 20), Ingress: []parsers.SGRule{
		{Condition: "Open", Protocol: lit("tcp"), FromPort: lit("443"), ToPort: lit("443"), Peer: parsers.Peer{CIDR: lit("10.0.0.0/16")}},
	}}
	prefixList := &parsers.SecurityGroup{Resource: hdr("EpSg", "AWS::EC2::SecurityGroup", 20), Ingress: []parsers.SGRule{
		{Protocol: lit("tcp"), FromPort: lit("443"), ToPort: lit("443"), Peer: parsers.Peer{PrefixList: lit("pl-123")}},
	}}
	cases := []struct {
		name     string
		groups   []parsers.Value
		inst     string
		sgs      []*parsers.SecurityGroup
		want     tri
		fallback bool
	}{
		{"default SG, instances without it", nil, "", nil, no, true},
		{"default SG, instances carry it", nil, "default", nil, yes, true},
		{"rule from the instances' group", []parsers.Value{ref("EpSg")}, "InstSg", []*parsers.SecurityGroup{fromGroup, inst}, yes, false},
		{"rule from a group the instances lack", []parsers.Value{ref("EpSg")}, "", []*parsers.SecurityGroup{fromGroup, inst}, no, false},
		{"conditional rule", []parsers.Value{ref("EpSg")}, "", []*parsers.SecurityGroup{condRule}, maybe, false},
		{"prefix list source", []parsers.Value{ref("EpSg")}, "", []*parsers.SecurityGroup{prefixList}, maybe, false},
		{"group outside the inputs", []parsers.Value{lit("sg-0abc")}, "", nil, maybe, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ad := build(t, c.groups, c.inst, c.sgs...)
			if ad.Allowed != c.want || ad.Default != c.fallback {
				t.Errorf("Allowed=%d Default=%v (%v), want %d %v", ad.Allowed, ad.Default, ad.Undecided, c.want, c.fallback)
			}
		})
	}
}
