package cloudformation

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	"github.com/beanlint/beanlint/parsers"
)

// This file expands the AWS::LanguageExtensions transform as CloudFormation
// does before it reads a template (DOMAIN.md §11.2): Fn::ForEach in the
// Conditions, Resources (properties included) and Outputs sections, and
// Fn::Length. Fn::FindInMap's DefaultValue is in resolve.go.

// forEachPrefix starts the key of every Fn::ForEach loop.
const forEachPrefix = "Fn::ForEach::"

// nodeSize is what one copied tree node is counted for; a mapping or a
// sequence also takes childrenSize, and a pointer for each child. A node
// takes 48 bytes since its position left out the file; it is counted for
// the 64 it took before, so that maxExpansion stops the templates it
// stopped (the bound is a limit users see, in EB900's message).
const (
	nodeSize     = 64
	childrenSize = int(unsafe.Sizeof(children{}))
	pointerSize  = int(unsafe.Sizeof((*node)(nil)))
)

// binding is the value of a loop identifier in one copy of a loop's body.
type binding struct {
	id   string
	loop string // the loop's key, Fn::ForEach::Name
	text string
	// why is the reason the value is not known ("" when it is).
	why string
}

// entry is one key and value a section holds after expansion. loop names
// the loop of unknown collection that made it, if any.
type entry struct {
	key, val *node
	loop     string
}

// expandTemplate applies the transform to the scope's sections. Errors
// (a malformed loop, a logical ID made twice) stop the template, as
// CloudFormation rejects it.
func (s *scope) expandTemplate() {
	if !s.t.langExt {
		return
	}
	s.unknown = map[*node]string{}
	if c := s.t.root.get("Conditions"); c != nil && c.kind == mapNode {
		s.conditions = map[string]*node{}
		for _, e := range s.expandEntries(c, nil) {
			s.conditions[e.key.str] = e.val
		}
	}
	if res := s.t.root.get("Resources"); res != nil && res.kind == mapNode {
		s.resources, s.byID = nil, map[string]*resource{}
		for _, e := range s.expandEntries(res, nil) {
			r := s.t.byID[e.key.str]
			if r == nil || r.body != e.val {
				var err error
				if r, err = s.t.newResource(e.key, e.val); err != nil {
					s.fail(err.(*parsers.ParseError))
					return
				}
				r.loop = e.loop
				r.generated = true
			}
			s.resources = append(s.resources, r)
			s.byID[r.id] = r
		}
	}
	if out := s.t.outputs; out != nil {
		s.outputs = nil
		for _, e := range s.expandEntries(out, nil) {
			s.outputs = append(s.outputs, output{name: e.key.str, body: e.val})
		}
	}
}

// fail stops the template with err, unless it stopped already.
func (s *scope) fail(err *parsers.ParseError) {
	if s.stopped == nil {
		s.stopped = err
	}
}

// expandEntries returns the entries of map m with its loops expanded and
// the identifiers of env replaced.
func (s *scope) expandEntries(m *node, env []binding) []entry {
	var out []entry
	seen := map[string]bool{}
	add := func(e entry) {
		if seen[e.key.str] {
			s.fail(s.t.errorf(s.t.loc(e.key), "the AWS::LanguageExtensions transform makes the key %s twice", excerpt(e.key.str)))
			return
		}
		seen[e.key.str] = true
		out = append(out, e)
	}
	for i, k := range m.keys() {
		if s.stopped != nil {
			return nil
		}
		if strings.HasPrefix(k.str, forEachPrefix) {
			for _, e := range s.expandLoop(k, m.vals()[i], env) {
				add(e)
			}
			continue
		}
		add(entry{key: substKey(k, env), val: s.expandValue(m.vals()[i], env), loop: uncertain(env)})
	}
	return out
}

// uncertain returns the loop of env whose item is not known, or "".
func uncertain(env []binding) string {
	for _, b := range env {
		if b.why != "" {
			return b.loop
		}
	}
	return ""
}

