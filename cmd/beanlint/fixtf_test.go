package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyTree copies dir with its subdirectories (a Terraform case with the
// modules terraform init installed) into a new temporary directory and
// returns it.
func copyTree(t *testing.T, dir string) string {
	t.Helper()
	out := t.TempDir()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(out, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFixTerraform runs beanlint fix on a copy of a configuration that
// calls registry modules: the fixes change the module calls' inputs in
// main.tf (the golden diff: DNS hostnames on, a logs entry in the
// endpoints map), nothing under .terraform/modules, and a second run
// changes nothing.
func TestFixTerraform(t *testing.T) {
	root := atRepoRoot(t)
	dir := copyTree(t, filepath.Join(root, "testdata", "rules", "modules", "fail_registry_module.tf"))
	t.Chdir(dir)
	installed, err := os.ReadFile(filepath.Join(".terraform", "modules", "vpc", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	diff := runCLI(t, nil, "fix", "--diff", "plan.json")
	if diff.code != 0 {
		t.Fatalf("fix --diff = %d\n%s%s", diff.code, diff.stdout, diff.stderr)
	}
	golden := filepath.Join(root, "testdata", "fix", "terraform_registry_module.diff")
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
	r := runCLI(t, nil, "fix", "plan.json")
	if r.code != 0 || r.stdout != "fixed main.tf: EB202, EB301\n" {
		t.Fatalf("fix = %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if now, _ := os.ReadFile(filepath.Join(".terraform", "modules", "vpc", "main.tf")); string(now) != string(installed) {
		t.Error("beanlint fix changed the registry module's installed code")
	}
	if again := runCLI(t, nil, "fix", "--diff", "plan.json"); again.stdout != "" {
		t.Errorf("a second fix would change:\n%s", again.stdout)
	}
}

// TestFixTerraformRefuses: when the option setting a fix sets may be one a
// dynamic "setting" block generates, beanlint fix cannot tell where to
// write it: it exits 2 saying so, and writes nothing.
func TestFixTerraformRefuses(t *testing.T) {
	root := atRepoRoot(t)
	dir := copyTree(t, filepath.Join(root, "testdata", "rules", "EB103", "fail_public_ip_private_subnets.tf"))
	file := filepath.Join(dir, "main.tf")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dynamic := strings.Replace(string(data), `  setting { # want EB103:warning "aws_subnet\\.private_a.*aws_subnet\\.private_b"
    namespace = "aws:ec2:vpc"
    name      = "AssociatePublicIpAddress"
    value     = "true"
  }
`, `  dynamic "setting" {
    for_each = { AssociatePublicIpAddress = "true" }
    content {
      namespace = "aws:ec2:vpc"
      name      = setting.key
      value     = setting.value
    }
  }
`, 1)
	if dynamic == string(data) {
		t.Fatal("the case's settings changed; update the test")
	}
	if err := os.WriteFile(file, []byte(dynamic), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "fix", filepath.Join(dir, "plan.json"))
	if r.code != 2 || !strings.Contains(r.stderr, "nothing written") || !strings.Contains(r.stderr, `a dynamic "setting" block may generate`) {
		t.Errorf("fix = %d, stderr %q; want exit 2 saying nothing was written and why", r.code, r.stderr)
	}
	if now, _ := os.ReadFile(file); string(now) != dynamic {
		t.Error("a refused fix wrote main.tf")
	}
}

// TestFixConfigFile: beanlint fix changes an option setting where the
// application source's configuration file sets it (EB103's
// AssociatePublicIpAddress), leaves the template alone, says which file it
// fixed, and changes nothing the second time.
func TestFixConfigFile(t *testing.T) {
	root := atRepoRoot(t)
	dir := copyTree(t, filepath.Join(root, "testdata", "rules", "ebextensions", "public_ip_from_config"))
	config := filepath.Join(dir, "app", ".ebextensions", "vpc.config")
	stack, err := os.ReadFile(filepath.Join(dir, "stack.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "fix", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "vpc.config: EB103") {
		t.Fatalf("fix = %d, stdout %q, stderr %q; want exit 0 naming vpc.config", r.code, r.stdout, r.stderr)
	}
	if got, _ := os.ReadFile(config); !strings.Contains(string(got), "    option_name: AssociatePublicIpAddress\n    value: \"false\" # want EB103") {
		t.Errorf("vpc.config after beanlint fix:\n%s", got)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "stack.yaml")); string(now) != string(stack) {
		t.Error("beanlint fix changed the template, not the configuration file that sets the option")
	}
	if r := runCLI(t, nil, "fix", dir); r.code != 0 || !strings.Contains(r.stdout, "nothing to fix") {
		t.Errorf("second fix = %d, stdout %q; want nothing to fix", r.code, r.stdout)
	}
}

// TestFixRegionFromVariable: linted without a plan, a fix that adds an
// endpoint to a configuration whose provider region is a variable's
// value (--var, an auto.tfvars file, its default) names the region by an
// expression, as the configuration does: data.aws_region.current when the
// module declares it, else the variable. Only a literal provider region is
// written as it is: another tfvars file or workspace would otherwise get
// an endpoint of the wrong region. A variable without a value is the
// deployment region symbol: data.aws_region.current, added when missing.
func TestFixRegionFromVariable(t *testing.T) {
	const dataRef = "${data.aws_region.current.name}"
	tests := []struct {
		name     string
		provider string // the provider's region argument
		variable string // the region variable's block
		tfvars   string // x.auto.tfvars
		noData   bool   // without data "aws_region" "current" (names built from var.region)
		args     []string
		want     string // the added endpoint's service_name
	}{
		{"--var, data source", "var.region", "", "", false, []string{"--var", "region=eu-west-1"}, `"com.amazonaws.` + dataRef + `.logs"`},
		{"--var, no data source", "var.region", "", "", true, []string{"--var", "region=eu-west-1"}, `"com.amazonaws.${var.region}.logs"`},
		{"auto.tfvars", "var.region", "", `region = "eu-west-1"`, true, nil, `"com.amazonaws.${var.region}.logs"`},
		{"default", "var.region", "variable \"region\" {\n  default = \"eu-west-1\"\n}\n", "", true, nil, `"com.amazonaws.${var.region}.logs"`},
		{"through a local", "local.region", "", "", true, []string{"--var", "region=eu-west-1"}, `"com.amazonaws.${var.region}.logs"`},
		{"no value", "var.region", "", "", true, nil, `"com.amazonaws.` + dataRef + `.logs"`},
		{"literal", `"eu-west-1"`, "", "", false, nil, `"com.amazonaws.eu-west-1.logs"`},
	}
	root := atRepoRoot(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyTree(t, filepath.Join(root, "testdata", "rules", "EB301", "fail_missing_logs_region_variable.tf"))
			main := filepath.Join(dir, "main.tf")
			src, err := os.ReadFile(main)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Replace(string(src), "region                      = var.region", "region                      = "+tt.provider, 1)
			text += "\nlocals {\n  region = var.region\n}\n"
			if tt.variable != "" {
				text = strings.Replace(text, "variable \"region\" {\n  type = string\n}\n", tt.variable, 1)
			}
			if tt.noData {
				text = strings.Replace(text, "data \"aws_region\" \"current\" {}\n", "", 1)
				text = strings.ReplaceAll(text, "data.aws_region.current.name", "var.region")
			}
			if err := os.WriteFile(main, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.tfvars != "" {
				if err := os.WriteFile(filepath.Join(dir, "x.auto.tfvars"), []byte(tt.tfvars+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r := runCLI(t, nil, append([]string{"fix", "--diff"}, append(tt.args, dir)...)...)
			var names []string
			for _, line := range strings.Split(r.stdout, "\n") {
				if strings.HasPrefix(line, "+") && strings.Contains(line, "service_name") {
					names = append(names, strings.TrimSpace(strings.TrimPrefix(line, "+")))
				}
			}
			want := "service_name        = " + tt.want
			if r.code != 0 || len(names) != 1 || names[0] != want {
				t.Errorf("fix --diff = %d, added service names %q, want [%s]\n%s%s", r.code, names, want, r.stdout, r.stderr)
			}
			if adds := strings.Contains(r.stdout, `+data "aws_region" "current" {}`); adds != (tt.noData && strings.Contains(tt.want, dataRef)) {
				t.Errorf("the fix adds data \"aws_region\" \"current\": %v, want it only when it reads one the configuration does not declare:\n%s", adds, r.stdout)
			}
		})
	}
}
