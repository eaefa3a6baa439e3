package rules

import "testing"

// TestDoc checks that doc trims a rule's help to one final newline, and
// that a raw string closed on the line after its text is used as it is
// rather than copied (rules are initialised in every run).
func TestDoc(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\n# EB001\n\nText.\n", "# EB001\n\nText.\n"},
		{"\n\t  # EB001\nText.  \n\n", "# EB001\nText.\n"},
		{"Text.", "Text.\n"},
		{"Text.\r\n", "Text.\n"},
		{"", "\n"},
	} {
		if got := doc(tc.in); got != tc.want {
			t.Errorf("doc(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	raw := "\n# EB001\n\nText.\n"
	if n := testing.AllocsPerRun(10, func() { _ = doc(raw) }); n != 0 {
		t.Errorf("doc of a raw string closed on the next line allocates %v times, want 0", n)
	}
}
