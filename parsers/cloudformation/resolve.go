package cloudformation

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unsafe"

	"github.com/beanlint/beanlint/parsers"
)

// maxSteps bounds the function calls of resolving one template, so that
// deeply nested conditions or references cannot blow up.
const maxSteps = 2_000_000

// maxExpansion bounds, in bytes, what resolving one template produces: the
// text of every value (each resolution of a scalar or parameter, each
// string Fn::Sub and Fn::Join build) and a valueSize for every list element
// and string part made. A real template produces a few times its own size,
// and templates are at most MaxSize; functions nested so as to multiply
// their input (Fn::Join over Fn::Split, Fn::Sub of Fn::Sub, a VPC's
// CidrBlock built from another's) grow exponentially and stop here with an
// EB900 instead of exhausting memory.
const maxExpansion = 256 << 20

// valueSize is what one element or part of a value takes in memory.
const valueSize = int(unsafe.Sizeof(parsers.Value{}))

// tri is a three-valued condition result.
type tri uint8

const (
	undecided tri = iota
	isTrue
	isFalse
)

func triOf(b bool) tri {
	if b {
		return isTrue
	}
	return isFalse
}

// budget bounds the work of resolving one template, with the stacks
// nested in it: every scope of one stack tree shares it.
type budget struct {
	steps int
	depth int
	// produced is the bytes produced so far (see maxExpansion).
	produced int
	// outer is the value being resolved for the builder, the one a
	// template too complex to resolve is reported at.
	outer parsers.Location
	// stopped is why resolution stopped, once a bound is reached; every
	// value resolved after it is unknown.
	stopped *parsers.ParseError
	// stacks counts the nested stacks read (see maxStacks).
	stacks int
}

// scope resolves intrinsic functions inside one template, as one stack:
// a template nested twice is two scopes.
type scope struct {
	*budget
	b        *builder
	t        *Template
	conds    map[string]tri
	condBusy map[string]bool
	// prefix starts the graph key of every resource of the stack.
	prefix string
	// resources, byID, outputs and conditions are the template's, after
	// the AWS::LanguageExtensions transform when it declares it.
	resources  []*resource
	byID       map[string]*resource
	outputs    []output
	conditions map[string]*node
	// unknown holds the nodes that stand for a loop item whose value is
	// not known, with the reason.
	unknown map[*node]string
	// loops are the Fn::ForEach loops whose collection is not known, by
	// name, for the reason of a Ref to a name they may define.
	loops []string
	// parent and stack are the stack that nests this one and its
	// AWS::CloudFormation::Stack resource (nil for a template linted
	// on its own).
	parent    *scope
	stack     *resource
	paramBusy map[string]bool
	// children are the stacks nested in this one, by resource ID.
	children map[string]*nested
}

// output is one entry of the Outputs section.
type output struct {
	name string
	body *node
	busy bool
}

func newScope(b *builder, t *Template) *scope {
	s := &scope{budget: &budget{}, b: b, t: t, conds: map[string]tri{}, condBusy: map[string]bool{}, prefix: t.Path + "#",
		resources: t.resources, byID: t.byID, conditions: t.conditions}
	if t.outputs != nil {
		for i, k := range t.outputs.keys() {
			s.outputs = append(s.outputs, output{name: k.str, body: t.outputs.vals()[i]})
		}
	}
	return s
}

// key returns the graph key of the stack's resource id.
func (s *scope) key(id string) string { return s.prefix + id }

// resolve turns a template node into a Value.
func (s *scope) resolve(n *node) parsers.Value {
	if n == nil {
		return parsers.Value{}
	}
	loc := s.t.loc(n)
	if s.depth == 0 {
		s.outer = loc
	}
	s.steps++
	switch {
	case s.stopped != nil:
		return tooComplex(loc)
	case s.steps > maxSteps:
		return s.stop(loc, fmt.Sprintf("more than %d function calls", maxSteps))
	case s.depth > maxDepth:
		return s.stop(loc, fmt.Sprintf("references nested deeper than %d levels", maxDepth))
	}
	s.depth++
	defer func() { s.depth-- }()
	if why, ok := s.unknown[n]; ok {
		return parsers.UnknownValue(why, loc)
	}
	switch n.kind {
	case scalarNode:
		if n.null {
			return parsers.Value{}
		}
		if !s.spend(len(n.str), "value", loc) {
			return tooComplex(loc)
		}
		if strings.Contains(n.str, "{{resolve:") {
			return parsers.UnknownValue("dynamic reference "+n.str+" is resolved at deploy time", loc)
		}
		return parsers.Lit(n.str, loc)
	case seqNode:
		items := []parsers.Value{}
		for _, it := range n.items() {
			if v := s.resolve(it); v.Kind != parsers.Absent {
				items = append(items, v)
			}
		}
		return parsers.Value{Kind: parsers.List, Loc: loc}.WithItems(items)
	}
	if name, arg, ok := n.intrinsic(); ok && name != "Condition" {
		v := s.call(name, arg, loc)
		// A reason can quote what it is about (a name, a value).
		if !s.spend(reasonSize(v), name, loc) {
			return tooComplex(loc)
		}
		return v
	}
	var fields []parsers.Field
	for i, k := range n.keys() {
		if v := s.resolve(n.vals()[i]); v.Kind != parsers.Absent {
			fields = append(fields, parsers.Field{Key: k.str, Value: v})
		}
	}
	return parsers.Value{Kind: parsers.Map, Loc: loc}.WithFields(fields)
}

