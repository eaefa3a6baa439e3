package rules

import (
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

const tf = "t.yaml"

func at(line int) parsers.Location { return parsers.Span(tf, line, 3, 0, 0) }

func key(id string) string { return tf + "#" + id }

func ref(id string) parsers.Value { return parsers.RefTo(key(id), "", at(1)) }

func lit(s string) parsers.Value { return parsers.Lit(s, at(1)) }

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
