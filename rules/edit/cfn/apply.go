package cfn

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/rules/edit"
)

// ErrAmbiguous is wrapped by the errors of edits Apply cannot make
// without guessing: a resource or output that exists with other content,
// a property of a form the edit does not expect, a placeholder to fill.
var ErrAmbiguous = errors.New("ambiguous edit")

// Apply makes edits on the template src (YAML or JSON, as its text
// tells) and returns the new text. Every edit names src's file; an edit
// already made (a resource or output there with the same content, a
// property with the value, list items there) changes nothing, so applying
// twice is applying once. The text of what no edit changes is kept byte
// for byte; a file whose lines end in CRLF gets CRLF lines.
func Apply(src []byte, edits []edit.Edit) ([]byte, error) {
	return new(Applier).Apply(src, edits)
}

// An Applier applies edits as Apply does, and keeps the last text it was
// given parsed: the fixes of a template's findings are each applied to the
// same template, which it then parses once rather than once for each. It
// keeps one text so as not to hold a large template's tree for the run.
// An Applier is for one goroutine at a time.
type Applier struct {
	last   string // the last text given, as Apply reads it (LF line ends)
	parsed *doc   // last parsed
}

// Apply makes edits on src as the package's Apply does, reusing the parse
// of src when it is the text last given.
func (a *Applier) Apply(src []byte, edits []edit.Edit) ([]byte, error) {
	crlf := bytes.Contains(src, []byte("\r\n"))
	if crlf {
		if bytes.Count(src, []byte("\n")) != bytes.Count(src, []byte("\r\n")) {
			return nil, fmt.Errorf("%w: the file mixes CRLF and LF line ends", ErrAmbiguous)
		}
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	out, err := apply(src, edits, a.parse)
	if err != nil || !crlf {
		return out, err
	}
	return bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n")), nil
}

// parse returns src parsed, from the last text if it is the same.
func (a *Applier) parse(src []byte) (*doc, error) {
	if a.parsed == nil || a.last != string(src) {
		a.last, a.parsed = string(src), nil
		d, err := parse([]byte(a.last))
		if err != nil {
			return nil, err
		}
		a.parsed = d
	}
	return a.parsed, nil
}

// apply makes edits on src, parsed by parseSrc; the check of each edit
// parses the text the next one is made on.
func apply(src []byte, edits []edit.Edit, parseSrc func([]byte) (*doc, error)) ([]byte, error) {
	out := src
	var d *doc // out parsed
	for _, e := range edits {
		if edit.HasPlaceholder(e.Value) {
			return nil, fmt.Errorf("%s %s: %w: a value the inputs do not tell must be filled in by hand (%s)", e.Op, e.Target, ErrAmbiguous, placeholderNote(e.Value))
		}
		if d == nil {
			var err error
			if d, err = parseSrc(out); err != nil {
				return nil, err
			}
		}
		next, err := d.apply(e)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", e.Op, describe(e), err)
		}
		if bytes.Equal(next, out) {
			continue // made already: out, not the text d holds (an Applier's)
		}
		if d, err = applied(next, e); err != nil {
			return nil, fmt.Errorf("%s %s: %w", e.Op, describe(e), err)
		}
		out = next
	}
	return out, nil
}

// applied checks the text an edit wrote and returns it parsed: it parses,
// and the edit finds itself there (applying it again changes nothing).
// Text the parser reads otherwise than its indentation and brackets
// suggest (a fuzzed flow mapping that closes early) fails here instead of
// being written.
func applied(out []byte, e edit.Edit) (*doc, error) {
	d, err := parse(out)
	if err != nil {
		return nil, fmt.Errorf("%w: the edited file would not parse (%v)", ErrAmbiguous, err)
	}
	again, err := d.apply(e)
	if err != nil || !bytes.Equal(again, out) {
		return nil, fmt.Errorf("%w: the file's layout hides where the edit goes", ErrAmbiguous)
	}
	return d, nil
}

