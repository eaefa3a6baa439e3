package cloudformation

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// hostile is a template whose intrinsic functions multiply their input; its
// blow-up is on the lines in lines.
type hostile struct {
	name  string
	src   string
	lines []int
	msg   string
}

// expansionLimit is the message of a template past maxExpansion.
var expansionLimit = fmt.Sprintf("template too complex to resolve: its intrinsic functions expand beyond %d bytes", maxExpansion)

// vpcTemplate returns a template with a VPC whose CidrBlock is expr, on
// line 5, after the given parameters and mappings.
func vpcTemplate(head, expr string) (string, int) {
	src := head + "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: " + expr + "\n"
	return src, strings.Count(head, "\n") + 5
}

func hostileTemplates() []hostile {
	var out []hostile
	add := func(name, head, expr, msg string) {
		src, line := vpcTemplate(head, expr)
		out = append(out, hostile{name, src, []int{line}, msg})
	}
	// Each level splits at "," and joins with eight commas: eight times
	// the pieces, in one function call.
	expr := `"a,b"`
	for range 10 {
		expr = `!Join [",,,,,,,,", !Split [",", ` + expr + `]]`
	}
	add("Fn::Join over Fn::Split", "", expr, expansionLimit)

	// Fn::Sub of Fn::Sub, each naming its variable eight times.
	expr = `"` + strings.Repeat("x", 1000) + `"`
	for range 8 {
		expr = `!Sub ["` + strings.Repeat("${A}", 8) + `", {A: ` + expr + `}]`
	}
	add("Fn::Sub of Fn::Sub", "", expr, expansionLimit)

	// One value of a variable quoting a long name, used many times: the
	// reasons of the unknown values are what grows.
	add("reasons quoting a long name", "Transform: AWS::Serverless-2016-10-31\n",
		`!Sub ["`+strings.Repeat("${A}", 3000)+`", {A: !Ref `+strings.Repeat("N", 100_000)+`}]`, expansionLimit)

	// Fn::Cidr with the largest count, used many times.
	add("Fn::Cidr used many times", "",
		`!Sub ["`+strings.Repeat("${A}", 20_000)+`", {A: !Join [",", !Cidr [10.0.0.0/8, 256, 8]]}]`, expansionLimit)

	// Fn::FindInMap with a key known only at deploy time compares every
	// entry of the map, used many times.
	var mapping strings.Builder
	mapping.WriteString("Mappings:\n  M:\n")
	for i := range 2000 {
		fmt.Fprintf(&mapping, "    k%d: {V: v}\n", i)
	}
	add("Fn::FindInMap over a large map used many times", mapping.String(),
		`!Sub ["`+strings.Repeat("${A}", 1100)+`", {A: !FindInMap [M, !Ref AWS::Region, V]}]`,
		fmt.Sprintf("template too complex to resolve: more than %d function calls", maxSteps))

	// Each VPC's CidrBlock is its predecessor's twice: the blow-up
	// spreads over the resources, and stops at one of their lines.
	var chain strings.Builder
	chain.WriteString("Resources:\n  V0:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: " + strings.Repeat("x", 1000) + "\n")
	var lines []int
	for i := 1; i < 30; i++ {
		fmt.Fprintf(&chain, "  V%d:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Sub \"${V%d.CidrBlock}${V%d.CidrBlock}\"\n", i, i-1, i-1)
		lines = append(lines, 1+4*i+4)
	}
	out = append(out, hostile{"VPC CidrBlock chain", chain.String(), lines, expansionLimit})

	// References nested deeper than the resolver follows.
	chain.Reset()
	chain.WriteString("Resources:\n  V0:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n")
	lines = nil
	for i := 1; i < 300; i++ {
		fmt.Fprintf(&chain, "  V%d:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !GetAtt V%d.CidrBlock\n", i, i-1)
		lines = append(lines, 1+4*i+4)
	}
	out = append(out, hostile{"VPC CidrBlock references nested too deep", chain.String(), lines,
		fmt.Sprintf("template too complex to resolve: references nested deeper than %d levels", maxDepth)})
	return out
}