// expandLoop expands Fn::ForEach::Name: [Identifier, Collection,
// {OutputKey: OutputValue}]: one copy of the output entries per item of the
// collection. A collection that is not known gives one copy whose
// identifier is unknown, standing for all of them.
func (s *scope) expandLoop(k, v *node, env []binding) []entry {
	a, ok := args(v, 3)
	var id string
	if ok {
		id, ok = a[0].text()
	}
	if !ok || id == "" || a[2].kind != mapNode {
		s.fail(s.t.errorf(s.t.loc(k), "%s takes [identifier, collection, {output key: output value}]", excerpt(k.str)))
		return nil
	}
	coll := s.resolve(s.expandValue(a[1], env))
	var items []binding
	if coll.Kind == parsers.List {
		for _, it := range coll.Items() {
			text, known := it.Text()
			if !known || it.Kind != parsers.Known {
				items = nil
				break
			}
			items = append(items, binding{id: id, loop: k.str, text: text})
		}
		if len(items) != len(coll.Items()) {
			items = nil
			coll = parsers.UnknownValue("its items are not all known strings", coll.Loc)
		}
		if len(coll.Items()) == 0 {
			return nil
		}
	}
	if items == nil {
		why := fmt.Sprintf("%s: the collection is not known: %s", k.str, explain(coll))
		items = []binding{{id: id, loop: k.str, text: "${" + id + "}", why: why}}
		s.loops = append(s.loops, k.str)
	}
	size := treeSize(a[2])
	s.outer = s.t.loc(k)
	var out []entry
	for _, it := range items {
		if !s.spend(size, k.str, s.t.loc(k)) {
			return nil
		}
		inner := append(append(make([]binding, 0, len(env)+1), env...), it)
		out = append(out, s.expandEntries(a[2], inner)...)
	}
	return out
}

// treeSize returns the bytes a copy of n takes: its nodes and their text.
func treeSize(n *node) int {
	if n == nil {
		return 0
	}
	size := nodeSize + len(n.str)
	if n.kids != nil {
		size += childrenSize
	}
	keys, vals := n.keys(), n.vals()
	for i, k := range keys {
		size += 2*pointerSize + treeSize(k) + treeSize(vals[i])
	}
	for _, it := range n.items() {
		size += pointerSize + treeSize(it)
	}
	return size
}

// lookup returns the innermost binding of id in env.
func lookup(env []binding, id string) (binding, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if env[i].id == id {
			return env[i], true
		}
	}
	return binding{}, false
}

// substKey returns key k with ${Id} and &{Id} replaced by the known items
// of env (&{} drops the characters that are not letters or digits). An
// unknown item leaves its placeholder: the key stands for every key the
// loop makes.
func substKey(k *node, env []binding) *node {
	text, _ := subst(k.str, env)
	if text == k.str {
		return k
	}
	c := *k
	c.str = text
	return &c
}

// subst replaces ${Id} and &{Id} in s by the known items of env. It also
// returns the identifiers of unknown items s names.
func subst(s string, env []binding) (string, []binding) {
	if len(env) == 0 || !strings.Contains(s, "{") {
		return s, nil
	}
	var unknown []binding
	for i := len(env) - 1; i >= 0; i-- {
		b := env[i]
		dollar, amp := "${"+b.id+"}", "&{"+b.id+"}"
		if !strings.Contains(s, dollar) && !strings.Contains(s, amp) {
			continue
		}
		if b.why != "" {
			unknown = append(unknown, b)
			s = strings.ReplaceAll(s, amp, dollar)
			continue
		}
		s = strings.ReplaceAll(s, dollar, b.text)
		s = strings.ReplaceAll(s, amp, alnum(b.text))
	}
	return s, unknown
}

