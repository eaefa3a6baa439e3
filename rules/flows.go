package rules

import (
	"net/netip"
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
	// Undecided says what the linter could not resolve when Allowed is
	// maybe.
	Undecided []string
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
func (a *analysis) admits(ep *Endpoint, e *Env, subnets []*Subnet) Admission {
	var ad Admission
	groups := ep.Node.SecurityGroups
	if len(groups) == 0 {
		ad.Default = true
		vpc, ok := a.lookupVPC(ep.Node.VPC)
		if !ok {
			ad.Allowed = maybe
			ad.Undecided = append(ad.Undecided, "the endpoint has no security groups and its VPC's default security group is not in the linted inputs")
			return ad
		}
		groups = []parsers.Value{vpc.DefaultSecurityGroup}
	}
	inst := e.instanceGroups()
	conditional := false
	for _, gv := range groups {
		alts, cond := branches(gv)
		for _, alt := range alts {
			sg, ok := a.lookupSG(alt)
			if !ok {
				ad.Undecided = append(ad.Undecided, "security group "+describeMissing(alt, "security group"))
				continue
			}
			ad.Groups = append(ad.Groups, sg)
			if sg.IsDefault {
				// The default group admits its own members.
				switch a.memberOf(sg, inst) {
				case yes:
					if cond == "" {
						ad.Allowed = yes
						return ad
					}
					conditional = true
				case maybe:
					ad.Undecided = append(ad.Undecided, "whether the instances carry "+sg.Name+" (their aws:autoscaling:launchconfiguration SecurityGroups are not all known)")
				}
			}
			for _, r := range sg.Ingress {
				got, why := a.ruleAdmits(r, inst, subnets)
				switch {
				case got == yes && r.Condition == "" && cond == "":
					ad.Allowed = yes
					return ad
				case got == yes:
					conditional = true
					c := r.Condition
					if c == "" {
						c = cond
					}
					ad.Undecided = append(ad.Undecided, "the rule that allows it exists only under condition "+c)
				case got == maybe:
					ad.Undecided = append(ad.Undecided, why)
				}
			}
		}
	}
	if conditional || len(ad.Undecided) > 0 {
		ad.Allowed = maybe
	}
	return ad
}

// memberOf says whether one of the instance groups is sg.
func (a *analysis) memberOf(sg *parsers.SecurityGroup, inst []parsers.Value) tri {
	best := no
	for _, v := range inst {
		switch a.sameNode(v, parsers.Value{}, sg) {
		case yes:
			return yes
		case maybe:
			best = maybe
		}
	}
	return best
}

// ruleAdmits says whether an ingress rule allows TCP 443 from the
// instances (a group they carry, or a CIDR covering every subnet).
func (a *analysis) ruleAdmits(r parsers.SGRule, inst []parsers.Value, subnets []*Subnet) (tri, string) {
	port, why := allowsTCP443(r)
	if port != yes {
		return port, why
	}
	switch {
	case !r.Peer.SecurityGroup.IsAbsent():
		peer := r.Peer.SecurityGroup
		best := no
		for _, v := range inst {
			var want parsers.Node
			if n, ok := a.g.Lookup(v); ok {
				want = n
			}
			switch a.sameNode(peer, v, want) {
			case yes:
				return yes, ""
			case maybe:
				best = maybe
			}
		}
		if best == maybe {
			return maybe, "whether source group " + displayName(peer) + " is attached to the instances"
		}
		return no, ""
	case !r.Peer.CIDR.IsAbsent():
		return a.coversAll(r.Peer.CIDR, subnets)
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

// coversAll says whether a CIDR source covers every subnet's CIDR.
func (a *analysis) coversAll(cidr parsers.Value, subnets []*Subnet) (tri, string) {
	result := yes
	var why []string
	for _, s := range subnets {
		switch c, w := a.covers(cidr, s); c {
		case no:
			return no, ""
		case maybe:
			result = maybe
			why = append(why, w)
		}
	}
	return result, strings.Join(why, "; ")
}

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
			if vpc, ok := a.lookupVPC(s.Node.VPC); ok && len(vpc.CIDRs) <= 1 {
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
