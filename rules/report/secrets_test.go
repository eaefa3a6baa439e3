package report

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/rules"
)

// testdataDir holds the linted inputs, relative to this package.
const testdataDir = "../../testdata"

var (
	noechoDefaults  = filepath.Join(testdataDir, "rules", "secrets", "noecho_defaults.yaml")
	noechoParameter = filepath.Join(testdataDir, "rules", "secrets", "noecho_parameter.yaml")
	noechoImport    = filepath.Join(testdataDir, "rules", "secrets", "noecho_import")
	sensitivePlan   = filepath.Join(testdataDir, "rules", "EB401", "fail_sensitive_cidr.tf", "plan.json")
	cidrTemplate    = filepath.Join(testdataDir, "rules", "EB401", "fail_port_and_cidr.yaml")
)

// lintFindings loads paths with the parameter values params and runs every
// rule; it fails the test when an input does not load.
func lintFindings(t *testing.T, paths []string, params map[string]string) ([]rules.Finding, []string) {
	t.Helper()
	res := load.Load(paths, load.Options{Parameters: params})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors[0])
	}
	return rules.Run(res.Graph, rules.Options{}), res.Inputs
}

// renderAll renders findings of inputs in every format, by format.
func renderAll(t *testing.T, findings []rules.Finding, inputs []string) map[string]string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join(testdataDir, ".."))
	if err != nil {
		t.Fatal(err)
	}
	run := &Run{Findings: findings, Rules: rules.All(), Inputs: inputs, Root: abs, Version: "test"}
	out := map[string]string{}
	for _, format := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, format, run, Options{}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out[format] = buf.String()
	}
	return out
}

// showsFixes reports whether a format shows the fixes: all but the
// one-line formats.
func showsFixes(format string) bool { return format != "compact" && format != "gitlab" }

// lintAll lints paths and renders the report in every format.
func lintAll(t *testing.T, paths []string, params map[string]string) map[string]string {
	t.Helper()
	findings, inputs := lintFindings(t, paths, params)
	return renderAll(t, findings, inputs)
}