// spend charges n bytes that what (a function, a value) at loc is about to
// produce to the template's maxExpansion. It returns false when they do
// not fit: resolution stops and the template fails with an EB900.
func (s *scope) spend(n int, what string, loc parsers.Location) bool {
	if s.stopped != nil {
		return false
	}
	if n > maxExpansion-s.produced {
		s.stop(loc, fmt.Sprintf("its intrinsic functions expand beyond %d bytes (reached at %s in this value)", maxExpansion, what))
		return false
	}
	s.produced += n
	return true
}

// stop ends the resolution of the template at loc: why becomes its EB900,
// at the value being resolved for the builder.
func (s *scope) stop(loc parsers.Location, why string) parsers.Value {
	if s.stopped == nil {
		s.stopped = s.t.errorf(s.outer, "template too complex to resolve: %s", why)
	}
	return tooComplex(loc)
}

// tooComplex is every value of a template whose resolution stopped.
func tooComplex(loc parsers.Location) parsers.Value {
	return parsers.UnknownValue("template too complex to resolve", loc)
}

// reasonSize returns the bytes of the reasons of v: an unknown value, or
// each branch of a Choice.
func reasonSize(v parsers.Value) int {
	n := len(v.Reason())
	if v.Kind == parsers.Choice {
		for _, it := range v.Items() {
			n += reasonSize(it)
		}
	}
	return n
}

// call resolves the intrinsic function name applied to arg.
func (s *scope) call(name string, arg *node, loc parsers.Location) parsers.Value {
	switch name {
	case "Ref":
		ref, ok := arg.text()
		if !ok && s.t.langExt && arg != nil && arg.kind == mapNode {
			// The transform resolves a function that names the target.
			ref, ok = s.resolve(arg).Text()
		}
		if !ok {
			return parsers.UnknownValue("Ref takes a name", loc)
		}
		return s.ref(ref, loc)
	case "Fn::GetAtt":
		return s.getAtt(arg, loc)
	case "Fn::Sub":
		return s.sub(arg, loc)
	case "Fn::Join":
		return s.join(arg, loc)
	case "Fn::Select":
		return s.selectFn(arg, loc)
	case "Fn::Split":
		return s.split(arg, loc)
	case "Fn::GetAZs":
		return parsers.UnknownValue("Fn::GetAZs: the region's Availability Zones are known only at deploy time", loc)
	case "Fn::If":
		return s.ifFn(arg, loc)
	case "Fn::FindInMap":
		return s.findInMap(arg, loc)
	case "Fn::ImportValue":
		return s.importValue(arg, loc)
	case "Fn::Cidr":
		return s.cidr(arg, loc)
	case "Fn::Base64":
		return withoutOrigin(s.resolve(arg))
	case "Fn::Transform":
		return parsers.UnknownValue("Fn::Transform: the macro's output is known only at deploy time", loc)
	case "Fn::GetStackOutput":
		return parsers.UnknownValue("Fn::GetStackOutput reads another stack's output at deploy time", loc)
	case "Fn::Length":
		if s.t.langExt {
			return s.length(arg, loc)
		}
		return parsers.UnknownValue(name+" needs the AWS::LanguageExtensions transform, which the template does not declare", loc)
	case "Fn::ToJsonString":
		return parsers.UnknownValue(name+": the exact JSON text the AWS::LanguageExtensions transform writes is not known", loc)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
		return parsers.UnknownValue(name+" is a condition function, not a value", loc)
	}
	return parsers.UnknownValue("unsupported function "+name, loc)
}

// ref resolves Ref name: a parameter, a pseudo parameter or a resource.
func (s *scope) ref(name string, loc parsers.Location) parsers.Value {
	if strings.HasPrefix(name, "AWS::") {
		return s.pseudo(name, loc)
	}
	if p, ok := s.t.params[name]; ok {
		return s.param(name, p, loc)
	}
	if _, ok := s.byID[name]; ok {
		return parsers.RefTo(s.key(name), "", loc)
	}
	if v, ok := s.ebGroup(name, loc); ok {
		return v
	}
	return parsers.UnknownValue(fmt.Sprintf("Ref %s: no parameter or resource of that name in %s%s", name, s.t.Path, s.loopsMayDefine()), loc)
}

