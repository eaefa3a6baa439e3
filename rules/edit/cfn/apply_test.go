package cfn_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/edit/cfn"
)

const yamlTemplate = `# A template with comments and four-space indentation.
Resources:
    Vpc:   # the VPC
        Type: AWS::EC2::VPC
        Properties:
            CidrBlock: 10.0.0.0/16
            EnableDnsSupport: false   # off on purpose
    # the endpoint
    S3Endpoint:
        Type: AWS::EC2::VPCEndpoint
        Properties:
            VpcId: !Ref Vpc
            RouteTableIds: [!Ref TableA]
            Tags:
            -   Key: Name
                Value: s3
    Env:
        Type: AWS::ElasticBeanstalk::Environment
        Properties:
            OptionSettings:
                - Namespace: aws:ec2:vpc
                  OptionName: Subnets
                  Value: subnet-1
# trailing comment
`

const jsonTemplate = `{
    "Resources": {
        "Vpc": {
            "Type": "AWS::EC2::VPC",
            "Properties": {
                "CidrBlock": "10.0.0.0/16",
                "EnableDnsSupport": false
            }
        },
        "S3Endpoint": {
            "Type": "AWS::EC2::VPCEndpoint",
            "Properties": {
                "VpcId": {"Ref": "Vpc"},
                "RouteTableIds": [{"Ref": "TableA"}]
            }
        },
        "Env": {
            "Type": "AWS::ElasticBeanstalk::Environment",
            "Properties": {
                "OptionSettings": [
                    {"Namespace": "aws:ec2:vpc", "OptionName": "Subnets", "Value": "subnet-1"}
                ]
            }
        }
    }
}
`

func setDNS(v edit.Value) edit.Edit {
	return edit.Edit{Op: edit.SetProperty, Target: "Vpc", Path: []string{"EnableDnsSupport"}, Value: v}
}

var (
	dnsOn       = setDNS(edit.True)
	hostnamesOn = edit.Edit{Op: edit.SetProperty, Target: "Vpc", Path: []string{"EnableDnsHostnames"}, Value: edit.True}
	tableB      = edit.Edit{Op: edit.AppendItems, Target: "S3Endpoint", Path: []string{"RouteTableIds"}, Value: edit.ListOf(edit.RefTo("TableA"), edit.RefTo("TableB"))}
	logs        = edit.Edit{Op: edit.AddResource, Target: "LogsEndpoint", Type: "AWS::EC2::VPCEndpoint", Value: edit.MapOf(
		edit.F("VpcId", edit.RefTo("Vpc")),
		edit.F("ServiceName", edit.ConcatOf(edit.Str("com.amazonaws."), edit.RefTo("AWS::Region"), edit.Str(".logs"))),
		edit.F("SubnetIds", edit.ListOf(edit.ImportOf("network-SubnetA"))),
	)}
	scheme  = edit.Edit{Op: edit.SetProperty, Target: "Env", Path: []string{"OptionSettings", edit.Select("Namespace", "aws:ec2:vpc", "OptionName", "ELBScheme"), "Value"}, Value: edit.Str("internal")}
	subnets = edit.Edit{Op: edit.SetProperty, Target: "Env", Path: []string{"OptionSettings", edit.Select("Namespace", "aws:ec2:vpc", "OptionName", "Subnets"), "Value"},
		Value: edit.ConcatOf(edit.RefTo("A"), edit.Str(","), edit.RefTo("B"))}
	output = edit.Edit{Op: edit.AddOutput, Target: "VpcCidrBlock", Value: edit.AttrOf("Vpc", "CidrBlock"), Export: "network-VpcCidrBlock"}
	tags   = edit.Edit{Op: edit.AppendItems, Target: "S3Endpoint", Path: []string{"Tags"}, Value: edit.ListOf(edit.MapOf(edit.F("Key", edit.Str("Team")), edit.F("Value", edit.Str("infra"))))}
)

