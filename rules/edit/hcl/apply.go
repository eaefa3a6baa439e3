package hcl

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/beanlint/beanlint/rules/edit"
)

// Apply makes edits in src, the native-syntax source of the file they
// name (all edits are of one file). A resource is added at the end of the
// file; a block that an edit changes is written back as terraform fmt
// writes it; everything else stays byte-identical. Applying edits that are
// already made changes nothing (a data source of the address there
// already counts as added). An edit that would be ambiguous (the setting a
// dynamic block may generate, a list or map that is not written out) or
// that holds a placeholder is refused with an error, and src is not
// changed.
func Apply(src []byte, edits []edit.Edit) ([]byte, error) {
	// A file with CRLF line ends is edited with LF ones and written back
	// with CRLF: what is added ends its lines as the rest of the file.
	crlf := bytes.Contains(src, []byte("\r\n"))
	if crlf {
		lf := bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		if bytes.Count(lf, []byte("\n")) != bytes.Count(src, []byte("\r\n")) {
			file := ""
			if len(edits) > 0 {
				file = edits[0].File
			}
			return nil, fmt.Errorf("%s: mixed line ends (CRLF and LF): which to write cannot be decided", file)
		}
		src = lf
	}
	out := src
	for _, e := range edits {
		if edit.HasPlaceholder(e.Value) {
			return nil, fmt.Errorf("%s: %s %s: a value the inputs do not tell (%s)", e.File, e.Op, describe(e), placeholders(e.Value))
		}
		var err error
		if out, err = apply(out, e, false); err != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", e.File, e.Op, describe(e), err)
		}
	}
	if crlf {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	return out, nil
}

// describe names what an edit changes: the target and path.
func describe(e edit.Edit) string {
	return strings.Join(append([]string{e.Target}, e.Path...), ".")
}

// placeholders lists what the placeholders of v stand for.
func placeholders(v edit.Value) string {
	var out []string
	var walk func(v edit.Value)
	walk = func(v edit.Value) {
		if v.Kind == edit.Placeholder {
			out = append(out, "var."+v.Str+": "+v.Comment)
		}
		for _, w := range v.Items {
			walk(w)
		}
		for _, f := range v.Fields {
			walk(f.Value)
		}
	}
	walk(v)
	return strings.Join(out, "; ")
}

// apply makes one edit in src. In a sketch (Render), lists and maps an
// edit extends are created with a "# ..." line standing for what the real
// file holds.
func apply(src []byte, e edit.Edit, sketch bool) ([]byte, error) {
	f, diags := hclsyntax.ParseConfig(src, e.File, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("not valid Terraform: %w", diags)
	}
	typ, labels, err := blockOf(e.Target)
	if err != nil {
		return nil, err
	}
	var found *hclsyntax.Block
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type == typ && slices.Equal(b.Labels, labels) {
			found = b
			break
		}
	}
	if e.Op == edit.AddResource {
		return addBlock(src, found, e)
	}
	if found == nil {
		return nil, fmt.Errorf("the file declares no %s", e.Target)
	}
	if len(e.Path) == 0 {
		return nil, errors.New("no property path")
	}
	r := found.Range()
	start := bytes.LastIndexByte(src[:r.Start.Byte], '\n') + 1
	part := src[start:r.End.Byte]
	pf, diags := hclsyntax.ParseConfig(part, e.File, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("reading the block of %s: %w", e.Target, diags)
	}
	blocks := pf.Body.(*hclsyntax.Body).Blocks
	if len(blocks) != 1 {
		return nil, fmt.Errorf("the line of the block of %s holds another block", e.Target)
	}
	ch := changer{e: e, sketch: sketch, src: part}
	if err := ch.body(blocks[0], e.Path); err != nil {
		return nil, err
	}
	changed := bytes.TrimRight(format(ch.result()), "\n")
	return slices.Concat(src[:start], changed, src[r.End.Byte:]), nil
}

// blockOf returns the block type and labels that declare a target: a
// resource or data source address (any module path before it dropped: the
// file is the module's), or a module call "module.NAME".
func blockOf(target string) (typ string, labels []string, err error) {
	if strings.ContainsAny(target, "[]") {
		return "", nil, fmt.Errorf("%s is one instance of a block: edit the block", target)
	}
	parts := strings.Split(target, ".")
	for len(parts) > 2 && parts[0] == "module" {
		parts = parts[2:]
	}
	switch {
	case len(parts) == 2 && parts[0] == "module":
		return "module", parts[1:], nil
	case len(parts) == 3 && parts[0] == "data":
		return "data", parts[1:], nil
	case len(parts) == 2:
		return "resource", parts, nil
	}
	return "", nil, fmt.Errorf("%q is not a resource, data source or module call address", target)
}

