package query

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/cloudformation"
	"github.com/beanlint/beanlint/parsers/terraform"
)

const tf = "t.yaml"

func at(line int) parsers.Location { return parsers.Span(tf, line, 3, 0, 0) }

func key(id string) string { return tf + "#" + id }

func ref(id string) parsers.Value { return parsers.RefTo(key(id), "", at(1)) }

func lit(s string) parsers.Value { return parsers.Lit(s, at(1)) }

func unknown(why string) parsers.Value { return parsers.UnknownValue(why, at(1)) }

func hdr(id, typ string, line int) parsers.Resource {
	return parsers.Resource{Key: key(id), Name: id, Type: typ, Loc: at(line)}
}

func mustAdd(t *testing.T, g *parsers.Graph, ns ...parsers.Node) {
	t.Helper()
	for _, n := range ns {
		if err := g.Add(n); err != nil {
			t.Fatal(err)
		}
	}
}

// cfnGraph parses one CloudFormation template.
func cfnGraph(t *testing.T, src string) *parsers.Graph {
	t.Helper()
	tpl, err := cloudformation.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	g := parsers.NewGraph()
	if errs := cloudformation.Build(g, []*cloudformation.Template{tpl}, cloudformation.Options{}); len(errs) > 0 {
		t.Fatal(errs[0])
	}
	g.Sort()
	return g
}

// planGraph parses one Terraform plan.
func planGraph(t *testing.T, src string) *parsers.Graph {
	t.Helper()
	p, err := terraform.Parse("plan.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	g := parsers.NewGraph()
	if errs := terraform.Build(g, p, nil); len(errs) > 0 {
		t.Fatal(errs[0])
	}
	g.Sort()
	return g
}

func subnetNamed(t *testing.T, g *parsers.Graph, name string) *parsers.Subnet {
	t.Helper()
	for _, s := range g.Subnets {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no subnet %s", name)
	return nil
}

func checkAnswer(t *testing.T, got Answer, want Tri, reason string) {
	t.Helper()
	if got.Tri != want {
		t.Errorf("answer = %s (%s), want %s", got.Tri, got.Reason(), want)
	}
	if !strings.Contains(got.Reason(), reason) {
		t.Errorf("reason %q does not mention %q", got.Reason(), reason)
	}
}
