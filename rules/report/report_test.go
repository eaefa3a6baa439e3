package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/shared"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/report/sarifschema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/report")

// goldenDir holds the golden reports, relative to this package.
const goldenDir = "../../testdata/report"

// root is the fixture's repository root; every fixture file is under it.
const root = "/work/repo"

func loc(file string, line, col, endLine, endCol int) parsers.Location {
	return parsers.Span(root+"/"+file, line, col, endLine, endCol)
}

// catalog is a hand-made rule catalog (not rules.All(), which another
// package owns and which changes as rules are added).
func catalog() []*rules.Rule {
	return []*rules.Rule{
		{ID: "EB201", Name: "VPCDNSSupportDisabled", Severity: rules.Error, Title: "VPC DNS support disabled",
			Doc:  "# EB201: VPC DNS support disabled\n\nThe environment's VPC has DNS support turned off,\nso instances cannot resolve endpoint names.\n\n## Fix\n\nSet `EnableDnsSupport: true`.\n",
			Tags: []string{"dns", "private-environment"}},
		{ID: "EB301", Name: "MissingInterfaceEndpoint", Severity: rules.Error, Title: "Required interface endpoint missing",
			Doc:  "# EB301\n\nA required interface endpoint is missing from the VPC of a private environment.\n",
			Tags: []string{"endpoints"}},
		{ID: "EB304", Name: "EndpointMissingAZ", Severity: rules.Warning, Title: "Endpoint not in every instance AZ",
			Doc: "An endpoint has no subnet in an Availability Zone where instances run.\n"},
		{ID: "EB900", Name: "ParseFailure", Severity: rules.Error, Title: "Input could not be parsed"},
		{ID: "EB901", Name: "CannotVerify", Severity: rules.Note, Title: "Value not known from the inputs",
			Doc: "A value a rule needs is not known from the linted inputs.\n"},
	}
}

// fixture is a run with several environments, an EB900 with its tool
// error, suppressed findings (in source and external), related locations,
// a finding with no region, and a skipped input.
func fixture() *Run {
	parseErr := &parsers.ParseError{Loc: loc("templates/broken.yaml", 3, 5, 0, 0), Msg: "mapping values are not allowed in this context"}
	return &Run{
		Version: "1.2.3",
		Root:    root,
		Rules:   catalog(),
		Inputs: []string{
			root + "/templates/app.yaml", root + "/templates/broken.yaml",
			root + "/templates/network.yaml", root + "/templates/staging env.yaml",
		},
		ToolErrors: []*parsers.ParseError{parseErr},
		Notices: []parsers.Notice{{
			Loc: parsers.Location{File: root + "/plans/old.json"},
			Msg: `unsupported Terraform plan format_version "0.1" (want 1.x); file skipped`,
		}},
		Findings: []rules.Finding{
			{
				RuleID: "EB301", Severity: rules.Error, Environment: "ProdEnv", EnvironmentFile: root + "/templates/app.yaml",
				Message:        "Interface endpoint com.amazonaws.<region>.logs is missing from VPC AppVpc: instances cannot ship logs & the deployment times out",
				Fix:            "LogsEndpoint:\n  Type: AWS::EC2::VPCEndpoint\n  Properties:\n    ServiceName: !Sub com.amazonaws.${AWS::Region}.logs\n    VpcEndpointType: Interface\n    PrivateDnsEnabled: true\n",
				Edits:          []edit.Edit{{File: root + "/templates/network.yaml", Op: edit.AddResource, Target: "LogsEndpoint", Type: "AWS::EC2::VPCEndpoint"}},
				FixDescription: "Add an interface endpoint for logs in templates/network.yaml.",
				Changes: []edit.TextEdit{{File: root + "/templates/network.yaml", StartLine: 30, StartCol: 1, EndLine: 30, EndCol: 1,
					Text: "  LogsEndpoint:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      ServiceName: !Sub com.amazonaws.${AWS::Region}.logs\n"}},
				Loc:      loc("templates/app.yaml", 42, 9, 42, 31),
				Resource: "ProdEnv", Property: "OptionSettings aws:ec2:vpc/Subnets", Subject: "com.amazonaws.<region>.logs",
				Related: []rules.Related{
					{Loc: loc("templates/network.yaml", 10, 3, 10, 9), Message: "VPC AppVpc"},
				},
			},
			{
				RuleID: "EB201", Severity: rules.Error, Environment: "ProdEnv", EnvironmentFile: root + "/templates/app.yaml",
				Message:  "VPC AppVpc has DNS support disabled: instances cannot resolve AWS service names",
				Fix:      "AppVpc:\n  Properties:\n    EnableDnsSupport: true",
				Loc:      loc("templates/network.yaml", 12, 7, 12, 29),
				Resource: "AppVpc", Property: "EnableDnsSupport",
			},
			{
				RuleID: "EB304", Severity: rules.Warning, Environment: "ProdEnv", EnvironmentFile: root + "/templates/app.yaml",
				Message:  "Interface endpoint SqsEndpoint has no subnet in the AZ of PrivateSubnetB",
				Loc:      loc("templates/network.yaml", 80, 3, 80, 14),
				Resource: "SqsEndpoint", Property: "SubnetIds", Subject: "PrivateSubnetB",
				Suppressions: []rules.Suppression{{Kind: rules.InSource, Reason: "single-AZ test stack"}},
			},
			{
				RuleID: "EB301", Severity: rules.Warning, Environment: "StagingEnv", EnvironmentFile: root + "/templates/staging env.yaml",
				Message:  "Interface endpoint com.amazonaws.us-east-1.sqs is missing (transit subnets: egress beyond the transit gateway is not visible)",
				Fix:      "SqsEndpoint:\n  Type: AWS::EC2::VPCEndpoint",
				Loc:      loc("templates/staging env.yaml", 30, 9, 31, 4),
				Resource: "StagingEnv", Property: "OptionSettings aws:ec2:vpc/Subnets", Subject: "com.amazonaws.us-east-1.sqs",
				Related: []rules.Related{
					{Loc: loc("templates/network.yaml", 20, 3, 0, 0), Message: "subnet PrivateSubnetA routes 0.0.0.0/0 to a transit gateway"},
					{Loc: loc("templates/network.yaml", 55, 3, 0, 0)},
				},
			},
			{
				RuleID: "EB901", Severity: rules.Note, Environment: "StagingEnv", EnvironmentFile: root + "/templates/staging env.yaml",
				Message:  "Cannot check EB301 for StagingEnv: parameter VpcId has no default and no value was given (pass --parameter VpcId=...)",
				Loc:      parsers.Location{File: root + "/templates/staging env.yaml"},
				Resource: "StagingEnv", Property: "Parameters VpcId",
			},
			{
				RuleID: "EB201", Severity: rules.Error, Environment: "StagingEnv", EnvironmentFile: root + "/templates/staging env.yaml",
				Message:  "VPC StagingVpc has DNS support disabled",
				Loc:      loc("templates/staging env.yaml", 8, 7, 8, 30),
				Resource: "StagingVpc", Property: "EnableDnsSupport",
				Suppressions: []rules.Suppression{{Kind: rules.External}},
			},
			{
				RuleID: "EB900", Severity: rules.Error,
				Message: "templates/broken.yaml could not be parsed: mapping values are not allowed in this context",
				Loc:     parseErr.Loc,
			},
		},
	}
}

