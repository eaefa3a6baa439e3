package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/beanlint/beanlint/rules/lint"
)

// TestJSONSyntaxAgreesWithNative lints every configuration of the
// agreement test twice: as written, and with every other .tf file (in name
// order, the first included) rewritten in Terraform's JSON syntax
// (.tf.json), so that single-file roots are all JSON and the others mix
// both syntaxes, modules included; each without its plan, and its plan
// with it as source (--tf-source). The findings must be the same: rule,
// severity, file (but for .json) and message (but for the lines it names).
func TestJSONSyntaxAgreesWithNative(t *testing.T) {
	root := atRepoRoot(t)
	cases := agreementCases(t, root)
	for _, c := range cases {
		rel, err := filepath.Rel(c.base, c.dir)
		if err != nil {
			t.Fatal(err)
		}
		native, mixed := t.TempDir(), t.TempDir()
		copyConfiguration(t, c.base, c.dir, native)
		copyConfiguration(t, c.base, c.dir, mixed)
		converted := toJSONSyntax(t, filepath.Join(mixed, rel))
		want := syntaxFreeKeys(lint.Run([]string{filepath.Join(native, rel)}, lint.Options{}), native)
		got := syntaxFreeKeys(lint.Run([]string{filepath.Join(mixed, rel)}, lint.Options{}), mixed)
		if onlyNative, onlyJSON := diffKeys(want, got); len(onlyNative) > 0 || len(onlyJSON) > 0 {
			t.Errorf("%s (%s in JSON syntax): findings differ\n  native only: %v\n  JSON only: %v", c.name(root), strings.Join(converted, ", "), onlyNative, onlyJSON)
		}
		// The plan, with either as its source (--tf-source).
		plan := []string{filepath.Join(c.dir, "plan.json")}
		want = syntaxFreeKeys(lint.Run(plan, lint.Options{TFSource: filepath.Join(native, rel)}), native)
		got = syntaxFreeKeys(lint.Run(plan, lint.Options{TFSource: filepath.Join(mixed, rel)}), mixed)
		if onlyNative, onlyJSON := diffKeys(want, got); len(onlyNative) > 0 || len(onlyJSON) > 0 {
			t.Errorf("%s, plan with %s in JSON syntax as source: findings differ\n  native only: %v\n  JSON only: %v", c.name(root), strings.Join(converted, ", "), onlyNative, onlyJSON)
		}
	}
	t.Logf("%d configurations linted in both syntaxes", len(cases))
}

// locText is a file:line(:col) reference in a message.
var locText = regexp.MustCompile(`[^\s(]+\.tf(\.json)?:\d+(:\d+)?`)

// syntaxFreeKeys renders findings as rule, severity, file relative to dir
// without .json, and message without file:line references.
func syntaxFreeKeys(res *lint.Result, dir string) []string {
	var out []string
	for _, f := range res.Findings {
		file, err := filepath.Rel(dir, f.Loc.File)
		if err != nil || strings.HasPrefix(file, "..") {
			file = f.Loc.File // the plan JSON
		}
		msg := locText.ReplaceAllString(f.Message, "<loc>")
		out = append(out, fmt.Sprintf("%s %s %s %s", f.RuleID, f.Severity, strings.TrimSuffix(filepath.ToSlash(file), ".json"), msg))
	}
	sort.Strings(out)
	return out
}

// toJSONSyntax rewrites every other .tf file under dir (in name order, the
// first included) as a .tf.json file of the same configuration, and
// returns the files rewritten.
func toJSONSyntax(t *testing.T, dir string) []string {
	t.Helper()
	var tfs []string
	err := filepath.WalkDir(filepath.Dir(dir), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".tf") {
			tfs = append(tfs, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(tfs)
	var done []string
	for i, f := range tfs {
		if i%2 != 0 {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out, err := hclToJSON(src, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := os.WriteFile(f+".json", out, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
		done = append(done, filepath.Base(f))
	}
	return done
}

// hclToJSON converts a native-syntax configuration file to Terraform's
// JSON syntax: blocks as objects (arrays for repeated ones), literal
// strings, numbers and bools as JSON values, every other expression as a
// "${...}" template of its source text; a variable's type and a dynamic
// block's iterator as their text, as Terraform reads them in JSON.
func hclToJSON(src []byte, filename string) ([]byte, error) {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	top := map[string][]any{}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		var v any = jsonBody(b.Type, b.Body, src)
		for i := len(b.Labels) - 1; i >= 0; i-- {
			v = map[string]any{b.Labels[i]: v}
		}
		top[b.Type] = append(top[b.Type], v)
	}
	return json.MarshalIndent(top, "", "  ")
}

// jsonBody converts the body of a block of type typ.
func jsonBody(typ string, body *hclsyntax.Body, src []byte) map[string]any {
	obj := map[string]any{}
	for name, a := range body.Attributes {
		raw := typ == "variable" && name == "type" || typ == "dynamic" && name == "iterator"
		obj[name] = jsonExpr(a.Expr, src, raw)
	}
	for _, nb := range body.Blocks {
		var v any = jsonBody(nb.Type, nb.Body, src)
		for i := len(nb.Labels) - 1; i >= 0; i-- {
			v = map[string]any{nb.Labels[i]: []any{v}}
		}
		if len(nb.Labels) > 0 {
			// Labelled blocks of one type share the object of their labels.
			m, _ := obj[nb.Type].(map[string]any)
			if m == nil {
				m = map[string]any{}
			}
			for k, lv := range v.(map[string]any) {
				prev, _ := m[k].([]any)
				m[k] = append(prev, lv.([]any)...)
			}
			obj[nb.Type] = m
			continue
		}
		prev, _ := obj[nb.Type].([]any)
		obj[nb.Type] = append(prev, v)
	}
	return obj
}

// jsonExpr converts an expression.
func jsonExpr(e hclsyntax.Expression, src []byte, raw bool) any {
	text := string(src[e.Range().Start.Byte:e.Range().End.Byte])
	if raw {
		return text
	}
	if t, ok := e.(*hclsyntax.TemplateExpr); ok && t.IsStringLiteral() {
		v, _ := t.Value(nil)
		s := strings.ReplaceAll(v.AsString(), "${", "$${")
		return strings.ReplaceAll(s, "%{", "%%{")
	}
	if l, ok := e.(*hclsyntax.LiteralValueExpr); ok {
		switch {
		case l.Val.IsNull():
			return nil
		case l.Val.Type() == cty.Bool:
			return l.Val.True()
		case l.Val.Type() == cty.Number:
			return json.Number(l.Val.AsBigFloat().Text('f', -1))
		}
	}
	return "${" + text + "}"
}
