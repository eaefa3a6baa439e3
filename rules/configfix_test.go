package rules_test

import (
	"cmp"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/lint"
	"github.com/beanlint/beanlint/rules/lint/fix"
)

// TestSettingFixInConfigFile: when a configuration file of the
// application source decides the setting a finding is about, beanlint fix
// changes the setting there (list or map form, YAML or JSON), for a
// CloudFormation or a Terraform environment; a setting nothing sets goes
// on the environment, in the environment's language, in the same fix.
// Linted again, the finding is gone, and a second run changes nothing.
func TestSettingFixInConfigFile(t *testing.T) {
	withoutSetting := func(path, setting string) string {
		data, err := os.ReadFile(filepath.Join(casesDir, path))
		if err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(`(?s)\n  setting \{[^\n]*\n    namespace = "[^"]+"\n    name      = "` + setting + `"\n    value     = "[^"]+"\n  \}`)
		if !re.Match(data) {
			t.Fatalf("%s has no %s setting block", path, setting)
		}
		return string(re.ReplaceAll(data, nil))
	}
	publicIPTF := withoutSetting("EB103/fail_public_ip_private_subnets.tf/main.tf", "AssociatePublicIpAddress")
	singleTF := withoutSetting("EB104/fail_single_instance_private.tf/main.tf", "EnvironmentType")
	stack, err := os.ReadFile(filepath.Join(casesDir, "ebextensions", "public_ip_from_config", "stack.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	saved := strings.Replace(string(stack), "      OptionSettings:", "      TemplateName: prod\n      OptionSettings:", 1)
	tests := []struct {
		name, rule     string
		env, envFile   string // the environment's file and its name
		config         string // app/.ebextensions/net.config, or configFile
		wantConfig     string
		wantEnvChanged string // in the environment's file after the fix; "" when unchanged
		configFile     string
	}{
		{"Terraform environment, list form", "EB103", publicIPTF, "main.tf",
			"option_settings:\n  - namespace: aws:ec2:vpc\n    option_name: AssociatePublicIpAddress\n    value: true\n",
			"option_settings:\n  - namespace: aws:ec2:vpc\n    option_name: AssociatePublicIpAddress\n    value: \"false\"\n", "", ""},
		{"CloudFormation environment, JSON map form", "EB103", string(stack), "stack.yaml",
			"{\"option_settings\": {\"aws:ec2:vpc\": {\"AssociatePublicIpAddress\": \"true\"}}}\n",
			"{\"option_settings\": {\"aws:ec2:vpc\": {\"AssociatePublicIpAddress\": \"false\"}}}\n", "", ""},
		{"Terraform environment, a setting in the file and one on the environment", "EB104", singleTF, "main.tf",
			"option_settings:\n  aws:elasticbeanstalk:environment:\n    EnvironmentType: SingleInstance\n",
			"option_settings:\n  aws:elasticbeanstalk:environment:\n    EnvironmentType: LoadBalanced\n",
			"    name      = \"ELBScheme\"\n    value     = \"internal\"\n", ""},
		{"saved configuration", "EB103", saved, "stack.yaml",
			"OptionSettings:\n  aws:ec2:vpc:\n    AssociatePublicIpAddress: 'true'\n",
			"OptionSettings:\n  aws:ec2:vpc:\n    AssociatePublicIpAddress: \"false\"\n", "",
			filepath.Join("app", ".elasticbeanstalk", "saved_configs", "prod.cfg.yml")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			config := filepath.Join(dir, cmp.Or(tt.configFile, filepath.Join("app", ".ebextensions", "net.config")))
			if err := os.MkdirAll(filepath.Dir(config), 0o755); err != nil {
				t.Fatal(err)
			}
			envFile := filepath.Join(dir, tt.envFile)
			for path, text := range map[string]string{envFile: tt.env, config: tt.config} {
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := lint.Run([]string{dir}, lint.Options{})
			n := 0
			for _, f := range res.Findings {
				if f.RuleID != tt.rule {
					continue
				}
				n++
				if f.Loc.File != config || !strings.Contains(f.Fix, "where it is set now") {
					t.Errorf("%s at %s, fix:\n%s\nwant it at %s, set where it is set now", f.RuleID, f.Loc.File, f.Fix, config)
				}
				// The fix is shown as the file is written: JSON for a
				// JSON file, YAML for a YAML one.
				_, body, _ := strings.Cut(f.Fix, "\n")
				if isJSON := strings.HasPrefix(tt.config, "{"); strings.HasPrefix(body, "{") != isJSON {
					t.Errorf("fix shown as\n%s\nwant JSON %v, as the file is written", body, isJSON)
				}
			}
			if n != 1 {
				t.Fatalf("%d %s findings, want 1", n, tt.rule)
			}
			plan, err := fix.Build(res.Findings, res.Formats, lint.Appliers(), os.ReadFile)
			if err != nil {
				t.Fatal(err)
			}
			if err := plan.Write(os.ReadFile); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(config); string(got) != tt.wantConfig {
				t.Errorf("configuration file after the fix:\n%s\nwant\n%s", got, tt.wantConfig)
			}
			got, _ := os.ReadFile(envFile)
			if changed := string(got) != tt.env; changed != (tt.wantEnvChanged != "") || !strings.Contains(string(got), tt.wantEnvChanged) {
				t.Errorf("%s changed %v after the fix, want it to hold %q:\n%s", tt.envFile, changed, tt.wantEnvChanged, got)
			}
			again := lint.Run([]string{dir}, lint.Options{})
			for _, f := range again.Findings {
				if f.RuleID == tt.rule {
					t.Errorf("after the fix: %s %s", f.RuleID, f.Message)
				}
			}
			second, err := fix.Build(again.Findings, again.Formats, lint.Appliers(), os.ReadFile)
			if err != nil || len(second.Changes) > 0 {
				t.Errorf("a second run: %v\n%s", err, second.Diff())
			}
		})
	}
}

// TestConfigFindingFixLanguage: a finding in a configuration file of the
// application source carries the fix in the language of its environment's
// file: EB405, when DisableDefaultEC2SecurityGroup comes from the file,
// adds the SecurityGroups settings as HCL setting blocks to a Terraform
// environment and as OptionSettings to a CloudFormation one.
func TestConfigFindingFixLanguage(t *testing.T) {
	tf, err := os.ReadFile(filepath.Join(casesDir, "EB103", "fail_public_ip_private_subnets.tf", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	cfn, err := os.ReadFile(filepath.Join(casesDir, "EB103", "fail_public_ip_private_subnets.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	config := "option_settings:\n  aws:autoscaling:launchconfiguration:\n    DisableDefaultEC2SecurityGroup: \"true\"\n"
	for _, c := range []struct{ envFile, env, want string }{
		{"main.tf", string(tf), "  setting {\n    namespace = \"aws:autoscaling:launchconfiguration\"\n    name      = \"SecurityGroups\"\n"},
		{"stack.yaml", string(cfn), "      - Namespace: aws:autoscaling:launchconfiguration\n        OptionName: SecurityGroups\n"},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "app", ".ebextensions", "sg.config")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, c.envFile), []byte(c.env), 0o644); err != nil {
			t.Fatal(err)
		}
		var fixes []string
		for _, f := range lint.Run([]string{dir}, lint.Options{}).Findings {
			if f.RuleID == "EB405" && f.Loc.File == path {
				fixes = append(fixes, f.Fix)
			}
		}
		if len(fixes) != 1 || !strings.Contains(fixes[0], c.want) {
			t.Errorf("%s: EB405 fixes %q, want one holding %q", c.envFile, fixes, c.want)
		}
	}
}
