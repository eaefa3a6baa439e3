package rules

import (
	"fmt"
	"strings"
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
