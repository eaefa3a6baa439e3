// Package fix applies the fixes of a lint run (beanlint fix): it merges
// the edits of every unsuppressed finding (package rules/edit), so that
// what several fixes add is added once, applies them to each file through
// the applier of the file's language, and writes the files, or shows the
// changes as a unified diff.
//
// It refuses, writing nothing, when two fixes change one thing
// differently, when an edit cannot be made without guessing (a resource
// that exists with other content, a property of another form) and when a
// file changed between reading and writing. A fix holding a value the
// inputs do not tell (a placeholder) is not applied, and neither is a fix
// of a file whose language has no applier: a notice says which, so no
// fix is dropped silently.
package fix

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aymanbagabas/go-udiff"

	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/edit"
)

// Applier makes edits on the text of one file.
type Applier func(src []byte, edits []edit.Edit) ([]byte, error)

// Appliers are the appliers by input format prefix ("cloudformation",
// "terraform"), built by the caller.
type Appliers map[string]Applier

// of returns the applier of a file's format.
func (as Appliers) of(format string) Applier {
	for prefix, a := range as {
		if strings.HasPrefix(format, prefix) {
			return a
		}
	}
	return nil
}

// Change is one file's new text.
type Change struct {
	File     string
	Old, New []byte
	// Rules are the IDs of the findings whose fixes change the file.
	Rules []string
}

// Plan is what applying the fixes of a run would do.
type Plan struct {
	Changes []Change
	// Notices say which fixes are not applied, and why.
	Notices []string
}

// Refusal is an error that stops beanlint fix with nothing written.
type Refusal struct{ Err error }

func (r *Refusal) Error() string { return "nothing written: " + r.Err.Error() }
func (r *Refusal) Unwrap() error { return r.Err }

// Build plans the fixes of findings: formats gives each input's format
// (parsers.SourceFile.Format), read reads a file.
func Build(findings []rules.Finding, formats map[string]string, appliers Appliers, read func(string) ([]byte, error)) (*Plan, error) {
	p := &Plan{}
	var fixes []edit.Fix
	rulesOf := map[string][]string{}
	for _, f := range findings {
		if f.Suppressed() || strings.TrimSpace(f.Fix) == "" {
			continue
		}
		at := fmt.Sprintf("%s:%d: %s", f.Loc.File, f.Loc.StartLine, f.RuleID)
		if len(f.Edits) == 0 {
			if strings.HasPrefix(formats[f.Loc.File], "terraform") && appliers.of(formats[f.Loc.File]) == nil {
				p.Notices = append(p.Notices, at+": not applied: Terraform fixes are shown, not yet applied (apply the fix the report shows by hand)")
			} else {
				p.Notices = append(p.Notices, at+": not applied: the fix is advice (see the report)")
			}
			continue
		}
		if reason := unappliable(f.Edits, formats, appliers); reason != "" {
			p.Notices = append(p.Notices, at+": not applied: "+reason)
			continue
		}
		fixes = append(fixes, edit.Fix{Edits: f.Edits})
		for _, file := range edit.Files(f.Edits) {
			if !slices.Contains(rulesOf[file], f.RuleID) {
				rulesOf[file] = append(rulesOf[file], f.RuleID)
			}
		}
	}
	edits, err := edit.Merge(fixes...)
	if err != nil {
		return nil, &Refusal{Err: err}
	}
	for _, file := range edit.Files(edits) {
		old, err := read(file)
		if err != nil {
			return nil, &Refusal{Err: fmt.Errorf("%s: %w", file, err)}
		}
		out, err := appliers.of(formats[file])(old, edit.In(edits, file))
		if err != nil {
			return nil, &Refusal{Err: fmt.Errorf("%s: %w", file, err)}
		}
		if !bytes.Equal(old, out) {
			p.Changes = append(p.Changes, Change{File: file, Old: old, New: out, Rules: rulesOf[file]})
		}
	}
	return p, nil
}

