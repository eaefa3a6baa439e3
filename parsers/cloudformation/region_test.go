package cloudformation

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/shared"
)

// sliceRegion returns the text of src that loc covers, counting columns in
// code points; EndCol is one past the last character.
func sliceRegion(t *testing.T, src string, loc parsers.Location) string {
	t.Helper()
	offset := func(line, col int) int {
		lines := strings.SplitAfter(src, "\n")
		if line < 1 || line > len(lines) {
			t.Fatalf("line %d outside the source (%d lines)", line, len(lines))
		}
		off := 0
		for _, l := range lines[:line-1] {
			off += len(l)
		}
		runes := []rune(lines[line-1])
		if col < 1 || col > len(runes)+1 {
			t.Fatalf("column %d outside line %d (%q)", col, line, lines[line-1])
		}
		return off + len(string(runes[:col-1]))
	}
	start, end := offset(int(loc.StartLine), int(loc.StartCol)), offset(int(loc.EndLine), int(loc.EndCol))
	if end < start {
		t.Fatalf("region %d:%d-%d:%d ends before it starts", loc.StartLine, loc.StartCol, loc.EndLine, loc.EndCol)
	}
	return src[start:end]
}

// walk follows keys and list indexes from n.
func walk(t *testing.T, n *node, path ...string) *node {
	t.Helper()
	for _, step := range path {
		if i, err := strconv.Atoi(step); err == nil {
			if n.kind != seqNode || i >= len(n.items()) {
				t.Fatalf("no item %d at %q", i, step)
			}
			n = n.items()[i]
			continue
		}
		if n = n.get(step); n == nil {
			t.Fatalf("no key %q", step)
		}
	}
	return n
}

