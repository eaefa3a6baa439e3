// Package load turns the paths of one run into one graph: it walks
// directories, recognises CloudFormation templates and Terraform plans,
// parses them, and builds a single parsers.Graph so that templates that
// import from each other, and plans that use what templates create, are
// checked together.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/cloudformation"
	"github.com/beanlint/beanlint/parsers/ebextensions"
	"github.com/beanlint/beanlint/parsers/gitignore"
	"github.com/beanlint/beanlint/parsers/terraform"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
	"github.com/beanlint/beanlint/parsers/textfile"
)

// Size caps of what is read, counted in bytes of UTF-8 text.
const (
	// maxTemplateSize is the largest template (and parameters file) read.
	maxTemplateSize = cloudformation.MaxSize
	// maxPlanSize is the largest Terraform plan read. Plans are larger
	// than templates: a 10,000-resource plan is tens of megabytes.
	maxPlanSize = 1 << 30
)

// Options are the run inputs that affect parsing.
type Options struct {
	// Parameters are CloudFormation parameter values by name.
	Parameters map[string]string
	// TFSource is the Terraform configuration directory whose .tf files
	// locate the resources of every plan (--tf-source). "" means each plan
	// file's own directory, when it holds .tf files.
	TFSource string
	// Environments pair environments with application source directories
	// (the configuration file's environments section), for the settings
	// of .ebextensions configuration files.
	Environments []ebextensions.Mapping
	// TFVars are the --var-file and --var values of the root modules
	// linted from their configuration (no plan among the inputs).
	TFVars terraform.Vars
	// TFDataDir is Terraform's data directory (TF_DATA_DIR), where
	// terraform init installs modules: relative to each root module's
	// directory unless absolute; "" means .terraform. It is not walked
	// for inputs.
	TFDataDir string
	// Exclude are globs of paths the directory walks skip (a path named
	// on the command line is read all the same).
	Exclude []Glob
	// Stacks are groups of files that form one graph each, apart from
	// the rest of the inputs (Result.Stacks); files in no stack form
	// Result.Graph.
	Stacks []Stack
	// Sized, when set, is called once the files to read are known and
	// before any is read, with their total size in bytes and plan 0; again
	// for each file found to be a Terraform plan, before it is parsed, with
	// its size in plan; and with a larger total and plan 0 when the .tf
	// files of a directory are read, counting them too (the command sets
	// the garbage collector's target from them). Calls do not overlap. The
	// total leaves out standard input, whose size is not known before it
	// is read.
	Sized func(total, plan int64)
	// Stdin is what the path "-" reads (bounded like a file).
	Stdin io.Reader
}

// Result is everything Load read.
type Result struct {
	// Graph is the graph of the inputs in no stack (of every input when
	// Options.Stacks is empty).
	Graph *parsers.Graph
	// Stacks are the graphs of the stacks that hold inputs, in the
	// order of Options.Stacks.
	Stacks []StackGraph
	// Inputs are the files linted, sorted.
	Inputs []string
	// Errors are inputs that could not be read (EB900), sorted by file and
	// position.
	Errors []*parsers.ParseError
	// Notices are warnings about the run that are not failures: a
	// --parameter that no template declares, .tf files that do not parse
	// (findings then point into the plan JSON instead), no input found;
	// sorted by position.
	Notices []parsers.Notice
}

// skipDirs are directories never walked (unless named).
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true}

// skipDir reports whether a walk skips the directory path: one of
// skipDirs, or a CDK asset directory (asset.*) of a cloud assembly, whose
// bundled application code holds no template (the cloud assembly's own
// templates, beside it, are read).
func skipDir(path string) bool {
	name := filepath.Base(path)
	if skipDirs[name] {
		return true
	}
	return strings.HasPrefix(name, "asset.") && cloudAssembly(filepath.Dir(path))
}

// cloudAssembly reports whether dir is a CDK cloud assembly: named cdk.out
// (CDK's default output directory), or holding the cdk.out file with the
// assembly's schema version that CDK writes into every assembly.
func cloudAssembly(dir string) bool {
	if filepath.Base(dir) == "cdk.out" {
		return true
	}
	info, err := os.Stat(filepath.Join(dir, "cdk.out"))
	return err == nil && info.Mode().IsRegular()
}