// header renders the first line of the block declaring target.
func header(typ string, labels []string) string {
	var b strings.Builder
	b.WriteString(typ)
	for _, l := range labels {
		b.WriteString(" " + quote(l))
	}
	return b.String() + " {\n"
}

// addBlock appends the resource or data source e adds at the end of src;
// nothing when found (the block of that address) already is that block.
func addBlock(src []byte, found *hclsyntax.Block, e edit.Edit) ([]byte, error) {
	if e.Value.Kind != edit.Map {
		return nil, fmt.Errorf("a resource's arguments must be a map, not a %s", kindName(e.Value.Kind))
	}
	typ, labels, _ := blockOf(e.Target)
	if e.Type != "" && labels[0] != e.Type {
		return nil, fmt.Errorf("type %s does not match the address", e.Type)
	}
	inner, err := body(e.Value)
	if err != nil {
		return nil, err
	}
	text := header(typ, labels) + inner + "}\n"
	if inner == "" {
		text = strings.TrimSuffix(header(typ, labels), "\n") + "}\n"
	}
	blk := format([]byte(text))
	if found != nil && typ == "data" {
		// A data source of that address reads what the edit needs
		// (aws_region.current): the configuration has it already.
		return src, nil
	}
	if found != nil {
		r := found.Range()
		if normal(src[r.Start.Byte:r.End.Byte]) == normal(blk) {
			return src, nil
		}
		return nil, fmt.Errorf("the file declares %s already, differently", e.Target)
	}
	out := slices.Clone(src)
	if len(out) > 0 && !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	if len(out) > 0 {
		out = append(out, '\n')
	}
	return append(append(out, format([]byte(commentLine(e.Comment)))...), blk...), nil
}

// normal is text with its layout and comments dropped, for telling
// whether two pieces of HCL say the same.
func normal(b []byte) string {
	toks, diags := hclsyntax.LexConfig(b, "", hcl.InitialPos)
	if diags.HasErrors() {
		return string(b)
	}
	var s strings.Builder
	var prev hclsyntax.TokenType
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenComment, hclsyntax.TokenEOF:
			continue
		case hclsyntax.TokenCBrack, hclsyntax.TokenCBrace:
			if prev == hclsyntax.TokenComma {
				str := s.String()
				s.Reset()
				s.WriteString(str[:len(str)-1])
			}
		}
		s.Write(t.Bytes)
		s.WriteByte(' ')
		prev = t.Type
	}
	return s.String()
}

// changer makes one SetProperty or AppendItems edit inside the block
// source src declares: it finds where, and records the change as splices
// of src, which result makes.
type changer struct {
	e       edit.Edit
	sketch  bool
	src     []byte
	splices []splice
}

// splice replaces the bytes [start, end) of a text with text (inserts it
// when start == end).
type splice struct {
	start, end int
	text       string
}

// result is the source with the changes made.
func (c *changer) result() []byte {
	// Made from the end, so that the offsets of those left hold; of
	// insertions at one offset the last first, so that they end up in the
	// order they were recorded.
	order := slices.Clone(c.splices)
	slices.Reverse(order)
	slices.SortStableFunc(order, func(a, b splice) int { return b.start - a.start })
	out := slices.Clone(c.src)
	for _, s := range order {
		out = slices.Concat(out[:s.start], []byte(s.text), out[s.end:])
	}
	return out
}

// text is the source of a node.
func (c *changer) text(r hcl.Range) string { return string(c.src[r.Start.Byte:r.End.Byte]) }

// appendTo adds text at the end of the body of blk, before its closing
// brace.
func (c *changer) appendTo(blk *hclsyntax.Block, text string) {
	at := blk.CloseBraceRange.Start.Byte
	c.splices = append(c.splices, splice{at, at, text})
}

