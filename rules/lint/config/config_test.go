package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/lint/config"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, src string
		envs      [][2]string // environment, source
		err       string
	}{
		{"empty", "", nil, ""},
		{"mapping", "environments:\n  - environment: Web\n    source: web\n  - environment: module.app.aws_elastic_beanstalk_environment.this\n    source: /srv/app\n",
			[][2]string{{"Web", filepath.Join("repo", "web")}, {"module.app.aws_elastic_beanstalk_environment.this", "/srv/app"}}, ""},
		{"unknown key", "rules: {}\n", nil, `repo/.beanlint.yaml:1:1: unknown key "rules"`},
		{"entry without source", "environments:\n  - environment: Web\n", nil, "repo/.beanlint.yaml:2:5: environments[0]: an environments entry needs environment"},
		{"unknown entry key", "environments:\n  - environment: Web\n    dir: web\n", nil, `repo/.beanlint.yaml:3:5: environments[0]: unknown key "dir"`},
		{"not a list", "environments: Web=web\n", nil, "repo/.beanlint.yaml:1:15: environments: must be a list"},
		{"invalid YAML", "environments: [\n", nil, "repo/.beanlint.yaml: yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := config.Parse("repo/.beanlint.yaml", []byte(tt.src))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Environments) != len(tt.envs) {
				t.Fatalf("environments = %+v, want %v", f.Environments, tt.envs)
			}
			for i, m := range f.Environments {
				if m.Environment != tt.envs[i][0] || m.Source != tt.envs[i][1] {
					t.Errorf("entry %d = %s -> %s, want %s -> %s", i, m.Environment, m.Source, tt.envs[i][0], tt.envs[i][1])
				}
			}
		})
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := config.Find(deep); got != "" && strings.HasPrefix(got, root) {
		t.Errorf("Find = %q before any file exists", got)
	}
	want := filepath.Join(root, "a", config.Name)
	if err := os.WriteFile(want, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := config.Find(deep); got != want {
		t.Errorf("Find = %q, want %q", got, want)
	}
}
