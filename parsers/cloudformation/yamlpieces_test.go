package cloudformation

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/shared"
)

// yamlTemplates returns the YAML (and JSON, which YAML reads too) files of
// testdata, examples and the shared corpus.
func yamlTemplates(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, root := range []string{"../../testdata", "../../examples", corpus(t, "realworld"), corpus(t, "robustness")} {
		files = append(files, corpusFiles(t, root)...)
	}
	return files
}

// samePieces parses data in pieces of size bytes and as a whole, and
// reports a difference between the two trees, or a tree from the pieces
// where the whole parse fails. pieced says whether the pieces were used.
func samePieces(path string, data []byte, size int) (pieced bool, diff string) {
	root, ok := parseYAMLPieces(path, data, size)
	if !ok {
		return false, ""
	}
	whole, werr := parseYAMLWhole(path, data)
	return true, piecesDiff(root, whole, werr)
}

// piecesDiff reports a difference between the tree from the pieces and the
// whole parse's result.
func piecesDiff(root, whole *node, werr error) string {
	if werr != nil {
		return fmt.Sprintf("the pieces give a tree, the whole parse fails: %v", werr)
	}
	return treeDiff(root, whole, "")
}

// treeDiff returns where trees a and b first differ, "" if nowhere.
func treeDiff(a, b *node, at string) string {
	if (a == nil) != (b == nil) {
		return fmt.Sprintf("%s: %v vs %v", at, a, b)
	}
	if a == nil {
		return ""
	}
	if a.kind != b.kind || a.null != b.null || a.str != b.str || a.at != b.at ||
		len(a.keys()) != len(b.keys()) || len(a.vals()) != len(b.vals()) || len(a.items()) != len(b.items()) {
		return fmt.Sprintf("%s: pieces %+v, whole %+v", at, *a, *b)
	}
	for i := range a.keys() {
		if d := treeDiff(a.keys()[i], b.keys()[i], at+"/key "+a.keys()[i].str); d != "" {
			return d
		}
		if d := treeDiff(a.vals()[i], b.vals()[i], at+"/"+a.keys()[i].str); d != "" {
			return d
		}
	}
	for i := range a.items() {
		if d := treeDiff(a.items()[i], b.items()[i], fmt.Sprintf("%s/%d", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// TestPiecesEqualWhole parses every template of testdata, examples and the
// corpus in pieces, of one entry each, of 512 bytes and of the size the
// parser uses, and whole: where the pieces give a tree, it must be
// deep-equal to the whole parse's (where they decline, parseYAML parses
// the whole document), and parseYAML must give it.
func TestPiecesEqualWhole(t *testing.T) {
	pieced := map[int]int{}
	large := 0 // files parseYAML reads in pieces
	files := yamlTemplates(t)
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		data := trimBOM(raw)
		var whole *node
		var werr error
		parsed := false
		for _, size := range []int{1, 512, pieceSize} {
			root, ok := parseYAMLPieces(path, data, size)
			if !ok {
				continue
			}
			pieced[size]++
			if !parsed {
				whole, werr = parseYAMLWhole(path, data)
				parsed = true
			}
			if diff := piecesDiff(root, whole, werr); diff != "" {
				t.Errorf("%s, pieces of %d bytes: %s", path, size, diff)
			}
			if size == pieceSize && len(data) > pieceSize {
				large++
				if got, err := parseYAML(path, data); !reflect.DeepEqual(got, whole) || err != nil {
					t.Errorf("%s: parseYAML gives (%v, %v), not the whole parse's tree", path, got != nil, err)
				}
			}
		}
	}
	// Most YAML templates are read in pieces: the test compares something.
	if pieced[1] < len(files)/3 || large == 0 {
		t.Errorf("only %d of %d files were parsed in pieces, %d by parseYAML", pieced[1], len(files), large)
	}
	t.Logf("%d files; parsed in pieces of 1, 512 and %d bytes: %v; by parseYAML: %d", len(files), pieceSize, pieced, large)
}

// trimBOM removes a UTF-8 byte-order mark, as the callers of parseYAML do.
func trimBOM(data []byte) []byte {
	return []byte(strings.TrimPrefix(string(data), "\xef\xbb\xbf"))
}

// FuzzYAMLPieces checks that a text the pieces read gives the tree the
// whole parse gives.
func FuzzYAMLPieces(f *testing.F) {
	shared.Seeds(f, seedDirs, ".yaml", ".yml", ".template")
	for _, tc := range pieceFallbacks {
		f.Add([]byte(tc.text))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, size := range []int{1, 64} {
			if _, diff := samePieces("f.yaml", data, size); diff != "" {
				t.Fatalf("pieces of %d bytes: %s", size, diff)
			}
		}
	})
}

// pieceFallbacks are texts the pieces decline, so that the whole document
// is parsed. Where the text passes pieceCuts (the tags, anchors,
// duplicates, alias, quoted scalars and flow collections across lines), a
// piece fails to parse alone or to convert; read in pieces of one entry
// each without that check, the first four would give another tree than the
// whole parse, or a tree where it fails. The others fail the conditions on
// pieces (a piece is one document, its top level a block mapping whose
// first key is where the cut says, a quoted scalar or flow collection
// ends in the piece it starts in).
var pieceFallbacks = []struct {
	name, text string
}{
	{"duplicate top-level key", "A: 1\nB: 2\nA: 3\n"},
	{"duplicate key of a mapping read in pieces", "Resources:\n  A: 1\nResources:\n  B: 2\n"},
	{"duplicate resource", "Resources:\n  A:\n    Type: X\n  B:\n    Type: Y\n  A:\n    Type: Z\n"},
	{"tag on the value of Resources", "Resources: !Tag:\n  A: 1\n  B: 2\n"},
	{"document end marker", "A: 1\n...\nB: 2\n"},
	{"flow sequence across lines", "A: [1,\nB, 2]\n"},
	{"double-quoted scalar across lines", "A: \"x\nB: y\"\n"},
	{"single-quoted scalar across lines", "A: 'x\nB: y'\n"},
	{"alias across pieces", "A: &a\n  X: 1\nB: *a\n"},
	{"document start marker", "A: 1\n---\nB: 2\n"},
	{"second document", "A: 1\nB: 2\n---\nC: 3\n"},
	{"anchor on the value of Resources", "Resources: &r:\n  A: 1\n  B: 2\n"},
	{"anchor on the top level", "&a\nA: 1\nB: 2\n"},
	{"tag on the top level", "!!map\nA: 1\nB: 2\n"},
	{"top level is a sequence", "- A: 1\n- B: 2\n"},
	{"top level is a flow mapping", "{A: 1,\nB: 2}\n"},
	{"less-indented resource", "Resources:\n  A: 1\n B: 2\n"},
	{"tab before a key", "A: 1\n\tB: 2\n"},
	{"byte-order mark", "\ufeffA: 1\nB: 2\n"},
	{"UTF-16", "\xff\xfeA\x00:\x00 \x001\x00\n\x00B\x00:\x00 \x002\x00\n\x00"},
}

// TestPieceFallbacks checks each text the pieces decline: the pieces give
// no tree, and parseYAML gives the whole parse's tree or error.
func TestPieceFallbacks(t *testing.T) {
	for _, tc := range pieceFallbacks {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.text)
			if used, diff := samePieces("t.yaml", data, 1); diff != "" {
				t.Errorf("%q: %s", tc.text, diff)
			} else if used {
				t.Errorf("the pieces read %q", tc.text)
			}
			whole, werr := parseYAMLWhole("t.yaml", data)
			root, err := parseYAML("t.yaml", data)
			if !reflect.DeepEqual(root, whole) || !reflect.DeepEqual(err, werr) {
				t.Errorf("parseYAML gives (%v, %v), the whole parse (%v, %v)", root, err, whole, werr)
			}
		})
	}
}

