package policy

import (
	"fmt"
	"slices"
	"strings"
)

// principal is a statement's Principal or NotPrincipal element. The zero
// value, a statement without either, names every principal.
type principal struct {
	present bool
	not     bool   // NotPrincipal
	unknown string // the element is not known: why
	all     bool   // "*"
	entries []principalEntry
}

// principalEntry is one value of a principal map: {"AWS": "123456789012"}.
type principalEntry struct {
	typ string // "AWS", "Service", "Federated", "CanonicalUser"
	id  Text
}

func (en principalEntry) String() string { return fmt.Sprintf("{%q: %q}", en.typ, en.id) }

// principalTypes are the keys of a principal map [iam-grammar].
var principalTypes = []string{"AWS", "Service", "Federated", "CanonicalUser"}

// parsePrincipal reads "*" or a map of principal types to IDs.
func parsePrincipal(n Node, path string, not bool) (principal, error) {
	p := principal{present: true, not: not}
	switch n.Kind {
	case UnknownNode:
		p.unknown = path + " is not known: " + n.Reason
		return p, nil
	case TextNode:
		if s, known := n.Text.Known(); !known {
			p.unknown = fmt.Sprintf("%s %q is not known", path, n.Text)
		} else if s == "*" {
			p.all = true
		} else {
			return p, errorf(path, `must be "*" or a map such as {"AWS": %q}`, s)
		}
		return p, nil
	}
	if err := checkMap(n, path); err != nil {
		return p, errorf(path, `must be "*" or a map`)
	}
	for _, f := range n.Fields {
		if !slices.Contains(principalTypes, f.Key) {
			return p, errorf(path, "unknown principal type %q (not %s)", f.Key, strings.Join(principalTypes, ", "))
		}
		ids, err := strs(f.Value, join(path, f.Key))
		if err != nil {
			return p, err
		}
		for _, id := range ids {
			p.entries = append(p.entries, principalEntry{typ: f.Key, id: id})
		}
	}
	return p, nil
}

// principal says whether the statement's Principal or NotPrincipal
// element covers the request's principal [iam-principal].
func (e *evaluation) principal(p principal) verdict {
	switch {
	case !p.present:
		return vYes
	case p.unknown != "":
		return vMaybe(p.unknown)
	case p.not:
		return e.notPrincipal(p)
	case p.all:
		return vYes
	}
	v := vNo
	for _, en := range p.entries {
		v = v.or(e.names(en))
	}
	return v
}

// names says whether a principal entry names the request's principal:
// "*", its account, or one of its names. An account ID and the account's
// root ARN "behave the same way" and name every principal of the account
// [iam-principal], except in a gateway endpoint's policy, where they name
// the root user only [vpce-access]. No wildcard matches part of a
// principal: a principal is compared whole.
func (e *evaluation) names(en principalEntry) verdict {
	r := e.r.Principal
	if s, _ := en.id.Known(); s == "*" && en.typ == "AWS" {
		return vYes // {"AWS": "*"} is everyone, as "*" is
	}
	switch {
	case r.Type == "":
		return vMaybe(fmt.Sprintf("the request's principal is not known, and Principal %s names one", en))
	case en.typ != r.Type:
		return vNo
	case en.typ == "AWS" && e.r.Gateway:
		switch isAccount(en.id) {
		case yes:
			if !r.Root {
				return vNo
			}
		case no:
			return vMaybe(fmt.Sprintf(`a gateway endpoint's policy must use Principal "*" [vpce-access]: what Principal %s does there is not documented`, en))
		default:
			return vMaybe(fmt.Sprintf("Principal %s may or may not be an account: %s not known", en, strings.Join(en.id.unknowns(), ", ")))
		}
	}
	t := no
	if en.typ == "AWS" {
		t = isOfAccount(en.id, r.Account)
	}
	for _, name := range r.Names {
		t = max(t, sameID(en.id, name))
	}
	return e.principalVerdict(t, en)
}

