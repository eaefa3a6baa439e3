package parsers

import (
	"reflect"
	"strings"
	"testing"
)

func TestElems(t *testing.T) {
	loc := Location{File: "t.yaml", StartLine: 3, StartCol: 5}
	a, b := RefTo("t.yaml#A", "", loc), RefTo("t.yaml#B", "", loc)
	tests := []struct {
		name string
		in   Value
		want []Value
	}{
		{"absent", Value{}, nil},
		{"comma string", Lit(" subnet-1, subnet-2 ,", loc), []Value{Lit("subnet-1", loc), Lit("subnet-2", loc)}},
		{"list with a comma string", Value{Kind: List}.WithItems([]Value{Lit("x,y", loc), a}), []Value{Lit("x", loc), Lit("y", loc), a}},
		{"join of refs", Value{Kind: Concat, Loc: loc}.WithParts([]Value{a, Lit(",", loc), b}), []Value{a, b}},
		{"prefix stays joined", Value{Kind: Concat, Loc: loc}.WithParts([]Value{Lit("pre-", loc), a, Lit(",z", loc)}),
			[]Value{Value{Kind: Concat, Loc: loc}.WithParts([]Value{Lit("pre-", loc), a}), Lit("z", loc)}},
		{"single ref", a, []Value{a}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Elems(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Elems() = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestTextAndDescribe(t *testing.T) {
	region := Value{Kind: Ref, Target: "AWS::Region"}
	sub := Value{Kind: Concat}.WithParts([]Value{Lit("com.amazonaws.", Location{}), region, Lit(".sqs", Location{})})
	if s, ok := sub.Text(); !ok || s != "com.amazonaws.${AWS::Region}.sqs" {
		t.Errorf("Text() = %q, %v", s, ok)
	}
	withRef := Value{Kind: Concat}.WithParts([]Value{Lit("x-", Location{}), RefTo("a.yaml#Vpc", "", Location{})})
	if _, ok := withRef.Text(); ok {
		t.Error("Text() of a string with a resource reference is ok, want not ok")
	}
	if got := RefTo("dir/a.yaml#Vpc", "CidrBlock", Location{}).Describe(); got != "Vpc.CidrBlock" {
		t.Errorf("Describe() = %q, want the logical ID without the file", got)
	}
	for in, want := range map[string]bool{"true": true, " TRUE ": true, "False": false} {
		if b, ok := Lit(in, Location{}).Bool(); !ok || b != want {
			t.Errorf("Bool(%q) = %v, %v", in, b, ok)
		}
	}
	if _, ok := Lit("yes", Location{}).Bool(); ok {
		t.Error(`Bool("yes") is ok, want not a boolean`)
	}
}

func TestLocationCompare(t *testing.T) {
	at := func(file string, sl, sc, el, ec int) Location {
		return Span(file, sl, sc, el, ec)
	}
	tests := []struct {
		name string
		a, b Location
		want int
	}{
		{"equal", at("a", 1, 2, 3, 4), at("a", 1, 2, 3, 4), 0},
		{"file first", at("a", 9, 9, 9, 9), at("b", 1, 1, 1, 1), -1},
		{"start line", at("a", 2, 1, 2, 5), at("a", 1, 9, 1, 9), 1},
		{"start column", at("a", 1, 1, 9, 9), at("a", 1, 2, 1, 3), -1},
		{"end line", at("a", 1, 1, 2, 1), at("a", 1, 1, 3, 1), -1},
		{"end column", at("a", 1, 1, 2, 7), at("a", 1, 1, 2, 3), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Compare(tt.b); got != tt.want {
				t.Errorf("%v.Compare(%v) = %d; want %d", tt.a, tt.b, got, tt.want)
			}
			if got := tt.b.Compare(tt.a); got != -tt.want {
				t.Errorf("%v.Compare(%v) = %d; want %d", tt.b, tt.a, got, -tt.want)
			}
		})
	}
	if got := at("a", 1, 1, 2, 7).Start().Compare(at("a", 1, 1, 2, 3).Start()); got != 0 {
		t.Errorf("Start() of locations starting together compare %d; want 0", got)
	}
}

// TestSecretValues: a secret decides like any literal (Text, Bool, Elems
// keep the text) but renders as Redacted, and what is computed from it
// stays secret.
func TestSecretValues(t *testing.T) {
	loc := Location{File: "t.yaml", StartLine: 1, StartCol: 1}
	secret := Lit(" subnet-0aaa\n", loc).AsSecret()
	region := Value{Kind: Ref, Target: "AWS::Region"}
	ids := Value{Kind: List}.WithItems([]Value{Lit("subnet-1", loc), Lit("subnet-2,subnet-3", loc)})
	tests := []struct {
		name     string
		v        Value
		describe string
		elems    string // the elements, secret ones marked
	}{
		{"secret literal", secret, Redacted, "secret(subnet-0aaa)"},
		{"plain literal", Lit("subnet-0aaa1111", loc), "subnet-0aaa1111", "subnet-0aaa1111"},
		{"secret comma list", Lit("a,b", loc).AsSecret(), Redacted, "secret(a) secret(b)"},
		{"list made secret", ids.AsSecret(), "[(sensitive), (sensitive)]", "secret(subnet-1) secret(subnet-2) secret(subnet-3)"},
		{"list with one secret", Value{Kind: List}.WithItems([]Value{Lit("subnet-1", loc), secret}), "[subnet-1, (sensitive)]", "subnet-1 secret( subnet-0aaa\n)"},
		{"string built from a secret", Value{Kind: Concat}.WithParts([]Value{Lit("com.amazonaws.", loc), region, Lit(".x", loc).AsSecret()}), Redacted,
			"concat"},
		{"join split around a secret", Value{Kind: Concat}.WithParts([]Value{Lit("a,", loc).AsSecret(), RefTo("t.yaml#B", "", loc), Lit(",c", loc)}), "(partly unknown string)",
			"secret(a) ref c"},
		{"derived flag", Derived("true", loc, Lit("private", loc).AsSecret()), Redacted, "secret(true)"},
		{"choice keeps its branches", Value{Kind: Choice}.WithItems([]Value{secret, Lit("x", loc)}).WithCond("C").AsSecret(), "(depends on condition C)", "choice"},
	}
	show := func(vs []Value) string {
		var parts []string
		for _, v := range vs {
			switch {
			case v.Kind == Known && v.Secret:
				parts = append(parts, "secret("+v.Str+")")
			case v.Kind == Known:
				parts = append(parts, v.Str)
			default:
				parts = append(parts, v.Kind.String())
			}
		}
		return strings.Join(parts, " ")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.Describe(); got != tt.describe {
				t.Errorf("Describe() = %q, want %q", got, tt.describe)
			}
			if got := show(tt.v.Elems()); got != tt.elems {
				t.Errorf("Elems() = %s, want %s", got, tt.elems)
			}
			if got, want := tt.v.Redact("text"), map[bool]string{true: Redacted, false: "text"}[tt.v.HoldsSecret()]; got != want {
				t.Errorf("Redact() = %q, want %q", got, want)
			}
		})
	}
	if s, ok := secret.Text(); !ok || s != " subnet-0aaa\n" {
		t.Errorf("Text() of a secret = %q, %v: rules decide with the real text", s, ok)
	}
	if ids.Items()[0].Secret || ids.HoldsSecret() {
		t.Error("AsSecret changed the value it was called on")
	}
}

// TestOriginString: each kind of origin renders as the text identities and
// messages used before origins were structured.
func TestOriginString(t *testing.T) {
	tests := []struct {
		o    Origin
		want string
	}{
		{Origin{}, ""},
		{ParameterOf("net.yaml", "VpcId"), "parameter net.yaml#VpcId"},
		{Origin{Kind: ImportOrigin, Name: "net-Vpc"}, "import net-Vpc"},
		{Origin{Kind: ImportOrigin, File: "app.yaml", Name: "${AWS::StackName}-Vpc"}, "import ${AWS::StackName}-Vpc in app.yaml"},
		{Origin{Kind: TerraformOrigin, File: "plan.json", Name: "module.net.aws_vpc.this.id"}, "terraform plan.json module.net.aws_vpc.this.id"},
	}
	for _, tc := range tests {
		if got := tc.o.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.o, got, tc.want)
		}
		if got := tc.o.IsZero(); got != (tc.want == "") {
			t.Errorf("%#v.IsZero() = %v", tc.o, got)
		}
	}
}

