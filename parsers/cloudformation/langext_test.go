package cloudformation

import (
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

const langExtHead = "Transform: AWS::LanguageExtensions\n"

// subnetSummary renders every subnet of g: key, condition and CIDR with
// its position.
func subnetSummary(g *parsers.Graph) string {
	var out []string
	for _, s := range g.Subnets {
		line := s.Key + " " + at(s.CIDR)
		if s.Condition != "" {
			line += " if " + s.Condition
		}
		out = append(out, line)
	}
	return strings.Join(out, "; ")
}

// TestForEach: loops expand as the transform does; every copy keeps the
// positions of the loop body.
func TestForEach(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"literal list, ${} key, Ref of the identifier", `Resources:
  Fn::ForEach::Subnets:
    - Name
    - [A, B]
    - Sub${Name}:
        Type: AWS::EC2::Subnet
        Properties:
          CidrBlock: !FindInMap [Cidrs, !Ref Name, Block]
Mappings:
  Cidrs:
    A: {Block: 10.0.1.0/24}
    B: {Block: 10.0.2.0/24}
`, "a.yaml#SubA lit(10.0.1.0/24)@8:22; a.yaml#SubB lit(10.0.2.0/24)@8:22"},
		{"&{} drops what is not a letter or digit", `Resources:
  Fn::ForEach::Subnets:
    - Cidr
    - [10.0.1.0/24]
    - Sub&{Cidr}:
        Type: AWS::EC2::Subnet
        Properties:
          CidrBlock: !Ref Cidr
`, "a.yaml#Sub1001024 lit(10.0.1.0/24)@8:22"},
		{"${} in Fn::Sub and plain strings", `Resources:
  Fn::ForEach::Subnets:
    - N
    - ["1", "2"]
    - Sub${N}:
        Type: AWS::EC2::Subnet
        Properties:
          CidrBlock: !Sub 10.0.${N}.0/24
`, "a.yaml#Sub1 lit(10.0.1.0/24)@8:22; a.yaml#Sub2 lit(10.0.2.0/24)@8:22"},
		{"nested loops", `Resources:
  Fn::ForEach::Outer:
    - X
    - ["1", "2"]
    - Fn::ForEach::Inner:
        - Y
        - ["3", "4"]
        - Sub${X}${Y}:
            Type: AWS::EC2::Subnet
            Properties:
              CidrBlock: !Sub 10.${X}.${Y}.0/24
`, "a.yaml#Sub13 lit(10.1.3.0/24)@11:26; a.yaml#Sub14 lit(10.1.4.0/24)@11:26; a.yaml#Sub23 lit(10.2.3.0/24)@11:26; a.yaml#Sub24 lit(10.2.4.0/24)@11:26"},
		{"collection from a list parameter", `Parameters:
  Names: {Type: CommaDelimitedList, Default: "A,B"}
Resources:
  Fn::ForEach::Subnets:
    - Name
    - !Ref Names
    - Sub${Name}:
        Type: AWS::EC2::Subnet
        Properties:
          CidrBlock: !Ref Name
`, "a.yaml#SubA lit(A)@10:22; a.yaml#SubB lit(B)@10:22"},
		{"collection not known: one resource that may not exist", `Parameters:
  Names: {Type: CommaDelimitedList}
Resources:
  Fn::ForEach::Subnets:
    - Name
    - !Ref Names
    - Sub${Name}:
        Type: AWS::EC2::Subnet
        Properties:
          CidrBlock: !Sub 10.0.${Name}.0/24
`, "a.yaml#Sub${Name} unknown@10:22 if Fn::ForEach::Subnets (its collection is not known)"},
		{"loop in Conditions", `Parameters:
  Stage: {Type: String, Default: Prod}
Conditions:
  Fn::ForEach::Is:
    - S
    - [Prod, Dev]
    - Is${S}: !Equals [!Ref Stage, !Ref S]
Resources:
  Prod:
    Type: AWS::EC2::Subnet
    Condition: IsProd
    Properties: {CidrBlock: 10.0.1.0/24}
  Dev:
    Type: AWS::EC2::Subnet
    Condition: IsDev
    Properties: {CidrBlock: 10.0.2.0/24}
`, "a.yaml#Prod lit(10.0.1.0/24)@12:29"},
		{"Fn::Length and Fn::FindInMap DefaultValue", `Parameters:
  Names: {Type: CommaDelimitedList, Default: "A,B,C"}
Mappings:
  M:
    A: {Size: "3"}
Conditions:
  Three: !Equals [{"Fn::Length": !Ref Names}, !FindInMap [M, B, Size, {DefaultValue: "3"}]]
Resources:
  S:
    Type: AWS::EC2::Subnet
    Condition: Three
    Properties:
      CidrBlock: !FindInMap [M, !Ref AWS::Region, Size, {DefaultValue: "3"}]
`, "a.yaml#S lit(3)@13:18"},
		{"Fn::FindInMap DefaultValue equal to every entry", `Mappings:
  M:
    A: {Cidr: 10.0.0.0/16}
Resources:
  S:
    Type: AWS::EC2::Subnet
    Properties:
      CidrBlock: !FindInMap [M, !Ref AWS::Region, Cidr, {DefaultValue: 10.0.0.0/16}]
`, "a.yaml#S lit(10.0.0.0/16)@8:18"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, errs := buildSource(t, Options{}, [2]string{"a.yaml", langExtHead + tc.src})
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			// The head is one line: positions are of the source after it.
			got := subnetSummary(g)
			want := shiftLines(tc.want, 1)
			if got != want {
				t.Errorf("subnets:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// shiftLines adds n to every "@line:col" of s.
func shiftLines(s string, n int) string {
	parts := strings.Split(s, "@")
	for i := 1; i < len(parts); i++ {
		line, rest, _ := strings.Cut(parts[i], ":")
		parts[i] = itoa(atoi(line)+n) + ":" + rest
	}
	return strings.Join(parts, "@")
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestForEachErrors: what the transform rejects fails the template.
func TestForEachErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
		line            int
	}{
		{"not three arguments", `Resources:
  Fn::ForEach::X:
    - Name
    - [A]
`, "Fn::ForEach::X takes [identifier, collection, {output key: output value}]", 3},
		{"a logical ID made twice", `Resources:
  Fn::ForEach::X:
    - Name
    - [A, A]
    - Sub${Name}:
        Type: AWS::EC2::Subnet
`, "the AWS::LanguageExtensions transform makes the key SubA twice", 6},
		{"a resource without Type", `Resources:
  Fn::ForEach::X:
    - Name
    - [A]
    - Sub${Name}:
        Properties: {}
`, "resource SubA has no Type", 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, errs := buildSource(t, Options{}, [2]string{"a.yaml", langExtHead + tc.src})
			if len(errs) != 1 || !strings.Contains(errs[0].Msg, tc.want) || int(errs[0].Loc.StartLine) != tc.line {
				t.Fatalf("errors = %v, want %q on line %d", errs, tc.want, tc.line)
			}
			if len(g.Files) != 0 {
				t.Errorf("the failed template is among the graph's files")
			}
		})
	}
}

// TestForEachOutputsAndProperties: loops in Outputs make exports another
// template imports; a loop in a property makes its keys.
func TestForEachOutputsAndProperties(t *testing.T) {
	net := langExtHead + `Resources:
  Fn::ForEach::Subnets:
    - Name
    - [A, B]
    - Sub${Name}:
        Type: AWS::EC2::Subnet
        Properties:
          CidrBlock: 10.0.0.0/24
          Fn::ForEach::Tags:
            - T
            - [x, y]
            - Tag${T}: ${Name}-${T}
Outputs:
  Fn::ForEach::Ids:
    - Name
    - [A, B]
    - Sub${Name}Id:
        Value: !Ref
          Fn::Sub: Sub${Name}
        Export: {Name: !Sub "net-${Name}"}
`
	app := `Resources:
  Env:
    Type: AWS::ElasticBeanstalk::Environment
    Properties:
      OptionSettings:
        - {Namespace: aws:ec2:vpc, OptionName: Subnets, Value: !ImportValue net-B}
`
	g, errs := buildSource(t, Options{}, [2]string{"net.yaml", net}, [2]string{"app.yaml", app})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	env := nodeAs[*parsers.Environment](t, g, "app.yaml#Env")
	check(t, "imported subnet", render(env.Settings[0].Value), "ref(net.yaml#SubB)")
	tmpl, _ := Parse("net.yaml", []byte(net))
	s := newScope(&builder{}, tmpl)
	s.expandTemplate()
	var keys []string
	for _, k := range s.byID["SubB"].props.keys() {
		keys = append(keys, k.str)
	}
	if !slices.Equal(keys, []string{"CidrBlock", "Tagx", "Tagy"}) {
		t.Errorf("properties of SubB = %v", keys)
	}
	if v, _ := s.byID["SubB"].props.get("Tagy").text(); v != "B-y" {
		t.Errorf("Tagy = %q, want B-y", v)
	}
}

// TestForEachBound: a loop that would expand past maxExpansion stops the
// template with an EB900 at the loop, before making the copies.
func TestForEachBound(t *testing.T) {
	items := make([]string, 300)
	for i := range items {
		items[i] = "i" + itoa(i)
	}
	src := langExtHead + "Resources:\n  Fn::ForEach::Big:\n    - N\n    - [" + strings.Join(items, ", ") + "]\n" +
		"    - Sg${N}:\n        Type: AWS::EC2::SecurityGroup\n        Properties:\n          GroupDescription: " + strings.Repeat("x", 1<<20) + "\n"
	g, errs := buildSource(t, Options{}, [2]string{"a.yaml", src})
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, expansionLimit) || errs[0].Loc.StartLine != 3 {
		t.Fatalf("errors = %v, want %q on line 3", errs, expansionLimit)
	}
	if len(g.SecurityGroups) != 0 {
		t.Errorf("nodes of the failed template are in the graph")
	}
}