// body follows path from the body of blk: a nested block (by type, or by
// type and a Select element of its arguments), an argument (into its
// object value), and changes what the path ends at.
func (c *changer) body(blk *hclsyntax.Block, path []string) error {
	b := blk.Body
	name := path[0]
	if len(path) > 1 {
		if sel, ok := edit.Selector(path[1]); ok {
			return c.selected(blk, name, sel, path[2:])
		}
		if b.Attributes[name] == nil {
			if blocks := blocksOf(b, name); len(blocks) == 1 {
				return c.body(blocks[0], path[1:])
			} else if len(blocks) > 1 {
				return fmt.Errorf("%d %s blocks: which one is meant cannot be decided", len(blocks), name)
			}
		}
	}
	if hasDynamic(b, name) {
		return fmt.Errorf("a dynamic %q block generates %s: change what it iterates over", name, name)
	}
	if c.e.Value.Block {
		return c.blocks(blk, name)
	}
	attr := b.Attributes[name]
	var old string
	if attr != nil {
		old = c.text(attr.Expr.Range())
	}
	val, err := c.expression(old, attr != nil, path[1:])
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if attr != nil {
		if normal([]byte(val)) != normal([]byte(old)) {
			r := attr.Expr.Range()
			c.splices = append(c.splices, splice{r.Start.Byte, r.End.Byte, val})
		}
		return nil
	}
	line := name + " = " + val
	if len(path) == 1 {
		line += comment(c.e.Value.Comment)
	}
	c.appendTo(blk, line+"\n")
	return nil
}

// selected changes the nested block of type typ of the body of blk whose
// arguments have the values sel gives, adding one with them when there is
// none.
func (c *changer) selected(blk *hclsyntax.Block, typ string, sel []edit.Field, rest []string) error {
	if len(rest) == 0 {
		return fmt.Errorf("nothing to change in the %s block", typ)
	}
	var match []*hclsyntax.Block
	for _, nb := range blocksOf(blk.Body, typ) {
		if c.selects(nb.Body, sel) {
			match = append(match, nb)
		}
	}
	switch {
	case len(match) == 1:
		return c.body(match[0], rest)
	case len(match) > 1:
		return fmt.Errorf("%d %s blocks with %s: which one is meant cannot be decided", len(match), typ, edit.Select(pairs(sel)...))
	case hasDynamic(blk.Body, typ):
		return fmt.Errorf("a dynamic %q block may generate the %s block with %s: change what it iterates over", typ, typ, edit.Select(pairs(sel)...))
	}
	var s strings.Builder
	s.WriteString(typ + " {\n")
	for _, f := range sel {
		s.WriteString(f.Key + " = " + quote(f.Value.Str) + "\n")
	}
	s.WriteString("}\n")
	nf, diags := hclsyntax.ParseConfig([]byte(s.String()), "", hcl.InitialPos)
	if diags.HasErrors() {
		return fmt.Errorf("a new %s block: %w", typ, diags)
	}
	added := changer{e: c.e, sketch: c.sketch, src: []byte(s.String())}
	if err := added.body(nf.Body.(*hclsyntax.Body).Blocks[0], rest); err != nil {
		return err
	}
	c.appendTo(blk, string(added.result()))
	return nil
}

func pairs(sel []edit.Field) []string {
	var out []string
	for _, f := range sel {
		out = append(out, f.Key, f.Value.Str)
	}
	return out
}

// selects reports whether body b sets each field of sel to its string.
func (c *changer) selects(b *hclsyntax.Body, sel []edit.Field) bool {
	for _, f := range sel {
		a := b.Attributes[f.Key]
		if a == nil || normal([]byte(c.text(a.Expr.Range()))) != normal([]byte(quote(f.Value.Str))) {
			return false
		}
	}
	return true
}

// blocks sets (SetProperty: replaces) or appends (AppendItems: each not
// already there) the nested blocks of type typ, in the body of blk, that
// the edit's value is.
func (c *changer) blocks(blk *hclsyntax.Block, typ string) error {
	if blk.Body.Attributes[typ] != nil {
		return fmt.Errorf("%s is written as an argument (%s = [...]), not as blocks: add the item there", typ, typ)
	}
	items := []edit.Value{c.e.Value}
	if c.e.Value.Kind == edit.List {
		items = c.e.Value.Items
	}
	existing := blocksOf(blk.Body, typ)
	if c.e.Op == edit.SetProperty && len(existing) > 0 {
		toks, _ := hclsyntax.LexConfig(c.src, "", hcl.InitialPos)
		for _, nb := range existing {
			c.remove(toks, blk, nb)
		}
		existing = nil
	}
	for _, it := range items {
		text, err := nested(typ, it)
		if err != nil {
			return err
		}
		have := slices.ContainsFunc(existing, func(nb *hclsyntax.Block) bool {
			return normal([]byte(c.text(nb.Range()))) == normal([]byte(text))
		})
		if !have {
			c.appendTo(blk, text)
		}
	}
	return nil
}

