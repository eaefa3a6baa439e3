package rules

import (
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// Endpoint is a VPC endpoint with its service name, type, private DNS
// and properties classified: the query layer's answer (query.Endpoint).
type Endpoint = query.Endpoint

// maxElsewhere bounds EndpointMatch.Elsewhere: messages name a few
// endpoints of the service in other VPCs, not every one of a large plan.
const maxElsewhere = 3

// tri is the query layer's three-valued answer.
type tri = query.Tri

const (
	no    = query.No
	yes   = query.Yes
	maybe = query.Maybe
)

// inVPC says whether an endpoint is in the environment's VPC.
func (a *analysis) inVPC(ep *Endpoint, e *Env) tri {
	return a.q.SameNode(ep.VPC, e.VPCValue, e.VPCNode())
}

// EndpointMatch is what an environment's VPC holds for one service.
type EndpointMatch struct {
	// Found are the endpoints of the service in the VPC.
	Found []*Endpoint
	// Doubtful are endpoints of the service in the VPC that may not exist
	// or serve the deployment: they exist only under an undecided
	// condition, or name a literal region while the VPC's endpoints name
	// several. Endpoint.Doubt says why.
	Doubtful []*Endpoint
	// Elsewhere are endpoints of the service in another VPC.
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
	// it (see hubServed).
	Hub []*parsers.HostedZone
}

// Candidates returns the endpoints that serve the service whenever they
// exist: Found, then Doubtful. A misconfiguration of any of them is real.
func (m EndpointMatch) Candidates() []*Endpoint {
	return append(append([]*Endpoint(nil), m.Found...), m.Doubtful...)
}

// endpointsFor finds the endpoints of svc for an environment, once per
// environment and service. When the environment's VPC is a graph node,
// only the endpoints placed in it and those whose VPC is not a node are
// examined, so the cost does not grow with the other VPCs of the inputs.
func (a *analysis) endpointsFor(e *Env, svc string) EndpointMatch {
	k := matchKey{e, svc}
	if m, ok := a.endpointsForCache[k]; ok {
		return m
	}
	all := a.q.Endpoints()
	candidates := all
	var m EndpointMatch
	if vpc := e.VPCNode(); vpc != nil {
		candidates = a.q.EndpointsIn(vpc)
		for _, ep := range a.q.EndpointsOf(svc) {
			if len(m.Elsewhere) == maxElsewhere {
				break
			}
			if ep.InOtherVPC(vpc) {
				m.Elsewhere = append(m.Elsewhere, ep)
			}
		}
	}
	for _, ep := range candidates {
		in := a.inVPC(ep, e)
		switch {
		case !ep.Classified:
			// A service name whose text is known but has no region label
			// is of no required service.
			if !ep.NameKnown && in != no {
				m.Undecided = append(m.Undecided, ep)
			}
		case ep.Service != svc:
		case in == no:
			if len(candidates) == len(all) && len(m.Elsewhere) < maxElsewhere {
				m.Elsewhere = append(m.Elsewhere, ep)
			}
		case otherRegion(ep, e):
			m.OtherRegion = append(m.OtherRegion, ep)
		case in == maybe:
			m.Undecided = append(m.Undecided, ep)
		case doubt(ep, e) != "":
			m.Doubtful = append(m.Doubtful, ep)
		default:
			m.Found = append(m.Found, ep)
		}
	}
	m.Hub = a.q.ServiceZones(svc, e.Region, e.VPCValue, e.VPCNode())
	if a.endpointsForCache == nil {
		a.endpointsForCache = map[matchKey]EndpointMatch{}
	}
	a.endpointsForCache[k] = m
	return m
}

// matchKey identifies one endpointsFor question.
type matchKey struct {
	e   *Env
	svc string
}

// otherRegion reports whether an endpoint's service name names a region
// other than the environment's known deployment region. A symbolic region
// (${AWS::Region}) is the deployment region.
func otherRegion(ep *Endpoint, e *Env) bool {
	return e.RegionKnown && ep.Region != "" && !strings.EqualFold(ep.Region, e.Region)
}

// doubt says why an endpoint of the environment's VPC may not exist or
// serve the deployment region, or "".
func doubt(ep *Endpoint, e *Env) string {
	var why []string
	if c := ep.Condition(); c != "" {
		why = append(why, "it exists only under condition "+c)
	}
	if len(e.Regions) > 1 && ep.Region != "" {
		why = append(why, "its service name names region "+ep.RegionText()+", but the VPC's endpoints name several regions ("+strings.Join(e.Regions, ", ")+") and an endpoint serves only its own region")
	}
	return strings.Join(why, "; ")
}

// describeUndecided lists endpoints that could not be classified or may
// not exist, with why.
func describeUndecided(eps []*Endpoint, e *Env, a *analysis) string {
	var parts []string
	for _, ep := range eps {
		why := ep.Why
		if ep.Classified {
			why = doubt(ep, e)
			if why == "" {
				why = "its VPC " + query.DescribeMissing(ep.VPC, "VPC")
				if a.inVPC(ep, e) == maybe && e.VPC == nil {
					why = "the environment's VPC " + query.DescribeMissing(e.VPCValue, "VPC")
				}
			}
		}
		parts = append(parts, ep.Name()+" ("+why+")")
	}
	return strings.Join(parts, ", ")
}

// decideUndecided says what would decide endpoints describeUndecided
// lists.
func decideUndecided(a *analysis, eps []*Endpoint, e *Env) string {
	var out []string
	for _, ep := range eps {
		switch {
		case ep.Classified && ep.Condition() != "":
			out = append(out, "pass the parameter values that decide the endpoints' conditions (--parameter)")
		case ep.Classified && len(e.Regions) > 1 && ep.Region != "":
			out = append(out, a.text(ep.Node, decideEndpointRegion))
		default:
			out = append(out, a.text(ep.Node, decideEndpoints))
		}
	}
	s := strings.Join(uniq(out), "; ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func endpointNodes(eps []*Endpoint) []parsers.Node {
	var out []parsers.Node
	for _, ep := range eps {
		out = append(out, ep.Node)
	}
	return out
}