func describe(e edit.Edit) string {
	if len(e.Path) == 0 {
		return e.Target
	}
	if e.Target == "" {
		return strings.Join(e.Path, ".")
	}
	return e.Target + " " + strings.Join(e.Path, ".")
}

// placeholderNote returns what the first placeholder of v stands for.
func placeholderNote(v edit.Value) string {
	if v.Kind == edit.Placeholder {
		return v.Str + ": " + v.Comment
	}
	for _, w := range v.Items {
		if edit.HasPlaceholder(w) {
			return placeholderNote(w)
		}
	}
	for _, f := range v.Fields {
		if edit.HasPlaceholder(f.Value) {
			return placeholderNote(f.Value)
		}
	}
	return ""
}

// doc is a template's text with its parsed nodes.
type doc struct {
	src   []byte
	lines []int // offset of each line's start
	root  *yaml.Node
	style style
}

func parse(src []byte) (*doc, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		return nil, fmt.Errorf("template does not parse: %w", err)
	}
	if len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("template is not a mapping")
	}
	d := &doc{src: src, root: n.Content[0], lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	d.style = style{json: d.root.Style&yaml.FlowStyle != 0, indent: d.indentUnit()}
	return d, nil
}

// indentUnit returns the spaces of one indentation level: the indentation
// of the first key nested in a top-level mapping (Resources' IDs), else 2.
func (d *doc) indentUnit() int {
	for i := 1; i < len(d.root.Content); i += 2 {
		v := d.root.Content[i]
		if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
			continue
		}
		if v.Content[0].Line == d.root.Content[i-1].Line {
			continue // flow on the key's line
		}
		if n := d.indentOf(v.Content[0].Line) - d.indentOf(d.root.Content[i-1].Line); n > 0 {
			return n
		}
	}
	return 2
}

// offset returns the byte offset of 1-based line and column (columns
// count characters).
func (d *doc) offset(line, col int) int {
	if line-1 >= len(d.lines) {
		return len(d.src)
	}
	off := d.lines[line-1]
	for i := 1; i < col && off < len(d.src); i++ {
		_, size := utf8.DecodeRune(d.src[off:])
		off += size
	}
	return off
}

// lineText returns 1-based line n without its newline.
func (d *doc) lineText(n int) string {
	if n-1 >= len(d.lines) {
		return ""
	}
	start, end := d.lines[n-1], len(d.src)
	if n < len(d.lines) {
		end = d.lines[n] - 1
	}
	return strings.TrimRight(string(d.src[start:end]), "\r")
}

func (d *doc) indentOf(line int) int {
	t := d.lineText(line)
	return len(t) - len(strings.TrimLeft(t, " "))
}

// replace returns src with [from, to) replaced by text.
func (d *doc) replace(from, to int, text string) []byte {
	var b bytes.Buffer
	b.Write(d.src[:from])
	b.WriteString(text)
	b.Write(d.src[to:])
	return b.Bytes()
}

// get returns the key and value nodes of key in mapping m.
func get(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// intrinsicNode names the intrinsic function n is, if it is one: a
// short-form tag (!If [...], "!If") or a mapping of one key, Ref or
// Fn::NAME ({"Fn::If": [...]}, "Fn::If"). Its arguments are not the
// property's value: an edit never goes inside them.
func intrinsicNode(n *yaml.Node) (string, bool) {
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return n.Tag, true
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		if k := n.Content[0].Value; k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return k, true
		}
	}
	return "", false
}

