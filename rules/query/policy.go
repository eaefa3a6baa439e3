package query

import (
	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/policy"
)

// Pseudo gives the policy text of a CloudFormation pseudo parameter
// ("AWS::Region", "AWS::AccountId"): the value the caller knows, or a
// policy.Sym standing for it. ok false leaves the parameter a Sym of its
// own name.
type Pseudo func(name string) (t policy.Text, ok bool)

// PolicyDocument reads an endpoint policy (parsers.VPCEndpoint.Policy) for
// package policy: a document given as data (a Map, with intrinsic
// functions resolved or left as references) or as a JSON string, known or
// built with Fn::Sub / Fn::Join (a Concat). Pieces the inputs do not decide
// stay unknown: pseudo parameters as pseudo says, a reference to a
// resource attribute as a Sym named for it (the same reference is the same
// value), anything else as a policy.Unknown with its reason. Absent means
// no policy (full access): ok is false.
func PolicyDocument(v parsers.Value, pseudo Pseudo) (p *policy.Policy, ok bool, err error) {
	switch v.Kind {
	case parsers.Absent:
		return nil, false, nil
	case parsers.Known, parsers.Concat:
		p, err = policy.ParseText(PolicyText(v, pseudo))
	default:
		p, err = policy.FromNode(PolicyNode(v, pseudo))
	}
	return p, true, err
}

// PolicyNode maps a value tree onto a policy.Node (see PolicyDocument).
// Absent fields and list items are left out, as JSON null is.
func PolicyNode(v parsers.Value, pseudo Pseudo) policy.Node {
	switch v.Kind {
	case parsers.List:
		items := make([]policy.Node, 0, len(v.Items()))
		for _, it := range v.Items() {
			if it.Kind != parsers.Absent {
				items = append(items, PolicyNode(it, pseudo))
			}
		}
		return policy.ListValue(items...)
	case parsers.Map:
		fields := make([]policy.Field, 0, len(v.Fields()))
		for _, f := range v.Fields() {
			if f.Value.Kind != parsers.Absent {
				fields = append(fields, policy.Field{Key: f.Key, Value: PolicyNode(f.Value, pseudo)})
			}
		}
		return policy.MapValue(fields...)
	case parsers.Choice:
		return policy.UnknownValue("it depends on " + parsers.CondText(v.Cond()))
	case parsers.Unknown:
		if v.Origin().IsZero() {
			return policy.UnknownValue(v.Reason())
		}
	case parsers.Absent:
		return policy.UnknownValue("it is not set")
	}
	return policy.TextValue(PolicyText(v, pseudo))
}

// PolicyText maps a string value onto a policy.Text (see PolicyDocument).
func PolicyText(v parsers.Value, pseudo Pseudo) policy.Text {
	switch v.Kind {
	case parsers.Known:
		return policy.Lit(v.Str)
	case parsers.Concat:
		parts := make([]policy.Text, len(v.Parts()))
		for i, p := range v.Parts() {
			parts[i] = PolicyText(p, pseudo)
		}
		return policy.Join(parts...)
	case parsers.Ref:
		if v.IsPseudo() && v.Attr() == "" {
			if pseudo != nil {
				if t, ok := pseudo(v.Target); ok {
					return t
				}
			}
			return policy.Sym(v.Target)
		}
		return policy.Sym(DisplayName(v))
	case parsers.Unknown:
		if v.Origin().Kind == parsers.ParameterOrigin {
			return policy.Sym("parameter " + v.Origin().Name)
		}
		if !v.Origin().IsZero() {
			return policy.Sym(v.Origin().String())
		}
		return policy.Unknown(v.Reason())
	case parsers.Choice:
		return policy.Unknown("it depends on " + parsers.CondText(v.Cond()))
	}
	return policy.Unknown(v.Describe())
}