// TestApplyYAML applies each kind of edit to a YAML template and checks
// the whole result: the file's indentation, comments and untouched lines
// kept, short-form intrinsics.
func TestApplyYAML(t *testing.T) {
	tests := []struct {
		name  string
		edits []edit.Edit
		// replace are the changes to yamlTemplate that make the result.
		replace []string
	}{
		{"set a value, keeping its comment", []edit.Edit{dnsOn}, []string{
			"EnableDnsSupport: false   # off on purpose", "EnableDnsSupport: true   # off on purpose"}},
		{"add a missing property", []edit.Edit{hostnamesOn}, []string{
			"            EnableDnsSupport: false   # off on purpose\n",
			"            EnableDnsSupport: false   # off on purpose\n            EnableDnsHostnames: true\n"}},
		{"append to a flow list, once", []edit.Edit{tableB}, []string{
			"RouteTableIds: [!Ref TableA]", "RouteTableIds: [!Ref TableA, !Ref TableB]"}},
		{"append to a block list", []edit.Edit{tags}, []string{
			"                Value: s3\n", "                Value: s3\n            - Key: Team\n              Value: infra\n"}},
		{"add a resource after the last", []edit.Edit{logs}, []string{
			"                  Value: subnet-1\n",
			"                  Value: subnet-1\n" + `    LogsEndpoint:
        Type: AWS::EC2::VPCEndpoint
        Properties:
            VpcId: !Ref Vpc
            ServiceName: !Sub com.amazonaws.${AWS::Region}.logs
            SubnetIds: [!ImportValue network-SubnetA]
`}},
		{"set an option setting", []edit.Edit{subnets}, []string{
			"Value: subnet-1", `Value: !Sub ${A},${B}`}},
		{"add an option setting", []edit.Edit{scheme}, []string{
			"                  Value: subnet-1\n",
			"                  Value: subnet-1\n                - Namespace: aws:ec2:vpc\n                  OptionName: ELBScheme\n                  Value: internal\n"}},
		{"add an output and the Outputs section", []edit.Edit{output}, []string{
			"# trailing comment\n", "\nOutputs:\n    VpcCidrBlock:\n        Value: !GetAtt Vpc.CidrBlock\n        Export:\n            Name: network-VpcCidrBlock\n# trailing comment\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := yamlTemplate
			for i := 0; i+1 < len(tt.replace); i += 2 {
				if !strings.Contains(want, tt.replace[i]) {
					t.Fatalf("the template lacks %q", tt.replace[i])
				}
				want = strings.Replace(want, tt.replace[i], tt.replace[i+1], 1)
			}
			got, err := cfn.Apply([]byte(yamlTemplate), tt.edits)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want {
				t.Errorf("Apply =\n%s\nwant\n%s", got, want)
			}
			again, err := cfn.Apply(got, tt.edits)
			if err != nil || string(again) != string(got) {
				t.Errorf("Apply twice changed the text again (%v):\n%s", err, again)
			}
		})
	}
}

// TestApplyJSON applies every kind of edit to a JSON template: the result
// is JSON, with the file's indentation, and applying again changes
// nothing.
func TestApplyJSON(t *testing.T) {
	edits := []edit.Edit{dnsOn, hostnamesOn, tableB, logs, scheme, subnets, output}
	got, err := cfn.Apply([]byte(jsonTemplate), edits)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(got) {
		t.Fatalf("not JSON:\n%s", got)
	}
	for _, want := range []string{
		`"EnableDnsSupport": true,
                "EnableDnsHostnames": true`,
		`"RouteTableIds": [{"Ref": "TableA"}, {"Ref": "TableB"}]`,
		`"Value": {"Fn::Sub": "${A},${B}"}`,
		`        "LogsEndpoint": {
            "Type": "AWS::EC2::VPCEndpoint",
            "Properties": {
                "VpcId": {"Ref": "Vpc"},
                "ServiceName": {"Fn::Sub": "com.amazonaws.${AWS::Region}.logs"},
                "SubnetIds": [
                    {"Fn::ImportValue": "network-SubnetA"}
                ]
            }
        }`,
		`                    {"Namespace": "aws:ec2:vpc", "OptionName": "Subnets", "Value": {"Fn::Sub": "${A},${B}"}},
                    {
                        "Namespace": "aws:ec2:vpc",
                        "OptionName": "ELBScheme",
                        "Value": "internal"
                    }`,
		`    },
    "Outputs": {
        "VpcCidrBlock": {
            "Value": {"Fn::GetAtt": ["Vpc", "CidrBlock"]},
            "Export": {
                "Name": "network-VpcCidrBlock"
            }
        }
    }
}`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("result lacks\n%s\nin\n%s", want, got)
		}
	}
	again, err := cfn.Apply(got, edits)
	if err != nil || string(again) != string(got) {
		t.Errorf("Apply twice changed the text again (%v):\n%s", err, again)
	}
}

