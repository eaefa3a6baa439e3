package report

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/beanlint/beanlint/rules"
)

// gitlabIssue is one entry of a GitLab Code Quality report (the fields
// GitLab documents; testdata/schemas/gitlab-codequality.schema.json).
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// writeGitLab renders a GitLab Code Quality report: a JSON array with one
// issue per unsuppressed finding ([] when there is none). The fingerprint
// is the finding's line-independent one (as in SARIF and JSON), so moving
// a resource does not make its issue new; two findings that share it get
// it hashed with their rank, as GitLab shows only the first issue of a
// fingerprint. A finding without a line is on line 1 of its file, as
// location.lines.begin is required.
func writeGitLab(buf *bytes.Buffer, r *Run) error {
	issues := []gitlabIssue{}
	seen := map[string]int{}
	for _, f := range activeFindings(r) {
		fp := Fingerprint(r.Root, f)
		if n := seen[fp]; n > 0 {
			seen[fp]++
			fp = hashHex(fp + "#" + strconv.Itoa(n))
		} else {
			seen[fp] = 1
		}
		line := int(f.Loc.StartLine)
		if line <= 0 {
			line = 1
		}
		path := RelPath(r.Root, f.Loc.File)
		issues = append(issues, gitlabIssue{
			Description: f.RuleID + ": " + oneLine(f.Message),
			CheckName:   f.RuleID,
			Fingerprint: fp,
			Severity:    gitlabSeverity(f.Severity),
			Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: line}},
		})
	}
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}

// gitlabSeverity maps a severity to GitLab's scale (info, minor, major,
// critical, blocker): an error stops the deployment, critical; a warning
// breaks the environment only in some conditions, minor; a note says what
// could not be checked, info. Blocker and major are not used.
func gitlabSeverity(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return "minor"
	case rules.Note:
		return "info"
	}
	return "critical"
}
