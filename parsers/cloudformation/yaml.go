package cloudformation

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/parsers"
)

// maxDepth bounds nesting so that hostile inputs cannot exhaust the stack.
const maxDepth = 256

// yamlAnchor matches the YAML parser's messages that quote an anchor name.
// It is compiled where a syntax error is reported, not at start-up.
const yamlAnchor = `^((?:unknown )?anchor ')(.*)(' (?:referenced|value contains itself))$`

// parseYAML reads a YAML template into a tree. A template is one YAML
// document, as CloudFormation reads it: a second document that is not
// empty is an error, not ignored. A template larger than pieceSize is
// parsed in pieces of about that size (see parseYAMLPieces), so that
// yaml.v3's node tree of the whole file is never in memory; the result is
// the same.
func parseYAML(path string, data []byte) (*node, error) {
	if len(data) > pieceSize {
		if root, ok := parseYAMLPieces(path, data, pieceSize); ok {
			return root, nil
		}
	}
	return parseYAMLWhole(path, data)
}

// parseYAMLWhole reads a YAML template into a tree, parsing the whole
// document at once.
func parseYAMLWhole(path string, data []byte) (*node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(path, data, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &parsers.ParseError{Loc: parsers.Location{File: path, StartLine: 1, StartCol: 1}, Msg: "empty template"}
	}
	c := yamlConverter{path: path, src: newYAMLSource(data), mem: &arena{}}
	root, _, err := c.convert(doc.Content[0], 0)
	if err != nil {
		return nil, err
	}
	for {
		var next yaml.Node
		switch err := dec.Decode(&next); {
		case errors.Is(err, io.EOF):
			return root, nil
		case err != nil:
			return nil, yamlError(path, data, err)
		case !emptyDocument(&next):
			return nil, c.errorf(&next, "a second YAML document starts here: a template is one document (CloudFormation reads no other)")
		}
	}
}

// emptyDocument reports whether a document has no content: nothing, or
// only comments, after its "---".
func emptyDocument(doc *yaml.Node) bool {
	if len(doc.Content) == 0 {
		return true
	}
	n := doc.Content[0]
	return len(doc.Content) == 1 && n.Kind == yaml.ScalarNode && n.Value == "" && n.Style == 0 && n.Anchor == ""
}

// parses reports whether every document of data is valid YAML.
func parses(data []byte) bool {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			return errors.Is(err, io.EOF)
		}
	}
}

// yamlError turns a YAML syntax error into a ParseError. The parser names
// the line where the enclosing block started, or no line at all; the line
// at fault is the first line whose prefix of the document no longer
// parses, found by bisection from there. The parser does not say which
// column, so the error has none. Its message is the parser's, once (not
// followed by the parser's error, which says it again with a line that may
// be wrong), with an anchor name it quotes cut to an excerpt.
func yamlError(path string, data []byte, err error) *parsers.ParseError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	perr := &parsers.ParseError{Loc: parsers.Location{File: path}}
	reported := 1
	if m := regexp.MustCompile(`^line (\d+)`).FindStringSubmatch(msg); m != nil {
		reported, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.TrimPrefix(msg[len(m[0]):], ":"))
	}
	if m := regexp.MustCompile(yamlAnchor).FindStringSubmatch(msg); m != nil {
		msg = m[1] + excerpt(m[2]) + m[3]
	}
	perr.Msg = "invalid YAML: " + msg
	ends := lineEnds(data)
	lo, hi := reported, len(ends) // prefix(hi) fails; find the first failing
	if lo < 1 {
		lo = 1
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if !parses(data[:ends[mid-1]]) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	perr.Loc.StartLine = int32(lo)
	return perr
}

// lineEnds returns, for each line, the offset just past its newline.
func lineEnds(data []byte) []int {
	var ends []int
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		ends = append(ends, len(data))
	}
	return ends
}

// yamlConverter turns YAML nodes into tree nodes, dropping each YAML node
// from its parent once converted, so that the YAML tree and the tree built
// from it are not both in memory whole. A node's location spans the whole
// value as written: its tag, closing quote or bracket included.
type yamlConverter struct {
	path string
	src  *yamlSource
	// lines is the number of lines of the document before the text the
	// YAML nodes were parsed from (a piece, see parseYAMLPieces).
	lines int
	// strs, when set, gives the scalars of the tree one copy of each text
	// (see parseYAMLPieces).
	strs *interner
	// mem allocates the tree's nodes (nil: one by one).
	mem *arena
}

// line returns the line of the document on which n starts.
func (c yamlConverter) line(n *yaml.Node) int { return n.Line + c.lines }

func (c yamlConverter) loc(n *yaml.Node) parsers.Location {
	return parsers.Span(c.path, c.line(n), n.Column, c.line(n), n.Column)
}

// start returns the span of n's first character.
func (c yamlConverter) start(n *yaml.Node) span {
	line := int32(c.line(n))
	return span{startLine: line, startCol: int32(n.Column), endLine: line, endCol: int32(n.Column)}
}

