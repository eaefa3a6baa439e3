package load

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// cdkParent is a CDK stack template with a nested stack, as `cdk synth`
// writes it: the TemplateURL is the S3 object of an asset.
const cdkParent = `{
  "Resources": {
    "NetworkNestedStackResource": {
      "Type": "AWS::CloudFormation::Stack",
      "Properties": {
        "TemplateURL": {"Fn::Join": ["", ["https://s3.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}, "/",
          {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "/0a1b2c.json"]]},
        "Parameters": {"referencetoAppCidr": "10.0.0.0/16"}
      },
      "Metadata": {"aws:asset:path": "AppNetwork1234.nested.template.json", "aws:asset:property": "TemplateURL"}
    },
    "Env": {
      "Type": "AWS::ElasticBeanstalk::Environment",
      "Properties": {"OptionSettings": [{"Namespace": "aws:ec2:vpc", "OptionName": "Subnets",
        "Value": {"Fn::GetAtt": ["NetworkNestedStackResource", "Outputs.AppNetworkSubnetRef"]}}]}
    }
  }
}`

const cdkChild = `{
  "Parameters": {"referencetoAppCidr": {"Type": "String"}},
  "Resources": {
    "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"CidrBlock": {"Ref": "referencetoAppCidr"}}}
  },
  "Outputs": {"AppNetworkSubnetRef": {"Value": {"Ref": "Subnet"}}}
}`

const cdkAssets = `{
  "version": "36.0.0",
  "files": {
    "0a1b2c": {
      "source": {"path": "AppNetwork1234.nested.template.json", "packaging": "file"},
      "destinations": {"current_account-current_region": {
        "bucketName": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}", "objectKey": "0a1b2c.json"}}
    }
  },
  "dockerImages": {}
}`

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNestedStacks: nested templates are found from a local TemplateURL
// and through a CDK asset manifest, read once, and linted in the graph.
func TestNestedStacks(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		paths []string // linted, relative to the directory
		// subnet is the key of the nested subnet the environment uses.
		subnet string
		inputs []string
		errs   []string
	}{
		{
			name:   "CDK cdk.out, the whole directory",
			files:  map[string]string{"cdk.out/App.template.json": cdkParent, "cdk.out/AppNetwork1234.nested.template.json": cdkChild, "cdk.out/App.assets.json": cdkAssets},
			paths:  []string{"cdk.out"},
			subnet: "cdk.out/AppNetwork1234.nested.template.json#Subnet",
			inputs: []string{"cdk.out/App.template.json", "cdk.out/AppNetwork1234.nested.template.json"},
		},
		{
			name:   "CDK parent template alone",
			files:  map[string]string{"cdk.out/App.template.json": cdkParent, "cdk.out/AppNetwork1234.nested.template.json": cdkChild, "cdk.out/App.assets.json": cdkAssets},
			paths:  []string{"cdk.out/App.template.json"},
			subnet: "cdk.out/AppNetwork1234.nested.template.json#Subnet",
			inputs: []string{"cdk.out/App.template.json", "cdk.out/AppNetwork1234.nested.template.json"},
		},
		{
			name: "local path, relative to the parent",
			files: map[string]string{
				"infra/app.yaml":        strings.ReplaceAll(cdkParent, `{"Fn::Join": ["", ["https://s3.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}, "/",`+"\n"+`          {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "/0a1b2c.json"]]}`, `"stacks/net.json"`),
				"infra/stacks/net.json": cdkChild,
			},
			paths:  []string{"infra/app.yaml"},
			subnet: "infra/stacks/net.json#Subnet",
			inputs: []string{"infra/app.yaml", "infra/stacks/net.json"},
		},
		{
			name:   "local path to no file",
			files:  map[string]string{"app.json": strings.Replace(cdkParent, `"Properties": {`+"\n"+`        "TemplateURL": {"Fn::Join"`, `"Properties": {`+"\n"+`        "TemplateURL": "missing.json", "X": {"Fn::Join"`, 1)},
			paths:  []string{"app.json"},
			inputs: []string{"app.json"},
		},
		{
			name: "local path to a broken template",
			files: map[string]string{
				"app.json": strings.Replace(cdkParent, `"Properties": {`+"\n"+`        "TemplateURL": {"Fn::Join"`, `"Properties": {`+"\n"+`        "TemplateURL": "net.json", "X": {"Fn::Join"`, 1),
				"net.json": `{"Resources": {"S": {"Type": "AWS::EC2::Subnet", "Properties": {"CidrBlock": {"Fn::Nope": 1}}}}}`,
			},
			paths:  []string{"app.json"},
			inputs: []string{"app.json"},
			errs:   []string{"net.json:1: unknown intrinsic function Fn::Nope"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			t.Chdir(dir)
			res := Load(tc.paths, Options{})
			var errs []string
			for _, e := range res.Errors {
				errs = append(errs, filepath.ToSlash(e.Loc.File)+":"+strconv.Itoa(int(e.Loc.StartLine))+": "+e.Msg)
			}
			if len(errs) != len(tc.errs) || len(errs) > 0 && !strings.HasPrefix(errs[0], tc.errs[0]) {
				t.Fatalf("errors = %q, want %q", errs, tc.errs)
			}
			var inputs []string
			for _, p := range res.Inputs {
				inputs = append(inputs, filepath.ToSlash(p))
			}
			slices.Sort(inputs)
			if !slices.Equal(inputs, tc.inputs) {
				t.Errorf("inputs = %q, want %q", inputs, tc.inputs)
			}
			if len(res.Graph.Environments) != 1 {
				t.Fatalf("environments: %v", res.Graph.Environments)
			}
			v := res.Graph.Environments[0].Settings[0].Value
			if tc.subnet == "" {
				if v.Kind != parsers.Unknown {
					t.Errorf("Subnets = %v, want unknown", v)
				}
				return
			}
			if v.Kind != parsers.Ref || filepath.ToSlash(v.Target) != tc.subnet {
				t.Errorf("Subnets = %v %q, want a reference to %s", v.Kind, v.Target, tc.subnet)
			}
			sub, ok := res.Graph.Node(v.Target).(*parsers.Subnet)
			if !ok || sub.CIDR.Str != "10.0.0.0/16" {
				t.Errorf("nested subnet = %+v", res.Graph.Node(v.Target))
			}
		})
	}
}
