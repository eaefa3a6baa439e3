package ebextensions_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/ebextensions"
	"github.com/beanlint/beanlint/parsers/load"
)

// write creates files (path: content) under dir.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// environment is a template of one environment; extra is added to its
// Properties.
func environment(id, extra string) string {
	return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ` + id + `:
    Type: AWS::ElasticBeanstalk::Environment
    Properties:
      ApplicationName: app
      EnvironmentName: ` + strings.ToLower(id) + `-env
` + extra
}

const healthEnhanced = "option_settings:\n  aws:elasticbeanstalk:healthreporting:system:\n    SystemType: enhanced\n"

func TestPrecedence(t *testing.T) {
	envSetting := `      OptionSettings:
        - Namespace: aws:elasticbeanstalk:healthreporting:system
          OptionName: SystemType
          Value: environment
`
	saved := "AWSConfigurationTemplateVersion: 1.1.0.0\nOptionSettings:\n  aws:elasticbeanstalk:healthreporting:system:\n    SystemType: saved\n"
	config := "option_settings:\n  aws:elasticbeanstalk:healthreporting:system:\n    SystemType: config\n"
	tests := []struct {
		name             string
		env, saved, conf bool
		want             string // "" = not set: the default applies
		wantFile         string
	}{
		{"environment over saved configuration and configuration file", true, true, true, "environment", "stack.yaml"},
		{"saved configuration over configuration file", false, true, true, "saved", "prod.cfg.yml"},
		{"configuration file over default", false, false, true, "config", "health.config"},
		{"default", false, false, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			extra := "      TemplateName: prod\n"
			if tt.env {
				extra += envSetting
			}
			files := map[string]string{"stack.yaml": environment("Env", extra)}
			if tt.saved {
				files["app/.elasticbeanstalk/saved_configs/prod.cfg.yml"] = saved
			}
			if tt.conf {
				files["app/.ebextensions/health.config"] = config
			}
			write(t, dir, files)
			res := load.Load([]string{dir}, load.Options{})
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors[0])
			}
			env := res.Graph.Environments[0]
			o, ok := res.Graph.Effective(env).Get("aws:elasticbeanstalk:healthreporting:system", "SystemType")
			switch {
			case tt.want == "" && ok:
				t.Errorf("SystemType = %q, want unset", o.Value.Str)
			case tt.want != "" && (!ok || o.Value.Str != tt.want || filepath.Base(o.Loc.File) != tt.wantFile):
				t.Errorf("SystemType = %q from %s, want %q from %s", o.Value.Str, o.Loc.File, tt.want, tt.wantFile)
			}
		})
	}
}

func TestPairing(t *testing.T) {
	two := map[string]string{
		"infra/web.yaml":                    environment("Web", ""),
		"infra/worker.yaml":                 environment("Worker", ""),
		"web/.ebextensions/health.config":   healthEnhanced,
		"worker/.ebextensions/other.config": "option_settings:\n  aws:ec2:vpc:\n    AssociatePublicIpAddress: true\n",
	}
	tests := []struct {
		name     string
		files    map[string]string
		mappings func(dir string) []ebextensions.Mapping
		want     map[string]string // environment -> source directory base ("" = none)
		notice   string
	}{
		{
			name:  "one environment and one source pair",
			files: map[string]string{"infra/web.yaml": environment("Web", ""), "web/.ebextensions/health.config": healthEnhanced},
			want:  map[string]string{"Web": "web"},
			// the notice names both
			notice: "apply to environment Web: the only environment and the only application source",
		},
		{
			name:   "two environments and two sources without a mapping",
			files:  two,
			want:   map[string]string{"Web": "", "Worker": ""},
			notice: "are applied to no environment: the run has 2 environments",
		},
		{
			name:  "two environments and two sources with a mapping",
			files: two,
			mappings: func(dir string) []ebextensions.Mapping {
				return []ebextensions.Mapping{
					{Environment: "Web", Source: filepath.Join(dir, "web")},
					{Environment: "worker-env", Source: filepath.Join(dir, "worker")}, // by EnvironmentName
				}
			},
			want: map[string]string{"Web": "web", "Worker": "worker"},
		},
		{
			name: "two environments and two sources, paired by their env.yaml's EnvironmentName",
			files: with(two, map[string]string{
				"web/env.yaml":    manifest("web-env"),
				"worker/env.yaml": manifest("worker-env"),
			}),
			want:   map[string]string{"Web": "web", "Worker": "worker"},
			notice: filepath.Join("worker", "env.yaml") + " names it (EnvironmentName worker-env)",
		},
		{
			name: "a mapping wins over the manifest's EnvironmentName",
			files: with(two, map[string]string{
				"web/env.yaml": manifest("worker-env"),
			}),
			mappings: func(dir string) []ebextensions.Mapping {
				return []ebextensions.Mapping{
					{Environment: "Web", Source: filepath.Join(dir, "web")},
					{Environment: "Worker", Source: filepath.Join(dir, "worker")},
				}
			},
			want: map[string]string{"Web": "web", "Worker": "worker"},
		},
		{
			name:   "an EnvironmentName that names no environment",
			files:  map[string]string{"infra/web.yaml": environment("Web", ""), "infra/worker.yaml": environment("Worker", ""), "web/env.yaml": manifest("staging-env"), "web/.ebextensions/health.config": healthEnhanced},
			want:   map[string]string{"Web": "", "Worker": ""},
			notice: `the EnvironmentName "staging-env" of environment manifest`,
		},
		{
			name:   "one environment, and one source whose env.yaml names another",
			files:  map[string]string{"infra/web.yaml": environment("Web", ""), "web/env.yaml": manifest("api-env"), "web/.ebextensions/health.config": healthEnhanced},
			want:   map[string]string{"Web": ""},
			notice: "are applied to no environment: its env.yaml names environment api-env, and the run's only environment is web-env",
		},
		{
			name:   "a group's EnvironmentName (ending with +) pairs nothing",
			files:  map[string]string{"infra/web.yaml": environment("Web", ""), "infra/worker.yaml": environment("Worker", ""), "web/env.yaml": manifest("web+"), "web/.ebextensions/health.config": healthEnhanced},
			want:   map[string]string{"Web": "", "Worker": ""},
			notice: "ends with +: the environment's name is completed by the group suffix",
		},
		{
			name:  "a mapping for one of two sources",
			files: two,
			mappings: func(dir string) []ebextensions.Mapping {
				return []ebextensions.Mapping{{Environment: "Web", Source: filepath.Join(dir, "web")}}
			},
			want:   map[string]string{"Web": "web", "Worker": ""},
			notice: "worker are applied to no environment: no environments entry names this source",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, tt.files)
			var ms []ebextensions.Mapping
			if tt.mappings != nil {
				ms = tt.mappings(dir)
			}
			res := load.Load([]string{dir}, load.Options{Environments: ms})
			for _, env := range res.Graph.Environments {
				got := ""
				if env.Source != nil {
					got = filepath.Base(env.Source.Dir)
				}
				if got != tt.want[env.Name] {
					t.Errorf("environment %s paired with %q, want %q", env.Name, got, tt.want[env.Name])
				}
				// Never another environment's settings.
				if s := res.Graph.Effective(env); env.Name == "Worker" && !s.Value("aws:elasticbeanstalk:healthreporting:system", "SystemType").IsAbsent() {
					t.Errorf("Worker has web's SystemType")
				}
			}
			if tt.notice != "" && !hasNotice(res.Notices, tt.notice) {
				t.Errorf("no notice containing %q in %v", tt.notice, res.Notices)
			}
		})
	}
}

// manifest is an env.yaml naming environment name.
func manifest(name string) string {
	return "AWSConfigurationTemplateVersion: 1.1.0.0\nEnvironmentName: " + name + "\n"
}

// with returns files and more together.
func with(files, more map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

// TestManifestSettings: the OptionSettings of a paired source's env.yaml
// leave an option as it is where they agree with the effective value, and
// make it unknown, naming the manifest's line, where they do not (where a
// manifest stands in the precedence is not documented).
func TestManifestSettings(t *testing.T) {
	envSetting := `      OptionSettings:
        - Namespace: aws:elasticbeanstalk:healthreporting:system
          OptionName: SystemType
          Value: basic
`
	manifestSetting := func(v string) string {
		return manifest("env-env") + "OptionSettings:\n  aws:elasticbeanstalk:healthreporting:system:\n    SystemType: " + v + "\n"
	}
	tests := []struct {
		name     string
		env      string
		manifest string
		want     string // the effective value, or "unknown"
	}{
		{"the manifest agrees with the environment", envSetting, manifestSetting("basic"), "basic"},
		{"the manifest differs from the environment", envSetting, manifestSetting("enhanced"), "unknown"},
		{"the manifest sets what nothing else does", "", manifestSetting("enhanced"), "unknown"},
		{"a manifest without OptionSettings", envSetting, manifest("env-env"), "basic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, map[string]string{"stack.yaml": environment("Env", tt.env), "app/env.yaml": tt.manifest})
			res := load.Load([]string{dir}, load.Options{})
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors[0])
			}
			env := res.Graph.Environments[0]
			if env.Source == nil {
				t.Fatalf("the source is not paired: %v", res.Notices)
			}
			o, _ := res.Graph.Effective(env).Get("aws:elasticbeanstalk:healthreporting:system", "SystemType")
			got := o.Value.Str
			if o.Value.Kind == parsers.Unknown {
				got = "unknown"
				if !strings.Contains(o.Value.Reason(), "env.yaml sets aws:elasticbeanstalk:healthreporting:system SystemType to enhanced") || filepath.Base(o.Value.Loc.File) != "env.yaml" || o.Value.Loc.StartLine != 5 {
					t.Errorf("the unknown value says %q at %s", o.Value.Reason(), o.Value.Loc)
				}
			}
			if got != tt.want {
				t.Errorf("SystemType = %q, want %q", got, tt.want)
			}
		})
	}
}

func hasNotice(ns []parsers.Notice, text string) bool {
	for _, n := range ns {
		if strings.Contains(n.Msg, text) {
			return true
		}
	}
	return false
}
