package load

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

const testdata = "../../testdata/cloudformation/parser"

// tree writes files (path → content) under a new temporary directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func rel(root string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		r, _ := filepath.Rel(root, p)
		out[i] = filepath.ToSlash(r)
	}
	return out
}

func errorStrings(root string, errs []*parsers.ParseError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, strings.TrimPrefix(filepath.ToSlash(e.Error()), filepath.ToSlash(root)+"/"))
	}
	return out
}

func TestLoadWalksAndSniffs(t *testing.T) {
	root := tree(t, map[string]string{
		"net/network.yaml":          fixture(t, "network.yaml"),
		"app/app.yaml":              fixture(t, "app.yaml"),
		"app/escapes.json":          fixture(t, "escapes.json"),
		"app/broken.template":       "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SNS::Topic\n",
		"k8s/pod.yaml":              "apiVersion: v1\nkind: Pod\n",
		"package.json":              `{"name": "x"}`,
		"plan/tfplan.json":          `{"format_version": "1.2", "planned_values": {"root_module": {}}}`,
		"README.md":                 "Resources:\n  A:\n    Type: AWS::EC2::VPC\n",
		".git/hooks/t.yaml":         fixture(t, "network.yaml"),
		"node_modules/x/t.yaml":     fixture(t, "network.yaml"),
		".terraform/modules/t.json": `{"Resources": {"V": {"Type": "AWS::EC2::VPC"}}}`,
	})
	res := Load([]string{root}, Options{})
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	check("inputs", rel(root, res.Inputs), []string{"app/app.yaml", "app/broken.template", "app/escapes.json", "net/network.yaml"})
	check("errors", errorStrings(root, res.Errors), []string{`app/broken.template:5:3: duplicate key "A" (first defined at line 3)`})
	check("notices", errorStrings(root, res.Notices), []string{"plan/tfplan.json: Terraform plan support is not implemented yet; file skipped"})

	// The broken file does not hide the others, and the application's
	// imports resolve against the network template in another directory.
	env, ok := res.Graph.Node(filepath.Join(root, "app", "app.yaml") + "#Environment").(*parsers.Environment)
	if !ok {
		t.Fatalf("environment missing; nodes: %d VPCs", len(res.Graph.VPCs))
	}
	vpcKey := filepath.Join(root, "net", "network.yaml") + "#Vpc"
	if v := env.Settings[0].Value; v.Kind != parsers.Ref || v.Target != vpcKey {
		t.Errorf("VPCId = %s, want a reference to %s", v.Describe(), vpcKey)
	}
	var files []string
	for _, f := range res.Graph.Files {
		files = append(files, f.Format)
	}
	check("file formats", files, []string{"cloudformation-yaml", "cloudformation-json", "cloudformation-yaml"})
	if len(res.Graph.VPCs) != 2 {
		t.Errorf("VPCs = %d, want 2 (network.yaml and escapes.json)", len(res.Graph.VPCs))
	}
}

func TestLoadExplicitFiles(t *testing.T) {
	root := tree(t, map[string]string{
		"notes.yaml":   "title: not a template\n",
		"net.yaml":     fixture(t, "network.yaml"),
		"bad.json":     `{"Resources": {"V": {"Type": "AWS::EC2::VPC"}},}`,
		"data.txt":     "Resources:\n  V:\n    Type: AWS::EC2::VPC\n",
		"plan.tf.json": `{"format_version": "1.2", "resource_changes": []}`,
	})
	p := func(name string) string { return filepath.Join(root, name) }
	res := Load([]string{p("notes.yaml"), p("net.yaml"), p("bad.json"), p("data.txt"), p("missing.yaml"), p("plan.tf.json"), p("net.yaml")}, Options{})
	want := []string{
		"bad.json:1:48: invalid JSON: invalid character '}' looking for beginning of object key string",
		"missing.yaml: cannot read: no such file or directory",
		"notes.yaml: not a CloudFormation template or Terraform plan",
	}
	if got := errorStrings(root, res.Errors); !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n got %q\nwant %q", got, want)
	}
	// An explicitly named file is read whatever its extension.
	if got := rel(root, res.Inputs); !reflect.DeepEqual(got, []string{"bad.json", "data.txt", "net.yaml", "notes.yaml"}) {
		t.Errorf("inputs = %q", got)
	}
	if len(res.Notices) != 1 {
		t.Errorf("notices = %v", res.Notices)
	}
	if len(res.Graph.VPCs) != 2 {
		t.Errorf("VPCs = %d, want net.yaml's and data.txt's", len(res.Graph.VPCs))
	}
}

// TestLoadDeterministic: the same inputs in any order give the same graph.
func TestLoadDeterministic(t *testing.T) {
	root := tree(t, map[string]string{"b/network.yaml": fixture(t, "network.yaml"), "a/app.yaml": fixture(t, "app.yaml")})
	a := Load([]string{filepath.Join(root, "a"), filepath.Join(root, "b")}, Options{})
	b := Load([]string{filepath.Join(root, "b"), filepath.Join(root, "a")}, Options{})
	if !reflect.DeepEqual(a.Inputs, b.Inputs) || !reflect.DeepEqual(a.Graph.Files, b.Graph.Files) ||
		!reflect.DeepEqual(a.Graph.RouteTables, b.Graph.RouteTables) || !reflect.DeepEqual(a.Graph.Environments, b.Graph.Environments) {
		t.Error("Load depends on the order of its paths")
	}
}

func TestLoadParameters(t *testing.T) {
	root := tree(t, map[string]string{"app.yaml": fixture(t, "app.yaml"), "net.yaml": fixture(t, "network.yaml")})
	res := Load([]string{root}, Options{Parameters: map[string]string{"NetworkStage": "dev"}})
	env := res.Graph.Environments[0]
	if v := env.Settings[0].Value; v.Kind != parsers.Unknown || !strings.Contains(v.Reason, "dev-VpcId") {
		t.Errorf("VPCId with NetworkStage=dev = %s", v.Describe())
	}
}

func TestReadParametersFile(t *testing.T) {
	tests := []struct {
		name, content string
		want          map[string]string
		err           string
	}{
		{"aws cli json", `[{"ParameterKey": "Env", "ParameterValue": "prod"}, {"ParameterKey": "Subnets", "ParameterValue": "subnet-a,subnet-b"}, {"ParameterKey": "Old", "UsePreviousValue": true}]`,
			map[string]string{"Env": "prod", "Subnets": "subnet-a,subnet-b"}, ""},
		{"key value lines", "# comment\n\nEnv=prod\n  Url = https://x/?a=b  \nEmpty=\n", map[string]string{"Env": "prod", "Url": "https://x/?a=b", "Empty": ""}, ""},
		{"bad line", "Env=prod\njust text\n", nil, "params:2: want KEY=VALUE"},
		{"bad json", "[\n{\"ParameterKey\": \"A\" \"ParameterValue\": \"x\"}]", nil, "params:2: not an AWS CLI parameters file"},
		{"json without key", `[{"ParameterValue": "x"}]`, nil, "params: entry 1 has no ParameterKey"},
		{"json without value", `[{"ParameterKey": "A"}]`, nil, "params: parameter A has no ParameterValue"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := tree(t, map[string]string{"params": tc.content})
			got, err := ReadParametersFile(filepath.Join(root, "params"))
			if tc.err != "" {
				if err == nil || !strings.Contains(filepath.ToSlash(err.Error()), tc.err) {
					t.Errorf("error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	if _, err := ReadParametersFile(filepath.Join(t.TempDir(), "nope")); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing file error = %v", err)
	}
}
