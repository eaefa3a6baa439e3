package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/policy"
	"github.com/beanlint/beanlint/rules/query"
)

// fixStatement is one statement a policy fix adds.
type fixStatement struct {
	sid       string
	actions   []string
	resources []fixARN
}

// fixARN is a resource of a fix statement: a bucket name with the
// placeholders of s3Need.bucket, and whether it is the objects (/*).
type fixARN struct {
	bucket string
	object bool
}

// fixStatements are the statements the fix of each need group adds
// (DOMAIN.md §8.1; the CloudFormation replies get s3:PutObject too).
var fixStatements = map[string]fixStatement{
	groupBeanstalk: {sid: groupBeanstalk, actions: []string{"s3:GetObject"}, resources: []fixARN{
		{"elasticbeanstalk-platform-assets-{region}", true}, {"elasticbeanstalk-env-resources-{region}", true}}},
	groupCloudFormation: {sid: groupCloudFormation, actions: []string{"s3:GetObject", "s3:PutObject"}, resources: []fixARN{
		{"cloudformation-waitcondition-{region}", true}, {"cloudformation-custom-resource-response-{regionnodash}", true}}},
	groupEnvironment: {sid: groupEnvironment, actions: []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket"}, resources: []fixARN{
		{"elasticbeanstalk-{region}-{account}", false}, {"elasticbeanstalk-{region}-{account}", true}}},
	groupECR: {sid: groupECR, actions: []string{"s3:GetObject"}, resources: []fixARN{
		{"prod-{region}-starport-layer-bucket", true}}},
}

// kcMinimal is the minimal policy of DOMAIN.md §8.1 (the KC's).
var kcMinimal = fixStatement{sid: "ElasticBeanstalk",
	actions:   []string{"s3:GetObject", "s3:ListBucket", "s3:PutObject", "s3:PutObjectAcl", "s3:DeleteObject", "s3:PutBucketPolicy", "s3:PutObjectVersionAcl"},
	resources: []fixARN{{"elasticbeanstalk-*", false}, {"elasticbeanstalk-*", true}, {"cloudformation*", true}}}

// s3PolicyFix is the statement to add to an S3 endpoint's policy for the
// missing needs, scoped to the environment's region and account where the
// input knows them; the minimal policy when the policy has no Allow
// statement to extend.
func (a *analysis) s3PolicyFix(e *Env, c *policyCheck, missing []needResult) Fix {
	var stmts []fixStatement
	whole := c.hasAllow == no
	if whole {
		stmts = append(stmts, kcMinimal)
		if e.Platform.Kind == PlatformDocker || e.Platform.Kind == PlatformECS {
			stmts = append(stmts, fixStatements[groupECR])
		}
	} else {
		for _, g := range needGroups(missing) {
			stmts = append(stmts, fixStatements[g])
		}
	}
	var notes []string
	for _, r := range missing {
		if r.d.Answer == policy.ExplicitDeny {
			for _, by := range r.d.By {
				notes = append(notes, fmt.Sprintf("# %s denies %s on %s: narrow it (a Deny wins over any Allow)", by, r.need.action, r.resource))
			}
		}
	}
	if allDenied(missing) {
		stmts = nil
	}
	switch {
	case whole:
		notes = append(notes, "# the policy has no Allow statement: the Knowledge Center's minimal policy")
	case len(stmts) > 0:
		notes = append(notes, "# ...the existing statements, and:")
	}
	notes = query.Uniq(notes)
	return Fix{CloudFormation: a.cfnPolicyFix(e, c.ep, stmts, notes), Terraform: a.tfPolicyFix(e, c.ep, stmts, notes)}
}

// cfnPolicyFix appends statements to an endpoint's PolicyDocument; the
// notes (what denies, what stays) go in the description.
func (a *analysis) cfnPolicyFix(e *Env, ep *Endpoint, stmts []fixStatement, notes []string) edit.Fix {
	var what []string
	for _, n := range notes {
		what = append(what, strings.TrimPrefix(n, "# "))
	}
	desc := "Allow the missing S3 access in the policy of " + ep.Name() + "."
	if len(what) > 0 {
		desc += " (" + strings.Join(what, "; ") + ")"
	}
	if len(stmts) == 0 || !statementList(ep) {
		return edit.Fix{Description: desc}
	}
	var items []edit.Value
	for _, st := range stmts {
		var actions, resources []edit.Value
		for _, act := range st.actions {
			actions = append(actions, edit.Str(act))
		}
		for _, r := range st.resources {
			arn, _ := cfnARN(e, r)
			resources = append(resources, subValue(arn))
		}
		items = append(items, edit.MapOf(
			edit.F("Sid", edit.Str(st.sid)),
			edit.F("Effect", edit.Str("Allow")),
			edit.F("Principal", edit.Str("*")),
			edit.F("Action", edit.ListOf(actions...)),
			edit.F("Resource", edit.ListOf(resources...)),
		))
	}
	return cfnFix(desc, a.appendTo(ep.Node, items, "PolicyDocument", "Statement"))
}

