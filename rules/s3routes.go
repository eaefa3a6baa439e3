package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// S3EndpointNotOnRouteTable is EB303.
var S3EndpointNotOnRouteTable = &Rule{
	ID:       "EB303",
	Name:     "S3EndpointNotOnRouteTable",
	Severity: Error,
	Title:    "S3 gateway endpoint not associated with an instance subnet's route table",
	Tags:     []string{"endpoint", "s3", "routing"},
	Needs:    []Fact{FactSubnets, FactPosture, FactEndpoints, FactRouteTables},
	Check:    checkS3RouteTables,
	Doc: doc(`Fires once per instance subnet when the VPC has an S3 **gateway** endpoint but the
subnet's route table is not listed on it (´RouteTableIds´, ´route_table_ids´ or
´aws_vpc_endpoint_route_table_association´). A subnet without an explicit route table association
uses the VPC's main route table. A CloudFormation template cannot reference or associate a VPC's
main route table, so such a subnet can never use the endpoint: give it its own route table. A
Terraform configuration can: list ´aws_vpc.<name>.main_route_table_id´ on the endpoint, or give the
subnet its own table (´aws_route_table_association´). (For a VPC the plan creates, the main table
holds only the local route unless ´aws_default_route_table´ or ´aws_main_route_table_association´
changes it.) The finding points at the endpoint's ´RouteTableIds´ / ´route_table_ids´ (at the
subnet when it uses the main table).

When a condition the inputs do not decide chooses the subnet's route table (a conditional
´SubnetRouteTableAssociation´) or the endpoint's list (´Fn::If´ on an item or on the whole
´RouteTableIds´), the subnet is at fault only if no alternative is listed; if some are, EB901
reports a note naming the condition.

## Why it breaks a private environment

"Subnets that are not associated with the specified route tables do not use the endpoint" [pl-gw].
The instances in that subnet cannot reach S3, so downloading the application bundle and platform
assets times out ("Instance did not respond within the allowed command timeout") and the launch
wait condition fails.

## Failing example

~~~yaml
PrivateB:
  Type: AWS::EC2::Subnet        # EB303: no route table association, uses the main table
  Properties:
    VpcId: !Ref Vpc
    CidrBlock: 10.0.2.0/24
S3Endpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
    RouteTableIds: [!Ref PrivateRouteTableA]
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
PrivateRouteTableB:
  Type: AWS::EC2::RouteTable
  Properties:
    VpcId: !Ref Vpc
PrivateBRouteTableAssociation:
  Type: AWS::EC2::SubnetRouteTableAssociation
  Properties:
    SubnetId: !Ref PrivateB
    RouteTableId: !Ref PrivateRouteTableB
# and: RouteTableIds: [!Ref PrivateRouteTableA, !Ref PrivateRouteTableB]
~~~

In Terraform, the same subnet (´aws_subnet.private_b´ without an ´aws_route_table_association´) is
fixed by listing the VPC's main route table on the endpoint:

~~~hcl
resource "aws_vpc_endpoint_route_table_association" "s3_main" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  route_table_id  = aws_vpc.main.main_route_table_id
}
~~~

## Sources

[vpc-rt] [pl-gw] [cfn-vpc] [cfn-vpce-res] [tf-vpc] [tf-main-rta] [tf-default-rt]
[tf-vpce] [tf-vpce-rta] [eb-ts].
https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
`),
}

// checkS3RouteTables reports EB303: per instance subnet, whether the route
// table it uses is listed on an S3 gateway endpoint of its VPC.
func checkS3RouteTables(p *Pass) {
	for _, e := range p.PrivateEnvironments() {
		m := p.Endpoints(e, "s3")
		var certain, doubtful []*Endpoint
		for _, ep := range m.Found {
			if ep.IsGateway() {
				certain = append(certain, ep)
			}
		}
		if len(certain) == 0 {
			continue // EB302 reports (or notes) the missing gateway endpoint
		}
		for _, ep := range m.Doubtful {
			if ep.IsGateway() {
				doubtful = append(doubtful, ep)
			}
		}
		for _, s := range e.InScope() {
			checkS3Subnet(p, e, s, certain, doubtful)
		}
	}
}

