package load

import (
	"path/filepath"
	"testing"
)

func TestGlobMatch(t *testing.T) {
	base := filepath.FromSlash("/repo")
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"cdk.out", "/repo/cdk.out", true},
		{"cdk.out", "/repo/app/cdk.out/asset.1/t.json", true}, // a name at any depth, and beneath it
		{"*.test.yaml", "/repo/a/b/x.test.yaml", true},
		{"*.test.yaml", "/repo/a/b/x.yaml", false},
		{"infra/network.yaml", "/repo/infra/network.yaml", true},
		{"infra/network.yaml", "/repo/other/infra/network.yaml", false}, // a slash anchors at the base
		{"infra/*/template.yaml", "/repo/infra/web/template.yaml", true},
		{"infra/*/template.yaml", "/repo/infra/web/x/template.yaml", false},
		{"legacy/**", "/repo/legacy/a/b/c.json", true},
		{"legacy", "/repo/legacy/a.json", true},
		{"**/fixtures/*.json", "/repo/fixtures/a.json", true},
		{"**/fixtures/*.json", "/repo/x/y/fixtures/a.json", true},
		{"**/fixtures/*.json", "/repo/x/fixtures/sub/a.json", false},
		{"/infra", "/repo/infra/a.yaml", true},
		{"infra", "/elsewhere/infra/a.yaml", false}, // outside the base
	}
	for _, tt := range tests {
		g := Glob{Base: base, Pattern: tt.pattern}
		if err := g.Check(); err != nil {
			t.Fatalf("%s: %v", tt.pattern, err)
		}
		if got := g.Match(filepath.FromSlash(tt.path)); got != tt.want {
			t.Errorf("%q matches %s = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
	for _, bad := range []string{"", "/", "a/[b"} {
		if err := (Glob{Base: base, Pattern: bad}).Check(); err == nil {
			t.Errorf("Check(%q) = nil, want an error", bad)
		}
	}
}

func TestExcludeWalk(t *testing.T) {
	net := "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n"
	root := tree(t, map[string]string{
		"net.yaml":              net,
		"legacy/net.yaml":       net,
		"a/fixtures/bad.yaml":   "Resources: [\n",
		"a/fixtures/other.json": "{}",
	})
	res := Load([]string{root, filepath.Join(root, "legacy", "net.yaml")}, Options{Exclude: []Glob{
		{Base: root, Pattern: "legacy"}, {Base: root, Pattern: "fixtures"},
	}})
	want := []string{filepath.Join(root, "legacy", "net.yaml"), filepath.Join(root, "net.yaml")}
	if len(res.Errors) != 0 || len(res.Inputs) != 2 || res.Inputs[0] != want[0] || res.Inputs[1] != want[1] {
		t.Errorf("inputs %v, errors %v; want %v (an excluded path named on the command line is read) and no error", res.Inputs, res.Errors, want)
	}
}
