package rules

import (
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

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
			settings = append(settings, parsers.OptionSetting{Namespace: query.NSLaunch, Name: "SecurityGroups", Value: parsers.Value{Kind: parsers.List}.WithItems([]parsers.Value{ref(instGroups)})})
		}
		if instGroups == "default" {
			settings[0].Value = parsers.RefTo(key("Vpc"), "DefaultSecurityGroup", at(1))
		}
		env := &parsers.Environment{Resource: hdr("Env", "AWS::ElasticBeanstalk::Environment", 40), Settings: settings}
		mustAdd(t, g, env)
		e := &Env{Environment: &query.Environment{Node: env, Settings: g.Effective(env)}}
		return newAnalysis(g, nil).admits(query.ClassifyEndpoint(ep, ParseServiceName), e, []*Subnet{{Name: "A", Node: sub}})
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
