package hcl

// The implementation this package had through hclwrite (as of main
// 98921a7), kept for the tests only: Apply and Render are compared with
// it (TestApplyAsHCLWrite, FuzzApplyAsHCLWrite).

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/beanlint/beanlint/rules/edit"
)

func refApply(src []byte, edits []edit.Edit) ([]byte, error) {
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
		if out, err = refApplyOne(out, e, false); err != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", e.File, e.Op, describe(e), err)
		}
	}
	if crlf {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	return out, nil
}

func refApplyOne(src []byte, e edit.Edit, sketch bool) ([]byte, error) {
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
		return refAddBlock(src, found, e)
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
	wf, diags := hclwrite.ParseConfig(part, e.File, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("reading the block of %s: %w", e.Target, diags)
	}
	if len(wf.Body().Blocks()) != 1 {
		return nil, fmt.Errorf("the line of the block of %s holds another block", e.Target)
	}
	ch := refChanger{e: e, sketch: sketch}
	if err := ch.body(wf.Body().Blocks()[0].Body(), e.Path); err != nil {
		return nil, err
	}
	changed := bytes.TrimRight(hclwrite.Format(wf.Bytes()), "\n")
	return slices.Concat(src[:start], changed, src[r.End.Byte:]), nil
}

func refAddBlock(src []byte, found *hclsyntax.Block, e edit.Edit) ([]byte, error) {
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
	blk := hclwrite.Format([]byte(text))
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
	return append(append(out, hclwrite.Format([]byte(commentLine(e.Comment)))...), blk...), nil
}

type refChanger struct {
	e      edit.Edit
	sketch bool
}

func (c refChanger) body(b *hclwrite.Body, path []string) error {
	name := path[0]
	if len(path) > 1 {
		if sel, ok := edit.Selector(path[1]); ok {
			return c.selected(b, name, sel, path[2:])
		}
		if b.GetAttribute(name) == nil {
			if blocks := refBlocksOf(b, name); len(blocks) == 1 {
				return c.body(blocks[0].Body(), path[1:])
			} else if len(blocks) > 1 {
				return fmt.Errorf("%d %s blocks: which one is meant cannot be decided", len(blocks), name)
			}
		}
	}
	if refHasDynamic(b, name) {
		return fmt.Errorf("a dynamic %q block generates %s: change what it iterates over", name, name)
	}
	if c.e.Value.Block {
		return c.blocks(b, name)
	}
	attr := b.GetAttribute(name)
	var old string
	if attr != nil {
		old = string(attr.Expr().BuildTokens(nil).Bytes())
	}
	val, err := c.expression(old, attr != nil, path[1:])
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if attr != nil {
		if normal([]byte(val)) != normal([]byte(old)) {
			b.SetAttributeRaw(name, refTokens(val))
		}
		return nil
	}
	line := name + " = " + val
	if len(path) == 1 {
		line += comment(c.e.Value.Comment)
	}
	b.AppendUnstructuredTokens(refTokens(line + "\n"))
	return nil
}

func (c refChanger) selected(b *hclwrite.Body, typ string, sel []edit.Field, rest []string) error {
	if len(rest) == 0 {
		return fmt.Errorf("nothing to change in the %s block", typ)
	}
	var match []*hclwrite.Block
	for _, blk := range refBlocksOf(b, typ) {
		if refSelects(blk.Body(), sel) {
			match = append(match, blk)
		}
	}
	switch {
	case len(match) == 1:
		return c.body(match[0].Body(), rest)
	case len(match) > 1:
		return fmt.Errorf("%d %s blocks with %s: which one is meant cannot be decided", len(match), typ, edit.Select(pairs(sel)...))
	case refHasDynamic(b, typ):
		return fmt.Errorf("a dynamic %q block may generate the %s block with %s: change what it iterates over", typ, typ, edit.Select(pairs(sel)...))
	}
	var s strings.Builder
	s.WriteString(typ + " {\n")
	for _, f := range sel {
		s.WriteString(f.Key + " = " + quote(f.Value.Str) + "\n")
	}
	s.WriteString("}\n")
	nf, diags := hclwrite.ParseConfig([]byte(s.String()), "", hcl.InitialPos)
	if diags.HasErrors() {
		return fmt.Errorf("a new %s block: %w", typ, diags)
	}
	if err := c.body(nf.Body().Blocks()[0].Body(), rest); err != nil {
		return err
	}
	b.AppendUnstructuredTokens(nf.BuildTokens(nil))
	return nil
}

