package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/beanlint/beanlint/parsers/shared"
)

// FuzzLint runs the whole command — load, rules, every report format — on
// one input file: it must end with exit code 0, 1 or 2, write a complete
// report in each format, and write the same bytes when run again. .ci/run
// runs it for a few seconds; a crasher is saved under testdata/fuzz and
// becomes a regression test.
func FuzzLint(f *testing.F) {
	shared.Seeds(f, []string{"../../examples", "../../testdata/cli", "../../testdata/rules", "shared/corpus/realworld"}, ".yaml", ".yml", ".json", ".template")
	f.Fuzz(func(t *testing.T, data []byte) {
		name := "template.yaml"
		if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			name = "input.json"
		}
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var code int
		for i, format := range []string{"sarif", "json", "text"} {
			r := runCLI(t, nil, "--format", format, "--fail-on", "note", path)
			switch {
			case r.code != exitOK && r.code != exitFindings && r.code != exitError:
				t.Fatalf("%s: exit code %d; stderr: %s", format, r.code, r.stderr)
			case i > 0 && r.code != code:
				t.Fatalf("exit code %d in %s but %d in sarif", r.code, format, code)
			case format != "text" && !json.Valid([]byte(r.stdout)):
				t.Fatalf("%s report is not JSON:\n%s", format, r.stdout)
			case format == "text" && r.stdout == "":
				t.Fatal("empty text report")
			}
			code = r.code
			if format == "sarif" {
				if again := runCLI(t, nil, "--format", format, "--fail-on", "note", path); again.stdout != r.stdout {
					t.Fatalf("two runs on the same input differ:\n%s", firstDiff(r.stdout, again.stdout))
				}
			}
		}
	})
}
