package policy

import "fmt"

// Policy is a policy document ready to answer requests (Evaluate).
type Policy struct {
	unknown    string // the whole document, or its Statement, is not known
	version    version
	statements []statement
}

type effect uint8

const (
	effectAllow effect = iota
	effectDeny
	effectUnknown
)

// statement is one parsed statement [iam-grammar].
type statement struct {
	ref         Ref
	unknown     string // the statement is not known: why
	effect      effect
	effectWhy   string    // effectUnknown: why
	principal   principal // Principal or NotPrincipal; the zero value names everyone
	actions     []Text
	notAction   bool
	resources   []Text
	notResource bool
	conditions  []condition
}

// FromNode reads a policy document from a tree, checking it as Parse
// checks JSON. An UnknownNode anywhere makes what it stands for unknown,
// and the answers it could change CannotDecide.
func FromNode(n Node) (*Policy, error) {
	if n.Kind == UnknownNode {
		return &Policy{unknown: "the policy is not known: " + n.Reason}, nil
	}
	if err := checkMap(n, ""); err != nil {
		return nil, err
	}
	p := &Policy{}
	var stmts *Node
	for _, f := range n.Fields {
		switch f.Key {
		case "Version":
			v, err := str(f.Value, "Version")
			if err != nil {
				return nil, err
			}
			s, known := v.Known()
			switch {
			case !known:
				p.version = versionUnknown
			case s == "2012-10-17":
				p.version = v2012
			case s != "2008-10-17":
				return nil, errorf("Version", `must be "2012-10-17" or "2008-10-17", not %q`, s)
			}
		case "Id":
			if _, err := str(f.Value, "Id"); err != nil {
				return nil, err
			}
		case "Statement":
			stmts = &f.Value
		default:
			return nil, errorf("", "unknown element %q", f.Key)
		}
	}
	if stmts == nil {
		return nil, errorf("", "no Statement")
	}
	switch stmts.Kind {
	case UnknownNode:
		p.unknown = "the policy's Statement is not known: " + stmts.Reason
	case MapNode:
		s, err := parseStatement(*stmts, "Statement", 0)
		if err != nil {
			return nil, err
		}
		p.statements = []statement{s}
	case ListNode:
		for i, item := range stmts.Items {
			s, err := parseStatement(item, fmt.Sprintf("Statement[%d]", i), i)
			if err != nil {
				return nil, err
			}
			p.statements = append(p.statements, s)
		}
	default:
		return nil, errorf("Statement", "must be an object or a list of objects")
	}
	return p, nil
}

func parseStatement(n Node, path string, index int) (statement, error) {
	s := statement{ref: Ref{Index: index}}
	if n.Kind == UnknownNode {
		s.unknown = path + " is not known: " + n.Reason
		return s, nil
	}
	if err := checkMap(n, path); err != nil {
		return s, err
	}
	var err error
	seen := map[string]bool{}
	for _, f := range n.Fields {
		at := join(path, f.Key)
		seen[f.Key] = true
		switch f.Key {
		case "Sid":
			var sid Text
			sid, err = str(f.Value, at)
			s.ref.Sid, _ = sid.Known()
		case "Effect":
			err = s.parseEffect(f.Value, at)
		case "Principal", "NotPrincipal":
			s.principal, err = parsePrincipal(f.Value, at, f.Key == "NotPrincipal")
		case "Action", "NotAction":
			s.actions, err = strs(f.Value, at)
			s.notAction = f.Key == "NotAction"
		case "Resource", "NotResource":
			s.resources, err = strs(f.Value, at)
			s.notResource = f.Key == "NotResource"
		case "Condition":
			s.conditions, err = parseConditions(f.Value, at)
		default:
			err = errorf(path, "unknown element %q", f.Key)
		}
		if err != nil {
			return s, err
		}
	}
	for _, pair := range [][2]string{{"Principal", "NotPrincipal"}, {"Action", "NotAction"}, {"Resource", "NotResource"}} {
		if seen[pair[0]] && seen[pair[1]] {
			return s, errorf(path, "both %s and %s", pair[0], pair[1])
		}
	}
	switch {
	case !seen["Effect"]:
		return s, errorf(path, "no Effect")
	case !seen["Action"] && !seen["NotAction"]:
		return s, errorf(path, "a statement needs Action or NotAction [iam-action]")
	case !seen["Resource"] && !seen["NotResource"]:
		return s, errorf(path, "a statement needs Resource or NotResource [iam-resource]")
	}
	return s, nil
}

// parseEffect reads Effect: "Allow" or "Deny", case-sensitive [iam-effect].
func (s *statement) parseEffect(n Node, path string) error {
	t, err := str(n, path)
	if err != nil {
		return err
	}
	switch v, known := t.Known(); {
	case !known:
		s.effect, s.effectWhy = effectUnknown, fmt.Sprintf("Effect %q is not known", t)
	case v == "Allow":
		s.effect = effectAllow
	case v == "Deny":
		s.effect = effectDeny
	default:
		return errorf(path, `must be "Allow" or "Deny" (case-sensitive), not %q`, v)
	}
	return nil
}

// checkMap requires n to be an object without a key twice: "Individual
// elements must not contain multiple instances of the same key"
// [iam-grammar].
func checkMap(n Node, path string) error {
	if n.Kind != MapNode {
		return errorf(path, "must be an object")
	}
	seen := make(map[string]bool, len(n.Fields))
	for _, f := range n.Fields {
		if seen[f.Key] {
			return errorf(path, "%q twice", f.Key)
		}
		seen[f.Key] = true
	}
	return nil
}

// str reads a string element.
func str(n Node, path string) (Text, error) {
	switch n.Kind {
	case TextNode:
		return n.Text, nil
	case UnknownNode:
		return Unknown(n.Reason), nil
	}
	return Text{}, errorf(path, "must be a string")
}

// strs reads a string or a non-empty list of strings; an unknown list is
// one unknown string, which may match anything and may match nothing.
func strs(n Node, path string) ([]Text, error) {
	switch n.Kind {
	case TextNode, UnknownNode:
		t, err := str(n, path)
		return []Text{t}, err
	case ListNode:
		if len(n.Items) == 0 {
			return nil, errorf(path, "an empty list")
		}
		ts := make([]Text, len(n.Items))
		for i, item := range n.Items {
			t, err := str(item, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			ts[i] = t
		}
		return ts, nil
	}
	return nil, errorf(path, "must be a string or a list of strings")
}
