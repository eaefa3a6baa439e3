package terraform

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"

	"github.com/beanlint/beanlint/parsers"
)

// cursor converts byte offsets of a file to lines and code-point columns,
// counting on from the previous offset: offsets must come in increasing
// order, so that the file's bytes are counted once however many offsets
// are converted (plans are usually one long line).
type cursor struct {
	data           []byte
	off, line, col int
}

func newCursor(data []byte) *cursor { return &cursor{data: data, line: 1, col: 1} }

// at returns the 1-based line and column of byte offset off, which must
// not be before the previous one.
func (c *cursor) at(off int) (line, col int) {
	off = max(c.off, min(off, len(c.data)))
	seg := c.data[c.off:off]
	if bytes.IndexByte(seg, '\n') >= 0 { // searched fast; plans are mostly one line
		c.line += bytes.Count(seg, []byte{'\n'})
		seg = seg[bytes.LastIndexByte(seg, '\n')+1:]
		c.col = 1
	}
	c.col += runeCount(seg)
	c.off = off
	return c.line, c.col
}

// span returns the location of bytes [from, to).
func (c *cursor) span(file string, from, to int) parsers.Location {
	sl, sc := c.at(from)
	el, ec := c.at(to)
	return parsers.Span(file, sl, sc, el, ec)
}

// runeCount is utf8.RuneCount(b), counting ASCII eight bytes at a time: a
// plan is mostly ASCII.
func runeCount(b []byte) int {
	n := 0
	for len(b) > 0 {
		i := 0
		for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 == 0 {
			i += 8
		}
		for i < len(b) && b[i] < utf8.RuneSelf {
			i++
		}
		n += i
		if b = b[i:]; len(b) > 0 {
			_, size := utf8.DecodeRune(b)
			n++
			b = b[size:]
		}
	}
	return n
}
