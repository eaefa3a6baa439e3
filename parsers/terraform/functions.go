package terraform

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	ctyconvert "github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions are the Terraform functions the evaluator knows: cty's
// standard library under Terraform's names, HCL's try and can, the few
// whose Terraform behaviour differs from the library's (coalesce, length,
// replace) and Terraform's own that module code uses (cidrsubnets, index,
// one, md5, sensitive, ...; tffuncs.go). A call to any other function makes the value unknown, with
// the function named in the reason.
func functions() map[string]function.Function {
	return map[string]function.Function{
		"abs":             stdlib.AbsoluteFunc,
		"alltrue":         allTrueFunc,
		"anytrue":         anyTrueFunc,
		"base64decode":    base64DecodeFunc,
		"base64encode":    base64EncodeFunc,
		"basename":        basenameFunc,
		"dirname":         dirnameFunc,
		"endswith":        endsWithFunc,
		"index":           indexFunc,
		"md5":             hashFunc(md5.New),
		"nonsensitive":    nonsensitiveFunc,
		"one":             oneFunc,
		"sensitive":       sensitiveFunc,
		"sha1":            hashFunc(sha1.New),
		"sha256":          hashFunc(sha256.New),
		"startswith":      startsWithFunc,
		"strcontains":     strContainsFunc,
		"sum":             sumFunc,
		"can":             tryfunc.CanFunc,
		"ceil":            stdlib.CeilFunc,
		"chomp":           stdlib.ChompFunc,
		"chunklist":       stdlib.ChunklistFunc,
		"cidrhost":        cidrhostFunc,
		"cidrsubnet":      cidrsubnetFunc,
		"cidrsubnets":     cidrsubnetsFunc,
		"cidrnetmask":     cidrnetmaskFunc,
		"coalesce":        coalesceFunc,
		"coalescelist":    stdlib.CoalesceListFunc,
		"compact":         stdlib.CompactFunc,
		"concat":          stdlib.ConcatFunc,
		"contains":        stdlib.ContainsFunc,
		"csvdecode":       stdlib.CSVDecodeFunc,
		"distinct":        stdlib.DistinctFunc,
		"element":         stdlib.ElementFunc,
		"flatten":         stdlib.FlattenFunc,
		"floor":           stdlib.FloorFunc,
		"format":          stdlib.FormatFunc,
		"formatlist":      stdlib.FormatListFunc,
		"indent":          stdlib.IndentFunc,
		"join":            stdlib.JoinFunc,
		"jsondecode":      stdlib.JSONDecodeFunc,
		"jsonencode":      stdlib.JSONEncodeFunc,
		"keys":            stdlib.KeysFunc,
		"length":          lengthFunc,
		"log":             stdlib.LogFunc,
		"lookup":          lookupFunc,
		"lower":           stdlib.LowerFunc,
		"max":             stdlib.MaxFunc,
		"merge":           stdlib.MergeFunc,
		"min":             stdlib.MinFunc,
		"parseint":        stdlib.ParseIntFunc,
		"pow":             stdlib.PowFunc,
		"range":           stdlib.RangeFunc,
		"regex":           stdlib.RegexFunc,
		"regexall":        stdlib.RegexAllFunc,
		"replace":         replaceFunc,
		"reverse":         stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc,
		"setproduct":      stdlib.SetProductFunc,
		"setsubtract":     stdlib.SetSubtractFunc,
		"setunion":        stdlib.SetUnionFunc,
		"signum":          stdlib.SignumFunc,
		"slice":           stdlib.SliceFunc,
		"sort":            stdlib.SortFunc,
		"split":           stdlib.SplitFunc,
		"strrev":          stdlib.ReverseFunc,
		"substr":          stdlib.SubstrFunc,
		"title":           stdlib.TitleFunc,
		"tobool":          stdlib.MakeToFunc(cty.Bool),
		"tolist":          stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":           stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"tonumber":        stdlib.MakeToFunc(cty.Number),
		"toset":           stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tostring":        stdlib.MakeToFunc(cty.String),
		"trim":            stdlib.TrimFunc,
		"trimprefix":      stdlib.TrimPrefixFunc,
		"trimspace":       stdlib.TrimSpaceFunc,
		"trimsuffix":      stdlib.TrimSuffixFunc,
		"try":             tryfunc.TryFunc,
		"upper":           stdlib.UpperFunc,
		"values":          stdlib.ValuesFunc,
		"zipmap":          stdlib.ZipmapFunc,
	}
}

// coalesceFunc is Terraform's coalesce: the first argument that is neither
// null nor an empty string (cty's skips only null).
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		return stdlib.CoalesceFunc.ReturnType(argTypes(args))
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		for _, a := range args {
			if !a.IsKnown() {
				return cty.UnknownVal(retType), nil
			}
			if a.IsNull() || a.Type() == cty.String && a.AsString() == "" {
				continue
			}
			return stdlib.CoalesceFunc.Call([]cty.Value{a})
		}
		return cty.NilVal, function.NewArgErrorf(0, "no non-null, non-empty-string arguments")
	},
})

func argTypes(args []cty.Value) []cty.Type {
	out := make([]cty.Type, len(args))
	for i, a := range args {
		out[i] = a.Type()
	}
	return out
}

// lengthFunc is Terraform's length: of a string, a list, a set, a map.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if args[0].Type() == cty.String {
			return stdlib.StrlenFunc.Call(args)
		}
		return stdlib.LengthFunc.Call(args)
	},
})

// replaceFunc is Terraform's replace: a substring given as /re/ is a
// regular expression.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "str", Type: cty.String},
		{Name: "substr", Type: cty.String},
		{Name: "replace", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		sub := args[1].AsString()
		if len(sub) > 1 && strings.HasPrefix(sub, "/") && strings.HasSuffix(sub, "/") {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(re.ReplaceAllString(args[0].AsString(), args[2].AsString())), nil
		}
		return stdlib.ReplaceFunc.Call(args)
	},
})

// lookupFunc is Terraform's lookup: the default may be null (cty's
// rejects a null default, which module code passes to mean "unset").
var lookupFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "inputMap", Type: cty.DynamicPseudoType},
		{Name: "key", Type: cty.String},
	},
	VarParam: &function.Parameter{Name: "default", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty, key := args[0].Type(), args[1].AsString()
		switch {
		case ty.IsObjectType() && ty.HasAttribute(key):
			return ty.AttributeType(key), nil
		case ty.IsMapType():
			return ty.ElementType(), nil
		case len(args) > 2:
			return args[2].Type(), nil
		}
		return cty.DynamicPseudoType, nil
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		m, key := args[0], args[1].AsString()
		ty := m.Type()
		switch {
		case !m.IsKnown():
			return cty.UnknownVal(retType), nil
		case ty.IsObjectType() && ty.HasAttribute(key):
			return m.GetAttr(key), nil
		case ty.IsMapType() && m.HasIndex(cty.StringVal(key)).True():
			return m.Index(cty.StringVal(key)), nil
		case len(args) > 2:
			return ctyConvert(args[2], retType)
		}
		return cty.NilVal, function.NewArgErrorf(1, "the map has no element %q", key)
	},
})

// ctyConvert converts v to ty, leaving it as it is for the dynamic type.
func ctyConvert(v cty.Value, ty cty.Type) (cty.Value, error) {
	if ty == cty.DynamicPseudoType {
		return v, nil
	}
	return ctyconvert.Convert(v, ty)
}