func (d *doc) apply(e edit.Edit) ([]byte, error) {
	switch e.Op {
	case edit.AddResource:
		body := edit.MapOf(edit.F("Type", edit.Str(e.Type)))
		if len(e.Value.Fields) > 0 {
			body.Fields = append(body.Fields, edit.F("Properties", e.Value))
		}
		body.Comment = e.Comment
		return d.addEntry("Resources", e.Target, body)
	case edit.AddOutput:
		body := edit.MapOf(edit.F("Value", e.Value))
		if e.Export != "" {
			body.Fields = append(body.Fields, edit.F("Export", edit.MapOf(edit.F("Name", edit.Str(e.Export)))))
		}
		body.Comment = e.Comment
		return d.addEntry("Outputs", e.Target, body)
	case edit.SetProperty, edit.AppendItems:
		v := e.Value
		if e.Comment != "" && v.Comment == "" {
			v.Comment = e.Comment
		}
		if e.Target == "" {
			// A document that is no template (an Elastic Beanstalk
			// configuration file): Path starts at its top level.
			if len(e.Path) == 0 {
				return nil, fmt.Errorf("%w: an edit of the document's top level needs a path", ErrAmbiguous)
			}
			return d.at(d.root, e.Path, v, e.Op == edit.AppendItems)
		}
		_, res := get(d.root, "Resources")
		_, r := get(res, e.Target)
		if r == nil || r.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%w: the template declares no resource %s", ErrAmbiguous, e.Target)
		}
		return d.at(r, append([]string{"Properties"}, e.Path...), v, e.Op == edit.AppendItems)
	}
	return nil, fmt.Errorf("unknown edit %v", e.Op)
}

// addEntry adds key: v to the top-level mapping section (created when
// missing); an entry key there already is kept when it holds v.
func (d *doc) addEntry(section, key string, v edit.Value) ([]byte, error) {
	_, m := get(d.root, section)
	if m == nil {
		return d.insertEntry(d.root, section, edit.MapOf(edit.F(key, v)))
	}
	if _, old := get(m, key); old != nil {
		if edit.Equal(normal(toValue(old)), normal(v)) {
			return d.src, nil
		}
		return nil, fmt.Errorf("%w: %s %s exists with other content", ErrAmbiguous, section, key)
	}
	return d.insertEntry(m, key, v)
}

// at sets (or, with appendItems, appends to) the value at path below
// mapping m.
func (d *doc) at(m *yaml.Node, path []string, v edit.Value, appendItems bool) ([]byte, error) {
	elem := path[0]
	if fn, ok := intrinsicNode(m); ok {
		return nil, fmt.Errorf("%w: %s is looked for in %s, whose arguments the edit would change; edit it by hand", ErrAmbiguous, elem, fn)
	}
	if sel, ok := edit.Selector(elem); ok {
		if m.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("%w: not a list where %s is looked for", ErrAmbiguous, elem)
		}
		for _, item := range m.Content {
			if matches(item, sel) {
				if len(path) == 1 {
					return nil, fmt.Errorf("%w: %s selects an item, not a value", ErrAmbiguous, elem)
				}
				return d.at(item, path[1:], v, appendItems)
			}
		}
		item := edit.MapOf(sel...)
		item.Fields = append(item.Fields, nested(path[1:], v, appendItems).Fields...)
		return d.appendItems(m, []edit.Value{item})
	}
	if m.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%w: not a mapping where %s is looked for", ErrAmbiguous, elem)
	}
	k, old := get(m, elem)
	if old == nil {
		nv := nested(path[1:], v, appendItems)
		return d.insertEntry(m, elem, nv)
	}
	if len(path) > 1 {
		return d.at(old, path[1:], v, appendItems)
	}
	if appendItems {
		if fn, ok := intrinsicNode(old); ok {
			return nil, fmt.Errorf("%w: %s is %s, not a list to append to", ErrAmbiguous, elem, fn)
		}
		if old.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("%w: %s is not a list", ErrAmbiguous, elem)
		}
		var add []edit.Value
		for _, it := range v.Items {
			if !slices.ContainsFunc(old.Content, func(n *yaml.Node) bool { return edit.Equal(normal(toValue(n)), normal(it)) }) {
				add = append(add, it)
			}
		}
		if len(add) == 0 {
			return d.src, nil
		}
		return d.appendItems(old, add)
	}
	if edit.Equal(normal(toValue(old)), normal(v)) {
		return d.src, nil
	}
	return d.replaceValue(m, k, old, v)
}

