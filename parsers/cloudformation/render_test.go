package cloudformation

import (
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// render writes a value compactly for comparisons: lit(x), ref(key.attr),
// concat(a, b), [a, b], {k: v}, choice(Cond: a | b), unknown, absent.
func render(v parsers.Value) string {
	switch v.Kind {
	case parsers.Absent:
		return "absent"
	case parsers.Known:
		if v.Secret {
			return "secret(" + v.Str + ")"
		}
		return "lit(" + v.Str + ")"
	case parsers.Ref:
		if v.Attr() != "" {
			return "ref(" + v.Target + "." + v.Attr() + ")"
		}
		return "ref(" + v.Target + ")"
	case parsers.Concat:
		return "concat(" + renderAll(v.Parts()) + ")"
	case parsers.List:
		return "[" + renderAll(v.Items()) + "]"
	case parsers.Map:
		parts := make([]string, len(v.Fields()))
		for i, f := range v.Fields() {
			parts[i] = f.Key + ": " + render(f.Value)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case parsers.Choice:
		parts := make([]string, len(v.Items()))
		for i, it := range v.Items() {
			parts[i] = render(it)
		}
		return "choice(" + v.Cond() + ": " + strings.Join(parts, " | ") + ")"
	case parsers.Unknown:
		return "unknown"
	}
	return v.Kind.String()
}

func renderAll(vs []parsers.Value) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = render(v)
	}
	return strings.Join(parts, ", ")
}

// reasons collects the reasons of every unknown value inside v.
func reasons(v parsers.Value) string {
	var out []string
	var walk func(parsers.Value)
	walk = func(v parsers.Value) {
		if v.Kind == parsers.Unknown {
			out = append(out, v.Reason())
		}
		for _, x := range v.Items() {
			walk(x)
		}
		for _, x := range v.Parts() {
			walk(x)
		}
		for _, f := range v.Fields() {
			walk(f.Value)
		}
	}
	walk(v)
	return strings.Join(out, "; ")
}
