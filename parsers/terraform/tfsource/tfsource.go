// Package tfsource indexes Terraform configuration (.tf files) so that
// findings about a plan can be placed on the source lines that declare the
// resource, attribute or `setting` block at fault, and so that
// `# beanlint:ignore` comments above a resource block suppress findings.
//
// Both syntaxes are read: HCL native syntax (*.tf) and JSON (*.tf.json,
// where "//" keys of a resource object hold `beanlint:ignore` suppressions,
// JSON having no comments). Module blocks whose source is a local path
// ("./x", "../x") are followed. Modules from a registry, Git or any other
// remote source are followed into the directory `terraform init` installed
// them in, as .terraform/modules/modules.json records it, when the root
// module has one; their code is not the repository's own, so locations in
// them are given on the module call that leads there (FetchedResource
// gives the block itself). Without a manifest they are not indexed, and
// the caller falls back to positions in the plan JSON.
package tfsource

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/textfile"
)

// maxDepth bounds how deep module calls are followed.
const maxDepth = 32

// MaxFileSize is the largest .tf or .tf.json file read (10 MiB, as a
// CloudFormation template): reading is bounded, so a pipe or a file that
// never ends is never read forever.
const MaxFileSize = 10 << 20

// Index locates the blocks of a Terraform configuration and of the local
// modules it calls. A nil *Index is valid and finds nothing.
type Index struct {
	files     []string
	resources map[string]*block           // by moduleKey + "\x00" + address
	modules   map[string]parsers.Location // `module` blocks by moduleKey of their path
	// calls are the arguments and suppressions of `module` blocks by
	// moduleKey of their path.
	calls   map[string]*callInfo
	configs map[string]*Module // HCL configuration by moduleKey of the path
	// fetched marks, by moduleKey of their path, the modules read from
	// .terraform/modules: installed by terraform init, not committed.
	fetched map[string]bool
	// initialised is true when the root module has a module manifest.
	initialised bool
	// byPath are the indexed files by path (see Text and Loc).
	byPath map[string]*file
	// moduleDirs are the directories of the modules followed, the root's
	// excepted (see ModuleDirs).
	moduleDirs map[string]bool
	manifest   string // the module manifest's path as TF_DATA_DIR gives it, relative to the root unless absolute
	notices    []parsers.Notice
}

// callInfo is what a `module` block's own lines say.
type callInfo struct {
	args    map[string]parsers.Location // argument → its expression
	ignores []parsers.Suppression
}

// block is one indexed resource or data block.
type block struct {
	loc      parsers.Location
	attrs    map[string]parsers.Location // top-level attribute → its expression
	nested   map[string]parsers.Location // nested block type → its first block
	dynamics map[string]parsers.Location // block type → its first `dynamic` block
	settings map[string]parsers.Location // parsers.SettingKey → the setting block
	ignores  []parsers.Suppression
}

func moduleKey(module []string) string { return strings.Join(module, "\x00") }

func resourceKey(module []string, address string) string {
	return moduleKey(module) + "\x01" + address
}

// Load parses the *.tf files of dir and, recursively, of the local module
// sources ("./x", "../x") that module blocks call. File paths in locations
// are dir joined with the file's path (relative when dir is relative). HCL
// errors are returned (the caller reports them as notices and falls back to
// plan JSON positions); the files that parsed are still indexed.
//
// Modules from other sources are read from the directories that the
// module manifest of dir records (modules/modules.json in the data
// directory dataDir, TF_DATA_DIR: DefaultDataDir when "", relative to dir
// unless absolute), never outside that modules directory; Notices reports
// what of the manifest could not be used.
func Load(dir, dataDir string) (*Index, []*parsers.ParseError) {
	l := &loader{
		ix:     &Index{resources: map[string]*block{}, modules: map[string]parsers.Location{}, configs: map[string]*Module{}, calls: map[string]*callInfo{}, fetched: map[string]bool{}},
		parsed: map[string][]*file{},
	}
	dir = filepath.Clean(dir)
	tree := moduleTree(dir, dataDir)
	l.ix.manifest = manifestPath(cmp.Or(dataDir, DefaultDataDir))
	l.installed, l.ix.initialised, l.ix.notices = readManifest(dir, tree)
	l.module(dir, nil, nil, parsers.Location{})
	sort.Strings(l.ix.files)
	slices.SortStableFunc(l.errs, func(a, b *parsers.ParseError) int {
		return a.Loc.Start().Compare(b.Loc.Start())
	})
	return l.ix, l.errs
}

