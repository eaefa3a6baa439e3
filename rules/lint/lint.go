// Package lint owns one beanlint run: it loads the inputs into one graph
// (parsers/load), runs the rule catalog over it with in-source suppressions
// applied (rules.Run), adds an EB900 finding for every input that failed to
// parse, gathers the run's notices, and builds the report model
// (rules/report). The command (cmd/beanlint), the rule test harness and the
// corpus tests all lint through Run, so they cannot drift apart. The
// configuration file's settings (package config) and a baseline (package
// baseline) apply here: severity overrides, ignore entries and baselined
// findings become suppressions that reports show and the exit code skips.
package lint

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"time"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/cloudformation"
	"github.com/beanlint/beanlint/parsers/ebextensions"
	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/parsers/terraform"
	"github.com/beanlint/beanlint/parsers/textfile"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/edit/cfn"
	"github.com/beanlint/beanlint/rules/edit/hcl"
	"github.com/beanlint/beanlint/rules/lint/config"
	"github.com/beanlint/beanlint/rules/lint/fix"
	"github.com/beanlint/beanlint/rules/report"
)

// Options configure a run.
type Options struct {
	// Parameters are CloudFormation parameter values by name (--parameter,
	// --parameters-file).
	Parameters map[string]string
	// TFSource is the Terraform configuration directory for source
	// locations; "" means the plan file's directory.
	TFSource string
	// Disabled holds the IDs of rules not to run (EB900 included: parse
	// failures are then not findings, though they stay tool errors).
	Disabled map[string]bool
	// Environments pair environments with application source
	// directories (the configuration file's environments section).
	Environments []ebextensions.Mapping
	// TFVars are the --var-file and --var values of Terraform root modules
	// linted from their configuration.
	TFVars terraform.Vars
	// TFDataDir is Terraform's data directory (TF_DATA_DIR; "" for
	// .terraform), where terraform init records the modules it installed.
	TFDataDir string
	// Sized, when set, learns the total size of the inputs once they are
	// found and before any is read, and the size of the Terraform plans
	// among them as they are found (see load.Options.Sized; the command
	// sets the garbage collector's target from them).
	Sized func(total, plan int64)
	// Severity overrides the severity of every finding of a rule.
	Severity map[string]rules.Severity
	// Ignore are the configuration file's ignore entries; an entry past
	// its expiry date at Now no longer applies, and a notice says so.
	Ignore []config.Ignore
	// Now is the date ignore entries expire against.
	Now time.Time
	// Central are services whose interface endpoints a hub VPC provides
	// (rules.Options.Central).
	Central []string
	// Exclude are globs of paths the directory walks skip.
	Exclude []load.Glob
	// Stacks are groups of files linted as one graph each, apart from
	// each other and from the files in no stack.
	Stacks []load.Stack
	// Stdin is what the path "-" reads.
	Stdin io.Reader
	// TextEdits asks for each fix's edits made text on the files as read
	// (Finding.Changes), for reports that show replacements.
	TextEdits bool
}

// Result is what one run found.
type Result struct {
	// Graph is the network graph of the inputs in no stack: of every
	// input when Options.Stacks is empty.
	Graph *parsers.Graph
	// Inputs are the files linted, also those that failed to parse.
	Inputs []string
	// Files are every file the run read to build the graph (inputs and
	// .tf source files), for callers that must not overwrite one.
	Files []string
	// Findings are every finding, suppressed ones included, in report
	// order; an input that failed to parse is an EB900 finding.
	Findings []rules.Finding
	// Errors are the inputs that could not be read or parsed.
	Errors []*parsers.ParseError
	// Formats are the input formats by file (parsers.SourceFile.Format).
	Formats map[string]string
	// Notices are warnings about the run: the loader's (unused
	// parameters, Terraform configuration problems) and the rules' (a
	// suppression of a rule that does not exist).
	Notices []parsers.Notice
}

