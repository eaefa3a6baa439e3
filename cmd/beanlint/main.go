// Command beanlint lints CloudFormation templates and Terraform plans
// (`terraform show -json`) for AWS Elastic Beanstalk environments in
// private subnets that will fail to deploy: missing VPC endpoints, VPC DNS
// attributes off, endpoint private DNS off, security groups blocking 443,
// missing S3 gateway routes.
//
// Usage:
//
//	beanlint [flags] [PATH ...]   lint files and directories (default: .)
//	beanlint rules                list rules: id, severity, title
//	beanlint explain EBnnn        the rule's full help, rendered for the terminal
//	beanlint version              print the version (also --version, -v)
//
// Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
// 2 usage or config error, or an input failed to parse (EB900).
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/beanlint/beanlint/cmd/beanlint/internal/cliflag"
	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/parsers/terraform"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/lint"
	"github.com/beanlint/beanlint/rules/lint/config"
	"github.com/beanlint/beanlint/rules/lint/fix"
	"github.com/beanlint/beanlint/rules/report"
)

// version is the release version; set with
// -ldflags "-X main.version=v1.2.3". Empty means: ask the build info.
var version string

// Exit codes (DESIGN.md, CLI contract).
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv, (&gcTarget{}).sized))
}

// gcLimit is the memory limit the garbage collector of a run works to (see
// gcTarget), from the bytes of its inputs: large, in plans of at least
// largePlan bytes; small, in smaller plans and in the .tf files read; rest,
// in the other inputs (templates, and files not known yet to be plans).
// The other inputs get eight times their size, within a floor of 16 MiB,
// with five times the large plans; the small plans and .tf files get eight
// times their size on top.
//
// The floor is the room a small run needs to never collect: the runtime,
// the rules and the report. A template's live heap peaks at
// about 4 times its size (beanlint's tree of it: yaml.v3 reads a large
// one in pieces, whose garbage is most of what the run allocates), so
// eight times fits within the floor up to 2 MiB: a 1 MB template's run
// collects as it nears 16 MiB, instead of at 16 MiB plus eight times its
// size, and peaks at about 20 MB of RSS instead of 24 (docs/BENCHMARKS.md,
// "Large templates: memory"). A large plan's live heap peaks at about 3
// times its size (the decoded plan and the graph: 27 MB for the
// 10,000-resource plan of 9 MB, 138 MB for 50,000 resources), so five
// times leaves the collector room to run a few times, not continuously,
// and keeps the plan's peak RSS under the contract's six times its size.
// Small plans and .tf files keep eight times on top of the floor: the
// graph's fixed parts weigh more for their size (the many small plans and
// .tf files of testdata/rules took 1.5 times the CPU at five times).
// Standard input is not in the total load reports (gcTarget.limit): a
// plan read from it counts in large or small only.
func gcLimit(large, small, rest int64) int64 {
	return 8*small + max(16<<20, 5*large+8*rest)
}

// largePlan is the size from which a plan's memory limit is five times its
// size rather than eight (see gcLimit).
const largePlan = 1 << 20

// gcPercent is the collector target under the limit until a large plan is
// found: a collection when the heap has tripled since the last one.
// Ordinary runs stay below Go's minimum heap for it and never collect;
// files read and then skipped (a directory of JSON that is no input) are
// collected before they pile up to the limit (a directory of 100 MB of
// such files peaks at 46 MB with it, 225 MB without). A run that finds a
// large plan then collects only as it nears the limit (no target), which
// its live data come close to anyway: the 10,000-resource plan's run
// collects four times instead of five, for a tenth less CPU and the same
// peak RSS (docs/BENCHMARKS.md).
const gcPercent = 200

// gcTarget sets the garbage collector from the input sizes, unless the
// user sets GOGC or GOMEMLIMIT. A run builds one graph and exits: the
// collector runs rarely (gcPercent), and on large inputs when the heap
// approaches gcLimit, instead of each time the heap grows by half as with
// GOGC=50 before (docs/BENCHMARKS.md). The limit is soft: a run whose live
// data exceed it collects more often but does not fail.
type gcTarget struct {
	started bool
	inputs  int64 // the total of the first call: the files to read, before any .tf file
	large   int64 // the size of the large plans found so far
	small   int64 // the size of the other plans found so far
}

// sized learns the total size of the inputs (plan 0), then the size of
// each plan found (load.Options.Sized; calls do not overlap), and sets the
// collector's limit from them.
func (g *gcTarget) sized(total, plan int64) {
	limit := g.limit(total, plan)
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(g.percent())
		debug.SetMemoryLimit(limit)
	}
}

