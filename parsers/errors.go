package parsers

import (
	"errors"
	"fmt"
	"io/fs"
)

// ParseError is an input that could not be read: a syntax error, a file that
// is not a template, an unsupported format version, a reference cycle. It is
// reported as EB900 with its location.
type ParseError struct {
	Loc Location // File always set; line and column when known
	Msg string
	Err error // underlying error, if any
}

func (e *ParseError) Error() string {
	if e.Loc.StartLine > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Loc.File, e.Loc.StartLine, e.Loc.StartCol, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Loc.File, e.Msg)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// PathErrorText renders err without the path an *fs.PathError inside it
// repeats, for messages that already name the file.
func PathErrorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