// checkS3Subnet judges one subnet. A subnet whose route table association
// depends on a condition has alternative tables: it is at fault only when
// none of them is listed, and fine only when every one is; otherwise EB901
// names what decides it.
func checkS3Subnet(p *Pass, e *Env, s *Subnet, certain, doubtful []*Endpoint) {
	var off []*parsers.RouteTable
	var why []string
	for _, rt := range s.Tables {
		switch t, w := p.a.onS3Gateway(rt, certain, doubtful, e); t {
		case no:
			off = append(off, rt)
		case maybe:
			why = append(why, w)
		}
	}
	if len(off) == 0 && len(why) == 0 {
		return
	}
	ep := certain[0]
	if len(off) == len(s.Tables) {
		reportS3Subnet(p, e, s, off, ep)
		return
	}
	for _, rt := range off {
		why = append(why, tableName(rt)+" is on no S3 gateway endpoint")
	}
	if len(s.Tables) > 1 {
		why = append(why, "which route table the subnet uses depends on "+query.CondList(s.Conds))
	}
	u := Unknown{
		Loc: ep.RouteTables.Loc(ep.Loc()), Resource: ep.Name(), Property: ep.RouteTables.Prop, Subject: s.Name + "/S3 route",
		What:   fmt.Sprintf("whether subnet %s of environment %s reaches S3 through a gateway endpoint is unknown (%s)", s.Name, e.Name(), strings.Join(why, "; ")),
		Decide: p.text(e.Node, decideS3Routes),
	}
	if related := p.a.unresolvedAssociations(append(certain, doubtful...), s.Tables); len(related) > 0 {
		u.Decide = p.text(ep.Node, decideAssociation)
		u.Related = related
	}
	p.Unverified(e, u, ep.Node)
}