// percent is the collector target of the run so far: gcPercent, or none
// (-1, collections at the limit only) once a large plan (largePlan) is
// found.
func (g *gcTarget) percent() int {
	if g.large > 0 {
		return -1
	}
	return gcPercent
}

// limit learns total (the first call's is the files to read; a later,
// larger one counts .tf files read) and plan (a plan found, 0 for none),
// and returns the limit for what it knows so far. Until a file is found
// to be a plan, it counts among the rest.
func (g *gcTarget) limit(total, plan int64) int64 {
	if !g.started {
		g.started, g.inputs = true, total
	}
	switch {
	case plan >= largePlan:
		g.large += plan
	case plan > 0:
		g.small += plan
	}
	tf := max(total-g.inputs, 0)
	rest := max(g.inputs-g.large-g.small, 0)
	return gcLimit(g.large, g.small+tf, rest)
}

// usageError is a command-line mistake: it is reported with a hint to
// --help and exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// options are the parsed lint flags.
type options struct {
	format         string
	output         string
	failOn         string
	parameters     []string
	parametersFile string
	disable        []string
	tfSource       string
	tfVars         []string
	tfVarFiles     []string
	config         string
	category       string
	noColor        bool
	help           bool
	showVersion    bool
	diff           bool
	configFlags
}

func newFlagSet(o *options) *cliflag.Set {
	fs := cliflag.New()
	fs.String(&o.format, "format", "f", "text", "report `FORMAT`: text, compact, json, sarif, github, markdown, gitlab or junit")
	fs.String(&o.output, "output", "o", "", "write the report to `FILE` (default stdout)")
	fs.String(&o.failOn, "fail-on", "", "error", "lowest severity `LEVEL` that makes the exit code 1: error, warning, note or none")
	fs.Strings(&o.parameters, "parameter", "set a CloudFormation parameter: `KEY=VALUE` (repeatable)")
	fs.String(&o.parametersFile, "parameters-file", "", "", "read CloudFormation parameters from `FILE`: AWS CLI JSON or KEY=VALUE lines")
	fs.List(&o.disable, "disable", "turn off the rules `EBnnn,...` (comma-separated, repeatable)")
	fs.String(&o.tfSource, "tf-source", "", "", "Terraform configuration `DIR` for source locations (default: the plan file's directory when it holds .tf files)")
	fs.Strings(&o.tfVars, "var", "set a Terraform root variable for configurations linted without a plan: `NAME=VALUE` (repeatable)")
	fs.Strings(&o.tfVarFiles, "var-file", "read Terraform root variables from `FILE` (.tfvars or .tfvars.json; repeatable, before --var)")
	fs.String(&o.config, "config", "", "", "configuration `FILE` (default: .beanlint.yaml in the working directory or the nearest parent up to the repository root)")
	o.addConfigFlags(fs)
	fs.String(&o.category, "category", "", "", "SARIF: code-scanning `NAME` of this analysis (automationDetails.id), one per configuration linted")
	fs.Bool(&o.noColor, "no-color", "", "no colors in text output (also NO_COLOR)")
	fs.Bool(&o.help, "help", "h", "show this help")
	fs.Bool(&o.showVersion, "version", "v", "print the version, commit and Go version")
	fs.Bool(&o.diff, "diff", "", "fix: print the changes as a unified diff and write nothing")
	return fs
}

const usageHead = `Usage:
  beanlint [flags] [PATH ...]   lint files and directories (default: .; - reads standard input)
  beanlint rules                list rules: id, severity, title
  beanlint explain EBnnn        the rule's full help, rendered for the terminal
  beanlint version              print the version (also --version, -v)
  beanlint fix [--diff] [PATH ...]
                                apply the fixes of the findings to the
                                CloudFormation templates and Terraform .tf
                                files in place (--diff: show them, write
                                nothing)

Flags:
`

const usageTail = `
TF_DATA_DIR, as Terraform reads it, locates the modules terraform init
installed (default: .terraform in each Terraform root module's directory).

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or config error, or an input failed to parse (EB900).
`

