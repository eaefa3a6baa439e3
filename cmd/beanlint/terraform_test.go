package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// tfPrivate is a generated plan of a private environment whose network
// lives in a local module (testdata/terraform/generate.sh regenerates it).
const (
	tfPrivate     = "testdata/cli/terraform/private"
	tfPrivatePlan = tfPrivate + "/plan.json"
)

// jsonReport is the part of the JSON report the Terraform tests read.
type jsonReport struct {
	Findings []struct {
		RuleID   string           `json:"ruleId"`
		Location parsers.Location `json:"location"`
		Related  []struct {
			Location parsers.Location `json:"location"`
			Message  string           `json:"message"`
		} `json:"related"`
		Suppressions []struct {
			Kind   string `json:"kind"`
			Reason string `json:"reason"`
		} `json:"suppressions"`
	} `json:"findings"`
	Notices []struct {
		Message string `json:"message"`
	} `json:"notices"`
}

func lintJSON(t *testing.T, args ...string) (jsonReport, result) {
	t.Helper()
	r := runCLI(t, nil, append([]string{"-f", "json"}, args...)...)
	var rep jsonReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("decoding JSON report: %v\nstderr: %s\n%s", err, r.stderr, r.stdout)
	}
	return rep, r
}

// tfWant is where each finding of the tfPrivate plan must land in .tf
// source, taken from the source index itself.
type tfWant struct {
	rule       string
	loc        parsers.Location
	exact      bool   // the finding is on loc exactly; else within it
	chain      string // module calls among the related locations
	suppressed string // the in-source reason, "" when not suppressed
}

func tfPrivateWants(t *testing.T) []tfWant {
	t.Helper()
	ix, errs := tfsource.Load(tfPrivate, "")
	if len(errs) > 0 {
		t.Fatalf("tfsource: %v", errs)
	}
	net := []string{"network"}
	must := func(loc parsers.Location, ok bool) parsers.Location {
		t.Helper()
		if !ok {
			t.Fatal("test data: source location not found")
		}
		return loc
	}
	call := must(ix.ModuleCall(net))
	chain := fmt.Sprintf("module call module.network@%s:%d", call.File, call.StartLine)
	return []tfWant{
		{rule: "EB202", loc: must(ix.Attribute(net, "aws_vpc.this", "enable_dns_hostnames")), exact: true, chain: chain},
		{rule: "EB203", loc: must(ix.Attribute(net, "aws_vpc_endpoint.sqs", "private_dns_enabled")), exact: true, chain: chain,
			suppressed: "the queue is reached by its endpoint-specific DNS name (ADR-7)"},
		{rule: "EB301", loc: must(ix.Setting(nil, "aws_elastic_beanstalk_environment.app", "aws:ec2:vpc", "Subnets"))},
	}
}

func within(outer, inner parsers.Location) bool {
	before := func(l1, c1, l2, c2 int32) bool { return l1 < l2 || l1 == l2 && c1 <= c2 }
	return outer.File == inner.File &&
		before(outer.StartLine, outer.StartCol, inner.StartLine, inner.StartCol) &&
		before(inner.EndLine, inner.EndCol, outer.EndLine, outer.EndCol)
}

