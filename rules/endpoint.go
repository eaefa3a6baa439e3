package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// Endpoint is a VPC endpoint with its service name, type, private DNS
// and properties classified: the query layer's answer (query.Endpoint).
type Endpoint = query.Endpoint

// tri is the query layer's three-valued answer.
type tri = query.Tri

const (
	no    = query.No
	yes   = query.Yes
	maybe = query.Maybe
)

// EndpointMatch is what an environment's VPC holds for one service: the
// query layer's answer (query.EndpointMatch).
type EndpointMatch = query.EndpointMatch

// describeUndecided lists endpoints that could not be classified or may
// not exist, with why.
func describeUndecided(eps []*Endpoint, e *Env, a *analysis) string {
	var parts []string
	for _, ep := range sortedEndpoints(eps) {
		parts = append(parts, ep.Name()+" ("+undecidedWhy(ep, e, a)+")")
	}
	return strings.Join(parts, ", ")
}

// undecidedWhy says why endpoint ep may or may not serve environment e.
func undecidedWhy(ep *Endpoint, e *Env, a *analysis) string {
	if !ep.Classified {
		return ep.Why
	}
	why := e.Doubt(ep)
	if why == "" {
		why = "its VPC " + query.DescribeMissing(ep.VPC, "VPC")
		if a.q.InVPC(ep, e.Environment) == maybe && e.VPC == nil {
			why = "the environment's VPC " + query.DescribeMissing(e.VPCValue, "VPC")
		}
	}
	return why
}

// decideUndecided says what would decide endpoints describeUndecided
// lists.
func decideUndecided(a *analysis, eps []*Endpoint, e *Env) string {
	var out []string
	for _, ep := range eps {
		switch {
		case ep.Classified && ep.Condition() != "":
			out = append(out, a.text(ep.Node, decideEndpointConditions))
		case ep.Classified && len(e.Regions) > 1 && ep.Region != "":
			out = append(out, a.text(ep.Node, decideEndpointRegion))
		default:
			out = append(out, a.decideText(ep.Node, decideEndpoints, undecidedWhy(ep, e, a)))
		}
	}
	s := strings.Join(query.Uniq(out), "; ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// unverifiedService records that whether environment e's VPC has an
// endpoint for service svc is unknown because endpoints eps may serve it.
// When the cause is that none of eps has a known service name, the
// question does not depend on svc: every rule and service that meets it
// joins one note per environment and set of endpoints, which lists the
// services asked (Unknown.Asked) and names every rule that needs the
// environment's endpoints (FactEndpoints): none could check these. Otherwise (an endpoint of svc whose VPC
// or existence is in doubt, an unknown type) the note is about svc, with
// what and decide as the rule words them.
func (p *Pass) unverifiedService(e *Env, svc string, eps []*Endpoint, u Unknown, extra ...parsers.Node) {
	name := endpointName("<region>", svc)
	u.Loc, u.Resource, u.Property, u.Subject = e.SubnetsLoc(), e.SubnetsResource(), e.SubnetsProperty(), name
	if len(extra) == 0 && len(eps) > 0 && !slices.ContainsFunc(eps, func(ep *Endpoint) bool { return ep.Classified }) {
		names := make([]string, len(eps))
		for i, ep := range eps {
			names[i] = ep.Name()
		}
		why := describeUnnamed(eps)
		u.Subject = "service names of endpoints " + nameList(names)
		u.Asked = name
		u.WhatOf = func(asked []string) string {
			return fmt.Sprintf("whether the VPC of environment %s has the endpoints it needs for %s is unknown: "+
				"the service names of endpoints %s are not known, and any of them may serve one", e.Name(), strings.Join(asked, ", "), why)
		}
		// Which services these endpoints serve is the endpoints fact:
		// every rule that checks the environment's endpoints could not
		// check them, not only those that asked.
		p.a.note(e, u, []string{p.Rule.ID}, []Fact{FactEndpoints}, endpointNodes(eps)...)
		return
	}
	p.Unverified(e, u, append(endpointNodes(eps), extra...)...)
}

// describeUnnamed names endpoints whose service names are unknown, in the
// order of nameList, with why once for each group of them that share it
// ("A, B (each: its service name is unknown: the endpoint's service_name
// … comes from …)", each endpoint's own address in its reason read as "the
// endpoint's"), as when one variable decides all of them.
func describeUnnamed(eps []*Endpoint) string {
	var order []string
	names := map[string][]string{}
	for _, ep := range sortedEndpoints(eps) {
		why := strings.ReplaceAll(ep.Why, ep.Name()+".", "the endpoint's ")
		if _, ok := names[why]; !ok {
			order = append(order, why)
		}
		names[why] = append(names[why], ep.Name())
	}
	var parts []string
	for _, why := range order {
		text := why
		if len(names[why]) > 1 {
			text = "each: " + why
		}
		parts = append(parts, nameList(names[why])+" ("+text+")")
	}
	return strings.Join(parts, "; ")
}

// sortedEndpoints returns eps in natural order of their names (nameList).
func sortedEndpoints(eps []*Endpoint) []*Endpoint {
	out := slices.Clone(eps)
	slices.SortStableFunc(out, func(a, b *Endpoint) int { return parsers.CompareNames(a.Name(), b.Name()) })
	return out
}

func endpointNodes(eps []*Endpoint) []parsers.Node {
	var out []parsers.Node
	for _, ep := range eps {
		out = append(out, ep.Node)
	}
	return out
}
