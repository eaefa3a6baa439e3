package policy

import (
	"errors"
	"strings"
	"testing"
)

// Malformed policies are errors (*Error, naming where), never a panic and
// never an answer. [iam-grammar] gives the shapes; "Individual elements must
// not contain multiple instances of the same key".
func TestParseErrors(t *testing.T) {
	stmt := func(fields string) string { return `{"Statement": [{` + fields + `}]}` }
	const ok = `"Effect": "Allow", "Action": "*", "Resource": "*"`
	for _, c := range []struct {
		name, doc, want string
	}{
		{"not JSON", `{"Statement": [`, "not JSON"},
		{"empty", ``, "not JSON"},
		{"trailing text", `{"Statement": []} x`, "not JSON"},
		{"not an object", `["Statement"]`, "must be an object"},
		{"no Statement", `{"Version": "2012-10-17"}`, "no Statement"},
		{"Statement a string", `{"Statement": "Allow"}`, "Statement: must be an object or a list"},
		{"a statement a string", `{"Statement": ["Allow"]}`, "Statement[0]: must be an object"},
		{"unknown top-level element", `{"Statement": [], "Statements": []}`, `unknown element "Statements"`},
		{"duplicate key", `{"Statement": [], "Statement": []}`, `"Statement" twice`},
		{"bad Version", `{"Version": "2012-10-18", "Statement": []}`, "Version"},
		{"null", `{"Statement": [{"Effect": null}]}`, "null"},
		{"Effect lower case", stmt(`"Effect": "allow", "Action": "*", "Resource": "*"`), `Statement[0].Effect: must be "Allow" or "Deny"`},
		{"no Effect", stmt(`"Action": "*", "Resource": "*"`), "no Effect"},
		{"no Action", stmt(`"Effect": "Allow", "Resource": "*"`), "Action or NotAction"},
		{"Action and NotAction", stmt(ok + `, "NotAction": "s3:*"`), "both Action and NotAction"},
		{"no Resource", stmt(`"Effect": "Allow", "Action": "*"`), "Resource or NotResource"},
		{"Principal and NotPrincipal", stmt(ok + `, "Principal": "*", "NotPrincipal": "*"`), "both Principal and NotPrincipal"},
		{"unknown statement element", stmt(ok + `, "Conditions": {}`), `Statement[0]: unknown element "Conditions"`},
		{"Action a map", stmt(`"Effect": "Allow", "Action": {"s3": "*"}, "Resource": "*"`), "Statement[0].Action: must be a string or a list of strings"},
		{"Action list of lists", stmt(`"Effect": "Allow", "Action": [["s3:*"]], "Resource": "*"`), "Statement[0].Action[0]: must be a string"},
		{"empty Action list", stmt(`"Effect": "Allow", "Action": [], "Resource": "*"`), "empty"},
		{"Principal a role ARN string", stmt(ok + `, "Principal": "arn:aws:iam::111122223333:root"`), `must be "*" or a map`},
		{"unknown principal type", stmt(ok + `, "Principal": {"IAM": "111122223333"}`), `unknown principal type "IAM"`},
		{"Condition a list", stmt(ok + `, "Condition": ["x"]`), "Statement[0].Condition: must be a map"},
		{"unknown operator", stmt(ok + `, "Condition": {"StringEqual": {"k": "v"}}`), `unknown condition operator "StringEqual"`},
		{"NullIfExists", stmt(ok + `, "Condition": {"NullIfExists": {"k": "true"}}`), "unknown condition operator"},
		{"operator without keys", stmt(ok + `, "Condition": {"StringEquals": "v"}`), "must be a map of condition keys"},
		{"condition value a map", stmt(ok + `, "Condition": {"StringEquals": {"k": {"v": 1}}}`), "must be a string or a list of strings"},
		{"not a number", stmt(ok + `, "Condition": {"NumericLessThan": {"k": "ten"}}`), "not a number"},
		{"hexadecimal", stmt(ok + `, "Condition": {"NumericLessThan": {"k": "0x10"}}`), "not a number"},
		{"not a date", stmt(ok + `, "Condition": {"DateLessThan": {"k": "2020-*"}}`), "not a date"},
		{"not an address", stmt(ok + `, "Condition": {"IpAddress": {"k": "10.0.0.0/33"}}`), "not an IP address"},
		{"Null neither true nor false", stmt(ok + `, "Condition": {"Null": {"k": "yes"}}`), `"true" or "false"`},
		{"too deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), "nested"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse([]byte(c.doc))
			var pe *Error
			if err == nil || !errors.As(err, &pe) || p != nil {
				t.Fatalf("Parse = %v, %v; want an *Error", p, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

// FromNode checks a caller's tree as Parse checks JSON.
func TestFromNodeErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		n    Node
		want string
	}{
		{"zero node", Node{}, "must be an object"},
		{"duplicate field", MapValue(Field{"Statement", ListValue()}, Field{"Statement", ListValue()}), "twice"},
		{"Effect partly known is fine, a list is not", MapValue(Field{"Statement", MapValue(
			Field{"Effect", ListValue(TextValue(Lit("Allow")))}, Field{"Action", TextValue(Lit("*"))}, Field{"Resource", TextValue(Lit("*"))})}),
			"Statement.Effect: must be a string"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := FromNode(c.n); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("FromNode: %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// ParseText reads JSON whose strings hold unknown pieces: a policy written
// as a JSON string with Fn::Sub.
func TestParseText(t *testing.T) {
	region := Sym("AWS::Region")
	doc := Join(Lit(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::elasticbeanstalk-`),
		region, Lit(`-*/*"}]}`))
	p, err := ParseText(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		resource Text
		want     Answer
	}{
		{Join(Lit("arn:aws:s3:::elasticbeanstalk-"), region, Lit("-111122223333/x")), Allow},
		{Lit("arn:aws:s3:::elasticbeanstalk-us-east-1-111122223333/x"), CannotDecide},
		{Lit("arn:aws:s3:::cloudformation-waitcondition-us-east-1/x"), ImplicitDeny},
	} {
		if d := p.Evaluate(Request{Principal: role, Action: Lit("s3:GetObject"), Resource: c.resource}); d.Answer != c.want {
			t.Errorf("%s: got %s, want %s", c.resource, d, c.want)
		}
	}

	// Without unknown pieces, the characters that mark them are text.
	if _, err := Parse([]byte("{\"Statement\": {\"Sid\": \"\uE000\\uE0010\uE001\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}")); err != nil {
		t.Errorf("Parse: %v", err)
	}

	for _, c := range []struct {
		name string
		doc  Text
		want string
	}{
		{"an unknown piece outside a string", Join(Lit(`{"Statement": `), Unknown("x"), Lit(`}`)), "outside a JSON string"},
		{"an unknown piece in a key", Join(Lit(`{"`), Unknown("x"), Lit(`": []}`)), "key"},
		{"a private-use character", Join(Lit(`{"Statement": "\uE000`), Unknown("x"), Lit(`"}`)), "U+E000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ParseText(c.doc); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("ParseText: %v, want an error containing %q", err, c.want)
			}
		})
	}
}
