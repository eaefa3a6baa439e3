package report

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
)

// writeGitHub renders GitHub Actions workflow commands, one per
// unsuppressed finding, which annotate the pull request's files without
// code scanning:
//
//	::error file=app.yaml,line=42,col=9,endLine=42,endColumn=31,title=EB301 Required interface endpoint missing::message
//
// Errors are `error`, warnings `warning`, notes `notice`. Notices about the
// run are warnings. The message holds the fix; `%`, CR and LF are escaped
// in messages, and `:` and `,` too in properties, as the Actions toolkit
// escapes them.
func writeGitHub(buf *bytes.Buffer, r *Run) error {
	titles := map[string]string{}
	for _, rule := range r.Rules {
		if rule != nil {
			titles[rule.ID] = rule.Title
		}
	}
	for _, f := range activeFindings(r) {
		title := f.RuleID
		if t := titles[f.RuleID]; t != "" {
			title += " " + t
		}
		msg := strings.TrimSpace(f.Message)
		if fix := strings.TrimRight(f.Fix, "\n"); strings.TrimSpace(fix) != "" {
			msg += "\n\nFix:\n" + fix
		}
		workflowCommand(buf, githubLevel(f.Severity), r.Root, f.Loc, title, msg)
	}
	for _, n := range sortedNotices(r.Notices) {
		workflowCommand(buf, "warning", r.Root, n.Loc, "beanlint", n.Msg)
	}
	return nil
}

func githubLevel(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return "warning"
	case rules.Note:
		return "notice"
	}
	return "error"
}

// workflowCommand writes `::level props::message` with the location's
// properties (those known) and title.
func workflowCommand(buf *bytes.Buffer, level, root string, l parsers.Location, title, msg string) {
	var props []string
	if file := RelPath(root, l.File); file != "" {
		props = append(props, "file="+escapeProperty(file))
		if l.StartLine > 0 {
			props = append(props, "line="+strconv.Itoa(int(l.StartLine)))
			if l.StartCol > 0 {
				props = append(props, "col="+strconv.Itoa(int(l.StartCol)))
			}
			if l.EndLine >= l.StartLine {
				props = append(props, "endLine="+strconv.Itoa(int(l.EndLine)))
				if l.EndCol > 0 && (l.EndLine > l.StartLine || l.EndCol >= l.StartCol) {
					props = append(props, "endColumn="+strconv.Itoa(int(l.EndCol)))
				}
			}
		}
	}
	if title != "" {
		props = append(props, "title="+escapeProperty(title))
	}
	buf.WriteString("::" + level)
	if len(props) > 0 {
		buf.WriteString(" " + strings.Join(props, ","))
	}
	buf.WriteString("::" + escapeData(msg) + "\n")
}

// escapeData escapes a workflow command's message: %, CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value: as
// escapeData, and : and , which separate properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