// unresolvedAssociations locates the Terraform associations whose IDs,
// known only after apply, leave open whether the endpoints list one of
// tables: an entry that lists a table only if an association whose
// endpoint ID is not known is for that endpoint (a Choice whose condition
// is a "whether association" clause, parsers.CondText; at its
// vpc_endpoint_id), and a route table ID that is not known (at the
// argument that gives it). Each is related once: what would decide the
// question is there.
func (a *analysis) unresolvedAssociations(eps []*Endpoint, tables []*parsers.RouteTable) []Related {
	var out []Related
	add := func(r Related) {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	for _, ep := range eps {
		// A Terraform ID that is not known: known only after apply, read
		// at apply by a deferred data source, or (without a plan) from a
		// variable without a value, which its reason names.
		tf := a.terraform(ep.Node)
		afterApply := func(v parsers.Value) bool { return tf && v.Kind == parsers.Unknown }
		for _, v := range ep.RouteTables.Values {
			switch {
			case afterApply(v):
				add(Related{Loc: v.Loc, Message: "a route table ID of " + ep.Name() + ", not known"})
			case v.Kind != parsers.Choice || !strings.HasPrefix(v.Cond(), "whether association ") || len(v.Items()) == 0:
			case afterApply(v.Items()[0]):
				add(Related{Loc: v.Loc, Message: "the endpoint ID, not known, of an association whose route table ID is not known either"})
			default:
				for _, rt := range tables {
					if a.q.SameNode(v.Items()[0], parsers.Value{}, rt) == yes {
						add(Related{Loc: v.Loc, Message: "the endpoint ID, not known, of the association that lists " + query.DisplayName(v.Items()[0])})
						break
					}
				}
			}
		}
	}
	return out
}

// reportS3Subnet reports a subnet none of whose possible route tables is on
// an S3 gateway endpoint.
func reportS3Subnet(p *Pass, e *Env, s *Subnet, off []*parsers.RouteTable, ep *Endpoint) {
	impact := "the instances there cannot reach S3, so downloading the application bundle and platform assets times out (\"Instance did not respond within the allowed command timeout\") and the launch wait condition fails"
	f := Finding{
		Severity:    scopedSeverity(p.Rule.Severity, []*Subnet{s}),
		Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
		Subject: s.Name,
		Related: []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
	}
	rt := off[0]
	if len(off) == 1 && rt.Synthetic && s.Node != nil {
		remedy := p.text(s.Node, useMainRouteTable)
		f.Message = fmt.Sprintf("Subnet %s, an instance subnet of environment %s, has no route table association, so it uses the main route table of its VPC, which is not associated with S3 gateway endpoint %s; %s. %s",
			s.Name, e.Name(), ep.Name(), impact, remedy)
		f.Loc, f.Resource, f.Property = s.Node.Loc, s.Name, s.TablesProp
		f.Related = append(f.Related, Related{Loc: ep.Loc(), Message: "S3 gateway endpoint " + ep.Name()})
		p.Report(f, p.a.ownRouteTableFix(e, s, ep), s.Node, ep.Node, e.Node)
		return
	}
	var names []string
	for _, t := range off {
		names = append(names, tableName(t))
		if !t.Synthetic {
			f.Related = append(f.Related, Related{Loc: t.Loc, Message: "route table " + t.Name + " of subnet " + s.Name})
		}
	}
	which := names[0]
	if len(names) > 1 {
		which = strings.Join(names, " or ") + " (whichever applies under " + query.CondList(s.Conds) + ")"
	}
	f.Message = fmt.Sprintf("S3 gateway endpoint %s is not associated with %s of subnet %s, an instance subnet of environment %s; %s. "+
		"Add the subnet's route table to the endpoint's route tables.", ep.Name(), which, s.Name, e.Name(), impact)
	f.Loc, f.Resource, f.Property = ep.RouteTables.Loc(ep.Loc()), ep.Name(), ep.RouteTables.Prop
	fix := p.a.ownRouteTableFix(e, s, ep)
	for _, t := range off {
		if !t.Synthetic {
			fix = p.a.routeTableAssociationFix(t, ep)
			break
		}
	}
	p.Report(f, fix, ep.Node, e.Node)
}

// tableName names a route table for messages.
func tableName(rt *parsers.RouteTable) string {
	if rt.Synthetic {
		return "the VPC's main route table"
	}
	return "route table " + rt.Name
}

// onS3Gateway says whether rt is listed on an S3 gateway endpoint in every
// deployment: yes when a certain endpoint lists it unconditionally, maybe
// when only some condition branches, a doubtful endpoint or an unresolved
// item list it.
func (a *analysis) onS3Gateway(rt *parsers.RouteTable, certain, doubtful []*Endpoint, e *Env) (tri, string) {
	best := no
	var why []string
	for _, ep := range certain {
		switch t, w := a.lists(ep.RouteTables.Values, rt); t {
		case yes:
			return yes, ""
		case maybe:
			best = maybe
			why = append(why, ep.Name()+": "+w)
		}
	}
	for _, ep := range doubtful {
		if t, _ := a.lists(ep.RouteTables.Values, rt); t != no {
			best = maybe
			why = append(why, fmt.Sprintf("%s lists %s, but %s", ep.Name(), tableName(rt), e.Doubt(ep)))
		}
	}
	return best, strings.Join(why, "; ")
}

// lists says whether a RouteTableIds list holds rt, following condition
// branches (Fn::If on an item or on the whole list).
func (a *analysis) lists(items []parsers.Value, rt *parsers.RouteTable) (tri, string) {
	got := no
	var why []string
	for _, v := range items {
		t, w := a.listsValue(v, rt)
		if t == yes {
			return yes, ""
		}
		if t == maybe {
			why = append(why, w)
		}
		got = query.Any(got, t)
	}
	return got, strings.Join(why, "; ")
}

func (a *analysis) listsValue(v parsers.Value, rt *parsers.RouteTable) (tri, string) {
	switch v.Kind {
	case parsers.Absent:
		return no, ""
	case parsers.List:
		return a.lists(v.Elems(), rt)
	case parsers.Choice:
		var listed []bool
		var why []string
		for _, it := range v.Items() {
			t, w := a.listsValue(it, rt)
			if t == maybe {
				why = append(why, w)
			}
			listed = append(listed, t == yes)
		}
		switch {
		case len(why) > 0 && strings.HasPrefix(v.Cond(), "whether association "):
			// The association's route table is not known either: both
			// decide it.
			return maybe, strings.Join(why, "; ") + ", and it is listed only if " + strings.TrimPrefix(v.Cond(), "whether ")
		case len(why) > 0:
			return maybe, strings.Join(why, "; ")
		case !slices.Contains(listed, false):
			return yes, ""
		case !slices.Contains(listed, true):
			return no, ""
		case strings.HasPrefix(v.Cond(), "whether "):
			only := map[bool]string{true: " is listed only if ", false: " is listed unless "}[listed[0]]
			return maybe, tableName(rt) + only + strings.TrimPrefix(v.Cond(), "whether ")
		case listed[0]:
			return maybe, tableName(rt) + " is listed only when condition " + v.Cond() + " is true"
		}
		return maybe, tableName(rt) + " is listed only when condition " + v.Cond() + " is false"
	}
	switch a.q.SameNode(v, parsers.Value{}, rt) {
	case yes:
		return yes, ""
	case no:
		return no, ""
	}
	if v.Kind == parsers.Unknown {
		return maybe, "it lists a route table whose ID is unknown: " + v.Reason()
	}
	return maybe, "it lists " + query.DisplayName(v) + ", which " + query.DescribeMissing(v, "route table")
}
