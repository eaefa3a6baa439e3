package report

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
)

// TestLocationShapes checks how each format writes a finding's location
// with a line and column, a line only, neither (a file that could not be
// read at all, such as an EB900 on a named file that is no template), a
// column without a line, and no file: the forms compilers write and
// editors read (file:line:col, file:line, file, never an empty field such as
// file::3 or file:0), and the properties of the formats that have fields.
func TestLocationShapes(t *testing.T) {
	tests := []struct {
		name        string
		loc         parsers.Location
		compact     string // before ": error EB900 "
		text        string // the finding line's location
		github      string // the workflow command's properties, title excepted
		junitName   string
		junitLine   string // the testcase's line attribute; "" when absent
		gitlabBegin int
	}{
		{"line and column", loc("infra/main.tf", 3, 5, 3, 9), "infra/main.tf:3:5", "infra/main.tf:3:5", "file=infra/main.tf,line=3,col=5,endLine=3,endColumn=9", "EB900 3:5 s", "3", 3},
		{"line only", loc("infra/main.tf", 3, 0, 0, 0), "infra/main.tf:3", "infra/main.tf:3", "file=infra/main.tf,line=3", "EB900 3 s", "3", 3},
		{"neither", loc("prod.tfvars", 0, 0, 0, 0), "prod.tfvars", "prod.tfvars", "file=prod.tfvars", "EB900 s", "", 1},
		{"a column without a line", loc("prod.tfvars", 0, 4, 0, 0), "prod.tfvars", "prod.tfvars", "file=prod.tfvars", "EB900 s", "", 1},
		{"no file", parsers.Location{}, "(no file)", "(no file)", "", "EB900 s", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Run{Root: root, Rules: catalog(), Version: "test", Findings: []rules.Finding{{
				RuleID: "EB900", Severity: rules.Error, Loc: tt.loc, Subject: "s", Message: "The file could not be parsed.",
			}}}
			if got, want := string(render(t, "compact", r, Options{})), tt.compact+": error EB900 The file could not be parsed.\n"; got != want {
				t.Errorf("compact = %q, want %q", got, want)
			}
			if text := string(render(t, "text", r, Options{})); !strings.Contains(text, "\n  "+tt.text+"  EB900  error\n") {
				t.Errorf("text report lacks the finding line %q:\n%s", "  "+tt.text+"  EB900  error", text)
			}
			wantCmd := "::error " + tt.github
			if tt.github != "" {
				wantCmd += ","
			}
			wantCmd += "title=EB900 "
			if gh := string(render(t, "github", r, Options{})); !strings.Contains(gh, wantCmd) {
				t.Errorf("github annotation lacks %q:\n%s", wantCmd, gh)
			}
			junit := string(render(t, "junit", r, Options{}))
			m := regexp.MustCompile(`<testcase name="([^"]*)"[^>]*>`).FindStringSubmatch(junit)
			if m == nil || m[1] != tt.junitName {
				t.Errorf("junit testcase %q, want name %q:\n%s", m, tt.junitName, junit)
			} else if line := regexp.MustCompile(` line="([^"]*)"`).FindStringSubmatch(m[0]); (line == nil) != (tt.junitLine == "") || line != nil && line[1] != tt.junitLine {
				t.Errorf("junit testcase %s, want line %q", m[0], tt.junitLine)
			}
			var issues []struct {
				Location struct {
					Lines struct {
						Begin int `json:"begin"`
					} `json:"lines"`
				} `json:"location"`
			}
			if err := json.Unmarshal(render(t, "gitlab", r, Options{}), &issues); err != nil || len(issues) != 1 || issues[0].Location.Lines.Begin != tt.gitlabBegin {
				t.Errorf("gitlab issues %+v (%v), want one beginning on line %d", issues, err, tt.gitlabBegin)
			}
			if md := string(render(t, "markdown", r, Options{})); !strings.Contains(md, "`"+tt.compact+"`") {
				t.Errorf("markdown report lacks the location `%s`:\n%s", tt.compact, md)
			}
		})
	}
}
