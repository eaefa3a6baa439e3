package policy

import (
	"slices"
	"strings"
	"testing"
)

// These tables are a specification of IAM policy evaluation for a single
// resource-based policy, each rule from the IAM User Guide page cited in the
// comment above it (see doc.go for the addresses).

const account = "111122223333"

// role is an IAM role session in account 111122223333, as an EC2 instance
// profile's role makes requests.
var role = Principal{
	Type:    "AWS",
	Account: Lit(account),
	Names: []Text{
		Lit("arn:aws:iam::111122223333:role/app-role"),
		Lit("arn:aws:sts::111122223333:assumed-role/app-role/i-0123456789abcdef0"),
	},
}

// req is a request by role with an empty but unknown context.
func req(action, resource string) Request {
	return Request{Principal: role, Action: Lit(action), Resource: Lit(resource)}
}

// with returns r with the condition keys of kv (key, value, key, value...)
// known; a key followed by no value (the last, odd one) is known absent.
func with(r Request, kv ...string) Request {
	ctx := map[string][]Text{}
	for k, v := range r.Context {
		ctx[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if i+1 == len(kv) {
			ctx[kv[i]] = nil
			break
		}
		ctx[kv[i]] = append(ctx[kv[i]], Lit(kv[i+1]))
	}
	r.Context = ctx
	return r
}

// allowWhen is the answer of a policy that allows a request when a match
// holds, and nothing else.
func allowWhen(match bool) Answer {
	if match {
		return Allow
	}
	return ImplicitDeny
}

type evalCase struct {
	name   string
	policy string
	req    Request
	want   Answer
	by     []string // the deciding statements, as Ref.String renders them
	why    string   // for CannotDecide, a part of the reasons
}

func runCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse([]byte(c.policy))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			d := p.Evaluate(c.req)
			var by []string
			for _, r := range d.By {
				by = append(by, r.String())
			}
			if d.Answer != c.want || (c.by != nil && !slices.Equal(by, c.by)) {
				t.Errorf("got %s, want %s by %v", d, c.want, c.by)
			}
			if d.Answer == CannotDecide && len(d.Reasons) == 0 {
				t.Errorf("CannotDecide without a reason: %s", d)
			}
			if c.why != "" && !strings.Contains(d.String(), c.why) {
				t.Errorf("got %s, want a reason containing %q", d, c.why)
			}
		})
	}
}

const (
	envBucket    = "arn:aws:s3:::elasticbeanstalk-us-east-1-111122223333"
	envObject    = envBucket + "/resources/environments/e-abc/_runtime/bundle.zip"
	assetsObject = "arn:aws:s3:::elasticbeanstalk-platform-assets-us-east-1/stalks/hooks.zip"
)

// [iam-eval]: "By default, all requests are implicitly denied"; "an explicit
// deny in any policy overrides any allows"; the request is allowed only if
// a statement allows it.
func TestDecision(t *testing.T) {
	allowAllDenyPut := `{"Version": "2012-10-17", "Statement": [
		{"Sid": "AllowS3", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
		{"Sid": "NoPut", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "` + envBucket + `/*"}]}`
	runCases(t, []evalCase{
		{name: "a matching Allow allows",
			policy: `{"Statement": [{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`,
			req:    req("s3:GetObject", envObject), want: Allow, by: []string{`Statement "A"`}},
		{name: "Statement may be a single object",
			policy: `{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}`,
			req:    req("s3:GetObject", envObject), want: Allow, by: []string{"Statement[0]"}},
		{name: "no statement: implicit deny",
			policy: `{"Statement": []}`,
			req:    req("s3:GetObject", envObject), want: ImplicitDeny},
		{name: "no matching Allow: implicit deny",
			policy: `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "*"}]}`,
			req:    req("s3:GetObject", envObject), want: ImplicitDeny},
		{name: "explicit Deny beats Allow (s3:* allowed, PutObject denied on the bucket)",
			policy: allowAllDenyPut,
			req:    req("s3:PutObject", envObject), want: ExplicitDeny, by: []string{`Statement "NoPut"`}},
		{name: "the Deny leaves other actions allowed",
			policy: allowAllDenyPut,
			req:    req("s3:GetObject", envObject), want: Allow, by: []string{`Statement "AllowS3"`}},
		{name: "the Deny leaves other buckets allowed",
			policy: allowAllDenyPut,
			req:    req("s3:PutObject", assetsObject), want: Allow},
		{name: "a Deny alone allows nothing",
			policy: `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}]}`,
			req:    req("s3:GetObject", envObject), want: ImplicitDeny},
		{name: "every applying statement is named",
			policy: `{"Statement": [
				{"Sid": "One", "Effect": "Allow", "Principal": "*", "Action": "s3:Get*", "Resource": "*"},
				{"Sid": "Two", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`,
			req: req("s3:GetObject", envObject), want: Allow, by: []string{`Statement "One"`, `Statement "Two"`}},
	})
}

// [iam-notaction]: NotAction "matches everything except the specified list
// of actions"; with Allow, unlisted actions are allowed; with Deny, "denies
// the actions not listed". [iam-notresource]: the same for resources.
func TestNotActionNotResource(t *testing.T) {
	notAction := `{"Statement": [{"Sid": "AllButDelete", "Effect": "Allow", "Principal": "*", "NotAction": "s3:DeleteBucket", "Resource": "arn:aws:s3:::*"}]}`
	denyNotGet := `{"Statement": [
		{"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
		{"Sid": "OnlyGet", "Effect": "Deny", "Principal": "*", "NotAction": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}`
	payroll := `{"Statement": [
		{"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
		{"Sid": "OnlyPayroll", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
		 "NotResource": ["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"]}]}`
	notResourceAllow := `{"Statement": [{"Sid": "NotEB", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::elasticbeanstalk-*"}]}`
	runCases(t, []evalCase{
		{name: "NotAction with Allow allows an unlisted action",
			policy: notAction, req: req("s3:GetObject", envObject), want: Allow, by: []string{`Statement "AllButDelete"`}},
		{name: "NotAction with Allow does not allow the listed action",
			policy: notAction, req: req("s3:DeleteBucket", envBucket), want: ImplicitDeny},
		{name: "NotAction with Allow is still limited by Resource",
			policy: notAction, req: req("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q"), want: ImplicitDeny},
		{name: "NotAction with Deny leaves the listed actions to the Allow",
			policy: denyNotGet, req: req("s3:GetObject", envObject), want: Allow, by: []string{`Statement "All"`}},
		{name: "NotAction with Deny denies every other action",
			policy: denyNotGet, req: req("s3:PutObject", envObject), want: ExplicitDeny, by: []string{`Statement "OnlyGet"`}},
		{name: "NotResource with Deny leaves the listed resources to the Allow",
			policy: payroll, req: req("s3:GetObject", "arn:aws:s3:::HRBucket/Payroll/2024.csv"), want: Allow},
		{name: "NotResource with Deny denies every other resource",
			policy: payroll, req: req("s3:GetObject", "arn:aws:s3:::HRBucket/Other/x"), want: ExplicitDeny, by: []string{`Statement "OnlyPayroll"`}},
		{name: "NotResource with Allow allows an unlisted resource",
			policy: notResourceAllow, req: req("s3:GetObject", "arn:aws:s3:::other-bucket/x"), want: Allow},
		{name: "NotResource with Allow does not allow the listed resources",
			policy: notResourceAllow, req: req("s3:GetObject", envObject), want: ImplicitDeny},
	})
}

