package query

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// entry is a network ACL rule: number, "allow"/"deny", egress, protocol,
// CIDR and ports ("" for none).
func entry(n int, action string, egress bool, proto, cidr, from, to string) parsers.ACLEntry {
	e := parsers.ACLEntry{
		RuleNumber: lit(strconv.Itoa(n)), Allow: lit(action), Egress: lit(strconv.FormatBool(egress)),
		Protocol: lit(proto), Loc: at(50),
	}
	if strings.Contains(cidr, ":") {
		e.IPv6CIDR = lit(cidr)
	} else {
		e.CIDR = lit(cidr)
	}
	if from != "" {
		e.FromPort, e.ToPort = lit(from), lit(to)
	}
	return e
}

func TestACLAllows(t *testing.T) {
	vpc := netip.MustParsePrefix("10.0.0.0/16")
	endpoints := netip.MustParsePrefix("10.0.9.0/24")
	out443 := ACLFlow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: endpoints}
	returnIn := ACLFlow{Direction: Ingress, Protocol: "tcp", Ports: EphemeralPorts, Peer: endpoints}
	unknownNumber := entry(0, "deny", true, "6", "0.0.0.0/0", "443", "443")
	unknownNumber.RuleNumber = unknown("parameter N")
	conditional := entry(50, "deny", true, "6", "0.0.0.0/0", "443", "443")
	conditional.Condition = "Lockdown"
	cases := []struct {
		name    string
		entries []parsers.ACLEntry
		flow    ACLFlow
		want    Tri
		reason  string
		denier  string // the deciding entry's rule number, "" for none
	}{
		{"default ACL allows all", parsers.DefaultACLEntries(at(1)), out443, Yes, "", ""},
		{"default ACL allows return traffic", parsers.DefaultACLEntries(at(1)), returnIn, Yes, "", ""},
		{"no entries: implicit deny", nil, out443, No, "final * rule", ""},
		{"allow 443 by protocol number", []parsers.ACLEntry{entry(100, "allow", true, "6", "10.0.0.0/16", "443", "443")}, out443, Yes, "", ""},
		{"allow all traffic -1", []parsers.ACLEntry{entry(100, "allow", true, "-1", "0.0.0.0/0", "", "")}, out443, Yes, "", ""},
		{"inbound rules do not answer outbound", []parsers.ACLEntry{entry(100, "allow", false, "-1", "0.0.0.0/0", "", "")}, out443, No, "final * rule", ""},
		{"first match wins: deny before allow", []parsers.ACLEntry{entry(200, "allow", true, "6", "0.0.0.0/0", "443", "443"), entry(100, "deny", true, "6", "10.0.0.0/8", "0", "65535")}, out443, No, "denies", "100"},
		{"first match wins: allow before deny", []parsers.ACLEntry{entry(100, "allow", true, "6", "0.0.0.0/0", "443", "443"), entry(200, "deny", true, "-1", "0.0.0.0/0", "", "")}, out443, Yes, "", ""},
		{"deny of another port does not matter", []parsers.ACLEntry{entry(90, "deny", true, "6", "0.0.0.0/0", "22", "22"), entry(100, "allow", true, "6", "0.0.0.0/0", "0", "65535")}, out443, Yes, "", ""},
		{"deny of another CIDR does not matter", []parsers.ACLEntry{entry(90, "deny", true, "-1", "192.168.0.0/16", "", ""), entry(100, "allow", true, "6", "0.0.0.0/0", "443", "443")}, out443, Yes, "", ""},
		{"udp allow does not cover tcp", []parsers.ACLEntry{entry(100, "allow", true, "17", "0.0.0.0/0", "443", "443")}, out443, No, "final * rule", ""},
		{"ephemeral range fully open", []parsers.ACLEntry{entry(100, "allow", false, "6", "10.0.0.0/16", "1024", "65535")}, returnIn, Yes, "", ""},
		{"ephemeral range only partly open", []parsers.ACLEntry{entry(100, "allow", false, "6", "10.0.0.0/16", "32768", "61000")}, returnIn, No, "1024–32767", ""},
		{"ephemeral range open in two rules", []parsers.ACLEntry{entry(100, "allow", false, "6", "10.0.0.0/16", "1024", "32767"), entry(110, "allow", false, "6", "10.0.0.0/16", "32768", "65535")}, returnIn, Yes, "", ""},
		{"a deny inside the ephemeral range", []parsers.ACLEntry{entry(90, "deny", false, "6", "0.0.0.0/0", "5000", "5000"), entry(100, "allow", false, "6", "10.0.0.0/16", "1024", "65535")}, returnIn, No, "5000", "90"},
		{"an allow for part of the peer only", []parsers.ACLEntry{entry(100, "allow", true, "6", "10.0.9.0/25", "443", "443")}, out443, No, "final * rule", ""},
		{"partial allow then deny of the same part", []parsers.ACLEntry{entry(100, "allow", true, "6", "10.0.9.0/25", "443", "443"), entry(110, "deny", true, "6", "10.0.9.0/25", "443", "443")}, out443, Maybe, "earlier rules may allow", ""},
		{"IPv6 rule does not match IPv4", []parsers.ACLEntry{entry(100, "allow", true, "-1", "::/0", "", "")}, out443, No, "final * rule", ""},
		{"IPv6 flow", []parsers.ACLEntry{entry(100, "allow", true, "-1", "::/0", "", "")}, ACLFlow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: netip.MustParsePrefix("2001:db8::/56")}, Yes, "", ""},
		{"unknown rule number that may deny", []parsers.ACLEntry{entry(100, "allow", true, "6", "0.0.0.0/0", "443", "443"), unknownNumber}, out443, Maybe, "parameter N", ""},
		{"conditional deny before the allow", []parsers.ACLEntry{conditional, entry(100, "allow", true, "6", "0.0.0.0/0", "443", "443")}, out443, Maybe, "condition Lockdown", ""},
		{"unknown CIDR on an allow before implicit deny", []parsers.ACLEntry{func() parsers.ACLEntry {
			e := entry(100, "allow", true, "6", "0.0.0.0/0", "443", "443")
			e.CIDR = unknown("parameter Cidr")
			return e
		}()}, out443, Maybe, "parameter Cidr", ""},
		{"VPC CIDR allow covers the endpoint subnets", []parsers.ACLEntry{entry(100, "allow", true, "tcp", vpc.String(), "443", "443")}, out443, Yes, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := parsers.NewGraph()
			acl := &parsers.NetworkACL{Resource: hdr("Acl", "AWS::EC2::NetworkAcl", 45), Entries: c.entries}
			mustAdd(t, g, acl)
			a := New(g).ACLAllows(acl, c.flow)
			checkAnswer(t, a.Answer, c.want, c.reason)
			got := ""
			if a.Entry != nil {
				got = a.Entry.RuleNumber.Str
			}
			if got != c.denier {
				t.Errorf("deciding entry = %q, want %q", got, c.denier)
			}
		})
	}
}

