package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// FactHubEndpoint is the endpoint that serves a service through a Route 53
// private hosted zone (a hub VPC's endpoint): its security groups, subnets
// and policy are not in the inputs.
const FactHubEndpoint Fact = "hub endpoints"

// hubServed reports whether a service of the environment is served through
// a private hosted zone for its DNS name associated with the environment's
// VPC (issue 7 item 5), or is one the configuration declares provided
// centrally (central-endpoints): the instances reach an endpoint elsewhere.
// EB301 and EB203 do not apply to such a service.
func hubServed(m EndpointMatch) bool { return len(m.Hub) > 0 || m.Central }

// centralUnreachable reports EB301 for a service the configuration
// declares provided centrally (central-endpoints) when instance subnets in
// scope cannot reach another VPC at all: isolated subnets whose route
// tables, in every alternative, hold only the local route and gateway
// endpoints' prefix-list routes. In-VPC traffic uses the local route
// (DOMAIN.md §1.1), so nothing the instances send leaves the VPC, and an
// endpoint in a hub VPC is out of their reach whatever the hub provides.
func (p *Pass) centralUnreachable(e *Env, req Requirement, scope []*Subnet) {
	var cut []*Subnet
	for _, s := range scope {
		if s.Posture == Isolated && len(s.Tables) > 0 && !slices.ContainsFunc(s.Tables, mayLeaveVPC) {
			cut = append(cut, s)
		}
	}
	if len(cut) == 0 {
		return
	}
	var related []Related
	for _, s := range cut {
		for _, t := range s.Tables {
			if r := (Related{Loc: t.Loc, Message: "route table " + t.Name + " of subnet " + s.Name}); !t.Loc.IsZero() && !slices.Contains(related, r) {
				related = append(related, r)
			}
		}
	}
	name := endpointName(e.Region, req.Service)
	p.Report(Finding{
		Severity: min(req.Severity, p.Rule.Severity),
		Message: fmt.Sprintf("Environment %s needs %s (%s), which the configuration file declares provided centrally (central-endpoints: an endpoint in a hub VPC), "+
			"but the route tables of its instance subnets %s hold only the local route and gateway endpoint routes: nothing the instances send leaves the VPC, "+
			"so they cannot reach an endpoint in another VPC; %s. Route the hub VPC's CIDR to the transit gateway or peering connection that reaches it, "+
			"or add an Interface endpoint for %s with private DNS enabled in the instance subnets.",
			e.Name(), name, req.Why, describeSubnets(cut), serviceImpact(req.Service), name),
		Loc:         e.SubnetsLoc(),
		Environment: e.Name(),
		Resource:    e.Name(),
		Property:    e.SubnetsProperty(),
		Subject:     endpointName("<region>", req.Service),
		Related:     related,
	}, p.a.interfaceEndpointFix(e, req.Service, cut), e.Node)
}

// mayLeaveVPC reports whether a route table may send traffic out of its
// VPC: a route other than the local route and a gateway endpoint's
// prefix-list route, one that exists only under a condition, or VGW route
// propagation.
func mayLeaveVPC(t *parsers.RouteTable) bool {
	if len(t.PropagatingVGWs) > 0 {
		return true
	}
	for _, r := range t.Routes {
		switch {
		case r.Condition != "":
			return true
		case r.TargetKind == parsers.TargetLocal:
		case r.TargetKind == parsers.TargetVPCEndpoint && r.DestinationPL.Kind != parsers.Absent:
		default:
			return true
		}
	}
	return false
}

// hubNotes records, for each required service a hosted zone serves, that
// the rules needing its endpoint's security groups, subnets and policy
// could not check them. A service the configuration declares central gets
// no note: the user has said where its endpoint is.
func (a *analysis) hubNotes(e *Env) {
	for _, req := range e.required {
		m := a.q.EndpointsFor(e.Environment, req.Service)
		if len(m.Hub) == 0 || m.Central {
			continue
		}
		var zones []string
		for _, hz := range m.Hub {
			zones = append(zones, hz.Name)
		}
		e.notes = append(e.notes, envNote{fact: FactHubEndpoint, Unknown: Unknown{
			Loc: e.SubnetsLoc(), Resource: e.SubnetsResource(), Property: e.SubnetsProperty(),
			Subject: "hub endpoint " + endpointName("<region>", req.Service),
			What: fmt.Sprintf("environment %s reaches %s through private hosted zone %s, which sends its name to an endpoint outside the linted inputs (a hub VPC's) whose security groups, subnets and policy are unknown",
				e.Name(), endpointName(e.Region, req.Service), strings.Join(zones, ", ")),
			Decide: a.text(e.Node, decideHubEndpoints),
		}})
	}
}
