// Package cfn renders and applies edits (package rules/edit) on
// CloudFormation templates, YAML with short-form intrinsics and JSON.
//
// Render shows edits as the template fragment a user would paste: per
// file, the resources added or changed (a change shows the properties it
// sets or the list items it appends) and the outputs added. Apply makes
// the edits on a template's text at the positions of its parsed nodes,
// in the file's own indentation, leaving every line it does not change
// byte-identical.
package cfn

import (
	"strings"

	"github.com/beanlint/beanlint/rules/edit"
)

// Render returns edits as YAML fragments, one per file in the order the
// edits name them, each after a "# in <file>:" line.
func Render(edits []edit.Edit) []byte {
	return RenderAs(edits, func(string) bool { return false }, "")
}

// RenderAs returns edits rendered per file as YAML or, for the files
// isJSON names, JSON; without the "# in <file>:" line when every edit is
// in file at (the file a finding is about).
func RenderAs(edits []edit.Edit, isJSON func(file string) bool, at string) []byte {
	var b strings.Builder
	files := edit.Files(edits)
	for _, file := range files {
		fields := fragment(edit.In(edits, file))
		if len(files) > 1 || file != at {
			b.WriteString("# in " + file + ":\n")
		}
		if isJSON(file) {
			b.WriteString(style{json: true, indent: 2}.jsonObject(fields, 0, false) + "\n")
			continue
		}
		for _, f := range fields {
			b.WriteString(yamlStyle.yamlEntry(f.Key, f.Value, 0, ""))
		}
	}
	return []byte(b.String())
}

// fragment returns the template fragment that shows edits: a field per
// resource added or changed, in order, and one "Outputs" field last.
func fragment(edits []edit.Edit) []edit.Field {
	var out []edit.Field
	var outputs []edit.Field
	top := edit.MapOf()
	index := map[string]int{}
	for _, e := range edits {
		switch e.Op {
		case edit.AddResource:
			body := []edit.Field{edit.F("Type", edit.Str(e.Type))}
			if len(e.Value.Fields) > 0 {
				body = append(body, edit.F("Properties", e.Value))
			}
			v := edit.MapOf(body...)
			v.Comment = e.Comment
			index[e.Target] = len(out)
			out = append(out, edit.F(e.Target, v))
		case edit.SetProperty, edit.AppendItems:
			if e.Target == "" {
				// Path from the document's top level (a configuration file).
				setPath(&top, e.Path, renderedValue(e))
				continue
			}
			i, ok := index[e.Target]
			if !ok {
				i = len(out)
				index[e.Target] = i
				out = append(out, edit.F(e.Target, edit.MapOf(edit.F("Properties", edit.MapOf()))))
			}
			v := renderedValue(e)
			res := &out[i].Value
			p := slicesIndexKey(res.Fields, "Properties")
			if p < 0 {
				res.Fields = append(res.Fields, edit.F("Properties", edit.MapOf()))
				p = len(res.Fields) - 1
			}
			props := &res.Fields[p].Value
			setPath(props, e.Path, v)
		case edit.AddOutput:
			body := []edit.Field{edit.F("Value", e.Value)}
			if e.Export != "" {
				body = append(body, edit.F("Export", edit.MapOf(edit.F("Name", edit.Str(e.Export)))))
			}
			v := edit.MapOf(body...)
			v.Comment = e.Comment
			outputs = append(outputs, edit.F(e.Target, v))
		}
	}
	if len(outputs) > 0 {
		out = append(out, edit.F("Outputs", edit.MapOf(outputs...)))
	}
	return append(out, top.Fields...)
}

// renderedValue is the value a set or append edit shows, with its
// comment.
func renderedValue(e edit.Edit) edit.Value {
	v := e.Value
	if e.Op == edit.AppendItems && v.Comment == "" {
		v.Comment = "append to the items there"
	}
	if e.Comment != "" {
		v.Comment = e.Comment
	}
	return v
}

// setPath sets v at path in the map m, creating maps, and list items for
// Select elements.
func setPath(m *edit.Value, path []string, v edit.Value) {
	if len(path) == 0 {
		*m = v
		return
	}
	key := path[0]
	var child *edit.Value
	for i := range m.Fields {
		if m.Fields[i].Key == key {
			child = &m.Fields[i].Value
		}
	}
	if sel, ok := edit.Selector(key); ok {
		// The list item the selector picks, shown with its fields.
		item := edit.MapOf(sel...)
		setPath(&item, path[1:], v)
		if m.Kind != edit.List {
			*m = edit.ListOf()
		}
		m.Items = append(m.Items, item)
		return
	}
	if child == nil {
		m.Kind = edit.Map
		m.Fields = append(m.Fields, edit.F(key, edit.MapOf()))
		child = &m.Fields[len(m.Fields)-1].Value
	}
	setPath(child, path[1:], v)
}

// slicesIndexKey returns the index of the field key, or -1.
func slicesIndexKey(fields []edit.Field, key string) int {
	for i, f := range fields {
		if f.Key == key {
			return i
		}
	}
	return -1
}
