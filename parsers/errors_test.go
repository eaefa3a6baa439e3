package parsers

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestPathErrorText(t *testing.T) {
	pathErr := &fs.PathError{Op: "open", Path: "stacks/net.yaml", Err: fs.ErrPermission}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"path error", pathErr, "permission denied"},
		{"wrapped path error", fmt.Errorf("reading: %w", pathErr), "permission denied"},
		{"other error", errors.New("boom"), "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PathErrorText(tt.err); got != tt.want {
				t.Errorf("PathErrorText(%v) = %q; want %q", tt.err, got, tt.want)
			}
		})
	}
}

// TestParseErrorText: the location is file:line:column, without the column
// when it is not known.
func TestParseErrorText(t *testing.T) {
	tests := []struct {
		loc  Location
		want string
	}{
		{Location{File: "t.yaml", StartLine: 4, StartCol: 7}, "t.yaml:4:7: bad"},
		{Location{File: "t.yaml", StartLine: 4}, "t.yaml:4: bad"},
		{Location{File: "t.yaml"}, "t.yaml: bad"},
	}
	for _, tt := range tests {
		if got := (&ParseError{Loc: tt.loc, Msg: "bad"}).Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
