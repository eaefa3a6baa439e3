package hcl

import (
	"bytes"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/rules/edit"
)

// Render shows edits as Terraform a user can paste, as terraform fmt
// writes it, per file in the order the edits name them, each after a
// "# in <file>:" line: a resource an edit adds whole; for a change to an
// existing block, that block with "# ..." standing for what it already
// holds and the arguments, map entries, list items and nested blocks the
// edits set or add. Placeholders show as variables.
func Render(edits []edit.Edit) []byte { return RenderAt(edits, "") }

// RenderAt is Render without the "# in <file>:" line when every edit is
// in file at (the file a finding is about).
func RenderAt(edits []edit.Edit, at string) []byte {
	var out bytes.Buffer
	files := edit.Files(edits)
	for i, file := range files {
		if i > 0 {
			out.WriteByte('\n')
		}
		if len(files) > 1 || file != at {
			out.WriteString("# in " + file + ":\n")
		}
		var targets []string
		for _, e := range edit.In(edits, file) {
			if !slices.Contains(targets, e.Target) {
				targets = append(targets, e.Target)
			}
		}
		for j, target := range targets {
			if j > 0 {
				out.WriteByte('\n')
			}
			var of []edit.Edit
			for _, e := range edit.In(edits, file) {
				if e.Target == target {
					of = append(of, e)
				}
			}
			out.Write(renderGroup(target, of))
		}
	}
	return out.Bytes()
}

// renderGroup renders the edits of one target.
func renderGroup(target string, edits []edit.Edit) []byte {
	typ, labels, err := blockOf(target)
	if err != nil {
		return []byte("# " + err.Error() + "\n")
	}
	src := []byte(header(typ, labels) + "# ...\n}\n")
	for _, e := range edits {
		var next []byte
		if e.Op == edit.AddResource {
			next, err = addBlock(nil, nil, e)
		} else {
			next, err = apply(src, e, true)
		}
		if err != nil {
			return []byte("# " + e.Op.String() + " " + describe(e) + ": " + oneLine(err.Error()) + "\n")
		}
		src = next
	}
	return format(commented(src, edits))
}

// commented heads src with the comments of its edits that are about the
// block (the comment of an added resource is part of it already).
func commented(src []byte, edits []edit.Edit) []byte {
	var b strings.Builder
	for _, e := range edits {
		if e.Comment != "" && e.Op != edit.AddResource {
			b.WriteString(commentLine(e.Comment))
		}
	}
	return append([]byte(b.String()), src...)
}
