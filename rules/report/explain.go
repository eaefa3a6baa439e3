package report

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/beanlint/beanlint/rules"
)

// WriteRuleHelp renders a rule's help (its Markdown Doc, with source keys
// linked) for a terminal, as `beanlint explain` prints it: headings
// underlined, prose wrapped to width (0: not wrapped) and indented, lists
// and tables aligned, code blocks indented without their fences, inline
// markup dropped, and each link as its text followed by its address.
// color makes headings bold.
func WriteRuleHelp(w io.Writer, rule *rules.Rule, width int, color bool) error {
	var buf bytes.Buffer
	t := &textWriter{buf: &buf, color: color, width: width}
	for _, l := range wrap(fmt.Sprintf("%s: %s", rule.ID, rule.Title), width) {
		t.heading(l)
	}
	fmt.Fprintf(&buf, "%s, default severity %s\n\n", rule.Name, rule.Severity)
	newMarkdownSyntax().render(t, rules.LinkSources(rule.Doc))
	_, err := w.Write(buf.Bytes())
	return err
}

// markdownSyntax holds the expressions that read the Markdown of rule
// help, compiled when help is rendered (not at start-up).
type markdownSyntax struct {
	link, bold, code, list, fence, delimiterRow, header *regexp.Regexp
}

func newMarkdownSyntax() *markdownSyntax {
	return &markdownSyntax{
		link:         regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`),
		bold:         regexp.MustCompile(`\*\*([^*]+)\*\*`),
		code:         regexp.MustCompile("`([^`]+)`"),
		list:         regexp.MustCompile(`^(\s*)([-*]|[0-9]+\.) (.*)$`),
		fence:        regexp.MustCompile("^(~~~|```)"),
		delimiterRow: regexp.MustCompile(`^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$`),
		header:       regexp.MustCompile(`^(#{1,6})\s+(.*)$`),
	}
}

// inline drops the inline markup of Markdown text: code spans and bold
// keep their text; a link becomes its text and its address, the address
// alone when the text is it.
func (md *markdownSyntax) inline(s string) string {
	s = md.link.ReplaceAllStringFunc(s, func(m string) string {
		p := md.link.FindStringSubmatch(m)
		if p[1] == p[2] {
			return p[2]
		}
		return p[1] + " <" + p[2] + ">"
	})
	s = md.bold.ReplaceAllString(s, "$1")
	return md.code.ReplaceAllString(s, "$1")
}

// render writes the Markdown doc to t block by block.
func (md *markdownSyntax) render(t *textWriter, doc string) {
	lines := strings.Split(strings.TrimRight(doc, "\n"), "\n")
	var para []string
	sources := false // in the Sources section: one source a line
	flush := func() {
		if len(para) == 0 {
			return
		}
		text := strings.Join(para, " ")
		para = nil
		if !sources {
			t.prose("  ", md.inline(text))
			return
		}
		for _, m := range md.link.FindAllStringSubmatch(text, -1) {
			t.buf.WriteString("  " + m[1] + "  " + m[2] + "\n")
		}
		for _, f := range strings.Fields(md.link.ReplaceAllString(text, "")) {
			if strings.HasPrefix(f, "https://") || strings.HasPrefix(f, "http://") {
				t.buf.WriteString("  " + strings.TrimRight(f, ".,;") + "\n")
			}
		}
	}
	blank := func() {
		flush()
		if b := t.buf.Bytes(); len(b) > 0 && !bytes.HasSuffix(b, []byte("\n\n")) {
			t.buf.WriteByte('\n')
		}
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			blank()
		case md.fence.MatchString(trimmed):
			blank()
			for i++; i < len(lines) && !md.fence.MatchString(strings.TrimSpace(lines[i])); i++ {
				t.buf.WriteString(strings.TrimRight("    "+lines[i], " ") + "\n")
			}
			blank()
		case md.header.MatchString(trimmed):
			blank()
			h := md.inline(md.header.FindStringSubmatch(trimmed)[2])
			sources = h == "Sources"
			t.heading(h)
			t.buf.WriteString(strings.Repeat("-", utf8.RuneCountInString(h)) + "\n")
		case strings.HasPrefix(trimmed, "|"):
			blank()
			var rows []string
			for ; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
				rows = append(rows, strings.TrimSpace(lines[i]))
			}
			i--
			md.table(t, rows)
			blank()
		case md.list.MatchString(line):
			flush()
			m := md.list.FindStringSubmatch(line)
			item := m[3]
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "  ") && !md.list.MatchString(lines[i+1]) &&
				strings.TrimSpace(lines[i+1]) != "" {
				i++
				item += " " + strings.TrimSpace(lines[i])
			}
			indent := "  " + m[1]
			first := true
			for _, l := range wrap(md.inline(item), t.width-len(indent)-2) {
				if first {
					t.buf.WriteString(indent + m[2] + " " + l + "\n")
					first = false
					continue
				}
				t.buf.WriteString(indent + strings.Repeat(" ", len(m[2])+1) + l + "\n")
			}
		case strings.HasPrefix(trimmed, "<!--"):
			// a comment (the generated-page notice): not shown
		default:
			para = append(para, trimmed)
		}
	}
	flush()
}

// table writes the rows of a Markdown table as aligned columns, the
// delimiter row dropped and empty rows (a table without a header) left out.
func (md *markdownSyntax) table(t *textWriter, rows []string) {
	var cells [][]string
	var widths []int
	for _, row := range rows {
		if md.delimiterRow.MatchString(row) {
			continue
		}
		row = strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|")
		var cs []string
		empty := true
		for i, c := range strings.Split(row, "|") {
			c = md.inline(strings.TrimSpace(c))
			empty = empty && c == ""
			cs = append(cs, c)
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
		if !empty {
			cells = append(cells, cs)
		}
	}
	total := 2
	for _, w := range widths {
		total += w + 2
	}
	if t.width > 0 && total-2 > t.width && len(cells) > 1 {
		// Too wide for the terminal: each row as a record, its first cell
		// and then each other cell under its header.
		header := cells[0]
		for _, cs := range cells[1:] {
			t.prose("  ", cs[0])
			for i := 1; i < len(cs) && i < len(header); i++ {
				t.prose("      ", header[i]+": "+cs[i])
			}
		}
		return
	}
	for _, cs := range cells {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range cs {
			b.WriteString(c)
			if i < len(cs)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2))
			}
		}
		t.buf.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
}
