package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/query"
)

// EndpointZoneCoverage is EB304.
var EndpointZoneCoverage = &Rule{
	ID:       "EB304",
	Name:     "EndpointMissingInstanceZone",
	Severity: Warning,
	Title:    "Required interface endpoint has no subnet in an Availability Zone the instances run in",
	Tags:     []string{"endpoint", "availability-zone"},
	Needs:    []Fact{FactSubnets, FactPosture, FactServices, FactEndpoints, FactHubEndpoint},
	Check:    checkEndpointZones,
	Doc: doc(`Fires when an interface endpoint an Elastic Beanstalk environment in private subnets
requires (see EB301) has no subnet (´SubnetIds´, ´subnet_ids´) in an Availability Zone where the
environment runs instances: the zone of one of its isolated or transit instance subnets. The
finding points at the endpoint's subnets and names the instance subnets whose zone is left out.

Zones are compared, not subnets: an endpoint in dedicated endpoint subnets passes when those lie
in the instances' zones. Zones compare as in EB101 (zone names, zone IDs, or ´Fn::Select [i,
Fn::GetAZs …]´ within one template); when the inputs do not decide it (a subnet without a zone, a
zone name against a zone ID, a subnet outside the inputs, an endpoint whose subnets the inputs do
not show, such as a Terraform subnet association the plan cannot resolve), EB901 reports a note
instead. Only the
endpoints the instances use are checked: those with private DNS on when several serve a service,
and the S3 interface endpoint when the VPC has no S3 gateway endpoint.

## Why it breaks a private environment

Calls from one zone to an endpoint network interface in another still work, but when the
endpoint's only zone has an outage the instances elsewhere lose the service: with no other way out
of the VPC, the environment is cut off exactly when its other zone should carry it.

## Failing example

~~~yaml
LogsEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.logs
    VpcEndpointType: Interface
    PrivateDnsEnabled: true
    SubnetIds: [!Ref PrivateA]   # EB304: the instances also run in PrivateB's zone
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
    SubnetIds: [!Ref PrivateA, !Ref PrivateB]
~~~

~~~hcl
resource "aws_vpc_endpoint" "logs" {
  # ...
  subnet_ids = [aws_subnet.private_a.id, aws_subnet.private_b.id]
}
~~~

## Sources

[pl-interface] [cfn-vpce-res] [tf-vpce] [kc].
https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
`),
}

// checkEndpointZones reports EB304.
func checkEndpointZones(p *Pass) {
	for _, e := range p.PrivateEnvironments() {
		seen := map[*Endpoint]bool{}
		var bare []*Endpoint
		for _, req := range slices.Concat(e.Required(), s3InterfaceRequirement(p, e)) {
			for _, ep := range usedEndpoints(p.Endpoints(e, req.Service), req.Service != "s3") {
				switch {
				case seen[ep]:
				case len(ep.Subnets.Values) == 0:
					bare = append(bare, ep)
				default:
					checkEndpointZone(p, e, ep, req)
				}
				seen[ep] = true
			}
		}
		if len(bare) > 0 {
			// No subnets in the inputs says nothing about the zones: a
			// Terraform subnet association whose endpoint is known only
			// after apply cannot be followed.
			var names []string
			for _, ep := range bare {
				names = append(names, ep.Name())
			}
			p.Unverified(e, Unknown{
				Loc: e.SubnetsLoc(), Resource: e.SubnetsResource(), Property: e.SubnetsProperty(), Subject: "endpoint subnets",
				What: fmt.Sprintf("in which Availability Zones the interface endpoints %s of environment %s have network interfaces is unknown: the linted inputs give them no subnets",
					nameList(names), e.Name()),
				Decide: p.text(e.Node, decideEndpointSubnets),
			}, endpointNodes(bare)...)
		}
	}
}

// endpointSubnet is one subnet element of an endpoint.
type endpointSubnet struct {
	node *parsers.Subnet // nil when not a subnet of the inputs
	why  string          // why it is not, or the condition that lists it
	cond bool            // listed only under an undecided condition
	// assoc is the entry of an association whose endpoint ID is not known
	// that lists the subnet (a "whether association" Choice), in the
	// endpoint's list; nil otherwise (a pointer: the endpoints of a large
	// plan are many, and few have one).
	assoc *parsers.Value
}