// unappliable says why a fix's edits cannot be applied ("" when they can).
func unappliable(edits []edit.Edit, formats map[string]string, appliers Appliers) string {
	for _, e := range edits {
		if edit.HasPlaceholder(e.Value) {
			return "the fix holds a value the inputs do not tell (fill in the placeholder the report shows)"
		}
		if appliers.of(formats[e.File]) == nil {
			return fmt.Sprintf("%s: no applier for its format (%s)", e.File, cmpOr(formats[e.File], "unknown"))
		}
	}
	return ""
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Diff returns the changes as a unified diff, its file names as git
// writes them: a/ and b/ before the path, an absolute path's leading slash
// dropped (git diff --no-index /tmp/x writes a/tmp/x, not a//tmp/x).
func (p *Plan) Diff() string {
	var b strings.Builder
	for _, c := range p.Changes {
		name := strings.TrimPrefix(filepath.ToSlash(c.File), "/")
		b.WriteString(udiff.Unified("a/"+name, "b/"+name, string(c.Old), string(c.New)))
	}
	return b.String()
}

// Write writes the changes, after checking that no file changed since
// Build read it (else a *Refusal, nothing written). Each file is
// replaced whole through a temporary file in its directory.
func (p *Plan) Write(read func(string) ([]byte, error)) error {
	for _, c := range p.Changes {
		now, err := read(c.File)
		if err != nil {
			return &Refusal{Err: fmt.Errorf("%s: %w", c.File, err)}
		}
		if !bytes.Equal(now, c.Old) {
			return &Refusal{Err: fmt.Errorf("%s changed while beanlint fix ran; run it again", c.File)}
		}
	}
	var errs []error
	for _, c := range p.Changes {
		if err := writeFile(c.File, c.New); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// writeFile replaces path's content with data, keeping its mode.
func writeFile(path string, data []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".beanlint-*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), info.Mode().Perm())
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// TextEdits returns the text edits that make edits on the files as read
// now: each file's edits applied by its language's applier, the change
// reduced to the lines it replaces. A file without an applier, or whose
// edits cannot be applied, yields none (the edits stay as they are).
func TextEdits(edits []edit.Edit, formats map[string]string, appliers Appliers, read func(string) ([]byte, error)) []edit.TextEdit {
	var out []edit.TextEdit
	for _, file := range edit.Files(edits) {
		apply := appliers.of(formats[file])
		if apply == nil {
			continue
		}
		old, err := read(file)
		if err != nil {
			continue
		}
		changed, err := apply(old, edit.In(edits, file))
		if err != nil {
			continue
		}
		src := string(old)
		for _, d := range udiff.Lines(src, string(changed)) {
			start, end, text := d.Start, d.End, d.New
			if start == len(src) && start > 0 {
				// An addition at the end: the last line and the addition,
				// so that the region is within the file.
				last := strings.LastIndexByte(src[:start-1], '\n') + 1
				start, text = last, src[last:]+text
			}
			if end == len(src) && strings.HasSuffix(src, "\n") && strings.HasSuffix(text, "\n") && end > start {
				// Up to the end of the last line, not past its newline.
				end, text = end-1, text[:len(text)-1]
			}
			sl, sc := position(src, start)
			el, ec := position(src, end)
			out = append(out, edit.TextEdit{File: file, StartLine: sl, StartCol: sc, EndLine: el, EndCol: ec, Text: text})
		}
	}
	return out
}

// position returns the 1-based line and column (in characters) of offset
// off of src.
func position(src string, off int) (line, col int) {
	before := src[:off]
	line = strings.Count(before, "\n") + 1
	col = utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// ReadUTF8 reads a file to fix: plain UTF-8 text. A file that starts with
// a byte order mark (UTF-8 or UTF-16, which the linter reads) is an
// error: the appliers edit UTF-8 text and would not write it back as it
// was.
func ReadUTF8(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}) || bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) || !utf8.Valid(data) {
		return nil, errors.New("not plain UTF-8 (a byte order mark or UTF-16): beanlint fix edits UTF-8 files only; save it as UTF-8 without a byte order mark")
	}
	return data, nil
}
