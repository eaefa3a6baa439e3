package terraform_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/shared"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/lint"
)

// expected is a case's expected.json (../shared/corpus/terraform-modules/
// README.md): every must entry needs a finding of its own; other findings
// are allowed only as may says.
type expected struct {
	Must []expectEntry `json:"must"`
	May  []expectEntry `json:"may"`
}

type expectEntry struct {
	Rule  string   `json:"rule"`
	Level string   `json:"level"`
	Match []string `json:"match"`
	Max   *int     `json:"max"`
}

// matches reports whether finding f satisfies entry e.
func (e expectEntry) matches(f rules.Finding) bool {
	if e.Rule != "*" && e.Rule != f.RuleID || e.Level != "" && e.Level != f.Severity.String() {
		return false
	}
	for _, m := range e.Match {
		if svc, ok := strings.CutPrefix(m, "svc:"); ok {
			if !regexp.MustCompile(`\.` + regexp.QuoteMeta(svc) + `(?:[^\w-]|$)`).MatchString(f.Message) {
				return false
			}
		} else if !strings.Contains(f.Message, m) {
			return false
		}
	}
	return true
}

// TestTerraformModulesCorpus lints every configuration of
// ../shared/corpus/terraform-modules (real upstream modules, plans of new
// and existing infrastructure) and checks exactly what its expected.json
// says: the findings it must give, and nothing beyond what it may give.
// It does so twice: with the plan, and from the configuration alone (a
// copy of the case without plan.json, as the pre-commit hook sees it
// before any plan exists).
func TestTerraformModulesCorpus(t *testing.T) {
	root := shared.Path(t, "corpus", "terraform-modules")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	cases := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		cases++
		dir := filepath.Join(root, d.Name())
		t.Run(d.Name()+"/plan", func(t *testing.T) {
			checkExpected(t, dir, dir)
		})
		t.Run(d.Name()+"/configuration", func(t *testing.T) {
			checkExpected(t, dir, withoutPlan(t, dir))
		})
	}
	if cases == 0 {
		t.Fatal("no case in the terraform-modules corpus")
	}
}

// withoutPlan copies the case directory dir, less its plan.json, to a
// temporary directory and returns it.
func withoutPlan(t *testing.T, dir string) string {
	t.Helper()
	tmp := filepath.Join(t.TempDir(), filepath.Base(dir))
	if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(tmp, "plan.json")); err != nil {
		t.Fatal(err)
	}
	return tmp
}

// checkExpected lints path and checks the findings against the
// expected.json of the case directory dir.
func checkExpected(t *testing.T, dir, path string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want expected
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	res := lint.Run([]string{path}, lint.Options{})
	var got []rules.Finding
	for _, f := range res.Findings {
		if !f.Suppressed() {
			got = append(got, f)
		}
	}
	used := assign(want.Must, got)
	for i, m := range want.Must {
		if _, ok := used[i]; !ok {
			t.Errorf("missing %s %s %v", m.Rule, m.Level, m.Match)
		}
	}
	taken := map[int]bool{}
	for _, j := range used {
		taken[j] = true
	}
	admitted := make([]int, len(want.May))
	for j, f := range got {
		if taken[j] {
			continue
		}
		ok := false
		for k, m := range want.May {
			if m.matches(f) && (m.Max == nil || admitted[k] < *m.Max) {
				admitted[k]++
				ok = true
				break
			}
		}
		if !ok {
			t.Errorf("unexpected %s %s at %s: %s", f.RuleID, f.Severity, f.Loc, f.Message)
		}
	}
}

// assign matches must entries to findings one to one (maximum bipartite
// matching): must index → finding index.
func assign(must []expectEntry, got []rules.Finding) map[int]int {
	owner := map[int]int{} // finding → must
	var try func(i int, seen map[int]bool) bool
	try = func(i int, seen map[int]bool) bool {
		for j, f := range got {
			if seen[j] || !must[i].matches(f) {
				continue
			}
			seen[j] = true
			if o, ok := owner[j]; !ok || try(o, seen) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	for i := range must {
		try(i, map[int]bool{})
	}
	out := map[int]int{}
	for j, i := range owner {
		out[i] = j
	}
	return out
}

// TestReadBackDataSources: the cloudposse vpc-endpoints module reads every
// endpoint it creates back with data "aws_vpc_endpoint" { id = ... }: those
// are the endpoints themselves, not more endpoints (of unknown service).
func TestReadBackDataSources(t *testing.T) {
	for _, c := range []struct {
		dir  string
		want int // endpoints in the graph
	}{
		{"raw-vpc-cp-endpoints-docker", 8},
	} {
		res := lint.Run([]string{shared.Path(t, "corpus", "terraform-modules", c.dir)}, lint.Options{})
		var names []string
		for _, ep := range res.Graph.Endpoints {
			names = append(names, ep.Name)
			if strings.Contains(ep.Name, "data.aws_vpc_endpoint") {
				t.Errorf("%s: the read-back data source %s is a node of its own", c.dir, ep.Name)
			}
		}
		if len(names) != c.want {
			t.Errorf("%s: endpoints %q, want %d", c.dir, names, c.want)
		}
	}
}