// allowAction is a policy allowing the actions pattern on every resource.
func allowAction(pattern string) string {
	return `{"Statement": [{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "` + pattern + `", "Resource": "*"}]}`
}

// [iam-action]: an action is "service:name"; "The prefix and the action name
// are case insensitive"; "*" matches all actions, and wildcards may be part
// of the name ("iam:*AccessKey*").
func TestActionMatching(t *testing.T) {
	cases := []struct {
		pattern, action string
		match           bool
	}{
		{"*", "s3:GetObject", true},
		{"s3:*", "s3:GetObject", true},
		{"s3:*", "sqs:SendMessage", false},
		{"s3:Get*", "s3:GetObject", true},
		{"s3:Get*", "s3:GetObjectAcl", true},
		{"s3:Get*", "s3:PutObject", false},
		{"s3:*Object", "s3:GetObject", true},
		{"s3:*Object", "s3:PutObject", true},
		{"s3:*Object", "s3:GetObjectAcl", false},
		{"s3:?etObject", "s3:GetObject", true},
		{"s3:?etObject", "s3:etObject", false},
		{"s3:?etObject", "s3:GGetObject", false},
		{"s3:GetObject?", "s3:GetObject", false},
		{"iam:*AccessKey*", "iam:CreateAccessKey", true},
		{"iam:*AccessKey*", "iam:ListAccessKeys", true},
		{"iam:*AccessKey*", "iam:ListUsers", false},
		// case-insensitive, service prefix included
		{"S3:getobject", "s3:GetObject", true},
		{"s3:GetObject", "S3:GETOBJECT", true},
		{"S3:Get*", "s3:getobjectacl", true},
		// '*' is any run of characters, even across the ':'
		{"s*", "s3:GetObject", true},
		{"s3:GetObject", "s3:GetObjectAcl", false},
	}
	var table []evalCase
	for _, c := range cases {
		table = append(table, evalCase{name: c.pattern + " vs " + c.action,
			policy: allowAction(c.pattern), req: req(c.action, envObject), want: allowWhen(c.match)})
	}
	runCases(t, table)
}

// allowResource is a policy allowing s3:GetObject on the resource pattern.
func allowResource(pattern string) string {
	return `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "` + pattern + `"}]}`
}

// [iam-resource]: ARNs are matched case-sensitively; '*' is any run of
// characters, '?' any one, within a segment (the parts separated by colons),
// and "The asterisk (*) character can expand to replace everything within a
// segment, including characters like a forward slash (/)"; "If the *
// wildcard is the last character of a resource ARN segment, it can expand
// to match beyond the colon boundaries" (the current page).
func TestResourceMatching(t *testing.T) {
	cases := []struct {
		pattern, resource string
		match             bool
	}{
		{"*", envObject, true},
		{"*", "*", true},
		{"arn:aws:s3:::*", envObject, true},
		// Beanstalk's bucket wildcards: a bucket pattern covers objects too,
		// since '*' runs across '/'.
		{"arn:aws:s3:::elasticbeanstalk-*", envBucket, true},
		{"arn:aws:s3:::elasticbeanstalk-*", envObject, true},
		{"arn:aws:s3:::elasticbeanstalk-*", "arn:aws:s3:::elasticbeanstalk-us-east-1-123456789012/*", true},
		{"arn:aws:s3:::elasticbeanstalk-*/*", envObject, true},
		{"arn:aws:s3:::elasticbeanstalk-*/*", envBucket, false},
		{"arn:aws:s3:::cloudformation*/*", "arn:aws:s3:::cloudformation-waitcondition-us-east-1/arn%3Aaws/x", true},
		// an object pattern does not cover the bucket ListBucket is asked on
		{envBucket + "/*", envBucket, false},
		{envBucket, envObject, false},
		// wrong region or account
		{"arn:aws:s3:::elasticbeanstalk-eu-west-1-*", envObject, false},
		{"arn:aws:s3:::elasticbeanstalk-us-east-1-444455556666/*", envObject, false},
		// ARNs are case-sensitive
		{"arn:aws:s3:::ElasticBeanstalk-*", envObject, false},
		{"ARN:AWS:S3:::elasticbeanstalk-*", envObject, false},
		// '?' is exactly one character
		{"arn:aws:s3:::example?bucket/*", "arn:aws:s3:::example1bucket/x", true},
		{"arn:aws:s3:::example?bucket/*", "arn:aws:s3:::examplebucket/x", false},
		{"arn:aws:s3:::example?bucket/*", "arn:aws:s3:::example12bucket/x", false},
		// the page's example: DOC-EXAMPLE-BUCKET/*/test/* matches these...
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/test/object.jpg", true},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test/object.jpg", true},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test/3/object.jpg", true},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/3/test/4/object.jpg", true},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1///test///object.jpg", true},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/test/.jpg", true},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET//test/object.jpg", true},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/test/", true},
		// ...and not these
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1-test/object.jpg", false},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/test/object.jpg", false},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test.jpg", false},
		// an object key may hold ':'; after the fifth ':' it is any character
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/a:b:c", true},
		// segments: a '*' inside a segment stays in it...
		{"arn:aws:sqs:us-*-1:111122223333:q", "arn:aws:sqs:us-east-1:111122223333:q", true},
		{"arn:aws:sqs:us*1:111122223333:q", "arn:aws:sqs:us:x:1:111122223333:q", false},
		// ...but one that ends a segment may run beyond it
		{"arn:aws:s3:*", envObject, true},
		{"arn:aws:sqs:*:111122223333:q", "arn:aws:sqs:us-east-1:111122223333:q", true},
	}
	var table []evalCase
	for _, c := range cases {
		table = append(table, evalCase{name: c.pattern + " vs " + c.resource,
			policy: allowResource(c.pattern), req: req("s3:GetObject", c.resource), want: allowWhen(c.match)})
	}
	runCases(t, table)
}

