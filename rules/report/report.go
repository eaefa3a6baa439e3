// Package report renders the findings of one beanlint run as text (for
// people reviewing a template), JSON (for scripts; see docs/json-format.md)
// or SARIF 2.1.0 (for code scanning). One file per format, as tflint's
// formatters do.
//
// Rendering never changes what was found and never depends on input order:
// findings, errors and inputs are put in one canonical order first, so the
// same Run always gives byte-identical output.
package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
)

// Run is everything a report shows about one beanlint run.
type Run struct {
	// Findings are every finding, suppressed ones included; parse failures
	// are here as EB900 findings (rules.ParseFailure).
	Findings []rules.Finding
	// Rules is the catalog the run used (rules.All()); SARIF lists every one.
	Rules []*rules.Rule
	// Inputs are the files linted.
	Inputs []string
	// Root is the directory file paths and URIs are made relative to
	// (normally the working directory or repository root). Empty: paths are
	// written as given.
	Root string
	// Version is beanlint's version.
	Version string
	// ToolErrors are the inputs that failed to parse (also in Findings as
	// EB900); SARIF lists them as tool execution notifications.
	ToolErrors []*parsers.ParseError
	// Notices are warnings about the run: a --parameter no template
	// declares, a problem in the Terraform configuration read beside a plan
	// (a .tf file that does not parse, a module call not followed), a
	// suppression naming a rule that does not exist. They are not findings
	// and never change the exit code (an unsupported Terraform plan is an
	// EB900 tool error, not a notice). A notice without a file has no
	// location.
	Notices []parsers.Notice
}

// Options tune rendering; they never change what is reported.
type Options struct {
	// Color adds ANSI colors to the text format.
	Color bool
}

// Formats returns the names Write accepts, default first.
func Formats() []string { return []string{"text", "json", "sarif"} }

// Write renders r in format ("text", "json" or "sarif") to w. The report is
// built in memory first, so w receives either the whole report or nothing.
func Write(w io.Writer, format string, r *Run, opts Options) error {
	if r == nil {
		r = &Run{}
	}
	var buf bytes.Buffer
	var err error
	switch format {
	case "text":
		err = writeText(&buf, r, opts)
	case "json":
		err = writeJSON(&buf, r)
	case "sarif":
		err = writeSARIF(&buf, r)
	default:
		return fmt.Errorf("unknown report format %q (want %s)", format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return fmt.Errorf("%s report: %w", format, err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing %s report: %w", format, err)
	}
	return nil
}

// sortedFindings returns a copy of fs in the canonical report order: by
// file, line, column, rule, then every other field, so any input order
// gives the same output.
func sortedFindings(fs []rules.Finding) []rules.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, compareFindings)
	return out
}

func compareFindings(a, b rules.Finding) int {
	if c := a.Loc.Compare(b.Loc); c != 0 {
		return c
	}
	for _, p := range [][2]string{
		{a.RuleID, b.RuleID},
		{a.Environment, b.Environment},
		{a.Resource, b.Resource},
		{a.Property, b.Property},
		{a.Subject, b.Subject},
		{a.Message, b.Message},
		{a.Fix, b.Fix},
	} {
		if c := strings.Compare(p[0], p[1]); c != 0 {
			return c
		}
	}
	if a.Severity != b.Severity {
		return int(b.Severity) - int(a.Severity) // errors first
	}
	// Related locations and suppressions hold no maps, so their printed
	// form is a deterministic last tie-break.
	return strings.Compare(fmt.Sprint(a.Related, a.Suppressions), fmt.Sprint(b.Related, b.Suppressions))
}

// errorNotices returns the parse errors es (nil entries dropped) as the
// messages a report shows: location and what the error says (its message,
// followed by its underlying error when the message does not already
// contain it; the EB900 finding, rules.ParseFailure, quotes the message
// alone).
func errorNotices(es []*parsers.ParseError) []parsers.Notice {
	out := make([]parsers.Notice, 0, len(es))
	for _, e := range es {
		if e != nil {
			out = append(out, parsers.Notice{Loc: e.Loc, Msg: e.Message()})
		}
	}
	return out
}

// sortedNotices returns a copy of ns ordered by location, then message.
func sortedNotices(ns []parsers.Notice) []parsers.Notice {
	out := slices.Clone(ns)
	slices.SortStableFunc(out, func(a, b parsers.Notice) int {
		if c := a.Loc.Compare(b.Loc); c != 0 {
			return c
		}
		return strings.Compare(a.Msg, b.Msg)
	})
	return out
}

// sortedRules returns the non-nil rules of rs ordered by ID.
func sortedRules(rs []*rules.Rule) []*rules.Rule {
	out := make([]*rules.Rule, 0, len(rs))
	for _, r := range rs {
		if r != nil {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b *rules.Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// RelPath renders file relative to root with forward slashes. A file
// outside root keeps a relative path with "../" segments; with no root, or
// when no relative path exists (another Windows volume), the file is
// returned cleaned, as given.
func RelPath(root, file string) string {
	if file == "" {
		return ""
	}
	if root == "" {
		return filepath.ToSlash(filepath.Clean(file))
	}
	r, f := root, file
	if filepath.IsAbs(r) != filepath.IsAbs(f) {
		var err error
		if r, err = filepath.Abs(r); err != nil {
			return filepath.ToSlash(filepath.Clean(file))
		}
		if f, err = filepath.Abs(f); err != nil {
			return filepath.ToSlash(filepath.Clean(file))
		}
	}
	rel, err := filepath.Rel(r, f)
	if err != nil {
		return filepath.ToSlash(filepath.Clean(file))
	}
	return filepath.ToSlash(rel)
}

// outsideRoot reports whether a RelPath result leaves the root.
func outsideRoot(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, "../") || strings.HasPrefix(rel, "/") ||
		filepath.IsAbs(filepath.FromSlash(rel))
}

// artifactURI is the SARIF artifactLocation.uri of file: a relative URI
// reference (percent-encoded, forward slashes, no scheme) for a file under
// root, an absolute file:// URI for a file outside it.
func artifactURI(root, file string) string {
	rel := RelPath(root, file)
	if !outsideRoot(rel) {
		return (&url.URL{Path: rel}).String()
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x -> /C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// Fingerprint is a finding's line-independent identity (beanlint/v1): the
// hex SHA-256 of rule ID, root-relative file, resource, property and
// subject. Moving a finding to another line keeps its fingerprint;
// baselines match by it and code scanning can track an alert by it.
func Fingerprint(root string, f rules.Finding) string {
	key := strings.Join([]string{f.RuleID, RelPath(root, f.Loc.File), f.Resource, f.Property, f.Subject}, "|")
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// counts tallies findings: unsuppressed ones by severity, suppressed ones
// (in source or by the configuration) and baselined ones apart.
type counts struct {
	Errors, Warnings, Notes, Suppressed, Baselined int
}

func countFindings(fs []rules.Finding) counts {
	var c counts
	for _, f := range fs {
		switch {
		case baselined(f):
			c.Baselined++
		case f.Suppressed():
			c.Suppressed++
		case f.Severity == rules.Warning:
			c.Warnings++
		case f.Severity == rules.Note:
			c.Notes++
		default: // rules.Error; an out-of-range severity is never dropped
			c.Errors++
		}
	}
	return c
}

// baselined reports whether a baseline, and nothing else, suppresses f.
func baselined(f rules.Finding) bool {
	for _, s := range f.Suppressions {
		if s.Kind != rules.Baselined {
			return false
		}
	}
	return len(f.Suppressions) > 0
}
