package terraform

import (
	"encoding/base64"
	"encoding/hex"
	"hash"
	"math/big"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Terraform's own functions (not in cty's standard library) that module
// code uses, with Terraform 1.11's results and errors.

// boolsFunc is alltrue (all) or anytrue (!all) over a list of bools; a
// null element counts as false.
func boolsFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if !args[0].IsWhollyKnown() {
				return cty.UnknownVal(cty.Bool), nil
			}
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				if t := !v.IsNull() && v.True(); t != all {
					return cty.BoolVal(t), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}

var (
	allTrueFunc = boolsFunc(true)
	anyTrueFunc = boolsFunc(false)
)

// stringTestFunc is startswith, endswith or strcontains.
func stringTestFunc(test func(s, sub string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "string", Type: cty.String}, {Name: "substr", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(test(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

var (
	startsWithFunc  = stringTestFunc(strings.HasPrefix)
	endsWithFunc    = stringTestFunc(strings.HasSuffix)
	strContainsFunc = stringTestFunc(strings.Contains)
)

// stringFunc is a function of one string to a string.
func stringFunc(f func(s string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := f(args[0].AsString())
			if err != nil {
				return cty.NilVal, function.NewArgError(0, err)
			}
			return cty.StringVal(s), nil
		},
	})
}

// hashFunc is md5, sha1 or sha256: the hex digest of the string's bytes.
func hashFunc(h func() hash.Hash) function.Function {
	return stringFunc(func(s string) (string, error) {
		d := h()
		d.Write([]byte(s))
		return hex.EncodeToString(d.Sum(nil)), nil
	})
}

var (
	base64EncodeFunc = stringFunc(func(s string) (string, error) {
		return base64.StdEncoding.EncodeToString([]byte(s)), nil
	})
	base64DecodeFunc = stringFunc(func(s string) (string, error) {
		b, err := base64.StdEncoding.DecodeString(s)
		switch {
		case err != nil:
			return "", errText("failed to decode base64 data")
		case !utf8.Valid(b):
			return "", errText("the result of decoding the provided string is not valid UTF-8")
		}
		return string(b), nil
	})
)

// basenameFunc and dirnameFunc are Terraform's basename and dirname: the
// last element of a path, and all but it (filepath.Base and Dir, as
// Terraform computes them on the host running it).
var (
	basenameFunc = stringFunc(func(s string) (string, error) { return filepath.Base(s), nil })
	dirnameFunc  = stringFunc(func(s string) (string, error) { return filepath.Dir(s), nil })
)

// errText is an error of a fixed text.
type errText string

func (e errText) Error() string { return string(e) }

// indexFunc is Terraform's index(list, value): the position of the first
// element equal to value.
var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}, {Name: "value", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		list, v := args[0], args[1]
		if ty := list.Type(); !ty.IsListType() && !ty.IsTupleType() {
			return cty.NilVal, function.NewArgErrorf(0, "argument must be a list or tuple")
		}
		if !list.IsWhollyKnown() || !v.IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		i := 0
		for it := list.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			if eq := e.Equals(v); eq.IsKnown() && eq.True() {
				return cty.NumberIntVal(int64(i)), nil
			}
		}
		return cty.NilVal, function.NewArgErrorf(1, "item not found")
	},
})

// oneFunc is Terraform's one(collection): its only element, or null when
// it has none.
var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType, AllowUnknown: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			switch n := len(ty.TupleElementTypes()); n {
			case 0:
				return cty.DynamicPseudoType, nil
			case 1:
				return ty.TupleElementType(0), nil
			}
		case ty == cty.DynamicPseudoType:
			return cty.DynamicPseudoType, nil
		}
		return cty.NilType, function.NewArgErrorf(0, "must be a list, set, or tuple value with either zero or one elements")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.IsKnown() {
			return cty.UnknownVal(ret), nil
		}
		if v.IsNull() {
			return cty.NilVal, function.NewArgErrorf(0, "argument must not be null")
		}
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(ret), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.NilVal, function.NewArgErrorf(0, "must be a list, set, or tuple value with either zero or one elements")
	},
})

// sensitiveFunc is Terraform's sensitive(value): the value, marked
// sensitive.
var sensitiveFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		return args[0].Type(), nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return args[0].Mark(sensitiveMark{}), nil
	},
})

// nonsensitiveFunc is Terraform's nonsensitive(value): the value without
// its sensitive mark (the reasons of unknown values stay).
var nonsensitiveFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		return args[0].Type(), nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, marks := args[0].Unmark()
		delete(marks, sensitiveMark{})
		return v.WithMarks(marks), nil
	},
})

// sumFunc is Terraform's sum(list): the sum of a non-empty collection of
// numbers.
var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		list := args[0]
		if ty := list.Type(); !ty.IsListType() && !ty.IsSetType() && !ty.IsTupleType() {
			return cty.NilVal, function.NewArgErrorf(0, "cannot sum noniterable")
		}
		if !list.IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		if list.LengthInt() == 0 {
			return cty.NilVal, function.NewArgErrorf(0, "cannot sum an empty list")
		}
		total := new(big.Float)
		for it := list.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() || e.Type() != cty.Number {
				return cty.NilVal, function.NewArgErrorf(0, "argument must be a list, set, or tuple of numbers")
			}
			total.Add(total, e.AsBigFloat())
		}
		return cty.NumberVal(total), nil
	},
})
