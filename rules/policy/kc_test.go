package policy

import "testing"

// kcMinimal is the "KC minimal policy" of DOMAIN.md §8.1 as an S3 endpoint
// policy: the S3 part of what Elastic Beanstalk instances need, by
// wildcards. The package knows nothing of Beanstalk; these are plain
// requests with Beanstalk's bucket names as data.
const kcMinimal = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "BeanstalkBuckets",
    "Effect": "Allow",
    "Principal": "*",
    "Action": ["s3:GetObject", "s3:ListBucket", "s3:PutObject", "s3:PutObjectAcl",
               "s3:DeleteObject", "s3:PutBucketPolicy", "s3:PutObjectVersionAcl"],
    "Resource": ["arn:aws:s3:::elasticbeanstalk-*", "arn:aws:s3:::elasticbeanstalk-*/*",
                 "arn:aws:s3:::cloudformation*/*"]
  }]
}`

func TestKCMinimalPolicy(t *testing.T) {
	const env = "arn:aws:s3:::elasticbeanstalk-us-east-1-123456789012"
	var table []evalCase
	for _, c := range []struct {
		action, resource string
		want             Answer
	}{
		// the EB-owned buckets (DOMAIN.md §8.1 table)
		{"s3:GetObject", "arn:aws:s3:::elasticbeanstalk-platform-assets-us-east-1/stalks/x", Allow},
		{"s3:GetObject", "arn:aws:s3:::elasticbeanstalk-env-resources-us-east-1/eb_patching_resources/x", Allow},
		{"s3:GetObject", "arn:aws:s3:::elasticbeanstalk-samples-us-east-1/nodejs-sample.zip", Allow},
		{"s3:GetObject", "arn:aws:s3:::elasticbeanstalk-us-east-1/x", Allow},
		{"s3:GetObject", "arn:aws:s3:::elasticbeanstalk-platform-assets-me-central-1-f08b818c/x", Allow},
		{"s3:GetObject", "arn:aws:s3:::elasticbeanstalk-platform-assets-public-beta-cn-north-1/x", Allow},
		// CloudFormation's wait condition and custom resource replies
		{"s3:GetObject", "arn:aws:s3:::cloudformation-waitcondition-us-east-1/arn%3Aaws%3Acloudformation/x", Allow},
		{"s3:PutObject", "arn:aws:s3:::cloudformation-waitcondition-us-east-1/arn%3Aaws%3Acloudformation/x", Allow},
		{"s3:GetObject", "arn:aws:s3:::cloudformation-custom-resource-response-useast1/x", Allow},
		// the environment's own bucket
		{"s3:GetObject", env + "/resources/environments/logs/x", Allow},
		{"s3:PutObject", env + "/resources/environments/logs/x", Allow},
		{"s3:PutObjectAcl", env + "/resources/environments/logs/x", Allow},
		{"s3:ListBucket", env, Allow},
		{"s3:GetObjectAcl", env + "/x", ImplicitDeny}, // in DOMAIN.md's table, not in this policy
		// Docker: the ECR layer bucket is not covered (EB602)
		{"s3:GetObject", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/x", ImplicitDeny},
		// Amazon Linux repositories are not covered either
		{"s3:GetObject", "arn:aws:s3:::al2023-repos-us-east-1-de612dc2/x", ImplicitDeny},
		// a bucket ListBucket on cloudformation buckets: only objects are granted
		{"s3:ListBucket", "arn:aws:s3:::cloudformation-waitcondition-us-east-1", ImplicitDeny},
		// other actions
		{"s3:DeleteBucket", env, ImplicitDeny},
	} {
		table = append(table, evalCase{name: c.action + " " + c.resource, policy: kcMinimal, req: req(c.action, c.resource), want: c.want})
	}

	// The same requests with the region and account only known by name.
	region, acct := Sym("AWS::Region"), Sym("AWS::AccountId")
	for _, c := range []struct {
		action   string
		resource Text
		want     Answer
	}{
		{"s3:GetObject", Join(Lit("arn:aws:s3:::elasticbeanstalk-platform-assets-"), region, Lit("/x")), Allow},
		{"s3:GetObject", Join(Lit("arn:aws:s3:::cloudformation-waitcondition-"), region, Lit("/x")), Allow},
		{"s3:ListBucket", Join(Lit("arn:aws:s3:::elasticbeanstalk-"), region, Lit("-"), acct), Allow},
		{"s3:PutObject", Join(Lit("arn:aws:s3:::elasticbeanstalk-"), region, Lit("-"), acct, Lit("/x")), Allow},
		{"s3:GetObject", Join(Lit("arn:aws:s3:::prod-"), region, Lit("-starport-layer-bucket/x")), ImplicitDeny},
	} {
		table = append(table, evalCase{name: c.action + " " + c.resource.String(), policy: kcMinimal,
			req: Request{Principal: role, Action: Lit(c.action), Resource: c.resource}, want: c.want})
	}
	runCases(t, table)
}
