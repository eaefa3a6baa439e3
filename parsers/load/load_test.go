package load

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unicode/utf16"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform"
	"github.com/beanlint/beanlint/parsers/textfile"
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
	return fixtureFile(t, filepath.Join(testdata, name))
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

// noticeStrings renders notices as "file:line:col: message", file relative
// to root ("message" alone without a file).
func noticeStrings(root string, ns []parsers.Notice) []string {
	var out []string
	for _, n := range ns {
		s := n.Msg
		if n.Loc.File != "" {
			s = n.Loc.String() + ": " + s
		}
		out = append(out, strings.TrimPrefix(filepath.ToSlash(s), filepath.ToSlash(root)+"/"))
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
	check("inputs", rel(root, res.Inputs), []string{"app/app.yaml", "app/broken.template", "app/escapes.json", "net/network.yaml", "plan/tfplan.json"})
	check("errors", errorStrings(root, res.Errors), []string{`app/broken.template:5:3: duplicate key "A" (first defined at line 3)`})
	check("notices", noticeStrings(root, res.Notices), []string(nil))

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
	check("file formats", files, []string{"cloudformation-yaml", "cloudformation-json", "cloudformation-yaml", "terraform-plan"})
	if len(res.Graph.VPCs) != 2 {
		t.Errorf("VPCs = %d, want 2 (network.yaml and escapes.json)", len(res.Graph.VPCs))
	}
}

// TestLoadSkipsDataDir: Terraform's data directory as TF_DATA_DIR names it
// (relative to any directory, or absolute) is not walked, as .terraform is
// not: what terraform init installed there is no input.
func TestLoadSkipsDataDir(t *testing.T) {
	const stray = `{"Resources": {"V": {"Type": "AWS::EC2::VPC"}}}`
	root := tree(t, map[string]string{
		"net/network.json":                 stray,
		"net/.tfdata/modules/t.json":       stray,
		"app/.tfdata/modules/x/t.json":     stray,
		"app/state/tf/modules/x/t.json":    stray,
		"app/.tfdata-not/modules/x/t.json": stray,
	})
	cases := []struct {
		dataDir string
		want    []string
	}{
		{"", []string{"app/.tfdata-not/modules/x/t.json", "app/.tfdata/modules/x/t.json", "app/state/tf/modules/x/t.json", "net/.tfdata/modules/t.json", "net/network.json"}},
		{".tfdata", []string{"app/.tfdata-not/modules/x/t.json", "app/state/tf/modules/x/t.json", "net/network.json"}},
		{"state/tf", []string{"app/.tfdata-not/modules/x/t.json", "app/.tfdata/modules/x/t.json", "net/.tfdata/modules/t.json", "net/network.json"}},
		{filepath.Join(root, "net", ".tfdata"), []string{"app/.tfdata-not/modules/x/t.json", "app/.tfdata/modules/x/t.json", "app/state/tf/modules/x/t.json", "net/network.json"}},
	}
	for _, c := range cases {
		t.Run(c.dataDir, func(t *testing.T) {
			res := Load([]string{root}, Options{TFDataDir: c.dataDir})
			if got := rel(root, res.Inputs); !reflect.DeepEqual(got, c.want) {
				t.Errorf("inputs = %q, want %q", got, c.want)
			}
		})
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
	if got := rel(root, res.Inputs); !reflect.DeepEqual(got, []string{"bad.json", "data.txt", "net.yaml", "notes.yaml", "plan.tf.json"}) {
		t.Errorf("inputs = %q", got)
	}
	if len(res.Notices) != 0 {
		t.Errorf("notices = %v", res.Notices)
	}
	if len(res.Graph.VPCs) != 2 {
		t.Errorf("VPCs = %d, want net.yaml's and data.txt's", len(res.Graph.VPCs))
	}
}

// TestLoadDeterministic: the same inputs in any order give the same graph.
func TestLoadDeterministic(t *testing.T) {
	root := tree(t, map[string]string{"b/network.yaml": fixture(t, "network.yaml"), "a/app.yaml": fixture(t, "app.yaml")})
	copyTree(t, filepath.Join(tfFixtures, "modules"), root, "c")
	copyTree(t, filepath.Join(tfFixtures, "split"), root, "d")
	paths := []string{filepath.Join(root, "a"), filepath.Join(root, "b"), filepath.Join(root, "c"), filepath.Join(root, "d")}
	a := Load(paths, Options{})
	slices.Reverse(paths)
	b := Load(paths, Options{})
	if !reflect.DeepEqual(a.Inputs, b.Inputs) || !reflect.DeepEqual(a.Graph.Files, b.Graph.Files) ||
		!reflect.DeepEqual(a.Graph.RouteTables, b.Graph.RouteTables) || !reflect.DeepEqual(a.Graph.Environments, b.Graph.Environments) ||
		!reflect.DeepEqual(a.Graph.SecurityGroups, b.Graph.SecurityGroups) || !reflect.DeepEqual(a.Graph.Endpoints, b.Graph.Endpoints) {
		t.Error("Load depends on the order of its paths")
	}
	if len(a.Graph.Environments) != 2 {
		t.Errorf("environments = %d, want the template's and the plan's", len(a.Graph.Environments))
	}
}

func TestLoadParameters(t *testing.T) {
	root := tree(t, map[string]string{"app.yaml": fixture(t, "app.yaml"), "net.yaml": fixture(t, "network.yaml")})
	res := Load([]string{root}, Options{Parameters: map[string]string{"NetworkStage": "dev"}})
	env := res.Graph.Environments[0]
	if v := env.Settings[0].Value; v.Kind != parsers.Unknown || !strings.Contains(v.Reason(), "dev-VpcId") {
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

// copyTree copies the Terraform parser fixture dir (main.tf, modules, plan.json)
// under root/to.
func copyTree(t *testing.T, from, root, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if filepath.Ext(path) != ".tf" && filepath.Base(path) != "plan.json" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dst := filepath.Join(root, to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

const tfFixtures = "../../testdata/terraform/parser"

func TestLoadTerraformPlan(t *testing.T) {
	root := t.TempDir()
	copyTree(t, filepath.Join(tfFixtures, "modules"), root, "infra")
	copyTree(t, filepath.Join(tfFixtures, "new_infra"), root, "plain")
	if err := os.Remove(filepath.Join(root, "plain", "main.tf")); err != nil {
		t.Fatal(err)
	}
	copyTree(t, filepath.Join(tfFixtures, "split"), root, "broken")
	if err := os.WriteFile(filepath.Join(root, "broken", "extra.tf"), []byte("resource \"aws_vpc\" \"x\" {\n  cidr_block = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "future.json"), []byte(`{"format_version":"2.0","resource_changes":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Load([]string{root}, Options{})
	if got, want := rel(root, res.Inputs), []string{"broken/plan.json", "future.json", "infra/plan.json", "plain/plan.json"}; !reflect.DeepEqual(got, want) {
		t.Errorf("inputs = %q, want %q", got, want)
	}
	if got, want := errorStrings(root, res.Errors), []string{`future.json:1:19: unsupported Terraform plan format_version "2.0" (beanlint reads 0.1 to 1.x)`}; !reflect.DeepEqual(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
	if len(res.Notices) == 0 || !strings.HasPrefix(noticeStrings(root, res.Notices)[0], "broken/extra.tf:") {
		t.Errorf("notices = %q, want the .tf syntax error", noticeStrings(root, res.Notices))
	} else if msg := res.Notices[0].Msg; strings.Count(msg, "Expected the start of an expression") != 1 {
		t.Errorf("notice %q should state the HCL error once", msg)
	}

	at := func(key string) string {
		n := res.Graph.Node(filepath.Join(root, key))
		if n == nil {
			t.Fatalf("no node %s", key)
		}
		l := n.Base().Loc
		r, _ := filepath.Rel(root, l.File)
		return filepath.ToSlash(r) + ":" + strconv.Itoa(int(l.StartLine))
	}
	// The plan's directory holds .tf files: nodes are on their blocks,
	// inside local modules too.
	if got := at("infra/plan.json#module.network.aws_vpc.this"); got != "infra/modules/network/main.tf:7" {
		t.Errorf("module VPC at %s", got)
	}
	// No .tf next to the plan: positions in the plan JSON.
	if got := at("plain/plan.json#aws_vpc.main"); got != "plain/plan.json:1" {
		t.Errorf("VPC of a plan without source at %s", got)
	}
	// A .tf file that does not parse does not hide the others.
	if got := at("broken/plan.json#aws_subnet.a"); got != "broken/main.tf:19" {
		t.Errorf("subnet next to a broken .tf file at %s", got)
	}
	formats := map[string]int{}
	for _, f := range res.Graph.Files {
		formats[f.Format]++
	}
	if formats["terraform-plan"] != 3 || formats["terraform-source"] < 5 {
		t.Errorf("file formats = %v", formats)
	}
}

func TestLoadTFSourceOption(t *testing.T) {
	root := t.TempDir()
	copyTree(t, filepath.Join(tfFixtures, "modules"), root, "src")
	if err := os.Rename(filepath.Join(root, "src", "plan.json"), filepath.Join(root, "plan.json")); err != nil {
		t.Fatal(err)
	}
	plan := filepath.Join(root, "plan.json")
	res := Load([]string{plan}, Options{TFSource: filepath.Join(root, "src")})
	env := res.Graph.Node(plan + "#aws_elastic_beanstalk_environment.web")
	if env == nil {
		t.Fatal("environment missing")
	}
	if got, want := env.Base().Loc.File, filepath.Join(root, "src", "main.tf"); got != want {
		t.Errorf("environment in %s, want %s", got, want)
	}
	if len(res.Errors)+len(res.Notices) != 0 {
		t.Errorf("errors %v, notices %v", res.Errors, res.Notices)
	}
	// Without the option, the plan's own directory has no .tf files.
	res = Load([]string{plan}, Options{})
	if got := res.Graph.Node(plan + "#aws_elastic_beanstalk_environment.web").Base().Loc.File; got != plan {
		t.Errorf("without --tf-source the environment is in %s, want the plan", got)
	}
}

// TestLoadRegions: each input's deployment region comes from what decides
// it for that format: --parameter AWS::Region for templates, the provider
// configuration for a plan.
func TestLoadRegions(t *testing.T) {
	root := tree(t, map[string]string{"net.yaml": fixture(t, "network.yaml")})
	copyTree(t, filepath.Join(tfFixtures, "new_infra"), root, "tf")
	for _, c := range []struct {
		params         map[string]string
		template, plan string
	}{
		{map[string]string{"AWS::Region": "eu-west-3"}, "eu-west-3", "us-east-1"},
		{nil, "(absent)", "us-east-1"},
	} {
		res := Load([]string{root}, Options{Parameters: c.params})
		got := map[string]string{}
		for _, f := range res.Graph.Files {
			got[f.Format] = f.Region.Describe()
		}
		if got["cloudformation-yaml"] != c.template || got["terraform-plan"] != c.plan || got["terraform-source"] != "(absent)" {
			t.Errorf("params %v: regions by format %v, want template %s, plan %s", c.params, got, c.template, c.plan)
		}
	}
}

// TestNothingFound checks that a run without any template, plan or .tf
// configuration says so.
func TestNothingFound(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
		avoid string
	}{
		{"empty directory", nil, []string{"no CloudFormation template or Terraform plan found in"}, "terraform show"},
		// A directory of .tf files is linted from its configuration.
		{"only .tf files", map[string]string{"main.tf": "resource \"aws_vpc\" \"v\" {}\n"}, nil, "no CloudFormation template"},
		{"a template", map[string]string{"t.yaml": "Resources:\n  V:\n    Type: AWS::EC2::VPC\n"}, nil, "no CloudFormation template"},
		{"an ignored template", map[string]string{".gitignore": "t.yaml\n", "t.yaml": "Resources:\n  V:\n    Type: AWS::EC2::VPC\n"},
			[]string{"no CloudFormation template or Terraform plan found in", "(files and directories skipped as .gitignore'd or excluded: 1; name one to lint it)"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := Load([]string{dir}, Options{})
			var msgs []string
			for _, n := range res.Notices {
				msgs = append(msgs, n.Msg)
			}
			all := strings.Join(msgs, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("notices %q lack %q", all, w)
				}
			}
			if tt.avoid != "" && strings.Contains(all, tt.avoid) {
				t.Errorf("notices %q contain %q", all, tt.avoid)
			}
		})
	}
}

// encodeUTF16 is s in UTF-16 with a byte order mark, in the given order.
func encodeUTF16(s string, order binary.AppendByteOrder) []byte {
	out := order.AppendUint16(nil, 0xfeff)
	for _, u := range utf16.Encode([]rune(s)) {
		out = order.AppendUint16(out, u)
	}
	return out
}

// nodeLocations lists where the VPCs, subnets and environments of g are,
// file names relative to root.
func nodeLocations(root string, g *parsers.Graph) []string {
	var nodes []parsers.Node
	for _, n := range g.VPCs {
		nodes = append(nodes, n)
	}
	for _, n := range g.Subnets {
		nodes = append(nodes, n)
	}
	for _, n := range g.Environments {
		nodes = append(nodes, n)
	}
	var out []string
	for _, n := range nodes {
		l := n.Base().Loc
		l.File, _ = filepath.Rel(root, l.File)
		out = append(out, fmt.Sprintf("%s-%d:%d", l, l.EndLine, l.EndCol))
	}
	return out
}

// TestLoadEncodings checks that templates and plans saved as UTF-16 with a
// byte order mark (PowerShell's Out-File, a Windows > redirect of
// `terraform show -json`) or UTF-8 with one are read, named or found in a
// directory, at the positions of the same text in plain UTF-8: columns
// count code points, so the emoji (two UTF-16 code units) before the
// resources on the line counts once. Text with NUL bytes and no byte order
// mark is not skipped silently.
func TestLoadEncodings(t *testing.T) {
	plan := fixtureFile(t, filepath.Join(tfFixtures, "new_infra", "plan.json"))
	files := map[string]string{
		"t.json":    `{"Description": "😀 ü", "Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}}` + "\n",
		"net.yaml":  strings.Replace(fixture(t, "network.yaml"), "Description: ", "Description: 😀 ", 1),
		"plan.json": strings.Replace(plan, "{", `{"note":"😀 ü",`, 1),
	}
	encodings := []struct {
		name   string
		encode func(string) []byte
	}{
		{"UTF-8 with a byte order mark", func(s string) []byte { return append([]byte("\xef\xbb\xbf"), s...) }},
		{"UTF-16LE with a byte order mark", func(s string) []byte { return encodeUTF16(s, binary.LittleEndian) }},
		{"UTF-16BE with a byte order mark", func(s string) []byte { return encodeUTF16(s, binary.BigEndian) }},
	}
	want := Load([]string{tree(t, files)}, Options{})
	wantRoot := filepath.Dir(want.Inputs[0])
	if len(want.Inputs) != 3 || len(want.Errors) != 0 {
		t.Fatalf("UTF-8: inputs %q, errors %v", want.Inputs, want.Errors)
	}
	for _, enc := range encodings {
		root := t.TempDir()
		var named []string
		for name, text := range files {
			named = append(named, filepath.Join(root, name))
			if err := os.WriteFile(filepath.Join(root, name), enc.encode(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, how := range []struct {
			name  string
			paths []string
		}{{"walked", []string{root}}, {"named", named}} {
			t.Run(enc.name+", "+how.name, func(t *testing.T) {
				res := Load(how.paths, Options{})
				if len(res.Errors)+len(res.Notices) != 0 || !reflect.DeepEqual(rel(root, res.Inputs), rel(wantRoot, want.Inputs)) {
					t.Fatalf("inputs %q, errors %q, notices %q", rel(root, res.Inputs), errorStrings(root, res.Errors), noticeStrings(root, res.Notices))
				}
				if got, want := nodeLocations(root, res.Graph), nodeLocations(wantRoot, want.Graph); !reflect.DeepEqual(got, want) {
					t.Errorf("locations:\n got %q\nwant %q", got, want)
				}
			})
		}
	}

	// UTF-16 without a byte order mark: every other byte is NUL.
	root := t.TempDir()
	noBOM := encodeUTF16(files["t.json"], binary.LittleEndian)[2:]
	if err := os.WriteFile(filepath.Join(root, "t.json"), noBOM, 0o644); err != nil {
		t.Fatal(err)
	}
	const why = "not text: it has NUL bytes (beanlint reads UTF-8, and UTF-16 with a byte order mark)"
	res := Load([]string{filepath.Join(root, "t.json")}, Options{})
	if got := errorStrings(root, res.Errors); !reflect.DeepEqual(got, []string{"t.json: " + why}) {
		t.Errorf("named: errors %q", got)
	}
	res = Load([]string{root}, Options{})
	if got := noticeStrings(root, res.Notices); len(res.Errors) != 0 || !slices.Contains(got, "t.json: skipped: "+why) {
		t.Errorf("walked: errors %q, notices %q", errorStrings(root, res.Errors), got)
	}
}

func fixtureFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// fifo makes a named pipe at path and writes into it from a goroutine what
// write writes once a reader opens it, until write returns or the reader
// goes away. The test ends only after the writer did.
func fifo(t *testing.T, path string, write func(w io.Writer) error) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no named pipes here: mkfifo: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		_ = write(f)
	}()
	t.Cleanup(func() {
		// A reader that never came: open one so that the writer's open
		// returns, then close it so that its writes fail.
		if r, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			_ = r.Close()
		}
		<-done
	})
}

// endless writes line again and again: more than any size cap (it stops
// at 64 MiB, so a reader without a bound fails the test instead of
// hanging it).
func endless(line string) func(w io.Writer) error {
	return func(w io.Writer) error {
		chunk := []byte(strings.Repeat(line, 64<<10/len(line)))
		for written := 0; written < 64<<20; written += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		return nil
	}
}

// paddedPlan is a Terraform plan of size bytes or more, padded in a
// variable's value.
func paddedPlan(size int) string {
	return `{"format_version":"1.2","variables":{"pad":{"value":"` + strings.Repeat("x", size) +
		`"}},"planned_values":{"root_module":{"resources":[{"address":"aws_vpc.v","mode":"managed","type":"aws_vpc","name":"v","values":{"cidr_block":"10.0.0.0/16"}}]}}}`
}

// TestLoadBoundedReads checks that no input is read without bound: devices
// are refused by name, a pipe is read (process substitution gives one) but
// no further than the size cap, and a file over the cap found in a
// directory is an error when it is a template and a notice otherwise.
func TestLoadBoundedReads(t *testing.T) {
	bigTemplate := fixture(t, "network.yaml") + strings.Repeat("# padding to make the template larger than the cap\n", maxTemplateSize/50)
	bigOther := `{"data": "` + strings.Repeat("x", maxTemplateSize) + `"}`
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) string // the path to lint
		// inputs, errors and notices name files relative to the
		// directory linted or holding the file linted.
		inputs  []string
		errors  []string
		notices []string
	}{
		{"zero device", func(*testing.T, string) string { return "/dev/zero" },
			[]string{"zero"}, []string{"zero: cannot read: is a character device, not a file (beanlint reads files, directories and pipes)"}, nil},
		{"null device", func(*testing.T, string) string { return "/dev/null" },
			[]string{"null"}, []string{"null: cannot read: is a character device, not a file (beanlint reads files, directories and pipes)"}, nil},
		{"a template through a pipe", func(t *testing.T, dir string) string {
			fifo(t, dir+"/63", func(w io.Writer) error { _, err := io.WriteString(w, fixture(t, "network.yaml")); return err })
			return dir + "/63"
		}, []string{"63"}, nil, nil},
		{"a plan larger than a template through a pipe", func(t *testing.T, dir string) string {
			fifo(t, dir+"/63", func(w io.Writer) error { _, err := io.WriteString(w, paddedPlan(maxTemplateSize)); return err })
			return dir + "/63"
		}, []string{"63"}, nil, nil},
		{"a pipe that never ends", func(t *testing.T, dir string) string {
			fifo(t, dir+"/63", endless("# more\n"))
			return dir + "/63"
		}, []string{"63"}, []string{"63: larger than 10 MiB, the largest template beanlint reads"}, nil},
		{"a named template over the cap", func(t *testing.T, dir string) string {
			return tree(t, map[string]string{"big.yaml": bigTemplate}) + "/big.yaml"
		}, []string{"big.yaml"}, []string{"big.yaml: larger than 10 MiB, the largest template beanlint reads"}, nil},
		{"a template over the cap in a directory", func(t *testing.T, dir string) string {
			return tree(t, map[string]string{"big.yaml": bigTemplate, "net.yaml": fixture(t, "network.yaml")})
		}, []string{"big.yaml", "net.yaml"}, []string{"big.yaml: larger than 10 MiB, the largest template beanlint reads"}, nil},
		{"another file over the cap in a directory", func(t *testing.T, dir string) string {
			return tree(t, map[string]string{"data.json": bigOther, "net.yaml": fixture(t, "network.yaml")})
		}, []string{"net.yaml"}, nil, []string{"data.json: skipped: larger than 10 MiB, the largest template beanlint reads"}},
		{"a named pipe in a directory", func(t *testing.T, dir string) string {
			root := tree(t, map[string]string{"net.yaml": fixture(t, "network.yaml")})
			if err := syscall.Mkfifo(root+"/p.yaml", 0o600); err != nil {
				t.Skipf("no named pipes here: mkfifo: %v", err)
			}
			return root // p.yaml has no writer: reading it would block
		}, []string{"net.yaml"}, nil, []string{"p.yaml: skipped: not a regular file"}},
		{"a plan over the template cap in a directory", func(t *testing.T, dir string) string {
			return tree(t, map[string]string{"plan.json": paddedPlan(maxTemplateSize)})
		}, []string{"plan.json"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.setup(t, t.TempDir())
			root := filepath.Dir(path)
			if info, err := os.Stat(path); err == nil && info.IsDir() {
				root = path
			}
			res := Load([]string{path}, Options{})
			if got := rel(root, res.Inputs); !reflect.DeepEqual(got, tt.inputs) {
				t.Errorf("inputs = %q, want %q", got, tt.inputs)
			}
			if got := errorStrings(root, res.Errors); !reflect.DeepEqual(got, tt.errors) {
				t.Errorf("errors = %q, want %q", got, tt.errors)
			}
			if got := noticeStrings(root, res.Notices); !reflect.DeepEqual(got, tt.notices) {
				t.Errorf("notices = %q, want %q", got, tt.notices)
			}
		})
	}
}

// TestReadParametersFileSources checks the parameters file is read like
// the inputs: a pipe is read, no further than the size cap, a device is
// refused by name, and UTF-16 with a byte order mark is decoded.
func TestReadParametersFileSources(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) string
		want  map[string]string
		err   string
	}{
		{"zero device", func(*testing.T, string) string { return "/dev/zero" },
			nil, "/dev/zero: is a character device, not a file (beanlint reads files, directories and pipes)"},
		{"pipe", func(t *testing.T, dir string) string {
			fifo(t, dir+"/63", func(w io.Writer) error { _, err := io.WriteString(w, "Env=prod\n"); return err })
			return dir + "/63"
		}, map[string]string{"Env": "prod"}, ""},
		{"pipe that never ends", func(t *testing.T, dir string) string {
			fifo(t, dir+"/63", endless("Env=prod\n"))
			return dir + "/63"
		}, nil, "/63: larger than 10 MiB, the largest parameters file beanlint reads"},
		{"UTF-16 (PowerShell Out-File)", func(t *testing.T, dir string) string {
			path := dir + "/params.json"
			text := `[{"ParameterKey": "Env", "ParameterValue": "prod ü"}]`
			if err := os.WriteFile(path, encodeUTF16(text, binary.LittleEndian), 0o644); err != nil {
				t.Fatal(err)
			}
			return path
		}, map[string]string{"Env": "prod ü"}, ""},
		{"UTF-16 without a byte order mark", func(t *testing.T, dir string) string {
			path := dir + "/params.txt"
			if err := os.WriteFile(path, encodeUTF16("Env=prod\n", binary.LittleEndian)[2:], 0o644); err != nil {
				t.Fatal(err)
			}
			return path
		}, nil, "/params.txt: " + textfile.NotText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadParametersFile(tt.setup(t, t.TempDir()))
			if tt.err != "" {
				if err == nil || !strings.HasSuffix(err.Error(), tt.err) {
					t.Errorf("error = %v, want one ending in %q", err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestLoadSymlinks checks what a directory walk does with symbolic links:
// a link to a file is linted (once, by the real name, when its target is
// linted too), a link to a directory is not followed and a link to nothing
// is not read, each with a notice; a directory named through a link is
// walked.
func TestLoadSymlinks(t *testing.T) {
	root := tree(t, map[string]string{
		"repo/net.yaml":      fixture(t, "network.yaml"),
		"shared/app.yaml":    fixture(t, "app.yaml"),
		"shared/more/x.yaml": fixture(t, "network.yaml"),
		"repo/other/readme":  "",
		// ignored also when the directory is walked through a link
		"repo/.gitignore":   "ignored.yaml\n",
		"repo/ignored.yaml": fixture(t, "network.yaml"),
	})
	for link, target := range map[string]string{
		"repo/app.yaml":        "../shared/app.yaml", // a template kept elsewhere
		"repo/a-net.yaml":      "net.yaml",           // a second name of a linted template
		"repo/more":            "../shared/more",     // a directory
		"repo/gone.yaml":       "nowhere.yaml",       // a link to nothing
		"repo/readme.yaml":     "other/readme",       // not a template: skipped silently
		"repo/node_modules":    "../shared/more",     // a directory never walked
		"repo-link":            "repo",               // a directory named through a link
		"repo/other/loop.yaml": "loop.yaml",          // a link to itself
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	for _, dirs := range [][]string{{"repo"}, {"repo-link"}, {"repo", "repo"}} {
		t.Run(strings.Join(dirs, ","), func(t *testing.T) {
			walked := filepath.Join(root, dirs[0])
			var paths []string
			for _, dir := range dirs {
				paths = append(paths, filepath.Join(root, dir))
			}
			res := Load(paths, Options{})
			if got, want := rel(walked, res.Inputs), []string{"app.yaml", "net.yaml"}; !reflect.DeepEqual(got, want) {
				t.Errorf("inputs = %q, want %q", got, want)
			}
			if len(res.Errors) != 0 {
				t.Errorf("errors = %q", errorStrings(walked, res.Errors))
			}
			want := []string{
				"gone.yaml: skipped: cannot follow the symbolic link: no such file or directory",
				"more: skipped: a symbolic link to a directory, which beanlint does not follow; name the directory to lint it",
				"other/loop.yaml: skipped: cannot follow the symbolic link: too many levels of symbolic links",
			}
			if got := noticeStrings(walked, res.Notices); !reflect.DeepEqual(got, want) {
				t.Errorf("notices:\n got %q\nwant %q", got, want)
			}
			if len(res.Graph.Environments) != 1 || len(res.Graph.VPCs) != 1 {
				t.Errorf("%d environments and %d VPCs, want the linked application's and the network's one each",
					len(res.Graph.Environments), len(res.Graph.VPCs))
			}
		})
	}
}

// TestTerraformConfigurations checks which directories of .tf files are
// linted from their configuration: a root module without a plan, not one
// whose plan is an input (the plan wins), not a local module a root calls;
// a syntax error is an input error with file and line.
func TestTerraformConfigurations(t *testing.T) {
	plan, err := os.ReadFile("../../testdata/rules/EB103/pass_public_subnets.tf/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	vpc := "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n"
	call := "module \"net\" {\n  source = \"../modules/net\"\n}\n"
	tests := []struct {
		name      string
		files     map[string]string
		wantFiles []string // graph files of the configuration format besides .tf
		wantErr   string   // file:line of the one error
	}{
		{"a root module", map[string]string{"app/main.tf": vpc}, []string{"app"}, ""},
		{"the plan wins", map[string]string{"app/main.tf": vpc, "app/plan.json": string(plan)}, nil, ""},
		{"modules are linted through their callers", map[string]string{"app/main.tf": call, "modules/net/main.tf": vpc}, []string{"app"}, ""},
		{"syntax error", map[string]string{"app/main.tf": "resource \"aws_vpc\" \"v\" {\n  cidr_block = \n"}, []string{"app"}, "app/main.tf:2"},
		{"a called module whose files do not all parse is no root", map[string]string{"app/main.tf": call, "modules/net/main.tf": vpc, "modules/net/bad.tf": "variable \"x\" {\n  default = \n"}, []string{"app"}, "modules/net/bad.tf:2"},
		{"a called module that parses not at all is no root", map[string]string{"app/main.tf": call, "modules/net/bad.tf": "variable \"x\" {\n  default = \n"}, []string{"app"}, "modules/net/bad.tf:2"},
		{"a module called through a module, met before its root", map[string]string{
			"a/mod/main.tf":   "module \"inner\" {\n  source = \"../inner\"\n}\n",
			"a/inner/main.tf": vpc,
			"z/root/main.tf":  "module \"mod\" {\n  source = \"../../a/mod\"\n}\n",
		}, []string{"z/root"}, ""},
		{"a module no configuration of the run calls is a root", map[string]string{"modules/net/main.tf": vpc}, []string{"modules/net"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t, tt.files)
			res := Load([]string{dir}, Options{})
			var got []string
			for _, f := range res.Graph.Files {
				if f.Format == terraform.FormatSource && !strings.HasSuffix(f.Path, ".tf") {
					rel, _ := filepath.Rel(dir, f.Path)
					got = append(got, filepath.ToSlash(rel))
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.wantFiles, ",") {
				t.Errorf("configurations linted %v, want %v", got, tt.wantFiles)
			}
			var errs []string
			for _, e := range res.Errors {
				rel, _ := filepath.Rel(dir, e.Loc.File)
				errs = append(errs, fmt.Sprintf("%s:%d", filepath.ToSlash(rel), e.Loc.StartLine))
			}
			if want := tt.wantErr; strings.Join(errs, ",") != want {
				t.Errorf("errors %v, want %q", errs, want)
			}
		})
	}
}

// TestNamedTerraformFile checks that a .tf or .tf.json file named on the
// command line (an editor, a script passing changed files) stands for the
// configuration of its directory, as naming the directory does: it is no
// template or plan to sniff (which would be a false EB900).
func TestNamedTerraformFile(t *testing.T) {
	plan, err := os.ReadFile("../../testdata/rules/EB103/pass_public_subnets.tf/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	vpc := "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n"
	vpcJSON := `{"resource": {"aws_vpc": {"v": {"cidr_block": "10.0.0.0/16"}}}}`
	tests := []struct {
		name      string
		files     map[string]string
		paths     []string // named, relative to the directory of files
		wantFiles []string // graph files of the configuration format besides .tf
	}{
		{"a .tf file", map[string]string{"app/main.tf": vpc}, []string{"app/main.tf"}, []string{"app"}},
		{"a .tf.json file", map[string]string{"app/main.tf.json": vpcJSON}, []string{"app/main.tf.json"}, []string{"app"}},
		{"a .tf file and its directory: one configuration", map[string]string{"app/main.tf": vpc, "app/net.tf": vpc}, []string{"app", "app/main.tf", "app/net.tf"}, []string{"app"}},
		{"a .tf file beside its plan: the plan wins", map[string]string{"app/main.tf": vpc, "app/plan.json": string(plan)}, []string{"app/plan.json", "app/main.tf"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t, tt.files)
			var paths []string
			for _, p := range tt.paths {
				paths = append(paths, filepath.Join(dir, filepath.FromSlash(p)))
			}
			res := Load(paths, Options{})
			if len(res.Errors) > 0 {
				t.Errorf("errors %v, want none", res.Errors)
			}
			if got := configurationsLinted(res, dir); strings.Join(got, ",") != strings.Join(tt.wantFiles, ",") {
				t.Errorf("configurations linted %v, want %v", got, tt.wantFiles)
			}
		})
	}
}

// configurationsLinted lists the Terraform configurations a run linted
// without a plan: the graph files of the configuration format that are
// directories, relative to dir.
func configurationsLinted(res *Result, dir string) []string {
	var out []string
	for _, f := range res.Graph.Files {
		if f.Format == terraform.FormatSource && !strings.HasSuffix(f.Path, ".tf") && !strings.HasSuffix(f.Path, ".tf.json") {
			rel, _ := filepath.Rel(dir, f.Path)
			out = append(out, filepath.ToSlash(rel))
		}
	}
	return out
}

// TestNamedVarsFile checks that a variable values file named on the
// command line (a hook or an editor passing changed files) stands for the
// configuration of its directory, once, and is no template or plan to sniff
// (which would be a false EB900); that only the files Terraform loads by
// itself give their values, others being noted as applying only with
// --var-file; and that one in a directory without configuration is noted,
// linting nothing.
func TestNamedVarsFile(t *testing.T) {
	plan, err := os.ReadFile("../../testdata/rules/EB103/pass_public_subnets.tf/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	vpc := "variable \"dns\" {\n  default = true\n}\nresource \"aws_vpc\" \"v\" {\n  cidr_block           = \"10.0.0.0/16\"\n  enable_dns_hostnames = var.dns\n}\n"
	vpcJSON := `{"variable": {"dns": {"default": true}}, "resource": {"aws_vpc": {"v": {"cidr_block": "10.0.0.0/16", "enable_dns_hostnames": "${var.dns}"}}}}`
	const notUsed = "the values of this variable values file are not used"
	tests := []struct {
		name      string
		files     map[string]string
		paths     []string // named, relative to the directory of files
		varFiles  []string // --var-file, relative likewise
		wantFiles []string // graph files of the configuration format besides .tf
		wantDNS   string   // enable_dns_hostnames of aws_vpc.v; "" when not linted
		// wantNotices are file: message fragment, the file relative.
		wantNotices []string
	}{
		{
			name: "a .tfvars file: its configuration, without its values", files: map[string]string{"app/main.tf": vpc, "app/prod.tfvars": "dns = false\n"},
			paths: []string{"app/prod.tfvars"}, wantFiles: []string{"app"}, wantDNS: "true",
			wantNotices: []string{"app/prod.tfvars: " + notUsed + ": Terraform loads terraform.tfvars, terraform.tfvars.json and *.auto.tfvars(.json) by itself, and any other only with -var-file; lint with --var-file "},
		},
		{
			name: "a .tfvars file also given with --var-file", files: map[string]string{"app/main.tf": vpc, "app/prod.tfvars": "dns = false\n"},
			paths: []string{"app/prod.tfvars"}, varFiles: []string{"app/./prod.tfvars"}, wantFiles: []string{"app"}, wantDNS: "false",
		},
		{
			name: "a .tfvars.json file", files: map[string]string{"app/main.tf": vpc, "app/prod.tfvars.json": `{"dns": false}`},
			paths: []string{"app/prod.tfvars.json"}, wantFiles: []string{"app"}, wantDNS: "true",
			wantNotices: []string{"app/prod.tfvars.json: " + notUsed},
		},
		{
			name: "terraform.tfvars.json: loaded by Terraform", files: map[string]string{"app/main.tf": vpc, "app/terraform.tfvars.json": `{"dns": false}`},
			paths: []string{"app/terraform.tfvars.json"}, wantFiles: []string{"app"}, wantDNS: "false",
		},
		{
			name: "terraform.tfvars", files: map[string]string{"app/main.tf": vpc, "app/terraform.tfvars": "dns = false\n"},
			paths: []string{"app/terraform.tfvars"}, wantFiles: []string{"app"}, wantDNS: "false",
		},
		{
			name: "an .auto.tfvars file, beside a .tf.json configuration", files: map[string]string{"app/main.tf.json": vpcJSON, "app/x.auto.tfvars": "dns = false\n"},
			paths: []string{"app/x.auto.tfvars"}, wantFiles: []string{"app"}, wantDNS: "false",
		},
		{
			name: "a .tfvars file with its directory and a .tf file: one configuration", files: map[string]string{"app/main.tf": vpc, "app/prod.tfvars": "dns = false\n"},
			paths: []string{"app", "app/prod.tfvars", "app/main.tf"}, wantFiles: []string{"app"}, wantDNS: "true",
			wantNotices: []string{"app/prod.tfvars: " + notUsed},
		},
		{
			name: "a .tfvars file beside a plan: the plan wins", files: map[string]string{"app/main.tf": vpc, "app/plan.json": string(plan), "app/prod.tfvars": "dns = false\n"},
			paths: []string{"app/plan.json", "app/prod.tfvars"},
		},
		{
			name: "a .tfvars file without configuration: nothing to lint", files: map[string]string{"vars/prod.tfvars": "dns = false\n"},
			paths:       []string{"vars/prod.tfvars"},
			wantNotices: []string{"vars/prod.tfvars: no Terraform configuration (.tf or .tf.json files) in "},
		},
		{
			name: "a .tfvars file without configuration, with a configuration elsewhere", files: map[string]string{"app/main.tf": vpc, "vars/prod.tfvars": "dns = false\n"},
			paths: []string{"vars/prod.tfvars", "app"}, varFiles: []string{"vars/prod.tfvars"}, wantFiles: []string{"app"}, wantDNS: "false",
			wantNotices: []string{"vars/prod.tfvars: no Terraform configuration (.tf or .tf.json files) in "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t, tt.files)
			abs := func(ps []string) []string {
				var out []string
				for _, p := range ps {
					out = append(out, filepath.Join(dir, filepath.FromSlash(p)))
				}
				return out
			}
			res := Load(abs(tt.paths), Options{TFVars: terraform.Vars{Files: abs(tt.varFiles)}})
			if len(res.Errors) > 0 {
				t.Errorf("errors %v, want none", res.Errors)
			}
			if got := configurationsLinted(res, dir); strings.Join(got, ",") != strings.Join(tt.wantFiles, ",") {
				t.Errorf("configurations linted %v, want %v", got, tt.wantFiles)
			}
			dns := ""
			for _, v := range res.Graph.VPCs {
				if tt.wantFiles != nil && v.Name == "aws_vpc.v" {
					dns = v.EnableDNSHostnames.Str
				}
			}
			if dns != tt.wantDNS {
				t.Errorf("enable_dns_hostnames = %q, want %q", dns, tt.wantDNS)
			}
			var notices []string
			for _, n := range res.Notices {
				rel, _ := filepath.Rel(dir, n.Loc.File)
				notices = append(notices, filepath.ToSlash(rel)+": "+n.Msg)
			}
			if len(notices) != len(tt.wantNotices) {
				t.Fatalf("notices %q, want %d like %q", notices, len(tt.wantNotices), tt.wantNotices)
			}
			for i, w := range tt.wantNotices {
				if !strings.HasPrefix(notices[i], w) {
					t.Errorf("notice %q, want it to start %q", notices[i], w)
				}
			}
		})
	}
}

// TestLoadSized checks what Options.Sized learns: the total size before
// any file is read, then the size of each plan before it is parsed (that
// of standard input is not known before it is read: it is not in the
// total), and the total grown by the .tf files read.
func TestLoadSized(t *testing.T) {
	template := "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n"
	plan := `{"format_version":"1.2","planned_values":{"root_module":{}},"resource_changes":[]}`
	notInput := `{"name": "not a template"}`
	tf := "resource \"aws_vpc\" \"x\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n"
	root := tree(t, map[string]string{"a.yaml": template, "b/plan.json": plan, "b/c.json": notInput, "d/plan.json": plan, "d/main.tf": tf, "e/main.tf": tf})
	total := int64(len(template) + len(plan) + len(notInput))
	tests := []struct {
		name  string
		paths []string
		stdin string
		want  [][2]int64
	}{
		{"files", []string{filepath.Join(root, "a.yaml"), filepath.Join(root, "b")}, "",
			[][2]int64{{total, 0}, {total, int64(len(plan))}}},
		{"no plan", []string{filepath.Join(root, "a.yaml")}, "", [][2]int64{{int64(len(template)), 0}}},
		{"a plan and its .tf files", []string{filepath.Join(root, "d")}, "",
			[][2]int64{{int64(len(plan)), 0}, {int64(len(plan)), int64(len(plan))}, {int64(len(plan) + len(tf)), 0}}},
		{"a .tf configuration", []string{filepath.Join(root, "e")}, "", [][2]int64{{0, 0}, {int64(len(tf)), 0}}},
		{"plan on standard input", []string{"-"}, plan, [][2]int64{{0, 0}, {0, int64(len(plan))}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][2]int64
			opts := Options{Stdin: strings.NewReader(tt.stdin), Sized: func(total, plan int64) {
				got = append(got, [2]int64{total, plan})
			}}
			res := Load(tt.paths, opts)
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %v", res.Errors)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sized calls (total, plan) = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestBrokenJSONOneError checks that a JSON variable values file or
// .tf.json configuration with one syntax error gives one error, where the
// JSON goes wrong, not the errors the parser adds for the values that
// enclose it ("Root value must be object" at 1:1, false for an object).
func TestBrokenJSONOneError(t *testing.T) {
	vpc := "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n"
	tests := []struct {
		name     string
		file     string // the broken file, beside main.tf
		text     string
		wantLine int32
		wantCol  int32
		wantMsg  string
	}{
		{name: "terraform.tfvars.json ending in a property", file: "terraform.tfvars.json", text: `{"region": `, wantLine: 1, wantCol: 12, wantMsg: "invalid variable values: Missing value"},
		{name: "terraform.tfvars.json with a newline in a string", file: "terraform.tfvars.json", text: "{\n\"region\": \"eu\n\"}", wantLine: 2, wantCol: 14, wantMsg: "invalid variable values: Invalid JSON string"},
		{name: ".tf.json ending in a property", file: "extra.tf.json", text: `{"resource": `, wantLine: 1, wantCol: 14, wantMsg: "Terraform configuration: Missing value"},
		{name: ".tf.json with mismatched brackets", file: "extra.tf.json", text: "{\"locals\": [1, 2}\n", wantLine: 2, wantCol: 1, wantMsg: "Terraform configuration: Mismatched brackets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range map[string]string{"main.tf": vpc, tt.file: tt.text} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := Load([]string{dir}, Options{})
			if len(res.Errors) != 1 {
				t.Fatalf("errors %v, want one", res.Errors)
			}
			e := res.Errors[0]
			if filepath.Base(e.Loc.File) != tt.file || e.Loc.StartLine != tt.wantLine || e.Loc.StartCol != tt.wantCol || !strings.HasPrefix(e.Msg, tt.wantMsg) {
				t.Errorf("error %v, want %s:%d:%d: %s...", e, tt.file, tt.wantLine, tt.wantCol, tt.wantMsg)
			}
		})
	}
}
