package terraform

import (
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// tree is a value of a resource instance together with the parallel
// after_unknown tree (a true in it covers everything below it) and its
// place in the sensitivity tree.
type tree struct {
	v   any
	unk any
	sec secrecy
}

// field descends into an object attribute.
func (t tree) field(name string) tree {
	out := tree{unk: sub(t.unk, name, -1), sec: t.sec.descend(name, -1)}
	if m, ok := t.v.(map[string]any); ok {
		out.v = m[name]
	}
	return out
}

// item descends into a list element.
func (t tree) item(i int) tree {
	out := tree{unk: sub(t.unk, "", i), sec: t.sec.descend("", i)}
	if l, ok := t.v.([]any); ok && i < len(l) {
		out.v = l[i]
	}
	return out
}

// sub descends into a parallel tree: true stays true.
func sub(p any, name string, i int) any {
	switch p := p.(type) {
	case bool:
		if p {
			return true
		}
	case map[string]any:
		if name != "" {
			return p[name]
		}
	case []any:
		if i >= 0 && i < len(p) {
			return p[i]
		}
	}
	return nil
}

// unknown reports whether the whole value is unknown until apply.
func (t tree) unknown() bool { b, _ := t.unk.(bool); return b }

// items returns the elements of a list value (nil when not a list).
func (t tree) items() []tree {
	l, ok := t.v.([]any)
	if !ok {
		return nil
	}
	out := make([]tree, len(l))
	for i := range l {
		out[i] = t.item(i)
	}
	return out
}

// partlyUnknown reports whether some part of the value is unknown.
func (t tree) partlyUnknown() bool { return anyTrue(t.unk, 0) }

func anyTrue(p any, depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch p := p.(type) {
	case bool:
		return p
	case map[string]any:
		for _, v := range p {
			if anyTrue(v, depth+1) {
				return true
			}
		}
	case []any:
		for _, v := range p {
			if anyTrue(v, depth+1) {
				return true
			}
		}
	}
	return false
}

// toValue converts a known (part of a) value. Unknown parts become Unknown
// values; null is Absent. Sensitive literals keep their text, marked
// Secret (see secrecy). what names the value in reasons.
func toValue(t tree, loc parsers.Location, what string) parsers.Value {
	return convert(t, loc, what, 0)
}

func convert(t tree, loc parsers.Location, what string, depth int) parsers.Value {
	switch {
	case t.unknown():
		return parsers.UnknownValue(what+" is known only after apply", loc)
	case depth > maxDepth:
		return parsers.UnknownValue(what+" is nested too deeply", loc)
	}
	switch v := t.v.(type) {
	case nil:
		return parsers.Value{}
	case parsers.Value:
		// A leaf evaluated from the configuration (configplan.go): a
		// reference, or an unknown with its reason.
		return v
	case []any:
		items := make([]parsers.Value, 0, len(v))
		for i := range v {
			items = append(items, convert(t.item(i), loc, what, depth+1))
		}
		return parsers.Value{Kind: parsers.List, Loc: loc}.WithItems(items)
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fields := make([]parsers.Field, 0, len(keys))
		for _, k := range keys {
			fields = append(fields, parsers.Field{Key: k, Value: convert(t.field(k), loc, what, depth+1)})
		}
		return parsers.Value{Kind: parsers.Map, Loc: loc}.WithFields(fields)
	}
	if s, ok := scalar(t.v); ok {
		v := parsers.Lit(s, loc)
		v.Secret = t.sec.secret(t.v)
		return v
	}
	return parsers.UnknownValue(what+" has an unexpected form", loc)
}

// scalar renders a JSON scalar as text.
func scalar(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// text returns a known scalar as text.
func (t tree) text() (string, bool) {
	if t.unknown() {
		return "", false
	}
	return scalar(t.v)
}

// step is one step of a reference traversal: an attribute name or an index.
type step struct {
	name    string
	isIndex bool
	key     any // json.Number or string, for index steps
}

// parseTraversal splits a reference or address such as
// `module.vpc[0].aws_subnet.private["a"].id` into steps. Malformed input
// yields the steps read so far.
func parseTraversal(s string) []step {
	var out []step
	i := 0
	for i < len(s) {
		switch s[i] {
		case '.':
			i++
		case '[':
			j := i + 1
			if j < len(s) && s[j] == '"' {
				k := j + 1
				for k < len(s) && s[k] != '"' {
					if s[k] == '\\' {
						k++
					}
					k++
				}
				if k >= len(s) {
					return out
				}
				key, err := strconv.Unquote(s[j : k+1])
				if err != nil {
					key = s[j+1 : k]
				}
				out = append(out, step{isIndex: true, key: key})
				i = k + 1
			} else {
				k := strings.IndexByte(s[j:], ']')
				if k < 0 {
					return out
				}
				out = append(out, step{isIndex: true, key: json.Number(strings.TrimSpace(s[j : j+k]))})
				i = j + k
			}
			if i < len(s) && s[i] == ']' {
				i++
			}
		default:
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			out = append(out, step{name: s[i:j]})
			i = j
		}
	}
	return out
}

// sameKey reports whether an index step's key designates instance key k.
func sameKey(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		switch b := b.(type) {
		case json.Number:
			fa, err1 := strconv.ParseFloat(a.String(), 64)
			fb, err2 := strconv.ParseFloat(b.String(), 64)
			return err1 == nil && err2 == nil && fa == fb
		case float64:
			fa, err := strconv.ParseFloat(a.String(), 64)
			return err == nil && fa == b
		}
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case float64:
		return sameKey(b, a)
	}
	return false
}

// modulePath returns the call names of a module instance address:
// module.vpc[0].module.sub → [vpc sub].
func modulePath(addr string) []string {
	var out []string
	steps := parseTraversal(addr)
	for i := 0; i+1 < len(steps); i++ {
		if steps[i].name == "module" && !steps[i+1].isIndex {
			out = append(out, steps[i+1].name)
			i++
		}
	}
	return out
}

// moduleOf returns the module instance part of a resource instance
// address: module.vpc[0].aws_subnet.x[1] → module.vpc[0].
func moduleOf(addr string) string {
	module, _, _ := parsers.SplitTerraformAddress(addr)
	return module
}

// splitModule splits a module instance address into its parent instance and
// the last call's name: module.a[0].module.b["x"] → module.a[0], b.
func splitModule(mod string) (parent, name string) {
	i := strings.LastIndex(mod, "module.")
	for i > 0 && mod[i-1] != '.' {
		// "module." inside a quoted key: search further left.
		i = strings.LastIndex(mod[:i], "module.")
	}
	if i < 0 {
		return "", mod
	}
	parent = strings.TrimSuffix(mod[:i], ".")
	rest := mod[i+len("module."):]
	if j := strings.IndexByte(rest, '['); j >= 0 {
		rest = rest[:j]
	}
	return parent, rest
}

// joinModule appends a call instance to a module instance address.
func joinModule(parent, call string) string {
	if parent == "" {
		return call
	}
	return parent + "." + call
}

// jsonValue decodes a JSON document into a Value keeping the order of
// object keys (policy documents). Every part is located at loc.
func jsonValue(data string, loc parsers.Location) (parsers.Value, error) {
	dec := json.NewDecoder(strings.NewReader(data))
	dec.UseNumber()
	v, err := jsonNext(dec, loc, 0)
	if err != nil {
		return parsers.Value{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return parsers.Value{}, errors.New("unexpected data after the JSON document")
	}
	return v, nil
}

func jsonNext(dec *json.Decoder, loc parsers.Location, depth int) (parsers.Value, error) {
	if depth > maxDepth {
		return parsers.Value{}, errors.New("nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return parsers.Value{}, err
	}
	switch tok := tok.(type) {
	case json.Delim:
		switch tok {
		case '{':
			out := parsers.Value{Kind: parsers.Map, Loc: loc}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return parsers.Value{}, err
				}
				k, _ := kt.(string)
				v, err := jsonNext(dec, loc, depth+1)
				if err != nil {
					return parsers.Value{}, err
				}
				out.SetFields(append(out.Fields(), parsers.Field{Key: k, Value: v}))
			}
			_, err := dec.Token()
			return out, err
		case '[':
			out := parsers.Value{Kind: parsers.List, Loc: loc}
			for dec.More() {
				v, err := jsonNext(dec, loc, depth+1)
				if err != nil {
					return parsers.Value{}, err
				}
				out.SetItems(append(out.Items(), v))
			}
			_, err := dec.Token()
			return out, err
		}
	case nil:
		return parsers.Value{}, nil
	}
	if s, ok := scalar(tok); ok {
		return parsers.Lit(s, loc), nil
	}
	return parsers.Value{}, errors.New("unexpected JSON token")
}