// notPrincipal says whether a NotPrincipal element leaves the request's
// principal in the statement: yes when it lists none of the principal's
// identities, no when it lists all of them. An AWS principal is its
// account, its role and its session: "AWS might validate the account
// first, then the role, and then the assumed-role user", so a list with
// some of them only may or may not exempt it [iam-notprincipal].
func (e *evaluation) notPrincipal(p principal) verdict {
	r := e.r.Principal
	switch {
	case p.all:
		return vNo
	case r.Type == "":
		return vMaybe("the request's principal is not known, and NotPrincipal names some")
	case e.r.Gateway:
		return vMaybe(`a gateway endpoint's policy must use Principal "*" [vpce-access]: what NotPrincipal does there is not documented`)
	}
	var listed []tri // per identity of the principal: is it in the list?
	if r.Type == "AWS" {
		t := no
		for _, en := range p.entries {
			if s, _ := en.id.Known(); en.typ == "AWS" && s == "*" {
				return vNo
			}
			if en.typ == "AWS" {
				t = max(t, isOfAccount(en.id, r.Account))
			}
		}
		listed = append(listed, t)
	}
	for _, name := range r.Names {
		t := no
		for _, en := range p.entries {
			if en.typ == r.Type {
				t = max(t, sameID(en.id, name))
			}
		}
		listed = append(listed, t)
	}
	switch {
	case len(listed) == 0: // a principal with no name is in no list
		return vYes
	case slices.Min(listed) == yes:
		return vNo
	case slices.Max(listed) == no:
		return vYes
	case slices.Contains(listed, no) && slices.Contains(listed, yes):
		return vMaybe("NotPrincipal lists some identities of the request's principal (its account, role, session) but not all, and AWS may check each [iam-notprincipal]")
	}
	return vMaybe("NotPrincipal may or may not list the request's principal: " + strings.Join(principalUnknowns(r), ", ") + " not known")
}

// principalVerdict turns a principal match into a verdict with its reason.
func (e *evaluation) principalVerdict(t tri, en principalEntry) verdict {
	if t != maybe {
		return vBool(t == yes)
	}
	unknown := slices.Concat(en.id.unknowns(), principalUnknowns(e.r.Principal))
	if len(unknown) == 0 { // only when too long to compare
		return vMaybe(fmt.Sprintf("Principal %s is too long to compare", en))
	}
	return vMaybe(fmt.Sprintf("Principal %s may or may not name the request's principal: %s not known", en, strings.Join(unknown, ", ")))
}

func principalUnknowns(p Principal) []string {
	u := p.Account.unknowns()
	for _, n := range p.Names {
		u = append(u, n.unknowns()...)
	}
	return slices.Compact(slices.Sorted(slices.Values(u)))
}

// isOfAccount says whether id names the account acct: is the account ID or
// the account's root ARN, arn:<partition>:iam::<acct>:root.
func isOfAccount(id, acct Text) tri {
	rootARN := Join(Lit("arn:*:iam::"), inert(acct), Lit(":root"))
	return max(sameID(acct, id), match(tokens(rootARN, plain, false), tokens(id, exact, false)))
}

// sameID says whether two principal IDs are the same: compared whole and
// case-sensitively [iam-principal].
func sameID(a, b Text) tri {
	return match(tokens(a, exact, false), tokens(b, exact, false))
}

// isAccount says whether a principal ID is an account: 12 digits, or an
// account's root ARN.
func isAccount(id Text) tri {
	if s, known := id.Known(); known {
		parts := strings.Split(s, ":")
		root := len(parts) == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[3] == "" && parts[5] == "root"
		if root {
			s = parts[4]
		}
		return triOf(len(s) == 12 && strings.Trim(s, "0123456789") == "")
	}
	for _, shape := range []string{"????????????", "arn:*:iam::*:root"} {
		if matchSome(tokens(Lit(shape), plain, false), tokens(id, exact, false)) {
			return maybe
		}
	}
	return no
}

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// inert returns t with its known characters standing for themselves even
// where '*' and '?' are wildcards.
func inert(t Text) Text {
	var out Text
	for _, pc := range t.pieces {
		if !pc.unknown {
			pc.inert = true
		}
		out = out.add(pc)
	}
	return out
}