// TestApplyFlowMapping: a property added to a YAML flow mapping ({...})
// goes after its last entry, in flow style, wherever the mapping's
// braces and comments are; a value replaced there is replaced in flow
// style, the rest of the line kept.
func TestApplyFlowMapping(t *testing.T) {
	const head = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n"
	cidr := edit.Edit{Op: edit.SetProperty, Target: "Vpc", Path: []string{"CidrBlock"}, Value: edit.AttrOf("Ipam", "Cidr")}
	tags := edit.Edit{Op: edit.SetProperty, Target: "Vpc", Path: []string{"Tags", "Team"}, Value: edit.Str("a, b")}
	tests := []struct {
		name, props string
		e           edit.Edit
		want        string
	}{
		{"one line", "    Properties: {CidrBlock: 10.0.0.0/16}\n", hostnamesOn,
			"    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsHostnames: true}\n"},
		{"last value an intrinsic", "    Properties: {Ipv4IpamPoolId: !Ref Pool}\n", hostnamesOn,
			"    Properties: {Ipv4IpamPoolId: !Ref Pool, EnableDnsHostnames: true}\n"},
		{"last value a flow list", "    Properties: {Tags: [{Key: a, Value: b}]}\n", cidr,
			"    Properties: {Tags: [{Key: a, Value: b}], CidrBlock: !GetAtt Ipam.Cidr}\n"},
		{"empty", "    Properties: {}\n", hostnamesOn,
			"    Properties: {EnableDnsHostnames: true}\n"},
		{"trailing comma", "    Properties: {CidrBlock: 10.0.0.0/16,}\n", hostnamesOn,
			"    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsHostnames: true}\n"},
		{"over several lines, with a comment", "    Properties: {\n      CidrBlock: 10.0.0.0/16 # the VPC\n    }\n", hostnamesOn,
			"    Properties: {\n      CidrBlock: 10.0.0.0/16, EnableDnsHostnames: true # the VPC\n    }\n"},
		{"a nested map, quoted where flow needs it", "    Properties: {CidrBlock: 10.0.0.0/16}\n", tags,
			"    Properties: {CidrBlock: 10.0.0.0/16, Tags: {Team: \"a, b\"}}\n"},
		{"replace a value between others", "    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsHostnames: false, Tags: []}\n", hostnamesOn,
			"    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsHostnames: true, Tags: []}\n"},
		{"replace an intrinsic", "    Properties: {EnableDnsHostnames: !Ref Flag}\n", hostnamesOn,
			"    Properties: {EnableDnsHostnames: true}\n"},
		{"replace a quoted value over several lines, with a comment", "    Properties: {\n      EnableDnsHostnames: \"false\" # off\n    }\n", hostnamesOn,
			"    Properties: {\n      EnableDnsHostnames: true # off\n    }\n"},
		{"replace a value by a list", "    Properties: {CidrBlock: 10.0.0.0/16, Tags: x}\n",
			edit.Edit{Op: edit.SetProperty, Target: "Vpc", Path: []string{"Tags"}, Value: edit.ListOf(edit.MapOf(edit.F("Key", edit.Str("Team")), edit.F("Value", edit.Str("infra"))))},
			"    Properties: {CidrBlock: 10.0.0.0/16, Tags: [{Key: Team, Value: infra}]}\n"},
		{"the resource itself in flow style", "    Properties: {CidrBlock: 10.0.0.0/16}\n  Other: {Type: AWS::EC2::VPC}\n",
			edit.Edit{Op: edit.SetProperty, Target: "Other", Path: []string{"EnableDnsHostnames"}, Value: edit.True},
			"    Properties: {CidrBlock: 10.0.0.0/16}\n  Other: {Type: AWS::EC2::VPC, Properties: {EnableDnsHostnames: true}}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cfn.Apply([]byte(head+tt.props), []edit.Edit{tt.e})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != head+tt.want {
				t.Errorf("Apply =\n%s\nwant\n%s", got, head+tt.want)
			}
			again, err := cfn.Apply(got, []edit.Edit{tt.e})
			if err != nil || string(again) != string(got) {
				t.Errorf("Apply twice changed the text again (%v):\n%s", err, again)
			}
		})
	}
}

