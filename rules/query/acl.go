package query

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// ACLFlow is traffic a network ACL question is about. ACLs are stateless,
// so a connection needs its request and its reply (to the ephemeral ports,
// EphemeralPorts) allowed, each in its own direction (DOMAIN.md §7).
type ACLFlow struct {
	Direction Direction
	// Protocol is a protocol name or number ("tcp", "6", "-1").
	Protocol string
	// Ports must all be allowed.
	Ports PortRange
	// Peer is the other end's address range; every address of it must be
	// allowed.
	Peer netip.Prefix
}

func (f ACLFlow) String() string {
	proto := f.Protocol
	if p, ok := NormalizeProtocol(proto); ok {
		switch p {
		case TCP:
			proto = "TCP"
		case UDP:
			proto = "UDP"
		case AllProtocols:
			proto = "all traffic"
		}
	}
	way := "to"
	if f.Direction == Ingress {
		way = "from"
	}
	return fmt.Sprintf("%s %s %s %s %s", f.Direction, proto, f.Ports, way, f.Peer)
}

// ACLAnswer answers ACLAllows.
type ACLAnswer struct {
	Answer
	// Entry is the rule that denies (part of) the flow; nil when the
	// flow is allowed, undecided, or denied by the final implicit deny.
	Entry *parsers.ACLEntry
}

// NetworkACLs returns the network ACLs that may govern subnet s: its
// explicit association, else its VPC's default ACL (which allows all
// traffic unless an input adopts it and changes its rules); alternatives
// when an undecided condition chooses the association. Maybe when an ACL
// is not in the linted inputs.
func (q *Q) NetworkACLs(s *parsers.Subnet) ([]*parsers.NetworkACL, Answer) {
	var out []*parsers.NetworkACL
	var why []string
	add := func(v parsers.Value, what string) {
		acl, ok := parsers.LookupAs[*parsers.NetworkACL](q.g, v)
		if !ok {
			why = append(why, what+" "+DescribeMissing(v, "network ACL"))
			return
		}
		if !slices.Contains(out, acl) {
			out = append(out, acl)
		}
	}
	addDefault := func() {
		vpc, ok := parsers.LookupAs[*parsers.VPC](q.g, s.VPC)
		if !ok {
			why = append(why, "subnet "+s.Name+" has no network ACL association and its VPC "+DescribeMissing(s.VPC, "VPC")+", so its default network ACL is unknown")
			return
		}
		add(vpc.DefaultNetworkACL, "the default network ACL of VPC "+vpc.Name)
	}
	if len(s.NetworkACLs) == 0 {
		addDefault()
	}
	for _, assoc := range s.NetworkACLs {
		alts, _ := Branches(assoc)
		for _, alt := range alts {
			if alt.IsAbsent() {
				addDefault()
				continue
			}
			add(alt, "the network ACL of subnet "+s.Name)
		}
	}
	if len(why) > 0 {
		return out, answer(Maybe, why...)
	}
	return out, answer(Yes)
}

// SubnetAllows evaluates the network ACLs that may govern subnet s
// (NetworkACLs) for flow f: Yes when every one allows it, No when every one
// denies it, Maybe otherwise.
func (q *Q) SubnetAllows(s *parsers.Subnet, f ACLFlow) ACLAnswer {
	acls, found := q.NetworkACLs(s)
	var out ACLAnswer
	var ts []Tri
	var why []string
	for _, acl := range acls {
		a := q.ACLAllows(acl, f)
		ts = append(ts, a.Tri)
		why = append(why, a.Why...)
		if a.Tri == No && out.Entry == nil {
			out.Entry = a.Entry
		}
	}
	if found.Tri == Maybe {
		ts = append(ts, Maybe)
		why = append(why, found.Why...)
	}
	switch {
	case len(ts) > 0 && !slices.Contains(ts, No) && !slices.Contains(ts, Maybe):
		out.Answer = answer(Yes)
	case len(ts) > 0 && !slices.Contains(ts, Yes) && !slices.Contains(ts, Maybe):
		out.Answer = answer(No, why...)
	default:
		out.Answer = answer(Maybe, why...)
		out.Entry = nil
	}
	return out
}