// span returns the span of n, which ends at byte offset end.
func (c yamlConverter) span(n *yaml.Node, end int) span {
	at := c.start(n)
	at.setEnd(c.src.position(end))
	return at
}

func (c yamlConverter) errorf(n *yaml.Node, format string, args ...any) error {
	return &parsers.ParseError{Loc: c.loc(n), Msg: fmt.Sprintf(format, args...)}
}

// convert turns n into a tree node and returns the byte offset where n's
// text ends.
func (c yamlConverter) convert(n *yaml.Node, depth int) (*node, int, error) {
	if depth > maxDepth {
		return nil, 0, c.errorf(n, "nesting deeper than %d levels", maxDepth)
	}
	var out *node
	var end int
	var err error
	switch n.Kind {
	case yaml.AliasNode:
		return nil, 0, c.errorf(n, "YAML aliases are not allowed in CloudFormation templates (*%s)", excerpt(n.Value))
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, 0, c.errorf(n, "empty document")
		}
		return c.convert(n.Content[0], depth+1)
	case yaml.ScalarNode:
		out, end = c.scalar(n)
	case yaml.SequenceNode:
		start := c.src.offset(c.line(n), n.Column)
		out = c.mem.node()
		out.kind = seqNode
		if len(n.Content) > 0 {
			out.kids = c.mem.children()
			out.kids.vals = c.mem.list(len(n.Content))
		}
		last := -1
		for i, it := range n.Content {
			child, childEnd, err := c.convert(it, depth+1)
			if err != nil {
				return nil, 0, err
			}
			n.Content[i] = nil // converted: let the collector have it
			out.addItem(child)
			last = childEnd
		}
		end = c.collectionEnd(start, last)
		out.at = c.span(n, end)
	case yaml.MappingNode:
		out, end, err = c.mapping(n, depth)
		if err != nil {
			return nil, 0, err
		}
	default:
		return nil, 0, c.errorf(n, "unsupported YAML node")
	}
	out, err = c.applyTag(n, out)
	return out, end, err
}

// collectionEnd returns the offset where the collection starting at start
// ends: after its closing bracket for a flow collection, else where its
// last entry ends (last, -1 when it has none).
func (c yamlConverter) collectionEnd(start, last int) int {
	props := c.src.properties(start)
	open := c.src.skipSeparation(props)
	if open < len(c.src.data) && (c.src.data[open] == '[' || c.src.data[open] == '{') {
		if end, ok := c.src.flowEnd(max(open+1, last)); ok {
			return end
		}
	}
	return max(props, last)
}

func (c yamlConverter) mapping(n *yaml.Node, depth int) (*node, int, error) {
	m := newMappingBuilder(c, n)
	if err := m.add(c, n, depth); err != nil {
		return nil, 0, err
	}
	out, end := m.finish(c)
	return out, end, nil
}

// mappingBuilder converts a mapping entry by entry: from one YAML mapping
// node, or from the mapping nodes of the pieces of one mapping (see
// parseYAMLPieces), which must give the same tree.
type mappingBuilder struct {
	start int  // the offset where the mapping starts
	first span // the position of its first node
	out   *node
	// seen holds the line of each key so far once the mapping has
	// smallMapping keys; until then firstLine looks among its keys.
	seen map[string]int
	last int // the offset where the last entry ends, -1 if none
}

// newMappingBuilder starts the mapping whose (first) YAML node is n.
func newMappingBuilder(c yamlConverter, n *yaml.Node) *mappingBuilder {
	out := c.mem.node()
	out.kind = mapNode
	if entries := len(n.Content) / 2; entries > 0 {
		out.kids = c.mem.children()
		out.kids.keys, out.kids.vals = c.mem.list(entries), c.mem.list(entries)
	}
	return &mappingBuilder{
		start: c.src.offset(c.line(n), n.Column),
		first: c.start(n),
		out:   out,
		last:  -1,
	}
}

// add converts the entries of the YAML mapping n, whose values are at
// depth+1, dropping each from n once converted so that the YAML tree and
// the tree built from it are not both in memory whole.
func (m *mappingBuilder) add(c yamlConverter, n *yaml.Node, depth int) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if err := m.key(c, kn, vn); err != nil {
			return err
		}
		key, keyEnd := c.scalar(kn)
		val, valEnd, err := c.convert(vn, depth+1)
		if err != nil {
			return err
		}
		n.Content[i], n.Content[i+1] = nil, nil // converted: let the collector have them
		m.addEntry(key, val, max(keyEnd, valEnd))
	}
	return nil
}

// key checks the key kn of an entry whose value is vn, and that it is not
// one the mapping has already.
func (m *mappingBuilder) key(c yamlConverter, kn, vn *yaml.Node) error {
	if kn.Kind == yaml.AliasNode || vn.Kind == yaml.AliasNode {
		an := kn
		if vn.Kind == yaml.AliasNode {
			an = vn
		}
		return c.errorf(an, "YAML aliases are not allowed in CloudFormation templates (*%s)", excerpt(an.Value))
	}
	if kn.Kind != yaml.ScalarNode {
		return c.errorf(kn, "mapping key must be a string")
	}
	if kn.Tag != "" && strings.HasPrefix(kn.Tag, "!") && !strings.HasPrefix(kn.Tag, "!!") {
		return c.errorf(kn, "tag %s is not allowed on a mapping key", excerpt(kn.Tag))
	}
	if first, dup := m.firstLine(kn.Value); dup {
		return c.errorf(kn, "duplicate key %q (first defined at line %d)", excerpt(kn.Value), first)
	}
	if m.seen != nil {
		m.seen[kn.Value] = c.line(kn)
	}
	return nil
}

