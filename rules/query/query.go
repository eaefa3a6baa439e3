package query

import (
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Q answers questions about one graph. Every answer is computed once, on
// first use, and kept for the rest of the run; a Q is not safe for
// concurrent use.
type Q struct {
	g *parsers.Graph

	settings map[*parsers.Environment]parsers.Settings
	tables   map[*parsers.RouteTable]verdict
	routing  map[*parsers.Subnet]Routing
	// implicit holds the security groups Elastic Beanstalk creates for
	// environments, by synthetic key (see InstanceGroups).
	implicit map[string]*parsers.SecurityGroup
	// implicitDoubt says why an implicit group may not be attached.
	implicitDoubt map[string]string
	ebGroups      map[*parsers.Environment]*ebGroups
	// parseService parses endpoint service names (WithServiceNames);
	// eps is every endpoint, classified on first use.
	parseService ServiceNameParser
	// central are the services declared provided by a hub VPC
	// (WithCentral).
	central map[string]bool
	eps     *endpointIndex
	// envs are the environments that set aws:ec2:vpc (Environments).
	envs     []*Environment
	envsDone bool
	// undecided are the environments whose settings the inputs do not
	// decide (UndecidedEnvironments).
	undecided []*parsers.Environment
	// matches holds EndpointsFor's answers.
	matches map[matchKey]EndpointMatch
	// aclAnswers holds ACLAllows's answers: a VPC's default ACL governs
	// many subnets, and EB501 asks it the same flows for each pair of an
	// instance subnet and an endpoint subnet.
	aclAnswers map[aclQuestion]ACLAnswer
	// zones holds Zone's answers: the zone rules compare each instance
	// subnet with each endpoint and load balancer subnet.
	zones map[*parsers.Subnet]Zone
}

// New returns the questions about g, configured by opts.
func New(g *parsers.Graph, opts ...Option) *Q {
	q := &Q{
		g:             g,
		settings:      map[*parsers.Environment]parsers.Settings{},
		tables:        map[*parsers.RouteTable]verdict{},
		routing:       map[*parsers.Subnet]Routing{},
		implicit:      map[string]*parsers.SecurityGroup{},
		implicitDoubt: map[string]string{},
		ebGroups:      map[*parsers.Environment]*ebGroups{},
	}
	for _, o := range opts {
		o(q)
	}
	return q
}

// Graph returns the graph the questions are about.
func (q *Q) Graph() *parsers.Graph { return q.g }

// Settings returns env's effective option settings (RULES.md "When an
// environment is in scope"): its own over its configuration template's,
// over the template's source chain.
func (q *Q) Settings(env *parsers.Environment) parsers.Settings {
	s, ok := q.settings[env]
	if !ok {
		s = q.g.Effective(env)
		q.settings[env] = s
	}
	return s
}

// Lookup returns the node a value designates, like parsers.Graph.Lookup,
// and also the security groups Elastic Beanstalk creates, which the query
// layer models (InstanceGroups, LoadBalancerGroups).
func (q *Q) Lookup(v parsers.Value) (parsers.Node, bool) {
	if v.Kind == parsers.Ref {
		if sg, ok := q.implicit[v.Target]; ok {
			return sg, true
		}
	}
	return q.g.Lookup(v)
}

// group returns the security group v designates.
func (q *Q) group(v parsers.Value) (*parsers.SecurityGroup, bool) {
	n, ok := q.Lookup(v)
	if !ok {
		return nil, false
	}
	sg, ok := n.(*parsers.SecurityGroup)
	return sg, ok
}

// SameNode says whether value v designates the node want (or the value
// wantV, when want is not in the graph; want must then be a nil interface,
// not a typed nil pointer). Two unknown values with the same origin (the
// same parameter or import) are the same value.
func (q *Q) SameNode(v, wantV parsers.Value, want parsers.Node) Tri {
	if v.Kind == parsers.Unknown && wantV.Kind == parsers.Unknown && !v.Origin().IsZero() && v.Origin() == wantV.Origin() {
		return Yes
	}
	n, found := q.Lookup(v)
	switch {
	case found && want != nil:
		if n.Base().Key == want.Base().Key {
			return Yes
		}
		return No
	case !found && want != nil && v.Kind == parsers.Known:
		return No // a literal ID outside the inputs is not a node of them
	case v.Kind == parsers.Known && wantV.Kind == parsers.Known:
		if strings.TrimSpace(v.Str) == strings.TrimSpace(wantV.Str) {
			return Yes
		}
		return No
	case v.Kind == parsers.Ref && wantV.Kind == parsers.Ref && v.Target == wantV.Target && v.Attr() == wantV.Attr():
		return Yes
	}
	return Maybe
}

// Branches returns the alternatives of a Choice value (an undecided
// CloudFormation Fn::If) and its condition, or the value itself and "".
func Branches(v parsers.Value) ([]parsers.Value, string) {
	if v.Kind == parsers.Choice {
		var out []parsers.Value
		for _, it := range v.Items() {
			sub, _ := Branches(it)
			out = append(out, sub...)
		}
		return out, v.Cond()
	}
	return []parsers.Value{v}, ""
}

// BranchesAt is Branches(vs[i]) without copying a value that is no
// Choice into a new slice (most values are not; the copies were much of
// what the rules allocated on a large plan).
func BranchesAt(vs []parsers.Value, i int) ([]parsers.Value, string) {
	if vs[i].Kind != parsers.Choice {
		return vs[i : i+1 : i+1], ""
	}
	return Branches(vs[i])
}

// DescribeMissing says why a value does not lead to a node of the graph;
// what names the kind of node expected ("subnet", "VPC").
func DescribeMissing(v parsers.Value, what string) string {
	switch v.Kind {
	case parsers.Absent:
		return "is not set"
	case parsers.Unknown:
		return "is unknown: " + v.Reason()
	case parsers.Known:
		return v.Describe() + " is not defined in the linted inputs"
	case parsers.Ref:
		return DisplayName(v) + " is not a " + what + " in the linted inputs"
	case parsers.Choice:
		return "depends on " + parsers.CondText(v.Cond())
	}
	return "is " + v.Describe()
}

// DisplayName renders a value for messages, with references shown by the
// resource's name rather than its graph key.
func DisplayName(v parsers.Value) string {
	if v.Kind != parsers.Ref || v.IsPseudo() {
		return v.Describe()
	}
	t := v.Target
	if i := strings.LastIndex(t, "/"); i >= 0 {
		t = t[i+1:]
	}
	if i := strings.Index(t, "#"); i >= 0 {
		t = t[i+1:]
	}
	if v.Attr() != "" {
		return t + "." + v.Attr()
	}
	return t
}
