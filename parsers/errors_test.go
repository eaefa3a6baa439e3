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
