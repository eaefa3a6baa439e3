package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Posture is a subnet's egress posture (RULES.md, DOMAIN.md §1.2).
type Posture int

// Postures, from least to most internet access. Unknown means the linted
// inputs do not decide it.
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

// InScope reports whether the endpoint rules (EB2xx–EB4xx) apply to a
// subnet of this posture.
func (p Posture) InScope() bool { return p == Isolated || p == Transit }

// verdict is a posture with the reason that decided it.
type verdict struct {
	posture Posture
	reason  string
}

// subnetPosture classifies one instance subnet element of aws:ec2:vpc
// Subnets.
func (a *analysis) subnetPosture(s *Subnet) {
	if s.Node == nil {
		s.Posture = PostureUnknown
		s.Reason = describeMissing(s.Value, "subnet")
		return
	}
	if len(s.Node.RouteTables) == 0 {
		a.mainTablePosture(s)
		return
	}
	// Explicit associations; more than one (or a Choice) means the
	// association depends on a condition.
	var verdicts []verdict
	var conds []string
	for _, assoc := range s.Node.RouteTables {
		alts, cond := branches(assoc)
		if cond != "" {
			conds = append(conds, cond)
		}
		for _, alt := range alts {
			if alt.IsAbsent() {
				// No association under this branch: the main table applies.
				main := &Subnet{Node: s.Node, Value: s.Value}
				a.mainTablePosture(main)
				s.Tables = append(s.Tables, main.Tables...)
				verdicts = append(verdicts, verdict{main.Posture, main.Reason})
				continue
			}
			rt, ok := parsers.LookupAs[*parsers.RouteTable](a.g, alt)
			if !ok {
				verdicts = append(verdicts, verdict{PostureUnknown, "its route table " + describeMissing(alt, "route table")})
				continue
			}
			s.Tables = appendTable(s.Tables, rt)
			v := a.tablePosture(rt)
			v.reason = "route table " + rt.Name + ": " + v.reason
			verdicts = append(verdicts, v)
		}
	}
	if len(s.Node.RouteTables) > 1 && len(conds) == 0 {
		conds = append(conds, "the conditions of its route table associations")
	}
	s.tableConds = conds
	s.Posture, s.Reason = combine(verdicts, conds)
}

// mainTablePosture classifies a subnet governed by its VPC's main route
// table.
func (a *analysis) mainTablePosture(s *Subnet) {
	s.OnMain = true
	vpc, _ := parsers.LookupAs[*parsers.VPC](a.g, s.Node.VPC)
	if vpc == nil {
		s.Posture = PostureUnknown
		s.Reason = "it has no explicit route table association and its VPC " + describeMissing(s.Node.VPC, "VPC") + ", so its main route table is unknown"
		return
	}
	rt, ok := parsers.LookupAs[*parsers.RouteTable](a.g, vpc.MainRouteTable)
	if !ok {
		s.Posture = PostureUnknown
		s.Reason = "it uses the main route table of VPC " + vpc.Name + ", which the linted inputs do not show"
		return
	}
	s.Tables = []*parsers.RouteTable{rt}
	v := a.tablePosture(rt)
	s.Posture, s.Reason = v.posture, "main route table of "+vpc.Name+": "+v.reason
}

func appendTable(ts []*parsers.RouteTable, rt *parsers.RouteTable) []*parsers.RouteTable {
	for _, t := range ts {
		if t == rt {
			return ts
		}
	}
	return append(ts, rt)
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
			return PostureUnknown, "it depends on " + condList(conds) + ": " + strings.Join(parts, " or ")
		}
	}
	if first.posture == PostureUnknown {
		return first.posture, first.reason
	}
	if len(vs) > 1 {
		return first.posture, first.reason + " (the same under every value of " + condList(conds) + ")"
	}
	return first.posture, first.reason
}