// TestACLAllowsWholeRange checks what EB501's shortcut relies on: an ACL
// that allows all TCP traffic of a direction with every address of a
// family allows each flow of the endpoint path (some ports, one peer of
// that family) too, and an ACL that does not is asked each flow.
func TestACLAllowsWholeRange(t *testing.T) {
	peers := []netip.Prefix{netip.MustParsePrefix("10.0.9.0/24"), netip.MustParsePrefix("192.168.1.0/24"), netip.MustParsePrefix("0.0.0.0/0")}
	unknownNumber := entry(0, "deny", true, "6", "10.0.0.0/8", "443", "443")
	unknownNumber.RuleNumber = unknown("parameter N")
	conditional := entry(50, "deny", false, "6", "10.0.9.0/24", "", "")
	conditional.Condition = "Lockdown"
	cases := []struct {
		name    string
		entries []parsers.ACLEntry
		open    bool // both directions allow the whole TCP range
	}{
		{"default ACL", parsers.DefaultACLEntries(at(1)), true},
		{"allow all TCP both ways", []parsers.ACLEntry{entry(100, "allow", true, "6", "0.0.0.0/0", "0", "65535"), entry(100, "allow", false, "tcp", "0.0.0.0/0", "0", "65535")}, true},
		{"no entries", nil, false},
		{"deny of a subnet before allow all", []parsers.ACLEntry{entry(90, "deny", true, "6", "10.0.9.0/24", "443", "443"), entry(100, "allow", true, "-1", "0.0.0.0/0", "", ""), entry(100, "allow", false, "-1", "0.0.0.0/0", "", "")}, false},
		{"deny of some ports before allow all", []parsers.ACLEntry{entry(100, "allow", true, "-1", "0.0.0.0/0", "", ""), entry(90, "deny", false, "6", "0.0.0.0/0", "1024", "2000"), entry(100, "allow", false, "-1", "0.0.0.0/0", "", "")}, false},
		{"allow of the VPC only", []parsers.ACLEntry{entry(100, "allow", true, "-1", "10.0.0.0/16", "", ""), entry(100, "allow", false, "-1", "10.0.0.0/16", "", "")}, false},
		{"deny with an unknown number", []parsers.ACLEntry{unknownNumber, entry(100, "allow", true, "-1", "0.0.0.0/0", "", ""), entry(100, "allow", false, "-1", "0.0.0.0/0", "", "")}, false},
		{"conditional deny", []parsers.ACLEntry{conditional, entry(100, "allow", true, "-1", "0.0.0.0/0", "", ""), entry(100, "allow", false, "-1", "0.0.0.0/0", "", "")}, false},
		{"IPv6 deny does not close IPv4", []parsers.ACLEntry{entry(90, "deny", true, "-1", "::/0", "", ""), entry(100, "allow", true, "-1", "0.0.0.0/0", "", ""), entry(100, "allow", false, "-1", "0.0.0.0/0", "", "")}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := parsers.NewGraph()
			acl := &parsers.NetworkACL{Resource: hdr("Acl", "AWS::EC2::NetworkAcl", 45), Entries: c.entries}
			mustAdd(t, g, acl)
			q := New(g)
			open := true
			for _, d := range []Direction{Egress, Ingress} {
				whole := q.ACLAllows(acl, ACLFlow{Direction: d, Protocol: TCP, Ports: AllPorts, Peer: netip.MustParsePrefix("0.0.0.0/0")})
				if whole.Tri != Yes {
					open = false
					continue
				}
				for _, peer := range peers {
					for _, ports := range []PortRange{Port(443), EphemeralPorts} {
						f := ACLFlow{Direction: d, Protocol: TCP, Ports: ports, Peer: peer}
						if a := q.ACLAllows(acl, f); a.Tri != Yes {
							t.Errorf("the whole %s range is allowed but %s is %v (%v)", d, f, a.Tri, a.Why)
						}
					}
				}
			}
			if open != c.open {
				t.Errorf("open = %v, want %v", open, c.open)
			}
		})
	}
}