// alnum returns s without the characters that are not ASCII letters or
// digits, as &{Identifier} writes a collection item.
func alnum(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// expandValue returns n with the loops inside it expanded and the
// identifiers of env replaced: Ref Identifier becomes the item, and
// ${Identifier} and &{Identifier} in strings the item's text. It returns n
// itself when nothing changes.
func (s *scope) expandValue(n *node, env []binding) *node {
	if n == nil || s.stopped != nil {
		return n
	}
	switch n.kind {
	case scalarNode:
		text, unknown := subst(n.str, env)
		if len(unknown) > 0 {
			c := &node{kind: scalarNode, str: text, at: n.at}
			s.unknown[c] = unknown[0].why
			return c
		}
		if text == n.str {
			return n
		}
		c := *n
		c.str = text
		return &c
	case seqNode:
		items := s.expandAll(n.items(), env)
		if items == nil {
			return n
		}
		return newSeq(items, n.at)
	}
	if name, arg, ok := n.intrinsic(); ok {
		switch name {
		case "Ref":
			if id, ok := arg.text(); ok {
				if b, ok := lookup(env, id); ok {
					c := &node{kind: scalarNode, str: b.text, at: n.at}
					if b.why != "" {
						s.unknown[c] = b.why
					}
					return c
				}
			}
		case "Fn::Sub":
			return s.expandSub(n, arg, env)
		}
	}
	loops := len(env) > 0
	for _, k := range n.keys() {
		if strings.HasPrefix(k.str, forEachPrefix) {
			loops = true
			break
		}
	}
	if loops {
		c := &node{kind: mapNode, at: n.at}
		for _, e := range s.expandEntries(n, env) {
			c.addEntry(e.key, e.val)
		}
		return c
	}
	vals := s.expandAll(n.vals(), env)
	if vals == nil {
		return n
	}
	return newMap(n.keys(), vals, n.at)
}

// expandAll expands each of ns; it returns nil when none changes.
func (s *scope) expandAll(ns []*node, env []binding) []*node {
	var out []*node
	for i, n := range ns {
		e := s.expandValue(n, env)
		if e != n && out == nil {
			out = append(make([]*node, 0, len(ns)), ns[:i]...)
		}
		if out != nil {
			out = append(out, e)
		}
	}
	return out
}

// expandSub replaces the identifiers of env in an Fn::Sub string. A string
// that names an identifier whose item is not known makes the whole value
// unknown, with the reason (which parameter would decide it).
func (s *scope) expandSub(n, arg *node, env []binding) *node {
	str, vars := arg, (*node)(nil)
	if arg.kind == seqNode && len(arg.items()) > 0 {
		str = arg.items()[0]
		if len(arg.items()) > 1 {
			vars = arg.items()[1]
		}
	}
	if str.kind != scalarNode {
		return n
	}
	text, unknown := subst(str.str, env)
	if len(unknown) > 0 {
		c := &node{kind: scalarNode, str: text, at: n.at}
		s.unknown[c] = unknown[0].why
		return c
	}
	newVars := s.expandValue(vars, env)
	if text == str.str && newVars == vars {
		return n
	}
	newStr := *str
	newStr.str = text
	if vars == nil {
		return newMap(n.keys(), []*node{&newStr}, n.at)
	}
	list := newSeq([]*node{&newStr, newVars}, arg.at)
	return newMap(n.keys(), []*node{list}, n.at)
}

// loopsMayDefine says, for the reason of a reference to a name the
// template does not define, which loops of unknown collection may define
// it ("" when there are none).
func (s *scope) loopsMayDefine() string {
	if len(s.loops) == 0 {
		return ""
	}
	return " (" + strings.Join(s.loops, ", ") + " may define it, but its collection is not known)"
}

// length resolves Fn::Length: the number of items of a list.
func (s *scope) length(arg *node, loc parsers.Location) parsers.Value {
	return mapChoice(s.resolve(arg), func(v parsers.Value) parsers.Value {
		if v.Kind != parsers.List {
			return parsers.UnknownValue("Fn::Length of a list that is not known: "+explain(v), loc)
		}
		return parsers.Lit(strconv.Itoa(len(v.Items())), loc)
	})
}
