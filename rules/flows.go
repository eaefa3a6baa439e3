package rules

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Admission is the answer to "do an endpoint's security groups admit TCP
// 443 from the environment's instances?" (DOMAIN.md §5).
type Admission struct {
	Allowed tri
	// Groups are the endpoint's effective groups (the VPC default group
	// when the endpoint lists none); Default is true in that case.
	Groups  []*parsers.SecurityGroup
	Default bool
	// Blocked are the instance subnets no rule admits (Allowed is no).
	Blocked []*Subnet
	// Undecided says what the linter could not resolve when Allowed is
	// maybe.
	Undecided []string
	// Sources names the sources the groups' rules admit TCP 443 from
	// (CIDRs, groups, prefix lists), whether or not they cover the
	// instances.
	Sources []string
}

// instanceGroups are the groups attached to an environment's instances
// through aws:autoscaling:launchconfiguration SecurityGroups.
func (e *Env) instanceGroups() []parsers.Value {
	var out []parsers.Value
	for _, el := range e.Settings.Value(nsLaunch, "SecurityGroups").Elems() {
		alts, _ := branches(el)
		for _, alt := range alts {
			out = append(out, alt.Elems()...)
		}
	}
	return out
}

// admits evaluates the endpoint's groups against the instances in subnets.
// Groups and rules combine by union (DOMAIN.md §5.1), per subnet: each
// subnet must be admitted by some rule of some group, not necessarily the
// same one for every subnet.
func (a *analysis) admits(ep *Endpoint, e *Env, subnets []*Subnet) Admission {
	var ad Admission
	groups := ep.Node.SecurityGroups
	if len(groups) == 0 {
		ad.Default = true
		vpc, ok := parsers.LookupAs[*parsers.VPC](a.g, ep.Node.VPC)
		if !ok {
			ad.Allowed = maybe
			ad.Undecided = append(ad.Undecided, "the endpoint has no security groups and its VPC's default security group is not in the linted inputs")
			return ad
		}
		groups = []parsers.Value{vpc.DefaultSecurityGroup}
	}
	inst := e.instanceGroups()
	per := make([]tri, len(subnets)) // each subnet's best verdict so far
	grant := func(t tri, cond, why string, subnet int) {
		if t == yes && cond != "" {
			t, why = maybe, "the rule that allows it exists only under condition "+cond
		}
		if t == maybe {
			ad.Undecided = append(ad.Undecided, why)
		}
		for i := range per {
			if subnet < 0 || subnet == i {
				per[i] = anyOf(per[i], t)
			}
		}
	}
	for _, gv := range groups {
		alts, cond := branches(gv)
		for _, alt := range alts {
			sg, ok := parsers.LookupAs[*parsers.SecurityGroup](a.g, alt)
			if !ok {
				grant(maybe, "", "security group "+describeMissing(alt, "security group"), -1)
				continue
			}
			ad.Groups = append(ad.Groups, sg)
			// A default group admits its members through its self rule,
			// which the parsers model (and adoption may remove).
			for _, r := range sg.Ingress {
				c := r.Condition
				if c == "" {
					c = cond
				}
				if port, _ := allowsTCP443(r); port == yes {
					if src := a.peerName(r.Peer); src != "" && !slices.Contains(ad.Sources, src) {
						ad.Sources = append(ad.Sources, src)
					}
				}
				for i, s := range subnets {
					t, why := a.ruleAdmits(r, inst, s)
					grant(t, c, why, i)
				}
			}
		}
	}
	ad.Allowed = yes
	for i, t := range per {
		switch {
		case t == no:
			ad.Allowed = no
			ad.Blocked = append(ad.Blocked, subnets[i])
		case t == maybe && ad.Allowed == yes:
			ad.Allowed = maybe
		}
	}
	return ad
}