// candidate reports whether a walked file may be an input.
func candidate(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	k, ok := ebextensions.Classify(path)
	return ok && k == ebextensions.ConfigFile
}

// Stdin is the path that names standard input.
const Stdin = "-"

// file is one input to read.
type file struct {
	path     string
	info     fs.FileInfo // for telling names of one file apart from files
	explicit bool        // the user named it
	linked   bool        // found while walking, through a symbolic link
	stdin    io.Reader   // standard input, for the path "-"
}

// outcome is what reading one file produced.
type outcome struct {
	tmpl   *cloudformation.Template
	plan   *terraform.Plan
	eb     *ebextensions.File
	err    *parsers.ParseError
	notice *parsers.Notice // a walked file not read, and why
}

// Load reads every path (files and directories), parses the templates and
// builds one graph, or one per stack when opts.Stacks are given. One broken
// file never stops the others.
func Load(paths []string, opts Options) *Result {
	res := &Result{Graph: parsers.NewGraph()}
	found := discover(paths, opts.Exclude, opts.TFDataDir, opts.Stdin)
	files := found.files
	res.Errors = append(res.Errors, found.errs...)
	res.Notices = append(res.Notices, found.notices...)
	sizes := &sizer{report: opts.Sized, total: totalSize(files)}
	sizes.found(0)

	outs := make([]outcome, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			outs[i] = read(f, sizes.found)
		}()
	}
	wg.Wait()

	// Each file goes to the first stack that names it, else to the rest
	// (group len(opts.Stacks), whose graph is res.Graph).
	groups := make([]group, len(opts.Stacks)+1)
	var templates []*cloudformation.Template
	for i, o := range outs {
		g := &groups[stackOf(opts.Stacks, files[i].path)]
		switch {
		case o.err != nil:
			res.Errors = append(res.Errors, o.err)
			res.Inputs = append(res.Inputs, files[i].path)
		case o.tmpl != nil:
			templates = append(templates, o.tmpl)
			g.templates = append(g.templates, o.tmpl)
			g.inputs = append(g.inputs, input{t: o.tmpl, info: files[i].info})
			res.Inputs = append(res.Inputs, files[i].path)
		case o.plan != nil:
			g.plans = append(g.plans, o.plan)
			res.Inputs = append(res.Inputs, files[i].path)
		case o.eb != nil:
			g.ebFiles = append(g.ebFiles, o.eb)
			res.Inputs = append(res.Inputs, files[i].path)
			if o.eb.Template != nil {
				g.templates = append(g.templates, o.eb.Template)
			}
		case o.notice != nil:
			res.Notices = append(res.Notices, *o.notice)
		}
	}
	for _, dir := range sortedDirs(found.tfDirs) {
		g := &groups[stackOf(opts.Stacks, dir)]
		if g.tfDirs == nil {
			g.tfDirs = map[string]bool{}
		}
		g.tfDirs[dir] = true
		if vf := found.varFiles[dir]; len(vf) > 0 {
			if g.varFiles == nil {
				g.varFiles = map[string][]string{}
			}
			g.varFiles[dir] = vf
		}
	}
	for i, g := range groups {
		if i == len(opts.Stacks) {
			g.build(res.Graph, opts, sizes, res)
			continue
		}
		if g.empty() {
			continue
		}
		sg := StackGraph{Name: opts.Stacks[i].Name, Graph: parsers.NewGraph()}
		g.build(sg.Graph, opts, sizes, res)
		sg.Graph.Sort()
		res.Stacks = append(res.Stacks, sg)
	}
	res.Notices = append(res.Notices, unusedParameters(templates, opts.Parameters)...)
	res.Notices = append(res.Notices, missingStackFiles(opts.Stacks)...)
	// A variable values file without configuration has a notice of its
	// own; the other paths, if any, found nothing.
	if rest := slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return slices.Contains(found.bare, p) }); len(rest) > 0 && len(res.Inputs) == 0 && len(res.Errors) == 0 {
		res.Notices = append(res.Notices, nothingFound(rest, found.sawTF, found.ignored))
	}
	res.Graph.Sort()
	sort.Strings(res.Inputs)
	sortErrors(res.Errors)
	slices.SortStableFunc(res.Notices, func(a, b parsers.Notice) int {
		return a.Loc.Start().Compare(b.Loc.Start())
	})
	return res
}

