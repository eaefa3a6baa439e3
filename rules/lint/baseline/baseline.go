// Package baseline reads and writes beanlint baseline files: the findings
// a repository has accepted, matched by their line-independent beanlint/v1
// fingerprint (report.Fingerprint) so that moving code keeps a finding
// accepted. README.md ("Baseline") documents the format.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/report"
)

// Version is the version of the baseline format this package writes and
// reads; a file of another version is refused.
const Version = 1

// maxSize is the largest baseline file read.
const maxSize = 64 << 20

// File is a baseline.
type File struct {
	Version  int     `json:"baselineVersion"`
	Tool     string  `json:"tool"`
	Findings []Entry `json:"findings"`
}

// Entry is one accepted finding: its fingerprint, and the fields it is made
// of, for people reading the file.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"ruleId"`
	File        string `json:"file"`
	Resource    string `json:"resource"`
	Property    string `json:"property"`
	Subject     string `json:"subject"`
}

// Of returns the baseline of findings: every finding not already
// suppressed (in source or by the configuration) and not EB900 (a file
// that does not parse is no accepted finding), each fingerprint once,
// sorted by file, rule, resource, property, subject and fingerprint.
// root is the directory paths and fingerprints are relative to.
func Of(root string, findings []rules.Finding) *File {
	b := &File{Version: Version, Tool: "beanlint", Findings: []Entry{}}
	seen := map[string]bool{}
	for _, f := range findings {
		if f.RuleID == rules.ParseFailed.ID || slices.ContainsFunc(f.Suppressions, func(s rules.Suppression) bool { return s.Kind != rules.Baselined }) {
			continue
		}
		fp := report.Fingerprint(root, f)
		if seen[fp] {
			continue
		}
		seen[fp] = true
		b.Findings = append(b.Findings, Entry{
			Fingerprint: fp, RuleID: f.RuleID, File: report.RelPath(root, f.Loc.File),
			Resource: f.Resource, Property: f.Property, Subject: f.Subject,
		})
	}
	slices.SortFunc(b.Findings, func(x, y Entry) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.RuleID, y.RuleID), cmp.Compare(x.Resource, y.Resource),
			cmp.Compare(x.Property, y.Property), cmp.Compare(x.Subject, y.Subject), cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
	return b
}

// Marshal renders the baseline as indented JSON with a trailing newline.
func (b *File) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return nil, fmt.Errorf("encoding the baseline: %w", err)
	}
	return buf.Bytes(), nil
}

// Read reads the baseline file at path.
func Read(path string) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, parsers.PathErrorText(err))
	}
	if fi.Size() > maxSize {
		return nil, fmt.Errorf("%s: over the %d-byte limit of a baseline file", path, maxSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, parsers.PathErrorText(err))
	}
	return Parse(path, data)
}

// Parse reads a baseline file's content; path names it in errors.
func Parse(path string, data []byte) (*File, error) {
	var b File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("%s: not a beanlint baseline (write one with --write-baseline): %v", path, err)
	}
	switch {
	case b.Tool != "beanlint":
		return nil, fmt.Errorf("%s: not a beanlint baseline (\"tool\" is %q; write one with --write-baseline)", path, b.Tool)
	case b.Version != Version:
		return nil, fmt.Errorf("%s: baseline version %d, this beanlint reads version %d (write it again with --write-baseline)", path, b.Version, Version)
	}
	for i, e := range b.Findings {
		if len(e.Fingerprint) != 64 {
			return nil, fmt.Errorf("%s: findings[%d]: fingerprint %q is not a beanlint/v1 fingerprint (64 hex digits)", path, i, e.Fingerprint)
		}
	}
	return &b, nil
}

// Apply marks as baselined every finding of findings, not already
// suppressed, whose fingerprint (relative to root) the baseline holds.
// name is the baseline file as the user gave it, for the justification.
func (b *File) Apply(root, name string, findings []rules.Finding) {
	accepted := make(map[string]bool, len(b.Findings))
	for _, e := range b.Findings {
		accepted[e.Fingerprint] = true
	}
	for i, f := range findings {
		if !f.Suppressed() && accepted[report.Fingerprint(root, f)] {
			findings[i].Suppressions = append(findings[i].Suppressions, rules.Suppression{
				Kind: rules.Baselined, Reason: "accepted in baseline " + name,
			})
		}
	}
}
