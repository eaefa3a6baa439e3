// Package cliflag parses beanlint's command line: GNU-style long flags
// (--name value, --name=value), one-letter short forms (-f value, -fvalue,
// -f=value, bundled booleans such as -hv), flags anywhere among the
// arguments, and -- to end the flags. It follows github.com/spf13/pflag,
// which beanlint used before, in syntax, error messages and --help layout;
// it exists because pflag imports net, and net makes every go build of the
// binary link libc dynamically (docs/BENCHMARKS.md). Two differences:
// arguments starting with -test. are flags like any other (pflag skips
// them, for go test binaries), and an unknown short form that is not ASCII
// is named as typed (pflag names the first byte of its UTF-8 encoding).
package cliflag

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// kind is how a flag takes its value.
type kind int

const (
	text   kind = iota // one string; the last use wins
	toggle             // a boolean: --name alone means true
	each               // repeatable: each use adds its value
	list               // repeatable, comma-separated: each use adds its fields
)

// flag is one defined flag.
type flag struct {
	name, short string
	usage       string
	def         string // the default shown in the help (strings only)
	kind        kind
	str         *string
	boolean     *bool
	strs        *[]string
}

// Set is a set of flags and, after Parse, the arguments that are not flags.
type Set struct {
	flags []*flag // in the order of definition, as the help lists them
	long  map[string]*flag
	short map[byte]*flag
	args  []string
}

// New returns an empty Set.
func New() *Set {
	return &Set{long: map[string]*flag{}, short: map[byte]*flag{}}
}

// String defines a string flag stored in p, with default def. short is a
// one-letter short form, or "". A name in backquotes in usage names the
// value in the help (as "--format FORMAT").
func (s *Set) String(p *string, name, short, def, usage string) {
	*p = def
	s.add(&flag{name: name, short: short, usage: usage, def: def, kind: text, str: p})
}

// Bool defines a boolean flag stored in p, false unless given.
func (s *Set) Bool(p *bool, name, short, usage string) {
	s.add(&flag{name: name, short: short, usage: usage, kind: toggle, boolean: p})
}

// Strings defines a repeatable flag: each use appends its value to p.
func (s *Set) Strings(p *[]string, name, usage string) {
	s.add(&flag{name: name, usage: usage, kind: each, strs: p})
}

// List defines a repeatable flag of comma-separated values (read as one
// CSV record, so a field may be quoted): each use appends its fields to p.
func (s *Set) List(p *[]string, name, usage string) {
	s.add(&flag{name: name, usage: usage, kind: list, strs: p})
}

func (s *Set) add(f *flag) {
	if _, dup := s.long[f.name]; dup {
		panic("cliflag: flag --" + f.name + " defined twice")
	}
	s.long[f.name] = f
	if f.short != "" {
		if len(f.short) != 1 {
			panic("cliflag: short form of --" + f.name + " is not one letter")
		}
		if _, dup := s.short[f.short[0]]; dup {
			panic("cliflag: short form -" + f.short + " defined twice")
		}
		s.short[f.short[0]] = f
	}
	s.flags = append(s.flags, f)
}

// Args returns the arguments that are not flags, in their order.
func (s *Set) Args() []string { return s.args }

