package rules

import (
	"testing"
	"unsafe"
)

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
	// Longer than the compiler's buffer for small concatenations, which
	// would allocate nothing either.
	raw := "\n# EB001: a title\n\nA paragraph of the rule's help text.\n"
	if got := doc(raw); unsafe.StringData(got) != unsafe.StringData(raw[1:]) {
		t.Errorf("doc(%q) is a copy, want the raw string itself", raw)
	}
}