// editedPlan writes the sensitive-CIDR plan with each old text replaced by
// the new one that follows it to a temporary directory, and returns the
// new plan's path.
func editedPlan(t *testing.T, oldNew ...string) string {
	t.Helper()
	data, err := os.ReadFile(sensitivePlan)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !bytes.Contains(data, []byte(oldNew[i])) {
			t.Fatalf("%s does not hold %s: the test would prove nothing", sensitivePlan, oldNew[i])
		}
		data = bytes.ReplaceAll(data, []byte(oldNew[i]), []byte(oldNew[i+1]))
	}
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReportsHideSecrets lints inputs holding secrets (CloudFormation NoEcho
// parameters, Terraform sensitive values) and checks every report format:
// the secrets appear nowhere, not in messages, fixes, related locations or
// fingerprints, while the findings they decide and the text that is not
// secret (also text that contains a secret) are intact.
func TestReportsHideSecrets(t *testing.T) {
	newlineCIDR := func(t *testing.T) []string {
		return []string{editedPlan(t,
			`"endpoint_cidr":{"value":"10.0.1.0/24"}`, `"endpoint_cidr":{"value":"10.0.1.0/24\n"}`,
			`"endpoint_cidr":{"default":"10.0.1.0/24"`, `"endpoint_cidr":{"default":"10.0.1.0/24\n"`,
			`"cidr_blocks":["10.0.1.0/24"]`, `"cidr_blocks":[" 10.0.1.0/24\n"]`)}
	}
	files := func(paths ...string) func(*testing.T) []string {
		return func(*testing.T) []string { return paths }
	}
	cases := []struct {
		name   string
		paths  func(*testing.T) []string
		params map[string]string
		// secrets must not occur, except inside the shown texts (and the
		// fixes, in the formats that show fixes).
		secrets []string
		shown   []string
		fixes   []string
	}{
		{
			name:    "NoEcho defaults: a rule source, a private DNS flag, a subnet ID that prefixes another",
			paths:   files(noechoDefaults),
			secrets: []string{"10.0.1.0/26", "subnet-0aaa1"},
			shown: []string{
				"TCP 443 is allowed only from (sensitive), which",
				"PrivateDnsEnabled is (sensitive).",
				"((sensitive) is not defined in the linted inputs; subnet-0aaa1111 is not defined in the linted inputs)",
			},
		},
		{
			name:    "NoEcho VPC ID given by --parameter: note and fixes",
			paths:   files(noechoParameter),
			params:  map[string]string{"VpcId": "vpc-0c0ffee5ec7e7000"},
			secrets: []string{"0c0ffee5ec7e7000"},
			shown:   []string{"the VPC of environment Env (sensitive) is not defined in the linted inputs"},
			fixes:   []string{"VpcId: !Ref VpcId"},
		},
		{
			name:    "NoEcho VPC ID exported to another template: the fix names the import",
			paths:   files(noechoImport),
			secrets: []string{"0feed5ec7e7"},
			shown:   []string{"the VPC of environment Env (sensitive) is not defined in the linted inputs"},
			fixes:   []string{"VpcId: !ImportValue net-Vpc"},
		},
		{
			name:    "Terraform sensitive variables: a rule source, a tag, a setting",
			paths:   files(sensitivePlan),
			secrets: []string{"10.0.1.0/24", "owner-6f1c2b", "tok-9d3e7a41"},
			shown:   []string{"TCP 443 is allowed only from (sensitive), which"},
		},
		{
			name:    "Terraform sensitive value with surrounding whitespace",
			paths:   newlineCIDR,
			secrets: []string{"10.0.1.0/24"},
			shown:   []string{"TCP 443 is allowed only from (sensitive), which"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for format, out := range lintAll(t, c.paths(t), c.params) {
				rest := out
				shown := c.shown
				if showsFixes(format) {
					shown = append(slices.Clone(shown), c.fixes...)
				}
				for _, s := range shown {
					if !strings.Contains(out, s) {
						t.Errorf("%s report lacks %q", format, s)
					}
					rest = strings.ReplaceAll(rest, s, "")
				}
				for _, s := range c.secrets {
					if strings.Contains(rest, s) {
						t.Errorf("%s report shows the secret %q:\n%s", format, s, out)
					}
				}
			}
		})
	}
}

// TestReportsDoNotDependOnSecrets lints the same inputs with two values of
// a secret: every report, fingerprints included, is byte-identical, so
// nothing in it is a function of the secret that could be brute-forced.
func TestReportsDoNotDependOnSecrets(t *testing.T) {
	cases := []struct {
		name string
		a, b func(*testing.T) ([]string, map[string]string)
	}{
		{
			name: "NoEcho VPC ID",
			a: func(*testing.T) ([]string, map[string]string) {
				return []string{noechoParameter}, map[string]string{"VpcId": "vpc-0c0ffee5ec7e7000"}
			},
			b: func(*testing.T) ([]string, map[string]string) {
				return []string{noechoParameter}, map[string]string{"VpcId": "vpc-0123456789abcdef0"}
			},
		},
		{
			name: "Terraform sensitive CIDR covering neither subnet (same length: plan columns count characters)",
			a: func(t *testing.T) ([]string, map[string]string) {
				return []string{editedPlan(t, `"10.0.1.0/24"]`, `"10.0.1.0/28"]`)}, nil
			},
			b: func(t *testing.T) ([]string, map[string]string) {
				return []string{editedPlan(t, `"10.0.1.0/24"]`, `"10.0.1.0/29"]`)}, nil
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pa, qa := c.a(t)
			pb, qb := c.b(t)
			fa, _ := lintFindings(t, pa, qa)
			fb, _ := lintFindings(t, pb, qb)
			// The plans lie in different temporary directories: report
			// both as the same input.
			for i := range fb {
				fb[i].Loc.File = strings.ReplaceAll(fb[i].Loc.File, filepath.Dir(pb[0]), filepath.Dir(pa[0]))
				fb[i].EnvironmentFile = strings.ReplaceAll(fb[i].EnvironmentFile, filepath.Dir(pb[0]), filepath.Dir(pa[0]))
				for j := range fb[i].Related {
					fb[i].Related[j].Loc.File = strings.ReplaceAll(fb[i].Related[j].Loc.File, filepath.Dir(pb[0]), filepath.Dir(pa[0]))
				}
			}
			ra, rb := renderAll(t, fa, pa), renderAll(t, fb, pa)
			for _, format := range Formats() {
				if ra[format] != rb[format] {
					t.Errorf("%s report depends on the secret:\n%s\n---\n%s", format, ra[format], rb[format])
				}
			}
		})
	}
}

// TestSecretsStayInTheirFile lints a template together with a plan whose
// secret ("Endpoint") occurs inside words of the template's findings: the
// template's findings are rendered byte for byte as when it is linted
// alone.
func TestSecretsStayInTheirFile(t *testing.T) {
	plan := editedPlan(t, `"tok-9d3e7a41"`, `"Endpoint"`)
	alone, inputs := lintFindings(t, []string{cidrTemplate}, nil)
	together, _ := lintFindings(t, []string{plan, cidrTemplate}, nil)
	var mine []rules.Finding
	for _, f := range together {
		if f.Loc.File == cidrTemplate {
			mine = append(mine, f)
		}
	}
	want, got := renderAll(t, alone, inputs), renderAll(t, mine, inputs)
	for _, format := range Formats() {
		if !strings.Contains(want[format], "ElasticBeanstalkEndpoint") {
			t.Fatalf("%s report of %s does not name ElasticBeanstalkEndpoint: the test would prove nothing", format, cidrTemplate)
		}
		if got[format] != want[format] {
			t.Errorf("%s report of %s changes when linted with a plan holding a secret:\n%s\n---\n%s", format, cidrTemplate, want[format], got[format])
		}
	}
}
