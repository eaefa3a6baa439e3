package policy

import (
	"fmt"
	"slices"
	"strings"
)

// Request is what a policy is asked about: who (Principal) does what
// (Action) to what (Resource), and what else the request context holds.
type Request struct {
	Principal Principal
	Action    Text // "s3:GetObject"
	Resource  Text // "arn:aws:s3:::bucket/key", or "*"
	// Context holds the condition keys the caller knows, by name (names
	// are case-insensitive [iam-vars]): a key with values is in the
	// request; a key with no values is known to be absent from it. A key
	// that is not in Context is not known, and a condition or policy
	// variable that reads it leaves the answer undecided.
	Context map[string][]Text
	// Gateway is true when the policy is a gateway VPC endpoint's. There an
	// account principal ("123456789012" or its root ARN) stands for the
	// account's root user only, not its users and roles, and other named
	// principals are not documented: the Principal must be "*"
	// [vpce-access].
	Gateway bool
}

// Principal is who makes a request. The zero Principal is a principal the
// caller does not know, which only "Principal": "*" certainly names.
type Principal struct {
	// Type is the principal map key that can name it: "AWS", "Service",
	// "Federated" or "CanonicalUser"; "" when not known.
	Type string
	// Account is an AWS principal's 12-digit account ID; a Sym or an
	// Unknown when the inputs do not give it.
	Account Text
	// Root is true for the account's root user.
	Root bool
	// Names are the identifiers a policy may name the principal by: for
	// an IAM role session, the role ARN and the session ARN
	// (arn:aws:sts::123456789012:assumed-role/name/session); for a
	// service, its service principal ("ec2.amazonaws.com").
	Names []Text
}

// Answer is what a policy says about a request.
type Answer uint8

// Answers.
const (
	// Allow: an Allow statement applies and no Deny statement can.
	Allow Answer = iota + 1
	// ExplicitDeny: a Deny statement applies, which wins over any Allow.
	ExplicitDeny
	// ImplicitDeny: no Allow statement can apply, so the request is
	// denied by default [iam-eval].
	ImplicitDeny
	// CannotDecide: the answer depends on something the inputs do not
	// say; Decision.Reasons names it.
	CannotDecide
)

var answerNames = [...]string{Allow: "allow", ExplicitDeny: "explicit deny", ImplicitDeny: "implicit deny", CannotDecide: "cannot decide"}

// String renders a as "allow", "explicit deny", "implicit deny" or
// "cannot decide".
func (a Answer) String() string {
	if a >= Allow && a <= CannotDecide {
		return answerNames[a]
	}
	return fmt.Sprintf("Answer(%d)", a)
}

// Decision is an answer with the statements that gave it.
type Decision struct {
	Answer Answer
	// By lists the statements that decided: the applying Allow statements
	// for Allow, the applying Deny statements for ExplicitDeny, the
	// statements that may or may not apply for CannotDecide; none for
	// ImplicitDeny.
	By []Ref
	// Reasons says, for CannotDecide, what would decide the answer.
	Reasons []Reason
}

// Ref identifies a statement by its position and its Sid.
type Ref struct {
	Index int    // position in Statement, from 0; -1 for the whole policy
	Sid   string // "" when the statement has none
}

// String renders r as Statement "Sid", Statement[i] or "the policy".
func (r Ref) String() string {
	switch {
	case r.Index < 0:
		return "the policy"
	case r.Sid != "":
		return fmt.Sprintf("Statement %q", r.Sid)
	}
	return fmt.Sprintf("Statement[%d]", r.Index)
}

// Reason is one thing the answer depends on, in one statement.
type Reason struct {
	Statement Ref
	What      string // "condition key aws:SourceVpce is not known"
}

// String renders r as its statement, a colon and what.
func (r Reason) String() string { return r.Statement.String() + ": " + r.What }