// loader walks a configuration's module tree.
type loader struct {
	ix     *Index
	errs   []*parsers.ParseError
	parsed map[string][]*file // by directory: each directory is read once
	seen   map[string]bool    // files already listed in ix.files
	// installed are the module directories of the root's manifest by
	// moduleKey of their call path ("" for one not read); nil when there
	// is no manifest or it could not be read.
	installed map[string]string
}

// module indexes the files of dir as the module at path. chain holds the
// absolute directories of the calls leading here (cycle guard); from is the
// `source` attribute that called it.
func (l *loader) module(dir string, path, chain []string, from parsers.Location) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	if len(path) > 0 {
		if l.ix.moduleDirs == nil {
			l.ix.moduleDirs = map[string]bool{}
		}
		l.ix.moduleDirs[filepath.Clean(dir)] = true
	}
	files, ok := l.dir(dir, from, l.ix.fetched[moduleKey(path)])
	if !ok {
		return
	}
	chain = append(chain[:len(chain):len(chain)], abs)
	for _, f := range files {
		if f.body == nil {
			body, diags := nativeBody(f.jsonBody)
			l.errs = append(l.errs, f.diagErrors(diags)...)
			l.ix.configOf(path, dir).record(body)
			l.jsonModule(f, dir, path, chain)
			continue
		}
		l.ix.configOf(path, dir).record(f.body)
		for _, b := range f.body.Blocks {
			switch {
			case (b.Type == "resource" || b.Type == "data") && len(b.Labels) == 2:
				l.resource(path, b.Type, b.Labels[0], b.Labels[1], func() (*block, []*parsers.ParseError) { return f.block(b) })
			case b.Type == "module" && len(b.Labels) == 1:
				var src hcl.Expression
				if attr, ok := b.Body.Attributes["source"]; ok {
					src = attr.Expr
				}
				l.callInfo(f, b, path)
				l.call(f, b.Labels[0], b.Range(), src, dir, path, chain)
			}
		}
	}
}

// resource indexes a resource or data block of the module at path, unless
// one of that address is indexed already.
func (l *loader) resource(path []string, kind, typ, name string, index func() (*block, []*parsers.ParseError)) {
	addr := typ + "." + name
	if kind == "data" {
		addr = "data." + addr
	}
	k := resourceKey(path, addr)
	if _, dup := l.ix.resources[k]; dup {
		return
	}
	blk, errs := index()
	l.ix.resources[k] = blk
	l.errs = append(l.errs, errs...)
}

// callInfo records the argument locations and the suppressions of a
// native-syntax `module` block of the module at path.
func (l *loader) callInfo(f *file, b *hclsyntax.Block, path []string) {
	k := moduleKey(append(path[:len(path):len(path)], b.Labels[0]))
	if _, dup := l.ix.calls[k]; dup {
		return
	}
	ignores, errs := f.ignores(b.TypeRange.Start.Byte)
	l.errs = append(l.errs, errs...)
	ci := &callInfo{args: map[string]parsers.Location{}, ignores: ignores}
	for name, a := range b.Body.Attributes {
		ci.args[name] = f.loc(a.Expr.Range())
	}
	l.ix.calls[k] = ci
}

