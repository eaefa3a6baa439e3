package rules

import (
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// Endpoint is a VPC endpoint with its service name and type classified.
type Endpoint struct {
	Node *parsers.VPCEndpoint
	// Service is the parsed service name; valid when Classified.
	ServiceName
	Classified bool
	// NameKnown is true when the service name's text is known, even if it
	// has no <prefix>.<region>.<service> form: such an endpoint is of no
	// required service.
	NameKnown bool
	// Why says why the service name could not be classified.
	Why string
	// Type is "Interface", "Gateway", "GatewayLoadBalancer" or "" when
	// unknown; TypeDefault is true when the type was not set.
	Type        string
	TypeDefault bool

	order  int    // position in the graph, for deterministic lists
	vpcKey string // graph key of the endpoint's VPC; "" when not a node
}

// Name returns the endpoint's name in the inputs.
func (ep *Endpoint) Name() string { return ep.Node.Name }

// regionText names the region the endpoint's service name spells, for
// messages: Redacted when the service name is a secret.
func (ep *Endpoint) regionText() string { return ep.Node.ServiceName.Redact(ep.Region) }

// IsInterface reports whether the endpoint is an Interface endpoint.
func (ep *Endpoint) IsInterface() bool { return strings.EqualFold(ep.Type, parsers.EndpointInterface) }

// IsGateway reports whether the endpoint is a Gateway endpoint.
func (ep *Endpoint) IsGateway() bool { return strings.EqualFold(ep.Type, parsers.EndpointGateway) }

func classifyEndpoint(n *parsers.VPCEndpoint) *Endpoint {
	ep := &Endpoint{Node: n}
	if s, ok := n.ServiceName.Text(); ok {
		ep.NameKnown = true
		if sn, ok := ParseServiceName(strings.TrimSpace(s)); ok {
			ep.ServiceName, ep.Classified = sn, true
		} else {
			ep.Why = "service name " + n.ServiceName.Redact(s) + " has no <prefix>.<region>.<service> form"
		}
	} else {
		ep.Why = "its service name " + query.DescribeMissing(n.ServiceName, "service")
	}
	switch {
	case n.Type.IsAbsent():
		ep.Type, ep.TypeDefault = parsers.EndpointGateway, true
	case n.Type.Kind == parsers.Known:
		ep.Type, ep.TypeDefault = strings.TrimSpace(n.Type.Str), n.Type.Default
	}
	return ep
}

// allEndpoints classifies every endpoint of the graph once per run.
func (a *analysis) allEndpoints() []*Endpoint {
	if a.endpoints == nil {
		a.endpoints = make([]*Endpoint, 0, len(a.g.Endpoints))
		a.endpointsByVPC = map[string][]*Endpoint{}
		a.endpointsBySvc = map[string][]*Endpoint{}
		for i, n := range a.g.Endpoints {
			ep := classifyEndpoint(n)
			ep.order = i
			if vpc, ok := a.g.Lookup(n.VPC); ok {
				ep.vpcKey = vpc.Base().Key
			}
			a.endpoints = append(a.endpoints, ep)
			if ep.vpcKey == "" {
				a.unplacedEndpoints = append(a.unplacedEndpoints, ep)
			} else {
				a.endpointsByVPC[ep.vpcKey] = append(a.endpointsByVPC[ep.vpcKey], ep)
			}
			if ep.Classified {
				a.endpointsBySvc[ep.Service] = append(a.endpointsBySvc[ep.Service], ep)
			}
		}
	}
	return a.endpoints
}

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
	return a.q.SameNode(ep.Node.VPC, e.VPCValue, vpcNode(e))
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
	if m, ok := a.matches[k]; ok {
		return m
	}
	all := a.allEndpoints()
	candidates := all
	var m EndpointMatch
	if vpc := vpcNode(e); vpc != nil {
		candidates = append(slices.Clone(a.endpointsByVPC[vpc.Base().Key]), a.unplacedEndpoints...)
		slices.SortFunc(candidates, func(x, y *Endpoint) int { return x.order - y.order })
		for _, ep := range a.endpointsBySvc[svc] {
			if len(m.Elsewhere) == maxElsewhere {
				break
			}
			if ep.vpcKey != "" && ep.vpcKey != vpc.Base().Key {
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
	m.Hub = a.q.ServiceZones(svc, e.Region, e.VPCValue, vpcNode(e))
	if a.matches == nil {
		a.matches = map[matchKey]EndpointMatch{}
	}
	a.matches[k] = m
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
	if c := ep.Node.Condition; c != "" {
		why = append(why, "it exists only under condition "+c)
	}
	if len(e.regions) > 1 && ep.Region != "" {
		why = append(why, "its service name names region "+ep.regionText()+", but the VPC's endpoints name several regions ("+strings.Join(e.regions, ", ")+") and an endpoint serves only its own region")
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
				why = "its VPC " + query.DescribeMissing(ep.Node.VPC, "VPC")
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
		case ep.Classified && ep.Node.Condition != "":
			out = append(out, "pass the parameter values that decide the endpoints' conditions (--parameter)")
		case ep.Classified && len(e.regions) > 1 && ep.Region != "":
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

// valueLoc is where findings about a list property point: from its first
// element to its last, or fallback when the list is empty.
func valueLoc(vs []parsers.Value, fallback parsers.Location) parsers.Location {
	var first, last parsers.Location
	for _, v := range vs {
		if v.Loc.IsZero() {
			continue
		}
		if first.IsZero() {
			first = v.Loc
		}
		if v.Loc.File == first.File {
			last = v.Loc
		}
	}
	if first.IsZero() {
		return fallback
	}
	if last.EndLine > 0 && (last.EndLine > first.StartLine || last.EndCol > first.StartCol) {
		first.EndLine, first.EndCol = last.EndLine, last.EndCol
	}
	return first
}
