package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/rules/edit/cfn/cfnschema"
)

// copyDir copies the files of dir (not its subdirectories) into a new
// temporary directory and returns it.
func copyDir(t *testing.T, dir string) string {
	t.Helper()
	out := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// meaning reads a template as what CloudFormation reads: its Resources and
// Outputs as plain data, intrinsics in long form, comments and order gone.
func meaning(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	all, _ := longForm(doc.Content[0]).(map[string]any)
	return map[string]any{"Resources": all["Resources"], "Outputs": all["Outputs"], "Parameters": all["Parameters"]}
}

// longForm converts a YAML node to plain data with short-form intrinsics
// as their long form ({"Fn::Sub": ...}, {"Ref": ...}, GetAtt as a list).
func longForm(n *yaml.Node) any {
	var v any
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = longForm(n.Content[i+1])
		}
		v = m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, longForm(c))
		}
		v = l
	case yaml.AliasNode:
		return longForm(n.Alias)
	default:
		v = n.Value
		if n.Tag == "!!int" || n.Tag == "!!bool" || n.Tag == "!!float" {
			_ = n.Decode(&v) // a scalar YAML resolved decodes
		}
	}
	switch {
	case n.Tag == "!Ref":
		return map[string]any{"Ref": v}
	case n.Tag == "!GetAtt" && n.Kind == yaml.ScalarNode:
		id, attr, _ := strings.Cut(n.Value, ".")
		return map[string]any{"Fn::GetAtt": []any{id, attr}}
	case strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!"):
		return map[string]any{"Fn::" + n.Tag[1:]: v}
	}
	return v
}

// toJSON writes a YAML template as JSON with four-space indentation.
func toJSON(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(longForm(doc.Content[0]), "", "    ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, append(out, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// keptLines reports the lines of old that are not, in order, in fixed:
// what a fix removed or rewrote.
func keptLines(old, fixed string) (missing []string) {
	nl := strings.Split(fixed, "\n")
	j := 0
	for _, line := range strings.Split(old, "\n") {
		k := j
		for k < len(nl) && nl[k] != line {
			k++
		}
		if k == len(nl) {
			missing = append(missing, line)
			continue
		}
		j = k + 1
	}
	return missing
}

// checkValid validates templates beanlint fix wrote: with goformation's
// schema (package cfnschema), and with cfn-lint when it is installed.
func checkValid(t *testing.T, files ...string) {
	t.Helper()
	v, err := cfnschema.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		problems, err := v.Template(data)
		if err != nil || len(problems) > 0 {
			t.Errorf("%s does not match goformation's schema: %v %s", f, err, strings.Join(problems, "\n"))
		}
	}
	cfnLint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Log("cfn-lint is not installed: not run")
		return
	}
	if out, err := exec.Command(cfnLint, files...).CombinedOutput(); err != nil {
		t.Errorf("cfn-lint %s: %v\n%s", strings.Join(files, " "), err, out)
	}
}