// call indexes a `module "name"` block (at rng, with its source expression
// or nil) and follows its source: a local one by its path, any other (and
// every module inside one) into the directory the manifest records.
func (l *loader) call(f *file, name string, rng hcl.Range, source hcl.Expression, dir string, path, chain []string) {
	child := append(path[:len(path):len(path)], name)
	k := moduleKey(child)
	if _, dup := l.ix.modules[k]; dup {
		return
	}
	l.ix.modules[k] = f.loc(rng)
	if source == nil {
		return
	}
	src, ok := literal(source)
	at := f.loc(source.Range())
	next := filepath.Join(dir, filepath.FromSlash(src))
	if inFetched := l.ix.fetched[moduleKey(path)]; inFetched || !ok || !IsLocalSource(src) {
		// Installed by terraform init: its directory is the manifest's.
		installed, has := l.installed[k]
		if installed == "" {
			if !has && l.installed != nil {
				l.ix.notices = append(l.ix.notices, parsers.Notice{Loc: at, Msg: fmt.Sprintf("module %q is not in %s: run `terraform init` again so beanlint reads its source", name, l.ix.manifest)})
			}
			return
		}
		next = installed
		l.ix.fetched[k] = true
	}
	abs, err := filepath.Abs(next)
	if err != nil {
		abs = next
	}
	for _, c := range chain {
		if c == abs {
			l.errs = append(l.errs, &parsers.ParseError{Loc: at, Msg: fmt.Sprintf("module %q calls %q, which is already on its call chain (a module cycle); not followed", name, src)})
			return
		}
	}
	if len(child) > maxDepth {
		l.errs = append(l.errs, &parsers.ParseError{Loc: at, Msg: fmt.Sprintf("module %q: module calls nested deeper than %d; not followed", name, maxDepth)})
		return
	}
	l.module(next, child, chain, at)
}

// dir reads and parses the *.tf and *.tf.json files of dir, once per
// directory.
//
// In a fetched module (confined) symbolic links are not followed, so that
// nothing outside .terraform/modules is read through the manifest.
func (l *loader) dir(dir string, from parsers.Location, confined bool) ([]*file, bool) {
	if files, ok := l.parsed[dir]; ok {
		return files, true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		loc := from
		if loc.IsZero() {
			loc = parsers.Location{File: dir}
		}
		l.errs = append(l.errs, &parsers.ParseError{Loc: loc, Msg: "cannot read Terraform configuration directory " + dir + ": " + parsers.PathErrorText(err), Err: err})
		return nil, false
	}
	var files []*file
	for _, e := range entries {
		if !(strings.HasSuffix(e.Name(), ".tf") || strings.HasSuffix(e.Name(), ".tf.json")) || e.IsDir() {
			continue
		}
		if confined && !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		f, errs := parseFile(path)
		if f != nil {
			errs = f.invalidSettings()
		}
		l.errs = append(l.errs, errs...)
		if len(errs) > 0 {
			continue // not indexed, as a file with syntax errors is not
		}
		files = append(files, f)
		if l.seen == nil {
			l.seen = map[string]bool{}
		}
		if !l.seen[path] {
			l.seen[path] = true
			l.ix.files = append(l.ix.files, path)
			if l.ix.byPath == nil {
				l.ix.byPath = map[string]*file{}
			}
			l.ix.byPath[path] = f
		}
	}
	l.parsed[dir] = files
	return files, true
}

// literal returns the value of an expression that is a plain string
// literal ("aws:ec2:vpc"), with no references or function calls.
func literal(e hcl.Expression) (string, bool) {
	if len(e.Variables()) > 0 {
		return "", false
	}
	if _, isCall := e.(*hclsyntax.FunctionCallExpr); isCall {
		return "", false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
		return "", false
	}
	return v.AsString(), true
}

// Resource returns the location of the resource or data block address
// ("aws_subnet.private", "data.aws_vpc.main") in the module at path module
// (call names from the root: module.vpc[0].module.sub → ["vpc", "sub"]):
// from the line with the block type and labels to its closing brace.
//
// In a module installed by terraform init (see Load) the location is the
// outermost `module` block of the repository's own files that leads there:
// the line a user can change, and the one code-scanning alerts can land on.
// The same holds for Attribute, Setting and Dynamic.
func (ix *Index) Resource(module []string, address string) (parsers.Location, bool) {
	b := ix.find(module, address)
	if b == nil {
		return parsers.Location{}, false
	}
	return ix.committed(module, b.loc), true
}

// FetchedResource returns the location of a resource or data block inside
// a module installed by terraform init (under .terraform/modules, not
// committed): the path into the module, where Resource gives the module
// call. false for blocks of the repository's own files.
func (ix *Index) FetchedResource(module []string, address string) (parsers.Location, bool) {
	b := ix.find(module, address)
	if b == nil || !ix.Fetched(module) {
		return parsers.Location{}, false
	}
	return b.loc, true
}

