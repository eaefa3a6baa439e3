package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
)

// schemaDir holds the schemas of the formats' consumers, written from their
// documentation (each says its source).
const schemaDir = "../../testdata/schemas"

// validateJSON validates the JSON document data against the schema file
// name of schemaDir.
func validateJSON(t *testing.T, name string, data []byte) error {
	t.Helper()
	f, err := os.Open(filepath.Join(schemaDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// xmlTree reads an XML document into the JSON form junit.schema.json
// describes: {"name", "attrs", "children", "text"} per element.
func xmlTree(data []byte) ([]byte, error) {
	type elem struct {
		Name     string            `json:"name"`
		Attrs    map[string]string `json:"attrs"`
		Children []*elem           `json:"children"`
		Text     string            `json:"text"`
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*elem
	var root *elem
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &elem{Name: tok.Name.Local, Attrs: map[string]string{}, Children: []*elem{}}
			for _, a := range tok.Attr {
				e.Attrs[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("two root elements")
				}
				root = e
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return json.Marshal(root)
}

func TestFormatsGolden(t *testing.T) {
	tests := []struct {
		golden, format string
		run            func() *Run
	}{
		{"report.compact.txt", "compact", fixture},
		{"report.github.txt", "github", fixture},
		{"report.gitlab.json", "gitlab", fixture},
		{"report.junit.xml", "junit", fixture},
		{"clean.compact.txt", "compact", clean},
		{"clean.github.txt", "github", clean},
		{"clean.gitlab.json", "gitlab", clean},
		{"clean.junit.xml", "junit", clean},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			got := render(t, tt.format, tt.run(), Options{})
			path := filepath.Join(goldenDir, tt.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (run with -update and review the diff):\n%s", tt.golden, got)
			}
		})
	}
}

// compactLine is the syntax of a compact line: file[:line[:col]]: severity
// EBnnn message.
var compactLine = regexp.MustCompile(`^([^:\n]+)(?::([0-9]+)(?::([0-9]+))?)?: (error|warning|note) (EB[0-9]{3}) (\S.*)$`)

func TestCompact(t *testing.T) {
	out := string(render(t, "compact", fixture(), Options{}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	active := 0
	for _, f := range fixture().Findings {
		if !f.Suppressed() {
			active++
		}
	}
	if len(lines) != active {
		t.Fatalf("%d lines, want one per unsuppressed finding (%d):\n%s", len(lines), active, out)
	}
	for _, l := range lines {
		if !compactLine.MatchString(l) {
			t.Errorf("line %q is not file:line:col: severity EBnnn message", l)
		}
	}
	if want := "templates/app.yaml:42:9: error EB301 Interface endpoint com.amazonaws.<region>.logs is missing from VPC AppVpc: instances cannot ship logs & the deployment times out"; !strings.Contains(out, want+"\n") {
		t.Errorf("compact report lacks %q", want)
	}
	if want := "templates/staging env.yaml: note EB901 "; !strings.Contains(out, want) {
		t.Errorf("a finding without a line: want %q in\n%s", want, out)
	}
	// A message of several lines stays on one.
	r := &Run{Root: root, Findings: []rules.Finding{{RuleID: "EB301", Severity: rules.Error, Loc: loc("a.yaml", 1, 2, 0, 0), Message: "first\nsecond\r\n third"}}}
	if got := string(render(t, "compact", r, Options{})); got != "a.yaml:1:2: error EB301 first second third\n" {
		t.Errorf("compact = %q", got)
	}
	if got := render(t, "compact", clean(), Options{}); len(got) != 0 {
		t.Errorf("clean compact report = %q, want nothing", got)
	}
}

// workflowCommand is the syntax of a GitHub Actions workflow command:
// ::level key=value,...::message, values and message escaped.
var workflowCommandLine = regexp.MustCompile(`^::(error|warning|notice)(?: ((?:[a-zA-Z]+=[^,:\r\n]*)(?:,[a-zA-Z]+=[^,:\r\n]*)*))?::([^\r\n]*)$`)

// unescapeCommand undoes the workflow command escaping as the runner does.
func unescapeCommand(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

func TestGitHub(t *testing.T) {
	f := rules.Finding{
		RuleID: "EB301", Severity: rules.Warning, Loc: loc("dir,x/a:b.yaml", 3, 5, 4, 2),
		Message: "100% missing: one, two\r\nthree", Fix: "A:\n  B: 1",
	}
	r := &Run{Root: root, Findings: []rules.Finding{f}, Rules: catalog(),
		Notices: []parsers.Notice{{Loc: parsers.Location{File: root + "/p.json"}, Msg: "skipped: 50%"}}}
	out := string(render(t, "github", r, Options{}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("want a command per finding and notice, got:\n%s", out)
	}
	m := workflowCommandLine.FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("%q is not a workflow command", lines[0])
	}
	props := map[string]string{}
	for _, kv := range strings.Split(m[2], ",") {
		k, v, _ := strings.Cut(kv, "=")
		props[k] = unescapeCommand(v)
	}
	want := map[string]string{"file": "dir,x/a:b.yaml", "line": "3", "col": "5", "endLine": "4", "endColumn": "2", "title": "EB301 Required interface endpoint missing"}
	for k, v := range want {
		if props[k] != v {
			t.Errorf("property %s = %q, want %q", k, props[k], v)
		}
	}
	if m[1] != "warning" {
		t.Errorf("level = %q, want warning", m[1])
	}
	if got, want := unescapeCommand(m[3]), "100% missing: one, two\r\nthree\n\nFix:\nA:\n  B: 1"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if lines[1] != "::warning file=p.json,title=beanlint::skipped: 50%25" {
		t.Errorf("notice = %q", lines[1])
	}
	for _, l := range strings.Split(strings.TrimSuffix(string(render(t, "github", fixture(), Options{})), "\n"), "\n") {
		if !workflowCommandLine.MatchString(l) {
			t.Errorf("%q is not a workflow command", l)
		}
	}
}

func TestGitLabSchema(t *testing.T) {
	for name, r := range map[string]*Run{"fixture": fixture(), "clean": clean()} {
		out := render(t, "gitlab", r, Options{})
		if err := validateJSON(t, "gitlab-codequality.schema.json", out); err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
	// Two findings with one fingerprint (moved copies) get two.
	f := fixture().Findings[0]
	g := f
	g.Loc.StartLine += 10
	out := render(t, "gitlab", &Run{Root: root, Findings: []rules.Finding{f, g}}, Options{})
	var issues []struct {
		Fingerprint string
		Severity    string
	}
	if err := json.Unmarshal(out, &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 2 || issues[0].Fingerprint == issues[1].Fingerprint {
		t.Errorf("issues = %+v, want two fingerprints", issues)
	}
	if issues[0].Fingerprint != Fingerprint(root, f) {
		t.Error("the first issue's fingerprint is not the finding's")
	}
	// The schema rejects what GitLab does not read.
	for _, bad := range []string{
		`[{"description":"d","check_name":"c","fingerprint":"f","severity":"error","location":{"path":"a","lines":{"begin":1}}}]`,
		`[{"description":"d","check_name":"c","fingerprint":"f","severity":"minor","location":{"path":"./a","lines":{"begin":1}}}]`,
		`[{"description":"d","check_name":"c","fingerprint":"f","severity":"minor","location":{"path":"a"}}]`,
		`[{"description":"d","fingerprint":"f","severity":"minor","location":{"path":"a","lines":{"begin":1}}}]`,
	} {
		if validateJSON(t, "gitlab-codequality.schema.json", []byte(bad)) == nil {
			t.Errorf("schema accepts %s", bad)
		}
	}
}

func TestJUnitSchema(t *testing.T) {
	for name, r := range map[string]*Run{"fixture": fixture(), "clean": clean()} {
		out := render(t, "junit", r, Options{})
		tree, err := xmlTree(out)
		if err != nil {
			t.Fatalf("%s: not XML: %v", name, err)
		}
		if err := validateJSON(t, "junit.schema.json", tree); err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name      string    `xml:"name,attr"`
				Classname string    `xml:"classname,attr"`
				Failure   *struct{} `xml:"failure"`
				Error     *struct{} `xml:"error"`
				Skipped   *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(render(t, "junit", fixture(), Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	// Fixture: two errors and a warning fail, the EB900 is an error, the
	// note and the two suppressed findings are skipped.
	if doc.Failures != 3 || doc.Errors != 1 || doc.Skipped != 3 || doc.Tests != 7 {
		t.Errorf("tests/failures/errors/skipped = %d/%d/%d/%d, want 7/3/1/3", doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
	}
	names := map[string]bool{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if names[c.Classname+"\x00"+c.Name] {
				t.Errorf("test %s %s twice: GitLab counts only the first", c.Classname, c.Name)
			}
			names[c.Classname+"\x00"+c.Name] = true
		}
	}
	// A clean input is one passing test.
	var cleanDoc struct {
		Tests int `xml:"tests,attr"`
	}
	if err := xml.Unmarshal(render(t, "junit", clean(), Options{}), &cleanDoc); err != nil || cleanDoc.Tests != 1 {
		t.Errorf("clean JUnit: %+v, %v; want one passing test", cleanDoc, err)
	}
	// The schema rejects what consumers do not read.
	for _, bad := range []string{
		`<testsuites><testsuite name="a" tests="x"/></testsuites>`,
		`<testsuites><testsuite name="a" tests="1"><testcase name="n"/></testsuite></testsuites>`,
		`<testsuite name="a" tests="1"/>`,
		`<testsuites><testsuite name="a" tests="1"><testcase name="n" classname="c"><failure/><error/></testcase></testsuite></testsuites>`,
	} {
		tree, err := xmlTree([]byte(bad))
		if err != nil {
			t.Fatal(err)
		}
		if validateJSON(t, "junit.schema.json", tree) == nil {
			t.Errorf("schema accepts %s", bad)
		}
	}
}

// TestRuleHelp renders every rule's help for a terminal: no Markdown
// markup is left, prose fits the width, and every source is listed with
// its address.
func TestRuleHelp(t *testing.T) {
	const width = 80
	for _, rule := range rules.All() {
		var buf bytes.Buffer
		if err := WriteRuleHelp(&buf, rule, width, false); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.HasPrefix(strings.Join(strings.Fields(out), " "), rule.ID+": "+rule.Title+" "+rule.Name) {
			t.Errorf("%s: help starts %q", rule.ID, strings.SplitN(out, "\n", 2)[0])
		}
		for _, markup := range []string{"](", "~~~", "```", "**", "## ", "<!--", "DOMAIN.md", "RULES.md"} {
			if strings.Contains(out, markup) {
				t.Errorf("%s: help holds %q", rule.ID, markup)
			}
		}
		code := false
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "    ") {
				code = true // code keeps its lines
				continue
			}
			if strings.Contains(line, "`") && !code {
				t.Errorf("%s: inline code markup left: %q", rule.ID, line)
			}
			// Prose lines fit, except a single long word (a URL) and
			// table rows.
			if n := len([]rune(line)); n > width && strings.Contains(strings.TrimSpace(line), " ") &&
				!strings.Contains(line, "  https://") && !strings.Contains(strings.TrimSpace(line), "   ") {
				t.Errorf("%s: line of %d columns: %q", rule.ID, n, line)
			}
		}
		_, sourcesPart, ok := strings.Cut(out, "Sources\n-------\n")
		if !ok {
			t.Errorf("%s: no Sources section", rule.ID)
			continue
		}
		for _, m := range regexp.MustCompile(`\[([a-z0-9-]+)\]\((https://[^)]+)\)`).FindAllStringSubmatch(rules.LinkSources(rule.Doc), -1) {
			if !strings.Contains(sourcesPart, "  "+m[1]+"  "+m[2]+"\n") && !strings.Contains(strings.Join(strings.Fields(out), " "), m[1]+" <"+m[2]+">") {
				t.Errorf("%s: source %s (%s) not listed", rule.ID, m[1], m[2])
			}
		}
	}
}

// withPaths is the fixture with the private paths of its environments,
// one name of each kind carrying characters Markdown and Mermaid treat
// specially.
func withPaths() *Run {
	r := fixture()
	r.Paths = []PrivatePath{
		{
			Environment: "ProdEnv", File: root + "/templates/app.yaml",
			Subnets: []PathSubnet{
				{Name: "PrivateSubnetA", Posture: "isolated", RouteTables: []string{"PrivateRT"}},
				{Name: "PrivateSubnetB", Posture: "isolated", RouteTables: []string{"OtherRT"}},
			},
			Gateway:   []PathEndpoint{{Name: "S3Gateway", Service: "s3", RouteTables: []string{"PrivateRT"}}},
			Interface: []PathEndpoint{{Name: "SqsEndpoint", Service: "sqs"}, {Name: `Odd "#1" <ep> | x`, Service: "ssm"}},
		},
		{Environment: "StagingEnv", File: root + "/templates/staging env.yaml"},
		{Environment: "Clean", File: root + "/templates/clean.yaml"},
	}
	return r
}

// Mermaid flowchart syntax (https://mermaid.js.org/syntax/flowchart.html),
// the subset the Markdown report writes: a node with a quoted label and an
// optional class, a link (solid, or dotted with a cross end and a pipe
// label), a class definition.
var (
	mermaidNode     = regexp.MustCompile(`^  [nm][0-9]+\["[^"]*"\](:::(problem|missing))?$`)
	mermaidLink     = regexp.MustCompile(`^  [nm][0-9]+ (-->|-\.-x\|[A-Za-z0-9 ]+\|) [nm][0-9]+$`)
	mermaidClassDef = regexp.MustCompile(`^  classDef (problem|missing) [a-z-]+:[#0-9a-z]+(,[a-z-]+:[#0-9a-z ]+)*$`)
)

func TestMarkdown(t *testing.T) {
	out := string(render(t, "markdown", withPaths(), Options{}))
	path := filepath.Join(goldenDir, "report.md")
	if *update {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(path); err != nil || string(want) != out {
		t.Errorf("report.md differs from the golden file (%v; run with -update and review):\n%s", err, out)
	}
	inMermaid, diagrams := false, 0
	defined := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		switch {
		case line == "```mermaid":
			inMermaid = true
			diagrams++
			continue
		case inMermaid && line == "```":
			inMermaid = false
			continue
		case inMermaid && line == "flowchart LR":
			continue
		case inMermaid:
			switch {
			case mermaidNode.MatchString(line):
				defined[strings.Fields(line)[0][:strings.Index(strings.Fields(line)[0], "[")]] = true
			case mermaidLink.MatchString(line):
				f := strings.Fields(line)
				for _, id := range []string{f[0], f[len(f)-1]} {
					if !defined[id] {
						t.Errorf("link to %s before it is defined: %q", id, line)
					}
				}
			case mermaidClassDef.MatchString(line):
			default:
				t.Errorf("not Mermaid flowchart syntax: %q", line)
			}
			continue
		}
		// A table row has as many unescaped pipes as the header.
		if strings.HasPrefix(line, "| ") {
			if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)); n != 5 {
				t.Errorf("table row with %d cell separators, want 5: %q", n, line)
			}
		}
		// No raw HTML but the folding of the fixes.
		for _, tag := range regexp.MustCompile(`<[^>]*>`).FindAllString(line, -1) {
			if !slices.Contains([]string{"<details>", "<summary>", "</summary>", "</details>"}, tag) {
				t.Errorf("raw HTML %q in %q", tag, line)
			}
		}
	}
	if diagrams != 2 {
		t.Errorf("%d diagrams, want one per environment with findings and a path (2)", diagrams)
	}
	for _, want := range []string{
		"### `templates/app.yaml`: environment `ProdEnv`\n",
		"| :x: error | [EB301](https://github.com/beanlint/beanlint/blob/v1.2.3/docs/rules/EB301.md) | `templates/app.yaml:42:9` | Interface endpoint com.amazonaws.&lt;region&gt;.logs is missing from VPC AppVpc: instances cannot ship logs &amp; the deployment times out |",
		`n7["interface endpoint Odd #quot;#35;1#quot; #lt;ep#gt; #124; x<br/>ssm"]`,
		`["logs endpoint: missing"]:::missing`,
		"-.-x|not associated|",
		"~~~yaml\nLogsEndpoint:\n",
		"### Not specific to an environment\n",
		"- `plans/old.json`: unsupported Terraform plan format\\_version \"0.1\" (want 1.x); file skipped\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(out, "Clean") {
		t.Error("an environment without findings has a section")
	}
}

func TestMarkdownEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a|b", `a\|b`},
		{"<script>&", "&lt;script&gt;&amp;"},
		{"*not bold* _x_ [l](u) `c` ~s~ \\", `\*not bold\* \_x\_ \[l\](u) \` + "`c\\`" + ` \~s\~ \\`},
		{"line\nbreak", "line break"},
	}
	for _, tt := range tests {
		if got := mdText(tt.in); got != tt.want {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := mdCode("a`b|c"); got != "``a`b\\|c``" {
		t.Errorf("mdCode = %q", got)
	}
	if got := mermaidText("a\"b#<c>\nd`"); got != "a#quot;b#35;#lt;c#gt;<br/>d#96;" {
		t.Errorf("mermaidText = %q", got)
	}
}

// TestSecuritySeverityDecided: docs/sarif.md says, for every rule of the
// catalog, why it is or is not a security rule (Rule.SecuritySeverity).
func TestSecuritySeverityDecided(t *testing.T) {
	doc, err := os.ReadFile("../../docs/sarif.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(doc), "| rule | kind |")
	table, _, _ = strings.Cut(table, "\n\n")
	for _, rule := range rules.All() {
		if !regexp.MustCompile(`\n\| [^|]*\b` + rule.ID + `\b[^|]*\|`).MatchString(table) {
			t.Errorf("docs/sarif.md does not decide whether %s is a security rule", rule.ID)
		}
	}
}