// peerName names a rule's source for messages: a CIDR as written, a
// group or a VPC CIDR attribute by the resource's name.
func (a *analysis) peerName(p parsers.Peer) string {
	for _, v := range []parsers.Value{p.CIDR, p.CIDRv6, p.SecurityGroup, p.PrefixList} {
		switch {
		case v.IsAbsent():
			continue
		case v.Kind == parsers.Ref:
			if n := a.g.Node(v.Target); n != nil {
				if v.Attr != "" && !isIDAttr(v.Attr) {
					return n.Base().Name + "." + v.Attr
				}
				return n.Base().Name
			}
			return displayName(v)
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

// ruleAdmits says whether an ingress rule allows TCP 443 from the
// instances in subnet s (a group they carry, or a CIDR covering s).
func (a *analysis) ruleAdmits(r parsers.SGRule, inst []parsers.Value, s *Subnet) (tri, string) {
	port, why := allowsTCP443(r)
	if port == no {
		return no, ""
	}
	src, srcWhy := a.ruleSource(r, inst, s)
	switch {
	case src == no:
		return no, ""
	case port == maybe:
		return maybe, why
	}
	return src, srcWhy
}

// ruleSource says whether a rule's source covers the instances in s.
func (a *analysis) ruleSource(r parsers.SGRule, inst []parsers.Value, s *Subnet) (tri, string) {
	switch {
	case !r.Peer.SecurityGroup.IsAbsent():
		peer := r.Peer.SecurityGroup
		best := no
		for _, v := range inst {
			var want parsers.Node
			if n, ok := a.g.Lookup(v); ok {
				want = n
			}
			best = anyOf(best, a.sameNode(peer, v, want))
		}
		if best == maybe {
			return maybe, "whether source group " + displayName(peer) + " is attached to the instances"
		}
		return best, ""
	case !r.Peer.CIDR.IsAbsent():
		return a.covers(r.Peer.CIDR, s)
	case !r.Peer.PrefixList.IsAbsent():
		return maybe, "the prefix list " + r.Peer.PrefixList.Describe() + " used as a source cannot be verified"
	}
	return no, ""
}

// allowsTCP443 checks a rule's protocol and port range.
func allowsTCP443(r parsers.SGRule) (tri, string) {
	proto, ok := r.Protocol.Text()
	if r.Protocol.Kind != parsers.Known || !ok {
		return maybe, "the protocol of a rule " + describeMissing(r.Protocol, "protocol")
	}
	switch strings.ToLower(strings.TrimSpace(proto)) {
	case "-1", "all":
		return yes, ""
	case "tcp", "6":
	default:
		return no, ""
	}
	from, okFrom := portNumber(r.FromPort)
	to, okTo := portNumber(r.ToPort)
	if !okFrom || !okTo {
		return maybe, "the port range " + r.FromPort.Describe() + "–" + r.ToPort.Describe() + " of a rule is not known"
	}
	if from == -1 || (from <= 443 && 443 <= to) {
		return yes, ""
	}
	return no, ""
}

func portNumber(v parsers.Value) (int, bool) {
	if v.Kind != parsers.Known {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v.Str))
	return n, err == nil
}

// covers says whether a CIDR source covers subnet s's CIDR.
func (a *analysis) covers(cidr parsers.Value, s *Subnet) (tri, string) {
	peer, peerOK := a.prefix(cidr)
	if peerOK && peer.Bits() == 0 {
		return yes, ""
	}
	if s.Node == nil {
		return maybe, "the CIDR of subnet " + s.Name + " is not known"
	}
	// A rule on the VPC's own CIDR covers its subnets.
	if cidr.Kind == parsers.Ref && strings.EqualFold(cidr.Attr, "CidrBlock") {
		if a.sameNode(s.Node.VPC, parsers.Value{}, a.g.Node(cidr.Target)) == yes {
			if vpc, ok := parsers.LookupAs[*parsers.VPC](a.g, s.Node.VPC); ok && len(vpc.CIDRs) <= 1 {
				return yes, ""
			}
		}
	}
	if !peerOK {
		return maybe, "source CIDR " + cidr.Describe() + " is not known"
	}
	sub, ok := a.prefix(s.Node.CIDR)
	if !ok {
		return maybe, "the CIDR of subnet " + s.Name + " (" + s.Node.CIDR.Describe() + ") is not known"
	}
	if peer.Bits() <= sub.Bits() && peer.Contains(sub.Addr()) {
		return yes, ""
	}
	return no, ""
}

// prefix reads a CIDR value: a literal, or a VPC's CidrBlock attribute.
func (a *analysis) prefix(v parsers.Value) (netip.Prefix, bool) {
	if v.Kind == parsers.Ref && strings.EqualFold(v.Attr, "CidrBlock") {
		if vpc, ok := a.g.Node(v.Target).(*parsers.VPC); ok && len(vpc.CIDRs) > 0 {
			v = vpc.CIDRs[0]
		}
	}
	if v.Kind != parsers.Known {
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(strings.TrimSpace(v.Str))
	if err != nil {
		return netip.Prefix{}, false
	}
	return p.Masked(), true
}
