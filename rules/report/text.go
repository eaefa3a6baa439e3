package report

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
)

// noEnvironmentHeading titles the group of findings that concern no
// Elastic Beanstalk environment (EB900 parse failures, file-level notes). It
// comes first: an unreadable input can hide the findings of the others.
const noEnvironmentHeading = "Not specific to an environment"

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// textWriter renders the human report.
type textWriter struct {
	buf   *bytes.Buffer
	root  string
	color bool
}

// writeText renders the findings grouped by environment, each with its fix
// and related locations, then suppressed findings, skipped inputs and a
// summary line.
func writeText(buf *bytes.Buffer, r *Run, opts Options) error {
	t := &textWriter{buf: buf, root: r.Root, color: opts.Color}
	all := sortedFindings(r.Findings)

	var active, suppressed []rules.Finding
	for _, f := range all {
		switch {
		case baselined(f): // counted in the summary line only
		case f.Suppressed():
			suppressed = append(suppressed, f)
		default:
			active = append(active, f)
		}
	}

	// Group by environment: the no-environment group first, then
	// environments by name (findings are already sorted by location).
	groups := map[string][]rules.Finding{}
	var names []string
	for _, f := range active {
		if _, seen := groups[f.Environment]; !seen {
			names = append(names, f.Environment)
		}
		groups[f.Environment] = append(groups[f.Environment], f)
	}
	slices.Sort(names) // "" (no environment) first
	for _, name := range names {
		if name == "" {
			t.heading(noEnvironmentHeading)
		} else {
			t.heading("Environment " + name)
		}
		for _, f := range groups[name] {
			t.finding(f)
		}
		buf.WriteByte('\n')
	}

	if len(suppressed) > 0 {
		t.heading("Suppressed (not counted)")
		for _, f := range suppressed {
			t.findingLine(f)
			t.suppressionLine(f)
		}
		buf.WriteByte('\n')
	}

	if notices := sortedNotices(r.Notices); len(notices) > 0 {
		t.heading("Notices")
		for _, n := range notices {
			if n.Loc.File == "" {
				fmt.Fprintf(buf, "  %s\n", n.Msg)
				continue
			}
			fmt.Fprintf(buf, "  %s  %s\n", t.location(n.Loc), n.Msg)
		}
		buf.WriteByte('\n')
	}

	c := countFindings(all)
	if c.Errors+c.Warnings+c.Notes == 0 {
		buf.WriteString("No problems found.\n")
	}
	baselined := ""
	if c.Baselined > 0 {
		baselined = fmt.Sprintf(", %d baselined", c.Baselined)
	}
	fmt.Fprintf(buf, "%s, %s, %s, %d suppressed%s; %s linted\n",
		plural(c.Errors, "error"), plural(c.Warnings, "warning"), plural(c.Notes, "note"),
		c.Suppressed, baselined, plural(len(r.Inputs), "file"))
	return nil
}

func (t *textWriter) heading(s string) {
	t.buf.WriteString(t.paint(ansiBold, s))
	t.buf.WriteByte('\n')
}

// finding writes `path:line:col  EBnnn  severity  message`, the fix
// indented beneath, and the related locations.
func (t *textWriter) finding(f rules.Finding) {
	t.findingLine(f)
	if fix := strings.TrimRight(f.Fix, "\n"); strings.TrimSpace(fix) != "" {
		t.buf.WriteString("      fix:\n")
		for _, line := range strings.Split(fix, "\n") {
			if strings.TrimSpace(line) == "" {
				t.buf.WriteByte('\n')
				continue
			}
			t.buf.WriteString("        " + line + "\n")
		}
	}
	for _, rel := range f.Related {
		t.buf.WriteString("      related: " + t.location(rel.Loc))
		if rel.Message != "" {
			t.buf.WriteString("  " + rel.Message)
		}
		t.buf.WriteByte('\n')
	}
}

func (t *textWriter) findingLine(f rules.Finding) {
	sev := f.Severity.String()
	pad := strings.Repeat(" ", max(0, len("warning")-len(sev)))
	msg := strings.ReplaceAll(strings.TrimRight(f.Message, "\n"), "\n", "\n      ")
	fmt.Fprintf(t.buf, "  %s  %s  %s%s  %s\n",
		t.location(f.Loc), t.paint(ansiBold, f.RuleID), t.paint(severityColor(f.Severity), sev), pad, msg)
}

func (t *textWriter) suppressionLine(f rules.Finding) {
	var parts []string
	if f.Environment != "" {
		parts = append(parts, "environment "+f.Environment)
	}
	for _, s := range f.Suppressions {
		how := "suppressed " + suppressionWhere(s.Kind)
		if s.Reason != "" {
			how += ": " + s.Reason
		}
		parts = append(parts, how)
	}
	t.buf.WriteString("      " + strings.Join(parts, "; ") + "\n")
}

func suppressionWhere(k rules.SuppressionKind) string {
	switch k {
	case rules.InSource:
		return "in source"
	case rules.External:
		return "by configuration"
	case rules.Baselined:
		return "by the baseline"
	}
	return string(k)
}

// location renders file:line:col relative to the root; the line and column
// are left out when unknown.
func (t *textWriter) location(l parsers.Location) string {
	file := RelPath(t.root, l.File)
	if file == "" {
		file = "(no file)"
	}
	switch {
	case l.StartLine <= 0:
		return file
	case l.StartCol <= 0:
		return fmt.Sprintf("%s:%d", file, l.StartLine)
	}
	return fmt.Sprintf("%s:%d:%d", file, l.StartLine, l.StartCol)
}

func (t *textWriter) paint(color, s string) string {
	if !t.color || s == "" {
		return s
	}
	return color + s + ansiReset
}

func severityColor(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return ansiYellow
	case rules.Note:
		return ansiCyan
	}
	return ansiRed
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