// aclEntry is an entry with what the evaluation needs.
type aclEntry struct {
	e      *parsers.ACLEntry
	number int
	known  bool // number is known
}

// ACLAllows evaluates network ACL acl for flow f the way AWS does: rules of
// f's direction in rule-number order, the first that matches decides, and
// the final "*" rule denies what no rule matched (DOMAIN.md §7). Every port
// of f.Ports and every address of f.Peer must be allowed. A rule whose
// number, direction, protocol, ports, CIDR, action or existence
// (a condition) is not known makes the answer Maybe when it could change
// it.
func (q *Q) ACLAllows(acl *parsers.NetworkACL, f ACLFlow) ACLAnswer {
	k := aclQuestion{acl, f}
	if a, ok := q.aclAnswers[k]; ok {
		return a
	}
	a := q.aclAllows(acl, f)
	if q.aclAnswers == nil {
		q.aclAnswers = map[aclQuestion]ACLAnswer{}
	}
	q.aclAnswers[k] = a
	return a
}

// aclQuestion is one ACLAllows question.
type aclQuestion struct {
	acl *parsers.NetworkACL
	f   ACLFlow
}

func (q *Q) aclAllows(acl *parsers.NetworkACL, f ACLFlow) ACLAnswer {
	proto, ok := NormalizeProtocol(f.Protocol)
	if !ok {
		return ACLAnswer{Answer: answer(Maybe, "protocol "+f.Protocol+" is not one the linter knows")}
	}
	want := f.Ports
	if !hasPorts(proto) {
		want = AllPorts
	}
	var entries []aclEntry
	for i := range acl.Entries {
		e := &acl.Entries[i]
		n, known := portNumber(e.RuleNumber)
		entries = append(entries, aclEntry{e: e, number: n, known: known})
	}
	// Known numbers in order; unknown ones last (they are treated as
	// possibly first: see mayAllow/mayDeny).
	slices.SortStableFunc(entries, func(a, b aclEntry) int {
		switch {
		case a.known && b.known:
			return cmp.Compare(a.number, b.number)
		case a.known:
			return -1
		case b.known:
			return 1
		}
		return 0
	})
	remaining := []PortRange{want}
	var mayAllow, mayDeny []string // uncertain rules that could apply
	partialAllow := false
	decided := func(t Tri, entry *parsers.ACLEntry, why string) ACLAnswer {
		switch {
		case t == Yes && len(mayDeny) > 0:
			return ACLAnswer{Answer: answer(Maybe, mayDeny...)}
		case t == No && len(mayAllow) > 0:
			return ACLAnswer{Answer: answer(Maybe, mayAllow...)}
		}
		a := ACLAnswer{Answer: answer(t), Entry: entry}
		if t == No {
			a.Why = []string{why}
		}
		return a
	}
	// Rules whose number is not known may come first: they make the
	// answer undecided wherever they could change it.
	for _, ae := range entries {
		if m, ok := q.aclMatch(acl, ae, f, proto, want); ok && !ae.known {
			m.note(&mayAllow, &mayDeny)
		}
	}
	for _, ae := range entries {
		if !ae.known {
			continue
		}
		m, ok := q.aclMatch(acl, ae, f, proto, want)
		if !ok {
			continue
		}
		var hit []PortRange
		for _, r := range m.ports {
			for _, left := range remaining {
				if x, ok := intersect(r, left); ok {
					hit = append(hit, x)
				}
			}
		}
		if len(hit) == 0 {
			continue // the ports it matches were decided by earlier rules
		}
		if len(m.doubts) > 0 {
			m.note(&mayAllow, &mayDeny)
			continue
		}
		switch {
		case m.action == "deny" && m.partial && partialAllow:
			return ACLAnswer{Answer: answer(Maybe, m.name+" denies part of "+f.String()+" that earlier rules may allow")}
		case m.action == "deny":
			return decided(No, ae.e, fmt.Sprintf("%s denies %s", m.name, describeACLHit(f, hit)))
		case m.partial:
			partialAllow = true
		default:
			for _, x := range hit {
				remaining = subtract(remaining, x)
			}
			if len(remaining) == 0 {
				return decided(Yes, nil, "")
			}
		}
	}
	left := ACLFlow{Direction: f.Direction, Protocol: f.Protocol, Peer: f.Peer}
	var parts []string
	for _, r := range remaining {
		left.Ports = r
		parts = append(parts, left.String())
	}
	return decided(No, nil, "no rule of network ACL "+acl.Name+" allows "+strings.Join(parts, ", ")+", so its final * rule denies it")
}

