package query

import (
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// maxElsewhere bounds EndpointMatch.Elsewhere: messages name a few
// endpoints of the service in other VPCs, not every one of a large plan.
const maxElsewhere = 3

// EndpointMatch is what an environment's VPC holds for one service.
type EndpointMatch struct {
	// Found are the endpoints of the service in the VPC.
	Found []*Endpoint
	// Doubtful are endpoints of the service in the VPC that may not exist
	// or serve the deployment: they exist only under an undecided
	// condition, or name a literal region while the VPC's endpoints name
	// several. Environment.Doubt says why.
	Doubtful []*Endpoint
	// Elsewhere are endpoints of the service in another VPC (a few).
	Elsewhere []*Endpoint
	// Undecided are endpoints that may be of the service in the VPC: the
	// service name or the VPC is not known.
	Undecided []*Endpoint
	// OtherRegion are endpoints of the service whose service name names
	// a region other than the one the environment's input deploys in:
	// endpoints don't serve cross-Region requests (DOMAIN.md §2.1).
	OtherRegion []*Endpoint
	// Hub are the Route 53 private hosted zones named for the service and
	// associated with the environment's VPC: an endpoint elsewhere serves
	// it.
	Hub []*parsers.HostedZone
	// Central is set when the configuration declares the service's
	// endpoint provided centrally (a hub VPC reached through a transit
	// gateway or peering; WithCentral): the instances reach it, and its
	// security groups, subnets and policy are outside the inputs.
	Central bool
}

// Candidates returns the endpoints that serve the service whenever they
// exist: Found, then Doubtful. A misconfiguration of any of them is real.
func (m EndpointMatch) Candidates() []*Endpoint {
	return append(append([]*Endpoint(nil), m.Found...), m.Doubtful...)
}

// matchKey identifies one EndpointsFor question.
type matchKey struct {
	e   *Environment
	svc string
}

// EndpointsFor finds the endpoints of service svc ("sqs", "ecr.dkr") for
// environment e, once per environment and service. When the environment's
// VPC is a graph node, only the endpoints placed in it and those whose VPC
// is not a node are examined, so the cost does not grow with the other
// VPCs of the inputs.
func (q *Q) EndpointsFor(e *Environment, svc string) EndpointMatch {
	k := matchKey{e, svc}
	if m, ok := q.matches[k]; ok {
		return m
	}
	all := q.Endpoints()
	candidates := all
	var m EndpointMatch
	if vpc := e.VPCNode(); vpc != nil {
		candidates = q.EndpointsIn(vpc)
		for _, ep := range q.EndpointsOf(svc) {
			if len(m.Elsewhere) == maxElsewhere {
				break
			}
			if ep.InOtherVPC(vpc) {
				m.Elsewhere = append(m.Elsewhere, ep)
			}
		}
	}
	for _, ep := range candidates {
		in := q.InVPC(ep, e)
		switch {
		case !ep.Classified:
			// A service name whose text is known but has no region label
			// is of no required service.
			if !ep.NameKnown && in != No {
				m.Undecided = append(m.Undecided, ep)
			}
		case ep.Service != svc:
		case in == No:
			if len(candidates) == len(all) && len(m.Elsewhere) < maxElsewhere {
				m.Elsewhere = append(m.Elsewhere, ep)
			}
		case e.OtherRegion(ep):
			m.OtherRegion = append(m.OtherRegion, ep)
		case in == Maybe:
			m.Undecided = append(m.Undecided, ep)
		case e.Doubt(ep) != "":
			m.Doubtful = append(m.Doubtful, ep)
		default:
			m.Found = append(m.Found, ep)
		}
	}
	m.Hub = q.ServiceZones(svc, e.Region, e.VPCValue, e.VPCNode())
	m.Central = q.central[svc]
	if q.matches == nil {
		q.matches = map[matchKey]EndpointMatch{}
	}
	q.matches[k] = m
	return m
}

// OtherRegion reports whether an endpoint's service name names a region
// other than the environment's known deployment region. A symbolic region
// (${AWS::Region}) is the deployment region.
func (e *Environment) OtherRegion(ep *Endpoint) bool {
	return e.RegionKnown && ep.Region != "" && !strings.EqualFold(ep.Region, e.Region)
}

// Doubt says why an endpoint of the environment's VPC may not exist or
// serve the deployment region, or "".
func (e *Environment) Doubt(ep *Endpoint) string {
	var why []string
	if c := ep.Condition(); c != "" {
		why = append(why, "it exists only under condition "+c)
	}
	if len(e.Regions) > 1 && ep.Region != "" {
		why = append(why, "its service name names region "+ep.RegionText()+", but the VPC's endpoints name several regions ("+strings.Join(e.Regions, ", ")+") and an endpoint serves only its own region")
	}
	return strings.Join(why, "; ")
}
