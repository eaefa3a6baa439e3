package cloudformation

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/shared"
)

// corpus returns the shared corpus directory (see package shared for when
// its absence skips and when it fails).
func corpus(t *testing.T, sub string) string {
	t.Helper()
	return shared.Path(t, "corpus", sub)
}

func corpusFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".yaml", ".yml", ".json", ".template":
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestCorpusNoPanic parses and builds every robustness and real-world
// file: errors are fine, panics are not. Real-world templates must parse.
func TestCorpusNoPanic(t *testing.T) {
	for _, sub := range []string{"robustness", "realworld"} {
		t.Run(sub, func(t *testing.T) {
			var ts []*Template
			for _, path := range corpusFiles(t, corpus(t, sub)) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				Sniff(data)
				tmpl, err := Parse(path, data)
				if err != nil {
					if _, ok := err.(*parsers.ParseError); !ok {
						t.Errorf("%s: error %T is not a *parsers.ParseError", path, err)
					}
					if sub == "realworld" && Sniff(data) {
						t.Errorf("real-world template %s: %v", path, err)
					}
					continue
				}
				if errs := Build(parsers.NewGraph(), []*Template{tmpl}, Options{}); sub == "realworld" && len(errs) > 0 {
					t.Errorf("%s: Build: %v", path, errs)
				}
				ts = append(ts, tmpl)
			}
			// All at once, as a run over a directory would.
			Build(parsers.NewGraph(), ts, Options{})
		})
	}
}
