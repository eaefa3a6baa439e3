package report

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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

// Indentation of the parts of a finding under its location line.
const (
	findingIndent = "  "
	bodyIndent    = "      "
	fixIndent     = "        "
)

// textWriter renders the human report.
type textWriter struct {
	buf   *bytes.Buffer
	root  string
	color bool
	width int
	// quoted holds, per rule, the long quotations (the deployment errors
	// Elastic Beanstalk reports) already shown in full; fixes, per rule
	// and environment, the fixes shown with the location they were shown
	// at.
	quoted    map[string]map[string]bool
	fixes     map[string]string
	quotation *regexp.Regexp // quotationPattern, compiled on first use
}

// envKey identifies an environment: its file and name.
type envKey struct{ file, name string }

// writeText renders the findings grouped by environment (file and name),
// each finding as its location, rule and severity, then its message, fix
// and related locations indented beneath; then suppressed findings,
// notices, a summary per rule and the totals. Prose is wrapped to
// opts.Width. A long quotation (the deployment error a message quotes) is
// shown in full the first time a rule's findings quote it, and shortened
// after; a fix is shown once per rule and environment, later findings
// that need the same one refer to it.
func writeText(buf *bytes.Buffer, r *Run, opts Options) error {
	t := &textWriter{buf: buf, root: r.Root, color: opts.Color, width: opts.Width,
		quoted: map[string]map[string]bool{}, fixes: map[string]string{}}
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
	// environments by file and name (findings are already sorted by
	// location).
	groups := map[envKey][]rules.Finding{}
	var keys []envKey
	for _, f := range active {
		k := envKey{RelPath(r.Root, f.EnvironmentFile), f.Environment}
		if k.name == "" {
			k.file = ""
		}
		if _, seen := groups[k]; !seen {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], f)
	}
	slices.SortFunc(keys, func(a, b envKey) int {
		if (a.name == "") != (b.name == "") {
			if a.name == "" {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.file, b.file); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	for _, k := range keys {
		t.heading(environmentHeading(k))
		for _, f := range groups[k] {
			t.finding(f, k)
		}
		buf.WriteByte('\n')
	}

	if len(suppressed) > 0 {
		t.heading("Suppressed (not counted)")
		for _, f := range suppressed {
			t.findingLine(f)
			t.prose(bodyIndent, t.message(f))
			t.prose(bodyIndent, suppressionText(f))
		}
		buf.WriteByte('\n')
	}

	if notices := sortedNotices(r.Notices); len(notices) > 0 {
		t.heading("Notices")
		for _, n := range notices {
			if n.Loc.File == "" {
				t.prose(findingIndent, n.Msg)
				continue
			}
			t.prose(findingIndent, t.location(n.Loc)+"  "+n.Msg)
		}
		buf.WriteByte('\n')
	}

	t.ruleSummary(active, r.Rules)

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

// environmentHeading names an environment by file and name, so that two
// environments named alike (the logical ID "Environment" in two templates)
// read apart.
func environmentHeading(k envKey) string {
	switch {
	case k.name == "":
		return noEnvironmentHeading
	case k.file == "":
		return "Environment " + strconv.Quote(k.name)
	}
	return k.file + ": environment " + strconv.Quote(k.name)
}

func (t *textWriter) heading(s string) {
	t.buf.WriteString(t.paint(ansiBold, s))
	t.buf.WriteByte('\n')
}

// finding writes the location line, the message, the fix and the related
// locations.
func (t *textWriter) finding(f rules.Finding, env envKey) {
	t.findingLine(f)
	t.prose(bodyIndent, t.message(f))
	if fix := strings.TrimRight(f.Fix, "\n"); strings.TrimSpace(fix) != "" {
		key := f.RuleID + "\x00" + env.file + "\x00" + env.name + "\x00" + fix
		if at, shown := t.fixes[key]; shown {
			t.prose(bodyIndent, "fix: the one shown at "+at)
		} else {
			t.fixes[key] = t.location(f.Loc)
			t.buf.WriteString(bodyIndent + "fix:\n")
			for _, line := range strings.Split(fix, "\n") {
				if strings.TrimSpace(line) == "" {
					t.buf.WriteByte('\n')
					continue
				}
				t.buf.WriteString(fixIndent + line + "\n")
			}
		}
	}
	for _, rel := range f.Related {
		s := "related: " + t.location(rel.Loc)
		if rel.Message != "" {
			s += "  " + rel.Message
		}
		t.prose(bodyIndent, s)
	}
}

// findingLine writes `path:line:col  EBnnn  severity`.
func (t *textWriter) findingLine(f rules.Finding) {
	fmt.Fprintf(t.buf, "%s%s  %s  %s\n", findingIndent,
		t.location(f.Loc), t.paint(ansiBold, f.RuleID), t.paint(severityColor(f.Severity), f.Severity.String()))
}

// quotationPattern is a long double-quoted span of a message: the
// deployment error Elastic Beanstalk reports ("The EC2 instances failed to
// communicate with AWS Elastic Beanstalk, ..."). Compiled per report, not
// at start-up.
const quotationPattern = `"[^"\n]{40,}"`

// message is f's message with each long quotation its rule's findings
// have already shown replaced by its first words.
func (t *textWriter) message(f rules.Finding) string {
	seen := t.quoted[f.RuleID]
	if seen == nil {
		seen = map[string]bool{}
		t.quoted[f.RuleID] = seen
	}
	if t.quotation == nil {
		t.quotation = regexp.MustCompile(quotationPattern)
	}
	return t.quotation.ReplaceAllStringFunc(strings.TrimSpace(f.Message), func(q string) string {
		if !seen[q] {
			seen[q] = true
			return q
		}
		words := strings.Fields(q[1 : len(q)-1])
		if len(words) > 6 {
			words = words[:6]
		}
		return `"` + strings.Join(words, " ") + `…" (quoted above)`
	})
}

func suppressionText(f rules.Finding) string {
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
	return strings.Join(parts, "; ")
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

// ruleSummary writes, per rule with unsuppressed findings, how many at
// each severity and its title.
func (t *textWriter) ruleSummary(active []rules.Finding, catalog []*rules.Rule) {
	if len(active) == 0 {
		return
	}
	titles := map[string]string{}
	for _, r := range catalog {
		if r != nil {
			titles[r.ID] = r.Title
		}
	}
	byRule := map[string]*counts{}
	var ids []string
	for _, f := range active {
		c := byRule[f.RuleID]
		if c == nil {
			c = &counts{}
			byRule[f.RuleID] = c
			ids = append(ids, f.RuleID)
		}
		*c = add(*c, countFindings([]rules.Finding{f}))
	}
	slices.Sort(ids)
	t.heading("By rule")
	for _, id := range ids {
		c := byRule[id]
		var n []string
		for _, p := range []struct {
			n    int
			noun string
		}{{c.Errors, "error"}, {c.Warnings, "warning"}, {c.Notes, "note"}} {
			if p.n > 0 {
				n = append(n, plural(p.n, p.noun))
			}
		}
		line := id + "  " + strings.Join(n, ", ")
		if title := titles[id]; title != "" {
			line += "  " + title
		}
		t.prose(findingIndent, line)
	}
	t.buf.WriteByte('\n')
}

func add(a, b counts) counts {
	return counts{a.Errors + b.Errors, a.Warnings + b.Warnings, a.Notes + b.Notes, a.Suppressed + b.Suppressed, a.Baselined + b.Baselined}
}

// prose writes s (lines of text) indented by indent, each line wrapped to
// the width with the indentation kept.
func (t *textWriter) prose(indent, s string) {
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		for _, l := range wrap(line, t.width-utf8.RuneCountInString(indent)) {
			t.buf.WriteString(indent + l + "\n")
		}
	}
}

// wrap breaks s at spaces into lines of at most width runes, keeping the
// spacing between the words of a line; a word longer than the width (a
// path, a URL) gets a line of its own, unbroken. width <= 0 leaves s whole.
// Widths below 20 are taken as 20, so a narrow terminal still gets words
// on each line.
func wrap(s string, width int) []string {
	if width <= 0 || utf8.RuneCountInString(s) <= width {
		return []string{s}
	}
	width = max(width, 20)
	var lines []string
	line, n := "", 0
	for _, w := range wordsAndSpaces(strings.TrimSpace(s)) {
		word := strings.TrimRight(w, " ")
		if n > 0 && n+utf8.RuneCountInString(word) > width {
			lines = append(lines, strings.TrimRight(line, " "))
			line, n = "", 0
		}
		line += w
		n += utf8.RuneCountInString(w)
	}
	if line != "" {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// wordsAndSpaces splits s into its words, each with the spaces after it.
func wordsAndSpaces(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return append(out, s)
		}
		for i < len(s) && s[i] == ' ' {
			i++
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
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