// allowPrincipal is a policy allowing s3:GetObject to the principal element.
func allowPrincipal(principal string) string {
	return `{"Statement": [{"Sid": "A", "Effect": "Allow", "Principal": ` + principal + `, "Action": "s3:GetObject", "Resource": "*"}]}`
}

// [iam-principal]: "*" and {"AWS": "*"} are everyone; an account ID and its
// root ARN "behave the same way" and delegate to the whole account ("does
// not limit permissions to only the root user"); a role ARN names the role
// (its sessions); several values are a logical OR; no wildcard matches part
// of a principal. [vpce-access]: in a gateway endpoint policy an account
// principal is the root user only.
func TestPrincipal(t *testing.T) {
	other := Principal{Type: "AWS", Account: Lit("444455556666"),
		Names: []Text{Lit("arn:aws:iam::444455556666:role/app-role")}}
	root := Principal{Type: "AWS", Account: Lit(account), Root: true,
		Names: []Text{Lit("arn:aws:iam::111122223333:root")}}
	ec2 := Principal{Type: "Service", Names: []Text{Lit("ec2.amazonaws.com")}}
	by := func(p Principal) Request { r := req("s3:GetObject", envObject); r.Principal = p; return r }
	gateway := func(p Principal) Request { r := by(p); r.Gateway = true; return r }
	presigned := by(Principal{}) // a presigned URL: signed by someone the inputs do not show
	notPrincipal := func(names string) string {
		return `{"Statement": [
			{"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
			{"Sid": "OnlyApp", "Effect": "Deny", "NotPrincipal": {"AWS": [` + names + `]}, "Action": "s3:*", "Resource": "*"}]}`
	}
	const roleARN, acctARN = `"arn:aws:iam::111122223333:role/app-role"`, `"arn:aws:iam::111122223333:root"`
	const sessionARN = `"arn:aws:sts::111122223333:assumed-role/app-role/i-0123456789abcdef0"`
	runCases(t, []evalCase{
		{name: `"*" is everyone`, policy: allowPrincipal(`"*"`), req: by(role), want: Allow},
		{name: `"*" includes a principal the inputs do not show`, policy: allowPrincipal(`"*"`), req: presigned, want: Allow},
		{name: `{"AWS": "*"} is everyone`, policy: allowPrincipal(`{"AWS": "*"}`), req: by(other), want: Allow},
		{name: "no Principal element: the statement names no principal", // the inference of DOMAIN.md §8.1
			policy: `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`, req: by(role), want: Allow},
		{name: "an account ID is every principal of the account",
			policy: allowPrincipal(`{"AWS": "111122223333"}`), req: by(role), want: Allow},
		{name: "an account ID is not another account",
			policy: allowPrincipal(`{"AWS": "111122223333"}`), req: by(other), want: ImplicitDeny},
		{name: "the account root ARN is the whole account too",
			policy: allowPrincipal(`{"AWS": ` + acctARN + `}`), req: by(role), want: Allow},
		{name: "a role ARN names its sessions",
			policy: allowPrincipal(`{"AWS": ` + roleARN + `}`), req: by(role), want: Allow},
		{name: "a role ARN does not name another role",
			policy: allowPrincipal(`{"AWS": "arn:aws:iam::111122223333:role/other-role"}`), req: by(role), want: ImplicitDeny},
		{name: "no wildcard inside a principal ARN",
			policy: allowPrincipal(`{"AWS": "arn:aws:iam::111122223333:role/*"}`), req: by(role), want: ImplicitDeny},
		{name: "a list of principals is an OR",
			policy: allowPrincipal(`{"AWS": ["444455556666", "111122223333"]}`), req: by(role), want: Allow},
		{name: "principal types are an OR too",
			policy: allowPrincipal(`{"Service": "ec2.amazonaws.com", "AWS": "111122223333"}`), req: by(role), want: Allow},
		{name: "a service principal", policy: allowPrincipal(`{"Service": ["ecs.amazonaws.com", "ec2.amazonaws.com"]}`), req: by(ec2), want: Allow},
		{name: "a service principal is not a role", policy: allowPrincipal(`{"Service": "ec2.amazonaws.com"}`), req: by(role), want: ImplicitDeny},
		{name: "an AWS principal is not a service", policy: allowPrincipal(`{"AWS": "111122223333"}`), req: by(ec2), want: ImplicitDeny},
		{name: "a principal the inputs do not show cannot be told from an account",
			policy: allowPrincipal(`{"AWS": "111122223333"}`), req: presigned, want: CannotDecide,
			by: []string{`Statement "A"`}, why: "the request's principal is not known"},
		{name: "gateway endpoint: an account principal is its root user only",
			policy: allowPrincipal(`{"AWS": "111122223333"}`), req: gateway(role), want: ImplicitDeny},
		{name: "gateway endpoint: the root user", policy: allowPrincipal(`{"AWS": ` + acctARN + `}`), req: gateway(root), want: Allow},
		{name: "gateway endpoint: a role ARN principal is not documented",
			policy: allowPrincipal(`{"AWS": ` + roleARN + `}`), req: gateway(role), want: CannotDecide, why: "gateway endpoint"},
		{name: `gateway endpoint: "*"`, policy: allowPrincipal(`"*"`), req: gateway(role), want: Allow},
		// [iam-notprincipal]: NotPrincipal with Deny denies everyone except the
		// listed principals; list the session, the role and the account, or
		// "AWS might validate the account first, then the role, and then the
		// assumed-role user" and deny the session anyway.
		{name: "NotPrincipal with Deny exempts the listed session, role and account",
			policy: notPrincipal(sessionARN + `, ` + roleARN + `, ` + acctARN), req: by(role), want: Allow, by: []string{`Statement "All"`}},
		{name: "NotPrincipal with Deny denies everyone else",
			policy: notPrincipal(sessionARN + `, ` + roleARN + `, ` + acctARN), req: by(other), want: ExplicitDeny, by: []string{`Statement "OnlyApp"`}},
		{name: "NotPrincipal naming the role but not its account may deny it",
			policy: notPrincipal(roleARN), req: by(role), want: CannotDecide, by: []string{`Statement "OnlyApp"`}, why: "NotPrincipal"},
		{name: "NotPrincipal naming the role and account but not the session may deny it",
			policy: notPrincipal(roleARN + `, ` + acctARN), req: by(role), want: CannotDecide, why: "NotPrincipal"},
		{name: "NotPrincipal and a principal the inputs do not show",
			policy: notPrincipal(roleARN + `, ` + acctARN), req: presigned, want: CannotDecide},
	})
}

