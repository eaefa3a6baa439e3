package rules

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/query"
)

// NetworkACLBlocksEndpoints is EB501.
var NetworkACLBlocksEndpoints = &Rule{
	ID:       "EB501",
	Name:     "NetworkACLBlocksEndpointPath",
	Severity: Error,
	Title:    "A network ACL denies the path between the instances and the endpoints",
	Tags:     []string{"network-acl", "endpoint"},
	Needs:    []Fact{FactSubnets, FactPosture, FactServices, FactEndpoints, FactHubEndpoint},
	Check:    checkNetworkACLs,
	Doc: doc(`Fires when a network ACL on an instance subnet or an interface-endpoint subnet denies
the endpoint path. ACLs are stateless, so both directions are checked:

| ACL on | outbound | inbound |
|---|---|---|
| instance subnet | TCP 443 to each endpoint subnet; TCP 443 to ´0.0.0.0/0´ (S3 through the gateway endpoint) | TCP 1024–65535 (the replies) from each endpoint subnet and from ´0.0.0.0/0´ |
| endpoint subnet | TCP 1024–65535 to each instance subnet | TCP 443 from each instance subnet |

Rules are evaluated in rule-number order, the first match wins, and the final ´*´ rule denies
the rest; a subnet without an explicit association uses the VPC default ACL, which allows all
traffic (a Terraform ´aws_default_network_acl´ replaces its rules with those it declares). One
finding per ACL, on the ACL, listing the flows it denies and the rule that denies each (or the
final ´*´ rule). An entry the linter cannot decide (a parameter, a condition) gives an EB901 note.

The endpoints checked are those the instances use (see EB401): in isolated and transit subnets
every required interface endpoint, and in ´nat´ subnets too those with private DNS on, which
capture their service's traffic whatever the default route; the S3 row
applies to isolated and transit subnets when the VPC has an S3 gateway endpoint. Traffic between
an instance and an endpoint interface in the same subnet does not cross the subnet's ACL and is
not checked. Services served by a hub VPC (a Route 53 private hosted zone) are not checked: their
endpoint subnets are not in the inputs (EB901).

## Why it breaks a private environment

A denied request or a dropped reply makes the instances' HTTPS calls time out: "The EC2
instances failed to communicate with AWS Elastic Beanstalk", or "Instance did not respond within
the allowed command timeout" for S3 [vpc-nacl] [eb-ts].

## Failing example

~~~yaml
EndpointAcl:                      # EB501: replies to the instances' ports 1024-65535 are dropped
  Type: AWS::EC2::NetworkAcl
  Properties:
    VpcId: !Ref Vpc
EndpointAclIn443:
  Type: AWS::EC2::NetworkAclEntry
  Properties:
    NetworkAclId: !Ref EndpointAcl
    RuleNumber: 100
    Protocol: 6
    RuleAction: allow
    CidrBlock: 10.0.0.0/16
    PortRange: {From: 443, To: 443}
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
EndpointAclOutEphemeral:
  Type: AWS::EC2::NetworkAclEntry
  Properties:
    NetworkAclId: !Ref EndpointAcl
    RuleNumber: 110
    Protocol: 6
    RuleAction: allow
    Egress: true
    CidrBlock: 10.0.0.0/16
    PortRange: {From: 1024, To: 65535}
~~~

~~~hcl
resource "aws_network_acl_rule" "endpoints_out_ephemeral" {
  network_acl_id = aws_network_acl.endpoints.id
  rule_number    = 110
  egress         = true
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = aws_vpc.main.cidr_block
  from_port      = 1024
  to_port        = 65535
}
~~~

Pick a rule number below any deny rule that matches the flow.

## Sources

[vpc-nacl] [pl-interface] [pl-gw] [tf-default-nacl] [eb-ts].
`),
}

// aclFlow is one flow of the endpoint path an ACL must allow.
type aclFlow struct {
	flow   query.ACLFlow
	subnet *parsers.Subnet // the subnet whose ACLs are asked
	// between names the two ends: "instance subnet A", "subnet B of
	// endpoint X" (rendered only for a flow an ACL denies: an environment
	// asks instance subnets × endpoint subnets × 4 flows).
	between  [2]string
	services []string
}

// purpose says what the flow is for, for messages.
func (f aclFlow) purpose() string { return "between " + f.between[0] + " and " + f.between[1] }

