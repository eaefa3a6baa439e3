package rules

import (
	"slices"
	"sort"
)

// Fact is something rules depend on that the environment analysis works
// out once per run (through the query layer). A rule declares the facts
// its Check needs (Rule.Needs); when a fact is not known for an
// environment, the EB901 note about it names every enabled rule that
// needs it, so no rule keeps a list of the others.
type Fact string

// Facts of the environment analysis.
const (
	// FactSubnets: the environment's instance subnets (aws:ec2:vpc Subnets).
	FactSubnets Fact = "instance subnets"
	// FactPosture: the instance subnets' egress postures (route tables).
	FactPosture Fact = "subnet posture"
	// FactVPC: the environment's VPC as a resource of the inputs (its DNS
	// attributes).
	FactVPC Fact = "environment VPC"
	// FactServices: the interface endpoint services the environment
	// requires (platform, SystemType, XRayEnabled, environment secrets).
	FactServices Fact = "required services"
	// FactEndpoints: the VPC's endpoints per service.
	FactEndpoints Fact = "endpoints"
	// FactRouteTables: the route tables of the instance subnets, as
	// gateway endpoints list them.
	FactRouteTables Fact = "route tables"
	// FactSecurityGroups: security group flows.
	FactSecurityGroups Fact = "security groups"
	// FactEnvironmentType: whether the environment is load-balanced or a
	// single instance (aws:elasticbeanstalk:environment EnvironmentType).
	FactEnvironmentType Fact = "environment type"
	// FactELBSubnets: the subnets of a load-balanced environment's load
	// balancer (aws:ec2:vpc ELBSubnets).
	FactELBSubnets Fact = "load balancer subnets"
)

// envFacts are every fact of an environment's analysis, for a note about
// an environment none of them is known for.
var envFacts = []Fact{FactSubnets, FactPosture, FactVPC, FactServices, FactEndpoints, FactRouteTables, FactSecurityGroups, FactEnvironmentType, FactELBSubnets}

// rulesNeeding returns the IDs of the checked rules of catalog that need
// fact f, sorted.
func rulesNeeding(catalog []*Rule, f Fact) []string {
	var out []string
	for _, r := range catalog {
		if r.Check != nil && slices.Contains(r.Needs, f) {
			out = append(out, r.ID)
		}
	}
	sort.Strings(out)
	return out
}
