package cloudformation

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// yamlSource finds where YAML values end in the raw text, which the YAML
// parser does not report. Offsets are byte offsets into data; positions
// are 1-based lines and code-point columns counted as the YAML parser
// counts them.
type yamlSource struct {
	data   []byte
	starts []int // byte offset at which each line starts
	// The last position converted, in both directions. Conversions mostly
	// move forward, so counting on from it keeps long lines linear.
	off, line, col int
}

func newYAMLSource(data []byte) *yamlSource {
	// Sized for the line feeds: lines broken otherwise (a lone \r, NEL,
	// LS, PS) are rare.
	starts := make([]int, 1, bytes.Count(data, []byte{'\n'})+1)
	s := &yamlSource{data: data, starts: starts, line: 1, col: 1}
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\n', '\r', 0xc2, 0xe2: // the first bytes of breaks
			if w := breakWidth(data, i); w > 0 {
				i += w - 1
				s.starts = append(s.starts, i+1)
			}
		}
	}
	return s
}

// breakWidth returns the length of the line break at data[i], 0 if none.
// Like the YAML parser, it takes \r\n, \r, \n, NEL, LS and PS as breaks.
func breakWidth(data []byte, i int) int {
	switch data[i] {
	case '\n':
		return 1
	case '\r':
		if i+1 < len(data) && data[i+1] == '\n' {
			return 2
		}
		return 1
	case 0xc2:
		if i+1 < len(data) && data[i+1] == 0x85 {
			return 2
		}
	case 0xe2:
		if i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xa8 || data[i+2] == 0xa9) {
			return 3
		}
	}
	return 0
}

// lineStart returns the offset at which line i (0-based) starts, or the
// end of data when there is no such line.
func (s *yamlSource) lineStart(i int) int {
	if i < len(s.starts) {
		return s.starts[i]
	}
	return len(s.data)
}

// lineEnd returns the offset of the line break ending line (1-based), or
// the end of data.
func (s *yamlSource) lineEnd(line int) int {
	if line < len(s.starts) {
		end := s.starts[line]
		for end > s.starts[line-1] && breakWidth(s.data, end-1) > 0 {
			end--
		}
		return end
	}
	return len(s.data)
}

// offset converts a position to a byte offset.
func (s *yamlSource) offset(line, col int) int {
	line = min(max(line, 1), len(s.starts))
	col = max(col, 1)
	off, c := s.starts[line-1], 1
	if s.line == line && s.col <= col {
		off, c = s.off, s.col
	}
	end := s.lineEnd(line)
	for c < col && off < end {
		_, size := utf8.DecodeRune(s.data[off:end])
		off += size
		c++
	}
	s.off, s.line, s.col = off, line, c
	return off
}

// position converts a byte offset to a position.
func (s *yamlSource) position(off int) (line, col int) {
	off = min(max(off, 0), len(s.data))
	line = sort.SearchInts(s.starts, off+1) // lines starting at or before off
	if s.line == line && s.off <= off {
		col = s.col + utf8.RuneCount(s.data[s.off:off])
	} else {
		col = 1 + utf8.RuneCount(s.data[s.starts[line-1]:off])
	}
	s.off, s.line, s.col = off, line, col
	return line, col
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' }

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func isFlowIndicator(b byte) bool {
	return b == ',' || b == '[' || b == ']' || b == '{' || b == '}'
}

// properties returns the offset after the tag and anchor that start at
// off, or off when there are none.
func (s *yamlSource) properties(off int) int {
	end, i := off, off
	for i < len(s.data) && (s.data[i] == '!' || s.data[i] == '&') {
		for i < len(s.data) && !isSpace(s.data[i]) && !isFlowIndicator(s.data[i]) {
			i++
		}
		end = i
		for i < len(s.data) && isBlank(s.data[i]) {
			i++
		}
	}
	return end
}

// skipSeparation returns the offset of the first byte at or after off that
// is not white space, a line break or part of a comment.
func (s *yamlSource) skipSeparation(off int) int {
	for off < len(s.data) {
		switch {
		case isSpace(s.data[off]):
			off++
		case s.data[off] == '#':
			for off < len(s.data) && s.data[off] != '\n' {
				off++
			}
		default:
			return off
		}
	}
	return off
}

// doubleQuotedEnd returns the offset after the double-quoted scalar that
// starts at off.
func (s *yamlSource) doubleQuotedEnd(off int) int {
	for i := off + 1; i < len(s.data); i++ {
		switch s.data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(s.data)
}

// singleQuotedEnd returns the offset after the single-quoted scalar that
// starts at off; two quotes in a row are an escaped quote.
func (s *yamlSource) singleQuotedEnd(off int) int {
	for i := off + 1; i < len(s.data); i++ {
		if s.data[i] == '\'' {
			if i+1 < len(s.data) && s.data[i+1] == '\'' {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(s.data)
}

// plainEnd returns the offset after the plain scalar with the given value
// that starts at off. The value is the source text with each run of white
// space and line breaks that spans lines folded, so the two are walked
// together, a white-space run in one matching a run in the other.
func (s *yamlSource) plainEnd(off int, value string) int {
	i, j := off, 0
	for j < len(value) && i < len(s.data) {
		vc, dc := value[j], s.data[i]
		switch {
		case isSpace(vc) && isSpace(dc):
			for j < len(value) && isSpace(value[j]) {
				j++
			}
			for i < len(s.data) && isSpace(s.data[i]) {
				i++
			}
		case vc == dc:
			i++
			j++
		default:
			return i
		}
	}
	return i
}

// blockEnd returns the offset after the literal or folded scalar whose
// header (| or >) is at off: the end of its last non-blank content line,
// or of the header when the value is empty.
func (s *yamlSource) blockEnd(off int, empty bool) int {
	i := off + 1
	for i < len(s.data) && (s.data[i] == '+' || s.data[i] == '-' || s.data[i] >= '0' && s.data[i] <= '9') {
		i++
	}
	end := i
	if empty {
		return end
	}
	line, _ := s.position(off)
	indent := 0
	for line++; line <= len(s.starts); line++ {
		start, stop := s.starts[line-1], s.lineEnd(line)
		first := start
		for first < stop && s.data[first] == ' ' {
			first++
		}
		last := stop
		for last > first && isSpace(s.data[last-1]) {
			last--
		}
		if last == first {
			continue // blank lines do not end the scalar
		}
		if indent == 0 {
			indent = first - start
		} else if first-start < indent {
			break
		}
		end = last
	}
	return end
}

// flowEnd returns the offset after the bracket that closes a flow
// collection, searching from off (the end of its last entry, or just past
// its opening bracket). ok is false when there is none.
func (s *yamlSource) flowEnd(off int) (end int, ok bool) {
	depth := 0
	for i := off; i < len(s.data); i++ {
		switch c := s.data[i]; c {
		case '"':
			i = s.doubleQuotedEnd(i) - 1
		case '\'':
			i = s.singleQuotedEnd(i) - 1
		case '#':
			if i == off || isSpace(s.data[i-1]) {
				for i < len(s.data) && s.data[i] != '\n' {
					i++
				}
			}
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return i + 1, true
			}
			depth--
		}
	}
	return 0, false
}
