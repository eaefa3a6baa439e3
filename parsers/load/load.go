// Package load turns the paths of one run into one graph: it walks
// directories, recognises CloudFormation templates (and Terraform plans),
// parses them, and builds a single parsers.Graph so that templates that
// import from each other are checked together.
package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
)

// Options are the run inputs that affect parsing.
type Options struct {
	// Parameters are CloudFormation parameter values by name.
	Parameters map[string]string
}

// Result is everything Load read.
type Result struct {
	Graph *parsers.Graph
	// Inputs are the files linted, sorted.
	Inputs []string
	// Errors are inputs that could not be read (EB900), sorted by file and
	// position.
	Errors []*parsers.ParseError
	// Notices are warnings about the run that are not failures: files
	// skipped for a reason the user should hear about (a Terraform plan,
	// which is not supported yet), a --parameter that no template declares.
	Notices []*parsers.ParseError
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
	tmpl   *cloudformation.Template
	err    *parsers.ParseError
	notice *parsers.ParseError
}

// Load reads every path (files and directories), parses the templates and
// builds one graph. One broken file never stops the others.
func Load(paths []string, opts Options) *Result {
	res := &Result{Graph: parsers.NewGraph()}
	files, errs := discover(paths)
	res.Errors = append(res.Errors, errs...)

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
	for i, o := range outs {
		switch {
		case o.err != nil:
			res.Errors = append(res.Errors, o.err)
			res.Inputs = append(res.Inputs, files[i].path)
		case o.notice != nil:
			res.Notices = append(res.Notices, o.notice)
		case o.tmpl != nil:
			templates = append(templates, o.tmpl)
			res.Inputs = append(res.Inputs, files[i].path)
		}
	}
	res.Errors = append(res.Errors, cloudformation.Build(res.Graph, templates, cloudformation.Options{Parameters: opts.Parameters})...)
	res.Notices = append(res.Notices, unusedParameters(templates, opts.Parameters)...)
	res.Graph.Sort()
	sort.Strings(res.Inputs)
	sortErrors(res.Errors)
	sortErrors(res.Notices)
	return res
}

// unusedParameters reports parameter values that no template declares: a
// misspelt name would otherwise leave the parameter it meant unknown without
// a word. Pseudo parameters (AWS::Region) are always used.
func unusedParameters(templates []*cloudformation.Template, params map[string]string) []*parsers.ParseError {
	if len(templates) == 0 {
		return nil
	}
	var out []*parsers.ParseError
	names := slices.Sorted(maps.Keys(params))
	for _, name := range names {
		if strings.HasPrefix(name, "AWS::") || slices.ContainsFunc(templates, func(t *cloudformation.Template) bool { return t.DeclaresParameter(name) }) {
			continue
		}
		out = append(out, &parsers.ParseError{
			Msg: fmt.Sprintf("--parameter %s: no linted template declares this parameter, so its value is not used (is the name misspelt?)", name),
		})
	}
	return out
}

// discover expands paths into files, sorted and without duplicates.
func discover(paths []string) ([]file, []*parsers.ParseError) {
	var errs []*parsers.ParseError
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
			errs = append(errs, &parsers.ParseError{Loc: parsers.Location{File: root}, Msg: "cannot read: " + errText(err), Err: err})
			continue
		}
		if !info.IsDir() {
			add(root, true)
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &parsers.ParseError{Loc: parsers.Location{File: path}, Msg: "cannot read: " + errText(err), Err: err})
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
			return nil
		})
		if err != nil {
			errs = append(errs, &parsers.ParseError{Loc: parsers.Location{File: root}, Msg: "cannot walk: " + errText(err), Err: err})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, errs
}

// errText renders a file system error without repeating the path.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// read sniffs and parses one file.
func read(f file) outcome {
	info, err := os.Stat(f.path)
	if err == nil && info.Size() > cloudformation.MaxSize {
		if !f.explicit {
			return outcome{}
		}
		return outcome{err: &parsers.ParseError{Loc: parsers.Location{File: f.path}, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit", info.Size(), cloudformation.MaxSize)}}
	}
	data, err := os.ReadFile(f.path)
	if err != nil {
		return outcome{err: &parsers.ParseError{Loc: parsers.Location{File: f.path}, Msg: "cannot read: " + errText(err), Err: err}}
	}
	switch {
	case isTerraformPlan(data):
		return outcome{notice: &parsers.ParseError{Loc: parsers.Location{File: f.path}, Msg: "Terraform plan support is not implemented yet; file skipped"}}
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

// isTerraformPlan reports whether data is `terraform show -json` output: a
// JSON object with format_version and planned_values or resource_changes.
func isTerraformPlan(data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n\xef\xbb\xbf")
	if len(trimmed) == 0 || trimmed[0] != '{' || !bytes.Contains(data, []byte(`"format_version"`)) {
		return false
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(trimmed, &top) != nil {
		return false
	}
	_, fv := top["format_version"]
	_, pv := top["planned_values"]
	_, rc := top["resource_changes"]
	return fv && (pv || rc)
}

// sortErrors orders errors by file, line and column.
func sortErrors(errs []*parsers.ParseError) {
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i].Loc, errs[j].Loc
		if a.File != b.File {
			return a.File < b.File
		}
		if a.StartLine != b.StartLine {
			return a.StartLine < b.StartLine
		}
		return a.StartCol < b.StartCol
	})
}