var pseudoParams = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::Partition": true,
	"AWS::Region": true, "AWS::StackId": true, "AWS::StackName": true, "AWS::URLSuffix": true,
}

func (s *scope) pseudo(name string, loc parsers.Location) parsers.Value {
	if name == "AWS::NoValue" {
		return parsers.Value{}
	}
	if !pseudoParams[name] {
		return parsers.UnknownValue("unknown pseudo parameter "+name, loc)
	}
	if v, ok := s.b.opts.Parameters[name]; ok {
		return parsers.Lit(v, loc)
	}
	return parsers.Value{Kind: parsers.Ref, Target: name, Loc: loc}
}

// param resolves a parameter: the --parameter value, else its Default,
// else unknown. The value of a NoEcho parameter is secret, and keeps the
// parameter as its Origin so that a fix can name the parameter instead.
func (s *scope) param(name string, p *node, loc parsers.Location) parsers.Value {
	v := s.paramValue(name, p, loc)
	if noEcho(p) {
		v = v.AsSecret()
		v.SetOrigin(parsers.ParameterOf(s.t.Path, name))
	}
	return v
}

// noEcho reports whether parameter p is declared NoEcho: true, which hides
// its value in the console and API.
func noEcho(p *node) bool {
	str, _ := p.get("NoEcho").text()
	return strings.EqualFold(strings.TrimSpace(str), "true")
}

func (s *scope) paramValue(name string, p *node, loc parsers.Location) parsers.Value {
	typ, _ := p.get("Type").text()
	origin := parsers.ParameterOf(s.t.Path, name)
	if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") {
		v := parsers.UnknownValue(fmt.Sprintf("parameter %s has type %s: its value is read from Systems Manager at deploy time", name, typ), loc)
		v.SetOrigin(origin)
		return v
	}
	var raw string
	var have bool
	if s.parent != nil {
		// A nested stack's parameters are what its parent passes.
		if v, ok := s.boundParam(name, p, loc); ok {
			return v
		}
	} else {
		raw, have = s.b.opts.Parameters[name]
	}
	if !have {
		if d := p.get("Default"); d != nil {
			switch {
			case d.kind == scalarNode && !d.null:
				raw, have = d.str, true
			case d.kind == seqNode:
				parts := make([]string, 0, len(d.items()))
				for _, it := range d.items() {
					str, _ := it.text()
					parts = append(parts, str)
				}
				raw, have = strings.Join(parts, ","), true
			}
		}
	}
	if !have {
		// A list parameter too is one unknown value: its elements are
		// not known either.
		why := fmt.Sprintf("parameter %s has no value: pass --parameter %s=VALUE (or a --parameters-file)", name, name)
		if s.parent != nil {
			why = fmt.Sprintf("parameter %s of %s has no value: nested stack %s in %s passes none", name, s.t.Path, s.stack.id, s.parent.t.Path)
		}
		v := parsers.UnknownValue(why, loc)
		v.SetOrigin(origin)
		return v
	}
	if !s.spend(len(raw), "Ref "+name, loc) {
		return tooComplex(loc)
	}
	if typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<") {
		out := parsers.Value{Kind: parsers.List, Loc: loc}.WithItems([]parsers.Value{})
		if raw == "" {
			return out
		}
		if !s.spend((strings.Count(raw, ",")+1)*valueSize, "Ref "+name, loc) {
			return tooComplex(loc)
		}
		for _, part := range strings.Split(raw, ",") {
			out.SetItems(append(out.Items(), parsers.Lit(strings.TrimSpace(part), loc)))
		}
		return out
	}
	return parsers.Lit(raw, loc)
}

// getAtt resolves Fn::GetAtt [Id, Attr] or "Id.Attr".
// ebGroup resolves a configuration file's reference to a security group
// Elastic Beanstalk creates in the environment's stack (AWSEBSecurityGroup,
// AWSEBLoadBalancerSecurityGroup): a value of EBGroupOrigin, which pairing
// the file's application source with an environment turns into that
// environment's group. ok is false for other names and other templates.
func (s *scope) ebGroup(name string, loc parsers.Location) (parsers.Value, bool) {
	if !s.t.addedTo || name != parsers.EBInstanceGroup && name != parsers.EBLoadBalancerGroup {
		return parsers.Value{}, false
	}
	v := parsers.UnknownValue(fmt.Sprintf("%s is the security group Elastic Beanstalk creates for the environment %s is deployed with, and its application source is paired with no environment", name, s.t.Path), loc)
	v.SetOrigin(parsers.Origin{Kind: parsers.EBGroupOrigin, File: s.t.Path, Name: name})
	return v, true
}

