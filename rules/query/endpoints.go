package query

import (
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// ServiceName is a parsed endpoint service name (DOMAIN.md §2.2).
type ServiceName struct {
	Prefix  string // "com.amazonaws", "cn.com.amazonaws", ...
	Region  string // literal region, or "" when symbolic (${AWS::Region})
	Service string // "sqs", "ecr.dkr"
}

// ServiceNameParser splits a service name's text into a ServiceName; ok is
// false when the text has no <prefix>.<region>.<service> form. The query
// layer takes it from its caller (WithServiceNames), which owns the
// region patterns.
type ServiceNameParser func(text string) (sn ServiceName, ok bool)

// Option configures a Q (see New).
type Option func(*Q)

// WithCentral declares services (as in com.amazonaws.<region>.NAME) whose
// interface endpoints are provided centrally, by a hub VPC outside the
// inputs: EndpointsFor reports them Central for every environment.
func WithCentral(services ...string) Option {
	return func(q *Q) {
		for _, s := range services {
			if q.central == nil {
				q.central = map[string]bool{}
			}
			q.central[strings.ToLower(s)] = true
		}
	}
}

// WithServiceNames makes endpoints' service names parse with parse.
// Without it no service name is classified.
func WithServiceNames(parse ServiceNameParser) Option {
	return func(q *Q) { q.parseService = parse }
}

// Endpoint is a VPC endpoint with its service name and type classified and
// the properties the rules ask about, each with its name in the input.
type Endpoint struct {
	Node *parsers.VPCEndpoint
	// ServiceName is the parsed service name; valid when Classified.
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
	// NameValue and TypeValue are the service name and type as written,
	// for messages (Value.Prop names the property).
	NameValue, TypeValue parsers.Value
	// PrivateDNS is whether private DNS is on: Yes or No when the input
	// decides it (not set means false), Maybe otherwise.
	PrivateDNS Flag
	// VPC is the endpoint's VPC as written; Policy its policy (Absent:
	// full access).
	VPC, Policy parsers.Value
	// Subnets, SecurityGroups (empty: the VPC default group applies) and
	// RouteTables are the endpoint's list properties.
	Subnets, SecurityGroups, RouteTables List

	order  int    // position in the graph, for deterministic lists
	vpcKey string // graph key of the endpoint's VPC; "" when not a node
}

// Flag is a boolean property with a default of false, answered three
// ways: Why holds, for Maybe, what the property is.
type Flag struct {
	Answer
	// Value is the property as written: Value.Prop names it, Value.Loc
	// locates it; Absent when not set.
	Value parsers.Value
}

// Unset reports whether the property is not set or set to its default.
func (f Flag) Unset() bool { return f.Value.IsAbsent() || f.Value.Default }

// List is a list property of a resource: its elements and its name as the
// input writes it ("SubnetIds", "subnet_ids"); the elements carry no name.
type List struct {
	Values []parsers.Value
	Prop   string
}

// Loc is where findings about the list point: from its first element to
// its last, or fallback when no element is located.
func (l List) Loc(fallback parsers.Location) parsers.Location {
	var first, last parsers.Location
	for _, v := range l.Values {
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

// Name returns the endpoint's name in the inputs.
func (ep *Endpoint) Name() string { return ep.Node.Name }

// Loc is where the endpoint is declared.
func (ep *Endpoint) Loc() parsers.Location { return ep.Node.Loc }

// Condition names the condition the endpoint exists under; "" when it
// always exists.
func (ep *Endpoint) Condition() string { return ep.Node.Condition }

// RegionText names the region the endpoint's service name spells, for
// messages: parsers.Redacted when the service name is a secret.
func (ep *Endpoint) RegionText() string { return ep.NameValue.Redact(ep.Region) }

// IsInterface reports whether the endpoint is an Interface endpoint.
func (ep *Endpoint) IsInterface() bool { return strings.EqualFold(ep.Type, parsers.EndpointInterface) }

// IsGateway reports whether the endpoint is a Gateway endpoint.
func (ep *Endpoint) IsGateway() bool { return strings.EqualFold(ep.Type, parsers.EndpointGateway) }

// ClassifyEndpoint classifies one endpoint: its service name with parse
// (nil: not classified), its type (Gateway when not set), private DNS and
// its properties.
func ClassifyEndpoint(n *parsers.VPCEndpoint, parse ServiceNameParser) *Endpoint {
	ep := &Endpoint{
		Node: n, VPC: n.VPC, Policy: n.Policy, NameValue: n.ServiceName, TypeValue: n.Type,
		Subnets:        List{Values: n.Subnets, Prop: n.SubnetsProp},
		SecurityGroups: List{Values: n.SecurityGroups, Prop: n.SecurityGroupsProp},
		RouteTables:    List{Values: n.RouteTables, Prop: n.RouteTablesProp},
		PrivateDNS:     privateDNS(n),
	}
	if s, ok := n.ServiceName.Text(); ok {
		ep.NameKnown = true
		if sn, ok := parseWith(parse, strings.TrimSpace(s)); ok {
			ep.ServiceName, ep.Classified = sn, true
		} else {
			ep.Why = "service name " + n.ServiceName.Redact(s) + " has no <prefix>.<region>.<service> form"
		}
	} else {
		ep.Why = "its service name " + DescribeMissing(n.ServiceName, "service")
	}
	switch {
	case n.Type.IsAbsent():
		ep.Type, ep.TypeDefault = parsers.EndpointGateway, true
	case n.Type.Kind == parsers.Known:
		ep.Type, ep.TypeDefault = strings.TrimSpace(n.Type.Str), n.Type.Default
	}
	return ep
}

func parseWith(parse ServiceNameParser, s string) (ServiceName, bool) {
	if parse == nil {
		return ServiceName{}, false
	}
	return parse(s)
}

// privateDNS answers whether n has private DNS on.
func privateDNS(n *parsers.VPCEndpoint) Flag {
	v := n.PrivateDNS
	on, known := v.Bool()
	switch {
	case v.IsAbsent() || known && !on:
		return Flag{Answer: answer(No), Value: v}
	case known:
		return Flag{Answer: answer(Yes), Value: v}
	}
	return Flag{Answer: answer(Maybe, v.Prop+" of endpoint "+n.Name+" is "+v.Describe()), Value: v}
}

// endpointIndex is every endpoint of the graph, classified, with indexes.
type endpointIndex struct {
	all []*Endpoint
	// byVPC, bySvc and unplaced index the endpoints by VPC node key, by
	// classified service, and those whose VPC is not a node.
	byVPC    map[string][]*Endpoint
	bySvc    map[string][]*Endpoint
	unplaced []*Endpoint
}

// endpoints classifies every endpoint of the graph once per run.
func (q *Q) endpoints() *endpointIndex {
	if q.eps != nil {
		return q.eps
	}
	x := &endpointIndex{all: make([]*Endpoint, 0, len(q.g.Endpoints)), byVPC: map[string][]*Endpoint{}, bySvc: map[string][]*Endpoint{}}
	for i, n := range q.g.Endpoints {
		ep := ClassifyEndpoint(n, q.parseService)
		ep.order = i
		if vpc, ok := q.g.Lookup(n.VPC); ok {
			ep.vpcKey = vpc.Base().Key
		}
		x.all = append(x.all, ep)
		if ep.vpcKey == "" {
			x.unplaced = append(x.unplaced, ep)
		} else {
			x.byVPC[ep.vpcKey] = append(x.byVPC[ep.vpcKey], ep)
		}
		if ep.Classified {
			x.bySvc[ep.Service] = append(x.bySvc[ep.Service], ep)
		}
	}
	q.eps = x
	return x
}

// Endpoints returns every endpoint of the inputs, classified, in graph
// order.
func (q *Q) Endpoints() []*Endpoint { return q.endpoints().all }

// EndpointsIn returns the endpoints that may be in vpc (a VPC node): those
// whose VPC is vpc and those whose VPC is not a node of the inputs, in
// graph order.
func (q *Q) EndpointsIn(vpc parsers.Node) []*Endpoint {
	x := q.endpoints()
	out := append(slices.Clone(x.byVPC[vpc.Base().Key]), x.unplaced...)
	slices.SortFunc(out, func(a, b *Endpoint) int { return a.order - b.order })
	return out
}

// EndpointsPlacedIn returns the endpoints whose VPC is vpc (a VPC node), in
// graph order.
func (q *Q) EndpointsPlacedIn(vpc parsers.Node) []*Endpoint {
	return q.endpoints().byVPC[vpc.Base().Key]
}

// EndpointsOf returns the endpoints whose service name classifies as svc
// ("sqs", "ecr.dkr"), in graph order.
func (q *Q) EndpointsOf(svc string) []*Endpoint { return q.endpoints().bySvc[svc] }

// InOtherVPC reports whether the endpoint's VPC is a node of the inputs
// other than vpc.
func (ep *Endpoint) InOtherVPC(vpc parsers.Node) bool {
	return ep.vpcKey != "" && ep.vpcKey != vpc.Base().Key
}
