package query

import "strings"

// Tri is a three-valued answer: No, Yes, or Maybe when the linted inputs do
// not decide the question.
type Tri uint8

// The three answers. The zero value is No.
const (
	No Tri = iota
	Yes
	Maybe
)

func (t Tri) String() string {
	switch t {
	case No:
		return "no"
	case Yes:
		return "yes"
	}
	return "maybe"
}

// Any is three-valued "or": Yes if any is, else Maybe if any is, else No.
func Any(ts ...Tri) Tri {
	out := No
	for _, t := range ts {
		switch t {
		case Yes:
			return Yes
		case Maybe:
			out = Maybe
		}
	}
	return out
}

// All is three-valued "and": No if any is, else Maybe if any is, else Yes.
func All(ts ...Tri) Tri {
	out := Yes
	for _, t := range ts {
		switch t {
		case No:
			return No
		case Maybe:
			out = Maybe
		}
	}
	return out
}

// Answer is a three-valued answer with the reasons behind it: for No, what
// blocks; for Maybe, what the inputs do not decide and so would decide it.
type Answer struct {
	Tri
	Why []string
}

// Reason joins the reasons for messages.
func (a Answer) Reason() string { return strings.Join(Uniq(a.Why), "; ") }

func answer(t Tri, why ...string) Answer {
	var ws []string
	for _, w := range why {
		if w != "" {
			ws = append(ws, w)
		}
	}
	return Answer{Tri: t, Why: ws}
}

// Uniq returns ss without repeats, in first-seen order.
func Uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
