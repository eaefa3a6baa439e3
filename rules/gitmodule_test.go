package rules_test

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/lint"
)

// gitModuleCase calls a Git module (git::file://, fetched offline by
// generate.sh's terraform init) that turns DNS hostnames off in its own
// code; .terraform/modules (manifest and fetched code) is committed with it.
const gitModuleCase = "../testdata/rules/modules/fail_git_module.tf"

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestGitModule: a finding about a resource inside a module whose code is
// not in the repository lands on the module call in main.tf, with the
// attribute at fault inside .terraform/modules as related location, from a
// plan and from the .tf files alone; without the manifest terraform init wrote, the
// module's outputs are unknown and the notes say that terraform init would
// let beanlint read its source. With TF_DATA_DIR (dataDir) the same holds
// for the modules terraform init installed there, and .terraform is not
// read.
func TestGitModule(t *testing.T) {
	cases := []struct {
		name     string
		plan     bool // lint plan.json (else the directory, with no plan in it)
		manifest bool // .terraform/modules kept
		// dataDir is TF_DATA_DIR; movedTo, when set, is where the
		// modules terraform init installed are moved (with their
		// manifest's paths), as terraform init with TF_DATA_DIR=movedTo
		// writes them.
		dataDir, movedTo string
	}{
		{name: "plan, initialised", plan: true, manifest: true},
		{name: "plan, not initialised", plan: true},
		{name: ".tf only, initialised", manifest: true},
		{name: ".tf only, not initialised"},
		{name: "plan, initialised in TF_DATA_DIR", plan: true, manifest: true, dataDir: ".tfdata", movedTo: ".tfdata"},
		{name: ".tf only, initialised in TF_DATA_DIR", manifest: true, dataDir: ".tfdata", movedTo: ".tfdata"},
		{name: "plan, TF_DATA_DIR elsewhere", plan: true, manifest: true, dataDir: ".tfdata"},
		{name: ".tf only, TF_DATA_DIR elsewhere", manifest: true, dataDir: ".tfdata"},
		{name: "plan, initialised in TF_DATA_DIR, unset", plan: true, manifest: true, movedTo: ".tfdata"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, gitModuleCase, dir)
			if !c.manifest {
				if err := os.RemoveAll(filepath.Join(dir, ".terraform")); err != nil {
					t.Fatal(err)
				}
			}
			data := cmp.Or(c.dataDir, ".terraform")
			initHint := "`terraform init` would let beanlint read its source from " + filepath.Join(data, "modules")
			if c.movedTo != "" {
				moveModules(t, dir, c.movedTo)
			}
			input := dir
			if c.plan {
				input = filepath.Join(dir, "plan.json")
			} else if err := os.Remove(filepath.Join(dir, "plan.json")); err != nil {
				t.Fatal(err)
			}
			res := lint.Run([]string{input}, lint.Options{TFDataDir: c.dataDir})
			main := filepath.Join(dir, "main.tf")
			var errs, notes []string
			for _, f := range res.Findings {
				switch f.RuleID {
				case "EB202":
					errs = append(errs, f.Loc.String())
					if f.Loc.File != main || f.Loc.StartLine != 20 {
						t.Errorf("EB202 at %s, want the module call at %s:20", f.Loc, main)
					}
					inside := filepath.Join(dir, data, "modules", "net", "private-network", "main.tf")
					found := false
					for _, r := range f.Related {
						if r.Loc.File == inside && r.Loc.StartLine == 64 && r.Loc.StartCol == 26 && strings.HasPrefix(r.Message, "enable_dns_hostnames of module.net.module.network.aws_vpc.this") {
							found = true
						}
					}
					if !found {
						t.Errorf("EB202 related %v: no path into the module at the attribute (%s:64:26)", f.Related, inside)
					}
					wrapper := filepath.Join(dir, data, "modules", "net", "git-network", "main.tf")
					found = false
					for _, r := range f.Related {
						found = found || r.Loc.File == wrapper && r.Loc.StartLine == 28 && r.Loc.StartCol == 26 && strings.HasPrefix(r.Message, "the module input that sets enable_dns_hostnames")
					}
					if !found {
						t.Errorf("EB202 related %v: no path to the wrapper's argument that sets it (%s:28:26)", f.Related, wrapper)
					}
				case "EB901":
					notes = append(notes, f.Message)
				default:
					t.Errorf("unexpected %s at %s: %s", f.RuleID, f.Loc, f.Message)
				}
			}
			if c.manifest && c.dataDir == c.movedTo {
				if len(errs) != 1 || len(notes) > 0 {
					t.Errorf("EB202 at %v and notes %q, want one EB202 and no note", errs, notes)
				}
				return
			}
			if len(errs) > 0 || len(notes) == 0 {
				t.Fatalf("EB202 at %v and %d notes, want no EB202 and notes", errs, len(notes))
			}
			for _, n := range notes {
				if !strings.Contains(n, initHint) {
					t.Errorf("note does not name terraform init: %s", n)
				}
			}
			if !c.plan {
				named := false
				for _, n := range res.Notices {
					named = named || strings.Contains(n.Msg, initHint) && n.Loc.File == main && n.Loc.StartLine == 20
				}
				if !named {
					t.Errorf("no notice on the module call names terraform init: %v", res.Notices)
				}
			}
		})
	}
}

