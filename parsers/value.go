// Package parsers holds the common network resource graph that every input
// format is turned into: typed nodes (VPCs, subnets, route tables, gateways,
// endpoints, security groups, network ACLs, Elastic Beanstalk environments),
// three-valued property values that carry their source location, and the
// parse error type reported as EB900.
//
// Parsers (parsers/cloudformation, parsers/terraform) fill a Graph;
// rules read it and never learn which format a value came from.
package parsers

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Location is a range in an input file. Lines and columns are 1-based;
// columns count Unicode code points, and EndCol is the column just after the
// last character (as SARIF's endColumn). A zero Location means "no location".
//
// Lines and columns are int32 (inputs are far smaller than 2 GiB): every
// Value carries a Location, and a graph holds hundreds of thousands of
// values (docs/BENCHMARKS.md). Span, SetStart and SetEnd take ints.
type Location struct {
	File      string `json:"file"`
	StartLine int32  `json:"startLine"`
	StartCol  int32  `json:"startColumn"`
	EndLine   int32  `json:"endLine"`
	EndCol    int32  `json:"endColumn"`
}

// Span returns the location in file from startLine:startCol to
// endLine:endCol.
func Span(file string, startLine, startCol, endLine, endCol int) Location {
	return Location{File: file, StartLine: int32(startLine), StartCol: int32(startCol), EndLine: int32(endLine), EndCol: int32(endCol)}
}

// SetStart sets where l begins.
func (l *Location) SetStart(line, col int) { l.StartLine, l.StartCol = int32(line), int32(col) }

// SetEnd sets where l ends.
func (l *Location) SetEnd(line, col int) { l.EndLine, l.EndCol = int32(line), int32(col) }

// IsZero reports whether l carries no position.
func (l Location) IsZero() bool { return l.File == "" && l.StartLine == 0 }

// Compare orders locations by file, start line, start column, end line,
// then end column; it returns -1, 0 or +1 like cmp.Compare.
func (l Location) Compare(m Location) int {
	return cmp.Or(
		strings.Compare(l.File, m.File),
		cmp.Compare(l.StartLine, m.StartLine),
		cmp.Compare(l.StartCol, m.StartCol),
		cmp.Compare(l.EndLine, m.EndLine),
		cmp.Compare(l.EndCol, m.EndCol),
	)
}

// Start returns the point where l begins (l without its end), for orders
// that break ties between locations starting at the same point by other
// keys or by input order rather than by where the locations end.
func (l Location) Start() Location {
	return Location{File: l.File, StartLine: l.StartLine, StartCol: l.StartCol}
}

// String renders l as file:line:col.
func (l Location) String() string {
	if l.StartLine == 0 {
		return l.File
	}
	return fmt.Sprintf("%s:%d:%d", l.File, l.StartLine, l.StartCol)
}

// Kind says what a Value holds.
type Kind uint8

const (
	// Absent means the property is not in the input and no default applies.
	Absent Kind = iota
	// Known means a literal scalar, held in Str (booleans "true"/"false",
	// numbers in their decimal text).
	Known
	// List means an ordered list, held in Items.
	List
	// Map means an object, held in Fields in source order (policy documents).
	Map
	// Ref means a reference to a graph node (Target is the node key, Attr the
	// attribute or "" for the node itself) or to a pseudo parameter
	// (Target "AWS::Region", ...; see IsPseudo).
	Ref
	// Concat means a string built from Parts (Fn::Sub, Fn::Join) where some part
	// is not a literal, e.g. "com.amazonaws." + ${AWS::Region} + ".sqs".
	Concat
	// Choice means one of Items, chosen by condition Cond that the inputs do not
	// decide (CloudFormation Fn::If). Items[0] is the true branch.
	Choice
	// Unknown means the inputs do not decide the value; Reason says why and what
	// would decide it.
	Unknown
)