// clean is a run that found nothing.
func clean() *Run {
	return &Run{Version: "1.2.3", Root: root, Rules: catalog(), Inputs: []string{root + "/templates/app.yaml"}}
}

func render(t *testing.T, format string, r *Run, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, r, opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	tests := []struct {
		golden string
		format string
		run    func() *Run
		opts   Options
	}{
		{"report.txt", "text", fixture, Options{Width: 80}},
		{"report.color.txt", "text", fixture, Options{Color: true, Width: 80}},
		{"report.json", "json", fixture, Options{}},
		{"report.sarif", "sarif", fixture, Options{}},
		{"clean.txt", "text", clean, Options{}},
		{"clean.json", "json", clean, Options{}},
		{"clean.sarif", "sarif", clean, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			got := render(t, tt.format, tt.run(), tt.opts)
			path := filepath.Join(goldenDir, tt.golden)
			if *update {
				if err := os.MkdirAll(goldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
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

// shuffled returns r with every slice in a random order.
func shuffled(r *Run, rng *rand.Rand) *Run {
	c := *r
	c.Findings = append([]rules.Finding(nil), r.Findings...)
	c.Rules = append([]*rules.Rule(nil), r.Rules...)
	c.Inputs = append([]string(nil), r.Inputs...)
	c.ToolErrors = append([]*parsers.ParseError(nil), r.ToolErrors...)
	c.Notices = append([]parsers.Notice(nil), r.Notices...)
	rng.Shuffle(len(c.Findings), func(i, j int) { c.Findings[i], c.Findings[j] = c.Findings[j], c.Findings[i] })
	rng.Shuffle(len(c.Rules), func(i, j int) { c.Rules[i], c.Rules[j] = c.Rules[j], c.Rules[i] })
	rng.Shuffle(len(c.Inputs), func(i, j int) { c.Inputs[i], c.Inputs[j] = c.Inputs[j], c.Inputs[i] })
	return &c
}

func TestDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			first := render(t, format, fixture(), Options{})
			if again := render(t, format, fixture(), Options{}); !bytes.Equal(first, again) {
				t.Fatal("two renderings of the same run differ")
			}
			for i := range 20 {
				if got := render(t, format, shuffled(fixture(), rng), Options{}); !bytes.Equal(first, got) {
					t.Fatalf("shuffle %d: output depends on input order:\n%s", i, got)
				}
			}
		})
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "xml", fixture(), Options{})
	if err == nil || !strings.Contains(err.Error(), `"xml"`) || !strings.Contains(err.Error(), "sarif") {
		t.Fatalf("Write(xml) error = %v, want one naming the format and the choices", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Write(xml) wrote %q", buf.String())
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	err := Write(failingWriter{}, "json", fixture(), Options{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Write to a failing writer: error = %v, want the writer's error", err)
	}
}

// --- text ---

func TestTextSummaryAndGrouping(t *testing.T) {
	out := string(render(t, "text", fixture(), Options{}))
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if got, want := lines[len(lines)-1], "3 errors, 1 warning, 1 note, 2 suppressed; 4 files linted"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	// The no-environment group (the parse failure) comes first, then
	// environments by name; suppressed findings are listed apart.
	order := []string{noEnvironmentHeading, `templates/app.yaml: environment "ProdEnv"`, `templates/staging env.yaml: environment "StagingEnv"`, "Suppressed (not counted)", "Notices", "By rule"}
	last := -1
	for _, h := range order {
		i := strings.Index(out, "\n"+h+"\n")
		if h == order[0] {
			i = strings.Index(out, h+"\n")
		}
		if i <= last {
			t.Errorf("heading %q at %d, want after %d", h, i, last)
		}
		last = i
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("text without Color contains ANSI escapes")
	}
	for _, want := range []string{
		"  templates/app.yaml:42:9  EB301  error\n      Interface endpoint com.amazonaws.<region>.logs",
		"        LogsEndpoint:\n          Type: AWS::EC2::VPCEndpoint\n",
		"      related: templates/network.yaml:10:3  VPC AppVpc\n",
		"  templates/staging env.yaml  EB901  note\n      Cannot check EB301", // no region: path only
		"      environment ProdEnv; suppressed in source: single-AZ test stack\n",
		"      environment StagingEnv; suppressed by configuration\n",
		"  plans/old.json  unsupported Terraform plan",
		"By rule\n  EB201  1 error  VPC DNS support disabled\n  EB301  1 error, 1 warning  Required interface endpoint missing\n  EB900  1 error  Input could not be parsed\n  EB901  1 note  Value not known from the inputs\n\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q", want)
		}
	}
	// A suppressed finding is shown once, in its own section.
	if n := strings.Count(out, "SqsEndpoint has no subnet"); n != 1 {
		t.Errorf("suppressed finding shown %d times, want 1", n)
	}
}

// TestTextRepeats: environments of one name in two files get a heading
// each; a long quotation (the deployment error) is quoted in full once per
// rule, and a fix once per rule and environment.
func TestTextRepeats(t *testing.T) {
	const quote = `"The EC2 instances failed to communicate with AWS Elastic Beanstalk, either because of configuration problems with the VPC or a failed EC2 instance"`
	var fs []rules.Finding
	for i, svc := range []string{"logs", "sqs", "cloudformation"} {
		for _, file := range []string{"a.yaml", "b.yaml"} {
			fs = append(fs, rules.Finding{
				RuleID: "EB301", Severity: rules.Error, Environment: "Environment", EnvironmentFile: root + "/" + file,
				Loc:     loc(file, 10+i, 3, 0, 0),
				Message: "Environment Environment needs an endpoint for " + svc + ", and without it the deployment fails with " + quote + ".",
				Fix:     "Endpoint:\n  Type: AWS::EC2::VPCEndpoint", Subject: svc,
			})
		}
	}
	out := string(render(t, "text", &Run{Root: root, Findings: fs, Rules: catalog()}, Options{Width: 80}))
	for _, h := range []string{"a.yaml: environment \"Environment\"\n", "b.yaml: environment \"Environment\"\n"} {
		if strings.Count(out, h) != 1 {
			t.Errorf("want one heading %q:\n%s", h, out)
		}
	}
	flat := strings.Join(strings.Fields(out), " ")
	if n := strings.Count(flat, quote); n != 1 {
		t.Errorf("the deployment error is quoted in full %d times, want once:\n%s", n, out)
	}
	if n := strings.Count(flat, `"The EC2 instances failed to communicate…" (quoted above)`); n != 5 {
		t.Errorf("%d shortened quotations, want 5:\n%s", n, out)
	}
	if n := strings.Count(out, "  Type: AWS::EC2::VPCEndpoint"); n != 2 {
		t.Errorf("the fix is shown %d times, want once per environment (2):\n%s", n, out)
	}
	if !strings.Contains(out, "      fix: the one shown at a.yaml:10:3\n") {
		t.Errorf("a repeated fix does not refer to the one shown:\n%s", out)
	}
	if !strings.Contains(out, "By rule\n  EB301  6 errors  Required interface endpoint missing\n") {
		t.Errorf("no summary by rule:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if len([]rune(line)) > 80 && strings.HasPrefix(line, "      ") {
			t.Errorf("line longer than 80 columns: %q", line)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		s     string
		width int
		want  []string
	}{
		{"a b c", 0, []string{"a b c"}},
		{"short", 80, []string{"short"}},
		{"one two three four five six seven eight nine ten", 20, []string{"one two three four", "five six seven eight", "nine ten"}},
		{"see https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc.html now", 20, []string{"see", "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc.html", "now"}},
		{"naïve café résumé über straße", 20, []string{"naïve café résumé", "über straße"}},
		{"narrow terminals still get words", 5, []string{"narrow terminals", "still get words"}},
		{"related: a.yaml:3  the group  of it", 18, []string{"related: a.yaml:3", "the group  of it"}},
	}
	for _, tt := range tests {
		if got := wrap(tt.s, tt.width); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
}

func TestTextColor(t *testing.T) {
	out := string(render(t, "text", fixture(), Options{Color: true}))
	for _, want := range []string{ansiBold + "EB301" + ansiReset, ansiRed + "error" + ansiReset, ansiYellow + "warning" + ansiReset, ansiCyan + "note" + ansiReset} {
		if !strings.Contains(out, want) {
			t.Errorf("colored text lacks %q", want)
		}
	}
	plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out, "")
	if want := string(render(t, "text", fixture(), Options{})); plain != want {
		t.Error("colored text differs from plain text by more than escapes")
	}
}

func TestTextClean(t *testing.T) {
	out := string(render(t, "text", clean(), Options{}))
	if want := "No problems found.\n0 errors, 0 warnings, 0 notes, 0 suppressed; 1 file linted\n"; out != want {
		t.Errorf("clean text = %q, want %q", out, want)
	}
}

// --- json ---

func TestJSONShape(t *testing.T) {
	for _, tt := range []struct {
		name string
		run  *Run
	}{{"fixture", fixture()}, {"clean", clean()}, {"empty", &Run{}}, {"nil", nil}} {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, "json", tt.run, Options{})
			if !bytes.HasSuffix(out, []byte("}\n")) {
				t.Error("JSON report does not end with a newline")
			}
			if bytes.Contains(out, []byte("null")) {
				t.Errorf("JSON report holds null:\n%s", out)
			}
			var doc map[string]any
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			for _, key := range []string{"formatVersion", "version", "inputs", "findings", "errors", "notices", "summary"} {
				if _, ok := doc[key]; !ok {
					t.Errorf("JSON report lacks %q", key)
				}
			}
		})
	}
}

