package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestConfigEnvironments pairs two environments with their application
// sources through .beanlint.yaml, found upward from the working directory
// or named with --config, and refuses a broken or missing file.
func TestConfigEnvironments(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "..", "testdata", "rules", "EB301", "fail_health_unset.yaml")
	stack, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"infra/stack.yaml":                stripWants(string(stack)),
		"infra/other.yaml":                "Resources:\n  Other:\n    Type: AWS::ElasticBeanstalk::Environment\n    Properties:\n      ApplicationName: app\n",
		"web/.ebextensions/health.config": "option_settings:\n  aws:elasticbeanstalk:healthreporting:system:\n    SystemType: enhanced\n",
		"sub/.keep":                       "",
	}
	for p, c := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mapping := "environments:\n  - environment: Environment\n    source: web\n"
	tests := []struct {
		name   string
		config string // .beanlint.yaml content; "" = none
		args   []string
		code   int
		want   string
	}{
		{"no mapping: two environments, the source is applied to none", "", []string{"-f", "json", "."}, 0, "applied to no environment"},
		{"mapping found upward", mapping, []string{"-f", "json", "."}, 1, "SystemType = enhanced, set in configuration file"},
		{"mapping named with --config", "", []string{"--config", "mapping.yaml", "-f", "json", "."}, 1, "SystemType = enhanced, set in configuration file"},
		{"missing --config file", "", []string{"--config", "absent.yaml", "."}, 2, "absent.yaml"},
		{"broken configuration file", "environments: [\n", []string{"."}, 2, ".beanlint.yaml"},
	}
	if err := os.WriteFile(filepath.Join(dir, "mapping.yaml"), []byte(mapping), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := filepath.Join(dir, ".beanlint.yaml")
			_ = os.Remove(cfg)
			if tt.config != "" {
				if err := os.WriteFile(cfg, []byte(tt.config), 0o644); err != nil {
					t.Fatal(err)
				}
				defer os.Remove(cfg)
			}
			t.Chdir(dir)
			r := runCLI(t, nil, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.want) {
				t.Errorf("exit %d, output:\n%s%s\nwant exit %d and %q", r.code, r.stdout, r.stderr, tt.code, tt.want)
			}
		})
	}
}

// stripWants removes the want comments of a rule test case.
func stripWants(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if j := strings.Index(l, " # want "); j >= 0 {
			lines[i] = l[:j]
		}
	}
	return strings.Join(lines, "\n")
}

// readmeConfig is README.md's configuration example (the yaml block after
// "<!-- config-example -->").
func readmeConfig(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile("(?s)<!-- config-example -->\n```yaml\n(.*?)```").FindStringSubmatch(readFile(t, filepath.Join("..", "..", "README.md")))
	if m == nil {
		t.Fatal("README.md: no yaml block after <!-- config-example -->")
	}
	return m[1]
}

