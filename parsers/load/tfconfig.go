package load

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// lintConfigurations lints the Terraform root modules among dirs from their
// .tf configuration: every directory holding .tf files that no plan of the
// run covers (a plan covers its own directory, or the --tf-source
// directory: the plan knows more, and is linted instead) and that is not a
// local module another of them calls. varFiles are the variable values
// files named by directory (see discovery.varFiles): a notice says that
// those of a root linted here apply only with --var-file. sizes learns the
// size of the .tf files read.
func lintConfigurations(dirs map[string]bool, varFiles map[string][]string, plans []*terraform.Plan, sources map[string]*tfsource.Index, opts Options, sizes *sizer, res *Result) {
	if len(dirs) == 0 {
		return
	}
	covered := map[string]bool{}
	// called are the directories of the modules a configuration calls
	// (by its module blocks, whether or not their files parse): they are
	// linted through their callers, with the inputs the calls give, never
	// as roots of their own with only their variables' defaults.
	called := map[string]bool{}
	calls := func(dir string, ix *tfsource.Index) {
		for _, d := range ix.ModuleDirs() {
			if d != filepath.Clean(dir) {
				called[d] = true
			}
		}
	}
	for _, p := range plans {
		covered[filepath.Clean(filepath.Dir(p.Path))] = true
		if opts.TFSource != "" {
			covered[filepath.Clean(opts.TFSource)] = true
		}
		if ix := sources[p.Path]; ix != nil {
			if m := ix.Module(nil); m != nil {
				calls(m.Dir, ix)
			}
		}
	}
	type root struct {
		dir  string
		ix   *tfsource.Index
		errs []*parsers.ParseError
	}
	var roots []root
	for _, dir := range sortedDirs(dirs) {
		if covered[filepath.Clean(dir)] || called[filepath.Clean(dir)] {
			continue
		}
		ix, errs := tfsource.Load(dir, opts.TFDataDir)
		sizes.read(ix)
		calls(dir, ix)
		roots = append(roots, root{dir: dir, ix: ix, errs: errs})
	}
	for _, r := range roots {
		if called[filepath.Clean(r.dir)] {
			continue
		}
		// Without a plan the configuration is the input: what does not
		// parse cannot be linted (EB900).
		res.Errors = append(res.Errors, r.errs...)
		res.Notices = append(res.Notices, r.ix.Notices()...)
		res.Notices = append(res.Notices, unusedVarFiles(varFiles[r.dir], opts.TFVars.Files)...)
		p, errs, notices := terraform.FromConfig(r.dir, r.ix, opts.TFVars)
		res.Errors = append(res.Errors, errs...)
		res.Notices = append(res.Notices, notices...)
		res.Errors = append(res.Errors, terraform.Build(res.Graph, p, r.ix)...)
		for _, f := range r.ix.Files() {
			if !slices.Contains(res.Inputs, f) {
				res.Inputs = append(res.Inputs, f)
			}
		}
	}
}

// sortedDirs returns the directories in order, shallow ones first.
func sortedDirs(dirs map[string]bool) []string {
	out := make([]string, 0, len(dirs))
	for d := range dirs {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b string) int {
		if n := strings.Count(a, string(filepath.Separator)) - strings.Count(b, string(filepath.Separator)); n != 0 {
			return n
		}
		return strings.Compare(a, b)
	})
	return out
}

// unusedVarFiles are the notices for the variable values files named that
// are not among the --var-file files given: Terraform applies such a file
// only with -var-file, so its values are not used, as in terraform plan.
func unusedVarFiles(named, given []string) []parsers.Notice {
	var out []parsers.Notice
	for _, path := range named {
		if slices.ContainsFunc(given, func(g string) bool { return sameFile(g, path) }) {
			continue
		}
		out = append(out, parsers.Notice{
			Loc: parsers.Location{File: path},
			Msg: fmt.Sprintf("the values of this variable values file are not used: Terraform loads terraform.tfvars, terraform.tfvars.json and *.auto.tfvars(.json) by itself, "+
				"and any other only with -var-file; lint with --var-file %s to use them", path),
		})
	}
	return out
}

// sameFile reports whether the paths a and b name one file.
func sameFile(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