// TestFixExample runs beanlint fix on a copy of examples/broken: the
// template then lints clean, means what examples/fixed means, keeps every
// comment and untouched line byte for byte, and a second run changes
// nothing.
func TestFixExample(t *testing.T) {
	root := atRepoRoot(t)
	dir := copyDir(t, filepath.Join(root, brokenExample))
	file := filepath.Join(dir, "private-environment.yaml")
	before, _ := os.ReadFile(file)

	diff := runCLI(t, nil, "fix", "--diff", dir)
	if diff.code != 0 || !strings.Contains(diff.stdout, "+      EnableDnsHostnames: true") {
		t.Fatalf("fix --diff = %d\n%s%s", diff.code, diff.stdout, diff.stderr)
	}
	if now, _ := os.ReadFile(file); string(now) != string(before) {
		t.Fatal("fix --diff wrote the template")
	}

	r := runCLI(t, nil, "fix", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "fixed "+file+": EB202, EB203, EB401, EB303, EB301") {
		t.Fatalf("fix = %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	after, _ := os.ReadFile(file)
	if missing := keptLines(string(before), string(after)); !reflect.DeepEqual(missing, []string{"      PrivateDnsEnabled: false"}) {
		t.Errorf("lines the fix removed or rewrote: %q (want only the EB203 value)", missing)
	}
	if lint := runCLI(t, nil, "--fail-on", "note", dir); lint.code != 0 {
		t.Errorf("the fixed template does not lint clean:\n%s", lint.stdout)
	}
	checkValid(t, file)
	if got, want := meaning(t, file), meaning(t, filepath.Join(root, fixedFile)); !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("the fixed template means\n%s\nexamples/fixed means\n%s", g, w)
	}
	again := runCLI(t, nil, "fix", dir)
	if now, _ := os.ReadFile(file); again.code != 0 || string(now) != string(after) || !strings.Contains(again.stdout, "nothing to fix") {
		t.Errorf("a second fix changed the template or failed (%d):\n%s", again.code, again.stdout)
	}
}

// TestFixExampleJSON is TestFixExample on the example written as JSON
// with four-space indentation: the fixed file is JSON in that
// indentation, lints clean and means what examples/fixed means.
func TestFixExampleJSON(t *testing.T) {
	root := atRepoRoot(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "private-environment.json")
	toJSON(t, filepath.Join(root, brokenFile), file)
	r := runCLI(t, nil, "fix", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "EB301") {
		t.Fatalf("fix = %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	after, _ := os.ReadFile(file)
	if !json.Valid(after) {
		t.Fatalf("not JSON after the fix:\n%s", after)
	}
	for i, line := range strings.Split(string(after), "\n") {
		if ind := len(line) - len(strings.TrimLeft(line, " ")); ind%4 != 0 {
			t.Errorf("line %d is indented %d spaces, not a multiple of the file's 4: %q", i+1, ind, line)
		}
	}
	if lint := runCLI(t, nil, "--fail-on", "note", dir); lint.code != 0 {
		t.Errorf("the fixed template does not lint clean:\n%s", lint.stdout)
	}
	checkValid(t, file)
	fixedJSON := filepath.Join(t.TempDir(), "fixed.json")
	toJSON(t, filepath.Join(root, fixedFile), fixedJSON)
	if got, want := meaning(t, file), meaning(t, fixedJSON); !reflect.DeepEqual(got, want) {
		t.Errorf("the fixed JSON template does not mean what examples/fixed means:\n%s", after)
	}
	again := runCLI(t, nil, "fix", dir)
	if now, _ := os.ReadFile(file); string(now) != string(after) || again.code != 0 {
		t.Errorf("a second fix changed the JSON template:\n%s", again.stdout)
	}
}

// TestFixCases runs beanlint fix on the cases of testdata/fix: in the
// three-stack cases each fix lands in the stack that owns what it changes,
// with an Fn::ImportValue of an export (added to the network stack when it
// has none); in shared_group five fixes that each add one endpoint security
// group add it once. The changes are the golden diff, the templates then
// lint clean, and a second run changes nothing.
func TestFixCases(t *testing.T) {
	root := atRepoRoot(t)
	for _, c := range []string{"multistack_endpoint", "multistack_ingress", "shared_group"} {
		t.Run(c, func(t *testing.T) {
			dir := copyDir(t, filepath.Join(root, "testdata", "fix", c))
			t.Chdir(dir)
			diff := runCLI(t, nil, "fix", "--diff", ".")
			if diff.code != 0 {
				t.Fatalf("fix --diff = %d\n%s%s", diff.code, diff.stdout, diff.stderr)
			}
			golden := filepath.Join(root, "testdata", "fix", c+".diff")
			if *update {
				if err := os.WriteFile(golden, []byte(diff.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff.stdout != string(want) {
				t.Errorf("fix --diff differs from %s (run with -update and review):\n%s", golden, diff.stdout)
			}
			if r := runCLI(t, nil, "fix", "."); r.code != 0 {
				t.Fatalf("fix = %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if lint := runCLI(t, nil, "--fail-on", "note", "."); lint.code != 0 {
				t.Errorf("the fixed stacks do not lint clean:\n%s", lint.stdout)
			}
			templates, _ := filepath.Glob("*.yaml")
			checkValid(t, templates...)
			if again := runCLI(t, nil, "fix", "--diff", "."); again.stdout != "" {
				t.Errorf("a second fix would change:\n%s", again.stdout)
			}
		})
	}
}

// TestFixRefuses checks that beanlint fix writes nothing and exits 2 when
// an edit would be ambiguous (the S3 endpoint's route tables chosen by an
// !If, where the EB303 fix would append a route table) and for a UTF-16
// template, and that it does not fix standard input.
func TestFixRefuses(t *testing.T) {
	root := atRepoRoot(t)
	dir := copyDir(t, filepath.Join(root, brokenExample))
	file := filepath.Join(dir, "private-environment.yaml")
	data, _ := os.ReadFile(file)
	changed := strings.Replace(string(data), "      RouteTableIds:\n        - !Ref PrivateRouteTableA\n",
		"      RouteTableIds: !If [Always, [!Ref PrivateRouteTableA], []]\n", 1)
	changed = strings.Replace(changed, "\nResources:\n", "\nConditions:\n  Always: !Equals [a, a]\n\nResources:\n", 1)
	if strings.Count(changed, "!If [Always") != 1 || !strings.Contains(changed, "Conditions:\n  Always") {
		t.Fatal("the example's S3 endpoint or sections changed; update the test")
	}
	if err := os.WriteFile(file, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "fix", dir)
	if r.code != 2 || !strings.Contains(r.stderr, "nothing written") || !strings.Contains(r.stderr, "RouteTableIds is !If, not a list to append to") {
		t.Errorf("fix = %d, stderr %q; want exit 2 saying nothing was written and why", r.code, r.stderr)
	}
	if now, _ := os.ReadFile(file); string(now) != changed {
		t.Error("a refused fix wrote the template")
	}
	if r := runCLI(t, nil, "fix", "-"); r.code != 2 {
		t.Errorf("fix - = %d; want a usage error", r.code)
	}

	// A UTF-16 template lints as its UTF-8 twin, but is not rewritten.
	utf16 := encodeUTF16LE(string(data))
	if err := os.WriteFile(file, utf16, 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, nil, "fix", dir)
	if r.code != 2 || !strings.Contains(r.stderr, "UTF-8") {
		t.Errorf("fix of a UTF-16 template = %d, stderr %q; want exit 2 saying it edits UTF-8 only", r.code, r.stderr)
	}
	if now, _ := os.ReadFile(file); string(now) != string(utf16) {
		t.Error("a refused fix wrote the UTF-16 template")
	}
}

// TestFixBaseline: findings a baseline accepts are not fixed.
func TestFixBaseline(t *testing.T) {
	root := atRepoRoot(t)
	dir := copyDir(t, filepath.Join(root, brokenExample))
	file := filepath.Join(dir, "private-environment.yaml")
	before, _ := os.ReadFile(file)
	base := filepath.Join(t.TempDir(), "baseline.json")
	if r := runCLI(t, nil, "--write-baseline", base, "--fail-on", "none", dir); r.code != 0 {
		t.Fatalf("--write-baseline = %d\n%s", r.code, r.stderr)
	}
	r := runCLI(t, nil, "fix", "--baseline", base, dir)
	if after, _ := os.ReadFile(file); r.code != 0 || string(after) != string(before) || !strings.Contains(r.stdout, "nothing to fix") {
		t.Errorf("fix --baseline = %d, changed %v:\n%s%s", r.code, string(after) != string(before), r.stdout, r.stderr)
	}
	if r := runCLI(t, nil, "fix", "--write-baseline", base, dir); r.code != 2 {
		t.Errorf("fix --write-baseline = %d; want a usage error", r.code)
	}
}
