package cliflag

import (
	"slices"
	"testing"
)

// flags are the values of testSet's flags after a parse.
type flags struct {
	format, output string
	params, ids    []string
	color, help    bool
	verbose        bool
}

// testSet defines one flag of each kind, with and without short forms.
func testSet(f *flags) *Set {
	s := New()
	s.String(&f.format, "format", "f", "text", "report `FORMAT`: text or json")
	s.String(&f.output, "output", "o", "", "write to `FILE`")
	s.Strings(&f.params, "parameter", "set `KEY=VALUE` (repeatable)")
	s.List(&f.ids, "disable", "turn off `IDS` (comma-separated)")
	s.Bool(&f.color, "color", "", "use colors")
	s.Bool(&f.help, "help", "h", "show this help")
	s.Bool(&f.verbose, "verbose", "v", "say more")
	return s
}

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		want     flags
		wantArgs []string
	}{
		{name: "defaults", args: nil, want: flags{format: "text"}},
		{name: "long with space", args: []string{"--format", "json"}, want: flags{format: "json"}},
		{name: "long with equals", args: []string{"--format=json"}, want: flags{format: "json"}},
		{name: "long with empty value", args: []string{"--format="}, want: flags{format: ""}},
		{name: "value with equals", args: []string{"--parameter=A=b=c"}, want: flags{format: "text", params: []string{"A=b=c"}}},
		{name: "value that looks like a flag", args: []string{"--output", "--format"}, want: flags{format: "text", output: "--format"}},
		{name: "short with space", args: []string{"-f", "json"}, want: flags{format: "json"}},
		{name: "short joined", args: []string{"-fjson"}, want: flags{format: "json"}},
		{name: "short with equals", args: []string{"-f=json"}, want: flags{format: "json"}},
		{name: "single dash and a long name is a short form and its value", args: []string{"-format"}, want: flags{format: "ormat"}},
		{name: "short with a lone equals is the value =", args: []string{"-f="}, want: flags{format: "="}},
		{name: "last use wins", args: []string{"-f", "json", "--format", "sarif"}, want: flags{format: "sarif"}},
		{name: "bundled booleans", args: []string{"-hv"}, want: flags{format: "text", help: true, verbose: true}},
		{name: "boolean then a value", args: []string{"-vf", "json"}, want: flags{format: "json", verbose: true}},
		{name: "boolean then a joined value", args: []string{"-vfjson"}, want: flags{format: "json", verbose: true}},
		{name: "boolean set false", args: []string{"--color=false", "-v=0"}, want: flags{format: "text"}},
		{name: "boolean set true", args: []string{"--color=T"}, want: flags{format: "text", color: true}},
		{name: "boolean takes no next argument", args: []string{"--color", "false"}, want: flags{format: "text", color: true}, wantArgs: []string{"false"}},
		{name: "repeated", args: []string{"--parameter", "A=1", "--parameter=B=2,3"}, want: flags{format: "text", params: []string{"A=1", "B=2,3"}}},
		{name: "comma-separated and repeated", args: []string{"--disable", "EB1,EB2", "--disable=EB3"}, want: flags{format: "text", ids: []string{"EB1", "EB2", "EB3"}}},
		{name: "comma-separated, quoted field", args: []string{"--disable", `"EB1,EB2",EB3`}, want: flags{format: "text", ids: []string{"EB1,EB2", "EB3"}}},
		{name: "comma-separated, empty fields kept", args: []string{"--disable", "EB1,,EB2"}, want: flags{format: "text", ids: []string{"EB1", "", "EB2"}}},
		{name: "comma-separated, empty value adds nothing", args: []string{"--disable", ""}, want: flags{format: "text"}},
		{name: "flags after arguments", args: []string{"a.yaml", "-f", "json", "b.yaml"}, want: flags{format: "json"}, wantArgs: []string{"a.yaml", "b.yaml"}},
		{name: "dash is an argument", args: []string{"-", "-v"}, want: flags{format: "text", verbose: true}, wantArgs: []string{"-"}},
		{name: "empty argument", args: []string{""}, want: flags{format: "text"}, wantArgs: []string{""}},
		{name: "double dash ends the flags", args: []string{"-v", "--", "-f", "json", "--"}, want: flags{format: "text", verbose: true}, wantArgs: []string{"-f", "json", "--"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got flags
			s := testSet(&got)
			if err := s.Parse(tt.args); err != nil {
				t.Fatalf("Parse(%q): %v", tt.args, err)
			}
			if got.format != tt.want.format || got.output != tt.want.output || got.color != tt.want.color ||
				got.help != tt.want.help || got.verbose != tt.want.verbose ||
				!slices.Equal(got.params, tt.want.params) || !slices.Equal(got.ids, tt.want.ids) {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.args, got, tt.want)
			}
			if !slices.Equal(s.Args(), tt.wantArgs) {
				t.Errorf("Args() = %q, want %q", s.Args(), tt.wantArgs)
			}
		})
	}
}

// The messages are pflag's, which beanlint printed before it had its own
// parser.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--frobnicate"}, "unknown flag: --frobnicate"},
		{[]string{"--frob=1"}, "unknown flag: --frob"},
		{[]string{"-x"}, `unknown shorthand flag: 'x' in -x`},
		{[]string{"-hx"}, `unknown shorthand flag: 'x' in -x`},
		{[]string{"-é"}, `unknown shorthand flag: 'é' in -é`},
		{[]string{"-\xd1"}, "unknown shorthand flag: '\uFFFD' in -\xd1"},
		{[]string{"a.yaml", "--format"}, "flag needs an argument: --format"},
		{[]string{"-f"}, `flag needs an argument: 'f' in -f`},
		{[]string{"-vf"}, `flag needs an argument: 'f' in -f`},
		{[]string{"---format"}, "bad flag syntax: ---format"},
		{[]string{"--=json"}, "bad flag syntax: --=json"},
		{[]string{"--color=maybe"}, `invalid argument "maybe" for "--color" flag: strconv.ParseBool: parsing "maybe": invalid syntax`},
		{[]string{"-h=2"}, `invalid argument "2" for "-h, --help" flag: strconv.ParseBool: parsing "2": invalid syntax`},
		{[]string{"--disable", `EB"1`}, `invalid argument "EB\"1" for "--disable" flag: parse error on line 1, column 3: bare " in non-quoted-field`},
		{[]string{"-v", "--bad", "-f"}, "unknown flag: --bad"},
	}
	for _, tt := range tests {
		var f flags
		err := testSet(&f).Parse(tt.args)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) error = %v, want %q", tt.args, err, tt.want)
		}
	}
}

// TestUsage checks the layout pflag gave the same flags (its FlagUsages).
func TestUsage(t *testing.T) {
	var f flags
	got := testSet(&f).Usage()
	want := `  -f, --format FORMAT         report FORMAT: text or json (default "text")
  -o, --output FILE           write to FILE
      --parameter KEY=VALUE   set KEY=VALUE (repeatable)
      --disable IDS           turn off IDS (comma-separated)
      --color                 use colors
  -h, --help                  show this help
  -v, --verbose               say more
`
	if got != want {
		t.Errorf("Usage() =\n%s\nwant\n%s", got, want)
	}
}
