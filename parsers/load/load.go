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
	"github.com/beanlint/beanlint/parsers/terraform"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// Options are the run inputs that affect parsing.
type Options struct {
	// Parameters are CloudFormation parameter values by name.
	Parameters map[string]string
	// TFSource is the Terraform configuration directory whose .tf files
	// locate the resources of every plan (--tf-source). "" means each plan
	// file's own directory, when it holds .tf files.
	TFSource string
	// Sized, when set, is called once the files to read are known and
	// before any is read, with their total size in bytes (the command sets
	// the garbage collector's target from it).
	Sized func(total int64)
}

// Result is everything Load read.
type Result struct {
	Graph *parsers.Graph
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

// skipDirs are directories never walked.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true}

// candidate reports whether a walked file may be an input.
func candidate(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

// file is one input to read; explicit is true when the user named it.
type file struct {
	path     string
	explicit bool
}

// outcome is what reading one file produced.
type outcome struct {
	tmpl *cloudformation.Template
	plan *terraform.Plan
	err  *parsers.ParseError
}

// Load reads every path (files and directories), parses the templates and
// builds one graph. One broken file never stops the others.
func Load(paths []string, opts Options) *Result {
	res := &Result{Graph: parsers.NewGraph()}
	files, sawTF, errs := discover(paths)
	res.Errors = append(res.Errors, errs...)
	if opts.Sized != nil {
		opts.Sized(totalSize(files))
	}

	outs := make([]outcome, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			outs[i] = read(f)
		}()
	}
	wg.Wait()

	var templates []*cloudformation.Template
	var plans []*terraform.Plan
	for i, o := range outs {
		switch {
		case o.err != nil:
			res.Errors = append(res.Errors, o.err)
			res.Inputs = append(res.Inputs, files[i].path)
		case o.tmpl != nil:
			templates = append(templates, o.tmpl)
			res.Inputs = append(res.Inputs, files[i].path)
		case o.plan != nil:
			plans = append(plans, o.plan)
			res.Inputs = append(res.Inputs, files[i].path)
		}
	}
	res.Errors = append(res.Errors, cloudformation.Build(res.Graph, templates, cloudformation.Options{Parameters: opts.Parameters})...)
	res.Notices = append(res.Notices, unusedParameters(templates, opts.Parameters)...)
	sources := loadSources(plans, opts.TFSource, res)
	for _, p := range plans {
		res.Errors = append(res.Errors, terraform.Build(res.Graph, p, sources[p.Path])...)
	}
	if len(res.Inputs) == 0 && len(res.Errors) == 0 {
		res.Notices = append(res.Notices, nothingFound(paths, sawTF))
	}
	res.Graph.Sort()
	sort.Strings(res.Inputs)
	sortErrors(res.Errors)
	slices.SortStableFunc(res.Notices, func(a, b parsers.Notice) int {
		return a.Loc.Start().Compare(b.Loc.Start())
	})
	return res
}

// loadSources indexes the .tf source of every plan: the --tf-source
// directory, else the plan file's directory when it holds .tf files. Each
// directory is read once; its errors become notices (findings then fall
// back to plan JSON positions).
func loadSources(plans []*terraform.Plan, explicit string, res *Result) map[string]*tfsource.Index {
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
			ix, errs = tfsource.Load(dir)
			byDir[dir] = ix
			for _, e := range errs {
				res.Notices = append(res.Notices, parsers.Notice{Loc: e.Loc, Msg: e.Msg})
			}
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
func nothingFound(paths []string, sawTF bool) parsers.Notice {
	msg := fmt.Sprintf("no CloudFormation template or Terraform plan found in %s", strings.Join(paths, ", "))
	if sawTF {
		msg += "; for Terraform configurations (.tf files) beanlint reads the JSON plan: " +
			"terraform plan -out=plan.out && terraform show -json plan.out > plan.json"
	}
	return parsers.Notice{Msg: msg}
}

// discover expands paths into files, sorted and without duplicates, and
// reports whether a directory walk saw Terraform configuration files.
func discover(paths []string) ([]file, bool, []*parsers.ParseError) {
	var errs []*parsers.ParseError
	sawTF := false
	seen := map[string]int{}
	var files []file
	add := func(path string, explicit bool) {
		path = filepath.Clean(path)
		if i, ok := seen[path]; ok {
			files[i].explicit = files[i].explicit || explicit
			return
		}
		seen[path] = len(files)
		files = append(files, file{path: path, explicit: explicit})
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, &parsers.ParseError{Loc: parsers.Location{File: root}, Msg: "cannot read: " + parsers.PathErrorText(err), Err: err})
			continue
		}
		if !info.IsDir() {
			add(root, true)
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &parsers.ParseError{Loc: parsers.Location{File: path}, Msg: "cannot read: " + parsers.PathErrorText(err), Err: err})
				return nil
			}
			if d.IsDir() {
				if path != root && skipDirs[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && candidate(path) {
				add(path, false)
			}
			if strings.HasSuffix(path, ".tf") {
				sawTF = true
			}
			return nil
		})
		if err != nil {
			errs = append(errs, &parsers.ParseError{Loc: parsers.Location{File: root}, Msg: "cannot walk: " + parsers.PathErrorText(err), Err: err})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, sawTF, errs
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

// maxPlanSize is the largest Terraform plan read. Plans are larger than
// templates: a 10,000-resource plan is tens of megabytes.
const maxPlanSize = 1 << 30

// read sniffs and parses one file.
func read(f file) outcome {
	info, err := os.Stat(f.path)
	if err == nil && info.Size() > cloudformation.MaxSize && (info.Size() > maxPlanSize || !planPrefix(f.path)) {
		if !f.explicit {
			return outcome{}
		}
		limit := int64(cloudformation.MaxSize)
		if info.Size() > maxPlanSize {
			limit = maxPlanSize
		}
		return outcome{err: &parsers.ParseError{Loc: parsers.Location{File: f.path}, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit", info.Size(), limit)}}
	}
	data, err := os.ReadFile(f.path)
	if err != nil {
		return outcome{err: &parsers.ParseError{Loc: parsers.Location{File: f.path}, Msg: "cannot read: " + parsers.PathErrorText(err), Err: err}}
	}
	switch {
	case terraform.Sniff(data):
		p, err := terraform.Parse(f.path, data)
		if err != nil {
			return outcome{err: asParseError(f.path, err)}
		}
		return outcome{plan: p}
	case len(data) > cloudformation.MaxSize:
		return outcome{} // a large JSON file that is not a plan after all
	case cloudformation.Sniff(data):
		t, err := cloudformation.Parse(f.path, data)
		if err != nil {
			return outcome{err: asParseError(f.path, err)}
		}
		return outcome{tmpl: t}
	case f.explicit:
		return outcome{err: &parsers.ParseError{Loc: parsers.Location{File: f.path}, Msg: "not a CloudFormation template or Terraform plan"}}
	}
	return outcome{}
}

func asParseError(path string, err error) *parsers.ParseError {
	var pe *parsers.ParseError
	if errors.As(err, &pe) {
		return pe
	}
	return &parsers.ParseError{Loc: parsers.Location{File: path}, Msg: err.Error(), Err: err}
}

// planPrefix reports whether a file too large for a template starts like a
// Terraform plan (Terraform writes format_version first), reading only its
// first bytes.
func planPrefix(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, _ := io.ReadFull(f, buf)
	head := bytes.TrimLeft(buf[:n], " \t\r\n\xef\xbb\xbf")
	return len(head) > 0 && head[0] == '{' && bytes.Contains(head, []byte(`"format_version"`))
}

// sortErrors orders errors by file, line and column.
func sortErrors(errs []*parsers.ParseError) {
	slices.SortStableFunc(errs, func(a, b *parsers.ParseError) int {
		return a.Loc.Start().Compare(b.Loc.Start())
	})
}