// FetchedAttributes returns the locations inside a module installed by
// terraform init of a resource's top-level attributes' expressions and of
// the first nested (or `dynamic`) block of each type, by name (as
// Attribute finds them): the lines a related location points to inside
// the module. nil for blocks of the repository's own files.
func (ix *Index) FetchedAttributes(module []string, address string) map[string]parsers.Location {
	b := ix.find(module, address)
	if b == nil || !ix.Fetched(module) || len(b.attrs)+len(b.nested) == 0 {
		return nil
	}
	out := make(map[string]parsers.Location, len(b.attrs)+len(b.nested))
	for name, loc := range b.nested {
		out[name] = loc
	}
	for name, loc := range b.attrs {
		out[name] = loc
	}
	return out
}

// Fetched reports whether the module at path was read from the directory
// terraform init installed it in (a registry or Git module, or a module
// inside one).
func (ix *Index) Fetched(module []string) bool {
	return ix != nil && len(module) > 0 && ix.fetched[moduleKey(module)]
}

// Initialised reports whether the root module has a module manifest
// (.terraform/modules/modules.json): terraform init has run.
func (ix *Index) Initialised() bool { return ix != nil && ix.initialised }

// Manifest returns the path of the root module's module manifest (read or
// not): modules/modules.json in the Terraform data directory, relative to
// the root module unless the data directory is absolute.
func (ix *Index) Manifest() string {
	if ix == nil {
		return ManifestPath
	}
	return ix.manifest
}

// Notices returns what of the module manifest could not be used: a
// manifest that does not parse, directories outside .terraform/modules,
// module calls it does not list.
func (ix *Index) Notices() []parsers.Notice {
	if ix == nil {
		return nil
	}
	return slices.Clone(ix.notices)
}

// committed returns loc, or for a location in a fetched module the
// outermost module call leading into fetched code (which is in a module
// of the repository's own files).
func (ix *Index) committed(module []string, loc parsers.Location) parsers.Location {
	for i := 1; i <= len(module); i++ {
		if ix.fetched[moduleKey(module[:i])] {
			if call, ok := ix.modules[moduleKey(module[:i])]; ok {
				return call
			}
		}
	}
	return loc
}

// Attribute returns the location of a top-level attribute's expression in
// a resource block, or else of the first nested block of type name (a
// `dynamic "name"` block counts as one: it generates them).
func (ix *Index) Attribute(module []string, address, name string) (parsers.Location, bool) {
	b := ix.find(module, address)
	if b == nil {
		return parsers.Location{}, false
	}
	if loc, ok := b.attrs[name]; ok {
		return ix.committed(module, loc), true
	}
	loc, ok := b.nested[name]
	return ix.committed(module, loc), ok
}

// Setting returns the location of the `setting` block of a resource whose
// namespace and name attributes are the literal strings given (compared
// case-insensitively). Settings built by a `dynamic "setting"` block or
// named by an expression are not found; callers fall back to the resource
// (or to Dynamic).
func (ix *Index) Setting(module []string, address, namespace, name string) (parsers.Location, bool) {
	b := ix.find(module, address)
	if b == nil {
		return parsers.Location{}, false
	}
	loc, ok := b.settings[parsers.SettingKey(namespace, name)]
	return ix.committed(module, loc), ok
}

// Dynamic returns the location of the first `dynamic "blockType"` block of
// a resource (from its `dynamic` keyword to its closing brace). The plan's
// configuration leaves out the expressions of dynamic blocks, so values
// they generate can be placed only here.
func (ix *Index) Dynamic(module []string, address, blockType string) (parsers.Location, bool) {
	b := ix.find(module, address)
	if b == nil {
		return parsers.Location{}, false
	}
	loc, ok := b.dynamics[blockType]
	return ix.committed(module, loc), ok
}

// ModuleCall returns the location of the `module` block that the last
// element of module names, in its parent module's files.
func (ix *Index) ModuleCall(module []string) (parsers.Location, bool) {
	if ix == nil || len(module) == 0 {
		return parsers.Location{}, false
	}
	loc, ok := ix.modules[moduleKey(module)]
	return loc, ok
}

// CallArgument returns the location of argument name of the `module`
// block that the last element of module names.
func (ix *Index) CallArgument(module []string, name string) (parsers.Location, bool) {
	if ix == nil || len(module) == 0 {
		return parsers.Location{}, false
	}
	ci := ix.calls[moduleKey(module)]
	if ci == nil {
		return parsers.Location{}, false
	}
	loc, ok := ci.args[name]
	return loc, ok
}