// TestYAMLRegions: a value's region covers exactly its text as written,
// tag, quotes and closing brackets included.
func TestYAMLRegions(t *testing.T) {
	tests := []struct {
		name string
		src  string   // the document; Value is the key looked at
		path []string // below Value
		want string
	}{
		{"plain", "Value: abc def\nNext: 1\n", nil, "abc def"},
		{"plain before comment", "Value: abc   # note\nNext: 1\n", nil, "abc"},
		{"number", "Value: 443\n", nil, "443"},
		{"double quoted with escapes", "Value: \"a\\\"b\\\\n\\u00e9\"\nNext: 1\n", nil, `"a\"b\\n\u00e9"`},
		{"single quoted with escaped quote", "Value: 'it''s'\n", nil, "'it''s'"},
		{"tagged plain", "Value: !Ref H\nNext: 1\n", nil, "!Ref H"},
		{"tagged double quoted", "Value: !Sub \"${SubA},${SubB}\"\n", nil, `!Sub "${SubA},${SubB}"`},
		{"tagged single quoted", "Value: !Sub 'a-${B}'\n", nil, "!Sub 'a-${B}'"},
		{"tag alone", "Value: !GetAZs\nNext: 1\n", nil, "!GetAZs"},
		{"tag with empty quotes", "Value: !GetAZs ''\n", nil, "!GetAZs ''"},
		{"anchor and tag", "Value: &a !Ref X\n", nil, "&a !Ref X"},
		{"tag on the line before", "Value: !Ref\n  X\nNext: 1\n", nil, "!Ref\n  X"},
		{"null", "Value:\nNext: 1\n", nil, ""},
		{"tagged flow sequence", "Value: !If [C, true, false]\nNext: 1\n", nil, "!If [C, true, false]"},
		{"nested flow", "Value: !Join [\",\", [!Ref SubA, !Ref SubB]]\n", nil, `!Join [",", [!Ref SubA, !Ref SubB]]`},
		{"nested flow inner list", "Value: !Join [\",\", [!Ref SubA, !Ref SubB]]\n", []string{"Fn::Join", "1"}, "[!Ref SubA, !Ref SubB]"},
		{"nested flow last item", "Value: !Join [\",\", [!Ref SubA, !Ref SubB]]\n", []string{"Fn::Join", "1", "1"}, "!Ref SubB"},
		{"flow mapping", "Value: {a: 1, b: [x, \"]\"]}\n", nil, `{a: 1, b: [x, "]"]}`},
		{"flow mapping null value", "Value: {a: }\n", nil, "{a: }"},
		{"empty flow", "Value: []\n", nil, "[]"},
		{"implicit pair in flow sequence", "Value: [a: b, c]\n", []string{"0"}, "a: b"},
		{"flow over lines with comment", "Value: [a,\n  b,  # c ]\n  ]\nNext: 1\n", nil, "[a,\n  b,  # c ]\n  ]"},
		{"block sequence", "Value: !Join\n  - \",\"\n  - - !Ref A\n    - !Ref B\nNext: 1\n", nil, "!Join\n  - \",\"\n  - - !Ref A\n    - !Ref B"},
		{"block sequence last item", "Value:\n  - a\n  - !Ref B   # c\nNext: 1\n", nil, "- a\n  - !Ref B"},
		{"block mapping", "Value:\n  A: 1\n  B: two words\n\nNext: 1\n", nil, "A: 1\n  B: two words"},
		{"block mapping ending in null", "Value:\n  A: 1\n  B:\nNext: 1\n", nil, "A: 1\n  B:"},
		{"multi-line plain", "Value: a\n  b   c\n\n  d\nNext: 1\n", nil, "a\n  b   c\n\n  d"},
		{"multi-line double quoted", "Value: \"a\n  b\"\n", nil, "\"a\n  b\""},
		{"literal", "Value: |\n  line 1\n    line 2\n\nNext: 1\n", nil, "|\n  line 1\n    line 2"},
		{"folded with chomping", "Value: >-   # c\n  a\n  b\nNext: 1\n", nil, ">-   # c\n  a\n  b"},
		{"tagged literal", "Value: !Sub |\n  a ${B}\n", nil, "!Sub |\n  a ${B}"},
		{"empty literal", "Value: |\nNext: 1\n", nil, "|"},
		{"non-ASCII plain", "Value: été à\n", nil, "été à"},
		{"non-ASCII before the value", "Value: [été, !Ref Ω, \"naïve\"]\n", []string{"1"}, "!Ref Ω"},
		{"non-ASCII flow", "Value: [été, !Ref Ω, \"naïve\"]\n", nil, "[été, !Ref Ω, \"naïve\"]"},
		{"astral characters", "Value: {a: \"😀\", b: !Ref X}\n", []string{"b"}, "!Ref X"},
		{"CRLF", "Value: [a,\r\n  b]\r\nNext: 1\r\n", nil, "[a,\r\n  b]"},
		{"tab separator", "Value:\t\"x\"\n", nil, `"x"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, err := parseYAML("t.yaml", []byte(tc.src))
			if err != nil {
				t.Fatalf("parseYAML: %v", err)
			}
			n := walk(t, root, append([]string{"Value"}, tc.path...)...)
			if got := sliceRegion(t, tc.src, locOf(n)); got != tc.want {
				t.Errorf("region %d:%d-%d:%d covers %q, want %q", locOf(n).StartLine, locOf(n).StartCol, locOf(n).EndLine, locOf(n).EndCol, got, tc.want)
			}
		})
	}
}

// TestJSONRegions: JSON values use the same convention.
func TestJSONRegions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		path []string
		want string
	}{
		{"string with escapes", `{"Value": "a\"b\u00e9\/"}`, nil, `"a\"b\u00e9\/"`},
		{"number", `{"Value": 443, "Next": 1}`, nil, "443"},
		{"boolean", `{"Value": true}`, nil, "true"},
		{"null", `{"Value": null}`, nil, "null"},
		{"intrinsic", `{"Value": {"Fn::Join": [",", [{"Ref": "A"}, {"Ref": "B"}]]}}`, nil, `{"Fn::Join": [",", [{"Ref": "A"}, {"Ref": "B"}]]}`},
		{"inner list", `{"Value": {"Fn::Join": [",", [{"Ref": "A"}, {"Ref": "B"}]]}}`, []string{"Fn::Join", "1"}, `[{"Ref": "A"}, {"Ref": "B"}]`},
		{"empty array", `{"Value": []}`, nil, "[]"},
		{"over lines", "{\n  \"Value\": [\n    \"a\",\n    \"b\"\n  ],\n  \"Next\": 1\n}\n", nil, "[\n    \"a\",\n    \"b\"\n  ]"},
		{"non-ASCII", `{"Value": ["été", "naïve", "😀", {"Ref": "X"}]}`, []string{"3"}, `{"Ref": "X"}`},
		{"non-ASCII string", `{"Value": ["été", "naïve"]}`, []string{"1"}, `"naïve"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, err := parseJSON("t.json", []byte(tc.src))
			if err != nil {
				t.Fatalf("parseJSON: %v", err)
			}
			n := walk(t, root, append([]string{"Value"}, tc.path...)...)
			if got := sliceRegion(t, tc.src, locOf(n)); got != tc.want {
				t.Errorf("region %d:%d-%d:%d covers %q, want %q", locOf(n).StartLine, locOf(n).StartCol, locOf(n).EndLine, locOf(n).EndCol, got, tc.want)
			}
		})
	}
}

