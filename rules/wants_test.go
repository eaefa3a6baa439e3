package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/ebextensions"
	"github.com/beanlint/beanlint/rules"
)

// casesDir holds the rule test cases: each entry of testdata/rules/<dir>/
// is a case, a template file or a directory of templates linted together,
// or a Terraform case: a directory named <case>.tf holding main.tf (and
// local modules) and plan.json, the plan Terraform wrote for it
// (testdata/terraform/generate.sh regenerates it). A Terraform case is
// linted through its plan, with the .tf files as source locations, and its
// want comments are read from the .tf files. A Terraform case whose main.tf
// holds a "# beanlint:no-plan" line has no plan (terraform plan would
// refuse it: a count known only after apply): its directory is linted
// from the configuration alone.
const casesDir = "../testdata/rules"

// tfCasePlan is the plan file of a Terraform case directory.
const tfCasePlan = "plan.json"

// noPlanMark marks a Terraform case linted without a plan.
const noPlanMark = "# beanlint:no-plan"

// isNoPlanCase reports whether a case is a Terraform case directory
// linted from its configuration alone.
func isNoPlanCase(path string) bool {
	if filepath.Ext(path) != ".tf" {
		return false
	}
	data, err := os.ReadFile(filepath.Join(path, "main.tf"))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == noPlanMark {
			return true
		}
	}
	return false
}

// want is one expectation from a "# want" comment:
//
//	# want EB301 "regexp" EB901:note "regexp" EB202[suppressed] "regexp"
//
// means exactly those findings on exactly that line: rule, optional
// severity, optional [suppressed], message regexp.
type want struct {
	file       string
	line       int
	rule       string
	severity   string
	suppressed bool
	re         *regexp.Regexp
	matched    bool
}

func (w *want) String() string {
	s := fmt.Sprintf("%s:%d: %s", w.file, w.line, w.rule)
	if w.severity != "" {
		s += ":" + w.severity
	}
	if w.suppressed {
		s += "[suppressed]"
	}
	return s + " " + strconv.Quote(w.re.String())
}

var (
	wantComment = regexp.MustCompile(`#\s*want\s+(.*)$`)
	wantItem    = regexp.MustCompile(`^\s*(EB[0-9]{3})(?::(error|warning|note))?(\[suppressed\])?\s+"((?:[^"\\]|\\.)*)"`)
)

// parseWants reads the want comments of one file.
func parseWants(path string) ([]*want, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []*want
	for i, line := range strings.Split(string(data), "\n") {
		m := wantComment.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rest := m[1]
		for strings.TrimSpace(rest) != "" {
			it := wantItem.FindStringSubmatchIndex(rest)
			if it == nil {
				return nil, fmt.Errorf("%s:%d: malformed want comment near %q", path, i+1, rest)
			}
			text, err := strconv.Unquote(`"` + rest[it[8]:it[9]] + `"`)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
			}
			re, err := regexp.Compile(text)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
			}
			w := &want{file: path, line: i + 1, rule: rest[it[2]:it[3]], re: re, suppressed: it[6] >= 0}
			if it[4] >= 0 {
				w.severity = rest[it[4]:it[5]]
			}
			out = append(out, w)
			rest = rest[it[1]:]
		}
	}
	return out, nil
}

// isTFCase reports whether a case is a Terraform case directory.
func isTFCase(path string) bool {
	if filepath.Ext(path) != ".tf" {
		return false
	}
	if isNoPlanCase(path) {
		return true
	}
	st, err := os.Stat(filepath.Join(path, tfCasePlan))
	return err == nil && !st.IsDir()
}

// caseFiles lists the input files of a case, sorted: the template files of
// a CloudFormation case, the plan of a Terraform case.
func caseFiles(path string) ([]string, error) {
	if isNoPlanCase(path) {
		return []string{path}, nil
	}
	if isTFCase(path) {
		return []string{filepath.Join(path, tfCasePlan)}, nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() && filepath.Ext(path) == ".tf" {
		return nil, fmt.Errorf("%s: Terraform case without %s (run testdata/terraform/generate.sh)", path, tfCasePlan)
	}
	var out []string
	err := filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isTemplateName(p) {
			out = append(out, filepath.Clean(p))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// wantFiles lists the files of a case that hold its want comments, sorted:
// its inputs, and for a Terraform case every .tf file under it (modules
// included; .terraform skipped).
func wantFiles(path string) ([]string, error) {
	files, err := caseFiles(path)
	if err != nil || !isTFCase(path) {
		return files, err
	}
	if isNoPlanCase(path) {
		files = nil // the input is the directory: its .tf files hold the wants
	}
	err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == ".terraform":
			return filepath.SkipDir
		case !d.IsDir() && filepath.Ext(p) == ".tf":
			files = append(files, filepath.Clean(p))
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

func isTemplateName(p string) bool {
	switch filepath.Ext(p) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	k, ok := ebextensions.Classify(p)
	return ok && k == ebextensions.ConfigFile
}

// listCases returns every case under casesDir: the entries of its
// subdirectories.
func listCases(t *testing.T) []string {
	t.Helper()
	groups, err := os.ReadDir(casesDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range groups {
		if !g.IsDir() {
			continue
		}
		entries, err := os.ReadDir(filepath.Join(casesDir, g.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || isTemplateName(e.Name()) {
				out = append(out, filepath.Join(casesDir, g.Name(), e.Name()))
			}
		}
	}
	return out
}

// checkWants matches findings against the want comments of files,
// exactly.
func checkWants(t *testing.T, files []string, findings []rules.Finding) {
	t.Helper()
	var wants []*want
	for _, f := range files {
		ws, err := parseWants(f)
		if err != nil {
			t.Fatal(err)
		}
		wants = append(wants, ws...)
	}
	for _, f := range findings {
		ok := false
		for _, w := range wants {
			if w.matched || w.rule != f.RuleID || w.line != int(f.Loc.StartLine) ||
				!samePath(w.file, f.Loc.File) ||
				(w.severity != "" && w.severity != f.Severity.String()) ||
				w.suppressed != f.Suppressed() || !w.re.MatchString(f.Message) {
				continue
			}
			w.matched, ok = true, true
			break
		}
		if !ok {
			sup := ""
			if f.Suppressed() {
				sup = "[suppressed]"
			}
			t.Errorf("unexpected finding %s:%d: %s:%s%s %q", f.Loc.File, f.Loc.StartLine, f.RuleID, f.Severity, sup, f.Message)
		}
	}
	for _, w := range wants {
		if !w.matched {
			t.Errorf("missing finding %s", w)
		}
	}
}

// samePath reports whether two paths name the same file, whether either
// is relative or absolute.
func samePath(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func TestParseWants(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.yaml")
	src := "a: 1\nb: 2 # want EB301 \"logs\" EB901:note \"a \\\"q\\\"\" EB202[suppressed] \"x\"\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ws, err := parseWants(path)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(ws))
	for i, w := range ws {
		got[i] = strings.TrimPrefix(w.String(), path)
	}
	wantS := []string{`:2: EB301 "logs"`, `:2: EB901:note "a \"q\""`, `:2: EB202[suppressed] "x"`}
	if strings.Join(got, "|") != strings.Join(wantS, "|") {
		t.Errorf("parseWants = %q, want %q", got, wantS)
	}
	if err := os.WriteFile(path, []byte("x: 1 # want EB301 logs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := parseWants(path); err == nil {
		t.Error("malformed want comment accepted")
	}
}