// TestPiecesRead checks texts the pieces read, in pieces of one entry
// each: they give the whole parse's tree.
func TestPiecesRead(t *testing.T) {
	tests := []struct{ name, text string }{
		{"indented top level", "  A: 1\n  Resources:\n    R:\n      Type: X\n    S:\n      Type: Y\n  B: 2\n"},
		{"resources first", "Resources:\n  R:\n    Type: X\n  S: !Ref R\nOutputs: {}\n"},
		{"comments before resources first", "# a template\n\nResources:\n  R:\n    Type: X\n  S: !Ref R\n"},
		{"comments between pieces", "# head\nA: 1 # one\n# between\nResources: # r\n  # first\n  R: 1\n# out of place\n  S: 2\n"},
		{"CRLF", "A: 1\r\nResources:\r\n  R: 1\r\n  S: 2\r\n"},
		{"tag and anchor on the value of a key", "Resources: !!map\n  A: 1\nB: &b\n  C: 1\n"},
		{"indentless sequence", "A:\n- 1\n- 2\nB: 3\n"},
		{"block scalar ending at the key column", "A: |\n  x\n\n  y\nB: >-\n  z\n\nC: 1\n"},
		{"tab in a block scalar", "A: |\n  x\n  \ty\nB: 1\n"},
		{"multi-line plain scalar", "A: x\n  y\nB: 1\n"},
		{"quoted and flow values within a line", "A: \"x\"\nB: [1, 2]\nC: {D: 'e'}\n"},
		{"byte-order mark inside", "A: 1\n\ufeffB: 2\n"},
		{"next line", "A: 1\u0085B: 2\u0085C: 3\n"},
		{"line separator", "A: 1\u2028B: 2\u2029C: 3\n"},
		{"lone carriage return", "A: 1\rB: 2\rC: 3\n"},
		{"short-form tags", "Resources:\n  R:\n    P: !Sub x\n  S:\n    P: !GetAtt R.Arn\n"},
		{"empty values", "A:\nResources:\n  R:\n  S:\nB:\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			used, diff := samePieces("t.yaml", []byte(tc.text), 1)
			if !used {
				t.Fatalf("the pieces declined %q", tc.text)
			}
			if diff != "" {
				t.Errorf("%q: %s", tc.text, diff)
			}
		})
	}
}
