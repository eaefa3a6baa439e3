package load

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

	"github.com/beanlint/beanlint/parsers/cloudformation"
)

// Size caps of what is read, counted in bytes of UTF-8 text.
const (
	// maxTemplateSize is the largest template (and parameters file) read.
	maxTemplateSize = cloudformation.MaxSize
	// maxPlanSize is the largest Terraform plan read. Plans are larger
	// than templates: a 10,000-resource plan is tens of megabytes.
	maxPlanSize = 1 << 30
)

// notText is the error for a file with NUL bytes: UTF-16 without a byte
// order mark, or not text at all.
const notText = "not text: it has NUL bytes (beanlint reads UTF-8, and UTF-16 with a byte order mark)"

var utf8BOM = []byte("\xef\xbb\xbf")

// errTooLarge is returned by input.readUpTo when the input holds more than
// the limit.
var errTooLarge = errors.New("too large")

// input is one file opened for reading as UTF-8 text: a UTF-8 byte order
// mark is dropped and UTF-16 with a byte order mark is decoded, so every
// parser sees UTF-8 and its code-point columns are those an editor shows.
// What it read is in buf; every read is bounded by a limit, so a file that
// never ends (a pipe, a growing file) is never read forever.
type input struct {
	f    *os.File
	r    io.Reader // the decoded text
	size int64     // the file's size when known, to allocate buf once
	buf  bytes.Buffer
}

// openInput opens path for reading. A device is refused before it is
// opened: reading /dev/zero never ends, and opening some devices has
// effects. Named pipes are read (`<(terraform show -json plan.out)`).
func openInput(path string) (*input, error) {
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
	in := &input{f: f}
	if fi.Mode().IsRegular() {
		in.size = fi.Size()
	}
	br := bufio.NewReader(f) // reads into the caller's buffer once the head is peeked
	switch head, _ := br.Peek(3); {
	case bytes.HasPrefix(head, utf8BOM):
		_, _ = br.Discard(len(utf8BOM))
		in.r = br
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		in.r = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	default:
		in.r = br
	}
	return in, nil
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

// readUpTo reads until in.buf holds limit bytes of text or the input ends.
// It returns errTooLarge when the input holds more than limit bytes; buf
// then holds limit+1 of them.
func (in *input) readUpTo(limit int) error {
	if in.buf.Len() > limit {
		return errTooLarge
	}
	if want := int(min(in.size, int64(limit))) + bytes.MinRead; want > in.buf.Cap() {
		in.buf.Grow(want - in.buf.Len())
	}
	if _, err := in.buf.ReadFrom(io.LimitReader(in.r, int64(limit-in.buf.Len())+1)); err != nil {
		return err
	}
	if in.buf.Len() > limit {
		return errTooLarge
	}
	return nil
}

// text is what was read so far, at most limit bytes of it.
func (in *input) text(limit int) []byte {
	return in.buf.Bytes()[:min(in.buf.Len(), limit)]
}

func (in *input) Close() error { return in.f.Close() }

// tooLargeText is the message for a file over limit bytes.
func tooLargeText(limit int, what string) string {
	return fmt.Sprintf("larger than %d MiB, the largest %s beanlint reads", limit>>20, what)
}

// readText reads all of path as UTF-8 text, at most limit bytes of it.
// Errors name the file.
func readText(path string, limit int, what string) ([]byte, error) {
	failed := func(err error) error {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the message names path already
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	in, err := openInput(path)
	if err != nil {
		return nil, failed(err)
	}
	defer in.Close()
	switch err := in.readUpTo(limit); {
	case errors.Is(err, errTooLarge):
		return nil, fmt.Errorf("%s: %s", path, tooLargeText(limit, what))
	case err != nil:
		return nil, failed(err)
	}
	data := in.buf.Bytes()
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("%s: %s", path, notText)
	}
	return data, nil
}
