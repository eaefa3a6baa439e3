package parsers

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// ParseError is an input that could not be read: a syntax error, a file that
// is not a template, an unsupported format version, a reference cycle. It is
// reported as EB900 with its location. Warnings about a run that are not
// failures are Notices.
type ParseError struct {
	Loc Location // File always set; line and column when known
	Msg string
	Err error // underlying error, if any
	// Linted says the file was read and linted all the same: the error is
	// about a value given for it (a --parameter value its template does
	// not allow), not about the file.
	Linted bool
}

func (e *ParseError) Error() string {
	switch {
	case e.Loc.StartLine > 0 && e.Loc.StartCol > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Loc.File, e.Loc.StartLine, e.Loc.StartCol, e.Msg)
	case e.Loc.StartLine > 0:
		return fmt.Sprintf("%s:%d: %s", e.Loc.File, e.Loc.StartLine, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Loc.File, e.Msg)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// Message is what e says without its location: Msg, followed by the
// underlying error when Msg does not already contain it.
func (e *ParseError) Message() string {
	switch {
	case e.Msg != "" && e.Err != nil && !strings.Contains(e.Msg, e.Err.Error()):
		return e.Msg + ": " + e.Err.Error()
	case e.Msg != "":
		return e.Msg
	case e.Err != nil:
		return e.Err.Error()
	}
	return "could not be read"
}

// Notice is a warning about a run that is not a finding: a --parameter no
// template declares, a Terraform configuration file that does not parse, a
// suppression naming a rule that does not exist. It has no rule ID and never
// changes the exit code. Loc may be zero: a notice about the run as a whole.
type Notice struct {
	Loc Location
	Msg string
}

// PathErrorText renders err without the path an *fs.PathError inside it
// repeats, for messages that already name the file.
func PathErrorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
