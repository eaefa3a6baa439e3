package cfn

import (
	"encoding/json"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/rules/edit"
)

// style is how a template writes its text: JSON or YAML, and the spaces
// of one indentation level.
type style struct {
	json   bool
	indent int
}

// yamlStyle is the style of rendered YAML when no file tells one.
var yamlStyle = style{indent: 2}

// pad returns the spaces of n indentation levels plus extra.
func (s style) pad(levels, extra int) string {
	return strings.Repeat(" ", levels*s.indent+extra)
}

// yamlEntry renders "key: value" as YAML lines at column col (the key's),
// each line ending in a newline; comment goes on the key line.
func (s style) yamlEntry(key string, v edit.Value, col int, comment string) string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", col) + yamlScalar(key) + ":")
	s.yamlValue(&b, v, col, comment)
	return b.String()
}

// yamlValue writes v after "key:" or "-" at column col: inline for
// scalars and short flow lists, else on the lines below, one level deeper.
func (s style) yamlValue(b *strings.Builder, v edit.Value, col int, comment string) {
	if comment == "" {
		comment = v.Comment
	}
	tail := ""
	if comment != "" {
		tail = " # " + comment
	}
	switch {
	case v.Kind == edit.Map && len(v.Fields) > 0:
		b.WriteString(tail + "\n")
		for _, f := range v.Fields {
			b.WriteString(s.yamlEntry(f.Key, f.Value, col+s.indent, ""))
		}
	case v.Kind == edit.List && len(v.Items) > 0 && !flowList(v):
		b.WriteString(tail + "\n")
		for _, it := range v.Items {
			s.yamlItem(b, it, col+s.indent)
		}
	case v.Kind == edit.Concat && !subable(v) && !flowList(edit.ListOf(v.Items...)):
		sep, items := joinParts(v)
		b.WriteString(" !Join" + tail + "\n")
		s.yamlItem(b, edit.Str(sep), col+s.indent)
		s.yamlItem(b, edit.ListOf(items...), col+s.indent)
	case v.Kind == edit.Import && len(v.Items) == 1:
		b.WriteString(" !ImportValue" + tail + "\n")
		b.WriteString(s.yamlEntry(intrinsicName(v.Items[0]), inner(v.Items[0]), col+s.indent, ""))
	default:
		b.WriteString(" " + yamlInline(v, false) + tail + "\n")
	}
}

// yamlItem writes the sequence item v with its dash at column col.
func (s style) yamlItem(b *strings.Builder, v edit.Value, col int) {
	if v.Kind == edit.Map && len(v.Fields) > 0 {
		for i, f := range v.Fields {
			entry := s.yamlEntry(f.Key, f.Value, col+2, "")
			if i == 0 {
				entry = strings.Repeat(" ", col) + "- " + entry[col+2:]
			}
			b.WriteString(entry)
		}
		return
	}
	if v.Kind == edit.List && len(v.Items) > 0 && !flowList(v) {
		// A list in a list: its first item on the dash's line.
		var inner strings.Builder
		for _, it := range v.Items {
			s.yamlItem(&inner, it, col+2)
		}
		b.WriteString(strings.Repeat(" ", col) + "- " + inner.String()[col+2:])
		return
	}
	b.WriteString(strings.Repeat(" ", col) + "-")
	s.yamlValue(b, v, col, "")
}

// joinParts returns a Concat as an Fn::Join: the separator and the items,
// "," and the odd parts when every even part is a "," (a list of IDs).
func joinParts(v edit.Value) (sep string, items []edit.Value) {
	comma := len(v.Items) > 1
	for i, p := range v.Items {
		if i%2 == 1 && (p.Kind != edit.String || p.Str != ",") {
			comma = false
		}
	}
	if !comma {
		return "", v.Items
	}
	for i, p := range v.Items {
		if i%2 == 0 {
			items = append(items, p)
		}
	}
	return ",", items
}