// TestApplyRefuses checks the edits Apply does not make without guessing.
func TestApplyRefuses(t *testing.T) {
	tests := []struct {
		name, src string
		e         edit.Edit
	}{
		{"a resource of that name exists with other content", yamlTemplate,
			edit.Edit{Op: edit.AddResource, Target: "Vpc", Type: "AWS::EC2::VPC", Value: edit.MapOf(edit.F("CidrBlock", edit.Str("10.1.0.0/16")))}},
		{"the resource is not in the template", yamlTemplate,
			edit.Edit{Op: edit.SetProperty, Target: "Other", Path: []string{"X"}, Value: edit.True}},
		{"not a list to append to", "Resources:\n  S3Endpoint:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      RouteTableIds: !Ref Tables\n", tableB},
		{"a placeholder", yamlTemplate, setDNS(edit.PlaceholderFor("Flag", "a value to choose"))},
		{"a list chosen by a short-form !If", "Resources:\n  S3Endpoint:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      RouteTableIds: !If [On, [!Ref TableA], []]\n", tableB},
		{"a list chosen by a long-form Fn::If", "Resources:\n  S3Endpoint:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      RouteTableIds: {\"Fn::If\": [On, [!Ref TableA], []]}\n", tableB},
		{"option settings chosen by !If", "Resources:\n  Env:\n    Type: AWS::ElasticBeanstalk::Environment\n    Properties:\n      OptionSettings: !If [On, [], []]\n", scheme},
		{"properties chosen by Fn::If", "{\"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"Fn::If\": [\"On\", {}, {}]}}}}\n", hostnamesOn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cfn.Apply([]byte(tt.src), []edit.Edit{tt.e})
			if !errors.Is(err, cfn.ErrAmbiguous) {
				t.Errorf("Apply = %q, %v; want an ambiguous-edit error", got, err)
			}
		})
	}
}

// TestRender shows edits of two files, one JSON, as a report does.
func TestRender(t *testing.T) {
	a, b := logs, output
	a.File, b.File = "endpoints.yaml", "network.json"
	got := string(cfn.RenderAs([]edit.Edit{a, b}, func(f string) bool { return strings.HasSuffix(f, ".json") }, "app.yaml"))
	want := `# in endpoints.yaml:
LogsEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.logs
    SubnetIds: [!ImportValue network-SubnetA]
# in network.json:
{
  "Outputs": {
    "VpcCidrBlock": {
      "Value": {"Fn::GetAtt": ["Vpc", "CidrBlock"]},
      "Export": {
        "Name": "network-VpcCidrBlock"
      }
    }
  }
}
`
	if got != want {
		t.Errorf("RenderAs =\n%s\nwant\n%s", got, want)
	}
}

