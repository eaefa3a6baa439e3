package rules

import (
	"fmt"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// endpointsThatDoNotCount explains the endpoints of a service that exist but
// do not serve the environment (in another VPC, or for another region), and
// names the environment's VPC. what is how messages name the service ("it",
// "S3"), kind how related locations name an endpoint ("endpoint", "S3
// endpoint").
func (p *Pass) endpointsThatDoNotCount(e *Env, m EndpointMatch, what, kind string) (vpcName string, notes []string, related []Related) {
	for _, ep := range m.Elsewhere {
		notes = append(notes, fmt.Sprintf("Endpoint %s serves %s but is in VPC %s, not the environment's VPC, so it does not count.", ep.Name(), what, p.vpcLabel(ep.VPC, e)))
		related = append(related, Related{Loc: ep.Loc(), Message: kind + " " + ep.Name() + " in another VPC"})
	}
	rn, rr := otherRegionNotes(m.OtherRegion, e)
	notes, related = append(notes, rn...), append(related, rr...)
	vpcName = "the environment's VPC"
	if e.VPC != nil {
		vpcName = "VPC " + e.VPC.Name
		related = append(related, Related{Loc: e.VPC.Loc, Message: "VPC " + e.VPC.Name})
	}
	return vpcName, notes, related
}

// otherRegionNotes explains why endpoints named for another region than
// the environment's do not count (DOMAIN.md §2.1: endpoints don't support
// cross-Region requests), with where the deployment region is decided.
func otherRegionNotes(eps []*Endpoint, e *Env) (notes []string, related []Related) {
	for _, ep := range eps {
		notes = append(notes, fmt.Sprintf("Endpoint %s serves %s; the environment deploys in %s, and endpoints don't support cross-Region requests, so it does not count.",
			ep.Name(), ep.RegionText(), e.Region))
		related = append(related, Related{Loc: ep.Loc(), Message: "endpoint " + ep.Name() + " serves " + ep.RegionText()})
	}
	if len(eps) > 0 && !e.RegionLoc.IsZero() {
		related = append(related, Related{Loc: e.RegionLoc, Message: "deployment region " + e.Region})
	}
	return notes, related
}

// regionFixable returns the endpoint named for another region to correct
// when there is exactly one, else nil (then a new endpoint is the fix).
func regionFixable(eps []*Endpoint) *Endpoint {
	if len(eps) == 1 {
		return eps[0]
	}
	return nil
}

// reachPhrase says how sure the linter is that the subnets cannot reach a
// service without its endpoint.
func reachPhrase(scope []*Subnet) string {
	if scopedSeverity(Error, scope) == Error {
		return "have no other way to reach the service"
	}
	return "reach the service only if the network beyond the transit hop provides a path, which the linted inputs do not show"
}

// vpcLabel names another VPC for a message, with its file when its name
// is the same as the environment's VPC.
func (p *Pass) vpcLabel(v parsers.Value, e *Env) string {
	vpc, ok := parsers.LookupAs[*parsers.VPC](p.a.g, v)
	if !ok {
		return query.DisplayName(v)
	}
	if e.VPC != nil && vpc.Name == e.VPC.Name {
		return vpc.Name + " of " + vpc.Loc.File
	}
	return vpc.Name
}

// serviceImpact says what breaks without an endpoint for svc (DOMAIN.md
// §2.1, §10).
func serviceImpact(svc string) string {
	switch svc {
	case "elasticbeanstalk", "sqs":
		return "the deployment fails with " + errFailedToCommunicate
	case "cloudformation":
		return "the instances cannot signal the launch wait condition and the deployment fails with \"The following resource(s) failed to create: [AWSEBInstanceLaunchWaitCondition]\""
	case "logs":
		return "Elastic Beanstalk requires it for private environments, and without it the deployment fails with " + errFailedToCommunicate
	case "elasticbeanstalk-health":
		return "enhanced health reports cannot be sent and the environment's health shows \"No Data\" or degraded"
	case "ecr.api", "ecr.dkr":
		return "the instances cannot pull images from ECR and containers fail with CannotPullContainerError"
	case "ecs", "ecs-agent", "ecs-telemetry":
		return "the ECS agent cannot register or poll, so containers never start and the deployment times out"
	case "xray":
		return "the X-Ray daemon cannot send traces, which are lost"
	case "s3":
		return "downloading the application bundle and platform assets times out (\"Instance did not respond within the allowed command timeout\")"
	case "secretsmanager", "ssm":
		return "environment secrets cannot be fetched during instance bootstrapping, so the deployment fails"
	}
	return "the instances cannot reach the service"
}
