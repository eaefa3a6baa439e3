package cliflag

import (
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/pflag"
)

// pflagSet defines testSet's flags with pflag, which beanlint used before
// it had this package (tests only: pflag imports net, see the package
// comment).
func pflagSet(f *flags) *pflag.FlagSet {
	s := pflag.NewFlagSet("test", pflag.ContinueOnError)
	s.SetOutput(io.Discard)
	s.SortFlags = false
	s.StringVarP(&f.format, "format", "f", "text", "report `FORMAT`: text or json")
	s.StringVarP(&f.output, "output", "o", "", "write to `FILE`")
	s.StringArrayVar(&f.params, "parameter", nil, "set `KEY=VALUE` (repeatable)")
	s.StringSliceVar(&f.ids, "disable", nil, "turn off `IDS` (comma-separated)")
	s.BoolVar(&f.color, "color", false, "use colors")
	s.BoolVarP(&f.help, "help", "h", false, "show this help")
	s.BoolVarP(&f.verbose, "verbose", "v", false, "say more")
	return s
}

// agree parses args with both parsers and reports any difference in the
// values, the remaining arguments or the error message.
func agree(t *testing.T, args []string) {
	t.Helper()
	for _, a := range args {
		if strings.Contains(a, "test.") {
			return // pflag skips -test.* (see the package comment)
		}
	}
	var want, got flags
	ps := pflagSet(&want)
	perr := ps.Parse(args)
	s := testSet(&got)
	err := s.Parse(args)
	if perr != nil && strings.HasPrefix(perr.Error(), "unknown shorthand flag: ") && err != nil &&
		strings.HasPrefix(err.Error(), "unknown shorthand flag: ") && !isASCII(perr.Error()) {
		return // pflag garbles a short form that is not ASCII (see the package comment)
	}
	switch {
	case (perr == nil) != (err == nil) || perr != nil && perr.Error() != err.Error():
		t.Fatalf("Parse(%q) error = %v, pflag's %v", args, err, perr)
	case perr != nil:
		return // the values after an error are not used
	case !slices.Equal(ps.Args(), s.Args()) && len(ps.Args())+len(s.Args()) > 0:
		t.Fatalf("Parse(%q) Args() = %q, pflag's %q", args, s.Args(), ps.Args())
	case got.format != want.format || got.output != want.output || got.color != want.color ||
		got.help != want.help || got.verbose != want.verbose ||
		!equalList(got.params, want.params) || !equalList(got.ids, want.ids):
		t.Fatalf("Parse(%q) = %+v, pflag's %+v", args, got, want)
	}
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// equalList compares lists, nil equal to empty (pflag sets an empty
// slice for --disable "").
func equalList(a, b []string) bool { return len(a) == 0 && len(b) == 0 || slices.Equal(a, b) }

var agreementSeeds = [][]string{
	{"--format", "json", "a.yaml"}, {"--format=json"}, {"--format="}, {"-f", "json"}, {"-fjson"},
	{"-f=json"}, {"-f="}, {"-f"}, {"a", "--format"}, {"-vf", "x"}, {"-vfx"}, {"-hv"}, {"-hx"},
	{"-format"}, {"---format"}, {"--=x"}, {"--"}, {"--", "-f", "x"}, {"-"}, {""}, {"-v=false"},
	{"--color=maybe"}, {"--color", "false"}, {"-h=2"}, {"--parameter", "A=1", "--parameter=B"},
	{"--disable", "a,b", "--disable=c"}, {"--disable", `"a,b",c`}, {"--disable", `a"b`},
	{"--disable", ""}, {"--disable", "a,,b"}, {"--frob"}, {"--frob=1"}, {"-x"}, {"-é"}, {"--é"},
	{"a", "-o", "out", "b", "--color"}, {"-o"}, {"-of"}, {"-v", "--bad", "-f"},
}

func TestAgreesWithPflag(t *testing.T) {
	for _, args := range agreementSeeds {
		agree(t, args)
	}
}

// FuzzAgreesWithPflag splits its input on NUL into arguments.
func FuzzAgreesWithPflag(f *testing.F) {
	for _, args := range agreementSeeds {
		f.Add(strings.Join(args, "\x00"))
	}
	f.Fuzz(func(t *testing.T, line string) {
		agree(t, strings.Split(line, "\x00"))
	})
}

func TestUsageAgreesWithPflag(t *testing.T) {
	var a, b flags
	if got, want := testSet(&a).Usage(), pflagSet(&b).FlagUsages(); got != want {
		t.Errorf("Usage() =\n%s\npflag's\n%s", got, want)
	}
}
