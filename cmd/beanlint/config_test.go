package main

import (
	"os"
	"path/filepath"
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