// TestExpansionBounds: a template whose values multiply fails with one
// EB900 at the line where its values grow too large; none of its nodes is
// in the graph, and a template built with it is unaffected.
func TestExpansionBounds(t *testing.T) {
	const good = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Join [\".\", [\"10\", \"0\", \"0\", \"0/16\"]]\n"
	for _, tc := range hostileTemplates() {
		t.Run(tc.name, func(t *testing.T) {
			g, errs := buildSource(t, Options{}, [2]string{"hostile.yaml", tc.src}, [2]string{"good.yaml", good})
			if len(errs) != 1 {
				t.Fatalf("errors = %v, want one", errs)
			}
			e := errs[0]
			if e.Loc.File != "hostile.yaml" || !strings.Contains(e.Msg, tc.msg) || !slices.Contains(tc.lines, int(e.Loc.StartLine)) {
				t.Errorf("error = %v, want %q on line %v", e, tc.msg, tc.lines)
			}
			for _, f := range g.Files {
				if f.Path == "hostile.yaml" {
					t.Errorf("the failed template is among the graph's files")
				}
			}
			if len(g.VPCs) != 1 || g.VPCs[0].Key != "good.yaml#Vpc" || render(g.VPCs[0].CIDRs[0]) != "lit(10.0.0.0/16)" {
				t.Errorf("VPCs = %v, want only the good template's", g.VPCs)
			}
			if g.Node("hostile.yaml#Vpc") != nil || g.Node("hostile.yaml#V0") != nil {
				t.Errorf("a node of the failed template is in the graph")
			}
		})
	}
}

// TestJoinOverSplitIsLinear: joining the pieces of a split allocates in
// proportion to the string (the concatenation was quadratic). It counts
// the bytes allocated, not time.
func TestJoinOverSplitIsLinear(t *testing.T) {
	allocated := func(pieces int) uint64 {
		src := "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n      V: !Join [\"\", !Split [\",\", \"" + strings.Repeat("ab,", pieces) + "\"]]\n"
		tmpl, err := Parse("t.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		s := newScope(&builder{g: parsers.NewGraph()}, tmpl)
		n := tmpl.byID["R"].props.get("V")
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		v := s.resolve(n)
		runtime.ReadMemStats(&after)
		if v.Kind != parsers.Known || len(v.Str) != 2*pieces {
			t.Fatalf("resolved to %s, want a %d-byte string", v.Kind, 2*pieces)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := allocated(5_000), allocated(40_000)
	// Eight times the input: linear work allocates about eight times as
	// much, the quadratic concatenation about sixty times.
	if large > 12*small {
		t.Errorf("%d bytes allocated for 5,000 pieces, %d for 40,000: %.0f times as much for 8 times the input", small, large, float64(large)/float64(small))
	}
}

// BenchmarkJoinOverSplit resolves Fn::Join over Fn::Split of strings of
// growing size: the time per piece stays flat.
func BenchmarkJoinOverSplit(b *testing.B) {
	for _, pieces := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("pieces=%d", pieces), func(b *testing.B) {
			src := "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n      V: !Join [\"\", !Split [\",\", \"" + strings.Repeat("ab,", pieces) + "\"]]\n"
			tmpl, err := Parse("t.yaml", []byte(src))
			if err != nil {
				b.Fatal(err)
			}
			n := tmpl.byID["R"].props.get("V")
			for b.Loop() {
				newScope(&builder{g: parsers.NewGraph()}, tmpl).resolve(n)
			}
		})
	}
}

// TestPolicyStringOverTemplateLimit: a policy document built as a string
// larger than a template may be is not parsed (its tree would take many
// times its size): it is unknown and says why.
func TestPolicyStringOverTemplateLimit(t *testing.T) {
	// 4 KB of "1," sixteen times, three times over: 16 MiB of JSON.
	expr := `"` + strings.Repeat("1,", 2048) + `"`
	for range 3 {
		expr = `!Sub ["` + strings.Repeat("${A}", 16) + `", {A: ` + expr + `}]`
	}
	g := buildInline(t, fmt.Sprintf(endpointTemplate, `!Join ["", ["[", `+expr+`, "1]"]]`), Options{})
	p := nodeAs[*parsers.VPCEndpoint](t, g, "t.yaml#S3").Policy
	want := fmt.Sprintf("PolicyDocument is a string of %d bytes, over the %d-byte limit of a template", 2+4096*16*16*16+1, MaxSize)
	if p.Kind != parsers.Unknown || p.Reason() != want {
		t.Errorf("policy = %s (%q), want unknown: %q", p.Kind, p.Reason(), want)
	}
}
