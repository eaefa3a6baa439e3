package report

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
)

// jsonFormatVersion is the version of the JSON shape documented in
// docs/json-format.md. It changes only when a field changes meaning or
// disappears; adding a field keeps it.
const jsonFormatVersion = 1

// The JSON report's shape. Every field is always present: strings may be
// empty, numbers 0 (unknown line or column), slices [] (never null).
type (
	jsonReport struct {
		FormatVersion int           `json:"formatVersion"`
		Version       string        `json:"version"`
		Inputs        []string      `json:"inputs"`
		Findings      []jsonFinding `json:"findings"`
		Errors        []jsonMessage `json:"errors"`
		Notices       []jsonMessage `json:"notices"`
		Summary       jsonSummary   `json:"summary"`
	}
	jsonFinding struct {
		RuleID       string            `json:"ruleId"`
		Severity     string            `json:"severity"`
		Message      string            `json:"message"`
		Fix          string            `json:"fix"`
		FixEdits     []jsonEdit        `json:"fixEdits"`
		FixChanges   []jsonChange      `json:"fixChanges"`
		Location     jsonLocation      `json:"location"`
		Environment  string            `json:"environment"`
		Resource     string            `json:"resource"`
		Property     string            `json:"property"`
		Subject      string            `json:"subject"`
		Related      []jsonMessage     `json:"related"`
		Suppressions []jsonSuppression `json:"suppressions"`
		Fingerprint  string            `json:"fingerprint"`
	}
	// jsonEdit is one edit of a fix (package rules/edit), without its
	// value (the fix text shows it).
	jsonEdit struct {
		File   string   `json:"file"`
		Op     string   `json:"op"`
		Target string   `json:"target"`
		Type   string   `json:"type"`
		Path   []string `json:"path"`
		Export string   `json:"export"`
	}
	// jsonChange is an edit made text: the region replaced and the text.
	jsonChange struct {
		Location jsonLocation `json:"location"`
		Text     string       `json:"text"`
	}
	jsonLocation struct {
		File        string `json:"file"`
		StartLine   int    `json:"startLine"`
		StartColumn int    `json:"startColumn"`
		EndLine     int    `json:"endLine"`
		EndColumn   int    `json:"endColumn"`
	}
	// jsonMessage is a located message: a related location, a parse error
	// or a notice.
	jsonMessage struct {
		Location jsonLocation `json:"location"`
		Message  string       `json:"message"`
	}
	jsonSuppression struct {
		Kind   string `json:"kind"`
		Reason string `json:"reason"`
	}
	jsonSummary struct {
		Errors     int `json:"errors"`
		Warnings   int `json:"warnings"`
		Notes      int `json:"notes"`
		Suppressed int `json:"suppressed"`
		Baselined  int `json:"baselined"`
		Files      int `json:"files"`
	}
)

// writeJSON renders the report documented in docs/json-format.md,
// indented, with a trailing newline.
func writeJSON(buf *bytes.Buffer, r *Run) error {
	findings := sortedFindings(r.Findings)
	out := jsonReport{
		FormatVersion: jsonFormatVersion,
		Version:       r.Version,
		Inputs:        make([]string, 0, len(r.Inputs)),
		Findings:      make([]jsonFinding, 0, len(findings)),
		Errors:        jsonMessages(r.Root, errorNotices(r.ToolErrors)),
		Notices:       jsonMessages(r.Root, r.Notices),
	}
	for _, in := range r.Inputs {
		out.Inputs = append(out.Inputs, RelPath(r.Root, in))
	}
	slices.Sort(out.Inputs)
	for _, f := range findings {
		out.Findings = append(out.Findings, jsonFindingOf(r.Root, f))
	}
	c := countFindings(findings)
	out.Summary = jsonSummary{
		Errors: c.Errors, Warnings: c.Warnings, Notes: c.Notes, Suppressed: c.Suppressed, Baselined: c.Baselined,
		Files: len(r.Inputs),
	}

	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false) // messages and fixes hold <region>, ->, &
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func jsonFindingOf(root string, f rules.Finding) jsonFinding {
	jf := jsonFinding{
		RuleID:       f.RuleID,
		Severity:     f.Severity.String(),
		Message:      f.Message,
		Fix:          f.Fix,
		FixEdits:     make([]jsonEdit, 0, len(f.Edits)),
		FixChanges:   make([]jsonChange, 0, len(f.Changes)),
		Location:     jsonLocationOf(root, f.Loc),
		Environment:  f.Environment,
		Resource:     f.Resource,
		Property:     f.Property,
		Subject:      f.Subject,
		Related:      make([]jsonMessage, 0, len(f.Related)),
		Suppressions: make([]jsonSuppression, 0, len(f.Suppressions)),
		Fingerprint:  Fingerprint(root, f),
	}
	for _, e := range f.Edits {
		jf.FixEdits = append(jf.FixEdits, jsonEdit{File: RelPath(root, e.File), Op: e.Op.Slug(), Target: e.Target, Type: e.Type, Path: append([]string{}, e.Path...), Export: e.Export})
	}
	for _, c := range f.Changes {
		jf.FixChanges = append(jf.FixChanges, jsonChange{
			Location: jsonLocationOf(root, parsers.Span(c.File, c.StartLine, c.StartCol, c.EndLine, c.EndCol)),
			Text:     c.Text,
		})
	}
	for _, rel := range f.Related {
		jf.Related = append(jf.Related, jsonMessage{Location: jsonLocationOf(root, rel.Loc), Message: rel.Message})
	}
	for _, s := range f.Suppressions {
		jf.Suppressions = append(jf.Suppressions, jsonSuppression{Kind: string(s.Kind), Reason: s.Reason})
	}
	return jf
}

func jsonLocationOf(root string, l parsers.Location) jsonLocation {
	return jsonLocation{
		File:      RelPath(root, l.File),
		StartLine: int(l.StartLine), StartColumn: int(l.StartCol),
		EndLine: int(l.EndLine), EndColumn: int(l.EndCol),
	}
}

func jsonMessages(root string, ns []parsers.Notice) []jsonMessage {
	sorted := sortedNotices(ns)
	out := make([]jsonMessage, 0, len(sorted))
	for _, n := range sorted {
		out = append(out, jsonMessage{Location: jsonLocationOf(root, n.Loc), Message: n.Msg})
	}
	return out
}
