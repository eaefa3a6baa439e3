// Package query is beanlint's query layer: format-neutral questions about a
// parsers.Graph, with three-valued answers (Yes, No, Maybe) that carry the
// reasons behind them. Rules (package rules) ask these questions and never
// read parser structures for what the questions answer; the questions know
// nothing of rules.
//
// One Q serves a whole run. Every answer is computed on first use and kept
// (environment settings, route-table postures, subnet routing, the security
// groups Elastic Beanstalk creates):
//
//	q := query.New(graph, query.WithServiceNames(parse))
//
// The caller hands in how endpoint service names parse (the region patterns
// belong to the rules' service catalog); without it no endpoint's service
// is classified.
//
// # Environments
//
//	q.Environments()           every environment that sets aws:ec2:vpc, analysed once:
//	                           Settings, VPC (VPCId, else its subnets') and VPCValue, the
//	                           Subnets setting (HasSubnets, SubnetsOwner, SubnetsLoc,
//	                           SubnetsProperty), the instance Subnets with postures, and
//	                           Region (RegionKnown and RegionLoc when the input decides it,
//	                           else the one the VPC's endpoints name; Regions when several)
//	q.InVPC(ep, env)           whether an endpoint is in the environment's VPC
//	q.Settings(env)            effective option settings (environment > template > source chain)
//	q.LoadBalancerType(env)    "application", "network", "classic", "" (single instance), "unknown"
//	q.ProcessPort(env)         process port (default 80), Maybe when not a known number
//	q.InstanceGroups(env)      groups on the instances: the settings' SecurityGroups plus the
//	                           group EB creates unless DisableDefaultEC2SecurityGroup is true
//	q.LoadBalancerGroups(env)  groups on the load balancer, with EB's own unless replaced
//
// The groups Elastic Beanstalk creates are not in any input; the query layer
// models them (DOMAIN.md §5.3) as synthetic security groups that Lookup and
// Allows resolve like any other: the instance group allows all egress and
// ingress on the process port from the load balancer's groups; the load
// balancer group admits TCP 80 from anywhere and sends the process port out.
//
// # Subnets
//
//	q.SubnetElem(v, option)    one element of a subnet list (Subnets, ELBSubnets) resolved,
//	                           with its Posture and the reason (PostureUnknown when not in the inputs)
//	q.SubnetOf(subnet)         a subnet of the inputs with its Posture
//	                           (a Subnet of the inputs also carries its VPCValue, its VPC
//	                           when in the inputs, and TablesProp, the route-table property)
//	SubnetElems(v)             a list's elements, both branches of undecided conditions, each once
//	q.DeploymentRegion(node)   the region the input declaring node deploys in, when it decides it
//	q.Routing(subnet)          route tables (explicit association, else the VPC main table),
//	                           the conditions that choose them, and the egress Posture
//	q.TablePosture(rt)         the posture one route table gives
//	q.NetworkACLs(subnet)      explicit ACL association, else the VPC default ACL
//	q.Zone(subnet)             zone name, zone ID and Fn::GetAZs index, kept apart
//	q.SameZone(a, b)           Yes/No when names, IDs or GetAZs indexes decide it
//	q.ZoneCount(subnets)       lower and upper bound of the distinct zones spanned
//
// Posture is decided by IPv4 routes (RULES.md): a ::/0 route, to an
// egress-only internet gateway or anything else, gives the instances no way
// out, so a subnet whose only default route is ::/0 is Isolated.
//
// # Endpoints
//
//	q.Endpoints()              every VPC endpoint, classified, in graph order
//	q.EndpointsIn(vpc)         those placed in vpc and those whose VPC is not in the inputs
//	q.EndpointsPlacedIn(vpc)   those placed in vpc
//	q.EndpointsOf(svc)         those whose service name classifies as svc ("sqs", "ecr.dkr")
//	q.EndpointsFor(env, svc)   what env's VPC holds for svc, once per environment and service:
//	                           Found, Doubtful (env.Doubt says why), Elsewhere (a few),
//	                           Undecided, OtherRegion (env.OtherRegion) and Hub zones
//
// An Endpoint carries its parsed ServiceName (Classified, else Why), its Type
// (Gateway when not set), PrivateDNS as a three-valued Flag (not set means
// false), and its VPC, Policy, Subnets, SecurityGroups and RouteTables, each
// list with its property name as the input writes it (List.Prop, List.Loc).
//
// # Flows
//
// Security groups:
//
//	a := q.Allows(groups, query.Flow{
//		Direction: query.Ingress,
//		Protocol:  "tcp",
//		Ports:     query.Port(443),
//		Peer:      query.Peer{Groups: q.InstanceGroups(env).Values, Subnet: instanceSubnet},
//	})
//	a.Tri, a.Reason(), a.Groups, a.Peers
//
// Allows unions every rule of every group on the interface; protocol names
// and numbers and -1/all, port ranges, IPv4/IPv6 CIDRs, groups and prefix
// lists count. Every port of Ports must be allowed (by one rule or several).
//
// Network ACLs (stateless: ask for the request and the reply separately):
//
//	q.ACLAllows(acl, query.ACLFlow{Direction: query.Egress, Protocol: "tcp",
//		Ports: query.Port(443), Peer: endpointSubnetPrefix})
//	q.SubnetAllows(subnet, flow)   over every ACL that may govern the subnet
//
// Rules are evaluated in rule-number order, the first match decides, and the
// final "*" rule denies the rest; ACLAnswer.Entry is the rule that denies.
//
// # Values
//
// Prefix reads a CIDR value, Covers says whether a CIDR holds a subnet,
// SameNode whether a value designates a node (or the same unknown),
// Branches, DescribeMissing and DisplayName help rules word messages.
package query