func (s *scope) getAtt(arg *node, loc parsers.Location) parsers.Value {
	var id, attr string
	if str, ok := arg.text(); ok {
		id, attr, _ = strings.Cut(str, ".")
	} else if arg.kind == seqNode && len(arg.items()) == 2 {
		id, _ = arg.items()[0].text()
		av := s.resolve(arg.items()[1])
		if av.Kind != parsers.Known {
			return parsers.UnknownValue(fmt.Sprintf("Fn::GetAtt %s: attribute name is not known (%s)", id, explain(av)), loc)
		}
		attr = av.Str
	}
	r, ok := s.byID[id]
	if v, isGroup := s.ebGroup(id, loc); !ok && isGroup && attr == "GroupId" {
		return v
	}
	if !ok || attr == "" {
		return parsers.UnknownValue(fmt.Sprintf("Fn::GetAtt %s.%s: no resource %q in %s%s", id, attr, id, s.t.Path, s.loopsMayDefine()), loc)
	}
	return s.attr(r, attr, loc)
}

// attr resolves resource r's attribute; a VPC's CidrBlock is its property.
func (s *scope) attr(r *resource, attr string, loc parsers.Location) parsers.Value {
	if name, ok := strings.CutPrefix(attr, "Outputs."); ok && r.typ == stackType {
		return s.stackOutput(r, name, loc)
	}
	if r.typ == "AWS::EC2::VPC" && attr == "CidrBlock" {
		if v := s.resolve(r.props.get("CidrBlock")); v.Kind == parsers.Known {
			v.Loc = loc
			return v
		}
	}
	return parsers.RefTo(s.key(r.id), attr, loc)
}

// sub resolves Fn::Sub "string" or [string, {Var: value}].
func (s *scope) sub(arg *node, loc parsers.Location) parsers.Value {
	str, vars := arg, (*node)(nil)
	if arg.kind == seqNode {
		if len(arg.items()) == 0 {
			return parsers.UnknownValue("Fn::Sub needs a string", loc)
		}
		str = arg.items()[0]
		if len(arg.items()) > 1 {
			vars = arg.items()[1]
		}
	}
	text, ok := str.text()
	if !ok {
		return parsers.UnknownValue("Fn::Sub needs a literal string", loc)
	}
	var parts []parsers.Value
	for _, p := range splitSub(text) {
		if !p.isVar {
			parts = append(parts, parsers.Lit(p.text, loc))
			continue
		}
		if v := vars.get(p.text); v != nil {
			parts = append(parts, s.resolve(v))
			continue
		}
		if id, attr, dotted := strings.Cut(p.text, "."); dotted && !strings.HasPrefix(p.text, "AWS::") {
			if r, ok := s.byID[id]; ok {
				parts = append(parts, s.attr(r, attr, loc))
				continue
			}
		}
		parts = append(parts, s.ref(p.text, loc))
	}
	return s.concat(parts, "", "Fn::Sub", loc)
}

// concat joins string parts, with sep between each two, for the function
// what: a Known value when every part is known, else a Concat with nested
// concatenations flattened and adjacent literals merged. What it makes is
// charged first, and it takes time linear in the parts' size.
func (s *scope) concat(parts []parsers.Value, sep, what string, loc parsers.Location) parsers.Value {
	separator := parsers.Lit(sep, loc)
	each := func(f func(parsers.Value)) {
		for i, p := range parts {
			if i > 0 {
				f(separator)
			}
			if p.Kind != parsers.Concat {
				f(p)
				continue
			}
			for _, q := range p.Parts() {
				f(q)
			}
		}
	}
	// What is made: the text, the reasons of unknown parts, and a part
	// for each run of literals and each other part.
	size, inRun := 0, false
	each(func(p parsers.Value) {
		size += len(p.Str) + len(p.Reason())
		if !inRun || p.Kind != parsers.Known {
			size += valueSize
		}
		inRun = p.Kind == parsers.Known
	})
	if !s.spend(size, what, loc) {
		return tooComplex(loc)
	}
	var m merger
	each(m.add)
	m.flush()
	switch merged := m.parts; {
	case len(merged) == 0:
		return parsers.Lit("", loc)
	case len(merged) == 1 && merged[0].Kind == parsers.Known:
		return parsers.Derived(merged[0].Str, loc, merged[0])
	case len(merged) == 1:
		return merged[0]
	default:
		return parsers.Value{Kind: parsers.Concat, Loc: loc}.WithParts(merged)
	}
}

