package policy_test

import (
	"fmt"

	"github.com/beanlint/beanlint/rules/policy"
)

// An S3 gateway endpoint policy, asked about the requests of an instance
// whose region the inputs name but do not give.
func ExamplePolicy_Evaluate() {
	p, err := policy.Parse([]byte(`{
	  "Version": "2012-10-17",
	  "Statement": [
	    {"Sid": "Buckets", "Effect": "Allow", "Principal": "*",
	     "Action": ["s3:GetObject", "s3:PutObject"],
	     "Resource": ["arn:aws:s3:::elasticbeanstalk-*/*", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"]},
	    {"Sid": "NoDelete", "Effect": "Deny", "Principal": "*", "Action": "s3:Delete*", "Resource": "*"},
	    {"Sid": "OnlyFromVPC", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*",
	     "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-0a1b2c3d"}}}
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	role := policy.Principal{Type: "AWS", Account: policy.Lit("111122223333"),
		Names: []policy.Text{policy.Lit("arn:aws:iam::111122223333:role/app")}}
	region := policy.Sym("AWS::Region") // a value the inputs name but do not give
	for _, r := range []policy.Request{
		{Principal: role, Action: policy.Lit("s3:GetObject"),
			Resource: policy.Join(policy.Lit("arn:aws:s3:::elasticbeanstalk-"), region, policy.Lit("-111122223333/app.zip"))},
		{Principal: role, Action: policy.Lit("s3:GetObject"),
			Resource: policy.Join(policy.Lit("arn:aws:s3:::prod-"), region, policy.Lit("-starport-layer-bucket/layer"))},
		{Principal: role, Action: policy.Lit("s3:DeleteObject"), Resource: policy.Lit("arn:aws:s3:::elasticbeanstalk-us-east-1/x")},
		{Principal: role, Action: policy.Lit("s3:PutObject"), Resource: policy.Lit("arn:aws:s3:::elasticbeanstalk-us-east-1/x")},
		{Principal: role, Action: policy.Lit("s3:PutObject"), Resource: policy.Lit("arn:aws:s3:::elasticbeanstalk-us-east-1/x"),
			Context: map[string][]policy.Text{"aws:SourceVpc": {policy.Lit("vpc-0a1b2c3d")}}},
		{Principal: role, Action: policy.Lit("s3:ListBucket"), Resource: policy.Lit("arn:aws:s3:::elasticbeanstalk-us-east-1")},
	} {
		fmt.Printf("%s %s: %s\n", r.Action, r.Resource, p.Evaluate(r))
	}
	// Output:
	// s3:GetObject arn:aws:s3:::elasticbeanstalk-<AWS::Region>-111122223333/app.zip: allow by Statement "Buckets"
	// s3:GetObject arn:aws:s3:::prod-<AWS::Region>-starport-layer-bucket/layer: cannot decide: Statement "Buckets": Resource "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*" may or may not match "arn:aws:s3:::prod-<AWS::Region>-starport-layer-bucket/layer": AWS::Region not known
	// s3:DeleteObject arn:aws:s3:::elasticbeanstalk-us-east-1/x: explicit deny by Statement "NoDelete"
	// s3:PutObject arn:aws:s3:::elasticbeanstalk-us-east-1/x: cannot decide: Statement "OnlyFromVPC": condition key aws:SourceVpc (StringNotEquals) is not known
	// s3:PutObject arn:aws:s3:::elasticbeanstalk-us-east-1/x: allow by Statement "Buckets"
	// s3:ListBucket arn:aws:s3:::elasticbeanstalk-us-east-1: implicit deny
}