// nested returns v placed at path: maps for keys, a list of one map for
// a Select element; with appendItems v is the list itself.
func nested(path []string, v edit.Value, appendItems bool) edit.Value {
	if len(path) == 0 {
		return v
	}
	inner := nested(path[1:], v, appendItems)
	if sel, ok := edit.Selector(path[0]); ok {
		item := edit.MapOf(sel...)
		item.Fields = append(item.Fields, inner.Fields...)
		return edit.ListOf(item)
	}
	return edit.MapOf(edit.F(path[0], inner))
}

// matches reports whether a list item is a map with the fields of sel.
func matches(item *yaml.Node, sel []edit.Field) bool {
	for _, f := range sel {
		if _, v := get(item, f.Key); v == nil || v.Kind != yaml.ScalarNode || v.Value != f.Value.Str {
			return false
		}
	}
	return true
}

// entryEndLine returns the 1-based line after the last line of the
// block-mapping entry or sequence item that starts on line at column col
// (0-based): the first later line less indented (or as indented, when not
// a "- " item of a compact list), with the blank and comment lines before
// it left to what follows.
func (d *doc) entryEndLine(line, col int, item bool) int {
	end := len(d.lines) + 1
	if d.lines[len(d.lines)-1] == len(d.src) {
		end = len(d.lines) // the file ends in a newline
	}
	for n := line + 1; n < end; n++ {
		t := d.lineText(n)
		trimmed := strings.TrimSpace(t)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		ind := d.indentOf(n)
		if ind < col || ind == col && (item || !strings.HasPrefix(trimmed, "-")) {
			end = n
			break
		}
	}
	for end-1 > line {
		t := strings.TrimSpace(d.lineText(end - 1))
		if t != "" && !(strings.HasPrefix(t, "#") && d.indentOf(end-1) <= col) {
			break
		}
		end--
	}
	return end
}

// lineOffset returns the offset of 1-based line n (the end of the text
// past the last line).
func (d *doc) lineOffset(n int) int {
	if n-1 < len(d.lines) {
		return d.lines[n-1]
	}
	return len(d.src)
}

// insertEntry adds key: v at the end of mapping m.
func (d *doc) insertEntry(m *yaml.Node, key string, v edit.Value) ([]byte, error) {
	if d.style.json {
		return d.jsonInsert(m, key, v)
	}
	if m.Style&yaml.FlowStyle != 0 {
		return d.flowInsert(m, key, v)
	}
	if len(m.Content) == 0 {
		return nil, fmt.Errorf("%w: an empty mapping where %s would go", ErrAmbiguous, key)
	}
	lastKey := m.Content[len(m.Content)-2]
	col := lastKey.Column - 1
	end := d.entryEndLine(lastKey.Line, col, false)
	text := d.style.yamlEntry(key, v, col, "")
	if m == d.root || len(m.Content) >= 4 && d.blankBefore(lastKey.Line) {
		text = "\n" + text // the mapping's entries are apart
	}
	at := d.lineOffset(end)
	if at > 0 && d.src[at-1] != '\n' {
		text = "\n" + text
	}
	return d.replace(at, at, text), nil
}

// flowInsert adds key: v, in flow style, after the last entry of the YAML
// flow mapping m ({A: 1} becomes {A: 1, Key: v}), or inside it when it is
// empty. The entry goes right after the last value, before a comment or
// line break that follows it, so that a mapping written over several
// lines keeps its closing brace where it is.
func (d *doc) flowInsert(m *yaml.Node, key string, v edit.Value) ([]byte, error) {
	entry := scalar(key, true) + ": " + yamlInline(v, true)
	if len(m.Content) == 0 {
		open := d.offset(m.Line, m.Column)
		if open >= len(d.src) || d.src[open] != '{' {
			return nil, fmt.Errorf("%w: no brace where the flow mapping of %s starts", ErrAmbiguous, key)
		}
		return d.replace(open+1, open+1, entry), nil
	}
	last := m.Content[len(m.Content)-1]
	start := d.offset(last.Line, last.Column)
	end, err := flowEnd(d.src, start)
	if err != nil {
		return nil, err
	}
	end = start + commentStart(string(d.src[start:end]))
	sep := ", "
	if rest := bytes.TrimLeft(d.src[end:], " \t\r\n"); len(rest) > 0 && rest[0] == ',' {
		// A trailing comma ({A: 1,}): the entry goes after it.
		end += len(d.src[end:]) - len(rest) + 1
		sep = " "
	}
	return d.replace(end, end, sep+entry), nil
}

