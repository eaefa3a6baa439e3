package load

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestWalkSkips checks what directory walks skip (.gitignore'd paths,
// --exclude, .git, node_modules, .terraform, a cloud assembly's asset.*
// directories) and that a path named is read all the same.
func TestWalkSkips(t *testing.T) {
	vpc := `{"Resources": {"V": {"Type": "AWS::EC2::VPC"}}}`
	root := tree(t, map[string]string{
		".gitignore":                         "cdk.out/\n*.local.json\n/generated/\n!keep.local.json\n",
		"infra/.gitignore":                   "old/\n",
		"template.json":                      vpc,
		"a.local.json":                       vpc,
		"keep.local.json":                    vpc,
		"generated/t.json":                   vpc,
		"infra/generated/t.json":             vpc, // /generated/ is anchored at the top
		"infra/old/t.json":                   vpc,
		"infra/new/t.json":                   vpc,
		"legacy/t.json":                      vpc,
		"cdk.out/App.template.json":          vpc,
		"cdk.out/asset.0123abcd/t.json":      vpc,
		"synth/cdk.out":                      `{"version":"48.0.0"}`, // a cloud assembly with another name
		"synth/App.template.json":            vpc,
		"synth/asset.4567/node_modules.json": vpc,
		"other/asset.89/t.json":              vpc, // not in a cloud assembly
		"node_modules/x/t.json":              vpc,
		".terraform/modules/t.json":          vpc,
		".git/t.json":                        vpc,
	})
	exclude := []Glob{{Base: root, Pattern: "legacy/"}, {Base: root, Pattern: "**/new/*.json"}}
	in := func(paths ...string) []string {
		for i, p := range paths {
			paths[i] = filepath.Join(root, p)
		}
		return paths
	}
	tests := []struct {
		name    string
		paths   []string
		exclude []Glob
		want    []string
	}{
		{"walk", in("."), nil, []string{"infra/generated/t.json", "infra/new/t.json", "keep.local.json", "legacy/t.json", "other/asset.89/t.json", "synth/App.template.json", "template.json"}},
		{"exclude", in("."), exclude, []string{"infra/generated/t.json", "keep.local.json", "other/asset.89/t.json", "synth/App.template.json", "template.json"}},
		// cdk.out is ignored: named, it is read (its templates, not its assets).
		{"ignored directory named", in("cdk.out"), nil, []string{"cdk.out/App.template.json"}},
		{"ignored file named", in("a.local.json"), nil, []string{"a.local.json"}},
		{"excluded directory named", in("legacy"), exclude, []string{"legacy/t.json"}},
		{"skipped directory named", in("node_modules"), nil, []string{"node_modules/x/t.json"}},
		{"subdirectory", in("infra"), nil, []string{"infra/generated/t.json", "infra/new/t.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Load(tt.paths, Options{Exclude: tt.exclude})
			if len(res.Errors) > 0 {
				t.Errorf("errors: %v", res.Errors)
			}
			if got := rel(root, res.Inputs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("inputs = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestWalkRepositoryGitignore: a .gitignore above the directory walked
// applies up to the top of the repository (the directory holding .git).
func TestWalkRepositoryGitignore(t *testing.T) {
	vpc := `{"Resources": {"V": {"Type": "AWS::EC2::VPC"}}}`
	root := tree(t, map[string]string{
		".gitignore":              "*.gen.json\n",
		"repo/.gitignore":         "build/\n",
		"repo/.git/HEAD":          "ref: refs/heads/main\n",
		"repo/infra/a.json":       vpc,
		"repo/infra/b.gen.json":   vpc, // the .gitignore above the repository does not apply
		"repo/infra/build/c.json": vpc,
	})
	res := Load([]string{filepath.Join(root, "repo", "infra")}, Options{})
	want := []string{"repo/infra/a.json", "repo/infra/b.gen.json"}
	if got := rel(root, res.Inputs); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs = %q, want %q", got, want)
	}
}

func TestStdin(t *testing.T) {
	vpc := "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  V:\n    Type: AWS::EC2::VPC\n"
	dir := tree(t, map[string]string{"b.yaml": vpc})
	t.Run("template", func(t *testing.T) {
		res := Load([]string{"-", filepath.Join(dir, "b.yaml"), "-"}, Options{Stdin: strings.NewReader(vpc)})
		if len(res.Errors) > 0 {
			t.Fatalf("errors: %v", res.Errors)
		}
		if want := []string{"-", filepath.Join(dir, "b.yaml")}; !reflect.DeepEqual(res.Inputs, want) {
			t.Errorf("inputs = %q, want %q", res.Inputs, want)
		}
		if res.Graph.Node("-#V") == nil {
			t.Errorf("no node -#V from standard input")
		}
	})
	t.Run("too large", func(t *testing.T) {
		big := vpc + "# " + strings.Repeat("x", maxTemplateSize) + "\n"
		res := Load([]string{"-"}, Options{Stdin: strings.NewReader(big)})
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "larger than") {
			t.Errorf("errors = %v, want one: larger than the largest template", res.Errors)
		}
	})
	t.Run("not a template", func(t *testing.T) {
		res := Load([]string{"-"}, Options{Stdin: strings.NewReader("hello: world\n")})
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "-: not a CloudFormation template") {
			t.Errorf("errors = %v, want one: not a CloudFormation template", res.Errors)
		}
	})
	t.Run("none", func(t *testing.T) {
		res := Load([]string{"-"}, Options{})
		if len(res.Errors) != 1 {
			t.Errorf("errors = %v, want one", res.Errors)
		}
	})
}