// merger collects the parts of a string, merging each run of adjacent
// literals into the first non-empty one of the run.
type merger struct {
	parts []parsers.Value
	first parsers.Value   // the run's first non-empty literal
	inRun bool            // first is set
	text  strings.Builder // the run's text, once it has a second literal
}

func (m *merger) add(p parsers.Value) {
	switch {
	case p.Kind != parsers.Known:
		m.flush()
		m.parts = append(m.parts, p)
	case p.Str == "":
	case !m.inRun:
		m.first, m.inRun = p, true
	default:
		if m.text.Len() == 0 {
			m.text.WriteString(m.first.Str)
		}
		m.text.WriteString(p.Str)
		m.first.Secret = m.first.Secret || p.Secret
	}
}

// flush ends the run of literals.
func (m *merger) flush() {
	if !m.inRun {
		return
	}
	lit := m.first
	if m.text.Len() > 0 {
		lit.Str = m.text.String()
		m.text.Reset()
	}
	m.parts = append(m.parts, lit)
	m.inRun = false
}

// mapChoice applies f to v, or to each branch of a Choice.
func mapChoice(v parsers.Value, f func(parsers.Value) parsers.Value) parsers.Value {
	if v.Kind != parsers.Choice {
		return f(v)
	}
	out := v
	out.SetItems(make([]parsers.Value, len(v.Items())))
	for i, it := range v.Items() {
		out.Items()[i] = mapChoice(it, f)
	}
	return out
}

// args returns arg's items when it is a list of n items.
func args(arg *node, n int) ([]*node, bool) {
	if arg == nil || arg.kind != seqNode || len(arg.items()) != n {
		return nil, false
	}
	return arg.items(), true
}

// join resolves Fn::Join [separator, [values]].
func (s *scope) join(arg *node, loc parsers.Location) parsers.Value {
	a, ok := args(arg, 2)
	if !ok {
		return parsers.UnknownValue("Fn::Join takes [separator, list]", loc)
	}
	if a[0].kind != scalarNode {
		return parsers.UnknownValue("Fn::Join separator must be a string", loc)
	}
	sep := a[0].str
	return mapChoice(s.resolve(a[1]), func(list parsers.Value) parsers.Value {
		if list.Kind != parsers.List {
			return parsers.UnknownValue("Fn::Join over a list that is not known: "+explain(list), loc)
		}
		return s.concat(list.Items(), sep, "Fn::Join", loc)
	})
}

// selectFn resolves Fn::Select [index, list].
func (s *scope) selectFn(arg *node, loc parsers.Location) parsers.Value {
	a, ok := args(arg, 2)
	if !ok {
		return parsers.UnknownValue("Fn::Select takes [index, list]", loc)
	}
	iv := s.resolve(a[0])
	idx, err := strconv.Atoi(strings.TrimSpace(iv.Str))
	if iv.Kind != parsers.Known || err != nil || idx < 0 {
		return parsers.UnknownValue("Fn::Select index is not a known number: "+explain(iv), loc)
	}
	if name, _, ok := a[1].intrinsic(); ok && name == "Fn::GetAZs" {
		return parsers.UnknownValue(fmt.Sprintf("Fn::GetAZs index %d: the region's Availability Zones and their order are known only at deploy time", idx), loc)
	}
	return mapChoice(s.resolve(a[1]), func(list parsers.Value) parsers.Value {
		var items []parsers.Value
		switch list.Kind {
		case parsers.List:
			items = list.Items()
		case parsers.Concat, parsers.Known:
			if !s.spend(pieceCount(list, ",")*valueSize, "Fn::Select", loc) {
				return tooComplex(loc)
			}
			items = list.Elems()
		default:
			return parsers.UnknownValue(fmt.Sprintf("Fn::Select %d of a list that is not known: %s", idx, explain(list)), loc)
		}
		if idx >= len(items) {
			return parsers.UnknownValue(fmt.Sprintf("Fn::Select index %d is out of range (list has %d items)", idx, len(items)), loc)
		}
		v := items[idx]
		v.Loc = loc
		return v
	})
}

// split resolves Fn::Split [separator, string].
func (s *scope) split(arg *node, loc parsers.Location) parsers.Value {
	a, ok := args(arg, 2)
	if !ok {
		return parsers.UnknownValue("Fn::Split takes [separator, string]", loc)
	}
	sep, ok := a[0].text()
	if !ok || sep == "" {
		return parsers.UnknownValue("Fn::Split separator must be a non-empty string", loc)
	}
	return mapChoice(s.resolve(a[1]), func(v parsers.Value) parsers.Value {
		return s.splitValue(v, sep, loc)
	})
}

