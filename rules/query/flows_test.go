package query

import (
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

func sgRule(proto, from, to string, peer parsers.Peer) parsers.SGRule {
	r := parsers.SGRule{Protocol: lit(proto), Peer: peer}
	if from != "" {
		r.FromPort, r.ToPort = lit(from), lit(to)
	}
	return r
}

func cidr(s string) parsers.Peer  { return parsers.Peer{CIDR: lit(s)} }
func cidr6(s string) parsers.Peer { return parsers.Peer{CIDRv6: lit(s)} }
func group(id string) parsers.Peer {
	return parsers.Peer{SecurityGroup: parsers.RefTo(key(id), "GroupId", at(1))}
}

// flowGraph has a VPC 10.0.0.0/16 with subnet A (10.0.1.0/24), the
// instances' group Inst, and the group under test Sg with ingress and
// egress rules.
func flowGraph(t *testing.T, ingress, egress []parsers.SGRule) *parsers.Graph {
	t.Helper()
	g := parsers.NewGraph()
	mustAdd(t, g,
		&parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 1), CIDRs: []parsers.Value{lit("10.0.0.0/16")}},
		&parsers.Subnet{Resource: hdr("A", "AWS::EC2::Subnet", 2), VPC: ref("Vpc"), CIDR: lit("10.0.1.0/24")},
		&parsers.Subnet{Resource: hdr("U", "AWS::EC2::Subnet", 3), VPC: ref("Vpc"), CIDR: unknown("Fn::Cidr of a parameter")},
		&parsers.SecurityGroup{Resource: hdr("Inst", "AWS::EC2::SecurityGroup", 4)},
		&parsers.SecurityGroup{Resource: hdr("Sg", "AWS::EC2::SecurityGroup", 5), Ingress: ingress, Egress: egress},
	)
	return g
}