// TestResolvedRegions: resolved property values keep the region of the
// expression they come from.
func TestResolvedRegions(t *testing.T) {
	src := `Parameters:
  H: {Type: String, Default: "true"}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Join ["", ["10.0.", "0.0/16"]]
      EnableDnsHostnames: !Ref H
      EnableDnsSupport: "true"
`
	tmpl, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	g := parsers.NewGraph()
	if errs := Build(g, []*Template{tmpl}, Options{}); len(errs) > 0 {
		t.Fatal(errs)
	}
	vpc := nodeAs[*parsers.VPC](t, g, "t.yaml#Vpc")
	check(t, "CidrBlock", sliceRegion(t, src, vpc.CIDRs[0].Loc), `!Join ["", ["10.0.", "0.0/16"]]`)
	check(t, "EnableDnsHostnames", sliceRegion(t, src, vpc.EnableDNSHostnames.Loc), "!Ref H")
	check(t, "EnableDnsSupport", sliceRegion(t, src, vpc.EnableDNSSupport.Loc), `"true"`)
}

// TestCorpusRegions: in every template of the test data and the real-world
// corpus, each region lies inside its parent's, a scalar's region holds its
// text (when written without escapes) and a bracketed collection's region holds both brackets.
func TestCorpusRegions(t *testing.T) {
	files := corpusFiles(t, dir)
	if root, ok := shared.Optional("corpus", "realworld"); ok {
		files = append(files, corpusFiles(t, root)...)
	} else if os.Getenv(shared.RequireEnv) != "" {
		t.Fatalf("../shared/corpus/realworld is absent and %s is set", shared.RequireEnv)
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tmpl, err := Parse(path, data)
		if err != nil {
			continue // not a template; TestCorpusNoPanic checks the ones that must parse
		}
		src := string(data)
		var visit func(n, parent *node)
		visit = func(n, parent *node) {
			if parent != nil && (before(locOf(n).StartLine, locOf(n).StartCol, locOf(parent).StartLine, locOf(parent).StartCol) ||
				before(locOf(parent).EndLine, locOf(parent).EndCol, locOf(n).EndLine, locOf(n).EndCol)) {
				t.Errorf("%s: region %s-%d:%d is outside its parent's %s-%d:%d", path, locOf(n), locOf(n).EndLine, locOf(n).EndCol, locOf(parent), locOf(parent).EndLine, locOf(parent).EndCol)
				return
			}
			text := sliceRegion(t, src, locOf(n))
			switch {
			case n.kind == scalarNode && !n.null && !strings.ContainsAny(n.str, " \t\n\\\"'") && !strings.Contains(text, "\\"):
				if !strings.Contains(text, n.str) {
					t.Errorf("%s:%d:%d: region %q does not hold the value %q", path, locOf(n).StartLine, locOf(n).StartCol, text, n.str)
				}
			case n.kind != scalarNode:
				body := strings.TrimLeft(text, " ")
				for strings.HasPrefix(body, "!") {
					_, body, _ = strings.Cut(body, " ")
				}
				for open, closing := range map[string]string{"[": "]", "{": "}"} {
					if strings.HasPrefix(body, open) && !strings.HasSuffix(body, closing) {
						t.Errorf("%s:%d:%d: region %q misses the closing %s", path, locOf(n).StartLine, locOf(n).StartCol, text, closing)
					}
				}
			}
			for i, k := range n.keys() {
				if locOf(k) != locOf(n) { // not the function name of a short-form tag
					visit(k, n)
				}
				visit(n.vals()[i], n)
			}
			for _, it := range n.items() {
				visit(it, n)
			}
		}
		visit(tmpl.root, nil)
	}
}

func before(l1, c1, l2, c2 int32) bool { return l1 < l2 || l1 == l2 && c1 < c2 }

// locOf is n's location, without a file.
func locOf(n *node) parsers.Location { return n.at.in("") }