// pieceCount returns how many pieces splitting a known string or a Concat at
// sep gives (0 for other values), without splitting it.
func pieceCount(v parsers.Value, sep string) int {
	switch v.Kind {
	case parsers.Known:
		return strings.Count(v.Str, sep) + 1
	case parsers.Concat:
		n := 1
		for _, p := range v.Parts() {
			if p.Kind == parsers.Known {
				n += strings.Count(p.Str, sep)
			}
		}
		return n
	}
	return 0
}

// splitValue splits a known string or a Concat at sep. Pieces of a Concat
// that mix literal text with an unknown part stay Concat values.
func (s *scope) splitValue(v parsers.Value, sep string, loc parsers.Location) parsers.Value {
	n := pieceCount(v, sep)
	if !s.spend(n*valueSize, "Fn::Split", loc) {
		return tooComplex(loc)
	}
	out := parsers.Value{Kind: parsers.List, Loc: loc}.WithItems(make([]parsers.Value, 0, n))
	switch v.Kind {
	case parsers.Known:
		for _, piece := range strings.Split(v.Str, sep) {
			out.SetItems(append(out.Items(), parsers.Derived(piece, loc, v)))
		}
		return out
	case parsers.Concat:
		var cur []parsers.Value
		for _, p := range v.Parts() {
			if p.Kind != parsers.Known {
				cur = append(cur, p)
				continue
			}
			pieces := strings.Split(p.Str, sep)
			for i, piece := range pieces {
				if i > 0 {
					out.SetItems(append(out.Items(), s.concat(cur, "", "Fn::Split", loc)))
					cur = nil
				}
				cur = append(cur, parsers.Derived(piece, loc, p))
			}
		}
		out.SetItems(append(out.Items(), s.concat(cur, "", "Fn::Split", loc)))
		return out
	}
	return parsers.UnknownValue("Fn::Split of a value that is not known: "+explain(v), loc)
}

// ifFn resolves Fn::If [condition, whenTrue, whenFalse].
func (s *scope) ifFn(arg *node, loc parsers.Location) parsers.Value {
	a, ok := args(arg, 3)
	if !ok {
		return parsers.UnknownValue("Fn::If takes [condition, value if true, value if false]", loc)
	}
	name, ok := a[0].text()
	if !ok || name == "" {
		return parsers.UnknownValue("Fn::If needs a condition name", loc)
	}
	switch s.cond(name) {
	case isTrue:
		return s.resolve(a[1])
	case isFalse:
		return s.resolve(a[2])
	}
	return parsers.Value{Kind: parsers.Choice, Loc: loc}.WithItems([]parsers.Value{s.resolve(a[1]), s.resolve(a[2])}).WithCond(name)
}

// findInMap resolves Fn::FindInMap [Map, TopKey, SecondKey], and under
// the AWS::LanguageExtensions transform [Map, TopKey, SecondKey,
// {DefaultValue: value}], whose value is used when the map has no entry.
func (s *scope) findInMap(arg *node, loc parsers.Location) parsers.Value {
	if arg == nil || arg.kind != seqNode || len(arg.items()) < 3 {
		return parsers.UnknownValue("Fn::FindInMap takes [map, top-level key, second-level key]", loc)
	}
	var def *node
	if len(arg.items()) == 4 && s.t.langExt {
		if def = arg.items()[3].get("DefaultValue"); def == nil {
			return parsers.UnknownValue("Fn::FindInMap: the fourth argument must be {DefaultValue: value}", loc)
		}
	}
	mv := s.resolve(arg.items()[0])
	mapName, ok := mv.Text()
	if !ok {
		return parsers.UnknownValue("Fn::FindInMap: the map name is not known: "+explain(mv), loc)
	}
	m := s.t.mappings.get(mapName)
	if m == nil || m.kind != mapNode {
		if def != nil {
			return s.located(def, loc)
		}
		return parsers.UnknownValue(fmt.Sprintf("Fn::FindInMap: no mapping %q", mapName), loc)
	}
	k1, k2 := s.resolve(arg.items()[1]), s.resolve(arg.items()[2])
	// missing is whether the keys may name no entry, which a DefaultValue
	// answers.
	var tops []*node
	missing := false
	if k1.Kind == parsers.Known {
		if t := m.get(k1.Str); t != nil {
			tops = []*node{t}
		} else {
			missing = true
		}
	} else {
		tops, missing = m.vals(), true
	}
	var candidates []*node
	for _, t := range tops {
		if k2.Kind == parsers.Known {
			if v := t.get(k2.Str); v != nil {
				candidates = append(candidates, v)
			} else {
				missing = true
			}
		} else if t.kind == mapNode {
			candidates = append(candidates, t.vals()...)
			missing = true
		}
	}
	if def != nil && missing {
		candidates = append(candidates, def)
	}
	if len(candidates) == 0 {
		return parsers.UnknownValue(fmt.Sprintf("Fn::FindInMap %s: no entry for [%s, %s]", mapName, describe(k1), describe(k2)), loc)
	}
	first := s.resolve(candidates[0])
	for _, c := range candidates[1:] {
		if !sameValue(first, s.resolve(c)) {
			unknownKey := k1
			if k1.Kind == parsers.Known {
				unknownKey = k2
			}
			return parsers.UnknownValue(fmt.Sprintf("Fn::FindInMap %s: key %s is known only at deploy time and the map's values differ", mapName, describe(unknownKey)), loc)
		}
	}
	first.Loc = loc
	return first
}

