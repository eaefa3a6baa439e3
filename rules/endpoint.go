package rules

import (
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Endpoint is a VPC endpoint with its service name and type classified.
type Endpoint struct {
	Node *parsers.VPCEndpoint
	// Service is the parsed service name; valid when Classified.
	ServiceName
	Classified bool
	// Why says why the service name could not be classified.
	Why string
	// Type is "Interface", "Gateway", "GatewayLoadBalancer" or "" when
	// unknown; TypeDefault is true when the type was not set.
	Type        string
	TypeDefault bool
}

// Name returns the endpoint's name in the inputs.
func (ep *Endpoint) Name() string { return ep.Node.Name }

// IsInterface reports whether the endpoint is an Interface endpoint.
func (ep *Endpoint) IsInterface() bool { return strings.EqualFold(ep.Type, parsers.EndpointInterface) }

// IsGateway reports whether the endpoint is a Gateway endpoint.
func (ep *Endpoint) IsGateway() bool { return strings.EqualFold(ep.Type, parsers.EndpointGateway) }

func classifyEndpoint(n *parsers.VPCEndpoint) *Endpoint {
	ep := &Endpoint{Node: n}
	if s, ok := n.ServiceName.Text(); ok {
		if sn, ok := ParseServiceName(strings.TrimSpace(s)); ok {
			ep.ServiceName, ep.Classified = sn, true
		} else {
			ep.Why = "service name " + s + " has no <prefix>.<region>.<service> form"
		}
	} else {
		ep.Why = "its service name " + describeMissing(n.ServiceName, "service")
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
		for _, n := range a.g.Endpoints {
			a.endpoints = append(a.endpoints, classifyEndpoint(n))
		}
	}
	return a.endpoints
}

// tri is a three-valued answer.
type tri int

const (
	no tri = iota
	yes
	maybe
)

func (t tri) yes() bool { return t == yes }

// inVPC says whether an endpoint is in the environment's VPC.
func (a *analysis) inVPC(ep *Endpoint, e *Env) tri {
	return a.sameNode(ep.Node.VPC, e.VPCValue, e.VPC)
}

// sameNode says whether value v designates the node want (or the value
// wantV, when want is not in the graph).
func (a *analysis) sameNode(v, wantV parsers.Value, want parsers.Node) tri {
	n, found := a.g.Lookup(v)
	switch {
	case found && want != nil:
		if n.Base().Key == want.Base().Key {
			return yes
		}
		return no
	case !found && want != nil && v.Kind == parsers.Known:
		return no // a literal ID outside the inputs is not a node of them
	case v.Kind == parsers.Known && wantV.Kind == parsers.Known:
		if strings.TrimSpace(v.Str) == strings.TrimSpace(wantV.Str) {
			return yes
		}
		return no
	case v.Kind == parsers.Ref && wantV.Kind == parsers.Ref && v.Target == wantV.Target && v.Attr == wantV.Attr:
		return yes
	}
	return maybe
}

// EndpointMatch is what an environment's VPC holds for one service.
type EndpointMatch struct {
	// Found are the endpoints of the service in the VPC.
	Found []*Endpoint
	// Elsewhere are endpoints of the service in another VPC.
	Elsewhere []*Endpoint
	// Undecided are endpoints that may be of the service in the VPC: the
	// service name or the VPC is not known.
	Undecided []*Endpoint
}

// endpointsFor finds the endpoints of svc for an environment.
func (a *analysis) endpointsFor(e *Env, svc string) EndpointMatch {
	var m EndpointMatch
	for _, ep := range a.allEndpoints() {
		in := a.inVPC(ep, e)
		switch {
		case !ep.Classified && in != no:
			m.Undecided = append(m.Undecided, ep)
		case !ep.Classified || ep.Service != svc:
		case in == yes:
			m.Found = append(m.Found, ep)
		case in == no:
			m.Elsewhere = append(m.Elsewhere, ep)
		default:
			m.Undecided = append(m.Undecided, ep)
		}
	}
	return m
}

// describeUndecided lists endpoints that could not be classified.
func describeUndecided(eps []*Endpoint, e *Env, a *analysis) string {
	var parts []string
	for _, ep := range eps {
		why := ep.Why
		if ep.Classified {
			why = "its VPC " + describeMissing(ep.Node.VPC, "VPC")
			if a.inVPC(ep, e) == maybe && e.VPC == nil {
				why = "the environment's VPC " + describeMissing(e.VPCValue, "VPC")
			}
		}
		parts = append(parts, ep.Name()+" ("+why+")")
	}
	return strings.Join(parts, ", ")
}

func endpointNodes(eps []*Endpoint) []parsers.Node {
	var out []parsers.Node
	for _, ep := range eps {
		out = append(out, ep.Node)
	}
	return out
}