// checkEndpointZone judges one endpoint against the zones of e's in-scope
// instance subnets.
func checkEndpointZone(p *Pass, e *Env, ep *Endpoint, req Requirement) {
	// Usually one per listed value: sized once, not grown (the endpoints
	// of a large plan are many).
	subs := make([]endpointSubnet, 0, len(ep.Subnets.Values))
	for i := range ep.Subnets.Values {
		alts, cond := query.BranchesAt(ep.Subnets.Values, i)
		for j := range alts {
			for _, el := range parsers.ElemsAt(alts, j) {
				es := endpointSubnet{cond: cond != ""}
				if n, ok := parsers.LookupAs[*parsers.Subnet](p.a.g, el); ok {
					es.node = n
					switch {
					case strings.HasPrefix(cond, "whether association "):
						es.why = n.Name + " is listed only if " + strings.TrimPrefix(cond, "whether ")
						es.assoc = &ep.Subnets.Values[i]
					case cond != "":
						es.why = n.Name + " is listed only under " + query.CondList([]string{cond})
					}
				} else if !el.IsAbsent() {
					es.why = "endpoint subnet " + query.DisplayName(el) + " " + query.DescribeMissing(el, "subnet")
				}
				if es.node != nil || es.why != "" {
					subs = append(subs, es)
				}
			}
		}
	}
	var missing []*Subnet
	var why []string
	var assocs []parsers.Value // the association entries among the reasons
	for _, s := range e.InScope() {
		if s.Node == nil {
			continue
		}
		covered, undecided := false, []string(nil)
		for _, es := range subs {
			if covered {
				break // what the other subnets leave undecided no longer matters
			}
			if es.node == nil {
				undecided = append(undecided, es.why)
				continue
			}
			switch a := p.a.q.SameZone(s.Node, es.node); a.Tri {
			case yes:
				if es.cond {
					undecided = append(undecided, es.why)
					if es.assoc != nil && es.assoc.Kind != parsers.Absent {
						assocs = append(assocs, *es.assoc)
					}
				} else {
					covered = true
				}
			case maybe:
				undecided = append(undecided, a.Why...)
			}
		}
		switch {
		case covered:
		case len(undecided) > 0:
			why = append(why, undecided...)
		default:
			missing = append(missing, s)
		}
	}
	loc := ep.Subnets.Loc(ep.Loc())
	prop := ep.Subnets.Prop
	if len(missing) == 0 {
		if len(why) > 0 {
			u := Unknown{
				Loc: loc, Resource: ep.Name(), Property: prop, Subject: ep.Name() + "/" + prop + " Availability Zones",
				What: fmt.Sprintf("whether interface endpoint %s for %s has a subnet in every Availability Zone where environment %s runs instances is unknown (%s)",
					ep.Name(), endpointName(e.Region, req.Service), e.Name(), strings.Join(query.Uniq(why), "; ")),
				Decide: p.text(ep.Node, decideZones),
			}
			if len(assocs) > 0 && len(assocs) == len(why) {
				p.unresolvedZones(e, ep, req, u, query.Uniq(why), assocs)
				return
			}
			p.Unverified(e, u, ep.Node)
		}
		return
	}
	var have []*Subnet
	for _, es := range subs {
		if es.node != nil {
			have = append(have, &Subnet{Name: es.node.Name, Node: es.node})
		}
	}
	where := "its subnets are " + p.a.withZones(have)
	if len(have) == 0 {
		where = "none of its subnets is a subnet of the linted inputs"
	}
	p.Report(Finding{
		Severity: scopedSeverity(p.Rule.Severity, missing),
		Message: fmt.Sprintf("Interface endpoint %s for %s has no subnet in the Availability Zone of instance subnet%s %s of environment %s: %s. "+
			"The instances there reach the endpoint across zones, but when its zone fails they lose the service, with no other way out of the VPC, just when the environment's other zones should carry it. "+
			"Add a subnet in each zone the instances run in to the endpoint.",
			ep.Name(), endpointName(e.Region, req.Service), plural(len(missing)), p.a.withZones(missing), e.Name(), where),
		Loc:         loc,
		Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
		Resource: ep.Name(),
		Property: prop,
		Subject:  endpointName("<region>", req.Service),
		Related:  []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
	}, p.a.endpointSubnetsFix(ep, have, missing), ep.Node, e.Node)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// endpointSubnetsFix lists on an endpoint its subnets of the inputs plus
// one of the instance subnets of each zone it misses.
func (a *analysis) endpointSubnetsFix(ep *Endpoint, have, missing []*Subnet) Fix {
	list := append([]*Subnet(nil), have...)
	for _, s := range missing {
		dup := false
		for _, t := range list {
			dup = dup || a.q.SameZone(s.Node, t.Node).Tri == yes
		}
		if !dup {
			list = append(list, s)
		}
	}
	note := "one subnet in each Availability Zone the instances run in"
	if len(have) < len(ep.Subnets.Values) {
		note += "; keep the subnets listed that the linted inputs do not define"
	}
	return Fix{
		CloudFormation: a.onResource(ep.Node, "List on "+ep.Name()+" "+note+".", func(p *cfnPlace) []edit.Edit {
			var add []edit.Value
			for _, s := range list {
				if v, ok := p.subnet(s); ok {
					add = append(add, v)
				}
			}
			return []edit.Edit{a.appendTo(ep.Node, add, "SubnetIds")}
		}),
		Terraform: tfEndpointSubnetsFix(ep, list[len(have):], note),
	}
}

// unresolvedZones records the note about endpoint ep's zones when all that
// leaves them open is subnet associations whose endpoint ID is not known
// (assocs, their entries; why, what they leave open): each such
// association may be for any interface endpoint of its plan, so the
// question is the same for every endpoint it may name, and one note per
// environment and set of associations lists them all (Unknown.Asked),
// related to the associations' vpc_endpoint_id, which decides it.
func (p *Pass) unresolvedZones(e *Env, ep *Endpoint, req Requirement, u Unknown, why []string, assocs []parsers.Value) {
	var conds []string
	for _, v := range assocs {
		if !slices.Contains(conds, v.Cond()) {
			conds = append(conds, v.Cond())
			u.Related = append(u.Related, Related{Loc: v.Loc, Message: "the endpoint ID, not known, of the association that lists " + query.DisplayName(v.Items()[0])})
		}
	}
	slices.Sort(conds)
	u.Subject = "endpoint subnets of " + strings.Join(conds, "; ")
	u.Asked = ep.Name() + " (" + endpointName(e.Region, req.Service) + ")"
	reasons := strings.Join(why, "; ")
	u.WhatOf = func(asked []string) string {
		return fmt.Sprintf("whether interface endpoints %s have a subnet in every Availability Zone where environment %s runs instances is unknown (%s)",
			nameList(asked), e.Name(), reasons)
	}
	u.Decide = p.text(ep.Node, decideAssociation)
	p.Unverified(e, u, ep.Node)
}
