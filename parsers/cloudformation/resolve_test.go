package cloudformation

import (
	"fmt"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

const intrinsicTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
  NoDefault:
    Type: String
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
    Default: subnet-a, subnet-b
  Names:
    Type: CommaDelimitedList
    Default: [x, y]
  Ssm:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /platform/vpc
  Secret:
    Type: String
    NoEcho: true
    Default: s3cr3t
  SecretIds:
    Type: CommaDelimitedList
    NoEcho: "True"
    Default: id-1,id-2
  SecretCidr:
    Type: String
    NoEcho: true
    Default: 10.9.0.0/16
  Echoed:
    Type: String
    NoEcho: false
    Default: shown
Mappings:
  RegionMap:
    us-east-1: {Ami: ami-1, Same: s}
    eu-west-1: {Ami: ami-2, Same: s}
  EnvMap:
    prod: {Size: large}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  InUSEast: !Equals [!Ref "AWS::Region", us-east-1]
  ProdAndUS: !And [!Condition IsProd, !Condition InUSEast]
  ProdOrUS: !Or [!Condition IsProd, !Condition InUSEast]
  DevAndUS: {"Fn::And": [{Condition: IsDev}, {Condition: InUSEast}]}
  Nested: !Not [!Or [!Condition IsDev, !Equals [!Ref NoDefault, x]]]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subject:
    Type: AWS::SNS::Topic
    Properties:
      Value: %s
`

func TestIntrinsics(t *testing.T) {
	const vpc = "t.yaml#Vpc"
	tests := []struct {
		expr   string
		want   string
		reason string // substring of the unknown parts' reasons
	}{
		// Ref
		{`!Ref Env`, "lit(prod)", ""},
		{`{Ref: Env}`, "lit(prod)", ""},
		{`!Ref NoDefault`, "unknown", "parameter NoDefault has no value: pass --parameter NoDefault=VALUE"},
		{`!Ref Subnets`, "[lit(subnet-a), lit(subnet-b)]", ""},
		{`!Ref Names`, "[lit(x), lit(y)]", ""},
		{`!Ref Ssm`, "unknown", "read from Systems Manager"},
		{`!Ref Vpc`, "ref(" + vpc + ")", ""},
		{`!Ref AWS::Region`, "ref(AWS::Region)", ""},
		{`{Ref: "AWS::StackName"}`, "ref(AWS::StackName)", ""},
		{`!Ref AWS::NoValue`, "absent", ""},
		// Fn::GetAtt
		{`!GetAtt Vpc.CidrBlock`, "lit(10.0.0.0/16)", ""},
		{`!GetAtt Vpc.DefaultSecurityGroup`, "ref(" + vpc + ".DefaultSecurityGroup)", ""},
		{`{"Fn::GetAtt": [Vpc, Ipv6CidrBlocks]}`, "ref(" + vpc + ".Ipv6CidrBlocks)", ""},
		{`{"Fn::GetAtt": [Vpc, !Ref Env]}`, "ref(" + vpc + ".prod)", ""},
		{`!GetAtt Vpc.Some.Dotted`, "ref(" + vpc + ".Some.Dotted)", ""},
		// Fn::Sub
		{`!Sub "${Env}-x"`, "lit(prod-x)", ""},
		{`!Sub "com.amazonaws.${AWS::Region}.logs"`, "concat(lit(com.amazonaws.), ref(AWS::Region), lit(.logs))", ""},
		{`!Sub "${!Literal}-${Env}"`, "lit(${Literal}-prod)", ""},
		{`!Sub ["${A}/${Vpc.CidrBlock}", {A: !Ref Env}]`, "lit(prod/10.0.0.0/16)", ""},
		{`{"Fn::Sub": "${Vpc}"}`, "ref(" + vpc + ")", ""},
		{`{"Fn::Sub": ["${X}-${NoDefault}", {X: !GetAtt Vpc.VpcId}]}`, "concat(ref(" + vpc + ".VpcId), lit(-), unknown)", "parameter NoDefault has no value"},
		// Fn::Join
		{`!Join ["", [a, b, !Ref Env]]`, "lit(abprod)", ""},
		{`!Join [",", [a, !Ref Vpc]]`, "concat(lit(a,), ref(" + vpc + "))", ""},
		{`{"Fn::Join": [",", {Ref: Subnets}]}`, "lit(subnet-a,subnet-b)", ""},
		{`!Join [",", !Ref NoDefault]`, "unknown", "Fn::Join over a list that is not known"},
		// Fn::Select
		{`!Select [1, !Ref Subnets]`, "lit(subnet-b)", ""},
		{`{"Fn::Select": ["0", [a, b]]}`, "lit(a)", ""},
		{`!Select [0, !GetAZs ""]`, "unknown", "Fn::GetAZs index 0"},
		{`{"Fn::Select": [2, {"Fn::GetAZs": {Ref: "AWS::Region"}}]}`, "unknown", "Fn::GetAZs index 2"},
		{`!Select [5, [a]]`, "unknown", "out of range"},
		{`!Select [1, !Split [",", !Join [",", [!Ref Vpc, b]]]]`, "lit(b)", ""},
		// Fn::Split
		{`!Split [",", "a,b"]`, "[lit(a), lit(b)]", ""},
		{`{"Fn::Split": ["|", "a|b|c"]}`, "[lit(a), lit(b), lit(c)]", ""},
		{`!Split [",", !Sub "${AWS::Region},b"]`, "[ref(AWS::Region), lit(b)]", ""},
		{`!Split [",", !Ref NoDefault]`, "unknown", "Fn::Split of a value that is not known"},
		// Fn::GetAZs
		{`!GetAZs ""`, "unknown", "Availability Zones"},
		{`{"Fn::GetAZs": ""}`, "unknown", "Availability Zones"},
		// Fn::If and conditions
		{`!If [IsProd, yes, no]`, "lit(yes)", ""},
		{`{"Fn::If": [IsDev, yes, no]}`, "lit(no)", ""},
		{`!If [InUSEast, yes, no]`, "choice(InUSEast: lit(yes) | lit(no))", ""},
		{`!If [ProdAndUS, a, b]`, "choice(ProdAndUS: lit(a) | lit(b))", ""},
		{`!If [ProdOrUS, a, b]`, "lit(a)", ""},
		{`!If [DevAndUS, a, b]`, "lit(b)", ""},
		{`!If [Nested, a, b]`, "choice(Nested: lit(a) | lit(b))", ""},
		{`!If [IsProd, !Ref AWS::NoValue, x]`, "absent", ""},
		{`[a, !If [IsProd, !Ref AWS::NoValue, b], c]`, "[lit(a), lit(c)]", ""},
		{`!If [InUSEast, !If [IsProd, a, b], c]`, "choice(InUSEast: lit(a) | lit(c))", ""},
		// Fn::FindInMap
		{`!FindInMap [EnvMap, !Ref Env, Size]`, "lit(large)", ""},
		{`{"Fn::FindInMap": [RegionMap, eu-west-1, Ami]}`, "lit(ami-2)", ""},
		{`!FindInMap [RegionMap, !Ref AWS::Region, Same]`, "lit(s)", ""},
		{`!FindInMap [RegionMap, !Ref AWS::Region, Ami]`, "unknown", "Fn::FindInMap RegionMap: key AWS::Region is known only at deploy time and the map's values differ"},
		{`!FindInMap [RegionMap, nowhere, Ami]`, "unknown", "no entry"},
		// Fn::ImportValue without an exporting template
		{`!ImportValue net-Vpc`, "unknown", "Fn::ImportValue net-Vpc: no linted template exports it; lint the network template together with this one"},
		{`{"Fn::ImportValue": {"Fn::Sub": "${AWS::StackName}-Vpc"}}`, "unknown", "Fn::ImportValue ${AWS::StackName}-Vpc: no linted template exports it"},
		// Fn::Cidr
		{`!Cidr [10.0.0.0/16, 3, 8]`, "[lit(10.0.0.0/24), lit(10.0.1.0/24), lit(10.0.2.0/24)]", ""},
		{`{"Fn::Cidr": [{"Fn::GetAtt": [Vpc, CidrBlock]}, "2", "12"]}`, "[lit(10.0.0.0/20), lit(10.0.16.0/20)]", ""},
		{`!Select [3, !Cidr ["10.0.0.0/22", 4, 8]]`, "lit(10.0.3.0/24)", ""},
		{`!Cidr ["2001:db8::/56", 2, 64]`, "[lit(2001:db8::/64), lit(2001:db8:0:1::/64)]", ""},
		{`!Cidr [10.0.0.0/24, 3, 8]`, "unknown", "holds only 1 subnets"},
		{`!Cidr [!Ref NoDefault, 3, 8]`, "unknown", "Fn::Cidr of values that are not known"},
		// Fn::Base64, Fn::Transform
		{`!Base64 abc`, "lit(abc)", ""},
		{`{"Fn::Base64": {"Fn::Sub": "x-${Env}"}}`, "lit(x-prod)", ""},
		{`!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}`, "unknown", "Fn::Transform"},
		// dynamic references
		{`"{{resolve:ssm:/platform/vpc-id}}"`, "unknown", "dynamic reference {{resolve:ssm:/platform/vpc-id}} is resolved at deploy time"},
		{`!ImportValue {"Fn::Sub": "${NoDefault}-Vpc"}`, "unknown", `the export name is not known: "…-Vpc" (parameter NoDefault has no value`},
		// plain structures
		{`{A: 1, B: [true, "2"], C: ~}`, "{A: lit(1), B: [lit(true), lit(2)]}", ""},
		// reasons name resources by logical ID, not by graph key
		{`!Join [",", !Ref Vpc]`, "unknown", "Fn::Join over a list that is not known: Vpc"},
		{`!Select [0, !GetAtt Vpc.CidrBlockAssociations]`, "unknown", "Fn::Select 0 of a list that is not known: Vpc.CidrBlockAssociations"},
		{`!Split [",", !GetAtt Vpc.DefaultSecurityGroup]`, "unknown", "Fn::Split of a value that is not known: Vpc.DefaultSecurityGroup"},
		{`!Cidr [!GetAtt Vpc.Ipv6CidrBlocks, 2, 64]`, "unknown", "Fn::Cidr of values that are not known: Vpc.Ipv6CidrBlocks, 2, 64"},
		{`{"Fn::ImportValue": !Ref Vpc}`, "unknown", "the export name is not known: Vpc"},
		{`{"Fn::ImportValue": !Sub "${Vpc}-x"}`, "unknown", `the export name is not known: "${Vpc}-x"`},
		{`{"Fn::ImportValue": !Join ["-", [!Ref Vpc, !Ref NoDefault]]}`, "unknown", `the export name is not known: "${Vpc}-…" (parameter NoDefault has no value`},
		{`!FindInMap [RegionMap, !Ref Vpc, Ami]`, "unknown", "key Vpc is known only at deploy time"},
		{`!FindInMap [EnvMap, !Ref Vpc, Nope]`, "unknown", "no entry for [Vpc, Nope]"},
		// NoEcho parameters are secret, and so is what is computed from them
		{`!Ref Secret`, "secret(s3cr3t)", ""},
		{`!Ref Echoed`, "lit(shown)", ""},
		{`!Ref SecretIds`, "[secret(id-1), secret(id-2)]", ""},
		{`!Sub "pre-${Secret}"`, "secret(pre-s3cr3t)", ""},
		{`!Join ["", [a, !Ref Secret, b]]`, "secret(as3cr3tb)", ""},
		{`!Join [",", [!Ref Secret, !Ref Vpc, b]]`, "concat(secret(s3cr3t,), ref(" + vpc + "), lit(,b))", ""},
		{`!Select [1, !Ref SecretIds]`, "secret(id-2)", ""},
		{`!Select [0, !Join [",", !Ref SecretIds]]`, "secret(id-1)", ""},
		{`!Split ["3", !Ref Secret]`, "[secret(s), secret(cr), secret(t)]", ""},
		{`!Split [",", !Sub "${Secret},${AWS::Region},b"]`, "[secret(s3cr3t), ref(AWS::Region), lit(b)]", ""},
		{`!If [InUSEast, !Ref Secret, x]`, "choice(InUSEast: secret(s3cr3t) | lit(x))", ""},
		{`!Cidr [!Ref SecretCidr, 2, 8]`, "[secret(10.9.0.0/24), secret(10.9.1.0/24)]", ""},
		{`!ImportValue {"Fn::Sub": "${Secret}-Vpc"}`, "unknown", "Fn::ImportValue (sensitive): no linted template exports it"},
		{`{"Fn::ImportValue": !Join ["-", [!Ref Secret, !Ref NoDefault]]}`, "unknown", "the export name is not known: (sensitive); parameter NoDefault has no value"},
	}
	// A decided Fn::If yields its branch and Fn::Base64 its argument, which
	// keep their own positions.
	branchCol := map[string]int{
		`!If [IsProd, yes, no]`:                   27,
		`{"Fn::If": [IsDev, yes, no]}`:            38,
		`!If [ProdOrUS, a, b]`:                    29,
		`!If [DevAndUS, a, b]`:                    32,
		`{"Fn::Base64": {"Fn::Sub": "x-${Env}"}}`: 29,
	}
	valueLine := strings.Count(intrinsicTemplate[:strings.Index(intrinsicTemplate, "Value: %s")], "\n") + 1
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			tmpl, err := Parse("t.yaml", []byte(fmt.Sprintf(intrinsicTemplate, tc.expr)))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			b := &builder{g: parsers.NewGraph()}
			s := newScope(b, tmpl)
			b.scopes = []*scope{s}
			got := s.resolve(tmpl.byID["Subject"].props.get("Value"))
			if r := render(got); r != tc.want {
				t.Errorf("resolve(%s) = %s, want %s", tc.expr, r, tc.want)
			}
			if rs := reasons(got); !strings.Contains(rs, tc.reason) || (tc.reason == "") != (rs == "") {
				t.Errorf("reasons = %q, want %q", rs, tc.reason)
			} else if strings.Contains(rs, "#") {
				t.Errorf("reasons = %q: they name a graph key", rs)
			}
			if got.Kind != parsers.Absent {
				col := 14
				if c, ok := branchCol[tc.expr]; ok {
					col = c
				}
				want := parsers.Span("t.yaml", valueLine, col, 0, 0)
				if got.Loc.File != want.File || got.Loc.StartLine != want.StartLine || got.Loc.StartCol != want.StartCol {
					t.Errorf("location = %v, want %v", got.Loc, want)
				}
			}
		})
	}
}

// TestParameterPrecedence: a --parameter value beats Default; with neither
// the value is unknown and says how to pass it.
func TestParameterPrecedence(t *testing.T) {
	const src = `Parameters:
  WithDefault: {Type: String, Default: from-default}
  Bare: {Type: String}
  Zones: {Type: "List<AWS::EC2::AvailabilityZone::Name>"}
  Hidden: {Type: String, NoEcho: true}
Resources:
  Subject:
    Type: AWS::SNS::Topic
    Properties:
      A: !Ref WithDefault
      B: !Ref Bare
      C: !Ref Zones
      D: !Ref AWS::Region
      E: !Ref Hidden
`
	tests := []struct {
		name    string
		params  map[string]string
		want    map[string]string
		reasons map[string]string
	}{
		{"defaults only", nil,
			map[string]string{"A": "lit(from-default)", "B": "unknown", "C": "unknown", "D": "ref(AWS::Region)", "E": "unknown"},
			map[string]string{"B": "parameter Bare has no value: pass --parameter Bare=VALUE", "C": "parameter Zones has no value", "E": "parameter Hidden has no value"}},
		{"overrides", map[string]string{"WithDefault": "given", "Bare": "b", "Zones": "eu-west-1a,eu-west-1b", "AWS::Region": "eu-west-1", "Unused": "x", "Hidden": "h"},
			map[string]string{"A": "lit(given)", "B": "lit(b)", "C": "[lit(eu-west-1a), lit(eu-west-1b)]", "D": "lit(eu-west-1)", "E": "secret(h)"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmpl, err := Parse("p.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			s := newScope(&builder{g: parsers.NewGraph(), opts: Options{Parameters: tc.params}}, tmpl)
			for prop, want := range tc.want {
				got := s.resolve(tmpl.byID["Subject"].props.get(prop))
				if render(got) != want {
					t.Errorf("%s = %s, want %s", prop, render(got), want)
				}
				if r := tc.reasons[prop]; !strings.Contains(got.Reason(), r) || r == "" && got.Reason() != "" {
					t.Errorf("%s reason = %q, want %q", prop, got.Reason(), r)
				}
			}
		})
	}
}