// blankBefore reports whether the line before line n is blank.
func (d *doc) blankBefore(n int) bool {
	for n--; n >= 1; n-- {
		t := strings.TrimSpace(d.lineText(n))
		if t == "" {
			return true
		}
		if !strings.HasPrefix(t, "#") {
			return false
		}
	}
	return false
}

// appendItems appends items to sequence s.
func (d *doc) appendItems(s *yaml.Node, items []edit.Value) ([]byte, error) {
	if d.style.json {
		return d.jsonAppend(s, items)
	}
	if s.Style&yaml.FlowStyle != 0 {
		start := d.offset(s.Line, s.Column)
		end, err := flowEnd(d.src, start)
		if err != nil {
			return nil, err
		}
		var parts []string
		for _, it := range items {
			parts = append(parts, yamlInline(it, true))
		}
		sep := ", "
		if len(s.Content) == 0 {
			sep = ""
		}
		return d.replace(end-1, end-1, sep+strings.Join(parts, ", ")), nil
	}
	last := s.Content[len(s.Content)-1]
	col := d.dashColumn(last)
	end := d.entryEndLine(last.Line, col, true)
	var b strings.Builder
	for _, it := range items {
		d.style.yamlItem(&b, it, col)
	}
	return d.replace(d.lineOffset(end), d.lineOffset(end), b.String()), nil
}

// dashColumn returns the 0-based column of the "-" of a block sequence
// item.
func (d *doc) dashColumn(item *yaml.Node) int {
	t := d.lineText(item.Line)
	col := utf8.RuneCountInString(t[:min(len(t), d.offset(item.Line, item.Column)-d.lines[item.Line-1])])
	for i := col - 1; i >= 0; i-- {
		if i < len(t) && t[i] == '-' {
			return i
		}
	}
	return max(col-2, 0)
}

// replaceValue replaces the value of the entry of mapping m whose key is k
// by v.
func (d *doc) replaceValue(m, k, old *yaml.Node, v edit.Value) ([]byte, error) {
	if d.style.json || m.Style&yaml.FlowStyle != 0 {
		// The value alone, up to the separator or brace after it.
		start := d.offset(old.Line, old.Column)
		end, err := flowEnd(d.src, start)
		if err != nil {
			return nil, err
		}
		if d.style.json {
			return d.replace(start, end, d.style.jsonValue(v, d.indentOf(k.Line)/max(d.style.indent, 1))), nil
		}
		// A YAML flow mapping: in flow style, before a comment after it.
		return d.replace(start, start+commentStart(string(d.src[start:end])), yamlInline(v, true)), nil
	}
	col := k.Column - 1
	end := d.entryEndLine(k.Line, col, false)
	line := d.lineText(k.Line)
	start := d.offset(old.Line, old.Column) - d.lines[k.Line-1]
	oneLine := end == k.Line+1 && old.Line == k.Line && old.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0
	if oneLine && start <= len(line) {
		text := strings.TrimSpace(yamlInline(v, false))
		if !strings.Contains(text, "\n") && v.Kind != edit.Map && (v.Kind != edit.List || flowList(v)) {
			valueEnd := start + commentStart(line[start:])
			if valueEnd == start+len(strings.TrimRight(line[start:], " ")) && v.Comment != "" {
				text += " # " + v.Comment
			}
			base := d.lines[k.Line-1]
			return d.replace(base+start, base+valueEnd, text), nil
		}
	}
	// The value from after the key's colon to the end of the entry.
	colon := strings.Index(line[min(len(line), k.Column-1):], ":")
	if colon < 0 {
		return nil, fmt.Errorf("%w: no colon after key %s", ErrAmbiguous, k.Value)
	}
	from := d.lines[k.Line-1] + k.Column - 1 + colon + 1
	var b strings.Builder
	d.style.yamlValue(&b, v, col, "")
	return d.replace(from, d.lineOffset(end), b.String()), nil
}