// aclMatched is an ACL rule that may match a flow.
type aclMatched struct {
	name    string
	ports   []PortRange // the flow's ports it matches
	action  string      // "allow", "deny", or "" when not known
	partial bool        // its CIDR holds only some of the peer's addresses
	doubts  []string    // what the inputs do not decide about it
}

// note records an undecided rule as one that may allow or deny.
func (m aclMatched) note(mayAllow, mayDeny *[]string) {
	why := strings.Join(m.doubts, "; ")
	if m.action != "deny" {
		*mayAllow = append(*mayAllow, why)
	}
	if m.action != "allow" {
		*mayDeny = append(*mayDeny, why)
	}
}

// aclMatch says whether rule ae of acl may match flow f (protocol number
// proto, ports want); ok is false when it certainly does not.
func (q *Q) aclMatch(acl *parsers.NetworkACL, ae aclEntry, f ACLFlow, proto string, want PortRange) (aclMatched, bool) {
	e := ae.e
	m := aclMatched{name: aclRuleName(acl, ae)}
	if !ae.known {
		m.doubts = append(m.doubts, "the rule number of "+m.name+" "+DescribeMissing(e.RuleNumber, "number"))
	}
	if e.Condition != "" {
		m.doubts = append(m.doubts, m.name+" exists only under condition "+e.Condition)
	}
	switch egress, known := e.Egress.Bool(); {
	case !known:
		m.doubts = append(m.doubts, "the direction of "+m.name+" "+DescribeMissing(e.Egress, "direction"))
	case egress != (f.Direction == Egress):
		return m, false
	}
	pm, ports, pwhy := ruleMatch(e.Protocol, e.FromPort, e.ToPort, proto, want)
	switch pm {
	case No:
		return m, false
	case Maybe:
		m.doubts = append(m.doubts, m.name+": "+pwhy)
		ports = []PortRange{want}
	}
	m.ports = ports
	cover, cwhy := q.aclCIDR(e, f.Peer)
	switch cover {
	case No:
		return m, false
	case Maybe:
		m.doubts = append(m.doubts, m.name+": "+cwhy)
	}
	m.partial = cover == partialCover
	m.action = strings.ToLower(strings.TrimSpace(e.Allow.Str))
	if e.Allow.Kind != parsers.Known || (m.action != "allow" && m.action != "deny") {
		m.doubts = append(m.doubts, "the action of "+m.name+" "+DescribeMissing(e.Allow, "action"))
		m.action = ""
	}
	return m, true
}

// partialCover is the Tri-like answer of aclCIDR when a rule's CIDR holds
// some but not all of the peer's addresses.
const partialCover Tri = 3

// aclCIDR says whether an entry's CIDR holds every address of peer (Yes),
// none (No), some (partialCover), or is not known (Maybe).
func (q *Q) aclCIDR(e *parsers.ACLEntry, peer netip.Prefix) (Tri, string) {
	v := e.CIDR
	if peer.Addr().Is6() {
		v = e.IPv6CIDR
	}
	if v.IsAbsent() {
		return No, ""
	}
	p, ok := q.Prefix(v)
	if !ok {
		return Maybe, "its CIDR " + v.Describe() + " is not known"
	}
	switch {
	case contains(p, peer):
		return Yes, ""
	case overlaps(p, peer):
		return partialCover, ""
	}
	return No, ""
}

func aclRuleName(acl *parsers.NetworkACL, ae aclEntry) string {
	if ae.e.Name != "" {
		return "rule " + ae.e.Name
	}
	if ae.known {
		return "rule " + strconv.Itoa(ae.number) + " of network ACL " + acl.Name
	}
	return "a rule of network ACL " + acl.Name
}

func describeACLHit(f ACLFlow, hit []PortRange) string {
	g := f
	var parts []string
	for _, r := range hit {
		g.Ports = r
		parts = append(parts, g.String())
	}
	return strings.Join(parts, ", ")
}