func TestAllows(t *testing.T) {
	https := func(peer Peer) Flow { return Flow{Direction: Ingress, Protocol: "tcp", Ports: Port(443), Peer: peer} }
	inst := Peer{Groups: []parsers.Value{ref("Inst")}}
	cond := sgRule("tcp", "443", "443", cidr("10.0.0.0/16"))
	cond.Condition = "Open"
	cases := []struct {
		name    string
		ingress []parsers.SGRule
		egress  []parsers.SGRule
		groups  []parsers.Value
		flow    Flow
		subnet  string // the peer subnet, "" for none
		want    Tri
		reason  string
	}{
		{"tcp 443 from the VPC CIDR", []parsers.SGRule{sgRule("tcp", "443", "443", cidr("10.0.0.0/16"))}, nil, nil, https(Peer{}), "A", Yes, ""},
		{"protocol number 6 range", []parsers.SGRule{sgRule("6", "400", "500", cidr("10.0.0.0/8"))}, nil, nil, https(Peer{}), "A", Yes, ""},
		{"protocol -1", []parsers.SGRule{sgRule("-1", "", "", cidr("10.0.1.0/24"))}, nil, nil, https(Peer{}), "A", Yes, ""},
		{"protocol all", []parsers.SGRule{sgRule("all", "", "", cidr("0.0.0.0/0"))}, nil, nil, https(Peer{}), "A", Yes, ""},
		{"tcp with -1 ports", []parsers.SGRule{sgRule("tcp", "-1", "-1", cidr("10.0.0.0/16"))}, nil, nil, https(Peer{}), "A", Yes, ""},
		{"tcp 80 only", []parsers.SGRule{sgRule("tcp", "80", "80", cidr("10.0.0.0/16"))}, nil, nil, https(Peer{}), "A", No, ""},
		{"udp 443", []parsers.SGRule{sgRule("udp", "443", "443", cidr("10.0.0.0/16"))}, nil, nil, https(Peer{}), "A", No, ""},
		{"CIDR not covering the subnet", []parsers.SGRule{sgRule("tcp", "443", "443", cidr("10.0.2.0/24"))}, nil, nil, https(Peer{}), "A", No, ""},
		{"CIDR narrower than the subnet", []parsers.SGRule{sgRule("tcp", "443", "443", cidr("10.0.1.0/25"))}, nil, nil, https(Peer{}), "A", No, ""},
		{"subnet CIDR unknown", []parsers.SGRule{sgRule("tcp", "443", "443", cidr("10.1.0.0/16"))}, nil, nil, https(Peer{}), "U", Maybe, "CIDR of subnet U"},
		{"VPC CidrBlock attribute covers an unknown subnet CIDR", []parsers.SGRule{sgRule("tcp", "443", "443", parsers.Peer{CIDR: parsers.RefTo(key("Vpc"), "CidrBlock", at(1))})}, nil, nil, https(Peer{}), "U", Yes, ""},
		{"IPv6 rule does not admit an IPv4 subnet", []parsers.SGRule{sgRule("tcp", "443", "443", cidr6("::/0"))}, nil, nil, https(Peer{}), "A", No, ""},
		{"IPv6 rule admits an IPv6 peer", []parsers.SGRule{sgRule("tcp", "443", "443", cidr6("2001:db8::/32"))}, nil, nil, https(Peer{CIDR: lit("2001:db8:1::/48")}), "", Yes, ""},
		{"IPv6 peer outside the rule", []parsers.SGRule{sgRule("tcp", "443", "443", cidr6("2001:db8::/32"))}, nil, nil, https(Peer{CIDR: lit("2001:db9::/48")}), "", No, ""},
		{"source group the peer carries", []parsers.SGRule{sgRule("tcp", "443", "443", group("Inst"))}, nil, nil, https(inst), "", Yes, ""},
		{"source group the peer lacks", []parsers.SGRule{sgRule("tcp", "443", "443", group("Inst"))}, nil, nil, https(Peer{Groups: []parsers.Value{ref("Sg")}}), "", No, ""},
		{"source group vs a group outside the inputs", []parsers.SGRule{sgRule("tcp", "443", "443", parsers.Peer{SecurityGroup: unknown("parameter G")})}, nil, nil, https(inst), "", Maybe, "whether group"},
		{"prefix list source", []parsers.SGRule{sgRule("tcp", "443", "443", parsers.Peer{PrefixList: lit("pl-123")})}, nil, nil, https(inst), "", Maybe, "prefix list"},
		{"prefix list destination equal", nil, []parsers.SGRule{sgRule("tcp", "443", "443", parsers.Peer{PrefixList: lit("pl-63a5400a")})}, nil,
			Flow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: Peer{PrefixList: lit("pl-63a5400a")}}, "", Yes, ""},
		{"prefix list destination different", nil, []parsers.SGRule{sgRule("tcp", "443", "443", parsers.Peer{PrefixList: lit("pl-1")})}, nil,
			Flow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: Peer{PrefixList: lit("pl-63a5400a")}}, "", No, ""},
		{"egress -1 anywhere", nil, []parsers.SGRule{sgRule("-1", "", "", cidr("0.0.0.0/0"))}, nil,
			Flow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: Peer{PrefixList: lit("pl-1")}}, "A", Yes, ""},
		{"egress 0.0.0.0/0 reaches a prefix list", nil, []parsers.SGRule{sgRule("tcp", "443", "443", cidr("0.0.0.0/0"))}, nil,
			Flow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: Peer{PrefixList: lit("pl-63a5400a")}}, "", Yes, ""},
		{"egress to a group only", nil, []parsers.SGRule{sgRule("tcp", "443", "443", cidr("10.0.0.0/16"))}, nil,
			Flow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: inst}, "", Maybe, "addresses of the peer"},
		{"ingress rules do not answer egress", []parsers.SGRule{sgRule("-1", "", "", cidr("0.0.0.0/0"))}, nil, nil,
			Flow{Direction: Egress, Protocol: "tcp", Ports: Port(443)}, "A", No, ""},
		{"a range covered by two rules", []parsers.SGRule{sgRule("tcp", "1024", "30000", cidr("10.0.0.0/16")), sgRule("tcp", "30001", "65535", cidr("10.0.0.0/16"))}, nil, nil,
			Flow{Direction: Ingress, Protocol: "tcp", Ports: EphemeralPorts}, "A", Yes, ""},
		{"a range with a gap", []parsers.SGRule{sgRule("tcp", "1024", "30000", cidr("10.0.0.0/16")), sgRule("tcp", "30002", "65535", cidr("10.0.0.0/16"))}, nil, nil,
			Flow{Direction: Ingress, Protocol: "tcp", Ports: EphemeralPorts}, "A", No, ""},
		{"a range whose rest is conditional", []parsers.SGRule{sgRule("tcp", "1024", "30000", cidr("10.0.0.0/16")), func() parsers.SGRule {
			r := sgRule("tcp", "30001", "65535", cidr("10.0.0.0/16"))
			r.Condition = "Wide"
			return r
		}()}, nil, nil, Flow{Direction: Ingress, Protocol: "tcp", Ports: EphemeralPorts}, "A", Maybe, "condition Wide"},
		{"all traffic needed, tcp given", []parsers.SGRule{sgRule("tcp", "0", "65535", cidr("0.0.0.0/0"))}, nil, nil, Flow{Direction: Ingress, Protocol: "-1", Peer: Peer{}}, "A", No, ""},
		{"conditional rule", []parsers.SGRule{cond}, nil, nil, https(Peer{}), "A", Maybe, "condition Open"},
		{"unknown protocol", []parsers.SGRule{{Protocol: unknown("parameter P"), Peer: cidr("0.0.0.0/0")}}, nil, nil, https(Peer{}), "A", Maybe, "parameter P"},
		{"unknown port", []parsers.SGRule{{Protocol: lit("tcp"), FromPort: unknown("parameter Port"), ToPort: lit("443"), Peer: cidr("0.0.0.0/0")}}, nil, nil, https(Peer{}), "A", Maybe, "port range"},
		{"union over groups", nil, nil, []parsers.Value{ref("Inst"), ref("Sg")}, https(Peer{}), "A", Yes, ""},
		{"group outside the inputs", nil, nil, []parsers.Value{lit("sg-0abc")}, https(Peer{}), "A", Maybe, "sg-0abc is not defined"},
		{"group chosen by a condition", nil, nil, []parsers.Value{parsers.Value{Kind: parsers.Choice}.WithItems([]parsers.Value{ref("Sg"), ref("Inst")}).WithCond("UseSg")}, https(Peer{}), "A", Maybe, "condition UseSg"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := flowGraph(t, c.ingress, c.egress)
			if c.name == "union over groups" {
				g = flowGraph(t, []parsers.SGRule{sgRule("tcp", "443", "443", cidr("10.0.0.0/16"))}, nil)
			}
			if c.name == "group chosen by a condition" {
				g = flowGraph(t, []parsers.SGRule{sgRule("tcp", "443", "443", cidr("10.0.0.0/16"))}, nil)
			}
			groups := c.groups
			if groups == nil {
				groups = []parsers.Value{ref("Sg")}
			}
			f := c.flow
			if c.subnet != "" {
				f.Peer.Subnet = subnetNamed(t, g, c.subnet)
			}
			checkAnswer(t, New(g).Allows(groups, f).Answer, c.want, c.reason)
		})
	}
}