// aclDenial is what one ACL denies.
type aclDenial struct {
	acl   *parsers.NetworkACL
	flows []string
	// fix are the denied flows, each once, for the fix to allow.
	fix []query.ACLFlow
}

// checkNetworkACLs reports EB501.
func checkNetworkACLs(p *Pass) {
	q := p.Query()
	for _, e := range p.Environments() {
		c := newACLCheck(p, e)
		for _, req := range slices.Concat(e.Required(), s3InterfaceRequirement(p, e)) {
			m := p.Endpoints(e, req.Service)
			for _, ep := range usedEndpoints(m, true) {
				endpointPath(q, p.a, ep, endpointUsers(e, m, ep, req.Service != "s3"), endpointName(e.Region, req.Service), c)
			}
		}
		if s3GatewayIn(p, e) {
			for _, s := range e.InScope() {
				s3Path(s, c)
			}
		}
		c.report()
	}
}

// s3GatewayIn reports whether the environment's VPC has an S3 gateway
// endpoint, which the instances reach at S3's public addresses.
func s3GatewayIn(p *Pass, e *Env) bool {
	for _, ep := range p.Endpoints(e, "s3").Candidates() {
		if ep.IsGateway() {
			return true
		}
	}
	return false
}

// endpointPath asks c the flows between instance subnets users and the
// subnets of endpoint ep (DOMAIN.md §7 "Openings needed").
func endpointPath(q *query.Q, a *analysis, ep *Endpoint, users []*Subnet, service string, c *aclCheck) {
	subnets, _ := a.subnetsOf(parsers.Value{Kind: parsers.List}.WithItems(ep.Subnets.Values))
	type epSubnet struct {
		node   *parsers.Subnet
		prefix netip.Prefix
		open   bool
	}
	epSubnets := make([]epSubnet, 0, len(subnets))
	for _, es := range subnets {
		if epp, ok := q.Prefix(es.CIDR); ok {
			epSubnets = append(epSubnets, epSubnet{es, epp, c.open(es, epp)})
		}
	}
	services := []string{service}
	for _, u := range users {
		if u.Node == nil {
			continue
		}
		inst, ok := q.Prefix(u.Node.CIDR)
		if !ok {
			continue
		}
		userOpen := c.open(u.Node, inst)
		for _, es := range epSubnets {
			if es.node == u.Node {
				continue // the same subnet: no ACL between them
			}
			if userOpen && es.open && inst.Addr().Is4() == es.prefix.Addr().Is4() {
				continue // neither end's ACLs can deny or leave a flow undecided
			}
			between := [2]string{"instance subnet " + u.Name, "subnet " + es.node.Name + " of endpoint " + ep.Name()}
			c.askPair(u.Node, es.node, [4]aclFlow{
				{flow: query.ACLFlow{Direction: query.Egress, Protocol: query.TCP, Ports: query.Port(443), Peer: es.prefix}, subnet: u.Node, between: between, services: services},
				{flow: query.ACLFlow{Direction: query.Ingress, Protocol: query.TCP, Ports: query.EphemeralPorts, Peer: es.prefix}, subnet: u.Node, between: between, services: services},
				{flow: query.ACLFlow{Direction: query.Ingress, Protocol: query.TCP, Ports: query.Port(443), Peer: inst}, subnet: es.node, between: between, services: services},
				{flow: query.ACLFlow{Direction: query.Egress, Protocol: query.TCP, Ports: query.EphemeralPorts, Peer: inst}, subnet: es.node, between: between, services: services},
			})
		}
	}
}

// s3Path asks c the flows of an instance subnet to S3 through the gateway
// endpoint: S3 has no static CIDR, so 0.0.0.0/0 (DOMAIN.md §7).
func s3Path(s *Subnet, c *aclCheck) {
	if s.Node == nil {
		return
	}
	anywhere := netip.MustParsePrefix("0.0.0.0/0")
	between := [2]string{"instance subnet " + s.Name, "S3 (through the gateway endpoint, at S3's public addresses)"}
	c.ask(aclFlow{flow: query.ACLFlow{Direction: query.Egress, Protocol: query.TCP, Ports: query.Port(443), Peer: anywhere}, subnet: s.Node, between: between, services: []string{"S3"}})
	c.ask(aclFlow{flow: query.ACLFlow{Direction: query.Ingress, Protocol: query.TCP, Ports: query.EphemeralPorts, Peer: anywhere}, subnet: s.Node, between: between, services: []string{"S3"}})
}

