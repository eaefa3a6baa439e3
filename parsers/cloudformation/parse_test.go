package cloudformation

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// TestJSONEscapes: valid JSON that the YAML parser rejects parses, with
// positions.
func TestJSONEscapes(t *testing.T) {
	g := buildFiles(t, Options{}, "escapes.json")
	if g.Files[0].Format != FormatJSON {
		t.Errorf("format = %s", g.Files[0].Format)
	}
	vpc := nodeAs[*parsers.VPC](t, g, "escapes.json#Vpc")
	check(t, "VPC Loc", vpc.Loc.String(), "escapes.json:5:5")
	check(t, "CIDR", at(vpc.CIDRs[0]), "lit(10.0.0.0/16)@7:35")
	check(t, "CIDR end", itoa(int(vpc.CIDRs[0].Loc.EndLine))+":"+itoa(int(vpc.CIDRs[0].Loc.EndCol)), "7:49")
	check(t, "EnableDnsHostnames", at(vpc.EnableDNSHostnames), "lit(true)@7:73")
	check(t, "EnableDnsSupport", at(vpc.EnableDNSSupport), "lit(false)@7:101")
	ep := nodeAs[*parsers.VPCEndpoint](t, g, "escapes.json#S3")
	check(t, "route tables", at(ep.RouteTables[0]), "ref(escapes.json#Vpc.MainRouteTable)@14:27")
	if n, ok := g.Lookup(ep.RouteTables[0]); !ok || n.Base().Key != "escapes.json#Vpc#main" {
		t.Errorf("Lookup(Vpc.MainRouteTable) = %v", n)
	}
	check(t, "policy", render(ep.Policy), "{Statement: [{Effect: lit(Allow), Resource: lit(arn:aws:s3:::bucket/été/*)}]}")
	// Column counts code points: "été" is 3 columns, not 5 bytes.
	check(t, "policy resource", at(ep.Policy.Get("Statement").Items()[0].Get("Resource")), "lit(arn:aws:s3:::bucket/été/*)@15:74")
}

