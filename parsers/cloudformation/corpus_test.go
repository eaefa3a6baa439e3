package cloudformation

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// corpus returns the shared corpus directory, skipping the test when it is
// absent.
func corpus(t *testing.T, sub string) string {
	t.Helper()
	root := filepath.Join("..", "..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return root
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

// FuzzParse: no input makes Parse or Build panic; errors carry the file.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"network.yaml", "app.yaml", "escapes.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("Resources:\n  A: &a\n    Type: AWS::EC2::VPC\n  B: *a\n"))
	f.Add([]byte(`{"Resources": {"A": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Fn::Cidr": ["10.0.0.0/8", 256, 1]}}}}}`))
	f.Add([]byte("Resources:\n  A:\n    Type: AWS::EC2::Subnet\n    Properties:\n      CidrBlock: !Select [99, !Cidr [\"::/0\", 256, 128]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tmpl, err := Parse("f.yaml", data)
		if err != nil {
			if pe, ok := err.(*parsers.ParseError); !ok || pe.Loc.File != "f.yaml" {
				t.Fatalf("error %v (%T) does not name the file", err, err)
			}
			return
		}
		Build(parsers.NewGraph(), []*Template{tmpl, tmpl}, Options{})
	})
}