// Evaluate answers whether p allows r, by the IAM evaluation logic for a
// single policy: a Deny statement that applies wins; otherwise an Allow
// statement that applies allows; otherwise the request is implicitly
// denied [iam-eval]. A statement applies when its principal, action,
// resource and condition all match. Where the inputs leave that open, the
// answer is CannotDecide unless every way it could go gives the same answer.
func (p *Policy) Evaluate(r Request) Decision {
	if p.unknown != "" {
		return Decision{Answer: CannotDecide, By: []Ref{{Index: -1}},
			Reasons: []Reason{{Statement: Ref{Index: -1}, What: p.unknown}}}
	}
	ev := newEvaluation(p, r)
	var allowYes, allowMaybe, denyYes, denyMaybe []Ref
	why := map[int][]string{} // by statement index: what would decide it
	for _, s := range p.statements {
		v := ev.applies(s)
		if v.t != no && s.effect == effectUnknown {
			v = v.and(vMaybe(s.effectWhy))
		}
		switch v.t {
		case no:
			continue
		case maybe:
			why[s.ref.Index] = v.why
		}
		if s.effect != effectAllow { // Deny, or perhaps Deny
			if v.t == yes {
				denyYes = append(denyYes, s.ref)
			} else {
				denyMaybe = append(denyMaybe, s.ref)
			}
		}
		if s.effect != effectDeny { // Allow, or perhaps Allow
			if v.t == yes {
				allowYes = append(allowYes, s.ref)
			} else {
				allowMaybe = append(allowMaybe, s.ref)
			}
		}
	}
	switch {
	case len(denyYes) > 0:
		return Decision{Answer: ExplicitDeny, By: denyYes}
	case len(allowYes) > 0 && len(denyMaybe) == 0:
		return Decision{Answer: Allow, By: allowYes}
	case len(allowYes) == 0 && len(allowMaybe) == 0:
		// Denied whether or not a conditional Deny applies.
		return Decision{Answer: ImplicitDeny}
	}
	// Undecided: the Deny statements that may apply, and unless an Allow
	// certainly applies, the Allow statements that may.
	undecided := denyMaybe
	if len(allowYes) == 0 {
		undecided = slices.SortedFunc(slices.Values(append(allowMaybe, denyMaybe...)),
			func(a, b Ref) int { return a.Index - b.Index })
		undecided = slices.Compact(undecided) // a statement whose Effect is not known is in both
	}
	d := Decision{Answer: CannotDecide, By: undecided}
	for _, ref := range undecided {
		seen := map[string]bool{}
		for _, w := range why[ref.Index] {
			if !seen[w] {
				seen[w] = true
				d.Reasons = append(d.Reasons, Reason{Statement: ref, What: w})
			}
		}
	}
	return d
}

// evaluation is one Evaluate call: the request, and the policy's
// language version for its variables.
type evaluation struct {
	r   Request
	v   version
	ctx context
}

func newEvaluation(p *Policy, r Request) *evaluation {
	return &evaluation{r: r, v: p.version, ctx: newContext(r.Context)}
}

// applies says whether a statement applies to the request: its principal,
// action, resource and condition all match.
func (e *evaluation) applies(s statement) verdict {
	if s.unknown != "" {
		return vMaybe(s.unknown)
	}
	v := e.principal(s.principal)
	if v.t != no {
		v = v.and(e.actions(s))
	}
	if v.t != no {
		v = v.and(e.resources(s))
	}
	if v.t != no {
		v = v.and(e.conditions(s.conditions))
	}
	return v
}

// actions matches Action, or NotAction, case-insensitively [iam-action].
func (e *evaluation) actions(s statement) verdict {
	return anyOf("Action", s.actions, s.notAction, func(a Text, what string) verdict {
		return matchText(a, e.r.Action, plain, true, what)
	})
}

// resources matches Resource, or NotResource, case-sensitively, after
// substituting policy variables [iam-resource] [iam-vars].
func (e *evaluation) resources(s statement) verdict {
	return anyOf("Resource", s.resources, s.notResource, func(r Text, what string) verdict {
		pattern, ok := expand(r, e.v, e.ctx)
		if !ok {
			return vNo // a variable with no value: "will not match any resource"
		}
		return matchText(pattern, e.r.Resource, arnResource, false, what)
	})
}

// anyOf says whether some entry of an element matches the request, or for
// its Not form (NotAction, NotResource) whether none does [iam-notaction]
// [iam-notresource]. match gets an entry and the element's name.
func anyOf(element string, entries []Text, not bool, match func(entry Text, element string) verdict) verdict {
	if not {
		element = "Not" + element
	}
	v := vNo
	for _, en := range entries {
		if v = v.or(match(en, element)); v.t == yes {
			break
		}
	}
	if not {
		return v.not()
	}
	return v
}

// String renders d as `allow by Statement "S"`, or as `cannot decide: `
// and the reasons, which name their statements.
func (d Decision) String() string {
	var parts []string
	for _, r := range d.Reasons {
		parts = append(parts, r.String())
	}
	if len(parts) > 0 {
		return d.Answer.String() + ": " + strings.Join(parts, "; ")
	}
	for _, r := range d.By {
		parts = append(parts, r.String())
	}
	if len(parts) > 0 {
		return d.Answer.String() + " by " + strings.Join(parts, ", ")
	}
	return d.Answer.String()
}
