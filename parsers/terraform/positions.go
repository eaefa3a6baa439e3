package terraform

import (
	"bytes"
	"encoding/json"
	"sort"
	"unicode/utf8"

	"github.com/beanlint/beanlint/parsers"
)

// positions converts byte offsets of a file to lines and code-point
// columns. Plans are usually one long line, so a column is counted on from
// the previous answer when offsets come in increasing order.
type positions struct {
	data  []byte
	lines []int // byte offsets at which lines 2, 3, ... start

	lastOff, lastLine, lastCol int
}

func newPositions(data []byte) *positions {
	p := &positions{data: data, lastLine: 1, lastCol: 1}
	for i, b := range data {
		if b == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	return p
}

// at returns the 1-based line and column of byte offset off.
func (p *positions) at(off int) (line, col int) {
	off = max(0, min(off, len(p.data)))
	i := sort.SearchInts(p.lines, off+1)
	start := 0
	if i > 0 {
		start = p.lines[i-1]
	}
	line = i + 1
	if p.lastLine == line && p.lastOff <= off && p.lastOff >= start {
		col = p.lastCol + utf8.RuneCount(p.data[p.lastOff:off])
	} else {
		col = utf8.RuneCount(p.data[start:off]) + 1
	}
	p.lastOff, p.lastLine, p.lastCol = off, line, col
	return line, col
}

// span returns the location of bytes [from, to).
func (p *positions) span(file string, from, to int) parsers.Location {
	sl, sc := p.at(from)
	el, ec := p.at(to)
	return parsers.Location{File: file, StartLine: sl, StartCol: sc, EndLine: el, EndCol: ec}
}

// objectSpan is the byte range of one resource object in the plan JSON.
type objectSpan struct {
	from, to int
}

// resourceSpans finds the objects of resource_changes, planned_values and
// prior_state resources by address, in one pass over the file. An address
// takes the first object found in that order of preference.
func resourceSpans(data []byte) map[string]objectSpan {
	s := &spanScanner{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	found := map[string][3]objectSpan{}
	s.object(func(key string) bool {
		switch key {
		case "resource_changes":
			s.resources(found, 0)
		case "planned_values":
			s.object(func(key string) bool {
				if key == "root_module" {
					s.module(found, 1)
					return true
				}
				return false
			})
		case "prior_state":
			s.object(func(key string) bool {
				if key != "values" {
					return false
				}
				s.object(func(key string) bool {
					if key == "root_module" {
						s.module(found, 2)
						return true
					}
					return false
				})
				return true
			})
		default:
			return false
		}
		return true
	})
	out := make(map[string]objectSpan, len(found))
	for addr, spans := range found {
		for _, sp := range spans {
			if sp.to > 0 {
				out[addr] = sp
				break
			}
		}
	}
	return out
}

// spanScanner walks the plan JSON with a token decoder, decoding only the
// addresses of resource objects. It stops quietly at the first error: the
// plan already parsed, so an error here only costs positions.
type spanScanner struct {
	data   []byte
	dec    *json.Decoder
	failed bool
}

// object reads an object, calling visit for each key; visit consumes the
// value and returns true, or returns false to have it skipped.
func (s *spanScanner) object(visit func(key string) bool) {
	if !s.delim('{') {
		s.skip()
		return
	}
	for !s.failed && s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			s.failed = true
			return
		}
		key, _ := tok.(string)
		if !visit(key) {
			s.skip()
		}
	}
	s.delim('}')
}

// delim reads the next token and reports whether it is d. A null or other
// value is left unread when it is not a delimiter.
func (s *spanScanner) delim(d json.Delim) bool {
	if s.failed {
		return false
	}
	off := skipSpace(s.data, int(s.dec.InputOffset()))
	if off >= len(s.data) || s.data[off] != byte(d) {
		return false
	}
	if _, err := s.dec.Token(); err != nil {
		s.failed = true
		return false
	}
	return true
}

// skip consumes one value.
func (s *spanScanner) skip() {
	if s.failed {
		return
	}
	if err := s.dec.Decode(&struct{}{}); err != nil {
		if _, ok := err.(*json.UnmarshalTypeError); !ok {
			s.failed = true
		}
	}
}

// resources reads an array of resource objects, recording each one's span
// in slot.
func (s *spanScanner) resources(found map[string][3]objectSpan, slot int) {
	if !s.delim('[') {
		s.skip()
		return
	}
	for !s.failed && s.dec.More() {
		from := skipSpace(s.data, int(s.dec.InputOffset()))
		var head struct {
			Address string `json:"address"`
		}
		if err := s.dec.Decode(&head); err != nil {
			if _, ok := err.(*json.UnmarshalTypeError); !ok {
				s.failed = true
				return
			}
		}
		if head.Address == "" {
			continue
		}
		spans := found[head.Address]
		if spans[slot].to == 0 {
			spans[slot] = objectSpan{from: from, to: int(s.dec.InputOffset())}
			found[head.Address] = spans
		}
	}
	s.delim(']')
}

// module reads a state module object: resources and child_modules.
func (s *spanScanner) module(found map[string][3]objectSpan, slot int) {
	s.object(func(key string) bool {
		switch key {
		case "resources":
			s.resources(found, slot)
		case "child_modules":
			if !s.delim('[') {
				return false
			}
			for !s.failed && s.dec.More() {
				s.module(found, slot)
			}
			s.delim(']')
		default:
			return false
		}
		return true
	})
}