// Stack names the files of one graph: those matching one of Files.
type Stack struct {
	Name  string
	Files []Glob
	// Loc is where the stack is declared (the configuration file).
	Loc parsers.Location
}

// StackGraph is the graph of one stack's files.
type StackGraph struct {
	Name  string
	Graph *parsers.Graph
}

// missingStackFiles reports the files stacks name literally (no wildcard)
// that do not exist: a misspelt name would otherwise leave the file in the
// graph of the files in no stack without a word.
func missingStackFiles(stacks []Stack) []parsers.Notice {
	var out []parsers.Notice
	for _, s := range stacks {
		for _, g := range s.Files {
			if strings.ContainsAny(g.Pattern, "*?[") {
				continue
			}
			if _, err := os.Stat(filepath.Join(g.Base, filepath.FromSlash(g.Pattern))); err != nil {
				out = append(out, parsers.Notice{Loc: s.Loc, Msg: fmt.Sprintf("stack %s: %s: %s", s.Name, g.Pattern, parsers.PathErrorText(err))})
			}
		}
	}
	return out
}

// stackOf is the index of the first stack naming path, else len(stacks).
func stackOf(stacks []Stack, path string) int {
	for i, s := range stacks {
		if matchAny(s.Files, path) {
			return i
		}
	}
	return len(stacks)
}

// group is what one graph is built from.
type group struct {
	templates []*cloudformation.Template
	inputs    []input
	plans     []*terraform.Plan
	ebFiles   []*ebextensions.File
	tfDirs    map[string]bool
	varFiles  map[string][]string // see discovery.varFiles
}

func (g *group) empty() bool {
	return len(g.templates)+len(g.plans)+len(g.ebFiles)+len(g.tfDirs) == 0
}

// build adds the group's inputs to graph; errors, notices and the nested
// templates read go to res; sizes learns the size of the .tf files read.
func (g *group) build(graph *parsers.Graph, opts Options, sizes *sizer, res *Result) {
	gres := &Result{Graph: graph}
	nested := newNestedReader(g.inputs)
	gres.Errors = append(gres.Errors, cloudformation.Build(graph, g.templates, cloudformation.Options{Parameters: opts.Parameters, Nested: nested.open})...)
	for _, p := range nested.paths {
		if !slices.Contains(res.Inputs, p) {
			res.Inputs = append(res.Inputs, p)
		}
	}
	sources := loadSources(g.plans, opts.TFSource, opts.TFDataDir, sizes, gres)
	for _, p := range g.plans {
		gres.Errors = append(gres.Errors, terraform.Build(graph, p, sources[p.Path])...)
	}
	lintConfigurations(g.tfDirs, g.varFiles, g.plans, sources, opts, sizes, gres)
	gres.Notices = append(gres.Notices, ebextensions.Apply(graph, g.ebFiles, opts.Environments)...)
	res.Errors = append(res.Errors, gres.Errors...)
	res.Notices = append(res.Notices, gres.Notices...)
	for _, in := range gres.Inputs {
		if !slices.Contains(res.Inputs, in) {
			res.Inputs = append(res.Inputs, in)
		}
	}
}

// loadSources indexes the .tf source of every plan: the --tf-source
// directory, else the plan file's directory when it holds .tf files. Each
// directory is read once; its errors become notices (findings then fall
// back to plan JSON positions). sizes learns the size of the files read.
func loadSources(plans []*terraform.Plan, explicit, dataDir string, sizes *sizer, res *Result) map[string]*tfsource.Index {
	byDir := map[string]*tfsource.Index{}
	out := map[string]*tfsource.Index{}
	for _, p := range plans {
		dir := explicit
		if dir == "" {
			dir = filepath.Dir(p.Path)
			if !hasTFFiles(dir) {
				continue
			}
		}
		ix, ok := byDir[dir]
		if !ok {
			var errs []*parsers.ParseError
			ix, errs = tfsource.Load(dir, dataDir)
			sizes.read(ix)
			byDir[dir] = ix
			for _, e := range errs {
				res.Notices = append(res.Notices, parsers.Notice{Loc: e.Loc, Msg: e.Msg})
			}
			res.Notices = append(res.Notices, ix.Notices()...)
		}
		out[p.Path] = ix
	}
	return out
}

// hasTFFiles reports whether dir holds a .tf file.
func hasTFFiles(dir string) bool {
	matches, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	return err == nil && len(matches) > 0
}