// commentStart returns the index in a line's value text where its line
// comment (or trailing spaces) begin.
func commentStart(s string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t'):
			return len(strings.TrimRight(s[:i], " \t"))
		}
	}
	return len(strings.TrimRight(s, " \t"))
}

// flowEnd returns the offset after the flow collection, quoted string or
// scalar (JSON or YAML flow) that starts at start.
func flowEnd(src []byte, start int) (int, error) {
	depth := 0
	var quote byte
	for i := start; i < len(src); i++ {
		c := src[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
				if depth == 0 {
					return i + 1, nil
				}
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
			if depth < 0 {
				return i, nil
			}
		case depth == 0 && (c == ',' || c == '\n'):
			return i, nil
		}
	}
	if depth > 0 || quote != 0 {
		return 0, fmt.Errorf("%w: unterminated value at offset %d", ErrAmbiguous, start)
	}
	return len(src), nil
}

// jsonInsert adds "key": v at the end of object m.
func (d *doc) jsonInsert(m *yaml.Node, key string, v edit.Value) ([]byte, error) {
	start := d.offset(m.Line, m.Column)
	end, err := flowEnd(d.src, start)
	if err != nil {
		return nil, err
	}
	closing := end - 1
	if len(m.Content) == 0 {
		ind := d.indentOf(m.Line)
		depth := ind/max(d.style.indent, 1) + 1
		text := "\n" + d.style.pad(depth, 0) + jsonString(key) + ": " + d.style.jsonValue(v, depth) + "\n" + strings.Repeat(" ", ind)
		return d.replace(start+1, closing, text), nil
	}
	lastKey, lastVal := m.Content[len(m.Content)-2], m.Content[len(m.Content)-1]
	valEnd, err := flowEnd(d.src, d.offset(lastVal.Line, lastVal.Column))
	if err != nil {
		return nil, err
	}
	ind := d.indentOf(lastKey.Line)
	sep := "\n" + strings.Repeat(" ", ind)
	if lastKey.Line == m.Line {
		sep = " " // an object on one line
	}
	depth := ind / max(d.style.indent, 1)
	return d.replace(valEnd, valEnd, ","+sep+jsonString(key)+": "+d.style.jsonValue(v, depth)), nil
}

// jsonAppend appends items to array s.
func (d *doc) jsonAppend(s *yaml.Node, items []edit.Value) ([]byte, error) {
	start := d.offset(s.Line, s.Column)
	end, err := flowEnd(d.src, start)
	if err != nil {
		return nil, err
	}
	ind := d.indentOf(s.Line)
	depth := ind / max(d.style.indent, 1)
	if len(s.Content) == 0 {
		var parts []string
		for _, it := range items {
			parts = append(parts, d.style.jsonValue(it, depth))
		}
		return d.replace(start+1, end-1, strings.Join(parts, ", ")), nil
	}
	last := s.Content[len(s.Content)-1]
	lastEnd, err := flowEnd(d.src, d.offset(last.Line, last.Column))
	if err != nil {
		return nil, err
	}
	sep := ", "
	if last.Line != s.Line {
		ind = d.indentOf(last.Line)
		depth = ind / max(d.style.indent, 1)
		sep = ",\n" + strings.Repeat(" ", ind)
	}
	var text strings.Builder
	for _, it := range items {
		text.WriteString(sep + d.style.jsonValue(it, depth))
	}
	return d.replace(lastEnd, lastEnd, text.String()), nil
}