var kindNames = [...]string{"absent", "known", "list", "map", "ref", "concat", "choice", "unknown"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Field is one key of a Map value.
type Field struct {
	Key   string
	Value Value
}

// Value is a three-valued property value: known (Known, List, Map, Concat of
// known parts), a reference to another node (Ref), or unknown with a reason.
// Every value carries the location it came from.
//
// A graph holds hundreds of thousands of values (docs/BENCHMARKS.md), so
// the fields few values have (Items, Fields, Attr, Cond, Reason, Origin,
// Parts) sit behind one pointer and are read and set through methods; the
// three one-byte fields share one word.
type Value struct {
	Kind Kind
	// Default is true when the parser applied an AWS default because the
	// property is absent; Loc then points at the resource.
	Default bool
	// Secret is true for a Known value the input hides (a Terraform
	// sensitive value, a CloudFormation NoEcho parameter) or computes from
	// such a value. Rules decide with Str as with any literal; text for
	// users shows Redacted instead (Describe, Redact).
	Secret bool
	Str    string // Known: the literal
	Target string // Ref: node key or pseudo parameter name
	// Prop is the property the value was read from, as the input names it
	// ("EnableDnsHostnames", "enable_dns_hostnames", "OptionSettings
	// aws:ec2:vpc/Subnets", "setting aws:ec2:vpc/Subnets"): the parser sets
	// it where it reads the property, also for an absent property and a
	// default, so messages and reports name it without knowing the format.
	// "" for values that are not a property of their own (list elements,
	// parts).
	Prop string
	Loc  Location
	// more holds the rare fields; nil when they are all zero. It is shared
	// by copies of the value and never changed in place (see keep).
	more *valueMore
}

// valueMore is the fields of a Value that few values have.
type valueMore struct {
	items  []Value // List, Choice
	fields []Field // Map
	attr   string  // Ref: attribute (Fn::GetAtt), "" for the node itself
	cond   string  // Choice: the undecided condition's name, or a clause (see CondText)
	reason string  // Unknown: why, and what would decide it
	origin Origin  // Unknown: see Value.Origin
	parts  []Value // Concat
}

// Items are a List's elements, or a Choice's two branches.
func (v Value) Items() []Value {
	if v.more == nil {
		return nil
	}
	return v.more.items
}

// Fields are a Map's keys and values, in order.
func (v Value) Fields() []Field {
	if v.more == nil {
		return nil
	}
	return v.more.fields
}

// Attr is a Ref's attribute (Fn::GetAtt), "" for the node itself.
func (v Value) Attr() string {
	if v.more == nil {
		return ""
	}
	return v.more.attr
}

// Cond is a Choice's undecided condition's name.
func (v Value) Cond() string {
	if v.more == nil {
		return ""
	}
	return v.more.cond
}

// Reason says why an Unknown value is unknown, and what would decide it.
func (v Value) Reason() string {
	if v.more == nil {
		return ""
	}
	return v.more.reason
}

// Origin identifies where an Unknown value comes from when two values can
// be told to be the same unknown: a template parameter without a value, an
// unresolved Fn::ImportValue with a known name, a Terraform value known
// only after apply. Two Unknown values with the same non-zero Origin are
// equal, whatever that value turns out to be. The zero Origin when nothing
// identifies it. The secret value of a NoEcho parameter keeps its
// parameter Origin too, for fixes to name.
func (v Value) Origin() Origin {
	if v.more == nil {
		return Origin{}
	}
	return v.more.origin
}

// Parts are a Concat's parts, in order.
func (v Value) Parts() []Value {
	if v.more == nil {
		return nil
	}
	return v.more.parts
}

// rare returns a copy of v's rare fields, to change and keep.
func (v *Value) rare() valueMore {
	if v.more == nil {
		return valueMore{}
	}
	return *v.more
}

// keep makes m v's rare fields: none when they are all zero. Copies of v
// keep theirs (v.more is replaced, never written to).
func (v *Value) keep(m valueMore) {
	if m.items == nil && m.fields == nil && m.attr == "" && m.cond == "" && m.reason == "" && m.origin == (Origin{}) && m.parts == nil {
		v.more = nil
		return
	}
	p := new(valueMore) // allocated here only: most values have none
	*p = m
	v.more = p
}

// SetItems sets v's Items.
func (v *Value) SetItems(items []Value) { m := v.rare(); m.items = items; v.keep(m) }

// SetFields sets v's Fields.
func (v *Value) SetFields(fields []Field) { m := v.rare(); m.fields = fields; v.keep(m) }

// SetAttr sets v's Attr.
func (v *Value) SetAttr(attr string) { m := v.rare(); m.attr = attr; v.keep(m) }

// SetCond sets v's Cond.
func (v *Value) SetCond(cond string) { m := v.rare(); m.cond = cond; v.keep(m) }

// SetReason sets v's Reason.
func (v *Value) SetReason(reason string) { m := v.rare(); m.reason = reason; v.keep(m) }

// SetOrigin sets v's Origin.
func (v *Value) SetOrigin(o Origin) { m := v.rare(); m.origin = o; v.keep(m) }

// SetParts sets v's Parts.
func (v *Value) SetParts(parts []Value) { m := v.rare(); m.parts = parts; v.keep(m) }

// WithItems returns v with Items items.
func (v Value) WithItems(items []Value) Value { v.SetItems(items); return v }

// WithFields returns v with Fields fields.
func (v Value) WithFields(fields []Field) Value { v.SetFields(fields); return v }

// WithAttr returns v with Attr attr.
func (v Value) WithAttr(attr string) Value { v.SetAttr(attr); return v }

// WithCond returns v with Cond cond.
func (v Value) WithCond(cond string) Value { v.SetCond(cond); return v }

// WithReason returns v with Reason reason.
func (v Value) WithReason(reason string) Value { v.SetReason(reason); return v }

// WithOrigin returns v with Origin o.
func (v Value) WithOrigin(o Origin) Value { v.SetOrigin(o); return v }

// WithParts returns v with Parts parts.
func (v Value) WithParts(parts []Value) Value { v.SetParts(parts); return v }

// OriginKind says what kind of input an Origin names.
type OriginKind uint8

const (
	// NoOrigin means nothing identifies the value.
	NoOrigin OriginKind = iota
	// ParameterOrigin is a CloudFormation template parameter: File is the
	// template, Name the parameter's logical name.
	ParameterOrigin
	// ImportOrigin is an Fn::ImportValue of the export Name; File is the
	// importing template when the name is built from the stack's name or
	// ID (the same name then differs from stack to stack), else "".
	ImportOrigin
	// TerraformOrigin is a Terraform value known only after apply: File is
	// the plan, Name the address the value comes from
	// ("module.net.aws_vpc.this.id").
	TerraformOrigin
	// EBGroupOrigin is a security group Elastic Beanstalk creates, named
	// by a configuration file's resource (File, the .config file) by its
	// resource name (Name: EBInstanceGroup or EBLoadBalancerGroup): the
	// group of the environment the file's application source is paired
	// with, which pairing puts in its place.
	EBGroupOrigin
)

// Origin identifies an unknown value by what decides it (see Value.Origin).
// Origins are comparable: equal origins name the same value.
type Origin struct {
	Kind OriginKind
	File string
	Name string
}

// ParameterOf returns the origin of template file's parameter name.
func ParameterOf(file, name string) Origin {
	return Origin{Kind: ParameterOrigin, File: file, Name: name}
}

// IsZero reports whether o identifies nothing.
func (o Origin) IsZero() bool { return o.Kind == NoOrigin }

// String renders o for identities and tests: "parameter <file>#<Name>",
// "import <name>" ("import <name> in <file>" for a stack-specific name),
// "terraform <plan> <address>", "" for the zero Origin.
func (o Origin) String() string {
	switch o.Kind {
	case ParameterOrigin:
		return "parameter " + o.File + "#" + o.Name
	case ImportOrigin:
		if o.File != "" {
			return "import " + o.Name + " in " + o.File
		}
		return "import " + o.Name
	case TerraformOrigin:
		return "terraform " + o.File + " " + o.Name
	case EBGroupOrigin:
		return "eb group " + o.Name + " in " + o.File
	}
	return ""
}

// Redacted stands for a secret value in everything beanlint reports.
const Redacted = "(sensitive)"

// Lit returns a Known value.
func Lit(s string, loc Location) Value { return Value{Kind: Known, Str: s, Loc: loc} }

// Derived returns the Known value s computed from the values from (a part
// of a string, a concatenation, a flag read from a setting): secret when
// any of them holds a secret.
func Derived(s string, loc Location, from ...Value) Value {
	v := Lit(s, loc)
	for _, f := range from {
		v.Secret = v.Secret || f.HoldsSecret()
	}
	return v
}

// DefaultValue returns a Known value applied as the AWS default for an absent
// property of the resource at loc.
func DefaultValue(s string, loc Location) Value {
	return Value{Kind: Known, Str: s, Default: true, Loc: loc}
}

// RefTo returns a reference to the node with key target.
func RefTo(target, attr string, loc Location) Value {
	return Value{Kind: Ref, Target: target, Loc: loc}.WithAttr(attr)
}

// UnknownValue returns an unknown value with a reason.
func UnknownValue(reason string, loc Location) Value {
	return Value{Kind: Unknown, Loc: loc}.WithReason(reason)
}

// AsSecret returns v with every literal in it marked Secret, for a value
// the input hides as a whole (a sensitive variable, a NoEcho parameter).
// References and unknown values name no secret and stay as they are; v's
// own slices are not modified.
func (v Value) AsSecret() Value {
	switch v.Kind {
	case Known:
		v.Secret = true
	case List, Choice:
		v.SetItems(secretAll(v.Items()))
	case Concat:
		v.SetParts(secretAll(v.Parts()))
	case Map:
		fields := make([]Field, len(v.Fields()))
		for i, f := range v.Fields() {
			fields[i] = Field{Key: f.Key, Value: f.Value.AsSecret()}
		}
		v.SetFields(fields)
	}
	return v
}

func secretAll(vs []Value) []Value {
	if vs == nil {
		return nil
	}
	out := make([]Value, len(vs))
	for i, v := range vs {
		out[i] = v.AsSecret()
	}
	return out
}

// HoldsSecret reports whether v or any part of it is a secret literal.
func (v Value) HoldsSecret() bool {
	if v.Secret {
		return true
	}
	for _, vs := range [][]Value{v.Items(), v.Parts()} {
		for _, it := range vs {
			if it.HoldsSecret() {
				return true
			}
		}
	}
	for _, f := range v.Fields() {
		if f.Value.HoldsSecret() {
			return true
		}
	}
	return false
}

// Redact returns text, a rendering of v for users, or Redacted when v
// holds a secret.
func (v Value) Redact(text string) string {
	if v.HoldsSecret() {
		return Redacted
	}
	return text
}

// Named returns v read from property prop (see Value.Prop).
func (v Value) Named(prop string) Value {
	v.Prop = prop
	return v
}

// IsPseudo reports whether v references a CloudFormation pseudo parameter.
func (v Value) IsPseudo() bool { return v.Kind == Ref && strings.HasPrefix(v.Target, "AWS::") }

// IsAbsent reports whether the property is absent (and has no default).
func (v Value) IsAbsent() bool { return v.Kind == Absent }

// Bool interprets a known value as a boolean ("true"/"false", any case).
// ok is false when v is not a known boolean.
func (v Value) Bool() (b, ok bool) {
	if v.Kind != Known {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(v.Str)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// Text renders a string value. Known values render as themselves; Concat
// values render their parts, with pseudo parameters as ${AWS::Region} and so
// on. ok is false if any part is neither known nor a pseudo parameter.
// Text shows secrets: it is for deciding; messages use Describe or Redact.
func (v Value) Text() (s string, ok bool) {
	switch v.Kind {
	case Known:
		return v.Str, true
	case Ref:
		if v.IsPseudo() && v.Attr() == "" {
			return "${" + v.Target + "}", true
		}
	case Concat:
		var b strings.Builder
		for _, p := range v.Parts() {
			t, ok := p.Text()
			if !ok {
				return "", false
			}
			b.WriteString(t)
		}
		return b.String(), true
	}
	return "", false
}

// Elems returns the elements of a list value. A Known string is split at
// commas (Elastic Beanstalk option values hold comma-separated IDs) and
// trimmed; a single non-list value is a one-element list; Absent is empty.
func (v Value) Elems() []Value {
	switch v.Kind {
	case Absent:
		return nil
	case List:
		if len(v.Items()) == 0 {
			return nil
		}
		if !slices.ContainsFunc(v.Items(), joinsElems) {
			// Nothing to split: the items themselves, capped so that an
			// append by the caller copies them.
			return v.Items()[:len(v.Items()):len(v.Items())]
		}
		var out []Value
		for _, it := range v.Items() {
			if joinsElems(it) {
				out = append(out, it.Elems()...)
				continue
			}
			out = append(out, it)
		}
		return out
	case Known:
		var out []Value
		for _, part := range strings.Split(v.Str, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, Derived(part, v.Loc, v))
			}
		}
		return out
	case Concat:
		return splitConcat(v)
	}
	return []Value{v}
}

// ElemsAt is vs[i].Elems() without copying a value that is its own only
// element (a reference, an unknown) into a new slice.
func ElemsAt(vs []Value, i int) []Value {
	switch vs[i].Kind {
	case Absent, List, Known, Concat:
		return vs[i].Elems()
	}
	return vs[i : i+1 : i+1]
}

// joinsElems reports whether a list item holds several elements Elems
// splits: a literal with commas.
func joinsElems(it Value) bool { return it.Kind == Known && strings.Contains(it.Str, ",") }

// splitConcat splits a Concat at the commas of its literal parts, so that
// Fn::Join [",", [!Ref A, !Ref B]] yields A and B. Pieces that mix literal
// text with a non-literal part stay Concat values.
func splitConcat(v Value) []Value {
	var out []Value
	var cur []Value
	flush := func() {
		switch len(cur) {
		case 0:
		case 1:
			out = append(out, cur[0])
		default:
			out = append(out, Value{Kind: Concat, Loc: v.Loc}.WithParts(cur))
		}
		cur = nil
	}
	for _, p := range v.Parts() {
		if p.Kind != Known {
			cur = append(cur, p)
			continue
		}
		pieces := strings.Split(p.Str, ",")
		for i, piece := range pieces {
			if i > 0 {
				flush()
			}
			if piece = strings.TrimSpace(piece); piece != "" {
				cur = append(cur, Derived(piece, p.Loc, p))
			}
		}
	}
	flush()
	return out
}

// Get returns the field key of a Map value, or an Absent value.
func (v Value) Get(key string) Value {
	for _, f := range v.Fields() {
		if f.Key == key {
			return f.Value
		}
	}
	return Value{}
}

// Describe renders v for messages: the literal, the reference, or why it is
// unknown. A secret, and a string built from one, is Redacted.
func (v Value) Describe() string {
	switch v.Kind {
	case Absent:
		return "(absent)"
	case Known:
		return v.Redact(v.Str)
	case Ref:
		name := v.Target
		if _, id, ok := strings.Cut(name, "#"); ok {
			name = id // a node key "<file>#<LogicalID>": users know the logical ID
		}
		if v.Attr() != "" {
			return name + "." + v.Attr()
		}
		return name
	case Concat:
		if s, ok := v.Text(); ok {
			return v.Redact(s)
		}
		return "(partly unknown string)"
	case Choice:
		return "(depends on condition " + v.Cond() + ")"
	case Unknown:
		return "(unknown: " + v.Reason() + ")"
	case List:
		parts := make([]string, len(v.Items()))
		for i, it := range v.Items() {
			parts[i] = it.Describe()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case Map:
		return "{…}"
	}
	return v.Kind.String()
}

// CondText names a Choice's condition for messages: "condition UseB" for a
// named condition (CloudFormation's Conditions), or the condition itself
// when the input describes it as a clause starting with "whether " (a
// Terraform association whose endpoint is known only after apply).
func CondText(cond string) string {
	if strings.HasPrefix(cond, "whether ") {
		return cond
	}
	return "condition " + cond
}
