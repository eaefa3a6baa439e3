package report

import (
	"bytes"
	"encoding/xml"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/rules"
)

// JUnit XML, as CI systems read it (GitLab's unit test reports, Jenkins;
// testdata/schemas/junit.schema.json): one testsuite per file, one
// testcase per finding, classname the file and name the rule, line and
// subject. An error or warning is a failure; a note (something beanlint
// could not check) and a suppressed finding are skipped; a parse failure
// (EB900) is an error, since nothing in the file was checked. A file
// without findings has one passing testcase, so it is seen as checked.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Time     string      `xml:"time,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		File      string        `xml:"file,attr,omitempty"`
		Line      int           `xml:"line,attr,omitempty"`
		Time      string        `xml:"time,attr"`
		Failure   *junitProblem `xml:"failure"`
		Error     *junitProblem `xml:"error"`
		Skipped   *junitProblem `xml:"skipped"`
	}
	junitProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Text    string `xml:",chardata"`
	}
)

// junitPassName names the testcase of a file without findings.
const junitPassName = "beanlint: no findings"

func writeJUnit(buf *bytes.Buffer, r *Run) error {
	byFile := map[string][]rules.Finding{}
	for _, in := range r.Inputs {
		byFile[RelPath(r.Root, in)] = nil
	}
	for _, f := range sortedFindings(r.Findings) {
		file := RelPath(r.Root, f.Loc.File)
		byFile[file] = append(byFile[file], f)
	}
	out := junitSuites{Name: "beanlint", Time: "0"}
	for _, file := range slices.Sorted(maps.Keys(byFile)) {
		s := junitSuite{Name: file, Time: "0"}
		if s.Name == "" {
			s.Name = "(no file)"
		}
		names := map[string]int{}
		for _, f := range byFile[file] {
			c := junitCase{Classname: s.Name, File: file, Line: max(int(f.Loc.StartLine), 0), Time: "0"}
			c.Name = junitCaseName(f)
			if n := names[c.Name]; n > 0 { // duplicate names: only the first would count
				names[c.Name]++
				c.Name += " #" + strconv.Itoa(n+1)
			} else {
				names[c.Name] = 1
			}
			p := &junitProblem{Message: oneLine(f.Message), Type: f.RuleID, Text: junitText(f)}
			switch {
			case f.Suppressed():
				c.Skipped = &junitProblem{Message: "suppressed: " + oneLine(f.Message)}
				s.Skipped++
			case f.RuleID == parseRuleID:
				c.Error = p
				s.Errors++
			case f.Severity == rules.Note:
				c.Skipped = &junitProblem{Message: oneLine(f.Message)}
				s.Skipped++
			default:
				c.Failure = p
				s.Failures++
			}
			s.Cases = append(s.Cases, c)
		}
		if len(s.Cases) == 0 {
			s.Cases = []junitCase{{Name: junitPassName, Classname: s.Name, File: file, Time: "0"}}
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, s)
	}
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return nil
}

// junitCaseName is `EBnnn line:col subject`: the rule, where, and what
// (the subject, else the resource and property).
func junitCaseName(f rules.Finding) string {
	parts := []string{f.RuleID}
	if f.Loc.StartLine > 0 {
		pos := strconv.Itoa(int(f.Loc.StartLine))
		if f.Loc.StartCol > 0 {
			pos += ":" + strconv.Itoa(int(f.Loc.StartCol))
		}
		parts = append(parts, pos)
	}
	what := f.Subject
	if what == "" {
		what = strings.TrimSpace(f.Resource + " " + f.Property)
	}
	if what != "" {
		parts = append(parts, oneLine(what))
	}
	return strings.Join(parts, " ")
}

// junitText is a failure's body: the severity and message, and the fix.
func junitText(f rules.Finding) string {
	s := f.Severity.String() + ": " + strings.TrimSpace(f.Message)
	if fix := strings.TrimRight(f.Fix, "\n"); strings.TrimSpace(fix) != "" {
		s += "\n\nFix:\n" + fix
	}
	return s
}
