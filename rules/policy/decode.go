package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Error is a policy that is not a policy: not JSON, or not the shape of
// the IAM policy grammar [iam-grammar].
type Error struct {
	Path string // where, as "Statement[1].Effect"; "" for the whole document
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return "policy: " + e.Msg
	}
	return "policy: " + e.Path + ": " + e.Msg
}

func errorf(path, format string, args ...any) error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// Parse reads a JSON policy document.
func Parse(doc []byte) (*Policy, error) {
	return ParseText(Lit(string(doc)))
}

// ParseText reads a JSON policy document some of whose text is not known,
// such as a JSON string built with Fn::Sub. Unknown pieces must lie inside
// JSON strings other than object keys.
func ParseText(doc Text) (*Policy, error) {
	n, err := decode(doc)
	if err != nil {
		return nil, err
	}
	return FromNode(n)
}

// Each unknown piece of a document is decoded as a placeholder: U+E000,
// its index in decimal, U+E001. Characters from the Unicode private use
// area, which no policy needs.
const (
	holeStart = '\uE000'
	holeEnd   = '\uE001'
)

// maxDepth bounds the nesting of a document; a policy needs five levels.
const maxDepth = 32

// decode reads doc as JSON into a Node, each unknown piece back in place.
func decode(doc Text) (Node, error) {
	src, holes, err := withPlaceholders(doc)
	if err != nil {
		return Node{}, err
	}
	d := &decoder{dec: json.NewDecoder(strings.NewReader(src)), holes: holes}
	d.dec.UseNumber()
	n, err := d.value("", 0)
	if err == nil {
		if _, extra := d.dec.Token(); extra != io.EOF {
			err = errorf("", "not JSON: text after the document")
		}
	}
	var se *json.SyntaxError
	var pe *Error
	switch {
	case err == nil || errors.As(err, &pe):
		return n, err
	case errors.As(err, &se) && strings.HasPrefix(strings.TrimLeft(src[min(int(se.Offset), len(src)):], " \t\r\n:,[{"), string(holeStart)):
		return Node{}, errorf("", "not JSON: %v (an unknown piece outside a JSON string?)", se)
	}
	return Node{}, errorf("", "not JSON: %v", err)
}

// withPlaceholders writes doc as a string, each unknown piece as a
// placeholder, and returns the pieces in placeholder order.
func withPlaceholders(doc Text) (string, []piece, error) {
	var b strings.Builder
	var holes []piece
	for _, pc := range doc.pieces {
		if !pc.unknown {
			b.WriteString(pc.lit)
			continue
		}
		fmt.Fprintf(&b, "%c%d%c", holeStart, len(holes), holeEnd)
		holes = append(holes, pc)
	}
	for _, pc := range doc.pieces {
		l := strings.ToLower(pc.lit)
		if len(holes) > 0 && (strings.ContainsAny(pc.lit, string([]rune{holeStart, holeEnd})) || strings.Contains(l, `\ue000`) || strings.Contains(l, `\ue001`)) {
			return "", nil, errorf("", "the document holds U+E000 or U+E001, which mark its unknown pieces")
		}
	}
	return b.String(), holes, nil
}

type decoder struct {
	dec   *json.Decoder
	holes []piece
}

// value reads one JSON value at path.
func (d *decoder) value(path string, depth int) (Node, error) {
	if depth > maxDepth {
		return Node{}, errorf(path, "nested more than %d deep", maxDepth)
	}
	tok, err := d.dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return Node{}, err
	}
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '[' {
			return d.list(path, depth)
		}
		return d.object(path, depth)
	case string:
		t, err := d.text(tok, path)
		return TextValue(t), err
	case json.Number:
		return TextValue(Lit(tok.String())), nil
	case bool:
		return TextValue(Lit(strconv.FormatBool(tok))), nil
	}
	return Node{}, errorf(path, "null is not a policy value")
}

func (d *decoder) list(path string, depth int) (Node, error) {
	n := Node{Kind: ListNode}
	for d.dec.More() {
		item, err := d.value(fmt.Sprintf("%s[%d]", path, len(n.Items)), depth+1)
		if err != nil {
			return Node{}, err
		}
		n.Items = append(n.Items, item)
	}
	_, err := d.dec.Token() // ']'
	return n, err
}

func (d *decoder) object(path string, depth int) (Node, error) {
	n := Node{Kind: MapNode}
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return Node{}, err
		}
		key, _ := tok.(string) // a key is a string, or Token fails
		if len(d.holes) > 0 && strings.ContainsRune(key, holeStart) {
			return Node{}, errorf(path, "an unknown piece in a key")
		}
		value, err := d.value(join(path, key), depth+1)
		if err != nil {
			return Node{}, err
		}
		n.Fields = append(n.Fields, Field{Key: key, Value: value})
	}
	_, err := d.dec.Token() // '}'
	return n, err
}

// text turns a decoded string back into a Text, its placeholders into the
// unknown pieces they stand for.
func (d *decoder) text(s, path string) (Text, error) {
	if len(d.holes) == 0 {
		return Lit(s), nil
	}
	var t Text
	for {
		start := strings.IndexRune(s, holeStart)
		if start < 0 {
			return t.add(piece{lit: s}), nil
		}
		end := strings.IndexRune(s[start:], holeEnd)
		i, err := strconv.Atoi(s[start+len(string(holeStart)) : start+max(end, 0)])
		if end < 0 || err != nil || i < 0 || i >= len(d.holes) {
			return Text{}, errorf(path, "a broken unknown-piece marker")
		}
		t = t.add(piece{lit: s[:start]}).add(d.holes[i])
		s = s[start+end+len(string(holeEnd)):]
	}
}

// join extends a path with a key.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
