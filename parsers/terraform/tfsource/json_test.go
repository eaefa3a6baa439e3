package tfsource

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

const jsonConfig = `{
  "module": {
    "net": {"source": "./net", "cidr": "10.0.0.0/16"}
  },
  "resource": {
    "aws_elastic_beanstalk_environment": {
      "web": {
        "//": "beanlint:ignore EB301,EB302 endpoints come from the shared VPC",
        "name": "web",
        "setting": [
          {"namespace": "aws:ec2:vpc", "name": "VPCId", "value": "${module.net.vpc_id}"},
          {"namespace": "aws:ec2:vpc", "name": "${var.n}", "value": "x"}
        ],
        "dynamic": {
          "setting": {"for_each": "${var.extra}", "content": {"namespace": "aws:ec2:vpc", "name": "${setting.key}", "value": "${setting.value}"}}
        }
      }
    }
  },
  "data": {"aws_region": {"current": {}}}
}
`

const jsonModule = `{
  "variable": {"cidr": {}},
  "resource": [
    {"aws_vpc": {"this": {"cidr_block": "${var.cidr}"}}},
    {"aws_subnet": {"a": [{"vpc_id": "${aws_vpc.this.id}"}]}}
  ]
}
`

// TestJSONSyntax: .tf.json files are indexed like .tf files.
func TestJSONSyntax(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "main.tf.json")
	mod := filepath.Join(dir, "net", "vpc.tf.json")
	for path, src := range map[string]string{main: jsonConfig, mod: jsonModule} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, errs := Load(dir, "")
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	const env = "aws_elastic_beanstalk_environment.web"
	tests := []struct {
		name string
		get  func() (parsers.Location, bool)
		file string
		want string // the text the location starts with
	}{
		{"resource", func() (parsers.Location, bool) { return ix.Resource(nil, env) }, main, `"web": {`},
		{"data source", func() (parsers.Location, bool) { return ix.Resource(nil, "data.aws_region.current") }, main, `"current": {}`},
		{"attribute", func() (parsers.Location, bool) { return ix.Attribute(nil, env, "name") }, main, `"web"`},
		{"setting", func() (parsers.Location, bool) { return ix.Setting(nil, env, "AWS:EC2:VPC", "vpcid") }, main, `{"namespace": "aws:ec2:vpc", "name": "VPCId"`},
		{"dynamic block", func() (parsers.Location, bool) { return ix.Dynamic(nil, env, "setting") }, main, `"setting": {"for_each"`},
		{"module call", func() (parsers.Location, bool) { return ix.ModuleCall([]string{"net"}) }, main, `"net": {"source": "./net"`},
		{"resource in a local module, array form", func() (parsers.Location, bool) { return ix.Resource([]string{"net"}, "aws_subnet.a") }, mod, `"a": [{"vpc_id"`},
		{"attribute in a local module", func() (parsers.Location, bool) { return ix.Attribute([]string{"net"}, "aws_vpc.this", "cidr_block") }, mod, `"${var.cidr}"`},
	}
	for _, tc := range tests {
		loc, ok := tc.get()
		if !ok {
			t.Errorf("%s: not found", tc.name)
			continue
		}
		if loc.File != tc.file {
			t.Errorf("%s: in %s, want %s", tc.name, loc.File, tc.file)
			continue
		}
		if got := text(t, loc); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: location covers %q, want it to start with %q", tc.name, got, tc.want)
		}
	}
	if _, ok := ix.Setting(nil, env, "aws:ec2:vpc", "${var.n}"); ok {
		t.Error("a setting named by an expression was indexed")
	}
	ign := ix.Ignores(nil, env)
	if len(ign) != 2 || ign[0].RuleID != "EB301" || ign[1].RuleID != "EB302" || ign[0].Reason != "endpoints come from the shared VPC" {
		t.Errorf("ignores = %+v, want EB301 and EB302 with the reason", ign)
	}
	if files := ix.Files(); len(files) != 2 || files[0] != main || files[1] != mod {
		t.Errorf("files = %q", files)
	}
}

// TestJSONSyntaxError: a .tf.json file that is not valid JSON is reported
// at the line of the fault, and the .tf files beside it are still indexed.
func TestJSONSyntaxError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.tf.json"), []byte("{\n  \"resource\": {\n    \"aws_vpc\": \n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "good.tf"), []byte("resource \"aws_vpc\" \"ok\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, errs := Load(dir, "")
	found := false
	for _, e := range errs {
		if e.Loc.File != filepath.Join(dir, "bad.tf.json") {
			t.Errorf("error in %s: %v", e.Loc.File, e)
		}
		found = found || e.Loc.StartLine == 4 && strings.Contains(e.Msg, "Missing JSON value")
	}
	if !found {
		t.Errorf("errors = %v, want one at bad.tf.json:4 (the missing value)", errs)
	}
	if _, ok := ix.Resource(nil, "aws_vpc.ok"); !ok {
		t.Error("the valid .tf file was not indexed")
	}
}