// reportACLs asks each ACL that governs a flow's subnet about it and
// reports one finding per ACL that denies some flow, and one note per ACL
// that may.
// aclCheck collects, for one environment, what the network ACLs on its
// endpoint path deny or leave undecided, in the order first met.
type aclCheck struct {
	p         *Pass
	e         *Env
	order     []*parsers.NetworkACL
	denied    map[*parsers.NetworkACL]*aclDenial
	undecided map[*parsers.NetworkACL][]string
	aclsOf    map[*parsers.Subnet][]*parsers.NetworkACL
	// allowedPairs holds the pairs of an instance subnet and an endpoint
	// subnet whose ACLs allow all four flows of the endpoint path: every
	// endpoint that shares the subnets asks the same flows again.
	allowedPairs map[[2]*parsers.Subnet]bool
	// opened holds, per subnet and address family (true: IPv6), whether
	// its ACLs allow all TCP traffic both ways (open).
	opened map[openKey]bool
}

type openKey struct {
	s   *parsers.Subnet
	ip6 bool
}

func newACLCheck(p *Pass, e *Env) *aclCheck {
	return &aclCheck{p: p, e: e,
		denied:       map[*parsers.NetworkACL]*aclDenial{},
		undecided:    map[*parsers.NetworkACL][]string{},
		aclsOf:       map[*parsers.Subnet][]*parsers.NetworkACL{},
		allowedPairs: map[[2]*parsers.Subnet]bool{},
		opened:       map[openKey]bool{},
	}
}

// acls returns the ACLs that may govern subnet s.
func (c *aclCheck) acls(s *parsers.Subnet) []*parsers.NetworkACL {
	acls, seen := c.aclsOf[s]
	if !seen {
		acls, _ = c.p.Query().NetworkACLs(s)
		c.aclsOf[s] = acls
	}
	return acls
}

// open reports whether every ACL that may govern subnet s allows all TCP
// traffic, both ways, with every address of peer's family. Then each flow
// of the endpoint path on s (TCP, some ports, one peer of that family) is
// allowed too: an ACL that allows the whole range allows each part of it
// (rules only match fewer ports and addresses of a part), so the flows
// need not be asked one by one. A subnet of an environment's VPC usually
// has only the default ACL, which allows everything.
func (c *aclCheck) open(s *parsers.Subnet, peer netip.Prefix) bool {
	k := openKey{s, peer.Addr().Is6()}
	if o, seen := c.opened[k]; seen {
		return o
	}
	everyone := netip.MustParsePrefix("0.0.0.0/0")
	if k.ip6 {
		everyone = netip.MustParsePrefix("::/0")
	}
	q := c.p.Query()
	o := true
	for _, acl := range c.acls(s) {
		for _, d := range []query.Direction{query.Egress, query.Ingress} {
			if q.ACLAllows(acl, query.ACLFlow{Direction: d, Protocol: query.TCP, Ports: query.AllPorts, Peer: everyone}).Tri != yes {
				o = false
			}
		}
	}
	c.opened[k] = o
	return o
}

// ask asks every ACL that may govern f's subnet whether it allows f.
// It reports whether they all allow it.
func (c *aclCheck) ask(f aclFlow) bool {
	q := c.p.Query()
	all := true
	for _, acl := range c.acls(f.subnet) {
		a := q.ACLAllows(acl, f.flow)
		if a.Tri == yes {
			continue
		}
		all = false
		if _, seen := c.denied[acl]; !seen && len(c.undecided[acl]) == 0 {
			c.order = append(c.order, acl)
		}
		if a.Tri == maybe {
			c.undecided[acl] = append(c.undecided[acl], a.Why...)
			continue
		}
		d := c.denied[acl]
		if d == nil {
			d = &aclDenial{acl: acl}
			c.denied[acl] = d
		}
		if !slices.Contains(d.fix, f.flow) {
			d.fix = append(d.fix, f.flow)
		}
		d.flows = append(d.flows, fmt.Sprintf("%s %s (%s)", f.flow, f.purpose(), a.Reason()))
	}
	return all
}

