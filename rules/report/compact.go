package report

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
)

// writeCompact renders one line per unsuppressed finding,
// `file:line:col: severity EBnnn message`, the form compilers write and
// editors' error parsers read (Vim's errorformat, Emacs' compilation mode).
// The line and column are left out when unknown; the message is put on one
// line. Suppressed findings, fixes and related locations are not shown.
func writeCompact(buf *bytes.Buffer, r *Run) error {
	for _, f := range sortedFindings(r.Findings) {
		if f.Suppressed() {
			continue
		}
		buf.WriteString(compactLocation(r.Root, f.Loc))
		buf.WriteString(": ")
		buf.WriteString(f.Severity.String())
		buf.WriteByte(' ')
		buf.WriteString(f.RuleID)
		buf.WriteByte(' ')
		buf.WriteString(oneLine(f.Message))
		buf.WriteByte('\n')
	}
	return nil
}

// WriteCompactNotices writes the notices of r (warnings about the run that
// are not findings: a variable values file whose values are not used, a
// --parameter no template declares) one per line,
// `file:line:col: notice message`, for the compact format, whose report
// holds findings only: the command writes them to stderr, where the text
// format's "Notices" section would otherwise be lost.
func WriteCompactNotices(w io.Writer, r *Run) error {
	var buf bytes.Buffer
	for _, n := range sortedNotices(r.Notices) {
		if n.Loc.File != "" {
			buf.WriteString(compactLocation(r.Root, n.Loc))
			buf.WriteString(": ")
		}
		buf.WriteString("notice ")
		buf.WriteString(oneLine(n.Msg))
		buf.WriteByte('\n')
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// compactLocation is file:line:col relative to root, as much of it as is
// known.
func compactLocation(root string, l parsers.Location) string {
	s := RelPath(root, l.File)
	if s == "" {
		s = "(no file)"
	}
	if l.StartLine > 0 {
		s += ":" + strconv.Itoa(int(l.StartLine))
		if l.StartCol > 0 {
			s += ":" + strconv.Itoa(int(l.StartCol))
		}
	}
	return s
}

// oneLine joins the lines of s with spaces, trimmed.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\r", "")), " ")
}

// activeFindings returns the unsuppressed findings of r in report order.
func activeFindings(r *Run) []rules.Finding {
	var out []rules.Finding
	for _, f := range sortedFindings(r.Findings) {
		if !f.Suppressed() {
			out = append(out, f)
		}
	}
	return out
}
