// Package edit holds the language-neutral model of a fix: the edits that
// make it, on the input's own documents, in the spirit of go/analysis's
// SuggestedFix and TextEdit. Rules build edits; the packages under
// rules/edit render and apply them per language (rules/edit/cfn for
// CloudFormation YAML and JSON, rules/edit/hcl for Terraform).
//
// An edit names the file it changes and what it changes there by name (a
// CloudFormation logical ID, a Terraform address), never by text, so that
// it is correct whatever the file's formatting, and edits of one run can be
// merged (Merge) so that what several fixes add is added once.
package edit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Fix is what a finding suggests: a one-line description and the edits
// that make it. A fix without edits is advice only (Description says what
// to do).
type Fix struct {
	Description string
	Edits       []Edit
}

// Op is what an edit does.
type Op int

// The edit operations.
const (
	// AddResource declares a new resource: Target is its CloudFormation
	// logical ID or Terraform address ("aws_vpc_endpoint.logs", in a
	// module "module.net.aws_vpc_endpoint.logs" only when the file is the
	// module's), Type its type, Value a Map of its properties (Terraform
	// arguments; nested blocks as Map or List-of-Map values marked Block).
	AddResource Op = iota
	// SetProperty sets a property of an existing resource, Terraform
	// module call ("module.vpc") or data source: Target names it, Path is
	// the property path below the resource's properties (CloudFormation
	// "Properties", Terraform block body), Value the value. A missing
	// property is added; intermediate maps are created. A Path element
	// made by Select picks an item of a list of maps (an option setting)
	// and, when none matches, appends one with the selecting fields.
	// Target "" edits a document that is no template (an Elastic
	// Beanstalk configuration file or saved configuration): Path starts
	// at its top level (option_settings).
	SetProperty
	// AppendItems appends to the list at Path of resource Target the items
	// of Value (a List) not already there (Equal); a missing list is
	// created.
	AppendItems
	// AddOutput declares a CloudFormation output: Target is its logical ID,
	// Value its value, Export the name it is exported as (for an
	// Fn::ImportValue in another template).
	AddOutput
)

// Slug names op in reports: "addResource", "setProperty", "appendItems",
// "addOutput".
func (op Op) Slug() string {
	switch op {
	case AddResource:
		return "addResource"
	case SetProperty:
		return "setProperty"
	case AppendItems:
		return "appendItems"
	case AddOutput:
		return "addOutput"
	}
	return fmt.Sprintf("op%d", int(op))
}

func (op Op) String() string {
	switch op {
	case AddResource:
		return "add resource"
	case SetProperty:
		return "set property"
	case AppendItems:
		return "append items"
	case AddOutput:
		return "add output"
	}
	return fmt.Sprintf("Op(%d)", int(op))
}

// Edit is one change to one input file.
type Edit struct {
	// File is the input file to change, as the loader names it.
	File   string
	Op     Op
	Target string
	// Type is the new resource's type (AddResource only):
	// AWS::EC2::VPCEndpoint, aws_vpc_endpoint.
	Type string
	// Path is the property path (SetProperty, AppendItems).
	Path  []string
	Value Value
	// Export is the export name of an AddOutput.
	Export string
	// At is the existing node the edit changes (SetProperty, AppendItems),
	// or the resource it is about; zero for additions. Reports use it for
	// precise replacements; appliers locate by Target and Path, not At.
	At parsers.Location
	// Comment is a note rendered beside the edit (why this value).
	Comment string
}

// Kind is the kind of a Value.
type Kind int