// askPair asks the four flows of the endpoint path between an instance
// subnet and an endpoint subnet, unless they were all allowed already.
func (c *aclCheck) askPair(user, ep *parsers.Subnet, flows [4]aclFlow) {
	k := [2]*parsers.Subnet{user, ep}
	if c.allowedPairs[k] {
		return
	}
	all := true
	for _, f := range flows {
		all = c.ask(f) && all
	}
	if all {
		c.allowedPairs[k] = true
	}
}

// report reports each ACL that denies a flow (EB501), or leaves one
// undecided (EB901).
func (c *aclCheck) report() {
	p, e := c.p, c.e
	for _, acl := range c.order {
		if d := c.denied[acl]; d != nil {
			reportACL(p, e, d)
			continue
		}
		p.Unverified(e, Unknown{
			Loc: acl.Loc, Resource: acl.Name, Property: "entries", Subject: "network ACL " + acl.Name,
			What:   fmt.Sprintf("whether network ACL %s allows the path between environment %s's instances and its endpoints is unknown (%s)", acl.Name, e.Name(), strings.Join(query.Uniq(c.undecided[acl]), "; ")),
			Decide: p.text(acl, decideACL),
		}, acl)
	}
}

func reportACL(p *Pass, e *Env, d *aclDenial) {
	flows := query.Uniq(d.flows)
	p.Report(Finding{
		Message: fmt.Sprintf("Network ACL %s denies the path between environment %s's instances and the endpoints they use: %s. "+
			"Network ACLs are stateless, so the requests (TCP 443) and their replies (TCP 1024-65535) must both be allowed; "+
			"otherwise the instances' HTTPS calls time out and the deployment fails with %s. "+
			"Add allow rules for these flows with rule numbers below any deny rule that matches them.",
			d.acl.Name, e.Name(), strings.Join(flows, "; "), errFailedToCommunicate),
		Loc:         d.acl.Loc,
		Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
		Resource: d.acl.Name,
		Subject:  "endpoint path",
		Related:  []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
	}, p.a.aclEntryFix(d.acl, d.fix), d.acl, e.Node)
}

// aclEntryFix allows the denied flows on acl, each by an allow rule
// numbered below every deny rule of its direction (at most 90), on a
// number the ACL does not use in that direction.
func (a *analysis) aclEntryFix(acl *parsers.NetworkACL, flows []query.ACLFlow) Fix {
	used := map[bool]map[string]bool{true: {}, false: {}}
	start := map[bool]int{true: 90, false: 90}
	for _, e := range acl.Entries {
		egress := e.Egress.Kind == parsers.Known && e.Egress.Str == "true"
		used[egress][e.RuleNumber.Str] = true
		if n, err := strconv.Atoi(e.RuleNumber.Str); err == nil && e.Allow.Str == "deny" && n <= start[egress] {
			start[egress] = n - 1
		}
	}
	for egress, n := range start {
		for m := n + 1; m <= 90; m++ {
			used[egress][strconv.Itoa(m)] = true // above a deny rule
		}
	}
	cfn := a.onResource(acl, "Allow the denied flows on "+acl.Name+".", func(p *cfnPlace) []edit.Edit {
		var edits []edit.Edit
		for _, f := range flows {
			n := freeRule(used, f.Direction == query.Egress)
			edits = append(edits, p.aclEntry(p.name(fmt.Sprintf("%s%sAllow%d", logicalName(acl.Name), direction(f), n)),
				p.ref(acl, "", "NetworkAcl", "the ACL named in the finding"), n, f.Direction == query.Egress, f.Peer.String(), f.Ports.From, f.Ports.To))
		}
		return edits
	})
	tfUsed := map[bool]map[string]bool{true: {}, false: {}}
	for k, v := range used {
		for n := range v {
			tfUsed[k][n] = true
		}
	}
	return Fix{CloudFormation: cfn, Terraform: a.tfACLEntryFix(acl, flows, tfUsed)}
}

// direction names a flow's direction in a resource name.
func direction(f query.ACLFlow) string {
	if f.Direction == query.Egress {
		return "Out"
	}
	return "In"
}

// freeRule returns the highest rule number from 90 down that used does
// not hold in the direction, and marks it used.
func freeRule(used map[bool]map[string]bool, egress bool) int {
	n := 90
	for ; n > 1 && used[egress][strconv.Itoa(n)]; n-- {
	}
	used[egress][strconv.Itoa(n)] = true
	return n
}