// TestApplyCRLF: a template with CRLF line ends keeps them, on the lines
// added too.
func TestApplyCRLF(t *testing.T) {
	src := strings.ReplaceAll(yamlTemplate, "\n", "\r\n")
	got, err := cfn.Apply([]byte(src), []edit.Edit{hostnamesOn, logs})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(got), "\n") != strings.Count(string(got), "\r\n") || !strings.Contains(string(got), "EnableDnsHostnames: true\r\n") {
		t.Errorf("line ends not kept:\n%q", got)
	}
}

// TestApplier: an Applier, which keeps the last text it parsed, gives
// what Apply gives in any sequence of texts and edits: the same text again
// (the parse kept), another text, a CRLF text, a text that does not parse,
// and the first text again after them.
func TestApplier(t *testing.T) {
	crlf := strings.ReplaceAll(yamlTemplate, "\n", "\r\n")
	steps := []struct {
		src   string
		edits []edit.Edit
	}{
		{yamlTemplate, []edit.Edit{dnsOn}},
		{yamlTemplate, []edit.Edit{hostnamesOn, logs}},
		{yamlTemplate, []edit.Edit{tableB}},
		{jsonTemplate, []edit.Edit{dnsOn, output}},
		{crlf, []edit.Edit{scheme}},
		{yamlTemplate, []edit.Edit{subnets, tags}},
		{"Resources: [", []edit.Edit{dnsOn}},
		{yamlTemplate, []edit.Edit{dnsOn}},
	}
	a := new(cfn.Applier)
	for i, st := range steps {
		got, gotErr := a.Apply([]byte(st.src), st.edits)
		want, wantErr := cfn.Apply([]byte(st.src), st.edits)
		if string(got) != string(want) || (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Errorf("step %d: Applier gives %v\n%s\nApply gives %v\n%s", i, gotErr, got, wantErr, want)
		}
	}

	// Edits made already return the caller's text, not the Applier's: a
	// caller writing over what it got does not change the next result.
	dnsDone, err := cfn.Apply([]byte(yamlTemplate), []edit.Edit{dnsOn})
	if err != nil {
		t.Fatal(err)
	}
	same, err := a.Apply(dnsDone, []edit.Edit{dnsOn})
	if err != nil || string(same) != string(dnsDone) {
		t.Fatalf("applying an edit made already: %v\n%s", err, same)
	}
	text := string(dnsDone)
	for i := range same {
		same[i] = '#'
	}
	got, gotErr := a.Apply([]byte(text), []edit.Edit{hostnamesOn})
	want, wantErr := cfn.Apply([]byte(text), []edit.Edit{hostnamesOn})
	if string(got) != string(want) || (gotErr == nil) != (wantErr == nil) {
		t.Errorf("after the caller wrote over a result: Applier gives %v\n%s\nApply gives %v\n%s", gotErr, got, wantErr, want)
	}
}

// FuzzApply applies every kind of edit to arbitrary text: an error or a
// template, never a panic; what applies once applies twice the same; and
// an Applier given the text twice gives what Apply gives.
func FuzzApply(f *testing.F) {
	f.Add(yamlTemplate)
	f.Add(jsonTemplate)
	f.Add("Resources: {}\n")
	f.Add("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: [1]\n")
	edits := []edit.Edit{dnsOn, hostnamesOn, tableB, logs, scheme, subnets, output, tags}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := cfn.Apply([]byte(src), edits)
		a := new(cfn.Applier)
		for range 2 {
			got, gotErr := a.Apply([]byte(src), edits)
			if string(got) != string(out) || (gotErr == nil) != (err == nil) {
				t.Fatalf("Applier gives %v\n%s\nApply gives %v\n%s", gotErr, got, err, out)
			}
		}
		if err != nil {
			return
		}
		again, err := cfn.Apply(out, edits)
		if err != nil || string(again) != string(out) {
			t.Errorf("applying twice differs (%v):\n%s\n---\n%s", err, out, again)
		}
	})
}