// allowIf is a policy allowing s3:GetObject under the condition block.
func allowIf(condition string) string {
	return `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": ` + condition + `}]}`
}

// [iam-condops]: a statement applies only if its condition holds; "If the
// key that you specify in a policy condition is not present in the request
// context, the values do not match and the condition is false", except for
// negated operators (true), ...IfExists (true) and Null. [iam-multi]:
// several operators and several keys are an AND, several values an OR, and
// for a negated operator a NOR. A key the caller does not know leaves the
// answer undecided, naming the key, unless the rest decides it.
func TestConditions(t *testing.T) {
	get := req("s3:GetObject", envObject)
	vpce := allowIf(`{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}`)
	denyOutsideVPC := `{"Version": "2012-10-17", "Statement": [
		{"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
		{"Sid": "OnlyVPC", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
		 "Condition": {"StringNotEquals": {"aws:SourceVpc": ["vpc-111", "vpc-222"]}}}]}`
	twoKeys := allowIf(`{"StringEquals": {"aws:PrincipalOrgID": "o-abc", "aws:SourceVpc": "vpc-111"}}`)
	twoOps := allowIf(`{"StringEquals": {"aws:SourceVpc": "vpc-111"}, "Bool": {"aws:SecureTransport": "true"}}`)
	runCases(t, []evalCase{
		{name: "a key the caller does not know: cannot decide, naming it",
			policy: vpce, req: get, want: CannotDecide, by: []string{`Statement "A"`}, why: "aws:SourceVpce"},
		{name: "the key known and equal", policy: vpce, req: with(get, "aws:SourceVpce", "vpce-1a2b3c4d"), want: Allow},
		{name: "the key known and different", policy: vpce, req: with(get, "aws:SourceVpce", "vpce-other"), want: ImplicitDeny},
		{name: "the key known absent: no match", policy: vpce, req: with(get, "aws:SourceVpce"), want: ImplicitDeny},
		{name: "condition key names are case-insensitive", policy: vpce, req: with(get, "AWS:SOURCEVPCE", "vpce-1a2b3c4d"), want: Allow},
		{name: "values are an OR", policy: allowIf(`{"StringEquals": {"aws:SourceVpce": ["vpce-0", "vpce-1a2b3c4d"]}}`),
			req: with(get, "aws:SourceVpce", "vpce-1a2b3c4d"), want: Allow},
		{name: "keys are an AND: both hold", policy: twoKeys,
			req: with(get, "aws:PrincipalOrgID", "o-abc", "aws:SourceVpc", "vpc-111"), want: Allow},
		{name: "keys are an AND: one fails, the unknown other does not matter", policy: twoKeys,
			req: with(get, "aws:SourceVpc", "vpc-999"), want: ImplicitDeny},
		{name: "keys are an AND: one holds, the other is not known", policy: twoKeys,
			req: with(get, "aws:SourceVpc", "vpc-111"), want: CannotDecide, why: "aws:PrincipalOrgID"},
		{name: "operators are an AND", policy: twoOps,
			req: with(get, "aws:SourceVpc", "vpc-111", "aws:SecureTransport", "false"), want: ImplicitDeny},
		{name: "operators are an AND: both hold", policy: twoOps,
			req: with(get, "aws:SourceVpc", "vpc-111", "aws:SecureTransport", "true"), want: Allow},
		{name: "a conditional Deny that may apply leaves an Allow undecided",
			policy: denyOutsideVPC, req: get, want: CannotDecide, by: []string{`Statement "OnlyVPC"`}, why: "aws:SourceVpc"},
		{name: "negated operator, several values: a NOR (in the list: not denied)",
			policy: denyOutsideVPC, req: with(get, "aws:SourceVpc", "vpc-222"), want: Allow},
		{name: "negated operator, several values: a NOR (not in the list: denied)",
			policy: denyOutsideVPC, req: with(get, "aws:SourceVpc", "vpc-333"), want: ExplicitDeny},
		{name: "negated operator on an absent key is true",
			policy: denyOutsideVPC, req: with(get, "aws:SourceVpc"), want: ExplicitDeny},
		{name: "a condition does not matter when the statement does not apply otherwise",
			policy: vpce, req: req("s3:PutObject", envObject), want: ImplicitDeny},
		{name: "a condition does not matter when another Allow applies",
			policy: `{"Statement": [
				{"Sid": "Cond", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}},
				{"Sid": "Plain", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`,
			req: get, want: Allow, by: []string{`Statement "Plain"`}},
		{name: "a conditional Deny does not matter when nothing allows",
			policy: `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`,
			req:    get, want: ImplicitDeny},
	})
}

// cond is one condition operator row: the condition block, the request
// context, and whether the condition holds.
type cond struct {
	block string
	ctx   []string // key, value, ...; an odd last key is known absent
	holds bool
}