// TestSubnetACLs checks which ACL governs a subnet: its association, else
// the VPC default ACL; conditional associations give alternatives.
func TestSubnetACLs(t *testing.T) {
	g := parsers.NewGraph()
	def := &parsers.NetworkACL{Resource: parsers.Resource{Key: key("Vpc") + "#default-acl", Name: "Vpc.DefaultNetworkAcl", Synthetic: true}, IsDefault: true, Entries: parsers.DefaultACLEntries(at(1))}
	vpc := &parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 1), CIDRs: []parsers.Value{lit("10.0.0.0/16")}, DefaultNetworkACL: parsers.RefTo(def.Key, "", at(1))}
	closed := &parsers.NetworkACL{Resource: hdr("Closed", "AWS::EC2::NetworkAcl", 2), VPC: ref("Vpc")}
	mustAdd(t, g, vpc, def, closed,
		&parsers.Subnet{Resource: hdr("Plain", "AWS::EC2::Subnet", 3), VPC: ref("Vpc")},
		&parsers.Subnet{Resource: hdr("Assoc", "AWS::EC2::Subnet", 4), VPC: ref("Vpc"), NetworkACLs: []parsers.Value{ref("Closed")}},
		&parsers.Subnet{Resource: hdr("Cond", "AWS::EC2::Subnet", 5), VPC: ref("Vpc"), NetworkACLs: []parsers.Value{parsers.Value{Kind: parsers.Choice}.WithItems([]parsers.Value{ref("Closed"), {}}).WithCond("Lock")}},
		&parsers.Subnet{Resource: hdr("Foreign", "AWS::EC2::Subnet", 6), VPC: lit("vpc-0abc")},
		&parsers.Subnet{Resource: hdr("External", "AWS::EC2::Subnet", 7), VPC: ref("Vpc"), NetworkACLs: []parsers.Value{lit("acl-0abc")}},
	)
	flow := ACLFlow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: netip.MustParsePrefix("10.0.9.0/24")}
	cases := []struct {
		subnet string
		acls   int
		want   Tri
		reason string
	}{
		{"Plain", 1, Yes, ""},
		{"Assoc", 1, No, "final * rule"},
		{"Cond", 2, Maybe, ""},
		{"Foreign", 0, Maybe, "default network ACL is unknown"},
		{"External", 0, Maybe, "acl-0abc is not defined"},
	}
	q := New(g)
	for _, c := range cases {
		t.Run(c.subnet, func(t *testing.T) {
			s := subnetNamed(t, g, c.subnet)
			acls, _ := q.NetworkACLs(s)
			if len(acls) != c.acls {
				t.Errorf("%d ACLs, want %d", len(acls), c.acls)
			}
			checkAnswer(t, q.SubnetAllows(s, flow).Answer, c.want, c.reason)
		})
	}
}
