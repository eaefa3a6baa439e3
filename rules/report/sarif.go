package report

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
)

const (
	// sarifSchemaURI is the official SARIF 2.1.0 schema (errata 01), the
	// one the tests validate against (package sarifschema).
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	informationURI = "https://github.com/beanlint/beanlint"
	helpURIPrefix  = "https://github.com/beanlint/beanlint/blob/main/docs/rules/"
	// fingerprintKey names beanlint's partialFingerprints entry; bump the
	// version if the fingerprint's inputs ever change.
	fingerprintKey = "beanlint/v1"
	parseRuleID    = "EB900"
)

// writeSARIF renders one SARIF 2.1.0 run: every rule of the catalog in
// tool.driver, one result per finding (suppressed ones carry
// suppressions), parse failures also as tool execution notifications.
//
// The log is built with go-sarif's types, then tidied: go-sarif writes
// empty arrays and -1 "unset" sentinels (index, byteOffset, charOffset,
// rank, id) for every field it does not omit, which is noise at best and,
// for artifact indexes, a reference to an artifact that does not exist.
func writeSARIF(buf *bytes.Buffer, r *Run) error {
	catalog := sortedRules(r.Rules)
	ruleIndex := make(map[string]int, len(catalog))
	run := sarif.NewRunWithInformationURI("beanlint", informationURI)
	run.WithColumnKind("unicodeCodePoints")
	if r.Version != "" {
		run.Tool.Driver.WithVersion(r.Version)
	}
	for i, rule := range catalog {
		ruleIndex[rule.ID] = i
		run.Tool.Driver.AddRule(sarifRule(rule))
	}

	for _, f := range sortedFindings(r.Findings) {
		run.AddResult(sarifResult(r.Root, f, ruleIndex))
	}

	toolErrors := sortedNotices(errorNotices(r.ToolErrors))
	inv := sarif.NewInvocation().WithExecutionSuccessful(len(toolErrors) == 0)
	for _, e := range toolErrors {
		n := sarifNotification(r.Root, e, sarif.LevelError)
		ref := sarif.NewReportingDescriptorReference().WithID(parseRuleID)
		if i, ok := ruleIndex[parseRuleID]; ok {
			ref.WithIndex(i)
		}
		n.WithAssociatedRule(ref)
		inv.AddToolExecutionNotification(n)
	}
	for _, n := range sortedNotices(r.Notices) {
		inv.AddToolExecutionNotification(sarifNotification(r.Root, n, sarif.LevelWarning))
	}
	run.AddInvocation(inv)

	log := sarif.NewReport()
	log.Schema = sarifSchemaURI
	log.AddRun(run)

	raw, err := json.Marshal(log)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return err
	}
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(tidySARIF(doc))
}

func sarifRule(rule *rules.Rule) *sarif.ReportingDescriptor {
	title := rule.Title
	if title == "" {
		title = rule.ID
	}
	helpURI := helpURIPrefix + rule.ID + ".md"
	d := sarif.NewRule(rule.ID).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(title)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(firstParagraph(rule.Doc, title))).
		WithHelpURI(helpURI).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(rule.Severity)))
	if rule.Name != "" {
		d.WithName(rule.Name)
	}
	if strings.TrimSpace(rule.Doc) != "" {
		d.WithHelp(sarif.NewMultiformatMessageString().WithText(rule.Doc).WithMarkdown(rule.Doc))
	} else {
		d.WithHelp(sarif.NewMultiformatMessageString().WithText(title + ". See " + helpURI))
	}
	props := sarif.NewPropertyBag().
		Add("precision", precision(rule.Severity)).
		Add("security-severity", securitySeverity(rule.Severity))
	if len(rule.Tags) > 0 {
		props.WithTags(append([]string(nil), rule.Tags...))
	}
	return d.WithProperties(props)
}

func sarifResult(root string, f rules.Finding, ruleIndex map[string]int) *sarif.Result {
	res := sarif.NewRuleResult(f.RuleID).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(resultText(f))).
		WithPartialFingerprints(map[string]string{fingerprintKey: fingerprint(root, f)})
	if i, ok := ruleIndex[f.RuleID]; ok {
		res.WithRuleIndex(i)
	}
	if pl := sarifPhysicalLocation(root, f.Loc); pl != nil {
		res.AddLocation(sarif.NewLocationWithPhysicalLocation(pl))
	}
	for i, rel := range f.Related {
		loc := sarif.NewLocation().WithID(i + 1)
		if pl := sarifPhysicalLocation(root, rel.Loc); pl != nil {
			loc.WithPhysicalLocation(pl)
		}
		if rel.Message != "" {
			loc.WithMessage(sarif.NewTextMessage(rel.Message))
		}
		if loc.PhysicalLocation == nil && loc.Message == nil {
			continue // nothing to show
		}
		res.AddRelatedLocation(loc)
	}
	for _, s := range f.Suppressions {
		kind := string(rules.External)
		if s.Kind == rules.InSource {
			kind = string(rules.InSource)
		}
		sup := sarif.NewSuppression().WithKind(kind)
		if s.Reason != "" {
			sup.WithJustification(s.Reason)
		}
		res.AddSuppression(sup)
	}
	return res
}