// TestConditionOperators checks each operator family of [iam-condops] and
// the set operators of [iam-multi] through an Allow statement.
func TestConditionOperators(t *testing.T) {
	rows := []cond{
		// String: StringEquals is exact and case-sensitive; '*' is literal
		{`{"StringEquals": {"k": "abc"}}`, []string{"k", "abc"}, true},
		{`{"StringEquals": {"k": "abc"}}`, []string{"k", "ABC"}, false},
		{`{"StringEquals": {"k": "a*"}}`, []string{"k", "abc"}, false},
		{`{"StringEquals": {"k": "a*"}}`, []string{"k", "a*"}, true},
		{`{"StringNotEquals": {"k": "abc"}}`, []string{"k", "abd"}, true},
		{`{"StringEqualsIgnoreCase": {"k": "abc"}}`, []string{"k", "ABC"}, true},
		{`{"StringNotEqualsIgnoreCase": {"k": "abc"}}`, []string{"k", "ABC"}, false},
		{`{"StringLike": {"k": "home/*"}}`, []string{"k", "home/david/"}, true},
		{`{"StringLike": {"k": "home/?"}}`, []string{"k", "home/ab"}, false},
		{`{"StringLike": {"k": "Home/*"}}`, []string{"k", "home/x"}, false},
		{`{"StringNotLike": {"k": ["a*", "b*"]}}`, []string{"k", "cat"}, true},
		{`{"StringNotLike": {"k": ["a*", "b*"]}}`, []string{"k", "bat"}, false},
		// absent keys: positive false, negated true
		{`{"StringLike": {"k": "*"}}`, []string{"k"}, false},
		{`{"StringNotLike": {"k": "*"}}`, []string{"k"}, true},
		// Numeric
		{`{"NumericLessThanEquals": {"s3:max-keys": "10"}}`, []string{"s3:max-keys", "10"}, true},
		{`{"NumericLessThanEquals": {"s3:max-keys": 10}}`, []string{"s3:max-keys", "11"}, false},
		{`{"NumericLessThan": {"n": "10"}}`, []string{"n", "9.5"}, true},
		{`{"NumericGreaterThan": {"n": "10"}}`, []string{"n", "10"}, false},
		{`{"NumericGreaterThanEquals": {"n": "10"}}`, []string{"n", "10.0"}, true},
		{`{"NumericEquals": {"n": "10"}}`, []string{"n", "010"}, true},
		{`{"NumericNotEquals": {"n": ["1", "2"]}}`, []string{"n", "3"}, true},
		{`{"NumericEquals": {"n": "10"}}`, []string{"n", "ten"}, false},
		// Date: ISO 8601 or epoch seconds
		{`{"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}`, []string{"aws:TokenIssueTime", "2021-06-01T12:00:00Z"}, true},
		{`{"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}`, []string{"aws:TokenIssueTime", "2019-12-31T23:59:59Z"}, false},
		{`{"DateLessThan": {"aws:CurrentTime": "2020-01-01"}}`, []string{"aws:CurrentTime", "2019-12-31T23:00:00-05:00"}, false},
		{`{"DateLessThan": {"aws:EpochTime": "1577836800"}}`, []string{"aws:EpochTime", "1577836799"}, true},
		{`{"DateEquals": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}`, []string{"aws:CurrentTime", "1577836800"}, true},
		{`{"DateGreaterThanEquals": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}`, []string{"aws:CurrentTime"}, false},
		// Bool (JSON booleans too)
		{`{"Bool": {"aws:SecureTransport": "true"}}`, []string{"aws:SecureTransport", "true"}, true},
		{`{"Bool": {"aws:SecureTransport": false}}`, []string{"aws:SecureTransport", "true"}, false},
		{`{"Bool": {"aws:SecureTransport": false}}`, []string{"aws:SecureTransport", "false"}, true},
		// Binary: the base-64 text, byte for byte
		{`{"BinaryEquals": {"k": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, []string{"k", "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}, true},
		// IP addresses: CIDR, a bare address is a /32; IPv6 too
		{`{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, []string{"aws:SourceIp", "203.0.113.7"}, true},
		{`{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, []string{"aws:SourceIp", "198.51.100.7"}, false},
		{`{"IpAddress": {"aws:SourceIp": "203.0.113.7"}}`, []string{"aws:SourceIp", "203.0.113.8"}, false},
		{`{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}`, []string{"aws:SourceIp", "2001:db8:1234:5678::1"}, true},
		{`{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, []string{"aws:SourceIp", "198.51.100.7"}, true},
		// "aws:SourceIp ... when the requester uses a VPC endpoint ... the
		// condition returns false": the caller says the key is absent
		{`{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}`, []string{"aws:SourceIp"}, false},
		// ARN operators: each of the six components separately (the page's
		// example: StringLike matches, ArnLike does not); ArnEquals = ArnLike
		{`{"StringLike": {"aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*"}}`,
			[]string{"aws:SourceArn", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}, true},
		{`{"ArnLike": {"aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*"}}`,
			[]string{"aws:SourceArn", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}, false},
		{`{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}`, []string{"aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"}, true},
		{`{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}`, []string{"aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"}, true},
		{`{"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::444455556666:user/user-name"}}`, []string{"aws:PrincipalArn", "arn:aws:iam::444455556666:user/user-name"}, false},
		{`{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}`, []string{"aws:SourceArn", "arn:aws:SNS:us-east-1:111122223333:topic"}, false},
		// ...IfExists: an absent key makes the condition true
		{`{"StringEqualsIfExists": {"ec2:InstanceType": "t2.micro"}}`, []string{"ec2:InstanceType"}, true},
		{`{"StringLikeIfExists": {"ec2:InstanceType": "t2.*"}}`, []string{"ec2:InstanceType", "m5.large"}, false},
		// Null: true means the key is absent
		{`{"Null": {"aws:TokenIssueTime": "true"}}`, []string{"aws:TokenIssueTime"}, true},
		{`{"Null": {"aws:TokenIssueTime": "true"}}`, []string{"aws:TokenIssueTime", "2020-01-01T00:00:00Z"}, false},
		{`{"Null": {"aws:TokenIssueTime": false}}`, []string{"aws:TokenIssueTime", "2020-01-01T00:00:00Z"}, true},
		// ForAllValues: every request value matches some policy value; true
		// for an absent key. ForAnyValue: some request value matches; false
		// for an absent key.
		{`{"ForAllValues:StringEquals": {"dynamodb:Attributes": ["ID", "Message", "Tags"]}}`,
			[]string{"dynamodb:Attributes", "Message", "dynamodb:Attributes", "Tags"}, true},
		{`{"ForAllValues:StringEquals": {"dynamodb:Attributes": ["PostDateTime", "Message", "Tags"]}}`,
			[]string{"dynamodb:Attributes", "PostDateTime", "dynamodb:Attributes", "UserName"}, false},
		{`{"ForAllValues:StringEquals": {"dynamodb:Attributes": ["ID"]}}`, []string{"dynamodb:Attributes"}, true},
		{`{"ForAnyValue:StringEquals": {"dynamodb:Attributes": ["ID", "PostDateTime"]}}`,
			[]string{"dynamodb:Attributes", "PostDateTime", "dynamodb:Attributes", "Message"}, true},
		{`{"ForAnyValue:StringEquals": {"dynamodb:Attributes": ["ID", "PostDateTime"]}}`,
			[]string{"dynamodb:Attributes", "UserName"}, false},
		{`{"ForAnyValue:StringEquals": {"dynamodb:Attributes": ["ID"]}}`, []string{"dynamodb:Attributes"}, false},
		{`{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["secret"]}}`, []string{"aws:TagKeys", "a", "aws:TagKeys", "b"}, true},
		{`{"ForAnyValue:StringLike": {"aws:TagKeys": ["env*"]}}`, []string{"aws:TagKeys", "a", "aws:TagKeys", "environment"}, true},
	}
	var table []evalCase
	for _, r := range rows {
		table = append(table, evalCase{name: r.block + " " + strings.Join(r.ctx, "="),
			policy: allowIf(r.block), req: with(req("s3:GetObject", envObject), r.ctx...), want: allowWhen(r.holds)})
	}
	runCases(t, table)
}

// Values the caller does not know make an operator undecided, never a match
// and never an error.
func TestConditionUndecided(t *testing.T) {
	get := req("s3:GetObject", envObject)
	several := with(get, "aws:SourceVpc", "vpc-1", "aws:SourceVpc", "vpc-2")
	symbolic := get
	symbolic.Context = map[string][]Text{"aws:SourceVpc": {Sym("VPC.Id")}}
	runCases(t, []evalCase{
		{name: "a multivalued key without ForAllValues/ForAnyValue",
			policy: allowIf(`{"StringEquals": {"aws:SourceVpc": "vpc-1"}}`), req: several, want: CannotDecide, why: "aws:SourceVpc"},
		{name: "a request value the caller knows only by name",
			policy: allowIf(`{"StringEquals": {"aws:SourceVpc": "vpc-1"}}`), req: symbolic, want: CannotDecide, why: "VPC.Id"},
		{name: "a request value known by name matches a pattern that takes any value",
			policy: allowIf(`{"StringLike": {"aws:SourceVpc": "*"}}`), req: symbolic, want: Allow},
		{name: "a numeric comparison with a value known only by name",
			policy: allowIf(`{"NumericLessThan": {"aws:SourceVpc": "1"}}`), req: symbolic, want: CannotDecide},
		{name: "IfExists with a key the caller does not know",
			policy: allowIf(`{"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}}`), req: get, want: CannotDecide, why: "aws:SourceVpc"},
	})
}

// [iam-vars]: under "Version": "2012-10-17", ${key} in a Resource or a
// string/ARN condition value is the request's value of the key; with an
// earlier or no Version it is literal text. A key with no value: "the
// resource that includes a policy variable with no value will not match any
// resource", "StringEquals or StringLike do not match", and "Inverted
// condition operators like StringNotEquals ... do match". ${*}, ${?} and
// ${$} stand for the literal characters; ${key, 'default'} gives a default.
// A key the caller does not know leaves the answer undecided.
func TestPolicyVariables(t *testing.T) {
	home := `{"Version": "2012-10-17", "Statement": [{"Sid": "Home", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::mybucket/${aws:username}/*"}]}`
	literal := func(version string) string {
		return `{` + version + `"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::mybucket/${aws:username}/*"}]}`
	}
	david := req("s3:GetObject", "arn:aws:s3:::mybucket/David/notes.txt")
	special := func(v string) string {
		return `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/` + v + `"}]}`
	}
	team := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket-${aws:PrincipalTag/team, 'company-wide'}/*"}]}`
	prefix := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::mybucket", "Condition": {"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/*"]}}}]}`
	denyOtherTeam := `{"Version": "2012-10-17", "Statement": [
		{"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
		{"Sid": "Team", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
		 "Condition": {"StringNotEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}}}]}`
	list := req("s3:ListBucket", "arn:aws:s3:::mybucket")
	runCases(t, []evalCase{
		{name: "the variable is the request's value", policy: home, req: with(david, "aws:username", "David"), want: Allow},
		{name: "another user's folder", policy: home, req: with(david, "aws:username", "Adele"), want: ImplicitDeny},
		{name: "variable names are case-insensitive", policy: home, req: with(david, "AWS:UserName", "David"), want: Allow},
		{name: "a variable the caller does not know: cannot decide, naming it",
			policy: home, req: david, want: CannotDecide, by: []string{`Statement "Home"`}, why: "${aws:username}"},
		{name: "a variable known to have no value matches no resource", policy: home, req: with(david, "aws:username"), want: ImplicitDeny},
		{name: "a variable's value is not a wildcard",
			policy: home, req: with(req("s3:GetObject", "arn:aws:s3:::mybucket/David/x"), "aws:username", "*"), want: ImplicitDeny},
		{name: "a multivalued key is no variable",
			policy: home, req: with(david, "aws:username", "David", "aws:username", "Adele"), want: CannotDecide},
		{name: "2008-10-17: ${...} is literal text",
			policy: literal(`"Version": "2008-10-17", `), req: with(req("s3:GetObject", "arn:aws:s3:::mybucket/${aws:username}/x"), "aws:username", "David"), want: Allow},
		{name: "2008-10-17: no substitution",
			policy: literal(`"Version": "2008-10-17", `), req: with(david, "aws:username", "David"), want: ImplicitDeny},
		{name: "no Version: ${...} is literal text",
			policy: literal(``), req: req("s3:GetObject", "arn:aws:s3:::mybucket/${aws:username}/x"), want: Allow},
		{name: "${*} is a literal asterisk", policy: special("${*}"), req: req("s3:GetObject", "arn:aws:s3:::b/*"), want: Allow},
		{name: "${*} is not a wildcard", policy: special("${*}"), req: req("s3:GetObject", "arn:aws:s3:::b/x"), want: ImplicitDeny},
		{name: "${?} is a literal question mark", policy: special("a${?}"), req: req("s3:GetObject", "arn:aws:s3:::b/a?"), want: Allow},
		{name: "${?} is not a wildcard", policy: special("a${?}"), req: req("s3:GetObject", "arn:aws:s3:::b/ab"), want: ImplicitDeny},
		{name: "${$} is a literal dollar", policy: special("${$}{x}"), req: req("s3:GetObject", "arn:aws:s3:::b/${x}"), want: Allow},
		{name: "a default value for a key with no value",
			policy: team, req: with(req("s3:GetObject", "arn:aws:s3:::bucket-company-wide/x"), "aws:PrincipalTag/team"), want: Allow},
		{name: "the default is not used when the key has a value",
			policy: team, req: with(req("s3:GetObject", "arn:aws:s3:::bucket-company-wide/x"), "aws:PrincipalTag/team", "yellow"), want: ImplicitDeny},
		{name: "a variable in a condition value", policy: prefix, req: with(list, "s3:prefix", "home/David/docs", "aws:username", "David"), want: Allow},
		{name: "a variable in a condition value, another user", policy: prefix, req: with(list, "s3:prefix", "home/Adele/docs", "aws:username", "David"), want: ImplicitDeny},
		{name: "a variable in a condition value the caller does not know",
			policy: prefix, req: with(list, "s3:prefix", "home/David/docs"), want: CannotDecide, why: "${aws:username}"},
		{name: "a value the variable does not need", policy: prefix, req: with(list, "s3:prefix", "home/"), want: Allow},
		{name: "a negated operator matches a variable with no value",
			policy: denyOtherTeam, req: with(req("s3:GetObject", envObject), "s3:ExistingObjectTag/Team", "blue", "aws:PrincipalTag/Team"), want: ExplicitDeny},
		{name: "a negated operator, the variable's value equal",
			policy: denyOtherTeam, req: with(req("s3:GetObject", envObject), "s3:ExistingObjectTag/Team", "blue", "aws:PrincipalTag/Team", "blue"), want: Allow},
	})
}

// The caller's unknowns (Sym, Unknown, UnknownValue) decide nothing they
// could change, and decide what they could not.
func TestUnknownValues(t *testing.T) {
	region, acct := Sym("AWS::Region"), Sym("AWS::AccountId")
	envObj := Join(Lit("arn:aws:s3:::elasticbeanstalk-"), region, Lit("-"), acct, Lit("/resources/x"))
	symbolic := Request{Principal: role, Action: Lit("s3:GetObject"), Resource: envObj}
	anyAction := Request{Principal: role, Action: Join(Lit("elasticbeanstalk:"), Unknown("any action")), Resource: Lit("*")}
	assets := Request{Principal: role, Action: Lit("s3:GetObject"),
		Resource: Join(Lit("arn:aws:s3:::elasticbeanstalk-platform-assets-"), region, Lit("/"), Unknown("the object key"))}
	runCases(t, []evalCase{
		{name: "a bucket wildcard covers any region and account",
			policy: allowResource("arn:aws:s3:::elasticbeanstalk-*"), req: symbolic, want: Allow},
		{name: "one region of an unknown region: cannot decide, naming it",
			policy: allowResource("arn:aws:s3:::elasticbeanstalk-us-east-1-*"), req: symbolic, want: CannotDecide, why: "AWS::Region"},
		{name: "another bucket whatever the region: decided",
			policy: allowResource("arn:aws:s3:::cloudformation-*"), req: symbolic, want: ImplicitDeny},
		{name: "an unknown bucket in a Deny: cannot decide",
			policy: `{"Statement": [
				{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
				{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "arn:aws:s3:::elasticbeanstalk-us-east-1-*"}]}`,
			req: symbolic, want: CannotDecide},
		{name: "an unknown service action against s3:*", policy: allowAction("s3:*"), req: anyAction, want: ImplicitDeny},
		{name: "an unknown action of the service against the service's *", policy: allowAction("elasticbeanstalk:*"), req: anyAction, want: Allow},
		{name: "an unknown action against some of the service's actions",
			policy: allowAction("elasticbeanstalk:Describe*"), req: anyAction, want: CannotDecide, why: "any action"},
	})

	// Policies built from a tree with the same unknowns (Fn::Sub).
	bucketOf := func(parts ...Text) *Policy {
		return mustFromNode(t, MapValue(
			Field{"Version", TextValue(Lit("2012-10-17"))},
			Field{"Statement", MapValue(
				Field{"Effect", TextValue(Lit("Allow"))},
				Field{"Principal", TextValue(Lit("*"))},
				Field{"Action", TextValue(Lit("s3:GetObject"))},
				Field{"Resource", TextValue(Join(parts...))})}))
	}
	for _, c := range []struct {
		name string
		p    *Policy
		r    Request
		want Answer
	}{
		{"the same region and account as the request", bucketOf(Lit("arn:aws:s3:::elasticbeanstalk-"), region, Lit("-"), acct, Lit("/*")), symbolic, Allow},
		{"another account", bucketOf(Lit("arn:aws:s3:::elasticbeanstalk-"), region, Lit("-"), Sym("OtherAccount"), Lit("/*")), symbolic, CannotDecide},
		// Whatever the region, a bucket named with it is not another bucket
		// named with it, and an account's twelve digits are no bucket name.
		{"the environment's bucket, asked for the platform assets of the same unknown region",
			bucketOf(Lit("arn:aws:s3:::elasticbeanstalk-"), region, Lit("-"), AccountID("AWS::AccountId"), Lit("/*")), assets, ImplicitDeny},
		{"the region's Beanstalk bucket, asked for the platform assets of the same unknown region",
			bucketOf(Lit("arn:aws:s3:::elasticbeanstalk-"), region, Lit("/*")), assets, ImplicitDeny},
		{"the environment's bucket of an account not known to be one",
			bucketOf(Lit("arn:aws:s3:::elasticbeanstalk-"), region, Lit("-"), Sym("Something"), Lit("/*")), assets, CannotDecide},
		{"the platform assets of a literal region, asked for an unknown region",
			bucketOf(Lit("arn:aws:s3:::elasticbeanstalk-platform-assets-us-east-1/*")), assets, CannotDecide},
		{"an Unknown is not even itself", bucketOf(Lit("arn:aws:s3:::elasticbeanstalk-"), Unknown("a parameter"), Lit("/*")),
			Request{Principal: role, Action: Lit("s3:GetObject"), Resource: Join(Lit("arn:aws:s3:::elasticbeanstalk-"), Unknown("a parameter"), Lit("/x"))}, CannotDecide},
		{"Effect not known", mustFromNode(t, MapValue(Field{"Statement", MapValue(
			Field{"Effect", TextValue(Unknown("a parameter"))}, Field{"Action", TextValue(Lit("*"))}, Field{"Resource", TextValue(Lit("*"))})})),
			symbolic, CannotDecide},
		{"Statement not known", mustFromNode(t, MapValue(Field{"Statement", UnknownValue("known after apply")})), symbolic, CannotDecide},
		{"the whole policy not known", mustFromNode(t, UnknownValue("known after apply")), symbolic, CannotDecide},
		{"a statement not known, and a Deny that applies", mustFromNode(t, MapValue(Field{"Statement", ListValue(
			UnknownValue("a parameter"),
			MapValue(Field{"Effect", TextValue(Lit("Deny"))}, Field{"Action", TextValue(Lit("*"))}, Field{"Resource", TextValue(Lit("*"))}))})),
			symbolic, ExplicitDeny},
		{"an Action list not known", mustFromNode(t, MapValue(Field{"Statement", MapValue(
			Field{"Effect", TextValue(Lit("Allow"))}, Field{"Action", UnknownValue("a parameter")}, Field{"Resource", TextValue(Lit("*"))})})),
			symbolic, CannotDecide},
		{"a principal account known only by name", mustFromNode(t, MapValue(Field{"Statement", MapValue(
			Field{"Effect", TextValue(Lit("Allow"))},
			Field{"Principal", MapValue(Field{"AWS", TextValue(Join(Lit("arn:aws:iam::"), acct, Lit(":root")))})},
			Field{"Action", TextValue(Lit("*"))}, Field{"Resource", TextValue(Lit("*"))})})),
			Request{Principal: Principal{Type: "AWS", Account: acct, Names: []Text{Sym("Role.Arn")}}, Action: Lit("s3:GetObject"), Resource: envObj}, Allow},
	} {
		t.Run(c.name, func(t *testing.T) {
			if d := c.p.Evaluate(c.r); d.Answer != c.want || (d.Answer == CannotDecide) != (len(d.Reasons) > 0) {
				t.Errorf("got %s, want %s", d, c.want)
			}
		})
	}
}

// A principal some of whose identifiers the caller knows only by name, or
// not at all.
func TestUnknownPrincipals(t *testing.T) {
	acct := Sym("AWS::AccountId")
	byName := Principal{Type: "AWS", Account: Lit(account), Names: []Text{Sym("Role.Arn")}}
	withName := Principal{Type: "AWS", Account: Lit(account), Names: []Text{Join(Lit("arn:aws:iam::111122223333:role/"), Sym("Role.Name"))}}
	inAccount := Principal{Type: "AWS", Account: acct, Names: []Text{Join(Lit("arn:aws:iam::"), acct, Lit(":role/app-role"))}}
	get := func(p Principal) Request { r := req("s3:GetObject", envObject); r.Principal = p; return r }
	runCases(t, []evalCase{
		{name: "a role known by name against a role ARN",
			policy: allowPrincipal(`{"AWS": "arn:aws:iam::111122223333:role/app-role"}`), req: get(byName), want: CannotDecide, why: "Role.Arn"},
		{name: "a role known by name, in a known account",
			policy: allowPrincipal(`{"AWS": "111122223333"}`), req: get(byName), want: Allow},
		{name: "a role known by name, in another account: the name could be anything, even 444455556666",
			policy: allowPrincipal(`{"AWS": "444455556666"}`), req: get(byName), want: CannotDecide, why: "Role.Arn"},
		{name: "a role ARN whose role name only is known by name, in another account",
			policy: allowPrincipal(`{"AWS": "444455556666"}`), req: get(withName), want: ImplicitDeny},
		{name: "a role ARN whose role name only is known by name, against the role",
			policy: allowPrincipal(`{"AWS": "arn:aws:iam::111122223333:role/app-role"}`), req: get(withName), want: CannotDecide, why: "Role.Name"},
		{name: "a role of an account known by name",
			policy: allowPrincipal(`{"AWS": "111122223333"}`), req: get(inAccount), want: CannotDecide, why: "AWS::AccountId"},
		{name: "a role of an account known by name, against another role",
			policy: allowPrincipal(`{"AWS": "arn:aws:iam::111122223333:role/other"}`), req: get(inAccount), want: CannotDecide},
		{name: "a role of an account known by name, against a service",
			policy: allowPrincipal(`{"Service": "ec2.amazonaws.com"}`), req: get(inAccount), want: ImplicitDeny},
	})

	unknownEntry := func(id Node) *Policy {
		return mustFromNode(t, MapValue(Field{"Statement", MapValue(
			Field{"Effect", TextValue(Lit("Allow"))},
			Field{"Principal", id},
			Field{"Action", TextValue(Lit("*"))}, Field{"Resource", TextValue(Lit("*"))})}))
	}
	gateway := get(role)
	gateway.Gateway = true
	for _, c := range []struct {
		name string
		p    *Policy
		r    Request
		want Answer
	}{
		{"a Principal element not known", unknownEntry(UnknownValue("a parameter")), get(role), CannotDecide},
		{"a Principal string not known", unknownEntry(TextValue(Unknown("a parameter"))), get(role), CannotDecide},
		{"an AWS principal not known", unknownEntry(MapValue(Field{"AWS", UnknownValue("a parameter")})), get(role), CannotDecide},
		{"an AWS principal not known is no service", unknownEntry(MapValue(Field{"AWS", UnknownValue("a parameter")})),
			get(Principal{Type: "Service", Names: []Text{Lit("ec2.amazonaws.com")}}), ImplicitDeny},
		{"gateway endpoint: a root ARN of an account known by name", unknownEntry(MapValue(Field{"AWS", TextValue(Join(Lit("arn:aws:iam::"), acct, Lit(":root")))})),
			gateway, CannotDecide},
	} {
		t.Run(c.name, func(t *testing.T) {
			if d := c.p.Evaluate(c.r); d.Answer != c.want || (d.Answer == CannotDecide) != (len(d.Reasons) > 0) {
				t.Errorf("got %s, want %s", d, c.want)
			}
		})
	}
}

func mustFromNode(t *testing.T, n Node) *Policy {
	t.Helper()
	p, err := FromNode(n)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