// checkTFLocations asserts that rep holds exactly the findings of wants,
// each on its .tf location with its module call chain.
func checkTFLocations(t *testing.T, rep jsonReport, wants []tfWant) {
	t.Helper()
	if len(rep.Findings) != len(wants) {
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.RuleID+"@"+f.Location.String())
		}
		t.Fatalf("findings %v, want %d (%v)", got, len(wants), wants)
	}
	for _, w := range wants {
		found := false
		for _, f := range rep.Findings {
			if f.RuleID != w.rule {
				continue
			}
			found = true
			if w.exact && f.Location != w.loc || !w.exact && !within(w.loc, f.Location) {
				t.Errorf("%s at %+v, want %+v (exact: %v)", w.rule, f.Location, w.loc, w.exact)
			}
			var chain []string
			for _, r := range f.Related {
				if strings.HasPrefix(r.Message, "module call ") {
					chain = append(chain, fmt.Sprintf("%s@%s:%d", r.Message, r.Location.File, r.Location.StartLine))
				}
			}
			if got := strings.Join(chain, " "); got != w.chain {
				t.Errorf("%s module calls %q, want %q", w.rule, got, w.chain)
			}
			reason := ""
			if len(f.Suppressions) > 0 {
				reason = f.Suppressions[0].Reason
				if f.Suppressions[0].Kind != "inSource" {
					t.Errorf("%s suppression kind %q, want inSource", w.rule, f.Suppressions[0].Kind)
				}
			}
			if reason != w.suppressed {
				t.Errorf("%s suppression reason %q, want %q", w.rule, reason, w.suppressed)
			}
		}
		if !found {
			t.Errorf("no %s finding", w.rule)
		}
	}
}