// Parse reads args (without the program name). Arguments that are not
// flags are kept for Args wherever they appear; "-" is such an argument,
// and everything after "--" is.
func (s *Set) Parse(args []string) error {
	for len(args) > 0 {
		a := args[0]
		args = args[1:]
		var err error
		switch {
		case len(a) < 2 || a[0] != '-':
			s.args = append(s.args, a)
		case a == "--":
			s.args = append(s.args, args...)
			return nil
		case a[1] == '-':
			args, err = s.parseLong(a, args)
		default:
			args, err = s.parseShort(a, args)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// parseLong reads --name, --name=value or --name value (a is the first).
func (s *Set) parseLong(a string, rest []string) ([]string, error) {
	name, value, hasValue := strings.Cut(a[2:], "=")
	if name == "" || name[0] == '-' {
		return rest, fmt.Errorf("bad flag syntax: %s", a)
	}
	f := s.long[name]
	switch {
	case f == nil:
		return rest, fmt.Errorf("unknown flag: --%s", name)
	case hasValue:
	case f.kind == toggle:
		value = "true"
	case len(rest) > 0:
		value, rest = rest[0], rest[1:]
	default:
		return rest, fmt.Errorf("flag needs an argument: --%s", name)
	}
	return rest, f.set(value)
}

// parseShort reads a group of short forms: booleans may be bundled (-hv),
// and a form that takes a value takes the rest of the group (-fjson, or
// -f=json) or else the next argument (-f json).
func (s *Set) parseShort(a string, rest []string) ([]string, error) {
	for group := a[1:]; group != ""; {
		c := group[0]
		f := s.short[c]
		var value string
		switch {
		case f == nil:
			r, _ := utf8.DecodeRuneInString(group) // short forms are ASCII; name what was typed
			return rest, fmt.Errorf("unknown shorthand flag: %q in -%s", r, group)
		case len(group) > 2 && group[1] == '=':
			value, group = group[2:], ""
		case f.kind == toggle:
			value, group = "true", group[1:]
		case len(group) > 1:
			value, group = group[1:], ""
		case len(rest) > 0:
			value, rest, group = rest[0], rest[1:], ""
		default:
			return rest, fmt.Errorf("flag needs an argument: %q in -%s", rune(c), group)
		}
		if err := f.set(value); err != nil {
			return rest, err
		}
	}
	return rest, nil
}

// set stores value in f.
func (f *flag) set(value string) error {
	switch f.kind {
	case text:
		*f.str = value
	case toggle:
		b, err := strconv.ParseBool(value)
		if err != nil {
			return f.invalid(value, err)
		}
		*f.boolean = b
	case each:
		*f.strs = append(*f.strs, value)
	case list:
		if value == "" {
			return nil
		}
		fields, err := csv.NewReader(strings.NewReader(value)).Read()
		if err != nil {
			return f.invalid(value, err)
		}
		*f.strs = append(*f.strs, fields...)
	}
	return nil
}

func (f *flag) invalid(value string, err error) error {
	name := "--" + f.name
	if f.short != "" {
		name = "-" + f.short + ", " + name
	}
	return fmt.Errorf("invalid argument %q for %q flag: %v", value, name, err)
}

// Usage returns the flags' help: one line per flag in the order they were
// defined, the names and value placeholder in one column, then the usage
// text and any non-empty default.
func (s *Set) Usage() string {
	heads := make([]string, len(s.flags))
	usages := make([]string, len(s.flags))
	width := 0
	for i, f := range s.flags {
		head := "      --" + f.name
		if f.short != "" {
			head = "  -" + f.short + ", --" + f.name
		}
		valueName, usage := f.help()
		if valueName != "" {
			head += " " + valueName
		}
		heads[i], usages[i] = head, usage
		width = max(width, len(head))
	}
	var b strings.Builder
	for i, f := range s.flags {
		b.WriteString(heads[i])
		b.WriteString(strings.Repeat(" ", width-len(heads[i])+3))
		b.WriteString(usages[i])
		if f.def != "" {
			fmt.Fprintf(&b, " (default %q)", f.def)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// help returns the placeholder for f's value in the help and its usage
// text: the first name in backquotes in the usage, which then loses its
// backquotes ("report `FORMAT`" shows as "--format FORMAT   report
// FORMAT"), else a name for the kind of flag (none for a boolean).
func (f *flag) help() (valueName, usage string) {
	if before, after, ok := strings.Cut(f.usage, "`"); ok {
		if name, tail, ok := strings.Cut(after, "`"); ok {
			return name, before + name + tail
		}
	}
	switch f.kind {
	case toggle:
		return "", f.usage
	case list:
		return "strings", f.usage
	case each:
		return "stringArray", f.usage
	}
	return "string", f.usage
}