// TestRareFields checks the fields kept behind Value's pointer: setting one
// on a copy leaves the other copies as they were, and a value whose rare
// fields are all zero again equals one that never had any.
func TestRareFields(t *testing.T) {
	loc := Location{File: "t.yaml", StartLine: 2}
	items := []Value{Lit("a", loc)}
	fields := []Field{{Key: "k", Value: Lit("v", loc)}}
	orig := ParameterOf("t.yaml", "P")
	base := UnknownValue("no value", loc).WithOrigin(orig)
	tests := []struct {
		name  string
		set   func(v *Value)
		check func(v Value) bool
	}{
		{"Items", func(v *Value) { v.SetItems(items) }, func(v Value) bool { return reflect.DeepEqual(v.Items(), items) }},
		{"Fields", func(v *Value) { v.SetFields(fields) }, func(v Value) bool { return reflect.DeepEqual(v.Fields(), fields) }},
		{"Parts", func(v *Value) { v.SetParts(items) }, func(v Value) bool { return reflect.DeepEqual(v.Parts(), items) }},
		{"Attr", func(v *Value) { v.SetAttr("Arn") }, func(v Value) bool { return v.Attr() == "Arn" }},
		{"Cond", func(v *Value) { v.SetCond("C") }, func(v Value) bool { return v.Cond() == "C" }},
		{"Reason", func(v *Value) { v.SetReason("other") }, func(v Value) bool { return v.Reason() == "other" }},
		{"Origin", func(v *Value) { v.SetOrigin(Origin{}) }, func(v Value) bool { return v.Origin().IsZero() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cp := base
			tt.set(&cp)
			if !tt.check(cp) {
				t.Errorf("the copy does not hold what was set: %#v", cp)
			}
			if base.Reason() != "no value" || base.Origin() != orig || base.Items() != nil || base.Fields() != nil ||
				base.Parts() != nil || base.Attr() != "" || base.Cond() != "" {
				t.Errorf("setting %s on a copy changed the original: %#v", tt.name, base)
			}
		})
	}
	cleared := base.WithReason("").WithOrigin(Origin{})
	if want := (Value{Kind: Unknown, Loc: loc}); !reflect.DeepEqual(cleared, want) {
		t.Errorf("cleared = %#v, want %#v", cleared, want)
	}
	if empty := (Value{Kind: List}).WithItems([]Value{}); empty.Items() == nil || len(empty.Items()) != 0 {
		t.Errorf("an empty list's items = %#v, want empty and not nil", empty.Items())
	}
}