func condList(conds []string) string {
	seen := map[string]bool{}
	var out []string
	for _, c := range conds {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	if len(out) == 1 && !strings.HasPrefix(out[0], "the ") {
		return "condition " + out[0]
	}
	if len(out) > 1 {
		return "conditions " + strings.Join(out, ", ")
	}
	return strings.Join(out, ", ")
}

// tablePosture classifies a route table. Posture only grows as routes are
// added, so comparing the table with and without its conditional routes
// covers every combination of conditions.
func (a *analysis) tablePosture(rt *parsers.RouteTable) verdict {
	if v, ok := a.tableCache[rt]; ok {
		return v
	}
	all := a.routesPosture(rt, true)
	base := all
	var conds []string
	for _, r := range rt.Routes {
		if r.Condition != "" {
			conds = append(conds, r.Condition)
		}
	}
	if len(conds) > 0 {
		base = a.routesPosture(rt, false)
	}
	v := all
	if base.posture != all.posture {
		v = verdict{PostureUnknown, "it depends on " + condList(conds) + ": " + all.posture.String() + " (" + all.reason + ") when the conditional routes exist, " + base.posture.String() + " (" + base.reason + ") otherwise"}
	} else if len(conds) > 0 {
		v.reason += " (conditional routes under " + condList(conds) + " do not change this)"
	}
	a.tableCache[rt] = v
	return v
}

func (a *analysis) routesPosture(rt *parsers.RouteTable, withConditional bool) verdict {
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
	for _, r := range rt.Routes {
		if r.Condition != "" && !withConditional {
			continue
		}
		raise(a.routePosture(r))
	}
	if len(rt.PropagatingVGWs) > 0 {
		raise(verdict{Transit, "routes propagate from virtual private gateway " + displayName(rt.PropagatingVGWs[0])})
	}
	if unknown != nil && best.posture != Public {
		return *unknown
	}
	return best
}

// routePosture classifies one route (DOMAIN.md §1.2).
func (a *analysis) routePosture(r parsers.Route) verdict {
	dest, shown, destKnown := routeDestination(r)
	name := r.Name
	if name == "" {
		name = "inline route"
	}
	desc := fmt.Sprintf("%s %s → %s", name, shown, displayName(r.Target))
	kind := r.TargetKind
	if kind == parsers.TargetGateway {
		kind = a.gatewayKind(r.Target)
	}
	switch kind {
	case parsers.TargetInternetGateway, parsers.TargetCarrierGateway:
		return verdict{Public, desc + " (internet gateway)"}
	case parsers.TargetLocal:
		return verdict{Isolated, desc}
	case "":
		return verdict{PostureUnknown, desc + ": the gateway " + describeMissing(r.Target, "gateway") + ", so it may be an internet gateway"}
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
		if gw, ok := parsers.LookupAs[*parsers.Gateway](a.g, r.Target); ok {
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
		if dest == "::/0" {
			return verdict{Transit, desc + " (egress-only internet gateway, IPv6 only)"}
		}
		return verdict{Isolated, desc}
	case parsers.TargetVPCEndpoint:
		if isDefault || dest == "::/0" {
			return verdict{Transit, desc + " (Gateway Load Balancer endpoint)"}
		}
		return verdict{Isolated, desc}
	default: // TGW, VGW, peering, ENI, core network, local gateway
		if isDefault || dest == "::/0" {
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
func (a *analysis) gatewayKind(v parsers.Value) parsers.RouteTarget {
	if gw, ok := parsers.LookupAs[*parsers.Gateway](a.g, v); ok {
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

// branches returns the alternatives of a Choice value (and its condition),
// or the value itself.
func branches(v parsers.Value) ([]parsers.Value, string) {
	if v.Kind == parsers.Choice {
		var out []parsers.Value
		for _, it := range v.Items {
			sub, _ := branches(it)
			out = append(out, sub...)
		}
		return out, v.Cond
	}
	return []parsers.Value{v}, ""
}

// describeMissing says why a value does not lead to a node of the graph.
func describeMissing(v parsers.Value, what string) string {
	switch v.Kind {
	case parsers.Absent:
		return "is not set"
	case parsers.Unknown:
		return "is unknown: " + v.Reason
	case parsers.Known:
		return v.Describe() + " is not defined in the linted inputs"
	case parsers.Ref:
		return displayName(v) + " is not a " + what + " in the linted inputs"
	case parsers.Choice:
		return "depends on condition " + v.Cond
	}
	return "is " + v.Describe()
}

// displayName renders a value for messages, with references shown by the
// resource's name rather than its graph key.
func displayName(v parsers.Value) string {
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
	if v.Attr != "" {
		return t + "." + v.Attr
	}
	return t
}
