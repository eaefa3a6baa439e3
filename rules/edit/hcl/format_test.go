package hcl

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/beanlint/beanlint/parsers/shared"
)

// tfDirs are the directories whose .tf files format is compared with
// hclwrite.Format on; "shared/" ones are in the shared directory.
var tfDirs = []string{"../../../testdata", "../../../examples", "shared/corpus"}

// tfFiles returns the .tf files below tfDirs, by path.
func tfFiles(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, dir := range tfDirs {
		if rest, ok := strings.CutPrefix(dir, "shared/"); ok {
			dir = shared.Path(t, filepath.FromSlash(rest))
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".tf" {
				return err
			}
			data, err := os.ReadFile(path)
			files[path] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// pieces returns src whole and each of its top-level blocks alone (from
// the start of its line), the texts format is compared on.
func pieces(src []byte) [][]byte {
	out := [][]byte{src}
	f, diags := hclsyntax.ParseConfig(src, "", hcl.InitialPos)
	if diags.HasErrors() {
		return out
	}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		r := b.Range()
		start := bytes.LastIndexByte(src[:r.Start.Byte], '\n') + 1
		out = append(out, src[start:r.End.Byte])
	}
	return out
}

// sameAsHCLWrite fails t when format(src) is not hclwrite.Format(src).
func sameAsHCLWrite(t *testing.T, name string, src []byte) {
	t.Helper()
	want := hclwrite.Format(src)
	if got := format(src); !bytes.Equal(got, want) {
		t.Errorf("%s: format differs from hclwrite.Format\nsource:\n%s\ngot:\n%s\nwant:\n%s", name, src, got, want)
	}
}

// TestFormatAsHCLWrite: on every .tf file of the repository and the shared
// corpus, whole and each top-level block alone, format writes what
// hclwrite.Format writes.
func TestFormatAsHCLWrite(t *testing.T) {
	files := tfFiles(t)
	if len(files) < 100 {
		t.Fatalf("%d .tf files: the corpus is not where it was", len(files))
	}
	compared := 0
	for path, src := range files {
		for i, p := range pieces(src) {
			sameAsHCLWrite(t, path+"#"+string(rune('0'+i%10)), p)
			compared++
		}
	}
	t.Logf("%d files, %d texts compared", len(files), compared)
}

// TestFormatCases compares format with hclwrite.Format on the layouts
// terraform fmt changes.
func TestFormatCases(t *testing.T) {
	for name, src := range formatCases {
		sameAsHCLWrite(t, name, []byte(src))
	}
}

var formatCases = map[string]string{
	"indent":          "a {\nb {\nc = 1\n}\n}\n",
	"align":           "a {\n  x = 1\n  long_name = 2 # c\n  y = [1,2] // d\n\n  z=3\n}\n",
	"object":          "m = {\na = 1\nbbb = \"x\"\nc = { d = 1 }\n}\n",
	"negation":        "a = -1\nb = 1 - -2\nc = [-1, x-1, (-1)]\nd = !x\n",
	"templates":       "a = \"${ x }-${y}\"\nb = \"%{ if x }y%{ endif }\"\nc = \"${ {a=1} }\"\n",
	"heredoc":         "a = <<-EOT\n    keep   this\n  ${ x }\n  EOT\nb = 1\n",
	"for":             "a = [for x in [1]: x]\nb = {for k, v in m: k => v...}\n",
	"call":            "a = foo (1 , 2 ...)\nb = provider::aws::arn(x)\nc = x[0].y[*].z\n",
	"comments":        "# top\n/* block */ a = 1\nb = 2 /* inline */\n  // indented\n",
	"unbalanced":      "a = {\n  b = (\n1)\n}}\n]\n",
	"crlf":            "a {\r\n  b = 1\r\n}\r\n",
	"no newline":      "a = 1   ",
	"tabs":            "a\t=\t1\n\tb = 2\n",
	"unicode":         "é = 1\nzz = 2\n\"🏳️‍🌈\" = 3 # x\n",
	"conditional":     "a = x ? 1 : -1\nb = x==1&&y!=2||!z\n",
	"empty braces":    "a {}\nb = {}\nc = []\nd = { }\n",
	"multiline args":  "a = foo(\n1,\n2,\n)\n",
	"invalid":         "a = 1 @ $ ~\n\"unterminated\n",
	"splat and index": "a = b.*.c\nd = e [1]\nf = g[\"h\"]\n",
}

// FuzzFormat: on any text format writes what hclwrite.Format writes.
func FuzzFormat(f *testing.F) {
	for _, src := range formatCases {
		f.Add([]byte(src))
	}
	shared.Seeds(f, []string{"../../../testdata", "../../../examples", "shared/corpus"}, ".tf")
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsHCLWrite(t, "fuzz", src)
	})
}
