package lint

import (
	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/query"
	"github.com/beanlint/beanlint/rules/report"
)

// PrivatePaths describes each environment's private path, for the Markdown
// report: instance subnets with their postures and route tables, and the
// gateway and interface endpoints of the environment's VPC. It asks the
// query layer afresh (only the Markdown report needs it, so other runs do
// not pay for it).
func (r *Result) PrivatePaths() []report.PrivatePath {
	if r.Graph == nil {
		return nil
	}
	q := query.New(r.Graph, query.WithServiceNames(rules.ParseServiceName))
	var out []report.PrivatePath
	for _, e := range q.Environments() {
		p := report.PrivatePath{Environment: e.Name(), File: e.Node.Loc.File}
		for _, s := range e.Subnets {
			ps := report.PathSubnet{Name: subnetName(s), Posture: s.Posture.String()}
			for _, rt := range s.Tables {
				ps.RouteTables = append(ps.RouteTables, rt.Name)
			}
			p.Subnets = append(p.Subnets, ps)
		}
		if vpc := e.VPCNode(); vpc != nil {
			for _, ep := range q.EndpointsPlacedIn(vpc) {
				pe := report.PathEndpoint{Name: ep.Name()}
				if ep.Classified {
					pe.Service = ep.Service
				}
				switch {
				case ep.IsGateway():
					for _, v := range ep.RouteTables.Values {
						pe.RouteTables = append(pe.RouteTables, tableName(q, v))
					}
					p.Gateway = append(p.Gateway, pe)
				case ep.IsInterface():
					p.Interface = append(p.Interface, pe)
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// subnetName is an instance subnet's name: its name in the inputs, else
// the value as written, a secret redacted.
func subnetName(s *query.Subnet) string {
	if s.Node != nil {
		return s.Name
	}
	return s.Value.Redact(s.Name)
}

// tableName is the route table a gateway endpoint's RouteTableIds element
// designates: its name when it is in the inputs, else the value described.
func tableName(q *query.Q, v parsers.Value) string {
	if n, ok := q.Lookup(v); ok {
		if rt, ok := n.(*parsers.RouteTable); ok {
			return rt.Name
		}
	}
	return v.Describe()
}
