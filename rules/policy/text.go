package policy

import "strings"

// Text is a string some of whose pieces may not be known: the region of a
// bucket name written with Fn::Sub, a role ARN known only after apply. The
// zero Text is the empty string. Unknown pieces come in two kinds: a Sym is
// a value that has a name, and every Sym with that name is the same value;
// an Unknown is a value equal to nothing else that is known.
type Text struct {
	pieces []piece
}

// piece is a run of known characters or one unknown value.
type piece struct {
	lit     string // the characters, when !unknown
	unknown bool
	name    string // unknown: the Sym's name, or the Unknown's reason
	anon    bool   // unknown: an Unknown, equal to no other piece
	digits  int    // unknown: when > 0, the value is this many decimal digits
	// inert marks characters that stand for themselves even where '*' and
	// '?' are wildcards: the value a policy variable was replaced with.
	inert bool
}

// Lit returns the known string s.
func Lit(s string) Text {
	if s == "" {
		return Text{}
	}
	return Text{pieces: []piece{{lit: s}}}
}

// Sym returns an unknown value identified by name, such as "AWS::Region":
// two Syms with the same name stand for the same string, whatever it is.
func Sym(name string) Text {
	return Text{pieces: []piece{{unknown: true, name: name}}}
}

// AccountID returns the unknown AWS account ID identified by name: a Sym
// whose value is an account ID's twelve digits [iam-principal], so it can
// stand for no text that holds anything else (a region, a bucket name).
func AccountID(name string) Text {
	return Text{pieces: []piece{{unknown: true, name: name, digits: 12}}}
}

// Unknown returns an unknown value that is the same as no other, with the
// reason it is unknown (shown when it leaves an answer undecided).
func Unknown(reason string) Text {
	return Text{pieces: []piece{{unknown: true, name: reason, anon: true}}}
}

// Join returns the concatenation of parts.
func Join(parts ...Text) Text {
	var t Text
	for _, p := range parts {
		for _, pc := range p.pieces {
			t = t.add(pc)
		}
	}
	return t
}

// add appends pc, merging it into a preceding run of like characters.
func (t Text) add(pc piece) Text {
	if !pc.unknown && pc.lit == "" {
		return t
	}
	if n := len(t.pieces); n > 0 && !pc.unknown {
		if last := t.pieces[n-1]; !last.unknown && last.inert == pc.inert {
			pieces := append(t.pieces[:n-1:n-1], piece{lit: last.lit + pc.lit, inert: pc.inert})
			return Text{pieces: pieces}
		}
	}
	return Text{pieces: append(t.pieces[:len(t.pieces):len(t.pieces)], pc)}
}

// Known returns t as a string and true when every piece of it is known.
func (t Text) Known() (string, bool) {
	var b strings.Builder
	for _, pc := range t.pieces {
		if pc.unknown {
			return "", false
		}
		b.WriteString(pc.lit)
	}
	return b.String(), true
}

// String renders t with each unknown piece as <name> (a policy
// variable the request does not decide as ${key}), for messages.
func (t Text) String() string {
	var b strings.Builder
	for _, pc := range t.pieces {
		switch {
		case pc.unknown && strings.HasPrefix(pc.name, "${"):
			b.WriteString(pc.name)
		case pc.unknown:
			b.WriteString("<" + pc.name + ">")
		default:
			b.WriteString(pc.lit)
		}
	}
	return b.String()
}

// unknowns returns the names of t's unknown pieces, for messages.
func (t Text) unknowns() []string {
	var names []string
	for _, pc := range t.pieces {
		if pc.unknown {
			names = append(names, pc.name)
		}
	}
	return names
}
