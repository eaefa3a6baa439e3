package query

import (
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Direction says which way a flow crosses a security group or network ACL.
type Direction uint8

// Directions: Ingress is traffic the interface receives, Egress traffic
// it sends.
const (
	Ingress Direction = iota
	Egress
)

func (d Direction) String() string {
	if d == Egress {
		return "outbound"
	}
	return "inbound"
}

// Flow is traffic a security group question is about: which way, which
// protocol and ports (every port of Ports must be allowed), and the
// other end.
type Flow struct {
	Direction Direction
	// Protocol is a protocol name or number as rules write them ("tcp",
	// "6", "udp", "-1" for all traffic); see NormalizeProtocol.
	Protocol string
	Ports    PortRange
	Peer     Peer
}

// Peer is the other end of a flow: the source of ingress, the destination
// of egress. A rule matches it through any of the fields that are set.
type Peer struct {
	// Groups are the security groups the peer's network interfaces carry
	// (values as the inputs give them: Refs, IDs, parameters); a rule whose
	// source or destination is one of them matches.
	Groups []parsers.Value
	// Subnet is the subnet the peer's addresses are in; a CIDR rule
	// matches when it contains the subnet's CIDR.
	Subnet *parsers.Subnet
	// CIDR is the peer's address range when it is not a subnet (a literal
	// "0.0.0.0/0" for the internet, an IPv6 block).
	CIDR parsers.Value
	// PrefixList is the managed prefix list that stands for the peer (the
	// S3 prefix list for S3 through a gateway endpoint).
	PrefixList parsers.Value
	// Any makes every rule source or destination match: the question is
	// whether the protocol and ports are allowed at all.
	Any bool
}

// FlowAnswer answers Allows.
type FlowAnswer struct {
	Answer
	// Groups are the groups evaluated (those the values resolved to).
	Groups []*parsers.SecurityGroup
	// Peers names the peers the groups' rules allow the flow's protocol
	// and ports from (ingress) or to (egress), whether or not they match
	// the flow's peer: what a message says the groups do allow.
	Peers []string
}

// Allows says whether the security groups groups (all attached to one
// network interface) allow flow f. Groups and their rules combine by
// union (DOMAIN.md §5.1): f is allowed when every port of f.Ports is
// allowed by some rule of some group. Protocol "-1"/"all" and port
// ranges count; a rule that exists only under an undecided condition, or
// a value the inputs do not decide, makes the answer Maybe. Group values
// are followed through Fn::If branches; groups Elastic Beanstalk creates
// (see InstanceGroups) resolve too.
func (q *Q) Allows(groups []parsers.Value, f Flow) FlowAnswer {
	var out FlowAnswer
	proto, ok := NormalizeProtocol(f.Protocol)
	if !ok {
		out.Answer = answer(Maybe, "protocol "+f.Protocol+" is not one the linter knows")
		return out
	}
	want := f.Ports
	if !hasPorts(proto) {
		want = AllPorts
	}
	var sure, unsure []PortRange
	var why []string
	for i := range groups {
		alts, cond := BranchesAt(groups, i)
		for _, alt := range alts {
			sg, ok := q.group(alt)
			if !ok {
				unsure = append(unsure, want)
				why = append(why, "security group "+DescribeMissing(alt, "security group"))
				continue
			}
			if !slices.Contains(out.Groups, sg) {
				out.Groups = append(out.Groups, sg)
			}
			rules := sg.Ingress
			if f.Direction == Egress {
				rules = egressRules(sg)
			}
			for _, r := range rules {
				t, ports, w := q.ruleAllows(r, proto, want, f.Peer)
				if pm, _, _ := ruleMatch(r.Protocol, r.FromPort, r.ToPort, proto, want); pm == Yes {
					if name := q.peerName(r.Peer); name != "" && !slices.Contains(out.Peers, name) {
						out.Peers = append(out.Peers, name)
					}
				}
				c := r.Condition
				if c == "" {
					c = cond
				}
				switch d := q.implicitDoubt[sg.Key]; {
				case t == Yes && c != "":
					t, w = Maybe, "the rule that allows it exists only under condition "+c
				case t == Yes && d != "":
					t, w = Maybe, "whether "+sg.Name+" is attached is unknown: "+d
				}
				switch t {
				case Yes:
					sure = append(sure, ports...)
				case Maybe:
					if ports == nil {
						ports = []PortRange{want}
					}
					unsure = append(unsure, ports...)
					why = append(why, w)
				}
			}
		}
	}
	switch {
	case covered(slices.Clone(sure), want):
		out.Answer = answer(Yes)
	case covered(append(slices.Clone(sure), unsure...), want):
		out.Answer = answer(Maybe, Uniq(why)...)
	default:
		out.Answer = answer(No)
	}
	return out
}

// egressRules returns a group's egress rules, with the allow-all rule a
// CloudFormation group without SecurityGroupEgress keeps (DOMAIN.md §5.1).
func egressRules(sg *parsers.SecurityGroup) []parsers.SGRule {
	if !sg.DefaultEgress {
		return sg.Egress
	}
	all := parsers.SGRule{Protocol: parsers.DefaultValue(AllProtocols, sg.Loc), Peer: parsers.Peer{CIDR: parsers.DefaultValue("0.0.0.0/0", sg.Loc)}, Loc: sg.Loc}
	return append(slices.Clone(sg.Egress), all)
}

// ruleAllows says whether one rule allows the flow (protocol proto, ports
// want) to or from peer, and for which ports.
func (q *Q) ruleAllows(r parsers.SGRule, proto string, want PortRange, peer Peer) (Tri, []PortRange, string) {
	pm, ports, why := ruleMatch(r.Protocol, r.FromPort, r.ToPort, proto, want)
	if pm == No {
		return No, nil, ""
	}
	src, srcWhy := q.peerMatch(r.Peer, peer)
	switch {
	case src == No:
		return No, nil, ""
	case pm == Maybe:
		return Maybe, nil, why
	}
	return src, ports, srcWhy
}

// peerMatch says whether a rule's source or destination covers peer.
func (q *Q) peerMatch(rp parsers.Peer, peer Peer) (Tri, string) {
	switch {
	case peer.Any:
		return Yes, ""
	case !rp.SecurityGroup.IsAbsent():
		best := No
		for _, v := range peer.Groups {
			var want parsers.Node
			if n, ok := q.Lookup(v); ok {
				want = n
			}
			best = Any(best, q.SameNode(rp.SecurityGroup, v, want))
		}
		if best == Maybe {
			return Maybe, "whether group " + DisplayName(rp.SecurityGroup) + " is attached to the peer"
		}
		return best, ""
	case !rp.CIDR.IsAbsent():
		return q.cidrMatch(rp.CIDR, peer)
	case !rp.CIDRv6.IsAbsent():
		return q.cidrMatch(rp.CIDRv6, peer)
	case !rp.PrefixList.IsAbsent():
		if !peer.PrefixList.IsAbsent() {
			if t := q.SameNode(rp.PrefixList, peer.PrefixList, nil); t != Maybe {
				return t, ""
			}
		}
		return Maybe, "the prefix list " + rp.PrefixList.Describe() + " cannot be verified"
	}
	return No, ""
}

// cidrMatch says whether a rule's CIDR covers the peer's addresses.
func (q *Q) cidrMatch(cidr parsers.Value, peer Peer) (Tri, string) {
	rule, ruleOK := q.Prefix(cidr)
	peerV6 := false
	if p, ok := q.Prefix(peer.CIDR); ok {
		peerV6 = p.Addr().Is6()
	}
	if ruleOK && rule.Bits() == 0 && rule.Addr().Is4() && !peerV6 {
		return Yes, "" // every IPv4 address: the peer's, whatever they are
	}
	switch {
	case peer.Subnet != nil:
		a := q.Covers(cidr, peer.Subnet)
		return a.Tri, a.Reason()
	case !peer.CIDR.IsAbsent():
		if !ruleOK {
			return Maybe, "CIDR " + cidr.Describe() + " is not known"
		}
		p, ok := q.Prefix(peer.CIDR)
		if !ok {
			return Maybe, "the peer's CIDR " + peer.CIDR.Describe() + " is not known"
		}
		return boolTri(contains(rule, p)), ""
	case len(peer.Groups) > 0:
		return Maybe, "the addresses of the peer carrying " + DisplayName(peer.Groups[0]) + " are not known"
	}
	return No, ""
}

// peerName names a rule's source or destination for messages: a CIDR as
// written, a group or a VPC CIDR attribute by the resource's name.
func (q *Q) peerName(p parsers.Peer) string {
	for _, v := range []parsers.Value{p.CIDR, p.CIDRv6, p.SecurityGroup, p.PrefixList} {
		switch {
		case v.IsAbsent():
			continue
		case v.Kind == parsers.Ref:
			if n, ok := q.Lookup(v); ok && (v.Attr() == "" || isIDAttr(v.Attr())) {
				return n.Base().Name
			}
			if n := q.g.Node(v.Target); n != nil {
				if v.Attr() != "" && !isIDAttr(v.Attr()) {
					return n.Base().Name + "." + v.Attr()
				}
				return n.Base().Name
			}
			return DisplayName(v)
		case v.Kind == parsers.Known:
			return v.Redact(strings.TrimSpace(v.Str))
		}
		return ""
	}
	return ""
}

// isIDAttr reports whether a reference attribute is the resource's ID.
func isIDAttr(attr string) bool {
	switch attr {
	case "id", "Id", "GroupId":
		return true
	}
	return false
}

// Internet is the peer of traffic to or from anywhere (IPv4).
func Internet() Peer {
	return Peer{CIDR: parsers.Lit("0.0.0.0/0", parsers.Location{})}
}