// The kinds of values.
const (
	// String is Str, quoted as the language needs.
	String Kind = iota
	// Number is the number written Str.
	Number
	// Bool is Bool.
	Bool
	// List is Items.
	List
	// Map is Fields, in order.
	Map
	// Ref references a resource, parameter or Terraform object Str: its
	// attribute Attr, or ("" Attr) the CloudFormation Ref / Terraform id.
	// CloudFormation pseudo parameters ("AWS::Region") are refs too.
	Ref
	// Import is an Fn::ImportValue of the export named Str, or, when the
	// name is computed, of Items[0].
	Import
	// Concat is the string made of Items (String and Ref values) in
	// order: CloudFormation !Sub, a Terraform template string.
	Concat
	// Expr is Str written as is in the file's language: an escape hatch
	// for what the other kinds cannot say (a Terraform "var.x"); avoid.
	Expr
	// Placeholder is a value the inputs do not tell, which the user must
	// supply: Str is a name to render it by (a CloudFormation parameter,
	// a Terraform variable), Comment what it stands for. Renderers show
	// it; appliers refuse an edit that holds one.
	Placeholder
)

// Value is a language-neutral value tree.
type Value struct {
	Kind   Kind
	Str    string
	Attr   string
	Bool   bool
	Items  []Value
	Fields []Field
	// Block marks a Terraform nested block (a Map, or a List of Maps for
	// repeated blocks) rather than an attribute.
	Block bool
	// Comment is a note rendered after the value (a line comment).
	Comment string
}

// Field is one key of a Map.
type Field struct {
	Key   string
	Value Value
}

// Select returns a Path element that picks the item of a list of maps
// whose fields have the given values, from key/value pairs:
// Select("Namespace", "aws:ec2:vpc", "OptionName", "Subnets") is
// "[Namespace=aws:ec2:vpc][OptionName=Subnets]".
func Select(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString("[" + kv[i] + "=" + kv[i+1] + "]")
	}
	return b.String()
}

// Selector returns the fields a Path element made by Select picks by, in
// order; ok is false for a plain property name.
func Selector(elem string) (fields []Field, ok bool) {
	if !strings.HasPrefix(elem, "[") || !strings.HasSuffix(elem, "]") {
		return nil, false
	}
	for part := range strings.SplitSeq(elem[1:len(elem)-1], "][") {
		k, v, found := strings.Cut(part, "=")
		if !found {
			return nil, false
		}
		fields = append(fields, F(k, Str(v)))
	}
	return fields, true
}

// PlaceholderFor returns a value the user must supply, rendered by name
// and described by what.
func PlaceholderFor(name, what string) Value {
	return Value{Kind: Placeholder, Str: name, Comment: what}
}

// HasPlaceholder reports whether v holds a Placeholder.
func HasPlaceholder(v Value) bool {
	if v.Kind == Placeholder {
		return true
	}
	for _, w := range v.Items {
		if HasPlaceholder(w) {
			return true
		}
	}
	for _, f := range v.Fields {
		if HasPlaceholder(f.Value) {
			return true
		}
	}
	return false
}

// Str returns the string s.
func Str(s string) Value { return Value{Kind: String, Str: s} }

// Num returns the number n.
func Num(n int) Value { return Value{Kind: Number, Str: fmt.Sprint(n)} }

// True and False are the booleans.
var (
	True  = Value{Kind: Bool, Bool: true}
	False = Value{Kind: Bool}
)

// RefTo returns a reference to target (its Ref / id).
func RefTo(target string) Value { return Value{Kind: Ref, Str: target} }

// AttrOf returns a reference to target's attribute attr.
func AttrOf(target, attr string) Value { return Value{Kind: Ref, Str: target, Attr: attr} }

// ImportOf returns an Fn::ImportValue of the export name.
func ImportOf(name string) Value { return Value{Kind: Import, Str: name} }

// ListOf returns the list of items.
func ListOf(items ...Value) Value { return Value{Kind: List, Items: items} }

// MapOf returns the map of fields, in order.
func MapOf(fields ...Field) Value { return Value{Kind: Map, Fields: fields} }

// F returns the field key: v.
func F(key string, v Value) Field { return Field{Key: key, Value: v} }