// TestApplyConfigFile: an edit with no Target changes a document that is
// no template (an Elastic Beanstalk configuration file or saved
// configuration) from its top level, in either form of option_settings,
// in YAML or JSON; the rest of the text is kept, and applying twice is
// applying once.
func TestApplyConfigFile(t *testing.T) {
	listForm := []string{"option_settings", edit.Select("namespace", "aws:ec2:vpc", "option_name", "AssociatePublicIpAddress"), "value"}
	mapForm := []string{"option_settings", "aws:ec2:vpc", "AssociatePublicIpAddress"}
	tests := []struct {
		name, src string
		path      []string
		want      string
	}{
		{"list form", "# vpc\noption_settings:\n  - namespace: aws:ec2:vpc\n    option_name: AssociatePublicIpAddress\n    value: true # public\n  - option_name: GREETING\n    value: hi\n",
			listForm, "# vpc\noption_settings:\n  - namespace: aws:ec2:vpc\n    option_name: AssociatePublicIpAddress\n    value: \"false\" # public\n  - option_name: GREETING\n    value: hi\n"},
		{"map form", "option_settings:\n  aws:ec2:vpc:\n    AssociatePublicIpAddress: \"true\"\n    ELBScheme: internal\n",
			mapForm, "option_settings:\n  aws:ec2:vpc:\n    AssociatePublicIpAddress: \"false\"\n    ELBScheme: internal\n"},
		{"map form, option added", "option_settings:\n  aws:ec2:vpc:\n    ELBScheme: internal\n",
			mapForm, "option_settings:\n  aws:ec2:vpc:\n    ELBScheme: internal\n    AssociatePublicIpAddress: \"false\"\n"},
		{"saved configuration", "EnvironmentConfigurationMetadata: {}\nOptionSettings:\n  aws:ec2:vpc:\n    AssociatePublicIpAddress: 'true'\n",
			[]string{"OptionSettings", "aws:ec2:vpc", "AssociatePublicIpAddress"}, "EnvironmentConfigurationMetadata: {}\nOptionSettings:\n  aws:ec2:vpc:\n    AssociatePublicIpAddress: \"false\"\n"},
		{"JSON, list form", "{\n  \"option_settings\": [\n    {\"namespace\": \"aws:ec2:vpc\", \"option_name\": \"AssociatePublicIpAddress\", \"value\": \"true\"}\n  ]\n}\n",
			listForm, "{\n  \"option_settings\": [\n    {\"namespace\": \"aws:ec2:vpc\", \"option_name\": \"AssociatePublicIpAddress\", \"value\": \"false\"}\n  ]\n}\n"},
		{"JSON, map form", "{\n  \"option_settings\": {\n    \"aws:ec2:vpc\": {\n      \"AssociatePublicIpAddress\": \"true\"\n    }\n  }\n}\n",
			mapForm, "{\n  \"option_settings\": {\n    \"aws:ec2:vpc\": {\n      \"AssociatePublicIpAddress\": \"false\"\n    }\n  }\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := edit.Edit{Op: edit.SetProperty, Path: tt.path, Value: edit.Str("false")}
			got, err := cfn.Apply([]byte(tt.src), []edit.Edit{e})
			if err != nil || string(got) != tt.want {
				t.Fatalf("Apply = %v\n%s\nwant\n%s", err, got, tt.want)
			}
			again, err := cfn.Apply(got, []edit.Edit{e})
			if err != nil || string(again) != string(got) {
				t.Errorf("applied twice: %v\n%s", err, again)
			}
		})
	}
	if _, err := cfn.Apply([]byte("option_settings: []\n"), []edit.Edit{{Op: edit.SetProperty, Value: edit.Str("x")}}); !errors.Is(err, cfn.ErrAmbiguous) {
		t.Errorf("an edit of the top level without a path: %v, want an ambiguous-edit error", err)
	}
}
