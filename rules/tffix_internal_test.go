package rules

import (
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// TestRegionSource: a fix that reads data.aws_region.current adds it next
// to what it changes unless a file of that module's directory declares
// it (another declaration of the address would be a duplicate).
func TestRegionSource(t *testing.T) {
	g := parsers.NewGraph()
	g.Files = append(g.Files, &parsers.SourceFile{Path: "net/data.tf", Format: "terraform-source", DataSources: []string{"data.aws_region.current"}})
	a := newAnalysis(g, nil)
	e := &Env{Environment: &query.Environment{}}
	for _, c := range []struct {
		file string
		want int
	}{
		{"net/main.tf", 0}, // declared in net/data.tf
		{"app/main.tf", 1},
	} {
		vpc := &parsers.VPC{Resource: parsers.Resource{Key: c.file + "#aws_vpc.main", Name: "aws_vpc.main", Type: "aws_vpc", Loc: parsers.Location{File: c.file, StartLine: 1}}}
		edits := a.regionSource(e, vpc, scopeOf(vpc))
		if len(edits) != c.want {
			t.Errorf("%s: %d edits %+v, want %d", c.file, len(edits), edits, c.want)
		}
		if len(edits) == 1 && (edits[0].Target != "data.aws_region.current" || edits[0].File != c.file || edits[0].Type != "aws_region") {
			t.Errorf("%s: edit %+v", c.file, edits[0])
		}
	}
	// A known region needs no data source.
	if edits := a.regionSource(&Env{Environment: &query.Environment{Region: "eu-west-1"}}, &parsers.VPC{Resource: parsers.Resource{Name: "aws_vpc.main", Loc: parsers.Location{File: "app/main.tf"}}}, &tfScope{}); len(edits) != 0 {
		t.Errorf("known region: %+v", edits)
	}
}
