package terraform

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/shared"
)

// TestCorpusNoPanic parses and builds every plan JSON of the shared corpus
// (real-world and robustness sets): errors are fine, panics are not. The
// robustness set holds format versions 0.1 and 0.2, which must parse.
func TestCorpusNoPanic(t *testing.T) {
	root := shared.Path(t, "corpus")
	versions := map[string]int{}
	plans := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".json") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !Sniff(data) {
			return nil
		}
		plans++
		p, err := Parse(path, data)
		if err != nil {
			t.Logf("%v", err)
			return nil
		}
		versions[p.FormatVersion]++
		g := parsers.NewGraph()
		for _, e := range Build(g, p, nil) {
			t.Logf("%v", e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d plans, parsed by format version: %v", plans, versions)
	if plans == 0 {
		t.Fatal("no plan found in the corpus")
	}
	for _, v := range []string{"0.1", "0.2", "1.0", "1.2"} {
		if versions[v] == 0 {
			t.Errorf("no plan of format version %s parsed", v)
		}
	}
}
