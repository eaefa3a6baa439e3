// Package rules holds beanlint's rule catalog (RULES.md) and the framework
// that runs rules over a parsers.Graph.
//
// A rule is a documented value (see Rule) that declares the facts it needs
// (Rule.Needs, see Fact); the framework, not each rule, handles
// registration, disabling, suppression, ordering and the EB901 notes about
// facts that could not be decided. A rule's Check asks its questions
// through the Pass: the environments in scope with their effective
// settings, instance subnets, postures and required services
// (Pass.Environments, Pass.PrivateEnvironments), the endpoints of a service
// (Pass.Endpoints), and everything else of the query layer (Pass.Query,
// package rules/query: routing, network ACLs, zones, security-group flows,
// Elastic Beanstalk's own groups). Package rules/lint runs the whole
// pipeline.
package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
)

// Severity is a finding's level. It maps to SARIF error/warning/note.
type Severity int

// Severities, lowest first.
const (
	Note Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "note".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "note":
		return Note, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or note)", s)
}

// Rule is one check of the catalog. Everything users see about a rule (the
// rules and explain commands, SARIF rule metadata, docs/rules/EBnnn.md) is
// derived from this value: SARIF's metadata of the built-in rules through
// rules/report/sarifcatalog.json, which make docs rewrites with the rule
// pages and TestCatalogFile checks.
type Rule struct {
	ID       string   // "EB301": stable, public
	Name     string   // "MissingInterfaceEndpoint": SARIF reportingDescriptor.name
	Severity Severity // default level; a rule may report lower (transit posture)
	Title    string   // one line
	// Doc is the rule's full help in Markdown: what fires it, why it breaks
	// a private environment, a failing example, the fix, and DOMAIN.md
	// sources; ´ stands for a backquote, which a Go raw string cannot
	// hold. Markdown(Doc) is the text, LinkSources(Doc) the text with
	// its sources linked; they are made where a report prints them, not
	// at start-up.
	Doc  string
	Tags []string
	// SecuritySeverity is the score (0.1-10.0, as a decimal string) code
	// scanning files the rule's alerts under as a security alert. Empty for
	// rules that are not security rules: every rule of the catalog, whose
	// findings are deployment failures (docs/sarif.md).
	SecuritySeverity string
	// Needs lists the facts Check depends on (see Fact): EB901 notes
	// about an unknown fact name the rules that need it.
	Needs []Fact
	// Check inspects the graph through the Pass and reports findings.
	// Nil for rules the framework reports itself (EB900).
	Check func(*Pass)
}

// Fix is a remedy in each input language; the framework keeps the one that
// matches the file the finding points at.
type Fix struct {
	// CloudFormation is the fix as edits of the templates (rules/edit),
	// rendered in YAML or JSON as the file each edit goes in is written.
	CloudFormation edit.Fix
	// Terraform is the fix as edits of the repository's own .tf files
	// (rules/edit), rendered by rules/edit/hcl; advice (no edits) where
	// what to change is in a module's installed code or cannot be decided.
	Terraform edit.Fix
}

// Related is another location involved in a finding (the endpoint, the
// security group, a Terraform module call).
type Related struct {
	Loc     parsers.Location
	Message string
}

// SuppressionKind says where a suppression came from.
type SuppressionKind string

// Suppression kinds: InSource and External as SARIF names them, and
// Baselined for a finding accepted by a baseline file (SARIF kind
// external).
const (
	InSource  SuppressionKind = "inSource"
	External  SuppressionKind = "external"
	Baselined SuppressionKind = "baseline"
)

// Suppression records why a finding is not counted.
type Suppression struct {
	Kind   SuppressionKind
	Reason string
}

// Finding is one result.
type Finding struct {
	RuleID   string
	Severity Severity
	Message  string
	// Fix is the remedy in the language of the file at Loc, rendered.
	Fix string
	// Edits are the edits that make Fix on CloudFormation templates or
	// the repository's own Terraform .tf files, in the files they change
	// (nil for advice); beanlint fix applies them.
	Edits []edit.Edit
	// FixDescription says in one line what the fix does ("" when it is
	// advice only).
	FixDescription string
	// Changes are Edits made text on the files as linted (set by
	// rules/lint when lint.Options.TextEdits asks): SARIF and JSON
	// reports show them as replacements.
	Changes []edit.TextEdit
	Loc     parsers.Location
	// Environment names the Elastic Beanstalk environment concerned ("" for
	// findings about a file, such as EB900).
	Environment string
	// EnvironmentFile is the file declaring the environment: with
	// Environment it tells apart environments of one name in two files.
	EnvironmentFile string
	// Resource and Property name what is at fault ("Environment",
	// "OptionSettings aws:ec2:vpc/Subnets"); Subject is the missing or
	// offending item ("com.amazonaws.<region>.logs"). With RuleID and the
	// file they make the line-independent fingerprint.
	Resource string
	Property string
	Subject  string
	Related  []Related
	// Suppressions is non-empty when the finding is suppressed; suppressed
	// findings stay in reports but do not count for the exit code.
	Suppressions []Suppression
}

// Suppressed reports whether f is suppressed.
func (f Finding) Suppressed() bool { return len(f.Suppressions) > 0 }
