package rules

import (
	"slices"
	"sort"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// This file holds what the topology rules (EB101, EB102, EB105) and
// EB304 ask about the subnets an option setting lists and the
// Availability Zones they span.

// subnetList is the subnets an aws:ec2:vpc option (Subnets, ELBSubnets)
// lists.
type subnetList struct {
	// Setting is the option setting; Set is false when it is absent.
	Setting parsers.OptionSetting
	Set     bool
	// Definite are the elements listed whatever the conditions; Optional
	// those chosen by a condition the inputs do not decide (Fn::If), with
	// the conditions in Conds.
	Definite []*Subnet
	Optional []*Subnet
	Conds    []string
}

// All returns every subnet the setting may list.
func (l subnetList) All() []*Subnet {
	return append(append([]*Subnet(nil), l.Definite...), l.Optional...)
}

// subnetListKey is an environment's subnet list option (settingSubnets).
type subnetListKey struct {
	e    *Env
	name string
}

// settingSubnets reads the subnets option name of namespace aws:ec2:vpc
// lists for e, with each subnet's posture, in the order of
// query.SortSubnets, once per run: the lists are shared by every caller,
// which only reads them (they are clipped, so that appending copies).
func (a *analysis) settingSubnets(e *Env, name string) subnetList {
	k := subnetListKey{e, name}
	if l, ok := a.subnetLists[k]; ok {
		return l
	}
	l := a.readSubnetList(e, name)
	l.Definite, l.Optional, l.Conds = slices.Clip(l.Definite), slices.Clip(l.Optional), slices.Clip(l.Conds)
	if a.subnetLists == nil {
		a.subnetLists = map[subnetListKey]subnetList{}
	}
	a.subnetLists[k] = l
	return l
}

// readSubnetList reads the list settingSubnets returns.
func (a *analysis) readSubnetList(e *Env, name string) subnetList {
	var l subnetList
	l.Setting, l.Set = e.Settings.Get(query.NSVPC, name)
	if !l.Set {
		return l
	}
	els := l.Setting.Value.Elems()
	seen := query.NewIdentitySet(len(els))
	add := func(v parsers.Value, optional bool) {
		if !seen.Add(query.ValueIdentity(v)) {
			return
		}
		s := a.q.SubnetElem(v, name)
		if optional {
			l.Optional = append(l.Optional, s)
		} else {
			l.Definite = append(l.Definite, s)
		}
	}
	for i := range els {
		alts, cond := query.BranchesAt(els, i)
		if cond != "" {
			l.Conds = append(l.Conds, cond)
		}
		for j := range alts {
			for _, sub := range parsers.ElemsAt(alts, j) {
				add(sub, cond != "")
			}
		}
	}
	query.SortSubnets(l.Definite)
	query.SortSubnets(l.Optional)
	return l
}

// zoneSpan is what the inputs say about the Availability Zones the
// subnets of a list span.
type zoneSpan struct {
	// Count is the number of definite elements.
	Count int
	// Min and Max bound the number of distinct zones; Max is -1 when an
	// element may stand for any number of subnets (a parameter, an
	// import) or the list depends on a condition.
	Min, Max int
	// Shared are the groups of two or more subnets known to share a zone.
	Shared [][]*Subnet
	// Distinct is true when every element is known to be in a zone of its
	// own.
	Distinct bool
	// Why says what leaves the zones undecided among the subnets of the
	// inputs (zones not set or not comparable, conditions); Missing are
	// the elements that are not subnets of the inputs, whose zones are
	// unknown too.
	Why     []string
	Missing []*Subnet
}

// single reports whether the subnets are known to span one zone.
func (z zoneSpan) single() bool { return z.Max == 1 }

// zones works out the zones the definite subnets of l span.
func (a *analysis) zones(l subnetList) zoneSpan {
	z := zoneSpan{Count: len(l.Definite)}
	var nodes []*parsers.Subnet
	var subs []*Subnet
	extra, unbounded := 0, false
	for _, s := range l.Definite {
		switch {
		case s.Node != nil:
			nodes = append(nodes, s.Node)
			subs = append(subs, s)
		case s.Value.Kind == parsers.Known || s.Value.Kind == parsers.Ref:
			// One subnet the inputs do not define: its zone is unknown.
			extra++
			z.Missing = append(z.Missing, s)
		default:
			// A parameter or import may name any number of subnets.
			unbounded = true
			z.Missing = append(z.Missing, s)
		}
	}
	if len(l.Optional) > 0 {
		unbounded = true
		z.Why = append(z.Why, "which subnets "+l.Setting.Name+" lists depends on "+query.CondList(l.Conds))
	}
	minZ, maxZ, why := a.q.ZoneCount(nodes)
	z.Why = append(why, z.Why...)
	z.Min, z.Max = minZ, maxZ+extra
	if z.Min == 0 && z.Count > 0 {
		z.Min = 1
	}
	if unbounded {
		z.Max = -1
	}
	z.Distinct = !unbounded && extra == 0 && minZ == len(nodes)
	// Groups of subnets known to share a zone, in list order.
	group := make([]int, len(subs))
	for i := range subs {
		group[i] = i
		for j := 0; j < i; j++ {
			if group[j] == j && a.q.SameZone(subs[j].Node, subs[i].Node).Tri == yes {
				group[i] = j
				break
			}
		}
	}
	for i := range subs {
		if group[i] != i {
			continue
		}
		g := []*Subnet{subs[i]}
		for j := i + 1; j < len(subs); j++ {
			if group[j] == i {
				g = append(g, subs[j])
			}
		}
		if len(g) > 1 {
			z.Shared = append(z.Shared, g)
		}
	}
	z.Why = query.Uniq(z.Why)
	return z
}

// zoneOf renders a subnet's zone for messages: "us-east-1a", "zone ID
// use1-az1", "Fn::GetAZs index 0", or "" when nothing identifies it.
func (a *analysis) zoneOf(s *Subnet) string {
	if s.Node == nil {
		return ""
	}
	if z := a.q.Zone(s.Node); z.Known() {
		return z.String()
	}
	return ""
}

// withZones names subnets with their zones: "PrivateA (us-east-1a),
// PrivateB (us-east-1b)".
func (a *analysis) withZones(subnets []*Subnet) string {
	var parts []string
	for _, s := range subnets {
		if z := a.zoneOf(s); z != "" {
			parts = append(parts, s.Name+" ("+z+")")
		} else {
			parts = append(parts, s.Name)
		}
	}
	return strings.Join(parts, ", ")
}

// otherZoneSubnets returns the subnets of the inputs in e's VPC (else the
// VPC of subnets) with one of postures (any, when none is given) that are
// known to lie in a zone none of subnets is in, by name: candidates for a
// fix that adds a zone.
func (a *analysis) otherZoneSubnets(e *Env, subnets []*Subnet, postures ...Posture) []*Subnet {
	vpc := e.VPCNode()
	for _, s := range subnets {
		if vpc != nil {
			break
		}
		if s.VPC != nil {
			vpc = s.VPC
		}
	}
	if vpc == nil {
		return nil
	}
	var out []*Subnet
	for _, n := range a.g.Subnets {
		if n.Condition != "" || a.q.SameNode(n.VPC, parsers.Value{}, vpc) != yes {
			continue
		}
		apart := true
		for _, s := range subnets {
			apart = apart && s.Node != nil && a.q.SameZone(s.Node, n).Tri == no
		}
		if !apart {
			continue
		}
		c := a.q.SubnetOf(n)
		ok := len(postures) == 0
		for _, p := range postures {
			ok = ok || c.Posture == p
		}
		if ok {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