// ConcatOf returns the string made of parts.
func ConcatOf(parts ...Value) Value { return Value{Kind: Concat, Items: parts} }

// WithComment returns v with the line comment c.
func (v Value) WithComment(c string) Value {
	v.Comment = c
	return v
}

// Get returns the value of key in a Map.
func (v Value) Get(key string) (Value, bool) {
	for _, f := range v.Fields {
		if f.Key == key {
			return f.Value, true
		}
	}
	return Value{}, false
}

// Equal reports whether a and b are the same value; comments do not count.
func Equal(a, b Value) bool {
	if a.Kind != b.Kind || a.Str != b.Str || a.Attr != b.Attr || a.Bool != b.Bool || a.Block != b.Block ||
		len(a.Items) != len(b.Items) || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Items {
		if !Equal(a.Items[i], b.Items[i]) {
			return false
		}
	}
	for i := range a.Fields {
		if a.Fields[i].Key != b.Fields[i].Key || !Equal(a.Fields[i].Value, b.Fields[i].Value) {
			return false
		}
	}
	return true
}

// same reports whether a and b make the same change (comments aside).
func same(a, b Edit) bool {
	return a.File == b.File && a.Op == b.Op && a.Target == b.Target && a.Type == b.Type &&
		slices.Equal(a.Path, b.Path) && a.Export == b.Export && Equal(a.Value, b.Value)
}

// Conflict is two edits of one run that cannot both be made: they change
// the same thing (a resource, a property, an output) differently.
type Conflict struct {
	A, B Edit
}

func (c *Conflict) Error() string {
	what := c.A.Target
	if len(c.A.Path) > 0 {
		what += "." + strings.Join(c.A.Path, ".")
	}
	return fmt.Sprintf("%s: two fixes %s %s differently", c.A.File, c.A.Op, what)
}

// Merge returns the edits of fixes as one list, in order: an edit equal to
// an earlier one is dropped (a shared security group or endpoint is added
// once), the items of AppendItems edits on one list are joined, and two
// edits that change one thing differently are a *Conflict.
func Merge(fixes ...Fix) ([]Edit, error) {
	var out []Edit
	for _, f := range fixes {
	next:
		for _, e := range f.Edits {
			for i, o := range out {
				if same(o, e) {
					continue next
				}
				if o.File != e.File || o.Target != e.Target {
					continue
				}
				switch {
				case o.Op != e.Op:
				case e.Op == AppendItems && slices.Equal(o.Path, e.Path):
					out[i].Value.Items = appendNew(o.Value.Items, e.Value.Items)
					continue next
				case e.Op == AddResource, e.Op == AddOutput, e.Op == SetProperty && slices.Equal(o.Path, e.Path):
					return nil, &Conflict{A: o, B: e}
				}
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// appendNew returns items with the values of more not in it appended.
func appendNew(items, more []Value) []Value {
	out := slices.Clone(items)
	for _, v := range more {
		if !slices.ContainsFunc(out, func(w Value) bool { return Equal(v, w) }) {
			out = append(out, v)
		}
	}
	return out
}

// Files returns the files edits change, each once, in order.
func Files(edits []Edit) []string {
	var out []string
	for _, e := range edits {
		if !slices.Contains(out, e.File) {
			out = append(out, e.File)
		}
	}
	return out
}

// In returns the edits of file, in order.
func In(edits []Edit, file string) []Edit {
	var out []Edit
	for _, e := range edits {
		if e.File == file {
			out = append(out, e)
		}
	}
	return out
}

// TextEdit is an edit made text, as an applier makes it on a file's
// current content: the region of File it replaces (1-based lines and
// columns in characters, end exclusive; an empty region inserts) and the
// new text. Reports show fixes as text edits where they are precise
// (SARIF artifactChanges).
type TextEdit struct {
	File                string
	StartLine, StartCol int
	EndLine, EndCol     int
	Text                string
}
