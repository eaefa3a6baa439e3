package query

import (
	"regexp"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// zoneRegion matches a region label of a service's DNS name (DOMAIN.md
// §2.2), or CloudFormation's symbolic ${AWS::Region}. It is compiled where
// a hosted zone is examined, not at start-up.
const zoneRegion = `^([a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+|\$\{aws::region\})$`

// ServiceZones returns the Route 53 private hosted zones named for service
// svc's DNS name, <svc>.<region>.amazonaws.com (a trailing dot and letter
// case do not matter), that are associated with the VPC vpcV designates
// (vpc is its node, or nil when it is not in the inputs): such a zone
// answers the service's name in that VPC, so the service is reached through
// an endpoint elsewhere (a hub VPC; issue 7). region is the deployment
// region when known: a zone naming another region does not count. A parent
// zone (amazonaws.com) does not count, nor a zone whose association with
// the VPC the inputs do not decide.
func (q *Q) ServiceZones(svc, region string, vpcV parsers.Value, vpc parsers.Node) []*parsers.HostedZone {
	var out []*parsers.HostedZone
	for _, hz := range q.g.HostedZones {
		if !zoneServes(hz.ZoneName, svc, region) {
			continue
		}
		for _, v := range hz.VPCs {
			if q.SameNode(v, vpcV, vpc) == Yes {
				out = append(out, hz)
				break
			}
		}
	}
	return out
}

// zoneServes says whether a zone name is svc's DNS name in region.
func zoneServes(name parsers.Value, svc, region string) bool {
	text, ok := name.Text()
	if !ok {
		return false
	}
	text = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(text), "."))
	rest, ok := strings.CutPrefix(text, strings.ToLower(svc)+".")
	if !ok {
		return false
	}
	label, ok := strings.CutSuffix(rest, ".amazonaws.com")
	if !ok || !regexp.MustCompile(zoneRegion).MatchString(label) {
		return false
	}
	return region == "" || strings.HasPrefix(label, "${") || label == strings.ToLower(region)
}
