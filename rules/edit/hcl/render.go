package hcl

import (
	"bytes"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/beanlint/beanlint/rules/edit"
)

// Render shows edits as Terraform a user can paste, as terraform fmt
// writes it: a resource an edit adds whole; for a change to an existing
// block, that block with "# ..." standing for what it already holds and
// the arguments, map entries, list items and nested blocks the edits set
// or add. Edits of another file than the first are headed by a comment
// naming their file; placeholders show as variables.
func Render(edits []edit.Edit) []byte {
	var out bytes.Buffer
	type group struct {
		file, target string
		edits        []edit.Edit
	}
	var groups []*group
	for _, e := range edits {
		var g *group
		for _, h := range groups {
			if h.file == e.File && h.target == e.Target && e.Op != edit.AddResource && h.edits[0].Op != edit.AddResource {
				g = h
			}
		}
		if g == nil {
			g = &group{file: e.File, target: e.Target}
			groups = append(groups, g)
		}
		g.edits = append(g.edits, e)
	}
	for i, g := range groups {
		if i > 0 {
			out.WriteByte('\n')
		}
		if i > 0 && g.file != groups[i-1].file || i == 0 && g.file != "" && g.file != edits[0].File {
			out.WriteString("# in " + g.file + "\n")
		}
		out.Write(renderGroup(g.target, g.edits))
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
	return hclwrite.Format(commented(src, edits))
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