func refSelects(b *hclwrite.Body, sel []edit.Field) bool {
	for _, f := range sel {
		a := b.GetAttribute(f.Key)
		if a == nil || normal(a.Expr().BuildTokens(nil).Bytes()) != normal([]byte(quote(f.Value.Str))) {
			return false
		}
	}
	return true
}

func (c refChanger) blocks(b *hclwrite.Body, typ string) error {
	if b.GetAttribute(typ) != nil {
		return fmt.Errorf("%s is written as an argument (%s = [...]), not as blocks: add the item there", typ, typ)
	}
	items := []edit.Value{c.e.Value}
	if c.e.Value.Kind == edit.List {
		items = c.e.Value.Items
	}
	existing := refBlocksOf(b, typ)
	if c.e.Op == edit.SetProperty {
		for _, blk := range existing {
			b.RemoveBlock(blk)
		}
		existing = nil
	}
	for _, it := range items {
		text, err := nested(typ, it)
		if err != nil {
			return err
		}
		have := slices.ContainsFunc(existing, func(blk *hclwrite.Block) bool {
			return normal(blk.BuildTokens(nil).Bytes()) == normal([]byte(text))
		})
		if !have {
			b.AppendUnstructuredTokens(refTokens(text))
		}
	}
	return nil
}

func (c refChanger) expression(old string, exists bool, path []string) (string, error) {
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

func (c refChanger) jsonencode(old string, exists bool, path []string) (string, error) {
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

func (c refChanger) objectKey(old string, path []string) (string, error) {
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

func (c refChanger) appendItems(old string) (string, error) {
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

func refBlocksOf(b *hclwrite.Body, typ string) []*hclwrite.Block {
	var out []*hclwrite.Block
	for _, blk := range b.Blocks() {
		if blk.Type() == typ {
			out = append(out, blk)
		}
	}
	return out
}

func refHasDynamic(b *hclwrite.Body, typ string) bool {
	for _, blk := range b.Blocks() {
		if blk.Type() == "dynamic" && slices.Equal(blk.Labels(), []string{typ}) {
			return true
		}
	}
	return false
}

func refTokens(text string) hclwrite.Tokens {
	toks, _ := hclsyntax.LexConfig([]byte(text), "", hcl.InitialPos)
	out := make(hclwrite.Tokens, 0, len(toks))
	for _, t := range toks {
		if t.Type == hclsyntax.TokenEOF {
			continue
		}
		out = append(out, &hclwrite.Token{Type: t.Type, Bytes: t.Bytes})
	}
	return out
}

func refRenderAt(edits []edit.Edit, at string) []byte {
	var out bytes.Buffer
	files := edit.Files(edits)
	for i, file := range files {
		if i > 0 {
			out.WriteByte('\n')
		}
		if len(files) > 1 || file != at {
			out.WriteString("# in " + file + ":\n")
		}
		var targets []string
		for _, e := range edit.In(edits, file) {
			if !slices.Contains(targets, e.Target) {
				targets = append(targets, e.Target)
			}
		}
		for j, target := range targets {
			if j > 0 {
				out.WriteByte('\n')
			}
			var of []edit.Edit
			for _, e := range edit.In(edits, file) {
				if e.Target == target {
					of = append(of, e)
				}
			}
			out.Write(refRenderGroup(target, of))
		}
	}
	return out.Bytes()
}

func refRenderGroup(target string, edits []edit.Edit) []byte {
	typ, labels, err := blockOf(target)
	if err != nil {
		return []byte("# " + err.Error() + "\n")
	}
	src := []byte(header(typ, labels) + "# ...\n}\n")
	for _, e := range edits {
		var next []byte
		if e.Op == edit.AddResource {
			next, err = refAddBlock(nil, nil, e)
		} else {
			next, err = refApplyOne(src, e, true)
		}
		if err != nil {
			return []byte("# " + e.Op.String() + " " + describe(e) + ": " + oneLine(err.Error()) + "\n")
		}
		src = next
	}
	return hclwrite.Format(commented(src, edits))
}
