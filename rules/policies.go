package rules

import (
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/policy"
	"github.com/beanlint/beanlint/rules/query"
)

// This file asks endpoint policies (package policy) the questions of
// EB601–EB603 and EB902: which requests the instances make through an
// endpoint, who signs them, and what the endpoint's policy answers.

// signer is who signs a request the instances make (RULES.md EB902).
type signer uint8

const (
	// instanceRole: the role of the environment's instance profile, for
	// the Beanstalk buckets and the environment's own bucket.
	instanceRole signer = iota
	// presigned: a URL presigned by the service (the CloudFormation
	// wait-condition reply, ECR image layers), a principal outside the
	// account.
	presigned
)

// s3Need is one (action, resource) pair the instances need from S3
// (RULES.md EB601, EB602; DOMAIN.md §8.1).
type s3Need struct {
	rule   string // "EB601" or "EB602"
	action string
	// bucket is the bucket name with {region}, {regionnodash} and
	// {account} placeholders.
	bucket string
	object bool // the request is for an object (bucket/*), not the bucket
	signer signer
	// purpose says what the instances fetch there, for messages.
	purpose string
	// group names the statement of the fix that grants it.
	group string
}

// Statement groups of the fixes.
const (
	groupBeanstalk      = "ElasticBeanstalkBuckets"
	groupCloudFormation = "CloudFormationResponses"
	groupEnvironment    = "EnvironmentBucket"
	groupECR            = "ECRImageLayers"
)

// s3Needs are the pairs EB601 and EB602 require, in message order.
var s3Needs = []s3Need{
	{rule: "EB601", action: "s3:GetObject", bucket: "elasticbeanstalk-platform-assets-{region}", object: true, signer: instanceRole, purpose: "platform assets", group: groupBeanstalk},
	{rule: "EB601", action: "s3:GetObject", bucket: "elasticbeanstalk-env-resources-{region}", object: true, signer: instanceRole, purpose: "environment resources", group: groupBeanstalk},
	{rule: "EB601", action: "s3:GetObject", bucket: "cloudformation-waitcondition-{region}", object: true, signer: presigned, purpose: "the launch wait condition's reply", group: groupCloudFormation},
	{rule: "EB601", action: "s3:GetObject", bucket: "cloudformation-custom-resource-response-{regionnodash}", object: true, signer: presigned, purpose: "custom resource replies", group: groupCloudFormation},
	{rule: "EB601", action: "s3:GetObject", bucket: "elasticbeanstalk-{region}-{account}", object: true, signer: instanceRole, purpose: "the application source bundle", group: groupEnvironment},
	{rule: "EB601", action: "s3:PutObject", bucket: "elasticbeanstalk-{region}-{account}", object: true, signer: instanceRole, purpose: "logs", group: groupEnvironment},
	{rule: "EB601", action: "s3:ListBucket", bucket: "elasticbeanstalk-{region}-{account}", signer: instanceRole, purpose: "the bucket's listing", group: groupEnvironment},
	{rule: "EB602", action: "s3:GetObject", bucket: "prod-{region}-starport-layer-bucket", object: true, signer: presigned, purpose: "ECR image layers", group: groupECR},
}

// needResult is what an endpoint's policy answers about one need.
type needResult struct {
	need     s3Need
	resource string // the ARN as messages show it
	d        policy.Decision
}

// policyCheck is one endpoint policy that governs traffic of an
// environment: the S3 requests asked of it (S3 endpoints) or whether it
// allows anything of its service (interface endpoints).
type policyCheck struct {
	ep    *Endpoint
	users []*Subnet
	// pol is the parsed policy; nil with unknown or invalid set when it
	// cannot be read.
	pol      *policy.Policy
	unknown  string // the policy's text is not known: why
	invalid  string // the policy is not a policy: the error
	hasAllow tri    // the policy has an Allow statement to extend
	results  []needResult
}

// envPolicies caches the policy checks of one environment.
type envPolicies struct {
	s3, iface []*policyCheck
}