func TestJSONContent(t *testing.T) {
	var doc struct {
		Inputs   []string
		Findings []struct {
			RuleID, Severity, Fingerprint string
			Location                      struct{ File string }
			Related                       []struct{ Location struct{ File string } }
			Suppressions                  []struct{ Kind, Reason string }
		}
		Errors  []struct{ Message string }
		Summary map[string]int
	}
	if err := json.Unmarshal(render(t, "json", fixture(), Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"errors": 3, "warnings": 1, "notes": 1, "suppressed": 2, "baselined": 0, "files": 4}; !equalMaps(doc.Summary, want) {
		t.Errorf("summary = %v, want %v", doc.Summary, want)
	}
	if got := doc.Inputs[len(doc.Inputs)-1]; got != "templates/staging env.yaml" {
		t.Errorf("last input = %q, want root-relative templates/staging env.yaml", got)
	}
	if len(doc.Errors) != 1 || !strings.Contains(doc.Errors[0].Message, "mapping values") {
		t.Errorf("errors = %+v, want the parse error", doc.Errors)
	}
	fp := regexp.MustCompile(`^[0-9a-f]{64}$`)
	suppressed := 0
	for _, f := range doc.Findings {
		if strings.HasPrefix(f.Location.File, "/") || strings.Contains(f.Location.File, `\`) {
			t.Errorf("%s: file %q is not root-relative with forward slashes", f.RuleID, f.Location.File)
		}
		if !fp.MatchString(f.Fingerprint) {
			t.Errorf("%s: fingerprint %q is not a hex SHA-256", f.RuleID, f.Fingerprint)
		}
		if len(f.Suppressions) > 0 {
			suppressed++
		}
	}
	if suppressed != 2 {
		t.Errorf("%d findings carry suppressions, want 2", suppressed)
	}
}

func equalMaps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

// --- sarif ---

// sharedSchema returns the official schema from ../shared, or skips.
func sharedSchema(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(shared.Path(t, "schemas", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	runs := map[string]*Run{"fixture": fixture(), "clean": clean(), "empty": {}}
	for name, r := range runs {
		t.Run(name, func(t *testing.T) {
			out := render(t, "sarif", r, Options{})
			if err := sarifschema.Validate(out); err != nil {
				t.Errorf("embedded schema: %v", err)
			}
			t.Run("shared schema", func(t *testing.T) {
				if err := sarifschema.ValidateAgainst(sharedSchema(t), out); err != nil {
					t.Errorf("../shared schema: %v", err)
				}
			})
		})
	}
}

// TestSchemaRejects shows the validator can fail: each case breaks
// one rule of the schema in an otherwise valid log.
func TestSchemaRejects(t *testing.T) {
	valid := render(t, "sarif", fixture(), Options{})
	type doc = map[string]any
	run := func(d doc) doc { return d["runs"].([]any)[0].(doc) }
	result := func(d doc) doc { return run(d)["results"].([]any)[0].(doc) }
	firstRule := func(d doc) doc { return run(d)["tool"].(doc)["driver"].(doc)["rules"].([]any)[0].(doc) }
	region := func(d doc) doc {
		return result(d)["locations"].([]any)[0].(doc)["physicalLocation"].(doc)["region"].(doc)
	}
	tests := []struct {
		name   string
		mutate func(doc)
	}{
		{"wrong version", func(d doc) { d["version"] = "2.2" }},
		{"empty message", func(d doc) { result(d)["message"] = doc{} }},
		{"level not in enum", func(d doc) { result(d)["level"] = "info" }},
		{"startLine zero", func(d doc) { region(d)["startLine"] = 0 }},
		{"null shortDescription", func(d doc) { firstRule(d)["shortDescription"] = nil }},
		{"null results", func(d doc) { run(d)["results"] = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			if err := json.Unmarshal(valid, &d); err != nil {
				t.Fatal(err)
			}
			tt.mutate(d)
			broken, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if err := sarifschema.Validate(broken); err == nil {
				t.Error("sarifschema.Validate accepted an invalid document")
			}
		})
	}
	if err := sarifschema.Validate([]byte("{")); err == nil {
		t.Error("sarifschema.Validate accepted truncated JSON")
	}
}

// TestEmbeddedSchemaIsOfficial checks the embedded schema against the one
// in ../shared.
func TestEmbeddedSchemaIsOfficial(t *testing.T) {
	if string(sharedSchema(t)) != sarifschema.Schema() {
		t.Error("embedded schema differs from ../shared/schemas/sarif-schema-2.1.0.json")
	}
}

// sarifLog is the part of a SARIF log the tests read.
type sarifLog struct {
	Version string
	Runs    []struct {
		ColumnKind        string
		AutomationDetails *struct{ ID string }
		Tool              struct {
			Driver struct {
				Name, Version, InformationURI, SemanticVersion string
				Rules                                          []struct {
					ID, Name, HelpURI                 string
					ShortDescription, FullDescription struct{ Text string }
					Help                              struct{ Text, Markdown string }
					DefaultConfiguration              struct{ Level string }
					Properties                        map[string]any
				}
			}
		}
		Results     []sarifResultDoc
		Invocations []struct {
			ExecutionSuccessful        *bool
			ToolExecutionNotifications []struct {
				Level          string
				Message        struct{ Text string }
				Locations      []sarifLocationDoc
				AssociatedRule struct {
					ID    string
					Index *int
				}
			}
		}
	}
}

type sarifResultDoc struct {
	RuleID              string
	RuleIndex           *int
	Level               string
	Message             struct{ Text string }
	Locations           []sarifLocationDoc
	RelatedLocations    []sarifLocationDoc
	PartialFingerprints map[string]string
	Suppressions        []struct{ Kind, Justification string }
}

type sarifLocationDoc struct {
	ID               *int
	Message          *struct{ Text string }
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI   string
			Index *int
		}
		Region *struct {
			StartLine, StartColumn, EndLine, EndColumn int
			CharOffset, ByteOffset                     *int
		}
	}
}

func decodeSARIF(t *testing.T, data []byte) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log
}

func TestSARIFContent(t *testing.T) {
	out := render(t, "sarif", fixture(), Options{})
	for _, bad := range []string{"null", `"message": {}`, `"index": -1`, `"charOffset"`, `"byteOffset"`, `\u003c`} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("SARIF holds %s", bad)
		}
	}
	log := decodeSARIF(t, out)
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	d := run.Tool.Driver
	if d.Name != "beanlint" || d.Version != "1.2.3" || d.InformationURI != "https://github.com/beanlint/beanlint" {
		t.Errorf("driver = %q %q %q", d.Name, d.Version, d.InformationURI)
	}
	if len(d.Rules) != len(catalog()) {
		t.Fatalf("%d rules in tool.driver, want every rule of the catalog (%d)", len(d.Rules), len(catalog()))
	}
	wantLevel := map[string]string{"EB201": "error", "EB301": "error", "EB304": "warning", "EB900": "error", "EB901": "note"}
	wantProblem := map[string]string{"error": "error", "warning": "warning", "note": "recommendation"}
	for _, r := range d.Rules {
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" {
			t.Errorf("%s: empty short/full description or help", r.ID)
		}
		if r.HelpURI != "https://github.com/beanlint/beanlint/blob/v1.2.3/docs/rules/"+r.ID+".md" {
			t.Errorf("%s: helpUri = %q", r.ID, r.HelpURI)
		}
		if r.DefaultConfiguration.Level != wantLevel[r.ID] {
			t.Errorf("%s: default level = %q, want %q", r.ID, r.DefaultConfiguration.Level, wantLevel[r.ID])
		}
		// No rule of the fixture is a security rule: code scanning files
		// them by problem.severity, not as security alerts.
		if got, ok := r.Properties["security-severity"]; ok {
			t.Errorf("%s: security-severity = %#v on a rule that is not a security rule", r.ID, got)
		}
		if got := r.Properties["problem.severity"]; got != wantProblem[wantLevel[r.ID]] {
			t.Errorf("%s: problem.severity = %#v, want %q", r.ID, got, wantProblem[wantLevel[r.ID]])
		}
	}
	if got := d.Rules[0].FullDescription.Text; got != "The environment's VPC has DNS support turned off, so instances cannot resolve endpoint names." {
		t.Errorf("EB201 fullDescription = %q, want the doc's first paragraph", got)
	}
	if d.Rules[0].Help.Markdown != catalog()[0].Doc {
		t.Error("EB201 help.markdown is not the rule's Doc")
	}

	if len(run.Results) != len(fixture().Findings) {
		t.Fatalf("%d results, want one per finding (%d)", len(run.Results), len(fixture().Findings))
	}
	suppressed := map[string]string{}
	for _, res := range run.Results {
		if res.RuleIndex == nil || d.Rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("%s: ruleIndex %v does not point at its rule", res.RuleID, res.RuleIndex)
		}
		if len(res.Locations) != 1 {
			t.Errorf("%s: %d locations, want 1", res.RuleID, len(res.Locations))
			continue
		}
		uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if strings.Contains(uri, ":") || strings.HasPrefix(uri, "/") || strings.Contains(uri, `\`) {
			t.Errorf("%s: uri %q is not root-relative", res.RuleID, uri)
		}
		if res.Locations[0].PhysicalLocation.ArtifactLocation.Index != nil {
			t.Errorf("%s: artifactLocation.index set without artifacts", res.RuleID)
		}
		if len(res.PartialFingerprints["beanlint/v1"]) != 64 {
			t.Errorf("%s: partialFingerprints = %v", res.RuleID, res.PartialFingerprints)
		}
		for _, s := range res.Suppressions {
			suppressed[res.RuleID+" "+res.Level] = s.Kind + ":" + s.Justification
		}
		if res.RuleID == "EB901" && res.Locations[0].PhysicalLocation.Region != nil {
			t.Error("EB901 without a line has a region")
		}
		if res.RuleID == "EB301" && res.Level == "error" {
			if !strings.Contains(res.Message.Text, "\n\nFix:\nLogsEndpoint:\n  Type: AWS::EC2::VPCEndpoint") {
				t.Errorf("EB301 message lacks the fix: %q", res.Message.Text)
			}
			reg := res.Locations[0].PhysicalLocation.Region
			if reg == nil || reg.StartLine != 42 || reg.StartColumn != 9 || reg.EndLine != 42 || reg.EndColumn != 31 {
				t.Errorf("EB301 region = %+v, want 42:9-42:31", reg)
			}
		}
		if strings.Contains(res.Message.Text, "transit") {
			if res.Locations[0].PhysicalLocation.ArtifactLocation.URI != "templates/staging%20env.yaml" {
				t.Errorf("uri = %q, want the space percent-encoded", res.Locations[0].PhysicalLocation.ArtifactLocation.URI)
			}
			rel := res.RelatedLocations
			if len(rel) != 2 || *rel[0].ID != 1 || *rel[1].ID != 2 || rel[0].Message == nil || rel[1].Message != nil {
				t.Errorf("related locations = %+v, want ids 1 and 2, the first with its message", rel)
			}
			// Code scanning shows a related location only when the message
			// links it by id.
			if want := "\n\nRelated: [subnet PrivateSubnetA routes 0.0.0.0/0 to a transit gateway](1), [templates/network.yaml:55](2)"; !strings.Contains(res.Message.Text, want) {
				t.Errorf("message %q does not link the related locations (want %q)", res.Message.Text, want)
			}
		}
	}
	if want := map[string]string{"EB304 warning": "inSource:single-AZ test stack", "EB201 error": "external:"}; len(suppressed) != 2 ||
		suppressed["EB304 warning"] != want["EB304 warning"] || suppressed["EB201 error"] != want["EB201 error"] {
		t.Errorf("suppressions = %v, want %v", suppressed, want)
	}

	inv := run.Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful == nil || *inv[0].ExecutionSuccessful {
		t.Fatalf("invocations = %+v, want one, unsuccessful (a file failed to parse)", inv)
	}
	notes := inv[0].ToolExecutionNotifications
	if len(notes) != 2 {
		t.Fatalf("%d tool execution notifications, want the parse error and the notice", len(notes))
	}
	pe := notes[0]
	if pe.Level != "error" || pe.AssociatedRule.ID != "EB900" || pe.AssociatedRule.Index == nil ||
		len(pe.Locations) != 1 || pe.Locations[0].PhysicalLocation.ArtifactLocation.URI != "templates/broken.yaml" ||
		pe.Locations[0].PhysicalLocation.Region.StartLine != 3 {
		t.Errorf("parse error notification = %+v", pe)
	}
	if notes[1].Level != "warning" || !strings.Contains(notes[1].Message.Text, "format_version") {
		t.Errorf("notice notification = %+v", notes[1])
	}
}

func TestSARIFClean(t *testing.T) {
	out := render(t, "sarif", clean(), Options{})
	if !bytes.Contains(out, []byte(`"results": []`)) {
		t.Errorf("clean SARIF lacks \"results\": []:\n%s", out)
	}
	log := decodeSARIF(t, out)
	inv := log.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful == nil || !*inv[0].ExecutionSuccessful {
		t.Errorf("invocations = %+v, want one, successful", inv)
	}
	if len(log.Runs[0].Tool.Driver.Rules) != len(catalog()) {
		t.Error("clean SARIF does not list every rule")
	}
}

func sarifFingerprints(t *testing.T, r *Run) []string {
	t.Helper()
	var fps []string
	for _, res := range decodeSARIF(t, render(t, "sarif", r, Options{})).Runs[0].Results {
		fps = append(fps, res.PartialFingerprints["beanlint/v1"])
	}
	return fps
}

func TestFingerprintLineIndependent(t *testing.T) {
	f := fixture().Findings[0]
	moved := f
	moved.Loc.StartLine += 17
	moved.Loc.EndLine += 17
	moved.Loc.StartCol = 3
	moved.Message = "reworded message"
	other := f
	other.Subject = "com.amazonaws.<region>.sqs"

	base := sarifFingerprints(t, &Run{Root: root, Findings: []rules.Finding{f}})[0]
	if got := sarifFingerprints(t, &Run{Root: root, Findings: []rules.Finding{moved}})[0]; got != base {
		t.Error("moving a finding to another line changed its fingerprint")
	}
	if got := sarifFingerprints(t, &Run{Root: root, Findings: []rules.Finding{other}})[0]; got == base {
		t.Error("a finding about another subject has the same fingerprint")
	}
	// The fingerprint uses the root-relative path, so it does not change
	// with the checkout directory.
	elsewhere := f
	elsewhere.Loc.File = "/tmp/checkout/templates/app.yaml"
	if got := sarifFingerprints(t, &Run{Root: "/tmp/checkout", Findings: []rules.Finding{elsewhere}})[0]; got != base {
		t.Error("the same finding in another checkout directory has another fingerprint")
	}
	// JSON and SARIF agree.
	var doc struct {
		Findings []struct{ Fingerprint string }
	}
	if err := json.Unmarshal(render(t, "json", &Run{Root: root, Findings: []rules.Finding{f}}, Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Findings[0].Fingerprint != base {
		t.Error("JSON and SARIF fingerprints differ")
	}
}

func TestArtifactURI(t *testing.T) {
	abs, err := filepath.Abs(filepath.Join("..", "outside.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, root, file, want string
	}{
		{"under root", "/repo", "/repo/cfn/app.yaml", "cfn/app.yaml"},
		{"root with trailing slash", "/repo/", "/repo/app.yaml", "app.yaml"},
		{"relative file, relative root", ".", "cfn/./app.yaml", "cfn/app.yaml"},
		{"relative file, absolute root", cwd, "cfn/app.yaml", "cfn/app.yaml"},
		{"space and percent", "/repo", "/repo/my dir/100%.yaml", "my%20dir/100%25.yaml"},
		{"colon in first segment", "/repo", "/repo/a:b.yaml", "./a:b.yaml"},
		{"no root", "", "cfn/app.yaml", "cfn/app.yaml"},
		{"outside root", cwd, "../outside.yaml", "file://" + filepath.ToSlash(abs)},
		{"outside absolute root", "/repo", "/elsewhere/x.yaml", "file:///elsewhere/x.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := artifactURI(tt.root, tt.file); got != tt.want {
				t.Errorf("artifactURI(%q, %q) = %q, want %q", tt.root, tt.file, got, tt.want)
			}
		})
	}
}

// TestSARIFOutsideRoot checks a file outside the root gives a valid
// absolute file:// URI, and text/JSON keep a ../ path.
func TestSARIFOutsideRoot(t *testing.T) {
	dir := t.TempDir()
	r := &Run{
		Root:  filepath.Join(dir, "repo"),
		Rules: catalog(),
		Findings: []rules.Finding{{
			RuleID: "EB201", Severity: rules.Error, Message: "m",
			Loc: parsers.Location{File: filepath.Join(dir, "network", "vpc.yaml"), StartLine: 1, StartCol: 1},
		}},
	}
	out := render(t, "sarif", r, Options{})
	if err := sarifschema.Validate(out); err != nil {
		t.Fatal(err)
	}
	uri := decodeSARIF(t, out).Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI
	if !strings.HasPrefix(uri, "file:///") || !strings.HasSuffix(uri, "/network/vpc.yaml") {
		t.Errorf("uri = %q, want an absolute file:// URI", uri)
	}
	if text := string(render(t, "text", r, Options{})); !strings.Contains(text, "  ../network/vpc.yaml:1:1  EB201") {
		t.Errorf("text does not show the ../ path:\n%s", text)
	}
}

func TestSARIFRegions(t *testing.T) {
	tests := []struct {
		name string
		loc  parsers.Location
		want string // the region JSON, "" for none
	}{
		{"full", loc("a.yaml", 3, 5, 4, 2), `{"endColumn":2,"endLine":4,"startColumn":5,"startLine":3}`},
		{"line only", loc("a.yaml", 3, 0, 0, 0), `{"startLine":3}`},
		{"no line", loc("a.yaml", 0, 0, 0, 0), ""},
		{"end before start dropped", loc("a.yaml", 5, 9, 5, 2), `{"endLine":5,"startColumn":9,"startLine":5}`},
		{"end line before start dropped", loc("a.yaml", 5, 9, 4, 2), `{"startColumn":9,"startLine":5}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Run{Root: root, Findings: []rules.Finding{{RuleID: "EB201", Severity: rules.Error, Message: "m", Loc: tt.loc}}}
			out := render(t, "sarif", r, Options{})
			if err := sarifschema.Validate(out); err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Runs []struct {
					Results []struct {
						Locations []struct {
							PhysicalLocation struct{ Region json.RawMessage }
						}
					}
				}
			}
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			raw := doc.Runs[0].Results[0].Locations[0].PhysicalLocation.Region
			var got string
			if raw != nil {
				var b bytes.Buffer
				if err := json.Compact(&b, raw); err != nil {
					t.Fatal(err)
				}
				got = b.String()
			}
			if got != tt.want {
				t.Errorf("region = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestCatalogSARIF renders the real rule catalog and a real EB900 finding:
// the SARIF must be valid and describe every rule.
func TestCatalogSARIF(t *testing.T) {
	pe := &parsers.ParseError{Loc: loc("bad.yaml", 2, 1, 0, 0), Msg: "did not find expected key", Err: errors.New("yaml: line 2")}
	r := &Run{
		Version: "dev", Root: root, Rules: rules.All(),
		Inputs:     []string{root + "/bad.yaml"},
		Findings:   []rules.Finding{rules.ParseFailure(pe)},
		ToolErrors: []*parsers.ParseError{pe},
	}
	out := render(t, "sarif", r, Options{})
	if err := sarifschema.Validate(out); err != nil {
		t.Fatal(err)
	}
	log := decodeSARIF(t, out)
	if got, want := len(log.Runs[0].Tool.Driver.Rules), len(rules.All()); got != want {
		t.Errorf("%d rules in SARIF, want %d", got, want)
	}
	res := log.Runs[0].Results
	if len(res) != 1 || res[0].RuleID != "EB900" || res[0].RuleIndex == nil {
		t.Fatalf("results = %+v, want the EB900 finding with its rule index", res)
	}
	if n := log.Runs[0].Invocations[0].ToolExecutionNotifications; len(n) != 1 || n[0].Message.Text != "did not find expected key: yaml: line 2" {
		t.Errorf("notifications = %+v", n)
	}
}

// TestJSONFormatDocumented checks docs/json-format.md names every field of
// the JSON report.
func TestJSONFormatDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "json-format.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{jsonReport{}, jsonFinding{}, jsonLocation{}, jsonMessage{}, jsonSuppression{}, jsonSummary{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			name := strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]
			if !bytes.Contains(doc, []byte("| `"+name+"` |")) {
				t.Errorf("docs/json-format.md does not document %s.%s (`%s`)", typ.Name(), typ.Field(i).Name, name)
			}
		}
	}
}

// TestAppendJSON checks the SARIF writer against encoding/json on a tree
// holding every kind of value and every character encoding/json escapes;
// a byte that is not UTF-8 must come out as a JSON round trip leaves it.
func TestAppendJSON(t *testing.T) {
	tricky := "quote \" backslash \\ controls \b\f\n\r\t\x00\x1f\x7f html <a>&amp; separators \u2028\u2029 replacement \ufffd é 世界"
	tree := object{
		"results": []any{},
		"empty":   object{},
		"nested":  []any{object{"b": 1, "a": true, "c": []any{"x", -2, false}}, tricky},
		tricky:    tricky,
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tree); err != nil {
		t.Fatal(err)
	}
	if got := string(appendJSON(nil, tree, "\n")) + "\n"; got != want.String() {
		t.Errorf("appendJSON wrote\n%s\nencoding/json writes\n%s", got, want.String())
	}

	invalid := "bad \xff\xfe bytes \xe2\x82 cut"
	raw, err := json.Marshal(invalid)
	if err != nil {
		t.Fatal(err)
	}
	var roundTrip string
	if err := json.Unmarshal(raw, &roundTrip); err != nil {
		t.Fatal(err)
	}
	if got, want := string(appendJSON(nil, invalid, "\n")), `"`+roundTrip+`"`; got != want {
		t.Errorf("appendJSON(%q) = %q, want %q", invalid, got, want)
	}
}

func TestSARIFVersionAndCategory(t *testing.T) {
	tests := []struct {
		version, category     string
		wantSemver, wantRef   string
		wantAutomationDetails string
	}{
		{"1.2.3", "", "1.2.3", "v1.2.3", ""},
		{"v1.2.3", "infra", "1.2.3", "v1.2.3", "infra/"},
		{"v1.2.3+dirty", "infra/prod/", "1.2.3+dirty", "v1.2.3", "infra/prod/"},
		{"v0.0.0-20261207061500-0123456789ab", "", "0.0.0-20261207061500-0123456789ab", "0123456789ab", ""},
		{"v1.3.0-rc.1", "", "1.3.0-rc.1", "v1.3.0-rc.1", ""},
		{"8aad20d150bbac5944a9f9d289da16a4b0d87c1e", "", "", "8aad20d150bbac5944a9f9d289da16a4b0d87c1e", ""},
		{"main", "", "", "main", ""},
		{"(devel)", "", "", "main", ""},
		{"dev", "", "", "main", ""},
		{"v1.2", "", "", "main", ""},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			r := clean()
			r.Version, r.Category = tt.version, tt.category
			out := render(t, "sarif", r, Options{})
			if err := sarifschema.Validate(out); err != nil {
				t.Fatal(err)
			}
			run := decodeSARIF(t, out).Runs[0]
			if got := run.Tool.Driver.SemanticVersion; got != tt.wantSemver {
				t.Errorf("semanticVersion = %q, want %q", got, tt.wantSemver)
			}
			if got, want := run.Tool.Driver.Rules[0].HelpURI, "https://github.com/beanlint/beanlint/blob/"+tt.wantRef+"/docs/rules/EB201.md"; got != want {
				t.Errorf("helpUri = %q, want %q", got, want)
			}
			switch {
			case tt.wantAutomationDetails == "" && run.AutomationDetails != nil:
				t.Errorf("automationDetails = %+v without --category", run.AutomationDetails)
			case tt.wantAutomationDetails != "" && (run.AutomationDetails == nil || run.AutomationDetails.ID != tt.wantAutomationDetails):
				t.Errorf("automationDetails = %+v, want id %q", run.AutomationDetails, tt.wantAutomationDetails)
			}
		})
	}
}