func TestAllowsNamesPeers(t *testing.T) {
	g := flowGraph(t, []parsers.SGRule{sgRule("tcp", "443", "443", cidr("10.9.0.0/16")), sgRule("tcp", "443", "443", group("Inst")), sgRule("tcp", "80", "80", cidr("0.0.0.0/0"))}, nil)
	a := New(g).Allows([]parsers.Value{ref("Sg")}, Flow{Direction: Ingress, Protocol: "tcp", Ports: Port(443), Peer: Peer{Subnet: subnetNamed(t, g, "A")}})
	if a.Tri != No || len(a.Peers) != 2 || a.Peers[0] != "10.9.0.0/16" || a.Peers[1] != "Inst" || len(a.Groups) != 1 {
		t.Errorf("got %s peers %v groups %d, want no, [10.9.0.0/16 Inst], 1 group", a.Tri, a.Peers, len(a.Groups))
	}
}

// TestAllowsDefaultEgressAndAnyPeer: a CloudFormation group without egress
// rules allows all egress; Peer.Any asks whether ports are open at all.
func TestAllowsDefaultEgressAndAnyPeer(t *testing.T) {
	g := flowGraph(t, []parsers.SGRule{sgRule("tcp", "443", "443", cidr("203.0.113.0/24"))}, nil)
	sg, _ := New(g).group(ref("Sg"))
	https := func(d Direction, peer Peer) Flow {
		return Flow{Direction: d, Protocol: "tcp", Ports: Port(443), Peer: peer}
	}
	cases := []struct {
		name          string
		defaultEgress bool
		flow          Flow
		want          Tri
	}{
		{"no egress rules, no default", false, https(Egress, Internet()), No},
		{"default egress reaches anywhere", true, https(Egress, Internet()), Yes},
		{"any source of 443", false, https(Ingress, Peer{Any: true}), Yes},
		{"no source of 80", false, Flow{Direction: Ingress, Protocol: "tcp", Ports: Port(80), Peer: Peer{Any: true}}, No},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sg.DefaultEgress = c.defaultEgress
			checkAnswer(t, New(g).Allows([]parsers.Value{ref("Sg")}, c.flow).Answer, c.want, "")
		})
	}
}
