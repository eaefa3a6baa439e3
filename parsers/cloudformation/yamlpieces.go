package cloudformation

import (
	"bytes"
	"errors"
	"io"

	"go.yaml.in/yaml/v3"
)

// pieceSize is about how many bytes of a template parseYAMLPieces parses
// at once: yaml.v3's node tree of a piece weighs about eight times its
// text, and each piece costs one more parser.
const pieceSize = 32 << 10

// parseYAMLPieces reads a template whose top level is a block mapping by
// parsing its text in pieces of about size bytes, each with yaml.v3 on its
// own, so that only one piece's YAML tree is in memory at a time. A piece
// is a run of whole lines holding consecutive entries of the top-level
// mapping or, for a larger entry whose value is a block mapping
// (Resources), consecutive entries of that mapping; it is parsed as a
// document of its own (an indented top level is valid YAML), its line
// numbers offset by the lines before it, its columns unchanged. Every line
// of the text is in one piece.
//
// The pieces give the tree the whole parse gives: a piece starts at a
// line holding a key of the mapping at its column, where the parser of the
// whole document is at the same point as the parser of a new document
// (in block context, at that key's indentation), since a line at that
// column ends every block scalar and plain scalar above it, and a quoted
// scalar or flow collection open across the cut leaves the piece before it
// unterminated, which fails. pieceCuts declines texts where that is not
// sure (see there). ok is false when it declines, when a piece does not
// parse alone into the entries it should hold, or when converting one
// fails (an error, a duplicate key across pieces, an alias): the caller
// then parses the whole document, which reports the error, its line and
// its message as it always has. The scalars' texts are interned: yaml.v3
// allocates each, and a large template repeats most of them (keys, types,
// references, tags).
func parseYAMLPieces(path string, data []byte, size int) (*node, bool) {
	p := pieceParser{c: yamlConverter{path: path, src: newYAMLSource(data), strs: newInterner(), mem: &arena{}}}
	cuts, ok := pieceCuts(p.c.src, size)
	if !ok {
		return nil, false
	}
	for _, cut := range cuts {
		if !p.add(cut) {
			return nil, false
		}
	}
	if p.top == nil {
		return nil, false
	}
	root, _ := p.top.finish(p.c)
	return root, true
}

// A pieceCut is a run of lines [from, to) (0-based) of the template that
// holds consecutive entries of a block mapping whose keys start at column
// indent+1, the first on line key: entries of the top-level mapping, or,
// when header >= 0, of the value of the top-level key on line header (at
// column top+1). The cuts of one such value follow each other; the first
// and the last say so, and the first says on which line the piece that
// holds the key starts (headerFrom: header, or the first line of the
// template when only blank lines and comments come before the key).
type pieceCut struct {
	from, to    int
	key         int
	indent      int
	header, top int
	headerFrom  int
	first, last bool
}

// pieceParser builds the tree of a template from its pieces.
type pieceParser struct {
	c      yamlConverter
	top    *mappingBuilder // the top-level mapping, once its first piece is read
	key    *node           // the key whose value nested is
	keyEnd int             // the offset where key ends
	nested *mappingBuilder // the value being read in pieces, or nil
}

// add parses the piece cut and adds its entries to the tree; false when it
// does not parse alone into the entries it should hold, or their
// conversion fails.
func (p *pieceParser) add(cut pieceCut) bool {
	if cut.header >= 0 && cut.first && !p.startNested(cut) {
		return false
	}
	n, ok := parsePiece(p.c.src, cut.from, cut.to, cut.key, cut.indent)
	if !ok {
		return false
	}
	c := pieceConverter(p.c, cut.from)
	if cut.header < 0 {
		if p.top == nil {
			p.top = newMappingBuilder(c, n)
		}
		return p.top.add(c, n, 0) == nil
	}
	if p.nested == nil {
		p.nested = newMappingBuilder(c, n)
	}
	if p.nested.add(c, n, 1) != nil {
		return false
	}
	if cut.last {
		val, end := p.nested.finish(p.c)
		p.top.addEntry(p.key, val, max(p.keyEnd, end))
		p.nested = nil
	}
	return true
}

// startNested reads the lines from the top-level key whose value, a block
// mapping, cut (its first piece) starts, to cut: alone, they must parse
// into that key with nothing after it.
func (p *pieceParser) startNested(cut pieceCut) bool {
	h, ok := parsePiece(p.c.src, cut.headerFrom, cut.from, cut.header, cut.top)
	if !ok || len(h.Content) != 2 || !emptyValue(h.Content[1]) || p.nested != nil {
		return false
	}
	c := pieceConverter(p.c, cut.headerFrom)
	if p.top == nil {
		p.top = newMappingBuilder(c, h)
	}
	kn := h.Content[0]
	if p.top.key(c, kn, h.Content[1]) != nil {
		return false
	}
	p.key, p.keyEnd = c.scalar(kn)
	return true
}

// pieceConverter returns c for the nodes of a piece that starts at line
// from (0-based) of the document.
func pieceConverter(c yamlConverter, from int) yamlConverter {
	c.lines = from
	return c
}

// emptyValue reports whether n is a mapping value written as nothing (a
// comment at most).
func emptyValue(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Value == "" && n.Style == 0 && n.Anchor == "" && n.Tag == "!!null"
}