// unusedParameters reports parameter values that no template declares: a
// misspelt name would otherwise leave the parameter it meant unknown without
// a word. Pseudo parameters (AWS::Region) are always used.
func unusedParameters(templates []*cloudformation.Template, params map[string]string) []parsers.Notice {
	if len(templates) == 0 {
		return nil
	}
	var out []parsers.Notice
	names := slices.Sorted(maps.Keys(params))
	for _, name := range names {
		if strings.HasPrefix(name, "AWS::") || slices.ContainsFunc(templates, func(t *cloudformation.Template) bool { return t.DeclaresParameter(name) }) {
			continue
		}
		out = append(out, parsers.Notice{
			Msg: fmt.Sprintf("--parameter %s: no linted template declares this parameter, so its value is not used (is the name misspelt?)", name),
		})
	}
	return out
}

// nothingFound is the notice for a run that found no input at all, so that
// "No problems found" is not mistaken for a checked configuration.
func nothingFound(paths []string, sawTF bool, ignored int) parsers.Notice {
	msg := fmt.Sprintf("no CloudFormation template or Terraform plan found in %s", strings.Join(paths, ", "))
	if ignored > 0 {
		msg += fmt.Sprintf(" (files and directories skipped as .gitignore'd or excluded: %d; name one to lint it)", ignored)
	}
	if sawTF {
		msg += "; for Terraform configurations (.tf files) beanlint reads the JSON plan: " +
			"terraform plan -out=plan.out && terraform show -json plan.out > plan.json"
	}
	return parsers.Notice{Msg: msg}
}

// discovery is what expanding the paths of a run found.
type discovery struct {
	files []file
	sawTF bool // a walked directory holds Terraform configuration files
	// tfDirs are the directories holding .tf files (walked, or named).
	tfDirs map[string]bool
	// varFiles are the variable values files named that Terraform does not
	// load by itself (prod.tfvars), by directory as in tfDirs.
	varFiles map[string][]string
	// bare are the variable values files named in a directory without
	// configuration: nothing is linted for them (a notice says so).
	bare    []string
	errs    []*parsers.ParseError
	notices []parsers.Notice
	// exclude are the globs of --exclude and the configuration; ignores
	// are the .gitignore stacks of the directories walked, by path as
	// walked.
	exclude []Glob
	// excluding is false while walking a directory that was named
	// although excluded: it is read in full.
	excluding bool
	ignores   map[string]gitignore.Stack
	ignored   int    // entries skipped as excluded or .gitignore'd
	dataDir   string // TF_DATA_DIR: not walked, as .terraform is not
}

// discover expands paths into files, sorted, each file once whatever the
// names it was reached by. Walks skip what exclude or a .gitignore
// ignores, and Terraform's data directory dataDir (see
// Options.TFDataDir); a path named is always read.
func discover(paths []string, exclude []Glob, dataDir string, stdin io.Reader) *discovery {
	d := &discovery{exclude: exclude, ignores: map[string]gitignore.Stack{}, dataDir: dataDir}
	var fromStdin []file
	for _, root := range paths {
		if root == Stdin {
			switch {
			case stdin == nil:
				d.fail(root, "cannot read standard input", nil)
			case len(fromStdin) == 0:
				fromStdin = append(fromStdin, file{path: Stdin, explicit: true, stdin: stdin})
			}
			continue
		}
		info, err := os.Stat(root)
		if err != nil {
			d.fail(root, "cannot read: "+parsers.PathErrorText(err), err)
			continue
		}
		if !info.IsDir() {
			switch {
			case terraformFile(root):
				d.addTFDir(root) // the configuration of its directory, as naming that does
			case varsFile(root):
				d.addVarsFile(root)
			default:
				d.add(root, info, true, false)
			}
			continue
		}
		if fi, err := os.Lstat(root); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			root += string(filepath.Separator) // WalkDir does not follow a link, even as its root
		}
		if err := d.startWalk(root); err != nil {
			d.fail(root, "cannot read its .gitignore: "+parsers.PathErrorText(err), err)
			continue
		}
		if err := filepath.WalkDir(root, d.visit(root)); err != nil {
			d.fail(root, "cannot walk: "+parsers.PathErrorText(err), err)
		}
	}
	d.files = append(dropDuplicates(d.files), fromStdin...)
	return d
}

