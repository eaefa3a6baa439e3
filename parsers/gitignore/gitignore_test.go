package gitignore

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		pattern string
		path    string
		isDir   bool
		want    bool
	}{
		{"*.json", "a.json", false, true},
		{"*.json", "deep/er/a.json", false, true},
		{"*.json", "a.yaml", false, false},
		{"cdk.out", "cdk.out", true, true},
		{"cdk.out", "app/cdk.out", true, true},
		{"cdk.out/", "cdk.out", false, false}, // directories only
		{"cdk.out/", "app/cdk.out", true, true},
		{"/build", "build", true, true},
		{"/build", "app/build", true, false}, // anchored
		{"app/build", "app/build", true, true},
		{"app/build", "x/app/build", true, false}, // a middle slash anchors too
		{"a/*.yaml", "a/t.yaml", false, true},
		{"a/*.yaml", "a/b/t.yaml", false, false}, // * never matches /
		{"**/infra", "infra", true, true},
		{"**/infra", "x/y/infra", true, true},
		{"a/**/b", "a/b", true, true},
		{"a/**/b", "a/x/y/b", true, true},
		{"a/**", "a/x/y", false, true},
		{"a/**", "a", true, false},
		{"a**b", "axxb", false, true},
		{"a**b/c", "ax/yb/c", false, false}, // ** not between slashes is *
		{"t?.yaml", "t1.yaml", false, true},
		{"t?.yaml", "t12.yaml", false, false},
		{"t[0-9].yaml", "t7.yaml", false, true},
		{"t[!0-9].yaml", "t7.yaml", false, false},
		{"t[!0-9].yaml", "tx.yaml", false, true},
		{"t[[:digit:]]", "t3", false, true},
		{"t[]x]", "t]", false, true},
		{`\#notes`, "#notes", false, true},
		{`\!important`, "!important", false, true},
		{`trailing\ `, "trailing ", false, true},
		{"spaces   ", "spaces", false, true},
		{`a\*b`, "a*b", false, true},
		{`a\*b`, "axb", false, false},
	}
	for _, tt := range tests {
		p, err := Parse(tt.pattern)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.pattern, err)
			continue
		}
		if got := p.Match(tt.path, tt.isDir); got != tt.want {
			t.Errorf("%q matches %q (dir %v) = %v, want %v", tt.pattern, tt.path, tt.isDir, got, tt.want)
		}
	}
}

func TestParseNoPattern(t *testing.T) {
	for _, line := range []string{"", "   ", "# comment", "!", "/"} {
		if _, err := Parse(line); !IsBlank(err) {
			t.Errorf("Parse(%q) = %v, want no pattern", line, err)
		}
	}
	for _, line := range []string{"a[b", `ends\`, "[[:nope:]]"} {
		if _, err := Parse(line); err == nil || IsBlank(err) {
			t.Errorf("Parse(%q) = %v, want an error", line, err)
		}
	}
}

// tree is the test repository: files (a trailing / makes a directory) and
// their content; .gitignore files among them.
var tree = map[string]string{
	".gitignore":                  "cdk.out\n*.log\n/build/\n!keep.log\ntmp/\n# a comment\n\\#hash.yaml\ndocs/**/gen\n",
	".git/info/exclude":           "local.yaml\n",
	"keep.log":                    "",
	"app.log":                     "",
	"#hash.yaml":                  "",
	"local.yaml":                  "",
	"template.yaml":               "",
	"build/out.yaml":              "",
	"infra/build/out.yaml":        "", // /build is anchored at the top
	"infra/.gitignore":            "*.json\n!plan.json\nsecret/\n/only-here.yaml\n",
	"infra/plan.json":             "",
	"infra/other.json":            "",
	"infra/only-here.yaml":        "",
	"infra/sub/only-here.yaml":    "",
	"infra/secret/a.yaml":         "",
	"infra/sub/.gitignore":        "!other.json\n",
	"infra/sub/other.json":        "",
	"infra/sub/x.json":            "",
	"cdk.out/stack.template.json": "",
	"app/cdk.out/stack.json":      "",
	"tmp":                         "", // a file: tmp/ is for directories
	"deep/tmp/x.yaml":             "",
	"docs/a/b/gen/x.yaml":         "",
	"docs/gen/y.yaml":             "",
	"docs/keep.yaml":              "",
	"neg/.gitignore":              "*\n!*.yaml\n!*/\n",
	"neg/a.yaml":                  "",
	"neg/a.txt":                   "",
	"neg/d/b.yaml":                "",
}

func writeTree(t *testing.T, root string) {
	t.Helper()
	for name, content := range tree {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// walk lists the files under root that the stacks do not ignore, relative
// to top and slash-separated, as the linter's walk reaches them.
func walk(t *testing.T, top, root string) []string {
	t.Helper()
	s, ignored, err := ForRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	if ignored {
		s = nil
	}
	stacks := map[string]Stack{root: s}
	var out []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == root {
			return nil
		}
		if d.Name() == ".git" {
			return filepath.SkipDir
		}
		parent := stacks[filepath.Dir(path)]
		if parent.Ignored(path, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if stacks[path], err = parent.Enter(path); err != nil {
				return err
			}
			return nil
		}
		rel, _ := filepath.Rel(top, path)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestAgreesWithGit compares the files a walk keeps with those Git lists
// as untracked and not ignored (git ls-files --others --exclude-standard),
// from the top of the repository and from a subdirectory.
func TestAgreesWithGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	top := t.TempDir()
	cmd := exec.Command(git, "init", "-q", top)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	writeTree(t, top)
	for _, sub := range []string{".", "infra", "neg"} {
		cmd := exec.Command(git, "ls-files", "--others", "--exclude-standard", "--full-name", "-z")
		cmd.Dir = filepath.Join(top, sub)
		// No user or system configuration (core.excludesFile).
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "HOME="+top)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git ls-files: %v", err)
		}
		want := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
		slices.Sort(want)
		got := walk(t, top, filepath.Join(top, sub))
		if !slices.Equal(got, want) {
			t.Errorf("from %s:\n got %q\nwant %q (git)", sub, got, want)
		}
	}
}

func TestForRootIgnoredDirectory(t *testing.T) {
	top := t.TempDir()
	if err := os.Mkdir(filepath.Join(top, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeTree(t, top)
	for _, tt := range []struct {
		dir  string
		want bool
	}{
		{"cdk.out", true},
		{"app/cdk.out", true},
		{"infra/secret", true},
		{"infra", false},
		{"infra/sub", false},
		{".", false},
	} {
		_, ignored, err := ForRoot(filepath.Join(top, tt.dir))
		if err != nil {
			t.Fatal(err)
		}
		if ignored != tt.want {
			t.Errorf("ForRoot(%s): ignored = %v, want %v", tt.dir, ignored, tt.want)
		}
	}
}