// TestParseErrors: bad input is a ParseError naming file, line and column.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, file, src string
		line, col       int
		msg             string
	}{
		// The YAML parser does not say which column: none is given.
		{"yaml syntax", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::VPC\n   bad: [\n", 4, 0, "invalid YAML"},
		{"yaml syntax mid-line", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: @x}\n", 4, 0, "invalid YAML: found character that cannot start any token"},
		{"json syntax", "t.json", "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::EC2::VPC\",}\n  }\n}\n", 3, 35, "invalid JSON"},
		{"json truncated", "t.json", "{\"Resources\": {", 1, 16, "unexpected end of input"},
		{"json trailing data", "t.json", "{\"Resources\": {}}\n{}", 2, 1, "unexpected data after the top-level value"},
		{"duplicate yaml key", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::VPC\n  A:\n    Type: AWS::EC2::Subnet\n", 4, 3, `duplicate key "A" (first defined at line 2)`},
		{"duplicate json key", "t.json", "{\"Resources\": {\n \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n \"A\": {\"Type\": \"AWS::SNS::Topic\"}}}", 3, 2, `duplicate key "A" (first defined at line 2)`},
		{"alias", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: &p\n      CidrBlock: 10.0.0.0/16\n  B:\n    Type: AWS::EC2::VPC\n    Properties: *p\n", 8, 17, "YAML aliases are not allowed"},
		{"merge key alias", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: &p\n      CidrBlock: 10.0.0.0/16\n  B:\n    Type: AWS::EC2::VPC\n    Properties:\n      <<: *p\n", 9, 11, "YAML aliases are not allowed"},
		{"unknown tag", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Foo x\n", 5, 18, "unknown tag !Foo"},
		{"unknown function", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock:\n        Fn::Foo: [a]\n", 6, 9, "unknown intrinsic function Fn::Foo"},
		{"unknown function json", "t.json", "{\"Resources\": {\"A\": {\"Type\": \"AWS::EC2::VPC\",\n \"Properties\": {\"CidrBlock\": {\"Fn::Foo\": \"x\"}}}}}", 2, 31, "unknown intrinsic function Fn::Foo"},
		{"ref cycle", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      VpcId: !GetAtt B.VpcId\n  B:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      VpcId: !Sub ${A}\n", 5, 14, "circular dependency between resources: A -> B -> A"},
		{"depends-on cycle", "t.yaml", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: [B]\n  B:\n    Type: AWS::SNS::Topic\n    DependsOn: A\n", 4, 17, "circular dependency between resources: A -> B -> A"},
		{"condition cycle", "t.yaml", "Conditions:\n  X: !Not [!Condition Y]\n  Y: !And [!Condition X, !Condition X]\nResources:\n  A:\n    Type: AWS::SNS::Topic\n", 2, 12, "circular dependency between conditions: X -> Y -> X"},
		{"undefined ref", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Nowhere\n", 5, 14, `Ref to "Nowhere", which is not a resource or parameter`},
		{"undefined condition", "t.yaml", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Condition: Nope\n", 4, 16, `refers to undefined condition "Nope"`},
		{"no resources", "t.yaml", "AWSTemplateFormatVersion: 2010-09-09\n", 1, 1, "no Resources section"},
		{"resource without type", "t.yaml", "Resources:\n  A:\n    Properties: {}\n", 2, 3, "resource A has no Type"},
		{"not a mapping", "t.yaml", "- a\n- b\n", 1, 1, "template is not a mapping"},
		{"empty", "t.yaml", "", 1, 1, "empty template"},
		{"second document", "t.yaml", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n---\nother: doc\n", 4, 1, "a second YAML document starts here"},
		{"second document after an empty one", "t.yaml", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n---\n...\n---\n~\n", 6, 1, "a second YAML document starts here"},
		{"template in the second document", "t.yaml", "kind: Pod\n--- # the template\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n", 2, 1, "a second YAML document starts here"},
		{"syntax error in the second document", "t.yaml", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n---\na: b\n- c\n", 6, 0, "invalid YAML"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.file, []byte(tc.src))
			var pe *parsers.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v (%T), want *parsers.ParseError", err, err)
			}
			if pe.Loc.File != tc.file || int(pe.Loc.StartLine) != tc.line || int(pe.Loc.StartCol) != tc.col || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("error = %q at %s, want %q at %s:%d:%d", pe.Msg, pe.Loc, tc.msg, tc.file, tc.line, tc.col)
			}
		})
	}
}

func TestParseSizeCap(t *testing.T) {
	_, err := Parse("big.yaml", make([]byte, MaxSize+1))
	var pe *parsers.ParseError
	if !errors.As(err, &pe) || !strings.Contains(pe.Msg, "limit") {
		t.Errorf("Parse(oversized) = %v", err)
	}
}

// TestTolerated: inputs CloudFormation accepts that are easy to get wrong.
func TestTolerated(t *testing.T) {
	tests := []struct{ name, src string }{
		{"transform and serverless", "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events: {Api: {Type: Api}}\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Ref ServerlessRestApi\n"},
		{"custom and unknown types", "Resources:\n  C:\n    Type: Custom::X\n    Properties: {ServiceToken: arn}\n  U:\n    Type: AWS::Brand::New\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !GetAtt C.Cidr}\n"},
		{"quoted numbers and string booleans", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsSupport: \"true\"}\n"},
		{"rules section functions", "Rules:\n  R:\n    Assertions:\n      - Assert: !Contains [[a], !Ref P]\nParameters:\n  P: {Type: String}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n"},
		{"json with yaml flow fallback", "{Resources: {Vpc: {Type: AWS::EC2::VPC}}}"},
		{"documents marked", "---\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n...\n"},
		{"empty documents after the template", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n---\n# nothing\n--- \n...\n"},
		{"language extensions", "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Subnets:\n    - Name\n    - [A, B]\n    - Subnet${Name}:\n        Type: AWS::EC2::Subnet\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Select [0, {\"Fn::Length\": [a]}]}\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmpl, err := Parse("t.yaml", []byte(tc.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			g := parsers.NewGraph()
			if errs := Build(g, []*Template{tmpl}, Options{}); len(errs) > 0 {
				t.Fatalf("Build: %v", errs)
			}
			if len(g.VPCs) != 1 {
				t.Errorf("VPCs = %d, want the one VPC", len(g.VPCs))
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"yaml with version", "# comment\nAWSTemplateFormatVersion: '2010-09-09'\n", true},
		{"yaml resources only", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n", true},
		{"yaml custom resource", "Resources:\n  X:\n    Type: 'Custom::Thing'\n", true},
		{"json with version", `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}`, true},
		{"json resources only", `{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC"}}}`, true},
		{"broken json template", `{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC",}}}`, true},
		{"kubernetes manifest", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: x\n      resources: {}\n", false},
		{"docker compose", "services:\n  web:\n    image: nginx\n", false},
		{"package.json", `{"name": "x", "version": "1.0.0"}`, false},
		{"resources of another kind", "Resources:\n  X:\n    Type: Other::Thing\n", false},
		{"type outside resources", "Outputs:\n  X:\n    Type: AWS::EC2::VPC\n", false},
		{"terraform plan", `{"format_version": "1.2", "planned_values": {}}`, false},
		{"empty", "", false},
		{"indented top level", "---\n  # comment\n  AWSTemplateFormatVersion: 2010-09-09\n", true},
		{"indented resources", "    Resources:\n      Vpc:\n        Type: AWS::EC2::VPC\n", true},
		{"indented, comments in column 1", "  Description: x\n# section\n  Resources:\n# Vpc\n    Vpc:\n      Type: AWS::EC2::VPC\n", true},
		{"indented type outside resources", "  Outputs:\n    X:\n      Type: AWS::EC2::VPC\n", false},
		{"indented resources of another kind", "  Resources:\n    X:\n      Type: Other::Thing\n", false},
		{"template in the second document", "apiVersion: v1\nkind: ConfigMap\n---\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n", true},
		{"second document less indented", "    a: b\n---\n  AWSTemplateFormatVersion: 2010-09-09\n", true},
		{"document end, then a template", "kind: Pod\n...\n--- # next\nAWSTemplateFormatVersion: 2010-09-09\n", true},
		{"resources ended by a document marker", "Resources:\n---\n  Type: AWS::EC2::VPC\n", false},
	}
	for _, tc := range tests {
		if got := Sniff([]byte(tc.src)); got != tc.want {
			t.Errorf("%s: Sniff = %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, name := range []string{"network.yaml", "app.yaml", "escapes.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !Sniff(data) {
			t.Errorf("Sniff(%s) = false", name)
		}
	}
}

// TestYAMLErrorWithoutLine: errors the YAML parser reports without a line
// still get one.
func TestYAMLErrorWithoutLine(t *testing.T) {
	src := "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      Name: \x01bad\n"
	_, err := Parse("c.yaml", []byte(src))
	var pe *parsers.ParseError
	if !errors.As(err, &pe) || pe.Loc.StartLine != 5 {
		t.Errorf("error = %v, want line 5", err)
	}
}

// TestIndentedQuickStart: AWS's CIS benchmark quick start indents its top
// level; it is a template and parses.
func TestIndentedQuickStart(t *testing.T) {
	path := filepath.Join(corpus(t, "robustness"), "cfn", "test", "fixtures", "templates", "quickstart", "cis_benchmark.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("quick start not available: %v", err)
	}
	if !Sniff(data) {
		t.Fatal("Sniff = false")
	}
	tmpl, err := Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if errs := Build(parsers.NewGraph(), []*Template{tmpl}, Options{}); len(errs) > 0 || len(tmpl.resources) < 50 {
		t.Errorf("Build: %v; %d resources", errs, len(tmpl.resources))
	}
}

// TestMessagesQuoteExcerpts: an error about a long name or value quotes
// the start of it once, not all of it.
func TestMessagesQuoteExcerpts(t *testing.T) {
	long := strings.Repeat("N", 100_000)
	tests := []struct{ name, file, src string }{
		{"unknown anchor", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: *" + long + "}\n"},
		{"alias", "t.yaml", "Resources:\n  A: &" + long + "\n    Type: AWS::EC2::VPC\n  B: *" + long + "\n"},
		{"unknown tag", "t.yaml", "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !" + long + " x}\n"},
		{"tag on a key", "t.yaml", "Resources:\n  ? !" + long + " A\n  : {Type: AWS::EC2::VPC}\n"},
		{"duplicate explicit key", "t.yaml", "Resources:\n  ? " + long + "\n  : {Type: AWS::EC2::VPC}\n  ? " + long + "\n  : {Type: AWS::EC2::VPC}\n"},
		{"duplicate json key", "t.json", `{"Resources": {"` + long + `": {"Type": "AWS::SNS::Topic"}, "` + long + `": {}}}`},
		{"unknown function", "t.json", `{"Resources": {"A": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Fn::` + long + `": "x"}}}}}`},
		{"resource without type", "t.json", `{"Resources": {"` + long + `": {}}}`},
		{"resource not a mapping", "t.json", `{"Resources": {"` + long + `": 1}}`},
		{"condition not a name", "t.json", `{"Resources": {"` + long + `": {"Type": "AWS::SNS::Topic", "Condition": []}}}`},
		{"undefined condition", "t.json", `{"Conditions": {"C": {"Fn::Not": [{"Condition": "` + long + `"}]}}, "Resources": {"A": {"Type": "AWS::SNS::Topic"}}}`},
		{"condition of a resource undefined", "t.json", `{"Resources": {"A": {"Type": "AWS::SNS::Topic", "Condition": "` + long + `"}}}`},
		{"condition cycle", "t.json", `{"Conditions": {"` + long + `": {"Fn::Not": [{"Condition": "` + long + `"}]}}, "Resources": {"A": {"Type": "AWS::SNS::Topic"}}}`},
		{"undefined ref", "t.json", `{"Resources": {"A": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "` + long + `"}}}}}`},
		{"self reference", "t.json", `{"Resources": {"` + long + `": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "` + long + `"}}}}}`},
		{"resource cycle", "t.json", `{"Resources": {"` + long + `": {"Type": "AWS::SNS::Topic", "DependsOn": "B"}, "B": {"Type": "AWS::SNS::Topic", "DependsOn": "` + long + `"}}}`},
	}
	// The excerpt is 80 characters with the ellipsis, some of them
	// the tag's "!" or the function's "Fn::".
	excerpt := regexp.MustCompile(`N{75,79}…`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.file, []byte(tc.src))
			var pe *parsers.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v, want a *parsers.ParseError", err)
			}
			msg := pe.Message()
			if msg != pe.Msg {
				t.Errorf("message %.200q adds the underlying error to %.200q", msg, pe.Msg)
			}
			if len(msg) > 400 || len(excerpt.FindAllString(msg, -1)) == 0 || strings.Contains(msg, strings.Repeat("N", 80)) {
				t.Errorf("message of %d bytes: %.300q; want the name quoted as an excerpt of %d characters", len(msg), msg, maxExcerpt)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct{ in, want string }{
		{"short", "short"},
		{strings.Repeat("é", 80), strings.Repeat("é", 80)},
		{strings.Repeat("é", 81), strings.Repeat("é", 79) + "…"},
		{strings.Repeat("a", 200), strings.Repeat("a", 79) + "…"},
	}
	for _, tt := range tests {
		if got := excerpt(tt.in); got != tt.want {
			t.Errorf("excerpt(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFlowRoot(t *testing.T) {
	tests := []struct {
		name, doc string
		want      bool
	}{
		{"JSON", `{"option_settings": []}`, true},
		{"byte order mark and blank lines", "\xef\xbb\xbf\n\n  {\"a\": 1}", true},
		{"YAML comment before a flow mapping", "# settings\n{option_settings: []}\n", true},
		{"block mapping", "option_settings:\n  - namespace: a\n", false},
		{"block mapping after a comment", "# {not this}\noption_settings: {}\n", false},
		{"only comments", "# x\n# y", false},
		{"empty", "", false},
		{"flow sequence", "[1, 2]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FlowRoot([]byte(tt.doc)); got != tt.want {
				t.Errorf("FlowRoot(%q) = %v, want %v", tt.doc, got, tt.want)
			}
		})
	}
}