// totalSize is the total size of files, as far as they can be examined.
func totalSize(files []file) int64 {
	var total int64
	for _, f := range files {
		if info, err := os.Stat(f.path); err == nil {
			total += info.Size()
		}
	}
	return total
}

// startWalk sets up the walk of the directory root: the .gitignore files
// from the top of its repository down to it, and the excludes, neither when
// root itself is ignored or excluded (the user named it: it is read in
// full).
func (d *discovery) startWalk(root string) error {
	d.excluding = !matchAny(d.exclude, root)
	abs, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	s, _, err := gitignore.ForRoot(abs)
	d.ignores[filepath.Clean(root)] = s // as filepath.Dir gives it for its entries
	return err
}

// walkSkips reports whether a walk skips path, an entry of a walked
// directory: excluded, ignored by a .gitignore, or a directory no walk
// enters (skipDir). For a directory it walks, it sets up its .gitignore
// stack.
func (d *discovery) walkSkips(path string, isDir bool) (bool, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false, err
	}
	parent := d.ignores[filepath.Dir(path)]
	if (d.excluding && matchAny(d.exclude, path)) || parent.Ignored(abs, isDir) {
		d.ignored++
		return true, nil
	}
	if isDir && (skipDir(path) || d.isDataDir(path)) {
		return true, nil
	}
	if isDir {
		s, err := parent.Enter(abs)
		d.ignores[path] = s
		return false, err
	}
	return false, nil
}

// visit is the filepath.WalkDir function for the directory root.
func (d *discovery) visit(root string) fs.WalkDirFunc {
	return func(path string, entry fs.DirEntry, err error) error {
		if err == nil && path != root {
			skip, serr := d.walkSkips(path, entry.IsDir())
			switch {
			case serr != nil:
				d.fail(path, "cannot read its .gitignore: "+parsers.PathErrorText(serr), serr)
			case skip && entry.IsDir():
				return filepath.SkipDir
			case skip:
				return nil
			}
		}
		if err == nil && !entry.IsDir() && terraformFile(path) {
			d.addTFDir(path)
		}
		switch {
		case err != nil:
			d.fail(path, "cannot read: "+parsers.PathErrorText(err), err)
		case entry.IsDir():
		case entry.Type()&fs.ModeSymlink != 0:
			d.followLink(path)
		case entry.Type().IsRegular():
			if candidate(path) {
				if info, err := entry.Info(); err != nil {
					d.fail(path, "cannot read: "+parsers.PathErrorText(err), err)
				} else {
					d.add(path, info, false, false)
				}
			}
		case candidate(path):
			d.skip(path, "not a regular file")
		}
		return nil
	}
}

// followLink adds the file a symbolic link found while walking points to.
// A link to a directory is not followed: it may lead out of the tree being
// linted or back into it (a cycle), so the run says so instead; naming the
// directory lints it.
func (d *discovery) followLink(path string) {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		if candidate(path) {
			d.skip(path, "cannot follow the symbolic link: "+parsers.PathErrorText(err))
		}
	case info.IsDir():
		if !skipDir(path) {
			d.skip(path, "a symbolic link to a directory, which beanlint does not follow; name the directory to lint it")
		}
	case !candidate(path):
	case info.Mode().IsRegular():
		d.add(path, info, false, true)
	default:
		d.skip(path, "a symbolic link to something that is not a regular file")
	}
}

// isDataDir reports whether the directory path is Terraform's data
// directory as TF_DATA_DIR sets it: that directory when absolute, else the
// one of that relative path in any directory (a root module's).
func (d *discovery) isDataDir(path string) bool {
	if d.dataDir == "" {
		return false
	}
	data := filepath.Clean(d.dataDir)
	if filepath.IsAbs(data) {
		abs, err := filepath.Abs(path)
		return err == nil && abs == data
	}
	path = filepath.Clean(path)
	return path == data || strings.HasSuffix(path, string(filepath.Separator)+data)
}

// terraformFile reports whether path names a Terraform configuration file.
func terraformFile(path string) bool {
	return strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tf.json")
}

// varsFile reports whether path names a Terraform variable values file.
func varsFile(path string) bool {
	return strings.HasSuffix(path, ".tfvars") || strings.HasSuffix(path, ".tfvars.json")
}

