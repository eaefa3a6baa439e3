package policy

import (
	"strings"
)

// version is the policy language of a document [iam-version].
type version uint8

const (
	// v2008 is "2008-10-17", or no Version: "${...}" is literal text.
	v2008 version = iota
	// v2012 is "2012-10-17": policy variables are substituted.
	v2012
	// versionUnknown: the caller's inputs do not say which.
	versionUnknown
)

// context is the request context with its keys lower-cased: "Key names
// are case-insensitive" [iam-vars].
type context map[string][]Text

func newContext(c map[string][]Text) context {
	lc := make(context, len(c))
	for k, v := range c {
		lc[strings.ToLower(k)] = v
	}
	return lc
}

// lookup returns the key's values and whether the caller knows them; known
// with no values is a key absent from the request.
func (c context) lookup(key string) ([]Text, bool) {
	v, ok := c[strings.ToLower(key)]
	return v, ok
}

// expand replaces the policy variables of t with the request's values
// [iam-vars]. The values are inert: a '*' in them is no wildcard. A key the
// caller does not know becomes an unknown piece named after the variable,
// so two uses of it are the same value. ok is false when a key has no value
// and no default: such a string "will not match any resource", and a
// condition value holding one matches nothing.
func expand(t Text, v version, c context) (out Text, ok bool) {
	if v == v2008 {
		return t, true
	}
	for _, pc := range t.pieces {
		if pc.unknown || pc.inert {
			out = out.add(pc)
			continue
		}
		s := pc.lit
		for {
			start := strings.Index(s, "${")
			if start < 0 {
				break
			}
			end := strings.IndexByte(s[start:], '}')
			if end < 0 {
				break
			}
			end += start
			out = out.add(piece{lit: s[:start]})
			val, found := variable(s[start:end+1], v, c)
			if !found {
				return Text{}, false
			}
			for _, vp := range val.pieces {
				if !vp.unknown {
					vp.inert = true
				}
				out = out.add(vp)
			}
			s = s[end+1:]
		}
		out = out.add(piece{lit: s})
	}
	return out, true
}

// variable returns the value of one "${...}".
func variable(v string, ver version, c context) (Text, bool) {
	inner := v[2 : len(v)-1]
	switch {
	case ver == versionUnknown:
		return Unknown("the policy's Version is not known, so " + v + " may be a policy variable or literal text"), true
	case inner == "*" || inner == "?" || inner == "$":
		return Lit(inner), true
	}
	key, def, hasDefault := strings.Cut(inner, ", '")
	hasDefault = hasDefault && strings.HasSuffix(def, "'")
	if hasDefault {
		def = strings.TrimSuffix(def, "'")
	} else {
		key = inner
	}
	vals, known := c.lookup(key)
	switch {
	case !known:
		return Sym("${" + strings.ToLower(key) + "}"), true
	case len(vals) == 0 && hasDefault:
		return Lit(def), true
	case len(vals) == 0:
		return Text{}, false
	case len(vals) > 1:
		// "You can't use a multivalued condition key as a variable."
		return Unknown(v + " names a key with several values, which cannot be a variable"), true
	}
	return vals[0], true
}
