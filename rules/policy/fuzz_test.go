package policy

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzEvaluate: no policy and no request makes Parse or Evaluate panic or
// run away; a malformed policy is an *Error; every answer is one of the
// four, with its statements and reasons; and the answers are consistent:
//
//   - knowing more never changes a decided answer (a request with a value
//     unknown, a key unknown or the principal unknown decides nothing the
//     known request decides otherwise);
//   - a Deny statement added to the policy never turns an answer into
//     Allow, and an explicit deny stays one;
//   - an Allow statement added never turns an answer into a deny.
//
// .ci/run may run it for a few seconds as a smoke test; a crasher found by
// `go test -fuzz` is saved under testdata/fuzz and becomes a regression test.
func FuzzEvaluate(f *testing.F) {
	for _, doc := range corpusPolicies(f) {
		f.Add([]byte(doc), "s3:GetObject", "arn:aws:s3:::elasticbeanstalk-us-east-1-111122223333/x", "aws:SourceVpce", "vpce-1", uint8(30))
	}
	f.Add([]byte(kcMinimal), "s3:PutObject", "arn:aws:s3:::cloudformation-waitcondition-us-east-1/x", "aws:username", "David", uint8(14))
	f.Add([]byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": ["111122223333"]}, "NotAction": "s3:Get*",
		"NotResource": "arn:aws:s3:::b/${aws:username}/*", "Condition": {"ForAnyValue:StringLike": {"k": ["a*", "${k}"]}, "NumericLessThan": {"n": 3}}}]}`),
		"s3:PutObject", "arn:aws:s3:::b/x/y", "k", "a", uint8(15))
	f.Add([]byte(kcMinimal), "s3:GetObject", "", "k", "v", uint8(0)) // an empty resource once indexed byte -1
	f.Fuzz(func(t *testing.T, doc []byte, action, resource, key, value string, cut uint8) {
		p, err := Parse(doc)
		if err != nil {
			if pe := (*Error)(nil); !errors.As(err, &pe) {
				t.Fatalf("error %v is %T, not *Error", err, err)
			}
			return
		}
		action, resource, value = strings.ToValidUTF8(action, "?"), strings.ToValidUTF8(resource, "?"), strings.ToValidUTF8(value, "?")
		i := int(cut) % (len(resource) + 1)
		for i < len(resource) && !utf8.RuneStart(resource[i]) {
			i++
		}
		prefix, suffix := resource[:i], resource[i:]
		known := Request{Principal: role, Action: Lit(action), Resource: Lit(prefix + value + suffix),
			Context: map[string][]Text{key: {Lit(value)}}}
		d := checkedEvaluate(t, p, known)

		// Knowing less decides nothing else.
		vaguer := []Request{known, known, known, known, known}
		vaguer[0].Resource = Join(Lit(prefix), Sym("X"), Lit(suffix))
		vaguer[1].Resource = Join(Lit(prefix), Unknown("x"), Lit(suffix))
		vaguer[2].Context = nil
		vaguer[3].Principal = Principal{}
		vaguer[4].Action = Join(Lit(action[:len(action)/2]), Unknown("y"))
		if !utf8.ValidString(action[:len(action)/2]) { // cut inside a character
			vaguer = vaguer[:4]
		}
		for _, r := range vaguer {
			if v := checkedEvaluate(t, p, r); v.Answer != CannotDecide && !sameOutcome(v.Answer, d.Answer) {
				t.Fatalf("known: %s; knowing less (%s, %s, %v): %s", d, r.Action, r.Resource, r.Context, v)
			}
		}
		absent := known
		absent.Context = map[string][]Text{key: nil}
		if v, a := checkedEvaluate(t, p, vaguer[2]), checkedEvaluate(t, p, absent); v.Answer != CannotDecide && !sameOutcome(v.Answer, a.Answer) {
			t.Fatalf("key %s absent: %s; unknown: %s", key, a, v)
		}

		// A Deny added never allows; an Allow added never denies.
		for _, effect := range []string{"Deny", "Allow"} {
			stmt, _ := json.Marshal(map[string]any{"Effect": effect, "Principal": "*", "Action": action, "Resource": "*"})
			extra, err := Parse([]byte(`{"Statement": ` + string(stmt) + `}`))
			if err != nil {
				t.Fatal(err)
			}
			more := &Policy{unknown: p.unknown, version: p.version, statements: slices.Clone(p.statements)}
			s := extra.statements[0]
			s.ref.Index = len(more.statements)
			more.statements = append(more.statements, s)
			after := checkedEvaluate(t, more, known).Answer
			switch {
			case effect == "Deny" && (after == Allow && d.Answer != Allow || d.Answer == ExplicitDeny && after != ExplicitDeny),
				effect == "Allow" && (after == ExplicitDeny || after == ImplicitDeny) && after != d.Answer:
				t.Fatalf("%s: %s; with an %s of %q: %s", doc, d, effect, action, after)
			}
		}
	})
}

// checkedEvaluate evaluates r twice and checks the shape of the decision.
func checkedEvaluate(t *testing.T, p *Policy, r Request) Decision {
	t.Helper()
	d := p.Evaluate(r)
	if again := p.Evaluate(r); !reflect.DeepEqual(d, again) {
		t.Fatalf("two evaluations: %s, then %s", d, again)
	}
	switch d.Answer {
	case Allow, ExplicitDeny:
		if len(d.By) == 0 || len(d.Reasons) > 0 {
			t.Fatalf("%s: want the deciding statements and no reasons", d)
		}
	case ImplicitDeny:
		if len(d.By) > 0 || len(d.Reasons) > 0 {
			t.Fatalf("%s: want no statements and no reasons", d)
		}
	case CannotDecide:
		if len(d.By) == 0 || len(d.Reasons) == 0 {
			t.Fatalf("%s: want the undecided statements and reasons", d)
		}
	default:
		t.Fatalf("answer %s is none of the four", d.Answer)
	}
	return d
}

// corpusPolicies returns the policies in the repository's test plans and,
// when it is there, ../shared/corpus (which holds real-world plans).
func corpusPolicies(tb testing.TB) []string {
	// IAM policies written as JSON strings in Terraform plans: resources'
	// policy and assume_role_policy, and aws_iam_policy_document's json.
	policyString := regexp.MustCompile(`"(?:policy|assume_role_policy|json)": ("\{[^"\\]*(?:\\.[^"\\]*)*")`)
	var policies []string
	for _, root := range []string{"../../testdata", "../../../shared/corpus"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".json" {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range policyString.FindAllSubmatch(data, -1) {
				var doc string
				if json.Unmarshal(m[1], &doc) == nil && !slices.Contains(policies, doc) {
					policies = append(policies, doc)
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			tb.Fatal(err)
		}
	}
	return policies
}

// TestCorpusPolicies: the policies of real Terraform plans parse, except
// role trust policies (sts:AssumeRole), which have no Resource: the grammar
// requires one in every statement but a trust policy's [iam-grammar]
// [iam-resource], and the package reads the others.
func TestCorpusPolicies(t *testing.T) {
	for _, doc := range corpusPolicies(t) {
		_, err := Parse([]byte(doc))
		if err != nil && !(strings.Contains(doc, "sts:AssumeRole") && strings.Contains(err.Error(), "needs Resource")) {
			t.Errorf("%s: %v", doc, err)
		}
	}
}

// sameOutcome reports whether two decided answers are the same outcome:
// equal, or both a denial. Knowing less may turn an explicit deny into an
// implicit one: when a Deny statement may or may not apply and no Allow
// can, the request is denied either way, and Evaluate says ImplicitDeny
// (regression: a Deny of Resource "*0" for "<X>0").
func sameOutcome(a, b Answer) bool {
	denied := func(x Answer) bool { return x == ExplicitDeny || x == ImplicitDeny }
	return a == b || denied(a) && denied(b)
}
