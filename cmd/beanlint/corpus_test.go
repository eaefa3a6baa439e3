package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/shared"
	"github.com/beanlint/beanlint/rules/lint"
)

// realworldRuns are the runs over ../shared/corpus/realworld: each
// repository copy is linted as one project, as its owners would lint it, and
// the cross-stack startup kit once more with the parameter that names its
// network stack, so that its Fn::ImportValue references resolve.
var realworldRuns = []struct {
	name   string
	dir    string
	params map[string]string
}{
	{name: "each repository"},
	{
		name:   "startup kit with NetworkStackName",
		dir:    "aws-samples__startup-kit-templates/templates",
		params: map[string]string{"NetworkStackName": "startup-net"},
	},
}

// TestRealworldCorpus lints the real third-party templates of the shared
// corpus and compares every finding with testdata/cli/realworld.golden,
// which was reviewed by reading it (see the closing notes of issue 2 for the
// judgement of each entry). It skips when ../shared is absent.
func TestRealworldCorpus(t *testing.T) {
	root := moduleRoot(t)
	corpus := shared.Path(t, "corpus", "realworld")
	t.Chdir(corpus)

	var b strings.Builder
	for _, r := range realworldRuns {
		dirs := []string{r.dir}
		if r.dir == "" {
			entries, err := os.ReadDir(".")
			if err != nil {
				t.Fatal(err)
			}
			dirs = nil
			for _, e := range entries {
				if e.IsDir() {
					dirs = append(dirs, e.Name())
				}
			}
		}
		fmt.Fprintf(&b, "## %s\n", r.name)
		for _, dir := range dirs {
			res := lint.Run([]string{dir}, lint.Options{Parameters: r.params})
			fmt.Fprintf(&b, "%s: %d files, %d findings, %d notices\n", dir, len(res.Inputs), len(res.Findings), len(res.Notices))
			for _, f := range res.Findings {
				fmt.Fprintf(&b, "  %s %s %s env=%s resource=%s subject=%q\n    %s\n",
					f.Loc, f.RuleID, f.Severity, f.Environment, f.Resource, f.Subject, f.Message)
			}
		}
	}
	got := b.String()

	golden := filepath.Join(root, "testdata", "cli", "realworld.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run: go test ./cmd/beanlint -run TestRealworldCorpus -update)", err)
	}
	if got != string(want) {
		t.Errorf("findings differ from %s (run with -update and review the diff): %s", golden, firstDiff(string(want), got))
	}
}
