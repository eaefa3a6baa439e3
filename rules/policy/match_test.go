package policy

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestMatch is the matcher on unknown pieces: yes when every value of them
// matches, no when none does, maybe otherwise.
func TestMatch(t *testing.T) {
	r, a := Sym("Region"), Sym("Account")
	acct := AccountID("AccountID")
	for _, c := range []struct {
		pattern, subject Text
		g                glob
		want             tri
	}{
		{Lit("a*"), Join(Lit("a"), r), plain, yes},
		{Lit("*"), r, plain, yes},
		{Lit("?"), r, plain, maybe}, // the piece may be one character, or not
		{Lit("b*"), Join(Lit("a"), r), plain, no},
		{Lit("a-us-east-1-*"), Join(Lit("a-"), r, Lit("-"), a), plain, maybe},
		{Join(Lit("a-"), r, Lit("-*")), Join(Lit("a-"), r, Lit("-"), a), plain, yes},
		{Join(Lit("a-"), r), Join(Lit("a-"), a), exact, maybe}, // two names may be one value
		{Join(Lit("a-"), r), Join(Lit("a-"), r), exact, yes},
		{Join(Lit("a-"), Unknown("p")), Join(Lit("a-"), Unknown("p")), exact, maybe},
		{Lit("a-*-z"), Join(Lit("b-"), r, Lit("-z")), plain, no},
		{Lit("*-z"), Join(r, Lit("-y")), plain, no},
		{Lit("*-z"), Join(Lit("-"), r), plain, maybe},
		{Join(Lit("x"), r), Lit("xyz"), plain, maybe},
		{Join(Lit("x"), r), Lit("wyz"), plain, no},
		// a '*' inside an ARN segment cannot take a piece that may hold ':'
		{Lit("arn:aws:iam::*:role/r"), Join(Lit("arn:aws:iam::"), a, Lit(":role/r")), arnResource, yes}, // '*' ends the segment
		{Lit("arn:aws:iam::*:role/r"), Join(Lit("arn:aws:iam::"), a, Lit(":role/r")), arnCondition, maybe},
		{Lit("arn:aws:s3:::b-*-1"), Join(Lit("arn:aws:s3:::b-"), r, Lit("-1")), arnResource, yes},
		{Lit("arn:aws:sqs:us-*-1:1:q"), Join(Lit("arn:aws:sqs:"), r, Lit(":1:q")), arnResource, maybe},
		{Lit("arn:aws:sqs:us-*-1:1:q"), Join(Lit("arn:aws:sqs:"), r, Lit(":2:q")), arnResource, no},
		// an unknown piece may hold the colons that free a later '*'
		{Join(Lit("x:y:z:"), r, Lit("q*")), Lit("x:y:z:::q:a"), arnCondition, maybe},
		// a Sym is one value wherever it occurs
		{Join(Lit("eb-"), r, Lit("/*")), Join(Lit("eb-assets-"), r, Lit("/"), Unknown("key")), arnResource, no},
		{Join(Lit("eb-"), r, Lit("/*")), Join(Lit("eb-assets-"), a, Lit("/"), Unknown("key")), arnResource, maybe},
		{Join(r, Lit("-"), r), Join(Lit("us-east-1-"), r), exact, maybe},
		// an AccountID is twelve digits
		{Join(Lit("eb-"), r, Lit("-"), acct, Lit("/*")), Join(Lit("eb-assets-"), r, Lit("/"), Unknown("key")), arnResource, no},
		{Join(Lit("eb-"), r, Lit("-"), a, Lit("/*")), Join(Lit("eb-assets-"), r, Lit("/"), Unknown("key")), arnResource, maybe}, // a = "assets"+r
		// nothing else is assumed of a Sym: a region "platform" would match
		{Join(Lit("eb-"), r, Lit("-*")), Join(Lit("eb-platform-assets-"), r, Lit("/"), Unknown("key")), arnResource, maybe},
		{Lit("eb-us-east-1-*"), Join(Lit("eb-"), r, Lit("-"), acct), plain, maybe},
		{Lit("eb-*-111122223333"), Join(Lit("eb-"), r, Lit("-"), acct), plain, maybe},
		{Lit("eb-*-1111"), Join(Lit("eb-"), r, Lit("-"), acct), plain, no},
		{Lit("eb-*-x"), Join(Lit("eb-"), r, Lit("-"), acct), plain, no},
	} {
		if got := match(tokens(c.pattern, c.g, false), tokens(c.subject, exact, false)); got != c.want {
			t.Errorf("match(%s, %s) = %d, want %d", c.pattern, c.subject, got, c.want)
		}
	}
}