// autoLoaded reports whether Terraform loads the variable values file path
// by itself: terraform.tfvars, terraform.tfvars.json, *.auto.tfvars and
// *.auto.tfvars.json in the root module's directory. Any other applies only
// with -var-file.
func autoLoaded(path string) bool {
	base := filepath.Base(path)
	return base == "terraform.tfvars" || base == "terraform.tfvars.json" ||
		strings.HasSuffix(base, ".auto.tfvars") || strings.HasSuffix(base, ".auto.tfvars.json")
}

// addVarsFile records a variable values file named on the command line: it
// stands for the configuration of its directory, as a named .tf file does
// (a hook or an editor passing changed files), and is no template or plan
// to sniff. A directory without configuration has nothing to lint, which a
// notice says, as for a named directory without inputs.
func (d *discovery) addVarsFile(path string) {
	dir := filepath.Dir(path)
	if !hasConfigFiles(dir) {
		d.bare = append(d.bare, path)
		d.notices = append(d.notices, parsers.Notice{
			Loc: parsers.Location{File: path},
			Msg: fmt.Sprintf("no Terraform configuration (.tf or .tf.json files) in %s, the directory of this variable values file, so nothing is linted for it "+
				"(to lint a configuration elsewhere with its values: --var-file %s and that configuration's directory)", dir, path),
		})
		return
	}
	d.addTFDir(path)
	if !autoLoaded(path) {
		if d.varFiles == nil {
			d.varFiles = map[string][]string{}
		}
		d.varFiles[dir] = append(d.varFiles[dir], path)
	}
}

// hasConfigFiles reports whether dir holds a .tf or .tf.json file.
func hasConfigFiles(dir string) bool {
	if hasTFFiles(dir) {
		return true
	}
	matches, err := filepath.Glob(filepath.Join(dir, "*.tf.json"))
	return err == nil && len(matches) > 0
}

// addTFDir records the directory of the Terraform configuration file path.
func (d *discovery) addTFDir(path string) {
	d.sawTF = true
	if d.tfDirs == nil {
		d.tfDirs = map[string]bool{}
	}
	d.tfDirs[filepath.Dir(path)] = true
}

func (d *discovery) add(path string, info fs.FileInfo, explicit, linked bool) {
	d.files = append(d.files, file{path: filepath.Clean(path), info: info, explicit: explicit, linked: linked})
}

func (d *discovery) fail(path, msg string, err error) {
	d.errs = append(d.errs, &parsers.ParseError{Loc: parsers.Location{File: path}, Msg: msg, Err: err})
}

// skip notes that path was not read, and why; once, also when a directory
// is walked twice.
func (d *discovery) skip(path, why string) {
	if n := skipNotice(path, why); !slices.Contains(d.notices, n) {
		d.notices = append(d.notices, n)
	}
}

// dropDuplicates sorts files by path and keeps one name of each file: a
// template reached twice (a symbolic link beside its target, two spellings
// of one path, a hard link) would otherwise enter the graph twice. It keeps
// a name the user gave, else one not reached through a link, else the first
// in path order.
func dropDuplicates(files []file) []file {
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.path, b.path) })
	var out []file
	bySize := map[int64][]int{} // indexes into out
	for _, f := range files {
		size := f.info.Size()
		i := slices.IndexFunc(bySize[size], func(i int) bool { return os.SameFile(out[i].info, f.info) })
		if i < 0 {
			bySize[size] = append(bySize[size], len(out))
			out = append(out, f)
			continue
		}
		if kept := &out[bySize[size][i]]; f.betterName(*kept) {
			*kept = f
		}
	}
	return out
}

// betterName reports whether f is a better name than g for the file both
// name: one the user gave, else one not reached through a link.
func (f file) betterName(g file) bool {
	if f.explicit != g.explicit {
		return f.explicit
	}
	return g.linked && !f.linked
}

// sizer reports the size of the inputs and of each plan among them to
// Options.Sized, one call at a time (files are read concurrently).
type sizer struct {
	report func(total, plan int64)
	total  int64
	mu     sync.Mutex
}

// found reports a plan of size bytes (0: none, the first report).
func (s *sizer) found(size int) {
	if s.report == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.report(s.total, int64(size))
}

// read adds the .tf files of ix to the total and reports it.
func (s *sizer) read(ix *tfsource.Index) {
	if s.report == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total += ix.Size()
	s.report(s.total, 0)
}

