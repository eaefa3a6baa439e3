package cloudformation

import "github.com/beanlint/beanlint/parsers"

// cond evaluates the named condition: true or false when the parameter
// values decide it, undecided otherwise.
func (s *scope) cond(name string) tri {
	if v, ok := s.conds[name]; ok {
		return v
	}
	body, ok := s.conditions[name]
	if !ok || s.condBusy[name] {
		return undecided
	}
	s.condBusy[name] = true
	v := s.evalCond(body)
	delete(s.condBusy, name)
	s.conds[name] = v
	return v
}

// evalCond evaluates a condition function three-valued.
func (s *scope) evalCond(n *node) tri {
	name, arg, ok := n.intrinsic()
	if !ok {
		if b, ok := parsers.Lit(n.str, s.t.loc(n)).Bool(); ok && n.kind == scalarNode {
			return triOf(b)
		}
		return undecided
	}
	switch name {
	case "Condition":
		ref, _ := arg.text()
		return s.cond(ref)
	case "Fn::Equals":
		a, ok := args(arg, 2)
		if !ok {
			return undecided
		}
		return equalValues(s.resolve(a[0]), s.resolve(a[1]))
	case "Fn::Not":
		if arg.kind == seqNode && len(arg.items()) == 1 {
			switch s.evalCond(arg.items()[0]) {
			case isTrue:
				return isFalse
			case isFalse:
				return isTrue
			}
		}
		return undecided
	case "Fn::And", "Fn::Or":
		if arg.kind != seqNode {
			return undecided
		}
		// And: any false decides; Or: any true decides.
		decisive, other := isFalse, isTrue
		if name == "Fn::Or" {
			decisive, other = isTrue, isFalse
		}
		result := other
		for _, it := range arg.items() {
			switch s.evalCond(it) {
			case decisive:
				return decisive
			case undecided:
				result = undecided
			}
		}
		return result
	}
	return undecided
}

// equalValues compares two values three-valued.
func equalValues(a, b parsers.Value) tri {
	switch {
	case a.Kind == parsers.Known && b.Kind == parsers.Known:
		return triOf(a.Str == b.Str)
	case a.Kind == parsers.Ref && b.Kind == parsers.Ref && a.Target == b.Target && a.Attr() == b.Attr():
		return isTrue
	case a.Kind == parsers.Unknown && b.Kind == parsers.Unknown && !a.Origin().IsZero() && a.Origin() == b.Origin():
		return isTrue // the same parameter or import
	case a.Kind == parsers.List && b.Kind == parsers.List:
		if len(a.Items()) != len(b.Items()) {
			return isFalse
		}
		result := isTrue
		for i := range a.Items() {
			switch equalValues(a.Items()[i], b.Items()[i]) {
			case isFalse:
				return isFalse
			case undecided:
				result = undecided
			}
		}
		return result
	}
	return undecided
}