// CallIgnores returns the suppressions declared by `# beanlint:ignore`
// comment lines directly above the `module` block that the last element of
// module names: they apply to every resource inside the module.
func (ix *Index) CallIgnores(module []string) []parsers.Suppression {
	if ix == nil || len(module) == 0 {
		return nil
	}
	ci := ix.calls[moduleKey(module)]
	if ci == nil || len(ci.ignores) == 0 {
		return nil
	}
	return append([]parsers.Suppression(nil), ci.ignores...)
}

// Ignores returns the suppressions declared by `# beanlint:ignore EB301
// reason` (or `//`) comment lines directly above a resource block: one per
// rule ID (several IDs may be given: EB301,EB302).
func (ix *Index) Ignores(module []string, address string) []parsers.Suppression {
	b := ix.find(module, address)
	if b == nil || len(b.ignores) == 0 {
		return nil
	}
	return append([]parsers.Suppression(nil), b.ignores...)
}

// Text returns the source text of an HCL range of an indexed file (an
// expression as written: "var.enabled ? 1 : 0"); false when the file is
// not indexed or the range is not in it.
func (ix *Index) Text(rng hcl.Range) (string, bool) {
	f := ix.fileOf(rng)
	if f == nil {
		return "", false
	}
	return string(f.src[rng.Start.Byte:rng.End.Byte]), true
}

// Loc converts an HCL range of an indexed file to a location (columns in
// code points); false when the file is not indexed.
func (ix *Index) Loc(rng hcl.Range) (parsers.Location, bool) {
	f := ix.fileOf(rng)
	if f == nil {
		return parsers.Location{}, false
	}
	return f.loc(rng), true
}

// fileOf is the indexed file a range is in, or nil.
func (ix *Index) fileOf(rng hcl.Range) *file {
	if ix == nil {
		return nil
	}
	f := ix.byPath[rng.Filename]
	if f == nil || rng.Start.Byte < 0 || rng.End.Byte > len(f.src) || rng.Start.Byte > rng.End.Byte {
		return nil
	}
	return f
}

// ModuleDirs returns the directories of the modules the configuration
// calls, directly or through other modules, as followed (local paths
// joined to the caller's directory, the directories of the manifest),
// sorted. A directory is listed when a call leads there even if its files
// do not parse.
func (ix *Index) ModuleDirs() []string {
	if ix == nil {
		return nil
	}
	out := make([]string, 0, len(ix.moduleDirs))
	for d := range ix.moduleDirs {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// Files returns every .tf file indexed, sorted.
func (ix *Index) Files() []string {
	if ix == nil {
		return nil
	}
	return append([]string(nil), ix.files...)
}

// Size is the total size of the files read, in bytes.
func (ix *Index) Size() int64 {
	if ix == nil {
		return 0
	}
	var n int64
	for _, f := range ix.byPath {
		n += int64(len(f.src))
	}
	return n
}

// DataSources returns the addresses of the data blocks a .tf file of the
// index declares ("data.aws_region.current"), in order; nil for a file in
// JSON syntax or not indexed.
func (ix *Index) DataSources(path string) []string {
	if ix == nil || ix.byPath[path] == nil || ix.byPath[path].body == nil {
		return nil
	}
	var out []string
	for _, b := range ix.byPath[path].body.Blocks {
		if b.Type == "data" && len(b.Labels) == 2 {
			out = append(out, "data."+b.Labels[0]+"."+b.Labels[1])
		}
	}
	return out
}

func (ix *Index) find(module []string, address string) *block {
	if ix == nil {
		return nil
	}
	return ix.resources[resourceKey(module, address)]
}

// file is one parsed .tf or .tf.json file.
type file struct {
	path  string
	src   []byte
	lines []int           // byte offset of the start of each line
	body  *hclsyntax.Body // nil for JSON syntax
	// top holds the top-level arguments of a .tf.json file ("resource",
	// "data", "module", ...); jsonBody is its body.
	top      hcl.Attributes
	jsonBody hcl.Body
	// comments holds, by line, the comments on lines that hold nothing
	// else; code marks the lines that hold anything but comments.
	comments map[int][]hclsyntax.Token
	code     map[int]bool
}

// parseFile reads and parses one .tf or .tf.json file. A file with syntax
// errors is not indexed (nil) and its errors are returned.
func parseFile(path string) (*file, []*parsers.ParseError) {
	src, err := textfile.Read(path, MaxFileSize, "Terraform configuration file")
	if err != nil {
		return nil, []*parsers.ParseError{{Loc: parsers.Location{File: path}, Msg: "cannot read: " + parsers.PathErrorText(err), Err: err}}
	}
	f := &file{path: path, src: src, lines: lineStarts(src)}
	if strings.HasSuffix(path, ".tf.json") {
		return f.parseJSON()
	}
	hf, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, f.diagErrors(diags)
	}
	body, ok := hf.Body.(*hclsyntax.Body)
	if !ok {
		return nil, []*parsers.ParseError{{Loc: parsers.Location{File: path}, Msg: "not HCL native syntax"}}
	}
	f.body = body
	tokens, diags := hclsyntax.LexConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, f.diagErrors(diags)
	}
	f.scanComments(tokens)
	return f, nil
}

