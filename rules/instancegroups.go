package rules

import (
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// This file holds what the rules about the security groups on the instances
// and the load balancer when Elastic Beanstalk's own groups are replaced
// (EB402–EB405, DOMAIN.md §5.3) share; each rule has its own file.

// setting is where findings about an option setting point: its value's
// line (the entry's when the value came from another file), the resource
// that declares it and its property. ok is false when it is not set.
type setting struct {
	Loc      parsers.Location
	Resource string
	Property string
	ok       bool
}

func (a *analysis) settingAt(e *Env, ns, name string) setting {
	o, ok := e.Settings.Get(ns, name)
	if !ok {
		return setting{Loc: e.Node.Loc, Resource: e.Name(), Property: ns + "/" + name}
	}
	s := setting{Loc: o.Loc, Resource: a.ownerName(o), Property: o.Value.Prop, ok: true}
	if v := o.Value.Loc; !v.IsZero() && v.File == o.Loc.File {
		s.Loc = v
	}
	if s.Loc.IsZero() {
		s.Loc = e.Node.Loc
	}
	if s.Resource == "" {
		s.Resource = e.Name()
	}
	if s.Property == "" {
		s.Property = ns + "/" + name
	}
	return s
}

// given drops empty elements of a group list setting ("" or spaces).
func given(vs []parsers.Value) []parsers.Value {
	var out []parsers.Value
	for _, v := range vs {
		if t, ok := v.Text(); ok && strings.TrimSpace(t) == "" {
			continue
		}
		out = append(out, v)
	}
	return out
}

// replacedInstanceGroup returns the environment's instance groups when
// DisableDefaultEC2SecurityGroup removes Elastic Beanstalk's own and the
// settings give others: what EB402 and EB403 check (EB405 reports an
// empty list).
func replacedInstanceGroup(q *query.Q, e *Env) (query.Groups, bool) {
	inst := q.InstanceGroups(e.Node)
	return inst, inst.ImplicitAttached.Tri == query.No && len(given(inst.Configured)) > 0
}

// groupNames names the groups evaluated, the synthetic ones left out.
func groupNames(sgs []*parsers.SecurityGroup) string {
	var names []string
	for _, sg := range sgs {
		if !sg.Synthetic {
			names = append(names, sg.Name)
		}
	}
	return nameList(names)
}

// firstGroup returns the first group of vs that is in the inputs.
func firstGroup(q *query.Q, vs []parsers.Value) *parsers.SecurityGroup {
	for _, v := range vs {
		if n, ok := q.Lookup(v); ok {
			if sg, ok := n.(*parsers.SecurityGroup); ok && !sg.Synthetic {
				return sg
			}
		}
	}
	return nil
}

// relatedGroups points at the groups evaluated.
func relatedGroups(sgs []*parsers.SecurityGroup) []Related {
	var out []Related
	for _, sg := range sgs {
		if sg.Synthetic {
			continue
		}
		at := sg.Loc
		if !sg.ModuleSource.IsZero() {
			at = sg.ModuleSource // the block, inside the installed module
		}
		out = append(out, Related{Loc: at, Message: "security group " + sg.Name})
	}
	return out
}

// groupsInput is the module input in the calling configuration that the
// inbound (egress false) or outbound rules of every group of sgs are made
// from (parsers.SecurityGroup.IngressInput, EgressInput): the place to add
// the missing rule. Zero when there are no groups or their rules come from
// different places.
func groupsInput(sgs []*parsers.SecurityGroup, egress bool) parsers.Location {
	var at parsers.Location
	for i, sg := range sgs {
		in := sg.IngressInput
		if egress {
			in = sg.EgressInput
		}
		if in.IsZero() || i > 0 && in != at {
			return parsers.Location{}
		}
		at = in
	}
	return at
}

// atGroupsInput moves a finding about the rules of sgs from loc (a
// setting naming the groups) to the module input their rules are made
// from, when there is one, relating loc as what; else loc and none.
func atGroupsInput(loc parsers.Location, sgs []*parsers.SecurityGroup, egress bool, what string) (parsers.Location, []Related) {
	input := groupsInput(sgs, egress)
	if input.IsZero() {
		return loc, nil
	}
	return input, []Related{{Loc: loc, Message: what}}
}

// verdict folds answers: No when any is, else Maybe when any is.
type verdict struct {
	tri     tri
	blocked []string // what is denied
	why     []string // what is undecided
}

func (v *verdict) add(a query.FlowAnswer, what string) {
	switch a.Tri {
	case no:
		v.tri = no
		v.blocked = append(v.blocked, what)
	case maybe:
		if v.tri == yes {
			v.tri = maybe
		}
		v.why = append(v.why, a.Why...)
	}
}

// subnetsOf returns the subnets of a subnet list setting that are in the
// inputs, in the order of query.SortSubnets, and whether some element is
// not.
func (a *analysis) subnetsOf(v parsers.Value) (nodes []*parsers.Subnet, unknown bool) {
	for el := range query.EachSubnetElem(v) {
		if n, ok := parsers.LookupAs[*parsers.Subnet](a.g, el); ok {
			nodes = append(nodes, n)
		} else {
			unknown = true
		}
	}
	slices.SortStableFunc(nodes, func(a, b *parsers.Subnet) int { return parsers.CompareNames(a.Name, b.Name) })
	return nodes, unknown
}
