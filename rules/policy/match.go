package policy

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// tri is a three-valued truth: no, maybe (the inputs do not decide), yes.
// Ordered so that AND is the minimum and OR the maximum.
type tri uint8

const (
	no tri = iota
	maybe
	yes
)

// verdict is a tri with, when maybe, what would decide it.
type verdict struct {
	t   tri
	why []string
}

var (
	vNo  = verdict{t: no}
	vYes = verdict{t: yes}
)

func vMaybe(why ...string) verdict { return verdict{t: maybe, why: why} }

func vBool(b bool) verdict {
	if b {
		return vYes
	}
	return vNo
}

// and is the three-valued AND: no wins, then maybe (with every reason).
func (v verdict) and(w verdict) verdict {
	if v.t == no || w.t == no {
		return vNo
	}
	return verdict{t: min(v.t, w.t), why: slices.Concat(v.why, w.why)}
}

// or is the three-valued OR: yes wins, then maybe (with every reason).
func (v verdict) or(w verdict) verdict {
	if v.t == yes || w.t == yes {
		return vYes
	}
	return verdict{t: max(v.t, w.t), why: slices.Concat(v.why, w.why)}
}

func (v verdict) not() verdict {
	switch v.t {
	case yes:
		return vNo
	case no:
		return vYes
	}
	return v
}

// glob says how a policy string matches a request string.
type glob uint8

const (
	// exact: '*' and '?' are plain characters (StringEquals, principals).
	exact glob = iota
	// plain: '*' is any run of characters, '?' any one (actions,
	// StringLike) [iam-action] [iam-condops].
	plain
	// arnResource: as plain after the fifth ':'; before it a wildcard stays
	// inside its colon-separated segment, except a '*' that ends a segment,
	// which "can expand to match beyond the colon boundaries"
	// [iam-resource].
	arnResource
	// arnCondition: "Each of the six colon-delimited components of the ARN
	// is checked separately" (ArnLike, ArnEquals) [iam-condops].
	arnCondition
)

// token is one element of a compiled pattern or subject.
type token struct {
	kind  tokenKind
	r     rune   // lit
	colon bool   // star, one: may match ':'
	name  string // sym: its identity; "" for an Unknown, equal to nothing
	// digits: a sym whose value is this many decimal digits (AccountID).
	digits int
}

type tokenKind uint8

const (
	lit  tokenKind = iota
	star           // '*'
	one            // '?'
	sym            // an unknown piece: some string
)

// tokens compiles t under g; fold lower-cases known characters. Unknown
// pieces become syms; inert characters are never wildcards.
func tokens(t Text, g glob, fold bool) []token {
	var ts []token
	for _, pc := range t.pieces {
		if pc.unknown {
			name := pc.name
			if pc.anon {
				name = ""
			}
			ts = append(ts, token{kind: sym, name: name, digits: pc.digits})
			continue
		}
		for _, r := range pc.lit {
			switch {
			case g != exact && !pc.inert && r == '*':
				ts = append(ts, token{kind: star, colon: true})
			case g != exact && !pc.inert && r == '?':
				ts = append(ts, token{kind: one, colon: true})
			case fold:
				ts = append(ts, token{kind: lit, r: unicode.ToLower(r)})
			default:
				ts = append(ts, token{kind: lit, r: r})
			}
		}
	}
	if g == arnResource || g == arnCondition {
		confineToSegments(ts, g == arnResource)
	}
	return ts
}

// confineToSegments keeps the wildcards of an ARN's first five segments
// from matching ':'; with trailing, a '*' that ends a segment still may.
func confineToSegments(ts []token, trailing bool) {
	colons := 0
	for i := range ts {
		switch ts[i].kind {
		case lit:
			if ts[i].r == ':' {
				colons++
			}
		case star, one:
			endsSegment := i+1 == len(ts) || (ts[i+1].kind == lit && ts[i+1].r == ':')
			ts[i].colon = colons >= 5 || (trailing && ts[i].kind == star && endsSegment)
		}
	}
}

// maxCells bounds the work of one match: len(pattern) × len(subject).
// AWS's own limits (ARNs of 2048 characters, policies of 20480) stay well
// inside it; a comparison beyond it is left undecided.
const maxCells = 1 << 24

// tooLong reports whether matching pattern and subject would pass maxCells.
func tooLong(pattern, subject []token) bool {
	return (len(pattern)+1)*(len(subject)+1) > maxCells
}