// diagErrors turns HCL error diagnostics into parse errors.
func (f *file) diagErrors(diags hcl.Diagnostics) []*parsers.ParseError {
	var out []*parsers.ParseError
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		loc := parsers.Location{File: f.path}
		if d.Subject != nil {
			loc = f.loc(*d.Subject)
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		out = append(out, &parsers.ParseError{Loc: loc, Msg: "Terraform configuration: " + msg, Err: d})
	}
	return out
}

// scanComments records which lines hold only comments.
func (f *file) scanComments(tokens hclsyntax.Tokens) {
	f.comments = map[int][]hclsyntax.Token{}
	f.code = map[int]bool{}
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
		case hclsyntax.TokenComment:
			start, _ := f.pos(t.Range.Start.Byte)
			end, _ := f.pos(t.Range.Start.Byte + len(strings.TrimRight(string(t.Bytes), "\r\n")))
			for line := start; line <= end; line++ {
				f.comments[line] = append(f.comments[line], t)
			}
		default:
			start, _ := f.pos(t.Range.Start.Byte)
			end, _ := f.pos(t.Range.End.Byte)
			for line := start; line <= end; line++ {
				f.code[line] = true
			}
		}
	}
}

// block indexes a resource or data block; the errors are malformed
// suppression comments above it.
func (f *file) block(b *hclsyntax.Block) (*block, []*parsers.ParseError) {
	ignores, errs := f.ignores(b.TypeRange.Start.Byte)
	out := &block{
		loc:      f.loc(b.Range()),
		attrs:    map[string]parsers.Location{},
		nested:   map[string]parsers.Location{},
		dynamics: map[string]parsers.Location{},
		settings: map[string]parsers.Location{},
		ignores:  ignores,
	}
	for name, a := range b.Body.Attributes {
		out.attrs[name] = f.loc(a.Expr.Range())
	}
	for _, nb := range b.Body.Blocks {
		typ := nb.Type
		if typ == "dynamic" && len(nb.Labels) == 1 {
			typ = nb.Labels[0] // the blocks it generates are there
			if _, seen := out.dynamics[typ]; !seen {
				out.dynamics[typ] = f.loc(nb.Range())
			}
		}
		if _, seen := out.nested[typ]; !seen {
			out.nested[typ] = f.loc(nb.Range())
		}
		if nb.Type != "setting" {
			continue
		}
		ns, ok1 := attrLiteral(nb, "namespace")
		name, ok2 := attrLiteral(nb, "name")
		if k := parsers.SettingKey(ns, name); ok1 && ok2 {
			if _, dup := out.settings[k]; !dup {
				out.settings[k] = f.loc(nb.Range())
			}
		}
	}
	return out, errs
}

func attrLiteral(b *hclsyntax.Block, name string) (string, bool) {
	a, ok := b.Body.Attributes[name]
	if !ok {
		return "", false
	}
	return literal(a.Expr)
}

