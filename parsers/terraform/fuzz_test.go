package terraform

import (
	"errors"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/shared"
)

// FuzzParsePlan: no plan JSON makes Parse or Build panic or run away, and
// every error is a *parsers.ParseError that names the file. .ci/run runs it
// for a few seconds; a crasher is saved under testdata/fuzz and becomes a
// regression test.
func FuzzParsePlan(f *testing.F) {
	shared.Seeds(f, []string{"../../testdata/terraform", "shared/corpus/realworld", "shared/corpus/robustness/tfplan", "shared/corpus/terraform-modules"}, ".json")
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_vpc.a","type":"aws_vpc","name":"a","values":{"cidr_block":"10.0.0.0/16"}}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "plan.json"
		Sniff(data)
		p, err := Parse(path, data)
		if err != nil {
			checkParseError(t, path, err)
			return
		}
		for _, err := range Build(parsers.NewGraph(), p, nil) {
			checkParseError(t, path, err)
		}
	})
}

func checkParseError(t *testing.T, path string, err error) {
	t.Helper()
	var pe *parsers.ParseError
	if !errors.As(err, &pe) || pe.Loc.File != path {
		t.Fatalf("error %v (%T) is not a ParseError naming %s", err, err, path)
	}
}