// Run lints paths (files and directories).
func Run(paths []string, opts Options) *Result {
	res := load.Load(paths, load.Options{
		Parameters: opts.Parameters, TFSource: opts.TFSource, Environments: opts.Environments, TFVars: opts.TFVars,
		TFDataDir: opts.TFDataDir, Sized: opts.Sized, Exclude: opts.Exclude, Stacks: opts.Stacks, Stdin: opts.Stdin,
	})
	r := &Result{
		Graph:   res.Graph,
		Inputs:  res.Inputs,
		Files:   slices.Clone(res.Inputs),
		Errors:  res.Errors,
		Notices: slices.Clone(res.Notices),
		Formats: map[string]string{},
	}
	graphs := []*parsers.Graph{res.Graph}
	for _, s := range res.Stacks {
		graphs = append(graphs, s.Graph)
	}
	for _, g := range graphs {
		r.Findings = append(r.Findings, rules.Run(g, rules.Options{Disabled: opts.Disabled, Central: opts.Central})...)
		r.Notices = append(r.Notices, rules.Notices(g)...)
		if g != nil {
			for _, f := range g.Files {
				r.Files = append(r.Files, f.Path)
				r.Formats[f.Path] = f.Format
			}
		}
	}
	for _, p := range r.Inputs {
		// The application source's files, which the graph holds as
		// settings and resources, not as files.
		if _, ok := r.Formats[p]; !ok {
			if f, ok := ebextensions.FormatOf(p); ok {
				r.Formats[p] = f
			}
		}
	}
	if !opts.Disabled[rules.ParseFailed.ID] {
		for _, e := range res.Errors {
			r.Findings = append(r.Findings, rules.ParseFailure(e))
		}
	}
	for i, f := range r.Findings {
		if sev, ok := opts.Severity[f.RuleID]; ok {
			r.Findings[i].Severity = sev
		}
	}
	r.Notices = append(r.Notices, applyIgnores(r.Findings, opts.Ignore, opts.Now)...)
	if opts.TextEdits {
		r.textEdits()
	}
	rules.SortFindings(r.Findings)
	return r
}

// applyIgnores suppresses the findings that an ignore entry in force at
// now names, and returns a notice for each entry past its expiry date.
func applyIgnores(findings []rules.Finding, ignores []config.Ignore, now time.Time) []parsers.Notice {
	var notices []parsers.Notice
	for _, ig := range ignores {
		if ig.Expired(now) {
			notices = append(notices, parsers.Notice{Loc: ig.Loc, Msg: fmt.Sprintf(
				"the ignore entry for %s on %s expired on %s and no longer applies: its findings are reported again (renew expires, or fix them)",
				ig.Rule, ig.Resource, ig.Expires.Format(time.DateOnly))})
			continue
		}
		for i, f := range findings {
			if ig.Matches(f) {
				findings[i].Suppressions = append(findings[i].Suppressions, rules.Suppression{
					Kind: rules.External, Reason: fmt.Sprintf("%s (%s:%d)", ig.Reason, filepath.Base(ig.Loc.File), ig.Loc.StartLine),
				})
			}
		}
	}
	return notices
}

// Report returns the report model of the run: paths relative to root, and
// version as beanlint's version.
func (r *Result) Report(root, version string) *report.Run {
	return &report.Run{
		Findings:   r.Findings,
		Rules:      rules.All(),
		Inputs:     r.Inputs,
		Root:       root,
		Version:    version,
		ToolErrors: r.Errors,
		Notices:    r.Notices,
	}
}

// textEdits sets the Changes of the findings with edits, reading each file
// once.
func (r *Result) textEdits() {
	read := map[string][]byte{}
	readOnce := func(path string) ([]byte, error) {
		if data, ok := read[path]; ok {
			return data, nil
		}
		// As the loader reads it (UTF-16 decoded): positions in
		// characters are those of the file whatever its encoding.
		data, err := textfile.Read(path, cloudformation.MaxSize, "template")
		if err != nil {
			return nil, err
		}
		read[path] = data
		return data, nil
	}
	appliers := Appliers()
	for i, f := range r.Findings {
		if len(f.Edits) > 0 {
			r.Findings[i].Changes = fix.TextEdits(f.Edits, r.Formats, appliers, readOnce)
		}
	}
}

// Appliers returns the appliers of fixes by input format: CloudFormation
// templates, and the application source's configuration files and saved
// configurations (YAML or JSON too), through rules/edit/cfn; Terraform .tf
// files through rules/edit/hcl. The YAML and JSON files share a
// cfn.Applier, which parses a file once for the fixes of all its findings.
func Appliers() fix.Appliers {
	cfnApply := new(cfn.Applier).Apply
	return fix.Appliers{
		"cloudformation":               cfnApply,
		"terraform":                    hcl.Apply,
		ebextensions.FormatConfig:      cfnApply,
		ebextensions.FormatSavedConfig: cfnApply,
	}
}