// parsePiece parses lines [from, to) (0-based) of src's text alone and
// returns the block mapping they hold, whose first key must start at
// column indent+1 of line key; ok is false otherwise, or when the text is
// not exactly one document.
func parsePiece(src *yamlSource, from, to, key, indent int) (*yaml.Node, bool) {
	text := src.data[src.starts[from]:src.lineStart(to)]
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var doc, next yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, false
	}
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, false
	}
	n := doc.Content[0]
	if n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle != 0 || n.Tag != "!!map" || n.Anchor != "" ||
		n.Line != key-from+1 || n.Column != indent+1 {
		return nil, false
	}
	return n, true
}

// pieceCuts splits the text of src into pieces of about size bytes (see
// parseYAMLPieces); ok is false when the first line that is not blank or a
// comment does not start a plain key (the top level is not a block
// mapping, or its node has a tag or anchor). A piece starts only at a line
// of exactly the mapping's indentation in spaces followed by a character
// that starts a plain key: a line indented with a tab, a "---" document
// marker or a directive never starts one. Each piece must then be exactly
// one document whose first key is where the cut says: a document marker
// ("---" or "...") in a piece, or at its start, fails its parse. Every
// line break yaml.v3 knows is one for src too, so the line numbers of the
// pieces add up.
func pieceCuts(src *yamlSource, size int) ([]pieceCut, bool) {
	lines := len(src.starts)
	first := -1
	for i := 0; i < lines && first < 0; i++ {
		if _, c, content := src.lineIndent(i); content {
			if !keyStart(c) {
				return nil, false
			}
			first = i
		}
	}
	if first < 0 {
		return nil, false
	}
	indent, _, _ := src.lineIndent(first)
	keys := src.keyLines(first, lines, indent)
	var cuts []pieceCut
	from, key := 0, first // the top-level entries not yet in a cut
	for k, line := range keys {
		end := lines
		if k+1 < len(keys) {
			end = keys[k+1]
		}
		if line > key && src.starts[line]-src.starts[from] >= size {
			cuts = append(cuts, pieceCut{from: from, to: line, key: key, indent: indent, header: -1})
			from, key = line, line
		}
		if src.lineStart(end)-src.starts[line] <= size {
			continue
		}
		nested := src.nestedCuts(line, end, indent, size)
		if nested == nil {
			continue
		}
		switch {
		case key < line:
			cuts = append(cuts, pieceCut{from: from, to: line, key: key, indent: indent, header: -1})
		case from < line: // blank lines and comments only
			nested[0].headerFrom = from
		}
		cuts = append(cuts, nested...)
		from, key = end, end
	}
	if from < lines {
		cuts = append(cuts, pieceCut{from: from, to: lines, key: key, indent: indent, header: -1})
	}
	return cuts, true
}

// nestedCuts returns the cuts of the value of the top-level key on line
// header, whose entry ends at line end, when that value is written as a
// block mapping on the lines after the key; nil otherwise.
func (s *yamlSource) nestedCuts(header, end, top, size int) []pieceCut {
	if !endsWithColon(s.data[s.starts[header]:s.lineEnd(header+1)]) {
		return nil
	}
	start, indent := -1, 0
	for i := header + 1; i < end && start < 0; i++ {
		ind, c, content := s.lineIndent(i)
		if !content {
			continue
		}
		if ind <= top || !keyStart(c) {
			return nil
		}
		start, indent = i, ind
	}
	if start < 0 {
		return nil
	}
	var cuts []pieceCut
	from := start
	for _, line := range s.keyLines(start+1, end, indent) {
		if s.starts[line]-s.starts[from] >= size {
			cuts = append(cuts, pieceCut{from: from, to: line, key: from, indent: indent, header: header, top: top})
			from = line
		}
	}
	cuts = append(cuts, pieceCut{from: from, to: end, key: from, indent: indent, header: header, top: top})
	cuts[0].first, cuts[0].headerFrom = true, header
	cuts[len(cuts)-1].last = true
	return cuts
}

// endsWithColon reports whether line ends with a colon, but for white
// space and a comment: whether it may be a key with its value on the lines
// after it (the parse of the line alone decides).
func endsWithColon(line []byte) bool {
	if i := bytes.Index(line, []byte(" #")); i >= 0 {
		line = line[:i]
	}
	return bytes.HasSuffix(bytes.TrimRight(line, " \t"), []byte(":"))
}

// keyLines returns the lines in [from, to) that may start a key of a block
// mapping indented by indent spaces: exactly that many spaces, then a
// character that starts a plain key.
func (s *yamlSource) keyLines(from, to, indent int) []int {
	var keys []int
	for i := from; i < to; i++ {
		if ind, c, content := s.lineIndent(i); content && ind == indent && keyStart(c) {
			keys = append(keys, i)
		}
	}
	return keys
}

// lineIndent returns the number of spaces line i (0-based) starts with and
// the byte after them; content is false when the line is blank or a
// comment.
func (s *yamlSource) lineIndent(i int) (indent int, c byte, content bool) {
	start, end := s.starts[i], s.lineStart(i+1)
	j := start
	for j < end && s.data[j] == ' ' {
		j++
	}
	if j == end || s.data[j] == '\n' || s.data[j] == '\r' || s.data[j] == '#' {
		return j - start, 0, false
	}
	return j - start, s.data[j], true
}

// keyStart reports whether c can start a plain key that cannot be mistaken
// for anything else at the start of a line: a printable ASCII character
// that is not a comment or an indicator of YAML (a sequence entry, an
// explicit key or value, a flow collection, a quoted or block scalar, a
// tag, anchor or alias, a directive, or a reserved character).
func keyStart(c byte) bool {
	switch c {
	case '#', '-', '?', ':', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return c > ' ' && c < 0x7f // ASCII: a line starting with U+FEFF is not one
}
