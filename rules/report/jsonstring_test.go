package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestJSONPlainPrefix checks the eight-bytes-at-once test against the table a
// byte at a time, for every byte value at every position of a word, in
// the first and in the second word of a string.
func TestJSONPlainPrefix(t *testing.T) {
	for pos := range 8 {
		for c := range 256 {
			w := []byte("abcdefgh")
			w[pos] = byte(c)
			want := 0
			if jsonPlain[c] {
				want = 8
			}
			if got := jsonPlainPrefix(string(w) + "1234567"); got != want {
				t.Errorf("jsonPlainPrefix(%q) = %d, want %d", w, got, want)
			}
			if got := jsonPlainPrefix("ABCDEFGH" + string(w)); got != want+8 {
				t.Errorf("jsonPlainPrefix(%q) = %d, want %d", "ABCDEFGH"+string(w), got, want+8)
			}
		}
	}
	// A byte that needs a look beside a byte at the edge of the plain
	// range, or beside another that needs one.
	for _, w := range []string{"\x00\x01abcdef", "ab\"\\cdef", "abcdef\x1f\x20", "\x7f\x80abcdef", "abcdefg\xff"} {
		if got := jsonPlainPrefix(w); got != 0 {
			t.Errorf("jsonPlainPrefix(%q) = %d, want 0", w, got)
		}
	}
}

// encodingJSON is s as encoding/json writes it without HTML escaping.
func encodingJSON(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// FuzzJSONString checks appendJSONString against encoding/json: the same
// bytes for valid UTF-8; for invalid UTF-8, each bad byte is U+FFFD itself
// where encoding/json writes \ufffd, so the same bytes as encoding/json
// writes the string it decodes its own output to.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{
		"", "plain text of a rule's help, longer than a word", "a\"b\\c\nd\te\x00f\x1f",
		"12345678\"12345678", "1234567\\", "\u2028\u2029 line separators", "é ´ – → ×",
		"bad \xff\xfe bytes \xe2\x82 cut", "```yaml\nKey: !Ref X\n```\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := string(appendJSONString(nil, s))
		var decoded string
		if err := json.Unmarshal([]byte(encodingJSON(t, s)), &decoded); err != nil {
			t.Fatal(err)
		}
		if want := encodingJSON(t, decoded); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}