// read sniffs and parses one file; planFound learns the size of a plan
// before it is parsed. Reading is bounded: at most maxTemplateSize bytes,
// or maxPlanSize for a file that starts like a Terraform plan.
func read(f file, planFound func(size int)) outcome {
	in, err := f.open()
	if err != nil {
		return f.failed("cannot read: "+parsers.PathErrorText(err), err)
	}
	defer in.Close()
	err = in.ReadUpTo(maxTemplateSize)
	if errors.Is(err, textfile.ErrTooLarge) && planPrefix(in.Text()[:maxTemplateSize]) {
		if err = in.ReadUpTo(maxPlanSize); errors.Is(err, textfile.ErrTooLarge) {
			return f.failed(textfile.TooLargeText(maxPlanSize, "Terraform plan"), nil)
		}
	}
	if err != nil && !errors.Is(err, textfile.ErrTooLarge) {
		return f.failed("cannot read: "+parsers.PathErrorText(err), err)
	}
	data := in.Text()
	complete := err == nil
	if k, ok := ebextensions.Classify(f.path); ok && complete && bytes.IndexByte(data, 0) < 0 {
		ef, err := ebextensions.Parse(f.path, k, data)
		switch {
		case err != nil:
			return outcome{err: asParseError(f.path, err)}
		case ef != nil:
			return outcome{eb: ef}
		}
	}
	switch {
	case bytes.IndexByte(data, 0) >= 0:
		return f.notRead(textfile.NotText)
	case complete && terraform.Sniff(data):
		planFound(len(data))
		p, err := terraform.Parse(f.path, data)
		if err != nil {
			return outcome{err: asParseError(f.path, err)}
		}
		return outcome{plan: p}
	case len(data) > maxTemplateSize:
		// Too large for a template: an error when the user named it or it
		// looks like one, else a notice (it was perhaps never an input).
		why := textfile.TooLargeText(maxTemplateSize, "template")
		if f.explicit || cloudformation.Sniff(data[:maxTemplateSize]) {
			return f.failed(why, nil)
		}
		return f.skipped(why)
	case cloudformation.Sniff(data):
		t, err := cloudformation.Parse(f.path, data)
		if err != nil {
			return outcome{err: asParseError(f.path, err)}
		}
		return outcome{tmpl: t}
	case f.explicit:
		return f.failed("not a CloudFormation template or Terraform plan", nil)
	}
	return outcome{}
}

// open opens the file, or standard input for "-".
func (f file) open() (*textfile.Input, error) {
	if f.stdin != nil {
		return textfile.NewInput(f.stdin), nil
	}
	return textfile.Open(f.path)
}

// failed is the outcome of a file that could not be read (EB900).
func (f file) failed(msg string, err error) outcome {
	return outcome{err: &parsers.ParseError{Loc: parsers.Location{File: f.path}, Msg: msg, Err: err}}
}

// skipped is the outcome of a file found while walking that was not read.
func (f file) skipped(why string) outcome {
	n := skipNotice(f.path, why)
	return outcome{notice: &n}
}

// skipNotice says that a file found while walking was not read, and why.
func skipNotice(path, why string) parsers.Notice {
	return parsers.Notice{Loc: parsers.Location{File: path}, Msg: "skipped: " + why}
}

// notRead is the outcome of a file that cannot be read as text: an error
// when the user named it, else a notice.
func (f file) notRead(why string) outcome {
	if f.explicit {
		return f.failed(why, nil)
	}
	return f.skipped(why)
}

func asParseError(path string, err error) *parsers.ParseError {
	var pe *parsers.ParseError
	if errors.As(err, &pe) {
		return pe
	}
	return &parsers.ParseError{Loc: parsers.Location{File: path}, Msg: err.Error(), Err: err}
}

// planPrefix reports whether a file too large for a template starts like a
// Terraform plan: Terraform writes format_version first.
func planPrefix(data []byte) bool {
	head := bytes.TrimLeft(data[:min(len(data), 4096)], " \t\r\n")
	return len(head) > 0 && head[0] == '{' && bytes.Contains(head, []byte(`"format_version"`))
}

// sortErrors orders errors by file, line and column.
func sortErrors(errs []*parsers.ParseError) {
	slices.SortStableFunc(errs, func(a, b *parsers.ParseError) int {
		return a.Loc.Start().Compare(b.Loc.Start())
	})
}