// toValue reads a node as a value: intrinsics in short or long form as
// references, imports and Concat (Fn::Sub); other tags as written.
func toValue(n *yaml.Node) edit.Value {
	switch n.Tag {
	case "!Ref":
		return edit.RefTo(n.Value)
	case "!GetAtt":
		if n.Kind == yaml.SequenceNode && len(n.Content) == 2 {
			return edit.AttrOf(n.Content[0].Value, n.Content[1].Value)
		}
		id, attr, _ := strings.Cut(n.Value, ".")
		return edit.AttrOf(id, attr)
	case "!ImportValue":
		if n.Kind == yaml.ScalarNode {
			return edit.ImportOf(n.Value)
		}
		return edit.Value{Kind: edit.Import, Items: []edit.Value{toValue(n)}}
	case "!Sub":
		if n.Kind == yaml.ScalarNode {
			return subParts(n.Value)
		}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return edit.Str(n.Value)
	case yaml.SequenceNode:
		var items []edit.Value
		for _, c := range n.Content {
			items = append(items, toValue(c))
		}
		return edit.ListOf(items...)
	case yaml.MappingNode:
		if len(n.Content) == 2 {
			k, v := n.Content[0].Value, n.Content[1]
			switch {
			case k == "Ref" && v.Kind == yaml.ScalarNode:
				return edit.RefTo(v.Value)
			case k == "Fn::GetAtt":
				short := *v // read as !GetAtt, the document's node unchanged
				short.Tag = "!GetAtt"
				return toValue(&short)
			case k == "Fn::ImportValue" && v.Kind == yaml.ScalarNode:
				return edit.ImportOf(v.Value)
			case k == "Fn::Sub" && v.Kind == yaml.ScalarNode:
				return subParts(v.Value)
			}
		}
		var fields []edit.Field
		for i := 0; i+1 < len(n.Content); i += 2 {
			fields = append(fields, edit.F(n.Content[i].Value, toValue(n.Content[i+1])))
		}
		return edit.MapOf(fields...)
	case yaml.AliasNode:
		if n.Alias != nil {
			return toValue(n.Alias)
		}
	}
	return edit.Value{Kind: edit.Expr, Str: n.Value}
}

// subParts reads the text of an Fn::Sub as a Concat.
func subParts(text string) edit.Value {
	var parts []edit.Value
	lit := ""
	for text != "" {
		i := strings.Index(text, "${")
		if i < 0 {
			lit += text
			break
		}
		lit += text[:i]
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			lit += text[i:]
			break
		}
		name := text[i+2 : i+j]
		if strings.HasPrefix(name, "!") {
			lit += "${" + name[1:] + "}"
		} else {
			if lit != "" {
				parts = append(parts, edit.Str(lit))
				lit = ""
			}
			id, attr, _ := strings.Cut(name, ".")
			parts = append(parts, edit.AttrOf(id, attr))
		}
		text = text[i+j+1:]
	}
	if lit != "" {
		parts = append(parts, edit.Str(lit))
	}
	return edit.ConcatOf(parts...)
}

// normal returns v with scalars as their text, comments and Block
// marks dropped, and adjacent strings of a Concat joined, so that values
// compare as a template means them.
func normal(v edit.Value) edit.Value {
	out := edit.Value{Kind: v.Kind, Str: v.Str, Attr: v.Attr}
	switch v.Kind {
	case edit.Number:
		out.Kind = edit.String
	case edit.Bool:
		out = edit.Str(fmt.Sprint(v.Bool))
	case edit.Concat:
		for _, p := range v.Items {
			p = normal(p)
			if n := len(out.Items); n > 0 && p.Kind == edit.String && out.Items[n-1].Kind == edit.String {
				out.Items[n-1].Str += p.Str
				continue
			}
			out.Items = append(out.Items, p)
		}
		return out
	}
	for _, it := range v.Items {
		out.Items = append(out.Items, normal(it))
	}
	for _, f := range v.Fields {
		out.Fields = append(out.Fields, edit.F(f.Key, normal(f.Value)))
	}
	return out
}
