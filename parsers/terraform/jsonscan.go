package terraform

import (
	"encoding/json"
	"errors"
	"fmt"
)

// jsonScanner reads JSON values from a plan's bytes in one pass, as
// json.Decoder with UseNumber decodes them: the same values are accepted
// (RFC 8259, at most maxNesting arrays and objects open in one decoded
// value) and give the same Go values (map[string]any, []any, string,
// json.Number, bool, nil). It keeps no tokens: the reader asks for the
// value it expects next, and the offset of each value is where the
// scanner stands. Keys and short strings are kept once (intern), since
// resources of one type repeat them.
type jsonScanner struct {
	data []byte
	off  int
	// strs holds one copy of the keys and short strings read (see intern).
	strs map[string]string
	// recent holds strings of strs by their length and last byte: the
	// keys of a resource object repeat those of the one before, and
	// comparing with one string costs less than hashing for the map.
	recent [256]string
}

// maxNesting is encoding/json's limit on the arrays and objects open in
// one value.
const maxNesting = 10000

// Bounds of the strings kept once: short ones (names, modes, CIDR blocks,
// not addresses), and no more of them than a plan's vocabulary.
const (
	maxInternLen  = 24
	maxInternStrs = 8192
)

// errSyntax is invalid JSON; planError reports where, as json.Unmarshal
// finds it.
var errSyntax = errors.New("invalid JSON")

// errType is a JSON value of another kind than the plan has there;
// planError names it, as json.Unmarshal does.
var errType = errors.New("not the JSON value a plan has here")

func newJSONScanner(data []byte) *jsonScanner {
	return &jsonScanner{data: data, strs: map[string]string{}}
}

// space skips white space and returns the next byte, or 0 at the end (a
// byte no JSON value starts with; see end).
func (s *jsonScanner) space() byte {
	for s.off < len(s.data) {
		switch c := s.data[s.off]; c {
		case ' ', '\t', '\r', '\n':
			s.off++
		default:
			return c
		}
	}
	return 0
}

// end skips white space and reports whether the data ends there.
func (s *jsonScanner) end() bool {
	s.space()
	return s.off == len(s.data)
}

// consume skips white space and the byte c, or returns errSyntax.
func (s *jsonScanner) consume(c byte) error {
	if s.space() != c {
		return errSyntax
	}
	s.off++
	return nil
}

// null consumes a null and reports whether there was one.
func (s *jsonScanner) null() bool {
	if s.space() == 'n' && len(s.data)-s.off >= 4 && string(s.data[s.off:s.off+4]) == "null" {
		s.off += 4
		return true
	}
	return false
}

// object reads an object, calling field for each key; field consumes the
// value. depth counts the arrays and objects open around it in the value
// being decoded (see maxNesting).
func (s *jsonScanner) object(depth int, field func(key string) error) error {
	if s.space() != '{' {
		return errType
	}
	if depth >= maxNesting {
		return errSyntax
	}
	s.off++
	if s.space() == '}' {
		s.off++
		return nil
	}
	for {
		if s.space() != '"' {
			return errSyntax
		}
		key, err := s.str(true)
		if err != nil {
			return err
		}
		if err := s.consume(':'); err != nil {
			return err
		}
		if err := field(key); err != nil {
			return err
		}
		switch s.space() {
		case ',':
			s.off++
		case '}':
			s.off++
			return nil
		default:
			return errSyntax
		}
	}
}

// array reads an array, calling elem to consume each element.
func (s *jsonScanner) array(depth int, elem func() error) error {
	if s.space() != '[' {
		return errType
	}
	if depth >= maxNesting {
		return errSyntax
	}
	s.off++
	if s.space() == ']' {
		s.off++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch s.space() {
		case ',':
			s.off++
		case ']':
			s.off++
			return nil
		default:
			return errSyntax
		}
	}
}

// value decodes the next value as json.Decoder with UseNumber does into an
// interface value.
func (s *jsonScanner) value(depth int) (any, error) {
	switch c := s.space(); {
	case c == '{':
		m := map[string]any{}
		err := s.object(depth, func(key string) error {
			v, err := s.value(depth + 1)
			m[key] = v
			return err
		})
		return m, err
	case c == '[':
		l := []any{}
		err := s.array(depth, func() error {
			v, err := s.value(depth + 1)
			l = append(l, v)
			return err
		})
		return l, err
	case c == '"':
		return s.str(false)
	case c == '-' || '0' <= c && c <= '9':
		from := s.off
		if err := s.number(); err != nil {
			return nil, err
		}
		return json.Number(s.short(s.data[from:s.off])), nil
	}
	return s.literal()
}