// located resolves n as the value of the function at loc.
func (s *scope) located(n *node, loc parsers.Location) parsers.Value {
	v := s.resolve(n)
	v.Loc = loc
	return v
}

// sameValue reports whether a and b are equal known values.
func sameValue(a, b parsers.Value) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case parsers.Known:
		return a.Str == b.Str
	case parsers.List:
		if len(a.Items()) != len(b.Items()) {
			return false
		}
		for i := range a.Items() {
			if !sameValue(a.Items()[i], b.Items()[i]) {
				return false
			}
		}
		return true
	case parsers.Ref:
		return a.Target == b.Target && a.Attr() == b.Attr()
	}
	return false
}

// importValue resolves Fn::ImportValue against the exports of every
// template passed to Build.
func (s *scope) importValue(arg *node, loc parsers.Location) parsers.Value {
	nv := s.resolve(arg)
	name, ok := nv.Text()
	if !ok {
		return parsers.UnknownValue("Fn::ImportValue: the export name is not known: "+explain(nv), loc)
	}
	unresolved := func(reason string) parsers.Value {
		v := parsers.UnknownValue(reason, loc)
		if !nv.HoldsSecret() { // fixes write !ImportValue <origin>
			v.SetOrigin(s.importOrigin(name))
		}
		return v
	}
	shown := nv.Redact(name)
	exps := s.b.exportsNamed(name)
	switch len(exps) {
	case 0:
		return unresolved(fmt.Sprintf("Fn::ImportValue %s: no linted template exports it; lint the network template together with this one", shown))
	case 1:
	default:
		var paths []string
		for _, e := range exps {
			paths = append(paths, e.scope.t.Path)
		}
		return unresolved(fmt.Sprintf("Fn::ImportValue %s: exported by several linted templates (%s)", shown, strings.Join(paths, ", ")))
	}
	e := exps[0]
	if e.busy {
		return unresolved(fmt.Sprintf("Fn::ImportValue %s: circular import", shown))
	}
	e.busy = true
	v := e.scope.resolve(e.value)
	e.busy = false
	v.Loc = loc
	if v.HoldsSecret() {
		v.SetOrigin(s.importOrigin(name)) // what a fix writes instead of the secret
	}
	return v
}

// importOrigin returns the Origin of an import of the export name: the
// same name imports the same value, since exports are unique within an
// account and region, except that a name built from the stack name or ID
// differs from stack to stack.
func (s *scope) importOrigin(name string) parsers.Origin {
	if strings.Contains(name, "${AWS::StackName}") || strings.Contains(name, "${AWS::StackId}") {
		return parsers.Origin{Kind: parsers.ImportOrigin, File: s.t.Path, Name: name}
	}
	return parsers.Origin{Kind: parsers.ImportOrigin, Name: name}
}

// withoutOrigin returns v, or each branch of a Choice, with no Origin: for
// a value computed from another one.
func withoutOrigin(v parsers.Value) parsers.Value {
	return mapChoice(v, func(v parsers.Value) parsers.Value {
		v.SetOrigin(parsers.Origin{})
		return v
	})
}

// cidr resolves Fn::Cidr [ipBlock, count, cidrBits] when its inputs are
// known.
func (s *scope) cidr(arg *node, loc parsers.Location) parsers.Value {
	a, ok := args(arg, 3)
	if !ok {
		return parsers.UnknownValue("Fn::Cidr takes [ipBlock, count, cidrBits]", loc)
	}
	block, count, bits := s.resolve(a[0]), s.resolve(a[1]), s.resolve(a[2])
	if block.Kind != parsers.Known || count.Kind != parsers.Known || bits.Kind != parsers.Known {
		return parsers.UnknownValue(fmt.Sprintf("Fn::Cidr of values that are not known: %s, %s, %s", explain(block), explain(count), explain(bits)), loc)
	}
	n, err1 := strconv.Atoi(count.Str)
	b, err2 := strconv.Atoi(bits.Str)
	if err1 != nil || err2 != nil {
		return parsers.UnknownValue("Fn::Cidr count and cidrBits must be numbers", loc)
	}
	blocks, err := cidrSplit(block.Str, n, b)
	if err != nil {
		return parsers.UnknownValue("Fn::Cidr: "+err.Error(), loc)
	}
	size := 0
	for _, c := range blocks {
		size += valueSize + len(c)
	}
	if !s.spend(size, "Fn::Cidr", loc) {
		return tooComplex(loc)
	}
	out := parsers.Value{Kind: parsers.List, Loc: loc}
	for _, c := range blocks {
		out.SetItems(append(out.Items(), parsers.Derived(c, loc, block)))
	}
	return out
}