// remove takes nested block nb out of the body of blk: with the comment
// lines right above it, and what ends its line (comments, the newline).
// toks are the tokens of the changer's source.
func (c *changer) remove(toks hclsyntax.Tokens, blk *hclsyntax.Block, nb *hclsyntax.Block) {
	// The comments above nb start after the line of the item before it
	// (or after the body's opening brace).
	from := blk.OpenBraceRange.End.Byte
	for _, it := range items(blk.Body) {
		if end := it.Range().End.Byte; end <= nb.Range().Start.Byte && end > from {
			from = lineEnd(toks, end)
		}
	}
	start, end := nb.Range().Start.Byte, lineEnd(toks, nb.Range().End.Byte)
	for i := len(toks) - 1; i >= 0; i-- {
		t := toks[i]
		if t.Range.Start.Byte >= start || t.Range.Start.Byte < from {
			continue
		}
		if t.Type != hclsyntax.TokenComment {
			break
		}
		start = t.Range.Start.Byte
	}
	c.splices = append(c.splices, splice{start, end, ""})
}

// items are the arguments and nested blocks of b.
func items(b *hclsyntax.Body) []hclsyntax.Node {
	var out []hclsyntax.Node
	for _, a := range b.Attributes {
		out = append(out, a)
	}
	for _, nb := range b.Blocks {
		out = append(out, nb)
	}
	return out
}

// lineEnd is the offset after what ends the line of an item ending at
// offset at: the comments after it and the newline; at itself when a
// token other than those follows (a closing brace on the same line).
func lineEnd(toks hclsyntax.Tokens, at int) int {
	for _, t := range toks {
		if t.Range.Start.Byte < at {
			continue
		}
		switch {
		case t.Type == hclsyntax.TokenNewline,
			t.Type == hclsyntax.TokenComment && bytes.HasSuffix(t.Bytes, []byte("\n")):
			return t.Range.End.Byte
		case t.Type == hclsyntax.TokenComment:
			at = t.Range.End.Byte
		default:
			return at
		}
	}
	return at
}

// expression returns the new text of an argument whose expression is old
// (exists false: none): the edit's value at path inside it.
func (c *changer) expression(old string, exists bool, path []string) (string, error) {
	if len(path) > 0 && path[0] == JSONEncode {
		return c.jsonencode(old, exists, path[1:])
	}
	if len(path) > 0 {
		if !exists {
			old = "{}"
			if c.sketch {
				old = "{\n# ...\n}"
			}
		}
		return c.objectKey(old, path)
	}
	if c.e.Op == edit.AppendItems {
		if !exists {
			old = "[]"
			if c.sketch {
				old = "[\n# ...\n]"
			}
		}
		return c.appendItems(old)
	}
	return expr(c.e.Value)
}

// JSONEncode is a path element for the argument of a jsonencode call (a
// policy document written in HCL): jsonencode({...}).
const JSONEncode = "jsonencode()"

// jsonencode returns expression old, a jsonencode call (created when it
// does not exist), with the edit made at path inside its argument.
func (c *changer) jsonencode(old string, exists bool, path []string) (string, error) {
	if !exists {
		inner := "{}"
		if c.sketch {
			inner = "{\n# ...\n}"
		}
		val, err := c.expression(inner, true, path)
		if err != nil {
			return "", err
		}
		return "jsonencode(" + val + ")", nil
	}
	x, diags := hclsyntax.ParseExpression([]byte(old), "", hcl.InitialPos)
	if diags.HasErrors() {
		return "", diags
	}
	call, ok := x.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "jsonencode" || len(call.Args) != 1 {
		return "", fmt.Errorf("the value is %s, not jsonencode of a document: where to add cannot be decided", strings.TrimSpace(old))
	}
	r := call.Args[0].Range()
	val, err := c.expression(old[r.Start.Byte:r.End.Byte], true, path)
	if err != nil {
		return "", err
	}
	return old[:r.Start.Byte] + val + old[r.End.Byte:], nil
}

