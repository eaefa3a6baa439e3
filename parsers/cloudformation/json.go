package cloudformation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/beanlint/beanlint/parsers"
)

// parseJSON reads a JSON template into a tree, keeping positions. It uses
// encoding/json because the YAML parser rejects valid JSON escapes such as
// "\/" and surrogate pairs.
func parseJSON(path string, data []byte) (*node, error) {
	p := &jsonParser{path: path, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	for i, b := range data {
		if b == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	rest := p.skipSpace(int(p.dec.InputOffset()))
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, p.errorAt(rest, "unexpected data after the top-level value")
	}
	return root, nil
}

type jsonParser struct {
	path  string
	data  []byte
	dec   *json.Decoder
	lines []int // byte offsets at which lines 2, 3, ... start
	// last is the most recent pos result; positions are mostly asked in
	// increasing order, so counting on from it keeps long lines linear.
	lastOff, lastLine, lastCol int
}

// pos converts a byte offset to a 1-based line and code-point column.
func (p *jsonParser) pos(off int) (line, col int) {
	if off > len(p.data) {
		off = len(p.data)
	}
	i := sort.SearchInts(p.lines, off+1) // lines starting at or before off
	start := 0
	if i > 0 {
		start = p.lines[i-1]
	}
	line = i + 1
	if p.lastLine == line && p.lastOff <= off {
		col = p.lastCol + utf8.RuneCount(p.data[p.lastOff:off])
	} else {
		col = utf8.RuneCount(p.data[start:off]) + 1
	}
	p.lastOff, p.lastLine, p.lastCol = off, line, col
	return line, col
}

func (p *jsonParser) span(from, to int) span {
	sl, sc := p.pos(from)
	el, ec := p.pos(to)
	return span{startLine: int32(sl), startCol: int32(sc), endLine: int32(el), endCol: int32(ec)}
}

// skipSpace returns the offset of the first byte at or after off that is
// not white space or a separator (',' ':').
func (p *jsonParser) skipSpace(off int) int {
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func (p *jsonParser) errorAt(off int, format string, args ...any) error {
	line, col := p.pos(off)
	return &parsers.ParseError{Loc: parsers.Span(p.path, line, col, 0, 0), Msg: fmt.Sprintf(format, args...)}
}

// token reads the next token and returns it with its start and end offsets.
func (p *jsonParser) token() (json.Token, int, int, error) {
	start := p.skipSpace(int(p.dec.InputOffset()))
	tok, err := p.dec.Token()
	if err != nil {
		off := start
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, 0, 0, p.errorAt(len(p.data), "invalid JSON: unexpected end of input")
		}
		return nil, 0, 0, &parsers.ParseError{Loc: p.errorLoc(off), Msg: "invalid JSON: " + err.Error(), Err: err}
	}
	return tok, start, int(p.dec.InputOffset()), nil
}

func (p *jsonParser) errorLoc(off int) parsers.Location {
	line, col := p.pos(off)
	return parsers.Span(p.path, line, col, 0, 0)
}

func (p *jsonParser) value(depth int) (*node, error) {
	tok, start, end, err := p.token()
	if err != nil {
		return nil, err
	}
	return p.fromToken(tok, start, end, depth)
}

func (p *jsonParser) fromToken(tok json.Token, start, end, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, p.errorAt(start, "nesting deeper than %d levels", maxDepth)
	}
	switch t := tok.(type) {
	case json.Delim:
		// Take the start position now: positions are computed in
		// increasing offset order, which keeps one-line files linear.
		at := p.span(start, start)
		switch t {
		case '{':
			return p.object(at, depth)
		case '[':
			return p.array(at, depth)
		}
		return nil, p.errorAt(start, "invalid JSON: unexpected %q", rune(t))
	case string:
		return &node{kind: scalarNode, str: t, at: p.span(start, end)}, nil
	case json.Number:
		return &node{kind: scalarNode, str: string(t), at: p.span(start, end)}, nil
	case bool:
		s := "false"
		if t {
			s = "true"
		}
		return &node{kind: scalarNode, str: s, at: p.span(start, end)}, nil
	case nil:
		return &node{kind: scalarNode, null: true, at: p.span(start, end)}, nil
	}
	return nil, p.errorAt(start, "invalid JSON token")
}

func (p *jsonParser) object(at span, depth int) (*node, error) {
	out := &node{kind: mapNode, at: at}
	seen := map[string]int{}
	for {
		tok, ks, ke, err := p.token()
		if err != nil {
			return nil, err
		}
		if d, ok := tok.(json.Delim); ok && d == '}' {
			out.at.setEnd(p.pos(ke))
			return out, nil
		}
		key, ok := tok.(string)
		if !ok {
			return nil, p.errorAt(ks, "invalid JSON: object key must be a string")
		}
		keyNode := &node{kind: scalarNode, str: key, at: p.span(ks, ke)}
		if first, dup := seen[key]; dup {
			return nil, &parsers.ParseError{Loc: keyNode.at.in(p.path), Msg: fmt.Sprintf("duplicate key %q (first defined at line %d)", excerpt(key), first)}
		}
		seen[key] = int(keyNode.at.startLine)
		val, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out.addEntry(keyNode, val)
	}
}

func (p *jsonParser) array(at span, depth int) (*node, error) {
	out := &node{kind: seqNode, at: at}
	for {
		tok, ts, te, err := p.token()
		if err != nil {
			return nil, err
		}
		if d, ok := tok.(json.Delim); ok && d == ']' {
			out.at.setEnd(p.pos(te))
			return out, nil
		}
		item, err := p.fromToken(tok, ts, te, depth+1)
		if err != nil {
			return nil, err
		}
		out.addItem(item)
	}
}
