package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOutputKeepsWhatTheTargetIs checks that --output writes through a
// symbolic link to its target, writes into a non-regular file (here a named
// pipe, standing for /dev/null or /dev/stdout) instead of replacing it, and
// keeps an existing file's permissions.
func TestOutputKeepsWhatTheTargetIs(t *testing.T) {
	atRepoRoot(t)
	want := runCLI(t, nil, "-f", "json", fixedExample).stdout

	t.Run("symlink", func(t *testing.T) {
		dir := t.TempDir()
		target, link := filepath.Join(dir, "target.json"), filepath.Join(dir, "link.json")
		if err := os.Symlink("target.json", link); err != nil {
			t.Fatal(err)
		}
		if r := runCLI(t, nil, "-f", "json", "-o", link, fixedExample); r.code != 0 {
			t.Fatalf("exit code %d: %s", r.code, r.stderr)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symbolic link (%v)", link, err)
		}
		if got, err := os.ReadFile(target); err != nil || string(got) != want {
			t.Errorf("link target holds %q (%v), want the report", got, err)
		}
	})

	t.Run("named pipe", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "pipe")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		got := make(chan string, 1)
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				got <- "open: " + err.Error()
				return
			}
			defer f.Close()
			data, _ := io.ReadAll(f)
			got <- string(data)
		}()
		if r := runCLI(t, nil, "-f", "json", "-o", fifo, fixedExample); r.code != 0 {
			t.Fatalf("exit code %d: %s", r.code, r.stderr)
		}
		if data := <-got; data != want {
			t.Errorf("read %q from the pipe, want the report", data)
		}
		if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("%s is no longer a named pipe (%v)", fifo, err)
		}
	})

	t.Run("permissions", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "report.json")
		if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if r := runCLI(t, nil, "-f", "json", "-o", out, fixedExample); r.code != 0 {
			t.Fatalf("exit code %d: %s", r.code, r.stderr)
		}
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("mode after writing: %v (%v), want 0600 kept", fi.Mode().Perm(), err)
		}
	})

	t.Run("missing directory names the output", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "nodir", "x.json")
		r := runCLI(t, nil, "-o", out, fixedExample)
		if r.code != 2 || !strings.Contains(r.stderr, "--output "+out) || strings.Contains(r.stderr, ".tmp") {
			t.Errorf("exit %d, stderr %q; want 2 naming --output %s and no temporary file", r.code, r.stderr, out)
		}
	})
}