// literal decodes true, false or null.
func (s *jsonScanner) literal() (any, error) {
	for _, lit := range [...]struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(s.data)-s.off >= len(lit.text) && string(s.data[s.off:s.off+len(lit.text)]) == lit.text {
			s.off += len(lit.text)
			return lit.v, nil
		}
	}
	return nil, errSyntax
}

// skip consumes the next value, checking it is JSON.
func (s *jsonScanner) skip(depth int) error {
	switch c := s.space(); {
	case c == '{':
		return s.object(depth, func(string) error { return s.skip(depth + 1) })
	case c == '[':
		return s.array(depth, func() error { return s.skip(depth + 1) })
	case c == '"':
		return s.skipString()
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	}
	_, err := s.literal()
	return err
}

// raw consumes the next value and returns its text.
func (s *jsonScanner) raw(depth int) ([]byte, error) {
	s.space()
	from := s.off
	if err := s.skip(depth); err != nil {
		return nil, err
	}
	return s.data[from:s.off], nil
}

// stringField decodes the next value into *dst as json.Unmarshal decodes
// into a string: a null leaves it unchanged, another kind is errType.
func (s *jsonScanner) stringField(dst *string) error {
	switch s.space() {
	case '"':
		v, err := s.str(false)
		*dst = v
		return err
	case 'n':
		if s.null() {
			return nil
		}
		return errSyntax
	}
	if err := s.skip(0); err != nil {
		return err
	}
	return errType
}

// number consumes a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonScanner) number() error {
	d, i := s.data, s.off
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		i = digits(d, i)
	default:
		return errSyntax
	}
	if i < len(d) && d[i] == '.' {
		if i++; i >= len(d) || d[i] < '0' || d[i] > '9' {
			return errSyntax
		}
		i = digits(d, i)
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		if i++; i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return errSyntax
		}
		i = digits(d, i)
	}
	s.off = i
	return nil
}

// digits returns the offset of the first byte at or after i that is not
// a decimal digit.
func digits(d []byte, i int) int {
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		i++
	}
	return i
}

// str decodes the string at the scanner (which stands on its quote), kept
// once if it is a key or short.
func (s *jsonScanner) str(key bool) (string, error) {
	from := s.off
	plain, err := s.endString()
	if err != nil {
		return "", err
	}
	text := s.data[from+1 : s.off-1]
	if !plain {
		// Escapes, control-free but not necessarily valid UTF-8: decoded
		// by encoding/json itself, so that every rule of its (invalid
		// UTF-8 and lone surrogates become U+FFFD) holds.
		var v string
		if err := json.Unmarshal(s.data[from:s.off], &v); err != nil {
			return "", fmt.Errorf("a string json.Unmarshal does not decode: %w", err)
		}
		return v, nil
	}
	if key {
		return s.intern(text), nil
	}
	return s.short(text), nil
}

// short returns b as a string, kept once if it is short.
func (s *jsonScanner) short(b []byte) string {
	if len(b) <= maxInternLen {
		return s.intern(b)
	}
	return string(b)
}

// skipString consumes the string at the scanner, checking it.
func (s *jsonScanner) skipString() error {
	_, err := s.endString()
	return err
}

// endString moves past the string at the scanner (which stands on its
// quote) and reports whether it is plain: printable ASCII without
// escapes, whose text is its value.
func (s *jsonScanner) endString() (plain bool, err error) {
	d := s.data
	plain = true
	for i := s.off + 1; i < len(d); i++ {
		for i < len(d) && plainByte[d[i]] { // the common bytes, fast
			i++
		}
		if i == len(d) {
			break
		}
		switch c := d[i]; {
		case c == '"':
			s.off = i + 1
			return plain, nil
		case c < ' ':
			return false, errSyntax
		case c == '\\':
			plain = false
			if i++; i >= len(d) {
				return false, errSyntax
			}
			switch d[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(d)-i <= 4 || !isHex(d[i+1]) || !isHex(d[i+2]) || !isHex(d[i+3]) || !isHex(d[i+4]) {
					return false, errSyntax
				}
				i += 4
			default:
				return false, errSyntax
			}
		default: // c >= 0x80
			plain = false
		}
	}
	return false, errSyntax
}

// plainByte is true for the bytes of a string's text that are themselves:
// printable ASCII but the quote and the backslash.
var plainByte = func() (t [256]bool) {
	for c := ' '; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// intern returns b as a string, one copy of each while there is room.
func (s *jsonScanner) intern(b []byte) string {
	slot := 0
	if len(b) > 0 {
		slot = (len(b)*31 + int(b[len(b)-1])) & (len(s.recent) - 1)
		if v := s.recent[slot]; v == string(b) {
			return v
		}
	}
	if v, ok := s.strs[string(b)]; ok {
		s.recent[slot] = v
		return v
	}
	v := string(b)
	if len(s.strs) < maxInternStrs {
		s.strs[v] = v
	}
	return v
}
