package rules

import (
	"slices"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// Admission is the answer to "do an endpoint's security groups admit TCP
// 443 from the environment's instances?" (DOMAIN.md §5), per instance
// subnet, from the query layer's flow question.
type Admission struct {
	Allowed tri
	// Groups are the endpoint's effective groups (the VPC default group
	// when the endpoint lists none); Default is true in that case.
	Groups  []*parsers.SecurityGroup
	Default bool
	// Blocked are the instance subnets no rule admits (Allowed is no).
	Blocked []*Subnet
	// Undecided says what the linter could not resolve when Allowed is
	// maybe.
	Undecided []string
	// Sources names the sources the groups' rules admit TCP 443 from
	// (CIDRs, groups, prefix lists), whether or not they cover the
	// instances.
	Sources []string
}

// instanceGroups are the groups attached to an environment's instances
// through aws:autoscaling:launchconfiguration SecurityGroups.
func (a *analysis) instanceGroups(e *Env) []parsers.Value {
	return a.q.InstanceGroups(e.Node).Configured
}

// admits evaluates the endpoint's groups against the instances in subnets:
// inbound TCP 443 from the instances' groups or their subnet, each subnet
// on its own (groups and rules combine by union, DOMAIN.md §5.1).
func (a *analysis) admits(ep *Endpoint, e *Env, subnets []*Subnet) Admission {
	var ad Admission
	groups := ep.SecurityGroups.Values
	if len(groups) == 0 {
		ad.Default = true
		vpc, ok := parsers.LookupAs[*parsers.VPC](a.g, ep.VPC)
		if !ok {
			ad.Allowed = maybe
			ad.Undecided = append(ad.Undecided, "the endpoint has no security groups and its VPC's default security group is not in the linted inputs")
			return ad
		}
		groups = []parsers.Value{vpc.DefaultSecurityGroup}
	}
	inst := a.q.InstanceGroups(e.Node).Values
	ad.Allowed = yes
	for _, s := range subnets {
		peer := query.Peer{Groups: inst, Subnet: s.Node}
		if s.Node == nil {
			peer.CIDR = parsers.UnknownValue("the CIDR of subnet "+s.Name+" is not known", parsers.Location{})
		}
		fa := a.q.Allows(groups, query.Flow{Direction: query.Ingress, Protocol: query.TCP, Ports: query.Port(443), Peer: peer})
		for _, sg := range fa.Groups {
			if !slices.Contains(ad.Groups, sg) {
				ad.Groups = append(ad.Groups, sg)
			}
		}
		for _, p := range fa.Peers {
			if !slices.Contains(ad.Sources, p) {
				ad.Sources = append(ad.Sources, p)
			}
		}
		switch fa.Tri {
		case no:
			ad.Allowed = no
			ad.Blocked = append(ad.Blocked, s)
		case maybe:
			ad.Undecided = append(ad.Undecided, fa.Why...)
			if ad.Allowed == yes {
				ad.Allowed = maybe
			}
		}
	}
	return ad
}