// subValue returns text with ${Name} parts as a Concat of references
// (an Fn::Sub), or the string when it has none.
func subValue(text string) edit.Value {
	if !strings.Contains(text, "${") {
		return edit.Str(text)
	}
	var parts []edit.Value
	for text != "" {
		i := strings.Index(text, "${")
		j := strings.Index(text[max(i, 0):], "}")
		if i < 0 || j < 0 {
			parts = append(parts, edit.Str(text))
			break
		}
		if i > 0 {
			parts = append(parts, edit.Str(text[:i]))
		}
		name := text[i+2 : i+j]
		id, attr, _ := strings.Cut(name, ".")
		parts = append(parts, edit.AttrOf(id, attr))
		text = text[i+j+1:]
	}
	return edit.ConcatOf(parts...)
}

// cfnARN renders a fix resource for a template: the region literal when
// known, else ${AWS::Region}; the account as ${AWS::AccountId}. sub is
// true when the text needs Fn::Sub.
func cfnARN(e *Env, r fixARN) (arn string, sub bool) {
	region, noDash := "${AWS::Region}", "*"
	if e.Region != "" {
		region, noDash = e.Region, strings.ReplaceAll(e.Region, "-", "")
	}
	s := strings.NewReplacer("{region}", region, "{regionnodash}", noDash, "{account}", "${AWS::AccountId}").Replace(fixBucket(e, r.bucket))
	s = "arn:" + partition(e) + ":s3:::" + s
	if r.object {
		s += "/*"
	}
	return s, strings.Contains(s, "${")
}

// fixBucket applies the region-specific bucket names of DOMAIN.md §8.1.
func fixBucket(e *Env, bucket string) string {
	if e.Region == "me-central-1" && (strings.HasPrefix(bucket, "elasticbeanstalk-platform-assets-") || strings.HasPrefix(bucket, "elasticbeanstalk-env-resources-")) {
		return bucket + "-f08b818c"
	}
	if e.Region == "cn-north-1" && strings.HasPrefix(bucket, "elasticbeanstalk-platform-assets-") {
		return "elasticbeanstalk-platform-assets-public-beta-{region}"
	}
	return bucket
}

// servicePolicyFix allows every action of an interface endpoint's service.
func (a *analysis) servicePolicyFix(ep *Endpoint, prefix string, hasAllow tri) Fix {
	sid := "Allow" + strings.ToUpper(prefix[:1]) + prefix[1:]
	desc := "Allow every " + prefix + " action in the policy of " + ep.Name() + "."
	if hasAllow == no {
		desc += " (Or remove the policy: no policy means full access.)"
	}
	cfn := edit.Fix{Description: desc}
	if statementList(ep) {
		cfn = cfnFix(desc, a.appendTo(ep.Node, []edit.Value{edit.MapOf(
			edit.F("Sid", edit.Str(sid)),
			edit.F("Effect", edit.Str("Allow")),
			edit.F("Principal", edit.Str("*")),
			edit.F("Action", edit.Str(prefix+":*")),
			edit.F("Resource", edit.Str("*")),
		)}, "PolicyDocument", "Statement"))
	}
	return Fix{
		CloudFormation: cfn,
		Terraform:      a.tfPolicyStatements(ep, tfServicePolicyDesc(ep, prefix, hasAllow), nil, tfStatement(sid, []string{prefix + ":*"}, []edit.Value{edit.Str("*")})),
	}
}

// tfServicePolicyDesc describes servicePolicyFix in Terraform.
func tfServicePolicyDesc(ep *Endpoint, prefix string, hasAllow tri) string {
	desc := "Allow every " + prefix + " action in " + tfPolicyOf(ep)
	if hasAllow == no {
		desc += " (Or remove the policy: no policy means full access.)"
	}
	return desc
}

// removePolicyFix removes an endpoint's policy: in Terraform the
// aws_vpc_endpoint_policy that sets it, when one does.
func removePolicyFix(ep *Endpoint) Fix {
	tf := "Remove policy from " + ep.Name() + ": the service does not support endpoint policies"
	if r := ep.Node.PolicyResource; r != "" {
		tf = "Remove " + r + ", which sets the policy of " + ep.Name() + ": the service does not support endpoint policies"
	}
	return Fix{
		CloudFormation: edit.Fix{Description: "Remove PolicyDocument from " + ep.Name() + ": the service does not support endpoint policies."},
		Terraform:      edit.Fix{Description: tf},
	}
}

// statementList reports whether an endpoint's policy is written in the
// template as a document whose Statement is a list, which an edit can
// append to (not a JSON string, whose parts all share the string's
// location, nor a single statement).
func statementList(ep *Endpoint) bool {
	p := ep.Node.Policy
	if p.Kind != parsers.Map {
		return false
	}
	for _, f := range p.Fields() {
		if f.Key == "Statement" {
			return f.Value.Kind == parsers.List && f.Value.Loc != p.Loc
		}
	}
	return false
}
