// Package textfile reads input files as bounded UTF-8 text: every read stops
// at a size limit (so a pipe or a growing file is never read forever),
// devices are refused before they are opened, a UTF-8 byte order mark is
// dropped and UTF-16 with a byte order mark is decoded, so every parser sees
// UTF-8 and its code-point columns are those an editor shows.
package textfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// NotText is the error text for a file with NUL bytes: UTF-16 without a
// byte order mark, or not text at all.
const NotText = "not text: it has NUL bytes (beanlint reads UTF-8, and UTF-16 with a byte order mark)"

var utf8BOM = []byte("\xef\xbb\xbf")

// ErrTooLarge is returned by Input.ReadUpTo when the input holds more than
// the limit.
var ErrTooLarge = errors.New("too large")

// Input is one file opened for reading as UTF-8 text. What it read so far
// is Text; every read is bounded by a limit.
type Input struct {
	f    *os.File  // nil for a reader (NewInput)
	r    io.Reader // the decoded text
	size int64     // the file's size when known, to allocate buf once
	buf  bytes.Buffer
}

// Open opens path for reading. A device is refused before it is
// opened: reading /dev/zero never ends, and opening some devices has
// effects. Named pipes are read (`<(terraform show -json plan.out)`).
func Open(path string) (*Input, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkReadable(fi); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi, err = f.Stat(); err == nil {
		err = checkReadable(fi)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	in := &Input{f: f}
	if fi.Mode().IsRegular() {
		in.size = fi.Size()
	}
	in.r = decode(f)
	return in, nil
}

// NewInput reads r (standard input) as a file is read: bounded, a byte
// order mark dropped or UTF-16 decoded. Close does not close r.
func NewInput(r io.Reader) *Input {
	return &Input{r: decode(r)}
}

// decode is r as UTF-8 text: without a UTF-8 byte order mark, and decoded
// from UTF-16 when a UTF-16 byte order mark starts it.
func decode(r io.Reader) io.Reader {
	br := bufio.NewReader(r) // reads into the caller's buffer once the head is peeked
	switch head, _ := br.Peek(3); {
	case bytes.HasPrefix(head, utf8BOM):
		_, _ = br.Discard(len(utf8BOM))
		return br
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	default:
		return br
	}
}

// checkReadable refuses what is not a file or a pipe.
func checkReadable(fi os.FileInfo) error {
	switch mode := fi.Mode(); {
	case mode.IsDir():
		return errors.New("is a directory")
	case mode&os.ModeCharDevice != 0:
		return errors.New("is a character device, not a file (beanlint reads files, directories and pipes)")
	case mode&os.ModeDevice != 0:
		return errors.New("is a block device, not a file (beanlint reads files, directories and pipes)")
	}
	return nil
}

// ReadUpTo reads until limit bytes of text are read or the input ends. It
// returns ErrTooLarge when the input holds more than limit bytes; Text then
// holds limit+1 of them.
func (in *Input) ReadUpTo(limit int) error {
	if in.buf.Len() > limit {
		return ErrTooLarge
	}
	if want := int(min(in.size, int64(limit))) + bytes.MinRead; want > in.buf.Cap() {
		in.buf.Grow(want - in.buf.Len())
	}
	if _, err := in.buf.ReadFrom(io.LimitReader(in.r, int64(limit-in.buf.Len())+1)); err != nil {
		return err
	}
	if in.buf.Len() > limit {
		return ErrTooLarge
	}
	return nil
}

// Text is what was read so far.
func (in *Input) Text() []byte { return in.buf.Bytes() }

// Close closes the file (nothing for NewInput's).
func (in *Input) Close() error {
	if in.f == nil {
		return nil
	}
	return in.f.Close()
}

// TooLargeText is the message for a file over limit bytes that is a what
// ("template").
func TooLargeText(limit int, what string) string {
	return fmt.Sprintf("larger than %d MiB, the largest %s beanlint reads", limit>>20, what)
}

// Read reads all of path as UTF-8 text, at most limit bytes of it, which
// is a what ("parameters file") in errors. A file with NUL bytes is an error
// (NotText). Errors are *fs.PathError values that name the file.
func Read(path string, limit int, what string) ([]byte, error) {
	failed := func(err error) error {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return &fs.PathError{Op: "read", Path: path, Err: err}
	}
	in, err := Open(path)
	if err != nil {
		return nil, failed(err)
	}
	defer in.Close()
	switch err := in.ReadUpTo(limit); {
	case errors.Is(err, ErrTooLarge):
		return nil, failed(errors.New(TooLargeText(limit, what)))
	case err != nil:
		return nil, failed(err)
	}
	data := in.buf.Bytes()
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, failed(errors.New(NotText))
	}
	return data, nil
}