func TestTerraformFindingsOnSourceLines(t *testing.T) {
	atRepoRoot(t)
	wants := tfPrivateWants(t)
	for _, args := range [][]string{{tfPrivatePlan}, {tfPrivate}} {
		rep, r := lintJSON(t, args...)
		if r.code != 1 {
			t.Errorf("%v: exit code %d, want 1\nstderr: %s", args, r.code, r.stderr)
		}
		checkTFLocations(t, rep, wants)
	}

	// The text report names the .tf line of each finding.
	r := runCLI(t, map[string]string{"COLUMNS": "1000"}, "--no-color", tfPrivatePlan) // unwrapped
	for _, w := range wants {
		if w.exact && !strings.Contains(r.stdout, fmt.Sprintf("%s:%d:%d  %s", w.loc.File, w.loc.StartLine, w.loc.StartCol, w.rule)) {
			t.Errorf("text report lacks %s at %s:\n%s", w.rule, w.loc, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "module call module.network") {
		t.Errorf("text report lacks the module call:\n%s", r.stdout)
	}

	// SARIF: the result and its relatedLocations point at .tf lines.
	s := runCLI(t, nil, "-f", "sarif", tfPrivatePlan)
	decodeSARIF(t, s.stdout)
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation sarifPhysical `json:"physicalLocation"`
				} `json:"locations"`
				RelatedLocations []struct {
					PhysicalLocation sarifPhysical `json:"physicalLocation"`
					Message          struct {
						Text string `json:"text"`
					} `json:"message"`
				} `json:"relatedLocations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(s.stdout), &log); err != nil {
		t.Fatal(err)
	}
	for _, w := range wants {
		for _, res := range log.Runs[0].Results {
			if res.RuleID != w.rule {
				continue
			}
			pl := res.Locations[0].PhysicalLocation
			if pl.ArtifactLocation.URI != w.loc.File || w.exact && (pl.Region.StartLine != int(w.loc.StartLine) || pl.Region.StartColumn != int(w.loc.StartCol)) {
				t.Errorf("SARIF %s at %s:%d:%d, want %s", w.rule, pl.ArtifactLocation.URI, pl.Region.StartLine, pl.Region.StartColumn, w.loc)
			}
			var chain []string
			for _, rl := range res.RelatedLocations {
				if strings.HasPrefix(rl.Message.Text, "module call ") {
					chain = append(chain, fmt.Sprintf("%s@%s:%d", rl.Message.Text, rl.PhysicalLocation.ArtifactLocation.URI, rl.PhysicalLocation.Region.StartLine))
				}
			}
			if got := strings.Join(chain, " "); got != w.chain {
				t.Errorf("SARIF %s relatedLocations module calls %q, want %q", w.rule, got, w.chain)
			}
		}
	}
}

type sarifPhysical struct {
	ArtifactLocation struct {
		URI string `json:"uri"`
	} `json:"artifactLocation"`
	Region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	} `json:"region"`
}

func TestTerraformSourceElsewhere(t *testing.T) {
	atRepoRoot(t)
	wants := tfPrivateWants(t)
	plan := filepath.Join(t.TempDir(), "plan.json")
	copyFile(t, tfPrivatePlan, plan)
	rep, r := lintJSON(t, "--tf-source", tfPrivate, plan)
	if r.code != 1 {
		t.Errorf("exit code %d, want 1\nstderr: %s", r.code, r.stderr)
	}
	checkTFLocations(t, rep, wants)
}

func TestTerraformWithoutSource(t *testing.T) {
	atRepoRoot(t)
	plan := filepath.Join(t.TempDir(), "plan.json")
	copyFile(t, tfPrivatePlan, plan)
	data, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	rep, r := lintJSON(t, plan)
	if r.code != 1 {
		t.Errorf("exit code %d, want 1\nstderr: %s", r.code, r.stderr)
	}
	got := map[string]bool{}
	for _, f := range rep.Findings {
		got[f.RuleID] = true
		if !strings.HasSuffix(f.Location.File, "/plan.json") || f.Location.StartLine < 1 || f.Location.StartCol < 1 {
			t.Errorf("%s at %+v, want a position in the plan JSON", f.RuleID, f.Location)
			continue
		}
		// The plan is one line; the location starts at a JSON object.
		if f.Location.StartLine == 1 {
			if text := string([]rune(string(data))[f.Location.StartCol-1:]); !strings.HasPrefix(text, "{") {
				t.Errorf("%s at column %d, which is not the start of an object: %.60q", f.RuleID, f.Location.StartCol, text)
			}
		}
		if f.RuleID == "EB203" && len(f.Suppressions) > 0 {
			t.Errorf("EB203 suppressed without the .tf source that holds the comment: %+v", f.Suppressions)
		}
	}
	for _, id := range []string{"EB202", "EB203", "EB301"} {
		if !got[id] {
			t.Errorf("no %s finding from the plan alone; findings: %+v", id, rep.Findings)
		}
	}
}

// TestTerraformDataDir: the command reads TF_DATA_DIR as Terraform does,
// so a configuration initialised with it has its Git module's code read
// from there (the finding's path into the module is under it); without
// the variable that code is not found and the run says terraform init
// would let beanlint read it.
func TestTerraformDataDir(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(moduleRoot(t), "testdata", "rules", "modules", "fail_git_module.tf")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, ".terraform"), filepath.Join(dir, ".tfdata")); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, ".tfdata", "modules", "modules.json")
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	// As terraform init writes it with TF_DATA_DIR=.tfdata.
	data = []byte(strings.ReplaceAll(string(data), `"Dir":".terraform/`, `"Dir":".tfdata/`))
	if err := os.WriteFile(manifest, data, 0o644); err != nil {
		t.Fatal(err)
	}
	plan := filepath.Join(dir, "plan.json")
	inside := `/.tfdata/modules/net/private-network/main.tf"` // report paths are relative to the working directory

	r := runCLI(t, map[string]string{"TF_DATA_DIR": ".tfdata"}, "-f", "json", plan)
	if r.code != exitFindings || !strings.Contains(r.stdout, `"ruleId": "EB202"`) || !strings.Contains(r.stdout, inside) {
		t.Errorf("TF_DATA_DIR=.tfdata: exit %d, want %d with EB202 related to %s:\n%s%s", r.code, exitFindings, inside, r.stdout, r.stderr)
	}
	r = runCLI(t, nil, "-f", "json", plan)
	if strings.Contains(r.stdout, `"ruleId": "EB202"`) || !strings.Contains(r.stdout, "would let beanlint read its source from .terraform/modules") {
		t.Errorf("TF_DATA_DIR unset: want no EB202 and a note naming terraform init:\n%s%s", r.stdout, r.stderr)
	}
}
