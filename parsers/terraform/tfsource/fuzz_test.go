package tfsource

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/beanlint/beanlint/parsers/shared"
)

// FuzzLoad: no configuration file makes Load panic or run away; every error
// names a file. The input is written as main.tf, or main.tf.json when it starts
// like JSON (a module block may lead to other files, so an error need only
// name a file). .ci/run runs it for a few seconds; a crasher is saved under
// testdata/fuzz and becomes a regression test.
func FuzzLoad(f *testing.F) {
	shared.Seeds(f, []string{"../../../testdata/terraform", "../../../examples", "shared/corpus/realworld", "shared/corpus/terraform-modules"}, ".tf", ".json")
	f.Add([]byte("# beanlint:ignore EB301 reason\nresource \"aws_vpc\" \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n}\nmodule \"m\" {\n  source = \"./m\"\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		name := "main.tf"
		if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			name = "main.tf.json"
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ix, errs := Load(dir, "")
		if ix == nil {
			t.Fatal("Load returned no index")
		}
		for _, e := range errs {
			if e.Loc.File == "" {
				t.Fatalf("error %v names no file", e)
			}
		}
	})
}
