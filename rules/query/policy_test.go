package query

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/policy"
)

// TestPolicyDocument reads endpoint policies as the parsers give them (a
// JSON string, a string built with Fn::Sub, a document with intrinsics
// inside) and asks each the question a rule asks: the adapter keeps what
// the input decides and leaves the rest undecided, naming it.
func TestPolicyDocument(t *testing.T) {
	usEast1 := func(name string) (policy.Text, bool) {
		if name == "AWS::Region" {
			return policy.Lit("us-east-1"), true
		}
		return policy.Text{}, false
	}
	get := func(resource policy.Text) policy.Request {
		return policy.Request{Principal: policy.Principal{Type: "AWS", Account: policy.Lit("111122223333")},
			Action: policy.Lit("s3:GetObject"), Resource: resource}
	}
	bucket := func(region string) policy.Request {
		return get(policy.Lit("arn:aws:s3:::elasticbeanstalk-env-resources-" + region + "/x"))
	}
	put := bucket("us-east-1")
	put.Action = policy.Lit("s3:PutObject")
	// sub is a JSON policy string built with Fn::Sub around ${AWS::Region}.
	sub := parsers.Value{Kind: parsers.Concat}.WithParts([]parsers.Value{
		lit(`{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::elasticbeanstalk-env-resources-`),
		parsers.RefTo("AWS::Region", "", at(1)),
		lit(`/*"}}`),
	})
	// doc is a policy document given as data, with one statement whose
	// Resource is r and whose Effect is effect.
	doc := func(effect, r parsers.Value, actions ...parsers.Value) parsers.Value {
		if len(actions) == 0 {
			actions = []parsers.Value{lit("s3:GetObject")}
		}
		return parsers.Value{Kind: parsers.Map}.WithFields([]parsers.Field{
			{Key: "Version", Value: lit("2012-10-17")},
			{Key: "Statement", Value: parsers.Value{Kind: parsers.List}.WithItems([]parsers.Value{parsers.Value{Kind: parsers.Map}.WithFields([]parsers.Field{
				{Key: "Effect", Value: effect},
				{Key: "Principal", Value: lit("*")},
				{Key: "Action", Value: parsers.Value{Kind: parsers.List}.WithItems(actions)},
				{Key: "Resource", Value: r},
			})})},
		})
	}
	allow := lit("Allow")
	anyBucket := lit("arn:aws:s3:::elasticbeanstalk-*")
	bucketArn := parsers.RefTo(key("Bucket"), "Arn", at(1))
	objects := parsers.Value{Kind: parsers.Concat}.WithParts([]parsers.Value{bucketArn, lit("/*")})
	param := parsers.UnknownValue("parameter BucketArn has no value", at(1))
	param.SetOrigin(parsers.ParameterOf(tf, "BucketArn"))

	for _, c := range []struct {
		name   string
		v      parsers.Value
		pseudo Pseudo
		req    policy.Request
		want   policy.Answer
		why    string // for CannotDecide, a part of the reasons
	}{
		{name: "a JSON string", v: lit(`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::elasticbeanstalk-*"}]}`),
			req: bucket("eu-west-1"), want: policy.Allow},
		{name: "Fn::Sub with the region the caller knows", v: sub, pseudo: usEast1, req: bucket("us-east-1"), want: policy.Allow},
		{name: "Fn::Sub with the region the caller knows, another region asked", v: sub, pseudo: usEast1, req: bucket("eu-west-1"), want: policy.ImplicitDeny},
		{name: "Fn::Sub with a region nobody knows: a symbol of its name", v: sub,
			req: get(policy.Join(policy.Lit("arn:aws:s3:::elasticbeanstalk-env-resources-"), policy.Sym("AWS::Region"), policy.Lit("/x"))), want: policy.Allow},
		{name: "Fn::Sub with a region nobody knows, a literal region asked", v: sub, req: bucket("us-east-1"), want: policy.CannotDecide, why: "AWS::Region"},
		{name: "a document as data", v: doc(allow, anyBucket), req: bucket("us-east-1"), want: policy.Allow},
		{name: "a document as data, another action", v: doc(allow, anyBucket), req: put, want: policy.ImplicitDeny},
		{name: "AWS::NoValue in the Action list is left out", v: doc(allow, anyBucket, lit("s3:GetObject"), parsers.Value{Kind: parsers.Absent}),
			req: bucket("us-east-1"), want: policy.Allow},
		{name: "a resource attribute is the same value wherever it is used", v: doc(allow, objects),
			req: get(policy.Join(policy.Sym("Bucket.Arn"), policy.Lit("/key"))), want: policy.Allow},
		{name: "a resource attribute against another bucket", v: doc(allow, objects), req: bucket("us-east-1"), want: policy.CannotDecide, why: "Bucket.Arn"},
		{name: "a parameter without a value is the same value wherever it is used", v: doc(allow, param),
			req: get(policy.Sym("parameter BucketArn")), want: policy.Allow},
		{name: "a parameter without a value against a bucket", v: doc(allow, param), req: bucket("us-east-1"), want: policy.CannotDecide, why: "BucketArn"},
		{name: "an Effect behind an undecided Fn::If", v: doc(parsers.Value{Kind: parsers.Choice}.WithItems([]parsers.Value{allow, lit("Deny")}).WithCond("IsProd"), anyBucket),
			req: bucket("us-east-1"), want: policy.CannotDecide, why: "condition IsProd"},
		{name: "a Resource with no origin, known only after apply", v: doc(allow, unknown("known after apply")),
			req: bucket("us-east-1"), want: policy.CannotDecide, why: "known after apply"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, ok, err := PolicyDocument(c.v, c.pseudo)
			if err != nil || !ok {
				t.Fatalf("PolicyDocument: ok %v, %v", ok, err)
			}
			d := p.Evaluate(c.req)
			var why []string
			for _, r := range d.Reasons {
				why = append(why, r.String())
			}
			if d.Answer != c.want || !strings.Contains(strings.Join(why, "; "), c.why) {
				t.Errorf("got %s (%s), want %s (%q)", d.Answer, strings.Join(why, "; "), c.want, c.why)
			}
		})
	}
}

// TestPolicyDocumentAbsentAndInvalid: no policy is full access (no
// document, no error); a string that is no policy is an error.
func TestPolicyDocumentAbsentAndInvalid(t *testing.T) {
	if p, ok, err := PolicyDocument(parsers.Value{Kind: parsers.Absent}, nil); p != nil || ok || err != nil {
		t.Errorf("absent: got %v, %v, %v; want no policy", p, ok, err)
	}
	for _, v := range []parsers.Value{
		lit(`{"Statement": [`),
		lit(`{"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}`),
		parsers.Value{Kind: parsers.Map}.WithFields([]parsers.Field{{Key: "Statement", Value: lit("not a statement")}}),
	} {
		if _, ok, err := PolicyDocument(v, nil); !ok || err == nil {
			t.Errorf("%s: got ok %v, error %v; want an error", v.Describe(), ok, err)
		}
	}
}
