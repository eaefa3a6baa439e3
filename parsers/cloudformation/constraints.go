package cloudformation

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// checkParameters checks the values given for t's parameters (--parameter,
// --parameters-file) against their AllowedValues and AllowedPattern, as
// CloudFormation does before it creates a stack: a String value must be
// one of AllowedValues and match the whole AllowedPattern; each element of
// a CommaDelimitedList value likewise. A value that fails is an error on
// the constraint (EB900: CloudFormation would refuse the stack, so the run
// did not check a configuration that can be deployed), marked Linted: the
// template is linted all the same, with the value given. Patterns are Java regular
// expressions; one RE2 cannot compile (lookaround, backreferences) is not
// checked. Other types (Number, AWS-specific ones) are not checked.
func (t *Template) checkParameters(values map[string]string) []*parsers.ParseError {
	var errs []*parsers.ParseError
	for _, name := range slices.Sorted(maps.Keys(values)) {
		p, ok := t.params[name]
		if !ok {
			continue
		}
		typ, _ := p.get("Type").text()
		var elems []string
		switch typ {
		case "String":
			elems = []string{values[name]}
		case "CommaDelimitedList":
			for _, e := range strings.Split(values[name], ",") {
				elems = append(elems, strings.TrimSpace(e))
			}
		default:
			continue
		}
		shown := func(v string) string {
			if noEcho(p) {
				return "the value given (NoEcho, not shown)"
			}
			return fmt.Sprintf("the value %q given", v)
		}
		if allowed := p.get("AllowedValues"); allowed != nil && allowed.kind == seqNode {
			var list []string
			for _, it := range allowed.items() {
				if s, ok := it.text(); ok {
					list = append(list, s)
				}
			}
			for _, e := range elems {
				if !slices.Contains(list, e) {
					errs = append(errs, &parsers.ParseError{Loc: t.loc(allowed), Msg: fmt.Sprintf(
						"parameter %s: %s is not one of its AllowedValues (%s); CloudFormation would refuse to create the stack",
						name, shown(e), strings.Join(list, ", ")), Linted: true})
					break
				}
			}
		}
		if pattern, ok := p.get("AllowedPattern").text(); ok {
			re, err := regexp.Compile(`^(?:` + pattern + `)$`)
			if err != nil {
				continue
			}
			for _, e := range elems {
				if !re.MatchString(e) {
					errs = append(errs, &parsers.ParseError{Loc: t.loc(p.get("AllowedPattern")), Msg: fmt.Sprintf(
						"parameter %s: %s does not match its AllowedPattern %s; CloudFormation would refuse to create the stack",
						name, shown(e), pattern), Linted: true})
					break
				}
			}
		}
	}
	return errs
}