// moveModules moves what terraform init installed in dir/.terraform/modules
// to dir/dataDir/modules and rewrites the manifest's directories the way
// terraform init writes them with TF_DATA_DIR=dataDir (relative to the
// root: "dataDir/modules/net/git-network").
func moveModules(t *testing.T, dir, dataDir string) {
	t.Helper()
	to := filepath.Join(dir, dataDir)
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, ".terraform", "modules"), filepath.Join(to, "modules")); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(to, "modules", "modules.json")
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	moved := strings.ReplaceAll(string(data), `"Dir":".terraform/modules/`, `"Dir":"`+filepath.ToSlash(dataDir)+`/modules/`)
	if moved == string(data) {
		t.Fatalf("%s names no directory under .terraform/modules", manifest)
	}
	if err := os.WriteFile(manifest, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRegistryModule: modules from the registry by address
// (terraform-aws-modules/vpc/aws and its //modules/vpc-endpoints
// submodule) are read from the directories the committed manifest records,
// as terraform init installs them: the VPC's finding lands on the input in
// main.tf with the attribute inside the installed package as related
// location. Without .terraform the modules' code is unknown: no finding
// about it, notes that name terraform init.
func TestRegistryModule(t *testing.T) {
	const registryCase = "../testdata/rules/modules/fail_registry_module.tf"
	for _, initialised := range []bool{true, false} {
		t.Run(map[bool]string{true: "initialised", false: "not initialised"}[initialised], func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, registryCase, dir)
			if !initialised {
				if err := os.RemoveAll(filepath.Join(dir, ".terraform")); err != nil {
					t.Fatal(err)
				}
			}
			res := lint.Run([]string{filepath.Join(dir, "plan.json")}, lint.Options{})
			got := map[string]int{}
			for _, f := range res.Findings {
				got[f.RuleID]++
				if f.RuleID != "EB202" {
					continue
				}
				if f.Loc.File != filepath.Join(dir, "main.tf") || f.Loc.StartLine != 31 {
					t.Errorf("EB202 at %s, want the enable_dns_hostnames input at main.tf:31", f.Loc)
				}
				inside := filepath.Join(dir, ".terraform", "modules", "vpc", "main.tf")
				found := false
				for _, r := range f.Related {
					found = found || r.Loc.File == inside && r.Loc.StartLine == 62 && strings.HasPrefix(r.Message, "enable_dns_hostnames of module.vpc.aws_vpc.this[0]")
				}
				if !found {
					t.Errorf("EB202 related %v: no path into the installed package (%s:62)", f.Related, inside)
				}
			}
			if initialised {
				if got["EB202"] != 1 || got["EB301"] != 1 || len(res.Findings) != 2 {
					t.Errorf("findings %v, want one EB202 and one EB301", got)
				}
				return
			}
			if got["EB202"] != 0 || got["EB901"] == 0 {
				t.Errorf("findings %v, want no EB202 and notes", got)
			}
			for _, f := range res.Findings {
				if f.RuleID == "EB901" && !strings.Contains(f.Message, "`terraform init` would let beanlint read its source from .terraform/modules") {
					t.Errorf("note does not name terraform init: %s", f.Message)
				}
			}
		})
	}
}