// TestSARIFSecuritySeverity: security-severity only on a rule that sets
// it; the catalog's rules are deployment checks and set none.
func TestSARIFSecuritySeverity(t *testing.T) {
	r := clean()
	r.Rules = append(r.Rules, &rules.Rule{ID: "EB999", Name: "Exposed", Severity: rules.Error, Title: "t", SecuritySeverity: "8.1", Tags: []string{"security"}})
	for _, rule := range decodeSARIF(t, render(t, "sarif", r, Options{})).Runs[0].Tool.Driver.Rules {
		got, ok := rule.Properties["security-severity"]
		if rule.ID == "EB999" && got != "8.1" {
			t.Errorf("EB999 security-severity = %#v, want \"8.1\"", got)
		}
		if rule.ID != "EB999" && ok {
			t.Errorf("%s has security-severity %#v", rule.ID, got)
		}
	}
	for _, rule := range rules.All() {
		if rule.SecuritySeverity != "" {
			t.Errorf("%s has SecuritySeverity %q: no rule of the catalog is a security rule (docs/sarif.md); update the reasoning there first", rule.ID, rule.SecuritySeverity)
		}
	}
}

// TestSARIFMessageLinks: brackets of the plain text never read as a link,
// and a related location's text is escaped inside its link.
func TestSARIFMessageLinks(t *testing.T) {
	f := rules.Finding{
		RuleID: "EB301", Severity: rules.Error, Loc: loc("a.yaml", 1, 1, 0, 0),
		Message: `failed to create: [AWSEBInstanceLaunchWaitCondition](x) and [a]`,
		Related: []rules.Related{{Loc: loc("b.yaml", 3, 1, 0, 0), Message: `group [sg] \ x`}},
	}
	res := decodeSARIF(t, render(t, "sarif", &Run{Root: root, Findings: []rules.Finding{f}}, Options{})).Runs[0].Results[0]
	want := `failed to create: [AWSEBInstanceLaunchWaitCondition\](x) and [a]` + "\n\nRelated: [group \\[sg\\] \\\\ x](1)"
	if res.Message.Text != want {
		t.Errorf("message = %q, want %q", res.Message.Text, want)
	}
}