// run is the whole command: it parses args, does the work, writes to stdout
// and stderr, and returns the exit code. env reads environment variables;
// sized, when not nil, learns the total size of the inputs before they are
// read, and that of each Terraform plan among them as it is found (main
// tunes the garbage collector with them; see load.Options.Sized).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string, sized func(total, plan int64)) int {
	var o options
	fs := newFlagSet(&o)
	if err := fs.Parse(args); err != nil {
		return fail(stderr, usagef("%v", err))
	}
	if o.help {
		fmt.Fprint(stdout, usageHead+fs.Usage()+usageTail)
		return exitOK
	}
	if o.showVersion {
		if err := printVersion(stdout); err != nil {
			return fail(stderr, err)
		}
		return exitOK
	}
	var err error
	code := exitOK
	switch rest := fs.Args(); {
	case len(rest) > 0 && rest[0] == "rules":
		err = cmdRules(stdout, rest[1:])
	case len(rest) > 0 && rest[0] == "explain":
		err = cmdExplain(stdout, rest[1:], env, o.noColor)
	case len(rest) > 0 && rest[0] == "fix":
		code, err = fixPaths(rest[1:], &o, stdout, env)
	case len(rest) > 0 && rest[0] == "version":
		err = cmdVersion(stdout, rest[1:])
	default:
		code, err = lintPaths(rest, &o, stdin, stdout, stderr, env, sized)
	}
	if err != nil {
		return fail(stderr, err)
	}
	return code
}

// fail reports err on stderr and returns the usage/config exit code.
func fail(stderr io.Writer, err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "beanlint: %v\nRun 'beanlint --help' for usage.\n", err)
	} else {
		fmt.Fprintf(stderr, "beanlint: %v\n", err)
	}
	return exitError
}

func cmdRules(w io.Writer, args []string) error {
	if len(args) > 0 {
		return usagef("rules takes no arguments, got %q", args)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rules.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title)
	}
	return tw.Flush()
}

func cmdExplain(w io.Writer, args []string, env func(string) string, noColor bool) error {
	if len(args) != 1 {
		return usagef("explain takes one rule ID, e.g. 'beanlint explain EB301'")
	}
	r := rules.Lookup(strings.ToUpper(args[0]))
	if r == nil {
		return usagef("unknown rule %q (run 'beanlint rules' for the list)", args[0])
	}
	color := !noColor && env("NO_COLOR") == "" && isTerminal(w)
	return report.WriteRuleHelp(w, r, textWidth(env, w, ""), color)
}

func cmdVersion(w io.Writer, args []string) error {
	if len(args) > 0 {
		return usagef("version takes no arguments, got %q", args)
	}
	return printVersion(w)
}

// buildVersion is the -X main.version value, else the main module version
// from the build info ("(devel)" for a build from a checkout).
func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// lintConfig is the validated form of the lint flags.
type lintConfig struct {
	format     string
	failOn     rules.Severity // 0: never fail on findings (--fail-on none)
	parameters map[string]string
	disabled   map[string]bool
	tfSource   string // "" = the plan file's directory
	tfVars     terraform.Vars
	config     *config.File
	exclude    []load.Glob
}

func (o *options) validate() (*lintConfig, error) {
	c := &lintConfig{format: strings.ToLower(o.format)}
	switch {
	case slices.Contains(report.Formats(), c.format):
	default:
		return nil, usagef("unknown --format %q (supported: %s)", o.format, strings.Join(report.Formats(), ", "))
	}
	if strings.EqualFold(o.failOn, "none") {
		c.failOn = 0
	} else {
		sev, err := rules.ParseSeverity(o.failOn)
		if err != nil {
			return nil, usagef("--fail-on: unknown level %q (want error, warning, note or none)", o.failOn)
		}
		c.failOn = sev
	}
	c.disabled = map[string]bool{}
	for _, id := range o.disable {
		id = strings.ToUpper(strings.TrimSpace(id))
		if id == "" {
			continue
		}
		if rules.Lookup(id) == nil {
			return nil, usagef("--disable: unknown rule %q (run 'beanlint rules' for the list)", id)
		}
		c.disabled[id] = true
	}
	if o.tfSource != "" {
		info, err := os.Stat(o.tfSource)
		switch {
		case err != nil:
			return nil, usagef("--tf-source %s: %v", o.tfSource, parsers.PathErrorText(err))
		case !info.IsDir():
			return nil, usagef("--tf-source %s: not a directory (give the directory holding the .tf files)", o.tfSource)
		}
		c.tfSource = o.tfSource
	}
	for _, f := range o.tfVarFiles {
		if info, err := os.Stat(f); err != nil || !info.Mode().IsRegular() {
			return nil, usagef("--var-file %s: not a readable file", f)
		}
	}
	for _, kv := range o.tfVars {
		if name, _, ok := strings.Cut(kv, "="); !ok || strings.TrimSpace(name) == "" {
			return nil, usagef("--var %q: expected NAME=VALUE", kv)
		}
	}
	c.tfVars = terraform.Vars{Env: os.Environ(), Files: o.tfVarFiles, Values: o.tfVars}
	if err := c.loadConfig(o); err != nil {
		return nil, err
	}
	if o.parametersFile != "" {
		ps, err := load.ReadParametersFile(o.parametersFile)
		if err != nil {
			return nil, fmt.Errorf("--parameters-file: %w", err)
		}
		for k, v := range ps {
			c.parameters[k] = v
		}
	}
	for _, kv := range o.parameters { // flags override the file
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, usagef("--parameter %q: want KEY=VALUE", kv)
		}
		c.parameters[strings.TrimSpace(k)] = v
	}
	return c, nil
}