// smallMapping is the number of keys up to which a mapping finds a
// duplicate key by looking at each of its keys: most mappings of a
// template have a few, and a map for each would be most of the garbage
// of the conversion.
const smallMapping = 8

// firstLine returns the line of the mapping's key text, if it has it. The
// keys are the mapping's so far: a key is checked (key) before its entry
// is added, and the top-level key whose value is read in pieces is the
// last checked until its entry is added (pieceParser).
func (m *mappingBuilder) firstLine(text string) (int, bool) {
	if m.seen != nil {
		line, ok := m.seen[text]
		return line, ok
	}
	keys := m.out.keys()
	for _, k := range keys {
		if k.str == text {
			return int(k.at.startLine), true
		}
	}
	if len(keys) >= smallMapping {
		m.seen = make(map[string]int, 2*len(keys))
		for _, k := range keys {
			m.seen[k.str] = int(k.at.startLine)
		}
	}
	return 0, false
}

// addEntry adds a converted entry that ends at offset end.
func (m *mappingBuilder) addEntry(key, val *node, end int) {
	m.out.addEntry(key, val)
	m.last = end
}

// finish returns the mapping and the offset where its text ends.
func (m *mappingBuilder) finish(c yamlConverter) (*node, int) {
	end := c.collectionEnd(m.start, m.last)
	m.out.at = m.first
	m.out.at.setEnd(c.src.position(end))
	return m.out, end
}

// scalar converts a scalar node and returns the offset where its text
// ends.
func (c yamlConverter) scalar(n *yaml.Node) (*node, int) {
	start := c.src.offset(c.line(n), n.Column)
	end := c.scalarEnd(n, start)
	out := c.mem.node()
	out.kind, out.str, out.at = scalarNode, c.strs.intern(n.Value), c.span(n, end)
	if n.ShortTag() == "!!null" {
		out.null = true
	}
	return out, end
}

// scalarEnd returns the offset after the text of scalar n, which starts
// (with its tag or anchor, if any) at start.
func (c yamlConverter) scalarEnd(n *yaml.Node, start int) int {
	props := c.src.properties(start)
	written := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0
	if !written && n.Value == "" {
		return props // an empty value: the tag alone, or nothing
	}
	i := c.src.skipSeparation(props)
	if i >= len(c.src.data) {
		return props
	}
	switch c.src.data[i] {
	case '"':
		return c.src.doubleQuotedEnd(i)
	case '\'':
		return c.src.singleQuotedEnd(i)
	case '|', '>':
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return c.src.blockEnd(i, strings.TrimSpace(n.Value) == "")
		}
	}
	return c.src.plainEnd(i, n.Value)
}

// applyTag rewrites a short-form intrinsic tag into its long form.
func (c yamlConverter) applyTag(n *yaml.Node, out *node) (*node, error) {
	tag := n.Tag
	if tag == "" || tag == "!" || strings.HasPrefix(tag, "!!") || strings.HasPrefix(tag, "tag:yaml.org,2002:") {
		return out, nil
	}
	fn, ok := shortTags[tag]
	if !ok {
		return nil, c.errorf(n, "unknown tag %s: CloudFormation rejects templates with unknown intrinsic functions", excerpt(tag))
	}
	if out.kind == scalarNode && out.null {
		out.null = false // !GetAZs with no argument means ""
	}
	key := c.mem.node()
	key.kind, key.str, key.at = scalarNode, fn, out.at
	at := out.at
	if at.startLine == 0 {
		at = c.start(n)
	}
	return newMap([]*node{key}, []*node{out}, at), nil
}

// maxInterned bounds the texts an interner keeps: a large template repeats
// the same keys and values (Type, Properties, Ref, a tag's Key and Value,
// the same references) over and over, while a template of texts that do
// not repeat gets no more than this many map entries.
const maxInterned = 8192

// interner hands out one copy of each scalar text it has seen: yaml.v3
// allocates the text of each scalar, and the tree of a large template
// would otherwise hold each repeated text as often as it is written.
type interner struct {
	texts map[string]string
}

// newInterner returns an empty interner.
func newInterner() *interner {
	return &interner{texts: make(map[string]string)}
}

// intern returns the copy of s kept (s itself, the first time), or s for
// a nil interner and once maxInterned texts are kept.
func (in *interner) intern(s string) string {
	if in == nil {
		return s
	}
	if kept, ok := in.texts[s]; ok {
		return kept
	}
	if len(in.texts) < maxInterned {
		in.texts[s] = s
	}
	return s
}