// ignores parses the beanlint:ignore comments on the comment-only lines
// directly above the line holding byte offset at; a blank line or a line
// with code ends them. A suppression comment naming no rule is an error.
func (f *file) ignores(at int) ([]parsers.Suppression, []*parsers.ParseError) {
	line, _ := f.pos(at)
	var toks []hclsyntax.Token
	for l := line - 1; l >= 1 && !f.code[l] && len(f.comments[l]) > 0; l-- {
		for i := len(f.comments[l]) - 1; i >= 0; i-- {
			t := f.comments[l][i]
			if len(toks) == 0 || toks[len(toks)-1].Range.Start.Byte != t.Range.Start.Byte {
				toks = append(toks, t)
			}
		}
	}
	var out []parsers.Suppression
	var errs []*parsers.ParseError
	for i := len(toks) - 1; i >= 0; i-- { // top to bottom
		t := toks[i]
		text := strings.TrimRight(string(t.Bytes), "\r\n")
		ids, reason, ok := parseIgnore(text)
		if !ok {
			continue
		}
		loc := f.span(t.Range.Start.Byte, t.Range.Start.Byte+len(text))
		if len(ids) == 0 {
			errs = append(errs, &parsers.ParseError{Loc: loc, Msg: "beanlint:ignore names no rule, so it suppresses nothing; write `# beanlint:ignore EB301 reason`"})
		}
		for _, id := range ids {
			out = append(out, parsers.Suppression{RuleID: id, Reason: reason, Loc: loc})
		}
	}
	return out, errs
}

// ignorePrefix starts a suppression comment.
const ignorePrefix = "beanlint:ignore"

// parseIgnore reads "# beanlint:ignore EB301,EB302 reason text" (also //
// and /* */ comments). ok is false for other comments; a suppression with
// no rule ID yields ok with no IDs.
func parseIgnore(comment string) (ids []string, reason string, ok bool) {
	s := comment
	switch {
	case strings.HasPrefix(s, "#"):
		s = s[1:]
	case strings.HasPrefix(s, "//"):
		s = s[2:]
	case strings.HasPrefix(s, "/*"):
		s = strings.TrimSuffix(s[2:], "*/")
	default:
		return nil, "", false
	}
	s = strings.TrimSpace(s)
	if len(s) < len(ignorePrefix) || !strings.EqualFold(s[:len(ignorePrefix)], ignorePrefix) {
		return nil, "", false
	}
	s = s[len(ignorePrefix):]
	if s != "" && s[0] != ' ' && s[0] != '\t' {
		return nil, "", false // beanlint:ignored, beanlint:ignore-file, ...
	}
	s = strings.TrimSpace(s)
	// IDs: words like EB301 separated by commas (spaces allowed around them).
	for {
		end := strings.IndexAny(s, ", \t")
		if end < 0 {
			end = len(s)
		}
		if !isRuleID(s[:end]) {
			break
		}
		ids = append(ids, s[:end])
		s = strings.TrimLeft(s[end:], " \t")
		if !strings.HasPrefix(s, ",") {
			break
		}
		s = strings.TrimLeft(s[1:], " \t")
	}
	return ids, strings.TrimSpace(s), true
}

// isRuleID reports whether w looks like a rule ID: letters then digits
// ("EB301"). Whether the rule exists is for the rules package to say.
func isRuleID(w string) bool {
	i := 0
	for i < len(w) && (w[i] >= 'A' && w[i] <= 'Z' || w[i] >= 'a' && w[i] <= 'z') {
		i++
	}
	if i == 0 || i == len(w) {
		return false
	}
	for _, c := range w[i:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// lineStarts returns the byte offset at which each line of src starts.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// pos converts a byte offset to a 1-based line and a 1-based column counted
// in Unicode code points (hcl.Pos counts grapheme clusters).
func (f *file) pos(off int) (line, col int) {
	off = max(0, min(off, len(f.src)))
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	return i + 1, utf8.RuneCount(f.src[f.lines[i]:off]) + 1
}

// span returns the location of src[start:end].
func (f *file) span(start, end int) parsers.Location {
	sl, sc := f.pos(start)
	el, ec := f.pos(end)
	return parsers.Span(f.path, sl, sc, el, ec)
}

// loc converts an HCL range of this file.
func (f *file) loc(r hcl.Range) parsers.Location { return f.span(r.Start.Byte, r.End.Byte) }