// resultText is message.text: the message, then the fix (code scanning
// shows only the message, so the remedy has to be in it).
func resultText(f rules.Finding) string {
	msg := strings.TrimSpace(f.Message)
	if msg == "" {
		msg = f.RuleID
	}
	if fix := strings.TrimRight(f.Fix, "\n"); strings.TrimSpace(fix) != "" {
		msg += "\n\nFix:\n" + fix
	}
	return msg
}

// sarifNotification is a tool execution notification of level for a parse
// error or a notice.
func sarifNotification(root string, m parsers.Notice, level string) *sarif.Notification {
	n := sarif.NewNotification().
		WithLevel(level).
		WithMessage(sarif.NewTextMessage(m.Msg))
	if pl := sarifPhysicalLocation(root, m.Loc); pl != nil {
		n.AddLocation(sarif.NewLocationWithPhysicalLocation(pl))
	}
	return n
}

// sarifPhysicalLocation is l's file and region; nil without a file. The
// region is left out when the line is unknown, and end positions that do
// not follow the start are dropped rather than written inverted.
func sarifPhysicalLocation(root string, l parsers.Location) *sarif.PhysicalLocation {
	if l.File == "" {
		return nil
	}
	pl := sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(artifactURI(root, l.File)))
	if l.StartLine <= 0 {
		return pl
	}
	reg := sarif.NewRegion().WithStartLine(l.StartLine)
	if l.StartCol > 0 {
		reg.WithStartColumn(l.StartCol)
	}
	if l.EndLine >= l.StartLine {
		reg.WithEndLine(l.EndLine)
		if l.EndCol > 0 && (l.EndLine > l.StartLine || l.EndCol >= l.StartCol) {
			reg.WithEndColumn(l.EndCol)
		}
	}
	return pl.WithRegion(reg)
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return sarif.LevelWarning
	case rules.Note:
		return sarif.LevelNote
	}
	return sarif.LevelError
}

// precision is how often a rule's findings are true problems, as code
// scanning ranks it: errors are decided by the inputs; warnings and notes
// depend on what lies beyond them (transit egress, values the inputs do
// not decide).
func precision(s rules.Severity) string {
	if s == rules.Error {
		return "very-high"
	}
	return "high"
}

// securitySeverity is the CVSS-like score code scanning buckets alerts by
// (7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low).
func securitySeverity(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return "4.0"
	case rules.Note:
		return "1.0"
	}
	return "7.5"
}

// firstParagraph is the first prose paragraph of a Markdown doc (headings
// skipped, lines joined), or fallback when there is none.
func firstParagraph(doc, fallback string) string {
	var para []string
	for _, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#") && len(para) == 0:
			continue
		case line == "":
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
			continue
		}
		para = append(para, line)
	}
	if len(para) > 0 {
		return strings.Join(para, " ")
	}
	return fallback
}

// isSentinelKey reports whether key is a SARIF property whose default, -1,
// means "not set".
func isSentinelKey(key string) bool {
	switch key {
	case "index", "byteOffset", "charOffset", "rank", "id", "ruleIndex":
		return true
	}
	return false
}

// tidySARIF drops what go-sarif writes for unset fields: empty arrays
// (except run.results, which code scanning requires even when empty), empty
// objects, and -1 sentinels. It returns the cleaned value.
func tidySARIF(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			child = tidySARIF(child)
			v[k] = child
			switch c := child.(type) {
			case []any:
				if len(c) == 0 && k != "results" {
					delete(v, k)
				}
			case map[string]any:
				if len(c) == 0 {
					delete(v, k)
				}
			case json.Number:
				if isSentinelKey(k) && c.String() == "-1" {
					delete(v, k)
				}
			}
		}
		return v
	case []any:
		for i, child := range v {
			v[i] = tidySARIF(child)
		}
		return v
	}
	return v
}
