// Package lint owns one beanlint run: it loads the inputs into one graph
// (parsers/load), runs the rule catalog over it with in-source suppressions
// applied (rules.Run), adds an EB900 finding for every input that failed to
// parse, gathers the run's notices, and builds the report model
// (rules/report). The command (cmd/beanlint), the rule test harness and the
// corpus tests all lint through Run, so they cannot drift apart; a
// configuration file and a baseline plug in here.
package lint

import (
	"slices"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/ebextensions"
	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/parsers/terraform"
	"github.com/beanlint/beanlint/rules"
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
	// found and before any is read (the command sets the garbage
	// collector's target from it).
	Sized func(total int64)
}

// Result is what one run found.
type Result struct {
	// Graph is the network graph of every input.
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
	// Notices are warnings about the run: the loader's (unused
	// parameters, Terraform configuration problems) and the rules' (a
	// suppression of a rule that does not exist).
	Notices []parsers.Notice
}

// Run lints paths (files and directories).
func Run(paths []string, opts Options) *Result {
	res := load.Load(paths, load.Options{Parameters: opts.Parameters, TFSource: opts.TFSource, Environments: opts.Environments, TFVars: opts.TFVars, TFDataDir: opts.TFDataDir, Sized: opts.Sized})
	r := &Result{
		Graph:    res.Graph,
		Inputs:   res.Inputs,
		Files:    slices.Clone(res.Inputs),
		Errors:   res.Errors,
		Findings: rules.Run(res.Graph, rules.Options{Disabled: opts.Disabled}),
		Notices:  append(slices.Clone(res.Notices), rules.Notices(res.Graph)...),
	}
	if res.Graph != nil {
		for _, f := range res.Graph.Files {
			r.Files = append(r.Files, f.Path)
		}
	}
	if !opts.Disabled[rules.ParseFailed.ID] {
		for _, e := range res.Errors {
			r.Findings = append(r.Findings, rules.ParseFailure(e))
		}
	}
	rules.SortFindings(r.Findings)
	return r
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