// TestMatchSound checks match against a regular expression on every
// concrete value of the unknown pieces tried: yes must match them all, no
// none.
func TestMatchSound(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", ":", "*", "?", "/", "1"}
	values := []string{"", "a", "b", ":", "a:b", "ab", "::", "/"}
	names := []string{"X", "Y"}
	accounts := []string{"111111111111", "111122223333"}
	randomText := func(wild bool) Text {
		var parts []Text
		for range rng.IntN(8) {
			switch k := rng.IntN(10); {
			case k < 2:
				parts = append(parts, Sym(names[rng.IntN(len(names))]))
			case k < 3:
				parts = append(parts, Unknown("u"))
			case k < 4 && rng.IntN(3) == 0:
				parts = append(parts, AccountID("A"))
			default:
				s := alphabet[rng.IntN(len(alphabet))]
				if !wild && (s == "*" || s == "?") {
					s = "a"
				}
				parts = append(parts, Lit(s))
			}
		}
		return Join(parts...)
	}
	for i := range 4000 {
		g := glob(rng.IntN(4))
		pattern, subject := randomText(true), randomText(false)
		if rng.IntN(2) == 0 { // near the fifth ':' of an ARN
			pattern, subject = Join(Lit("x:y:z:"), pattern), Join(Lit("x:y:z:"), subject)
		}
		got := match(tokens(pattern, g, false), tokens(subject, exact, false))
		for range 12 {
			assign := map[string]string{"A": accounts[rng.IntN(len(accounts))]}
			for _, n := range names {
				assign[n] = values[rng.IntN(len(values))]
			}
			p, s := concrete(pattern, assign, rng, values), concrete(subject, assign, rng, values)
			re := reference(tokens(p, g, false))
			str, _ := s.Known()
			ok := re.MatchString(str)
			if got == yes && !ok || got == no && ok {
				t.Fatalf("#%d: match(%s, %s, glob %d) = %d, but %q %s %q (as %s)", i, pattern, subject, g, got, p, map[bool]string{true: "matches", false: "does not match"}[ok], str, re)
			}
		}
	}
}

// concrete gives each unknown piece of t a value: a Sym (and an
// AccountID) its name's, an Unknown one of its own. The values are inert:
// no wildcards.
func concrete(t Text, assign map[string]string, rng *rand.Rand, values []string) Text {
	var out Text
	for _, pc := range t.pieces {
		switch {
		case pc.unknown && pc.anon:
			out = out.add(piece{lit: values[rng.IntN(len(values))], inert: true})
		case pc.unknown:
			out = out.add(piece{lit: assign[pc.name], inert: true})
		default:
			out = out.add(pc)
		}
	}
	return out
}

// reference is a compiled pattern as a regular expression.
func reference(ts []token) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^`)
	for _, tk := range ts {
		switch {
		case tk.kind == lit:
			b.WriteString(regexp.QuoteMeta(string(tk.r)))
		case tk.kind == star && tk.colon:
			b.WriteString(`(?s:.*)`)
		case tk.kind == star:
			b.WriteString(`[^:]*`)
		case tk.colon:
			b.WriteString(`(?s:.)`)
		default:
			b.WriteString(`[^:]`)
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

// TestMatchLinear: no backtracking blow-up on patterns built to cause it,
// and no comparison of strings too long to compare in bounded work.
func TestMatchLinear(t *testing.T) {
	pattern := Lit(strings.Repeat("a*", 2000) + "b")
	subject := Lit(strings.Repeat("a", 2000))
	if got := match(tokens(pattern, plain, false), tokens(subject, exact, false)); got != no {
		t.Errorf("got %d, want no", got)
	}
	if got := match(tokens(pattern, plain, false), tokens(Join(subject, Sym("X")), exact, false)); got != maybe {
		t.Errorf("got %d, want maybe", got)
	}
	huge := Lit(strings.Repeat("a", 1<<13))
	if v := matchText(huge, huge, exact, false, "Resource"); v.t != maybe || !strings.Contains(v.why[0], "too long") {
		t.Errorf("got %v, want maybe: too long", v)
	}
}
