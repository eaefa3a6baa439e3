package policy

import "slices"

// matchSome treats every unknown piece as a string of its own. A Sym that
// occurs twice is one string, though: a policy resource written with
// ${AWS::Region} asked about a bucket of the same unknown region matches
// for no region if it matches for no single string in both places. And an
// AccountID is twelve digits. solvable decides the match with both facts,
// as a word equation: pattern = subject, where each '*' and each unknown
// piece is a variable and a Sym is one variable wherever it occurs. It
// splits cases on the first element of each side, as Nielsen's
// transformation does (a variable is empty, or starts with the other
// side's first character, or with the other side's first variable),
// and stops where a state repeats. Where it loses precision it errs
// towards a match: a class of characters (a '?', an account's digit) is
// a character of its own at each occurrence, and what one variable holds
// within another keeps no class. So false means that no values of the
// unknown pieces make pattern match subject.

// elem is one element of a side of the equation.
type elem struct {
	kind elemKind
	r    rune  // eChar
	cls  class // eClass
	v    int   // eVar: index into the equation's variables
}

type elemKind uint8

const (
	eChar  elemKind = iota // one known character
	eClass                 // one character of a class
	eVar                   // a variable: any string (or one without ':')
)

// class is a set of characters.
type class uint8

const (
	anyRune  class = iota
	notColon       // any character but ':'
	digit          // '0' to '9'
)

func (c class) admits(r rune) bool {
	switch c {
	case notColon:
		return r != ':'
	case digit:
		return r >= '0' && r <= '9'
	}
	return true
}

// equation is pattern = subject over variables; colon[v] says whether
// variable v may hold ':'.
type equation struct {
	colon []bool
	seen  map[string]bool
	// budget bounds the states visited; past it the answer is a match.
	budget int
}

// solveBudget bounds the states one solvable call visits. The equations
// of policy ARNs take tens.
const solveBudget = 256

// maxSolveTokens bounds the sides solvable takes; longer ones are left
// to matchSome's answer.
const maxSolveTokens = 512

// solvable reports whether some values of the unknown pieces could make
// pattern match subject, given that a Sym is one value wherever it occurs
// and an AccountID is twelve digits. It is only asked when matchSome says
// they could.
func solvable(pattern, subject []token) bool {
	if len(pattern)+len(subject) > maxSolveTokens || !constrained(pattern, subject) {
		return true
	}
	eq := &equation{seen: map[string]bool{}, budget: solveBudget}
	named := map[string]int{}
	afterSym := false
	side := func(ts []token, isPattern bool) []elem {
		var out []elem
		for i, t := range ts {
			// A '*' just before an unknown piece may end its ARN segment
			// (the piece may be empty or start with ':'), and then it may
			// take ':'.
			beforeSym := i+1 < len(ts) && ts[i+1].kind == sym
			switch t.kind {
			case lit:
				out = append(out, elem{kind: eChar, r: t.r})
			case one:
				c := notColon
				if t.colon || isPattern && afterSym {
					c = anyRune
				}
				out = append(out, elem{kind: eClass, cls: c})
			case star:
				out = append(out, elem{kind: eVar, v: eq.newVar(t.colon || beforeSym || isPattern && afterSym)})
			case sym:
				afterSym = afterSym || isPattern
				switch {
				case t.digits > 0:
					for range t.digits {
						out = append(out, elem{kind: eClass, cls: digit})
					}
				case t.name == "":
					out = append(out, elem{kind: eVar, v: eq.newVar(true)})
				default:
					v, ok := named[t.name]
					if !ok {
						v = eq.newVar(true)
						named[t.name] = v
					}
					out = append(out, elem{kind: eVar, v: v})
				}
			}
		}
		return out
	}
	p := side(pattern, true)
	s := side(subject, false)
	return eq.solve(p, s)
}

// constrained says whether a Sym occurs more than once in pattern and
// subject, or an AccountID at all: without either, matchSome's answer is
// the equation's.
func constrained(pattern, subject []token) bool {
	count := map[string]int{}
	for _, t := range slices.Concat(pattern, subject) {
		if t.kind != sym || t.name == "" {
			continue
		}
		if count[t.name]++; count[t.name] > 1 || t.digits > 0 {
			return true
		}
	}
	return false
}

