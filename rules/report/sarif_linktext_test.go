package report

import "testing"

// TestEscapeLinkText: backslashes and square brackets of an embedded link's
// text are escaped with a backslash, nothing else changes (SARIF 3.11.6).
func TestEscapeLinkText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"subnet private", "subnet private"},
		{"aws_subnet.private[0]", `aws_subnet.private\[0\]`},
		{`C:\dir\[x]`, `C:\\dir\\\[x\]`},
		{"é[世]", `é\[世\]`},
	} {
		if got := escapeLinkText(c.in); got != c.want {
			t.Errorf("escapeLinkText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