// lintPaths runs the linter over paths and writes the report. The report is
// always written in full before the exit code is decided.
func lintPaths(paths []string, o *options, stdin io.Reader, stdout, stderr io.Writer, env func(string) string, sized func(total, plan int64)) (int, error) {
	cfg, err := o.validate()
	if err != nil {
		return exitError, err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if err := checkPaths(paths); err != nil {
		return exitError, err
	}
	now, err := today(env)
	if err != nil {
		return exitError, err
	}
	opts := cfg.lintOptions(now, sized)
	opts.Stdin = stdin
	opts.TextEdits = cfg.format == "sarif" || cfg.format == "json"
	opts.TFDataDir = env("TF_DATA_DIR")
	res := lint.Run(paths, opts)
	wd, err := os.Getwd()
	if err != nil {
		return exitError, fmt.Errorf("working directory: %w", err)
	}
	root := repoRoot(wd)
	if o.output != "" {
		if err := checkNotInput("--output", o.output, append(res.Files, o.parametersFile, cfg.config.Path, o.baselineFile)); err != nil {
			return exitError, err
		}
	}
	if err := o.applyBaseline(root, res, o.output, append(res.Files, o.parametersFile, cfg.config.Path)); err != nil {
		return exitError, err
	}
	r := res.Report(reportRoot(cfg.format, wd), buildVersion())
	r.Category = o.category
	if cfg.format == "markdown" {
		r.Paths = res.PrivatePaths()
	}
	color := cfg.format == "text" && o.output == "" && !o.noColor &&
		env("NO_COLOR") == "" && isTerminal(stdout)
	ropts := report.Options{Color: color}
	if cfg.format == "text" {
		ropts.Width = textWidth(env, stdout, o.output)
	}
	if err := writeReport(stdout, o.output, cfg.format, r, ropts); err != nil {
		return exitError, err
	}
	if cfg.format == "compact" {
		// Its lines are findings only (editors and grep read them):
		// the run's notices go to stderr, in the same form.
		if err := report.WriteCompactNotices(stderr, r); err != nil {
			return exitError, fmt.Errorf("writing notices: %w", err)
		}
	}
	return exitCode(res.Findings, res.Errors, cfg.failOn), nil
}

// fixPaths is beanlint fix: it lints paths and applies the fixes of the
// findings (package rules/lint/fix), or prints them as a diff.
func fixPaths(paths []string, o *options, stdout io.Writer, env func(string) string) (int, error) {
	cfg, err := o.validate()
	if err != nil {
		return exitError, err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if slices.Contains(paths, "-") {
		return exitError, usagef("fix changes files in place: standard input (-) cannot be fixed")
	}
	if o.writeBaseline != "" || o.output != "" {
		return exitError, usagef("fix writes the templates, not a report or a baseline: drop --output and --write-baseline")
	}
	if err := checkPaths(paths); err != nil {
		return exitError, err
	}
	now, err := today(env)
	if err != nil {
		return exitError, err
	}
	opts := cfg.lintOptions(now, nil)
	opts.TFDataDir = env("TF_DATA_DIR")
	res := lint.Run(paths, opts)
	wd, err := os.Getwd()
	if err != nil {
		return exitError, fmt.Errorf("working directory: %w", err)
	}
	// Baselined findings are accepted as they are: not fixed.
	if err := o.applyBaseline(repoRoot(wd), res, "", nil); err != nil {
		return exitError, err
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stdout, "%s: not fixed: %s\n", e.Loc, e.Msg)
	}
	plan, err := fix.Build(res.Findings, res.Formats, lint.Appliers(), fix.ReadUTF8)
	if err != nil {
		return exitError, err
	}
	for _, n := range plan.Notices {
		fmt.Fprintln(stdout, n)
	}
	if o.diff {
		fmt.Fprint(stdout, plan.Diff())
		return exitOK, nil
	}
	if err := plan.Write(fix.ReadUTF8); err != nil {
		return exitError, err
	}
	for _, c := range plan.Changes {
		fmt.Fprintf(stdout, "fixed %s: %s\n", c.File, strings.Join(c.Rules, ", "))
	}
	if len(plan.Changes) == 0 {
		fmt.Fprintln(stdout, "nothing to fix")
	}
	if len(res.Errors) > 0 {
		return exitError, nil
	}
	return exitOK, nil
}

// checkNotInput refuses to let flag (--output, --write-baseline) replace
// one of inputs with what it writes to path: the same file, however either
// is spelt and through any symbolic link. A path that does not exist yet,
// or that is not a regular file (/dev/stdout, a pipe), replaces nothing.
func checkNotInput(flag, path string, inputs []string) error {
	out, err := os.Stat(path)
	if err == nil && out.Mode().IsRegular() {
		for _, in := range inputs {
			if fi, err := os.Stat(in); err == nil && os.SameFile(out, fi) {
				return usagef("%s %s is the input %s: writing it would replace that file; choose another file", flag, path, in)
			}
		}
	}
	return nil
}

// exitCode applies the CLI contract: 2 when an input failed, 1 when an
// unsuppressed finding is at or above failOn (0 = never), else 0.
func exitCode(findings []rules.Finding, toolErrors []*parsers.ParseError, failOn rules.Severity) int {
	if len(toolErrors) > 0 {
		return exitError
	}
	if failOn == 0 {
		return exitOK
	}
	for _, f := range findings {
		if !f.Suppressed() && f.Severity >= failOn {
			return exitFindings
		}
	}
	return exitOK
}

// repoRoot is the directory report URIs are relative to: the nearest
// ancestor of wd holding .git, else wd.
func repoRoot(wd string) string {
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}

// writeReport renders r to stdout, or to path through a temporary file in
// the same directory that is renamed into place, so a reader never sees a
// partial report.
func writeReport(stdout io.Writer, path, format string, r *report.Run, opts report.Options) error {
	if path == "" {
		return report.Write(stdout, format, r, opts)
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, format, r, opts); err != nil {
		return fmt.Errorf("writing %s report: %w", format, err)
	}
	if err := writeFile(path, buf.Bytes()); err != nil {
		return fmt.Errorf("--output %s: %s", path, parsers.PathErrorText(err))
	}
	return nil
}

// writeFile writes data to path so that nobody ever reads a partial report.
// A regular file (or a new one) is replaced by renaming a temporary file
// written beside it, keeping an existing file's permissions; like the
// shell's >, it refuses a file the user may not write (a rename would
// replace a read-only file all the same). A symbolic link
// is followed, so its target is what gets written. Anything else (a device
// such as /dev/null or /dev/stdout, a named pipe) is written in place: it
// cannot be renamed over, and replacing it would be wrong.
func writeFile(path string, data []byte) error {
	mode := os.FileMode(0o644)
	var target string
	switch fi, err := os.Stat(path); {
	case err == nil && !fi.Mode().IsRegular():
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			_ = f.Close()
			return err
		}
		return f.Close()
	case err == nil:
		if target, err = filepath.EvalSymlinks(path); err != nil {
			return err
		}
		if err := checkWritable(target); err != nil {
			return err
		}
		mode = fi.Mode().Perm()
	default:
		if target, err = danglingTarget(path); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot create a file in %s: %w", filepath.Dir(target), err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}

// checkWritable returns the error opening path for writing gives, without
// changing the file.
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	return f.Close()
}

// danglingTarget returns the file that writing to path, which does not exist
// yet, will create: path itself, or the target of the symbolic link(s) it is.
func danglingTarget(path string) (string, error) {
	for range 40 {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Mode()&os.ModeSymlink == 0) {
			return path, nil // a new file, or a link's missing target: create it
		}
		if err != nil {
			return "", err
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", fmt.Errorf("too many levels of symbolic links")
}

// defaultWidth is the width the text report is wrapped to when it goes
// to no terminal (a pipe, a file, a pre-commit or CI log) and COLUMNS is
// not set: the classic terminal width, which every log viewer shows whole.
const defaultWidth = 80

// textWidth is the width the text report is wrapped to: COLUMNS when set
// to a positive number, else the terminal's width when the report goes to
// a terminal, else defaultWidth.
func textWidth(env func(string) string, stdout io.Writer, output string) int {
	if n, err := strconv.Atoi(strings.TrimSpace(env("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	if f, ok := stdout.(*os.File); ok && output == "" && isTerminal(stdout) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	return defaultWidth
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
