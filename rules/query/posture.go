package query

import (
	"fmt"
	"sort"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Posture is a subnet's egress posture (RULES.md, DOMAIN.md §1.2).
type Posture int

// Postures, from least to most internet access. PostureUnknown means the
// linted inputs do not decide it.
const (
	PostureUnknown Posture = iota
	Isolated
	Transit
	NAT
	Public
)

func (p Posture) String() string {
	switch p {
	case Isolated:
		return "isolated"
	case Transit:
		return "transit"
	case NAT:
		return "nat"
	case Public:
		return "public"
	}
	return "unknown"
}

// InScope reports whether the rules about missing endpoints (EB2xx,
// EB301–EB303) apply to a subnet of this posture.
func (p Posture) InScope() bool { return p == Isolated || p == Transit }

// Routing is how a subnet reaches beyond its VPC: the route tables that may
// govern it and the posture they give it.
type Routing struct {
	Posture Posture
	// Reason explains the posture: the deciding route, or what is unknown.
	Reason string
	// Tables are the route tables that may govern the subnet: one, or
	// alternatives chosen by Conds.
	Tables []*parsers.RouteTable
	// Conds are the undecided conditions that choose among Tables.
	Conds []string
	// OnMain is true when the subnet has no explicit association (in some
	// alternative) and its VPC's main route table governs it.
	OnMain bool
}

// verdict is a posture with the reason that decided it.
type verdict struct {
	posture Posture
	reason  string
}

// Routing returns the route tables and posture of subnet s: its explicit
// association, else its VPC's main route table (DOMAIN.md §1.3).
func (q *Q) Routing(s *parsers.Subnet) Routing {
	if r, ok := q.routing[s]; ok {
		return r
	}
	r := q.routingOf(s)
	q.routing[s] = r
	return r
}

func (q *Q) routingOf(s *parsers.Subnet) Routing {
	if len(s.RouteTables) == 0 {
		return q.mainRouting(s)
	}
	// Explicit associations; more than one (or a Choice) means the
	// association depends on a condition.
	var r Routing
	var verdicts []verdict
	for i := range s.RouteTables {
		alts, cond := BranchesAt(s.RouteTables, i)
		if cond != "" {
			r.Conds = append(r.Conds, cond)
		}
		for _, alt := range alts {
			if alt.IsAbsent() {
				// No association under this branch: the main table applies.
				main := q.mainRouting(s)
				r.OnMain = true
				r.Tables = appendTable(r.Tables, main.Tables...)
				verdicts = append(verdicts, verdict{main.Posture, main.Reason})
				continue
			}
			rt, ok := parsers.LookupAs[*parsers.RouteTable](q.g, alt)
			if !ok {
				verdicts = append(verdicts, verdict{PostureUnknown, "its route table " + DescribeMissing(alt, "route table")})
				continue
			}
			r.Tables = appendTable(r.Tables, rt)
			v := q.tablePosture(rt)
			v.reason = "route table " + rt.Name + ": " + v.reason
			verdicts = append(verdicts, v)
		}
	}
	if len(s.RouteTables) > 1 && len(r.Conds) == 0 {
		r.Conds = append(r.Conds, "the conditions of its route table associations")
	}
	r.Posture, r.Reason = combine(verdicts, r.Conds)
	return r
}

// mainRouting is the routing of a subnet governed by its VPC's main route
// table.
func (q *Q) mainRouting(s *parsers.Subnet) Routing {
	r := Routing{OnMain: true}
	vpc, _ := parsers.LookupAs[*parsers.VPC](q.g, s.VPC)
	if vpc == nil {
		r.Reason = "it has no explicit route table association and its VPC " + DescribeMissing(s.VPC, "VPC") + ", so its main route table is unknown"
		return r
	}
	rt, ok := parsers.LookupAs[*parsers.RouteTable](q.g, vpc.MainRouteTable)
	if !ok {
		r.Reason = "it uses the main route table of VPC " + vpc.Name + ", which the linted inputs do not show"
		return r
	}
	r.Tables = []*parsers.RouteTable{rt}
	v := q.tablePosture(rt)
	r.Posture, r.Reason = v.posture, "main route table of "+vpc.Name+": "+v.reason
	return r
}

func appendTable(ts []*parsers.RouteTable, add ...*parsers.RouteTable) []*parsers.RouteTable {
	for _, rt := range add {
		dup := false
		for _, t := range ts {
			dup = dup || t == rt
		}
		if !dup {
			ts = append(ts, rt)
		}
	}
	return ts
}

// combine merges the verdicts of alternatives (condition branches): equal
// postures agree; different ones make the posture unknown.
func combine(vs []verdict, conds []string) (Posture, string) {
	if len(vs) == 0 {
		return PostureUnknown, "no route table applies"
	}
	first := vs[0]
	for _, v := range vs[1:] {
		if v.posture != first.posture {
			var parts []string
			for _, v := range vs {
				parts = append(parts, v.posture.String()+" ("+v.reason+")")
			}
			return PostureUnknown, "it depends on " + CondList(conds) + ": " + strings.Join(parts, " or ")
		}
	}
	if first.posture == PostureUnknown {
		return first.posture, first.reason
	}
	if len(vs) > 1 {
		return first.posture, first.reason + " (the same under every value of " + CondList(conds) + ")"
	}
	return first.posture, first.reason
}

// CondList names undecided conditions for messages: "condition A",
// "conditions A, B".
func CondList(conds []string) string {
	out := Uniq(conds)
	sort.Strings(out)
	if len(out) == 1 && !strings.HasPrefix(out[0], "the ") {
		return parsers.CondText(out[0])
	}
	if len(out) > 1 {
		return "conditions " + strings.Join(out, ", ")
	}
	return strings.Join(out, ", ")
}

// TablePosture returns the posture a route table gives its subnets and the
// route that decides it.
func (q *Q) TablePosture(rt *parsers.RouteTable) (Posture, string) {
	v := q.tablePosture(rt)
	return v.posture, v.reason
}

// tablePosture classifies a route table. Posture only grows as routes are
// added, so comparing the table with and without its conditional routes
// covers every combination of conditions.
func (q *Q) tablePosture(rt *parsers.RouteTable) verdict {
	if v, ok := q.tables[rt]; ok {
		return v
	}
	all := q.routesPosture(rt, true)
	base := all
	var conds []string
	for _, r := range rt.Routes {
		if r.Condition != "" {
			conds = append(conds, r.Condition)
		}
	}
	if len(conds) > 0 {
		base = q.routesPosture(rt, false)
	}
	v := all
	if base.posture != all.posture {
		v = verdict{PostureUnknown, "it depends on " + CondList(conds) + ": " + all.posture.String() + " (" + all.reason + ") when the conditional routes exist, " + base.posture.String() + " (" + base.reason + ") otherwise"}
	} else if len(conds) > 0 {
		v.reason += " (conditional routes under " + CondList(conds) + " do not change this)"
	}
	q.tables[rt] = v
	return v
}

func (q *Q) routesPosture(rt *parsers.RouteTable, withConditional bool) verdict {
	best := verdict{Isolated, "only local, endpoint and specific private routes"}
	var unknown *verdict
	raise := func(v verdict) {
		if v.posture == PostureUnknown {
			if unknown == nil {
				unknown = &v
			}
			return
		}
		if v.posture > best.posture {
			best = v
		}
	}
	var v6 []string
	for _, r := range rt.Routes {
		if r.Condition != "" && !withConditional {
			continue
		}
		v := q.routePosture(r)
		if v.posture == Isolated && !r.DestinationIPv6.IsAbsent() && r.DestinationCIDR.IsAbsent() {
			v6 = append(v6, v.reason)
		}
		raise(v)
	}
	if best.posture == Isolated && len(v6) > 0 {
		best.reason += "; " + strings.Join(v6, "; ")
	}
	if len(rt.PropagatingVGWs) > 0 {
		raise(verdict{Transit, "routes propagate from virtual private gateway " + DisplayName(rt.PropagatingVGWs[0])})
	}
	if unknown != nil && best.posture != Public {
		return *unknown
	}
	return best
}

// routePosture classifies one route (DOMAIN.md §1.2). Posture is decided by
// IPv4 routes (RULES.md): the instances reach the Elastic Beanstalk,
// CloudFormation, SQS, Logs and S3 endpoints over IPv4, so an IPv6 route
// (::/0 to an egress-only internet gateway, or to anything else) gives
// them no way out.
func (q *Q) routePosture(r parsers.Route) verdict {
	dest, shown, destKnown := routeDestination(r)
	name := r.Name
	if name == "" {
		name = "inline route"
	}
	desc := fmt.Sprintf("%s %s → %s", name, shown, DisplayName(r.Target))
	kind := r.TargetKind
	if kind == parsers.TargetGateway {
		kind = q.gatewayKind(r.Target)
	}
	if !r.DestinationIPv6.IsAbsent() && r.DestinationCIDR.IsAbsent() {
		if kind == parsers.TargetEgressOnly {
			desc += " (egress-only internet gateway"
		} else {
			desc += " (an IPv6 route"
		}
		return verdict{Isolated, desc + ": IPv6 only, and the instances reach the services over IPv4)"}
	}
	switch kind {
	case parsers.TargetInternetGateway, parsers.TargetCarrierGateway:
		return verdict{Public, desc + " (internet gateway)"}
	case parsers.TargetLocal:
		return verdict{Isolated, desc}
	case "":
		return verdict{PostureUnknown, desc + ": the gateway " + DescribeMissing(r.Target, "gateway") + ", so it may be an internet gateway"}
	}
	if !destKnown {
		return verdict{PostureUnknown, desc + ": the destination is not known"}
	}
	isDefault := dest == "0.0.0.0/0"
	switch kind {
	case parsers.TargetNATGateway:
		if !isDefault {
			return verdict{Isolated, desc}
		}
		if gw, ok := parsers.LookupAs[*parsers.Gateway](q.g, r.Target); ok {
			if private, known := gw.Private.Bool(); known && private {
				return verdict{Transit, desc + " (private NAT gateway: no internet egress)"}
			} else if !known && !gw.Private.IsAbsent() {
				return verdict{PostureUnknown, desc + ": the NAT gateway's connectivity type is " + gw.Private.Describe()}
			}
		}
		return verdict{NAT, desc + " (NAT gateway)"}
	case parsers.TargetInstance:
		if isDefault {
			return verdict{NAT, desc + " (NAT instance)"}
		}
		return verdict{Isolated, desc}
	case parsers.TargetEgressOnly:
		return verdict{Isolated, desc + " (egress-only internet gateway: IPv6 only)"}
	case parsers.TargetVPCEndpoint:
		if isDefault {
			return verdict{Transit, desc + " (Gateway Load Balancer endpoint)"}
		}
		return verdict{Isolated, desc}
	default: // TGW, VGW, peering, ENI, core network, local gateway
		if isDefault {
			return verdict{Transit, desc}
		}
		return verdict{Isolated, desc}
	}
}

// routeDestination returns a route's destination: its text, to decide
// with, and how messages show it; ok is false when it is not known.
func routeDestination(r parsers.Route) (dest, shown string, ok bool) {
	for _, v := range []parsers.Value{r.DestinationCIDR, r.DestinationIPv6} {
		if v.IsAbsent() {
			continue
		}
		if v.Kind != parsers.Known {
			return "", v.Describe(), false
		}
		dest = strings.TrimSpace(v.Str)
		return dest, v.Redact(dest), true
	}
	if !r.DestinationPL.IsAbsent() {
		dest = "prefix list " + r.DestinationPL.Describe()
		return dest, dest, true
	}
	return "(no destination)", "(no destination)", true
}

// gatewayKind tells what a GatewayId route target is: an internet gateway,
// a virtual private gateway, or "" when the inputs do not say.
func (q *Q) gatewayKind(v parsers.Value) parsers.RouteTarget {
	if gw, ok := parsers.LookupAs[*parsers.Gateway](q.g, v); ok {
		switch gw.Kind {
		case parsers.InternetGateway:
			return parsers.TargetInternetGateway
		case parsers.CarrierGateway:
			return parsers.TargetCarrierGateway
		case parsers.VPNGateway:
			return parsers.TargetVPNGateway
		case parsers.TransitGateway:
			return parsers.TargetTransitGateway
		case parsers.EgressOnlyGateway:
			return parsers.TargetEgressOnly
		case parsers.NATGatewayKind:
			return parsers.TargetNATGateway
		}
		return ""
	}
	if t, ok := parsers.GatewayIDTarget(v); ok {
		return t
	}
	return ""
}