// flowList reports whether a list is written [a, b]: every item a
// scalar or reference without a comment.
func flowList(v edit.Value) bool {
	for _, it := range v.Items {
		if it.Comment != "" || it.Kind == edit.Map || it.Kind == edit.List || it.Kind == edit.Placeholder || it.Kind == edit.Import && len(it.Items) > 0 {
			return false
		}
	}
	return true
}

// intrinsicName and inner are the long form of a computed import name.
func intrinsicName(v edit.Value) string {
	if v.Kind == edit.Concat {
		return "Fn::Sub"
	}
	return "Ref"
}

func inner(v edit.Value) edit.Value {
	if v.Kind == edit.Concat {
		return edit.Str(subText(v))
	}
	return edit.Str(v.Str)
}

// yamlInline renders a value on one line, with short-form intrinsics, in
// a block or (flow) inside a flow collection.
func yamlInline(v edit.Value, flow bool) string {
	switch v.Kind {
	case edit.String:
		return scalar(v.Str, flow)
	case edit.Number, edit.Expr:
		return v.Str
	case edit.Bool:
		return fmt.Sprint(v.Bool)
	case edit.Ref, edit.Placeholder:
		if v.Attr != "" {
			return "!GetAtt " + v.Str + "." + v.Attr
		}
		return "!Ref " + v.Str
	case edit.Import:
		return "!ImportValue " + scalar(v.Str, flow)
	case edit.Concat:
		if !subable(v) {
			sep, items := joinParts(v)
			return "!Join [" + jsonString(sep) + ", " + yamlInline(edit.ListOf(items...), true) + "]"
		}
		return "!Sub " + scalar(subText(v), flow)
	case edit.List:
		var parts []string
		for _, it := range v.Items {
			parts = append(parts, yamlInline(it, true))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case edit.Map:
		var parts []string
		for _, f := range v.Fields {
			parts = append(parts, scalar(f.Key, true)+": "+yamlInline(f.Value, true))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return ""
}

// subable reports whether a Concat can be an Fn::Sub: its parts are
// strings and references.
func subable(v edit.Value) bool {
	for _, p := range v.Items {
		if p.Kind != edit.String && p.Kind != edit.Ref {
			return false
		}
	}
	return true
}

// jsonInline renders values separated by ", ".
func (s style) jsonInline(items []edit.Value, depth int) string {
	var parts []string
	for _, it := range items {
		parts = append(parts, s.jsonValue(it, depth))
	}
	return strings.Join(parts, ", ")
}

// subText renders a Concat as the text of an Fn::Sub.
func subText(v edit.Value) string {
	var b strings.Builder
	for _, p := range v.Items {
		switch p.Kind {
		case edit.Ref:
			b.WriteString("${" + p.Str)
			if p.Attr != "" {
				b.WriteString("." + p.Attr)
			}
			b.WriteString("}")
		default:
			b.WriteString(strings.ReplaceAll(p.Str, "${", "${!"))
		}
	}
	return b.String()
}

// yamlScalar writes s plain when YAML reads it back as that string, else
// double-quoted.
func yamlScalar(s string) string { return scalar(s, false) }

// scalar writes s plain when YAML reads it back as that string in a
// block or (flow) a flow collection, else double-quoted.
func scalar(s string, flow bool) string {
	if plainWord(s) || readsBack(s, flow) {
		return s
	}
	return jsonString(s)
}

// readsBack reports whether YAML reads s, written plain, back as that
// string in a block or (flow) a flow collection, asking the parser, and
// whether a YAML 1.1 parser would too (yaml11Bool).
func readsBack(s string, flow bool) bool {
	special := "\n\t#"
	if flow {
		special += ",[]{}"
	}
	if s == "" || s != strings.TrimSpace(s) || strings.ContainsAny(s, special) || yaml11Bool(s) {
		return false
	}
	doc := "k: " + s
	if flow {
		doc = "k: [" + s + "]"
	}
	var m map[string]any
	if yaml.Unmarshal([]byte(doc), &m) != nil {
		return false
	}
	back := m["k"]
	if l, ok := back.([]any); ok && flow && len(l) == 1 {
		back = l[0]
	}
	str, ok := back.(string)
	return ok && str == s
}

// plainWord reports whether s is a word YAML reads plain as that string
// in a block and in a flow collection, without asking the parser (which
// took a tenth of a run whose report shows fixes): an ASCII letter, then
// letters, digits, '_', '-' and '.', and not a word YAML reads as a
// boolean or null (in YAML 1.1 too). Most scalars of fixes are such words: logical IDs,
// property names, "com.amazonaws.".
func plainWord(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && (c < '0' || c > '9') && c != '_' && c != '-' && c != '.' {
			return false
		}
	}
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL":
		return false
	}
	return !yaml11Bool(s)
}

// yaml11Bool reports whether s is a word YAML 1.1 reads as a boolean and
// YAML 1.2 as a string ("on", "No"...). CloudFormation reads templates as
// YAML 1.1, so such a string is written quoted, as is any string YAML
// might read as something else.
func yaml11Bool(s string) bool {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"on", "On", "ON", "off", "Off", "OFF":
		return true
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// jsonValue renders v as JSON at indentation level depth (of the line
// the value starts on): intrinsics in long form, comments dropped.
func (s style) jsonValue(v edit.Value, depth int) string {
	switch v.Kind {
	case edit.String:
		return jsonString(v.Str)
	case edit.Number, edit.Expr:
		return v.Str
	case edit.Bool:
		return fmt.Sprint(v.Bool)
	case edit.Ref, edit.Placeholder:
		if v.Attr != "" {
			return s.jsonObject([]edit.Field{edit.F("Fn::GetAtt", edit.ListOf(edit.Str(v.Str), edit.Str(v.Attr)))}, depth, true)
		}
		return s.jsonObject([]edit.Field{edit.F("Ref", edit.Str(v.Str))}, depth, true)
	case edit.Import:
		name := edit.Str(v.Str)
		if len(v.Items) == 1 {
			name = edit.MapOf(edit.F(intrinsicName(v.Items[0]), inner(v.Items[0])))
		}
		return s.jsonObject([]edit.Field{edit.F("Fn::ImportValue", name)}, depth, true)
	case edit.Concat:
		if !subable(v) {
			sep, items := joinParts(v)
			return "{\"Fn::Join\": [" + jsonString(sep) + ", [" + s.jsonInline(items, depth) + "]]}"
		}
		return s.jsonObject([]edit.Field{edit.F("Fn::Sub", edit.Str(subText(v)))}, depth, true)
	case edit.List:
		if len(v.Items) == 0 {
			return "[]"
		}
		var parts []string
		for _, it := range v.Items {
			parts = append(parts, s.pad(depth+1, 0)+s.jsonValue(it, depth+1))
		}
		return "[\n" + strings.Join(parts, ",\n") + "\n" + s.pad(depth, 0) + "]"
	case edit.Map:
		return s.jsonObject(v.Fields, depth, false)
	}
	return "null"
}

// jsonObject renders fields as a JSON object; an intrinsic whose value is
// a scalar or short list goes on one line.
func (s style) jsonObject(fields []edit.Field, depth int, intrinsic bool) string {
	if len(fields) == 0 {
		return "{}"
	}
	if intrinsic && len(fields) == 1 && fields[0].Value.Kind != edit.Map {
		v := fields[0].Value
		if v.Kind == edit.List {
			return "{" + jsonString(fields[0].Key) + ": [" + s.jsonInline(v.Items, depth) + "]}"
		}
		return "{" + jsonString(fields[0].Key) + ": " + s.jsonValue(v, depth) + "}"
	}
	var parts []string
	for _, f := range fields {
		parts = append(parts, s.pad(depth+1, 0)+jsonString(f.Key)+": "+s.jsonValue(f.Value, depth+1))
	}
	return "{\n" + strings.Join(parts, ",\n") + "\n" + s.pad(depth, 0) + "}"
}

func jsonString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}