// policies returns the policy checks of an environment, once per run.
func (a *analysis) policies(e *Env) *envPolicies {
	if a.policyChecks == nil {
		a.policyChecks = map[*Env]*envPolicies{}
	}
	if ep, ok := a.policyChecks[e]; ok {
		return ep
	}
	out := &envPolicies{}
	pseudo := a.pseudo(e)
	for _, c := range a.s3Carriers(e) {
		a.readPolicy(c, pseudo)
		if c.pol != nil {
			for _, n := range s3Needs {
				if n.rule == "EB602" && !mayRunContainers(e) {
					continue
				}
				c.results = append(c.results, a.askS3(e, c, n))
			}
		}
		out.s3 = append(out.s3, c)
	}
	for _, req := range e.Required() {
		m := a.q.EndpointsFor(e.Environment, req.Service)
		for _, ep := range usedEndpoints(m, true) {
			users := endpointUsers(e, m, ep, true)
			if len(users) == 0 || ep.Policy.IsAbsent() {
				continue
			}
			c := &policyCheck{ep: ep, users: users}
			a.readPolicy(c, pseudo)
			out.iface = append(out.iface, c)
		}
	}
	a.policyChecks[e] = out
	return out
}

// s3Carriers returns the S3 endpoints that carry the S3 traffic of the
// environment's isolated, transit and nat instance subnets: a gateway
// endpoint listed on a subnet's route table (its prefix-list route beats
// 0.0.0.0/0), an interface endpoint with private DNS on (RULES.md posture
// notes). Endpoints without a policy are left out: full access.
func (a *analysis) s3Carriers(e *Env) []*policyCheck {
	m := a.q.EndpointsFor(e.Environment, "s3")
	var out []*policyCheck
	for _, ep := range m.Candidates() {
		if ep.Policy.IsAbsent() {
			continue
		}
		var users []*Subnet
		for _, s := range slices.Concat(e.InScope(), e.NAT()) {
			switch {
			case ep.IsGateway():
				for _, rt := range s.Tables {
					if t, _ := a.onS3Gateway(rt, []*Endpoint{ep}, nil, e); t != no {
						users = append(users, s)
						break
					}
				}
			case ep.IsInterface():
				if ep.PrivateDNS.Tri == query.Yes {
					users = append(users, s)
				}
			}
		}
		if len(users) > 0 {
			out = append(out, &policyCheck{ep: ep, users: users})
		}
	}
	return out
}

// readPolicy parses an endpoint's policy into c.
func (a *analysis) readPolicy(c *policyCheck, pseudo query.Pseudo) {
	v := c.ep.Policy
	if v.Kind == parsers.Unknown && v.Origin().IsZero() {
		c.unknown = v.Reason()
		return
	}
	pol, _, err := query.PolicyDocument(v, pseudo)
	if err != nil {
		c.invalid = err.Error()
		return
	}
	c.pol = pol
	c.hasAllow = hasAllow(query.PolicyNode(v, pseudo), v)
}

// hasAllow says whether a policy document has an Allow statement: yes,
// no, or maybe when its statements are not known.
func hasAllow(n policy.Node, v parsers.Value) tri {
	if v.Kind == parsers.Known || v.Kind == parsers.Concat {
		s, _ := v.Text()
		if strings.Contains(s, `"Allow"`) {
			return yes
		}
		return maybe
	}
	var stmts policy.Node
	for _, f := range n.Fields {
		if f.Key == "Statement" {
			stmts = f.Value
		}
	}
	items := []policy.Node{stmts}
	if stmts.Kind == policy.ListNode {
		items = stmts.Items
	}
	got := no
	for _, st := range items {
		switch st.Kind {
		case policy.MapNode:
			for _, f := range st.Fields {
				if f.Key != "Effect" {
					continue
				}
				if s, known := f.Value.Text.Known(); known && s == "Allow" {
					return yes
				} else if !known {
					got = maybe
				}
			}
		case policy.UnknownNode:
			got = maybe
		}
	}
	return got
}

// pseudo substitutes the environment's region, account and partition for
// CloudFormation pseudo parameters in its policies: ${AWS::Region} is the
// deployment region (DOMAIN.md §2.2), known or a symbol.
func (a *analysis) pseudo(e *Env) query.Pseudo {
	return func(name string) (policy.Text, bool) {
		switch name {
		case "AWS::Region":
			return a.regionText(e), true
		case "AWS::AccountId":
			return a.accountText(e), true
		case "AWS::Partition":
			return policy.Lit(partition(e)), true
		}
		return policy.Text{}, false
	}
}