// objectKey returns object expression old with the value at path set (or
// extended, AppendItems): path[0] is a key of old, which must be an object
// written out (not a variable or function call, whose entries cannot be
// told).
func (c *changer) objectKey(old string, path []string) (string, error) {
	x, diags := hclsyntax.ParseExpression([]byte(old), "", hcl.InitialPos)
	if diags.HasErrors() {
		return "", diags
	}
	obj, ok := x.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return "", fmt.Errorf("the value is %s, not a map written out: where to add %q cannot be decided", strings.TrimSpace(old), path[0])
	}
	for _, it := range obj.Items {
		k, ok := objectKey(it.KeyExpr)
		if !ok || k != path[0] {
			continue
		}
		r := it.ValueExpr.Range()
		inner := old[r.Start.Byte:r.End.Byte]
		val, err := c.expression(inner, true, path[1:])
		if err != nil {
			return "", fmt.Errorf("%s: %w", path[0], err)
		}
		return old[:r.Start.Byte] + val + old[r.End.Byte:], nil
	}
	val, err := c.expression("", false, path[1:])
	if err != nil {
		return "", fmt.Errorf("%s: %w", path[0], err)
	}
	item := key(path[0]) + " = " + val
	end := obj.SrcRange.End.Byte - 1 // the closing brace
	switch {
	case len(obj.Items) == 0 && !strings.Contains(old, "\n"):
		return "{ " + item + " }", nil
	case strings.Contains(old, "\n"):
		return old[:end] + item + comment(c.e.Value.Comment) + "\n" + old[end:], nil
	}
	last := obj.Items[len(obj.Items)-1].ValueExpr.Range().End.Byte
	return old[:last] + ", " + item + old[last:], nil
}

// objectKey returns the name an object constructor key gives.
func objectKey(k hclsyntax.Expression) (string, bool) {
	if w, ok := k.(*hclsyntax.ObjectConsKeyExpr); ok {
		if name := hcl.ExprAsKeyword(w.Wrapped); name != "" {
			return name, true
		}
		k = w.Wrapped
	}
	v, diags := k.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.String) || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	return v.AsString(), true
}

// appendItems returns list expression old with the edit's items that it
// does not hold appended; old must be a list written out.
func (c *changer) appendItems(old string) (string, error) {
	x, diags := hclsyntax.ParseExpression([]byte(old), "", hcl.InitialPos)
	if diags.HasErrors() {
		return "", diags
	}
	tup, ok := x.(*hclsyntax.TupleConsExpr)
	if !ok {
		return "", fmt.Errorf("the value is %s, not a list written out: how to add to it cannot be decided", strings.TrimSpace(old))
	}
	var have []string
	for _, it := range tup.Exprs {
		r := it.Range()
		have = append(have, normal([]byte(old[r.Start.Byte:r.End.Byte])))
	}
	var add []string
	for _, it := range c.e.Value.Items {
		s, err := expr(it)
		if err != nil {
			return "", err
		}
		if n := normal([]byte(s)); !slices.Contains(have, n) {
			have = append(have, n)
			add = append(add, s+commentOf(it, strings.Contains(old, "\n")))
		}
	}
	if len(add) == 0 {
		return old, nil
	}
	end := tup.SrcRange.End.Byte - 1 // the closing bracket
	if strings.Contains(old, "\n") {
		var s strings.Builder
		for _, a := range add {
			s.WriteString(a + "\n")
		}
		before := old[:end]
		if len(tup.Exprs) > 0 {
			last := tup.Exprs[len(tup.Exprs)-1].Range().End.Byte
			if !strings.HasPrefix(strings.TrimLeft(old[last:end], " \t"), ",") {
				before = old[:last] + "," + old[last:end]
			}
		}
		if !strings.HasSuffix(strings.TrimRight(before, " \t"), "\n") {
			before += "\n"
		}
		return before + s.String() + old[end:], nil
	}
	joined := strings.Join(add, ", ")
	if len(tup.Exprs) == 0 {
		return old[:end] + joined + old[end:], nil
	}
	last := tup.Exprs[len(tup.Exprs)-1].Range().End.Byte
	return old[:last] + ", " + joined + old[last:], nil
}

// commentOf renders the trailing comma and comment of an item appended to
// a multi-line list, or nothing in a one-line list (which a comment would
// end).
func commentOf(v edit.Value, multiline bool) string {
	if !multiline {
		return ""
	}
	return "," + comment(v.Comment)
}

// blocksOf returns the nested blocks of type typ of b.
func blocksOf(b *hclsyntax.Body, typ string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, blk := range b.Blocks {
		if blk.Type == typ {
			out = append(out, blk)
		}
	}
	return out
}

// hasDynamic reports whether b has a dynamic block generating typ blocks.
func hasDynamic(b *hclsyntax.Body, typ string) bool {
	for _, blk := range b.Blocks {
		if blk.Type == "dynamic" && slices.Equal(blk.Labels, []string{typ}) {
			return true
		}
	}
	return false
}