func (eq *equation) newVar(colon bool) int {
	eq.colon = append(eq.colon, colon)
	return len(eq.colon) - 1
}

// solve reports whether a = b has a solution (or the budget ran out).
func (eq *equation) solve(a, b []elem) bool {
	a, b = cancel(a, b)
	if len(a) == 0 || len(b) == 0 {
		return allVars(a) && allVars(b)
	}
	key := stateKey(a, b)
	if eq.seen[key] {
		return false // explored, or being explored on this path
	}
	eq.seen[key] = true
	if eq.budget--; eq.budget < 0 {
		return true
	}
	x, y := a[0], b[0]
	switch {
	case x.kind != eVar && y.kind != eVar:
		return compatible(x, y) && eq.solve(a[1:], b[1:])
	case x.kind == eVar && y.kind != eVar:
		return eq.varFirst(x.v, y, a, b, false)
	case x.kind != eVar:
		return eq.varFirst(y.v, x, b, a, true)
	}
	// Two variables: either is empty, or one starts with the other.
	return eq.solve(substitute(a, x.v, nil), substitute(b, x.v, nil)) ||
		eq.solve(substitute(a, y.v, nil), substitute(b, y.v, nil)) ||
		eq.solve(substitute(a, x.v, []elem{y, x})[1:], substitute(b, x.v, []elem{y, x})[1:]) ||
		eq.solve(substitute(a, y.v, []elem{x, y})[1:], substitute(b, y.v, []elem{x, y})[1:])
}

// varFirst splits on variable v, first on side a, against character c,
// first on side b: v is empty, or v starts with c. swapped says a is the
// subject.
func (eq *equation) varFirst(v int, c elem, a, b []elem, swapped bool) bool {
	try := func(a, b []elem) bool {
		if swapped {
			return eq.solve(b, a)
		}
		return eq.solve(a, b)
	}
	if try(substitute(a, v, nil), substitute(b, v, nil)) {
		return true
	}
	if c.kind == eChar && c.r == ':' && !eq.colon[v] {
		return false
	}
	with := []elem{c, {kind: eVar, v: v}}
	return try(substitute(a, v, with)[1:], substitute(b, v, with)[1:])
}

// cancel drops the elements a and b share at their start and at their
// end: the same character, or the same variable (one string at both).
func cancel(a, b []elem) ([]elem, []elem) {
	for len(a) > 0 && len(b) > 0 && same(a[0], b[0]) {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && same(a[len(a)-1], b[len(b)-1]) {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	return a, b
}

func same(x, y elem) bool {
	return x.kind == y.kind && x.kind != eClass && x.r == y.r && x.v == y.v
}

// compatible says whether two characters (known or of a class) may be
// one.
func compatible(x, y elem) bool {
	switch {
	case x.kind == eChar && y.kind == eChar:
		return x.r == y.r
	case x.kind == eChar:
		return y.cls.admits(x.r)
	case y.kind == eChar:
		return x.cls.admits(y.r)
	}
	return true // every class holds the digits
}

func allVars(es []elem) bool {
	for _, e := range es {
		if e.kind != eVar {
			return false
		}
	}
	return true
}

// substitute replaces every occurrence of variable v in es with with.
func substitute(es []elem, v int, with []elem) []elem {
	out := make([]elem, 0, len(es)+len(with))
	for _, e := range es {
		if e.kind == eVar && e.v == v {
			out = append(out, with...)
			continue
		}
		out = append(out, e)
	}
	return out
}

// stateKey encodes an equation for the set of states seen: five bytes
// an element, and a byte no element starts with between the sides.
func stateKey(a, b []elem) string {
	k := make([]byte, 0, 5*(len(a)+len(b))+1)
	put := func(es []elem) {
		for _, e := range es {
			v := uint32(e.v)
			switch e.kind {
			case eChar:
				v = uint32(e.r)
			case eClass:
				v = uint32(e.cls)
			}
			k = append(k, byte(e.kind), byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
		}
	}
	put(a)
	k = append(k, 0xff)
	put(b)
	return string(k)
}