// cidrSplit returns the first count subnets of block that have cidrBits
// host bits, as Fn::Cidr does.
func cidrSplit(block string, count, cidrBits int) ([]string, error) {
	p, err := netip.ParsePrefix(strings.TrimSpace(block))
	if err != nil {
		return nil, err
	}
	p = p.Masked()
	total := p.Addr().BitLen()
	newLen := total - cidrBits
	if cidrBits < 0 || newLen < p.Bits() {
		return nil, fmt.Errorf("%d host bits do not fit in %s", cidrBits, p)
	}
	if count < 1 || count > 256 {
		return nil, fmt.Errorf("count %d is outside 1..256", count)
	}
	if avail := newLen - p.Bits(); avail < 9 && count > 1<<avail {
		return nil, fmt.Errorf("%s holds only %d subnets of /%d", p, 1<<avail, newLen)
	}
	out := make([]string, 0, count)
	addr := p.Addr()
	for i := 0; i < count; i++ {
		out = append(out, netip.PrefixFrom(addr, newLen).String())
		addr = addPow2(addr, cidrBits)
	}
	return out, nil
}

// addPow2 returns a + 2^bit.
func addPow2(a netip.Addr, bit int) netip.Addr {
	b := a.As16()
	offset := 0
	if a.Is4() {
		offset = 12
	}
	i := 15 - bit/8
	carry := uint(1) << (bit % 8)
	for ; i >= offset && carry > 0; i-- {
		sum := uint(b[i]) + carry
		b[i] = byte(sum)
		carry = sum >> 8
	}
	out := netip.AddrFrom16(b)
	if a.Is4() {
		out = out.Unmap()
	}
	return out
}

// explain renders a value for the reason of another unknown value: the
// reason itself for an unknown value; for a partly known string its text,
// with ${Name} for references and "…" for unknown parts, followed by the
// reasons of those. Resources are named by their logical ID.
func explain(v parsers.Value) string {
	if v.Kind == parsers.Unknown {
		return v.Reason()
	}
	v = named(v)
	var reasons []string
	var collect func(parsers.Value)
	collect = func(v parsers.Value) {
		if v.Kind == parsers.Unknown {
			reasons = append(reasons, v.Reason())
		}
		for _, x := range v.Items() {
			collect(x)
		}
		for _, x := range v.Parts() {
			collect(x)
		}
	}
	collect(v)
	if v.Kind != parsers.Concat {
		if len(reasons) == 0 {
			return v.Describe()
		}
		return strings.Join(reasons, "; ")
	}
	if v.HoldsSecret() {
		return strings.Join(append([]string{parsers.Redacted}, reasons...), "; ")
	}
	var b strings.Builder
	for _, p := range v.Parts() {
		switch t, ok := p.Text(); {
		case ok:
			b.WriteString(t)
		case p.Kind == parsers.Ref:
			b.WriteString("${" + p.Describe() + "}")
		default:
			b.WriteString("…")
		}
	}
	if len(reasons) == 0 {
		return strconv.Quote(b.String())
	}
	return fmt.Sprintf("%q (%s)", b.String(), strings.Join(reasons, "; "))
}

// describe renders v for a message, naming resources by their logical ID.
func describe(v parsers.Value) string { return named(v).Describe() }

// named returns a copy of v whose references to resources name them by
// their logical ID instead of their graph key ("<file>#<LogicalID>").
func named(v parsers.Value) parsers.Value {
	if v.Kind == parsers.Ref && !v.IsPseudo() {
		if i := strings.LastIndexByte(v.Target, '#'); i >= 0 {
			v.Target = v.Target[i+1:]
		}
	}
	v.SetItems(namedAll(v.Items()))
	v.SetParts(namedAll(v.Parts()))
	if v.Fields() != nil {
		fields := make([]parsers.Field, len(v.Fields()))
		for i, f := range v.Fields() {
			fields[i] = parsers.Field{Key: f.Key, Value: named(f.Value)}
		}
		v.SetFields(fields)
	}
	return v
}

func namedAll(vs []parsers.Value) []parsers.Value {
	if vs == nil {
		return nil
	}
	out := make([]parsers.Value, len(vs))
	for i, v := range vs {
		out[i] = named(v)
	}
	return out
}