// TestReadmeConfig copies README's configuration example into a repository
// laid out as it describes and runs beanlint from a subdirectory: the file
// is found upward; the excluded fixtures are not read; EB303 is a warning;
// logs, provided centrally, is reported only as out of reach of the hub
// (the example's subnets route nothing out of their VPC); the registry
// endpoints' EB401
// findings are suppressed until the entry expires, then reported again
// with a notice.
func TestReadmeConfig(t *testing.T) {
	dir := t.TempDir()
	cross := filepath.Join("..", "..", "testdata", "rules", "crossstack", "network_and_app")
	writeFiles(t, dir, map[string]string{
		".git/HEAD":                    "",
		".beanlint.yaml":               readmeConfig(t),
		"infra/network.yaml":           stripWants(readFile(t, filepath.Join(cross, "network.yaml"))),
		"infra/app.yaml":               stripWants(readFile(t, filepath.Join(cross, "app.yaml"))),
		"infra/legacy.yaml":            readFile(t, filepath.Join("..", "..", "examples", "broken", "private-environment.yaml")),
		"infra/fixtures/broken.yaml":   readFile(t, filepath.Join("..", "..", "testdata", "cli", "syntax-error.yaml")),
		"infra/cdk.out/asset.1/x.json": "{\"Resources\": [",
		"infra/cdk.out/manifest.json":  "{",
	})
	t.Chdir(filepath.Join(dir, "infra"))
	summary := func(r configReport) []string {
		var out []string
		for _, f := range r.Findings {
			s := f.RuleID + " " + f.Severity + " " + f.Resource
			for _, sup := range f.Suppressions {
				s += " " + sup.Kind + ": " + sup.Reason
			}
			out = append(out, s)
		}
		slices.Sort(out)
		return out
	}
	suppressed := " external: the registry endpoints move to the hub VPC in PLAT-1234 (.beanlint.yaml:14)"
	before := map[string]string{"SOURCE_DATE_EPOCH": "1796083200"} // 2026-12-01
	r := runCLI(t, before, "-f", "json", ".")
	rep := decodeConfigReport(t, r.stdout)
	want := []string{
		"EB202 error VPC", "EB202 error Vpc", "EB203 error SQSEndpoint",
		// logs is central, but both environments' subnets keep all traffic
		// in their VPC: no hub is in reach (the message says so).
		"EB301 error Environment", "EB301 error Environment",
		"EB303 warning S3GatewayEndpoint",
		"EB401 error ECRApiEndpoint" + suppressed, "EB401 error ECRDockerEndpoint" + suppressed,
		"EB901 note Environment",
	}
	if got := summary(rep); r.code != 1 || !slices.Equal(got, want) {
		t.Errorf("exit %d, findings:\n%s\nwant exit 1 and:\n%s\n%s", r.code, strings.Join(got, "\n"), strings.Join(want, "\n"), r.stderr)
	}
	if n := strings.Count(r.stdout, "which the configuration file declares provided centrally"); n != 2 {
		t.Errorf("%d EB301 messages say logs is declared central, want 2", n)
	}

	after := map[string]string{"SOURCE_DATE_EPOCH": "4086547200"} // 2099-07-01
	rep = decodeConfigReport(t, runCLI(t, after, "-f", "json", ".").stdout)
	expired := false
	for _, n := range rep.Notices {
		expired = expired || strings.Contains(n.Message, "the ignore entry for EB401 on ECR*Endpoint expired on 2099-06-30")
	}
	if rep.Summary["suppressed"] != 0 || !expired {
		t.Errorf("after expiry: summary %v, notices %+v; want nothing suppressed and a notice", rep.Summary, rep.Notices)
	}

	if r := runCLI(t, before, "--no-config", "-f", "json", "."); r.code != 2 || !strings.Contains(r.stdout, `"EB900"`) {
		t.Errorf("--no-config: exit %d, want 2 with the fixtures' EB900 (nothing excluded)", r.code)
	}
	if r := runCLI(t, before, "--no-config", "--exclude", "fixtures", "--exclude", "cdk.out", "-f", "json", "."); r.code != 1 || strings.Contains(r.stdout, `"EB900"`) {
		t.Errorf("--exclude: exit %d, want 1 and no EB900\n%s", r.code, r.stderr)
	}
}

// TestConfigDiscovery: the search upward stops at the repository root;
// --config and --no-config contradict; a bad file exits 2 naming file,
// line and key.
func TestConfigDiscovery(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".beanlint.yaml":  "rules: []\n", // above the repository: never read
		"repo/.git/HEAD":  "",
		"repo/sub/t.yaml": "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n",
		"repo/bad.yaml":   "ignore:\n  - rule: EB401\n    resource: X\n    reason: r\n    expires: soon\n",
	})
	t.Chdir(filepath.Join(dir, "repo", "sub"))
	if r := runCLI(t, nil, "t.yaml"); r.code != 0 {
		t.Errorf("a file above the repository root was read: exit %d\n%s", r.code, r.stderr)
	}
	r := runCLI(t, nil, "--config", "../bad.yaml", "t.yaml")
	if want := `../bad.yaml:5:14: ignore[0].expires: "soon" is not a date YYYY-MM-DD`; r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, want)
	}
	if r := runCLI(t, nil, "--config", "../bad.yaml", "--no-config", "t.yaml"); r.code != 2 || !strings.Contains(r.stderr, "contradict") {
		t.Errorf("--config with --no-config: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}, "t.yaml"); r.code != 2 || !strings.Contains(r.stderr, "SOURCE_DATE_EPOCH") {
		t.Errorf("bad SOURCE_DATE_EPOCH: exit %d, stderr %q", r.code, r.stderr)
	}
	writeFiles(t, dir, map[string]string{"repo/.beanlint.yaml": "severity:\n  EB303: warning\n  tf-source: .\n"})
	r = runCLI(t, nil, "t.yaml")
	if want := filepath.Join("..", ".beanlint.yaml") + `:3:3: severity.tf-source: unknown rule "tf-source"`; r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Errorf("bad file found upward: exit %d, stderr %q; want 2 and %q", r.code, r.stderr, want)
	}
}
