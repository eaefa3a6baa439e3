package terraform

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// canonical renders a policy document for comparison: maps by sorted key,
// list items sorted, a list of one item as the item (the provider writes
// a single value as a string), unknowns as "?".
func canonical(v parsers.Value) string {
	switch v.Kind {
	case parsers.Known:
		return v.Str
	case parsers.List:
		items := make([]string, len(v.Items()))
		for i, it := range v.Items() {
			items[i] = canonical(it)
		}
		if len(items) == 1 {
			return items[0]
		}
		slices.Sort(items)
		return "[" + strings.Join(items, ", ") + "]"
	case parsers.Map:
		fields := make([]string, len(v.Fields()))
		for i, f := range v.Fields() {
			fields[i] = f.Key + ": " + canonical(f.Value)
		}
		slices.Sort(fields)
		return "{" + strings.Join(fields, ", ") + "}"
	case parsers.Absent:
		return "absent"
	}
	return "?"
}

// TestPolicyDocumentAsTheProviderWritesIt reads an aws_iam_policy_document
// of every kind of block (principals of three types, not_principals,
// not_actions, not_resources, conditions, a dynamic statement, version and
// policy_id) from the .tf source, linted without a plan, and compares it
// with the JSON the provider wrote into the plan of the same configuration.
func TestPolicyDocumentAsTheProviderWritesIt(t *testing.T) {
	b := build(t, "policy_document", false)
	fromPlan := node[*parsers.VPCEndpoint](b, "aws_vpc_endpoint.s3").Policy
	if fromPlan.Kind != parsers.Map {
		t.Fatalf("the plan's policy: %s", fromPlan.Describe())
	}
	src, err := os.ReadFile(filepath.Join(testdata, "policy_document", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	c := buildConfig(t, map[string]string{"main.tf": string(src)}, Vars{})
	fromSource := c.node("aws_vpc_endpoint.s3").(*parsers.VPCEndpoint).Policy
	if got, want := canonical(fromSource), canonical(fromPlan); got != want {
		t.Errorf("read from the .tf source:\n%s\nthe provider's:\n%s", got, want)
	}
	// Either way the endpoint knows which document its policy is, for the
	// fix to add statements there.
	const doc = "data.aws_iam_policy_document.all"
	if from := node[*parsers.VPCEndpoint](b, "aws_vpc_endpoint.s3").PolicyFrom; from != doc {
		t.Errorf("from the plan, PolicyFrom = %q, want %q", from, doc)
	}
	if from := c.node("aws_vpc_endpoint.s3").(*parsers.VPCEndpoint).PolicyFrom; from != doc {
		t.Errorf("from the .tf source, PolicyFrom = %q, want %q", from, doc)
	}
}

// TestPolicyDocumentFromSource: what the .tf source leaves unknown stays
// unknown, in the part of the document it concerns, with the reason.
func TestPolicyDocumentFromSource(t *testing.T) {
	const head = `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id       = aws_vpc.main.id
  service_name = "com.amazonaws.us-east-1.s3"
  policy       = data.aws_iam_policy_document.doc.json
}
`
	for _, c := range []struct {
		name, doc string
		get       func(parsers.Value) parsers.Value
		want      string // a part of the canonical form (an unknown's: "unknown: " and its reason)
	}{
		{"defaults: Version and Effect", `statement {
  actions   = ["s3:GetObject"]
  resources = ["*"]
}`, func(v parsers.Value) parsers.Value { return v }, "{Statement: {Action: s3:GetObject, Effect: Allow, Resource: *}, Version: 2012-10-17}"},
		{"a value known only after apply stays unknown in its place", `statement {
  actions   = ["s3:GetObject"]
  resources = ["*"]
  condition {
    test     = "StringEquals"
    variable = "aws:SourceVpc"
    values   = [aws_vpc.main.id]
  }
}`, func(v parsers.Value) parsers.Value {
			return v.Get("Statement").Items()[0].Get("Condition").Get("StringEquals").Get("aws:SourceVpc").Items()[0]
		}, "ref aws_vpc.main"},
		{"merged documents are not read", `source_policy_documents = ["{}"]`, func(v parsers.Value) parsers.Value { return v },
			"data.aws_iam_policy_document.doc.json merges the documents of source_policy_documents"},
		{"two conditions on one key", `statement {
  actions   = ["s3:GetObject"]
  resources = ["*"]
  condition {
    test     = "StringEquals"
    variable = "aws:SourceVpc"
    values   = ["vpc-1"]
  }
  condition {
    test     = "StringEquals"
    variable = "aws:SourceVpc"
    values   = ["vpc-2"]
  }
}`, func(v parsers.Value) parsers.Value { return v.Get("Statement").Items()[0].Get("Condition") },
			"unknown: data.aws_iam_policy_document.doc.json is not known: two condition blocks test StringEquals on aws:SourceVpc"},
		{"a principal type not known", `statement {
  actions   = ["s3:GetObject"]
  resources = ["*"]
  principals {
    type        = var.principal_type
    identifiers = ["*"]
  }
}
variable "principal_type" {
  type = string
}`, func(v parsers.Value) parsers.Value { return v.Get("Statement").Items()[0].Get("Principal") },
			"unknown: data.aws_iam_policy_document.doc.json is not known: the type of a principals block is not known"},
		{"a dynamic statement over a collection not known", `dynamic "statement" {
  for_each = var.buckets
  content {
    actions   = ["s3:GetObject"]
    resources = [statement.value]
  }
}
variable "buckets" {
  type = list(string)
}`, func(v parsers.Value) parsers.Value { return v },
			`data.aws_iam_policy_document.doc.json is not known: the for_each of the dynamic "statement" block`},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := c.doc
			extra := ""
			if i := strings.Index(doc, "\nvariable "); i >= 0 {
				doc, extra = doc[:i], doc[i:]
			}
			b := buildConfig(t, map[string]string{"main.tf": head + "data \"aws_iam_policy_document\" \"doc\" {\n" + doc + "\n}\n" + extra}, Vars{})
			pol := b.node("aws_vpc_endpoint.s3").(*parsers.VPCEndpoint).Policy
			v := c.get(pol)
			got := canonical(v)
			if v.Kind == parsers.Unknown || v.Kind == parsers.Ref {
				got = b.describe(v)
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