// regionText is the environment's region in a policy request.
func (a *analysis) regionText(e *Env) policy.Text {
	if e.Region != "" {
		return policy.Lit(e.Region)
	}
	return policy.Sym(a.say(e.Node, "AWS::Region", "region"))
}

// accountText is the environment's account in a policy request: no input
// decides it, so a symbol (${AWS::AccountId} in a template).
func (a *analysis) accountText(e *Env) policy.Text {
	return policy.AccountID(a.say(e.Node, "AWS::AccountId", "account ID"))
}

// partition is the ARN partition of the environment's region: aws unless
// the region is known to be in China or GovCloud.
func partition(e *Env) string {
	switch {
	case strings.HasPrefix(e.Region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(e.Region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// bucketName expands a need's bucket for a known or symbolic region, with
// the region-specific names of DOMAIN.md §8.1 (me-central-1, Beijing).
func (a *analysis) bucketName(e *Env, n s3Need) policy.Text {
	name := n.bucket
	if e.Region == "me-central-1" && (strings.HasPrefix(name, "elasticbeanstalk-platform-assets-") || strings.HasPrefix(name, "elasticbeanstalk-env-resources-")) {
		name += "-f08b818c"
	}
	if e.Region == "cn-north-1" && strings.HasPrefix(name, "elasticbeanstalk-platform-assets-") {
		name = "elasticbeanstalk-platform-assets-public-beta-{region}"
	}
	region := a.regionText(e)
	noDash := policy.Sym(a.say(e.Node, "AWS::Region without dashes", "region without dashes"))
	if e.Region != "" {
		noDash = policy.Lit(strings.ReplaceAll(e.Region, "-", ""))
	}
	var parts []policy.Text
	for name != "" {
		i := strings.IndexByte(name, '{')
		if i < 0 {
			parts = append(parts, policy.Lit(name))
			break
		}
		j := strings.IndexByte(name, '}')
		parts = append(parts, policy.Lit(name[:i]))
		switch name[i+1 : j] {
		case "region":
			parts = append(parts, region)
		case "regionnodash":
			parts = append(parts, noDash)
		case "account":
			parts = append(parts, a.accountText(e))
		}
		name = name[j+1:]
	}
	return policy.Join(parts...)
}

// askS3 asks an S3 endpoint's policy about one need.
func (a *analysis) askS3(e *Env, c *policyCheck, n s3Need) needResult {
	arn := policy.Join(policy.Lit("arn:"+partition(e)+":s3:::"), a.bucketName(e, n))
	shown := arn.String()
	if n.object {
		arn = policy.Join(arn, policy.Lit("/"), policy.Unknown("the object key"))
		shown += "/*"
	}
	r := policy.Request{Action: policy.Lit(n.action), Resource: arn, Gateway: c.ep.IsGateway()}
	switch n.signer {
	case instanceRole:
		r.Principal = policy.Principal{Type: "AWS", Account: a.accountText(e),
			Names: []policy.Text{policy.Unknown("the role of environment " + e.Name() + "'s instance profile")}}
	case presigned:
		r.Principal = policy.Principal{Type: "AWS", Account: policy.Unknown("the account of the service that presigns the URL"),
			Names: []policy.Text{policy.Unknown("the service's signing identity")}}
	}
	return needResult{need: n, resource: shown, d: c.pol.Evaluate(r)}
}

// serviceActionPrefix is the IAM action prefix of an interface endpoint
// service: what its endpoint policy must allow some of (EB603).
func serviceActionPrefix(svc string) string {
	switch svc {
	case "ecr.api", "ecr.dkr":
		return "ecr"
	case "ecs", "ecs-agent", "ecs-telemetry":
		return "ecs"
	case "elasticbeanstalk", "cloudformation", "sqs", "logs", "xray", "secretsmanager", "ssm":
		return svc
	}
	return ""
}

// mayRunContainers says whether the environment's platform is Docker or
// ECS, or not known: the ECR layer bucket matters (EB602).
func mayRunContainers(e *Env) bool {
	switch e.Platform.Kind {
	case PlatformDocker, PlatformECS, PlatformUnknown:
		return true
	}
	return false
}
