package cfn

import "testing"

// FuzzPlainWord checks the words scalar writes plain without asking the
// parser: the parser reads each back as written, in a block and in a flow
// collection.
func FuzzPlainWord(f *testing.F) {
	for _, s := range []string{"Vpc", "com.amazonaws.", "subnet-0a1b", "AWS_Region", "true", "True_", "nullable", "NULL", "y", "no", "on", "e10", "Inf", "NaN", "a-", "a."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plainWord(s) && !(readsBack(s, false) && readsBack(s, true)) {
			t.Errorf("plainWord(%q), but YAML does not read it back as written (block %v, flow %v)", s, readsBack(s, false), readsBack(s, true))
		}
	})
}

// TestPlainWord: the words YAML (1.2, or 1.1 as CloudFormation reads it)
// reads as something else are not plain words; words with other characters
// are left to the parser.
func TestPlainWord(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"Vpc", true}, {"com.amazonaws.", true}, {"subnet-0a1b", true}, {"yesterday", true},
		{"yes", false}, {"On", false}, {"n", false}, {"OFF", false},
		{"true", false}, {"FALSE", false}, {"Null", false}, {"", false}, {"1a", false},
		{"-a", false}, {".a", false}, {"a:b", false}, {"a b", false}, {"é", false}, {"a,b", false},
	} {
		if got := plainWord(tc.s); got != tc.want {
			t.Errorf("plainWord(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

// TestScalarYAML11: the words YAML 1.1 reads as booleans are written
// quoted, in a block and in a flow collection.
func TestScalarYAML11(t *testing.T) {
	for _, s := range []string{"yes", "No", "ON", "off", "y", "N"} {
		for _, flow := range []bool{false, true} {
			if got, want := scalar(s, flow), `"`+s+`"`; got != want {
				t.Errorf("scalar(%q, %v) = %s, want %s", s, flow, got, want)
			}
		}
	}
}
