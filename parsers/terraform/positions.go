package terraform

import (
	"bytes"
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
	c.col += utf8.RuneCount(seg)
	c.off = off
	return c.line, c.col
}

// span returns the location of bytes [from, to).
func (c *cursor) span(file string, from, to int) parsers.Location {
	sl, sc := c.at(from)
	el, ec := c.at(to)
	return parsers.Span(file, sl, sc, el, ec)
}