// match says whether pattern matches subject for every value of their
// unknown pieces (yes), for none (no), or for some only (maybe).
func match(pattern, subject []token) tri {
	if tooLong(pattern, subject) {
		return maybe
	}
	if matchAll(pattern, subject) {
		return yes
	}
	if !hasSym(pattern) && !hasSym(subject) || !matchSome(pattern, subject) || !solvable(pattern, subject) {
		return no
	}
	return maybe
}

func hasSym(ts []token) bool {
	return slices.ContainsFunc(ts, func(t token) bool { return t.kind == sym })
}

// matchAll reports whether pattern matches subject whatever their unknown
// pieces hold. It treats each unknown piece as one opaque character: equal
// only to a piece with the same name, never matched by '?' (it may be any
// length), and taken by a '*' only where the '*' may take ':' (it may hold
// one). Any match found so is a match for every value. Time and space are
// O(len(pattern) × len(subject)): no backtracking.
func matchAll(pattern, subject []token) bool {
	m := len(subject)
	next := make([]bool, m+1) // next[j]: pattern[i+1:] matches subject[j:]
	cur := make([]bool, m+1)
	next[m] = true
	for i := len(pattern) - 1; i >= 0; i-- {
		p := pattern[i]
		for j := m; j >= 0; j-- {
			if j == m {
				cur[j] = p.kind == star && next[j]
				continue
			}
			s := subject[j]
			switch p.kind {
			case star:
				takes := s.kind == lit && (p.colon || s.r != ':') || s.kind == sym && p.colon
				cur[j] = next[j] || takes && cur[j+1]
			case one:
				cur[j] = s.kind == lit && (p.colon || s.r != ':') && next[j+1]
			case lit:
				cur[j] = s.kind == lit && s.r == p.r && next[j+1]
			case sym:
				cur[j] = s.kind == sym && p.name != "" && s.name == p.name && next[j+1]
			}
		}
		next, cur = cur, next
	}
	return next[0]
}

// matchSome reports whether some values of the unknown pieces could make
// pattern match subject. It over-approximates: each unknown piece may be
// any string, independently of the others, and a wildcard that follows an
// unknown piece in an ARN pattern may take ':' (the piece may hold the
// colons that end the segments). It is a search of pairs of positions, a
// product of the two as automata: O(len(pattern) × len(subject)).
func matchSome(pattern, subject []token) bool {
	p := slices.Clone(pattern)
	afterSym := false
	for i := range p {
		switch p[i].kind {
		case sym:
			p[i] = token{kind: star, colon: true}
			afterSym = true
		case star, one:
			p[i].colon = p[i].colon || afterSym
		}
	}
	n, m := len(p), len(subject)
	seen := make([]bool, (n+1)*(m+1))
	stack := []int{0}
	seen[0] = true
	push := func(i, j int) {
		if k := i*(m+1) + j; !seen[k] {
			seen[k] = true
			stack = append(stack, k)
		}
	}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j := k/(m+1), k%(m+1)
		if i == n && j == m {
			return true
		}
		var a, b token
		if i < n {
			a = p[i]
			if a.kind == star {
				push(i+1, j) // '*' takes nothing more
			}
		}
		if j < m {
			b = subject[j]
			if b.kind == sym {
				push(i, j+1) // the unknown piece ends
			}
		}
		if i == n || j == m {
			continue
		}
		switch {
		case b.kind == sym && a.kind != star: // the piece holds a's character
			push(i+1, j)
		case b.kind == sym: // both take characters: nothing new
		case a.kind == lit:
			if a.r == b.r {
				push(i+1, j+1)
			}
		case a.colon || b.r != ':':
			if a.kind == one {
				push(i+1, j+1)
			} else {
				push(i, j+1)
			}
		}
	}
	return false
}

// matchText matches a policy string against a request string, with what
// would decide it when the inputs do not. what names the comparison.
func matchText(pattern, subject Text, g glob, fold bool, what string) verdict {
	p, s := tokens(pattern, g, fold), tokens(subject, exact, fold)
	switch match(p, s) {
	case yes:
		return vYes
	case no:
		return vNo
	}
	if tooLong(p, s) {
		return vMaybe(fmt.Sprintf("%s of %d characters and a request value of %d: too long to compare", what, len(p), len(s)))
	}
	unknown := slices.Compact(slices.Sorted(slices.Values(slices.Concat(pattern.unknowns(), subject.unknowns()))))
	return vMaybe(fmt.Sprintf("%s %q may or may not match %q: %s not known",
		what, pattern.String(), subject.String(), strings.Join(unknown, ", ")))
}
