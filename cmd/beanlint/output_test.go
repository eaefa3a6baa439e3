package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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

// TestOutputIsNotAnInput checks that --output refuses to replace a file the
// run reads, however it is named, and writes nothing; a report file that
// is no input (a previous report in the directory linted) is replaced.
func TestOutputIsNotAnInput(t *testing.T) {
	atRepoRoot(t)
	files := map[string]string{
		"t.yaml":                     brokenFile,
		"walked/u.yaml":              fixedFile,
		"params.txt":                 "",
		"old-report.json":            "",
		"walked/r.json":              "",
		"walked/link.yaml":           "->../t.yaml",
		"link.json":                  "->t.yaml",
		"tf/plan.json":               tfPrivatePlan,
		"tf/main.tf":                 tfPrivate + "/main.tf",
		"tf/modules/network/main.tf": tfPrivate + "/modules/network/main.tf",
	}
	tests := []struct {
		name  string
		args  []string
		input string // the input named in the error; "" for none
	}{
		{"the same path", []string{"-o", "t.yaml", "t.yaml"}, "t.yaml"},
		{"another spelling", []string{"-o", "walked/../t.yaml", "t.yaml"}, "t.yaml"},
		{"an absolute path", []string{"-o", "ABS/t.yaml", "t.yaml"}, "t.yaml"},
		{"through a symbolic link", []string{"-o", "link.json", "t.yaml"}, "t.yaml"},
		{"found by walking", []string{"-o", "walked/u.yaml", "walked"}, "walked/u.yaml"},
		{"found through a link while walking", []string{"-o", "t.yaml", "walked"}, "walked/link.yaml"},
		{"the parameters file", []string{"-o", "params.txt", "--parameters-file", "params.txt", "t.yaml"}, "params.txt"},
		{"Terraform source", []string{"-o", "tf/modules/network/main.tf", "tf/plan.json"}, "tf/modules/network/main.tf"},
		{"no input", []string{"-o", "old-report.json", "t.yaml"}, ""},
		{"no input in the directory walked", []string{"-o", "walked/r.json", "walked"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, from := range files {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				switch target, link := strings.CutPrefix(from, "->"); {
				case link:
					if err := os.Symlink(target, path); err != nil {
						t.Skipf("no symbolic links here: %v", err)
					}
				case from == "":
					writeTestFile(t, path, []byte("# "+name+" before the run\n"))
				default:
					copyFile(t, from, path)
				}
			}
			before := snapshot(t, dir)
			t.Chdir(dir)
			args := slices.Clone(tt.args)
			args[1] = strings.Replace(args[1], "ABS", dir, 1)
			r := runCLI(t, nil, append([]string{"-f", "json"}, args...)...)
			out := filepath.Join(dir, args[1])
			if tt.input == "" {
				if r.code == 2 || !strings.HasPrefix(snapshot(t, dir)[out], "{") {
					t.Errorf("exit %d (%s); %s holds %q, want the report", r.code, r.stderr, args[1], snapshot(t, dir)[out])
				}
				return
			}
			want := fmt.Sprintf("--output %s is the input %s", args[1], tt.input)
			if r.code != 2 || !strings.Contains(r.stderr, want) || r.stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and an error containing %q", r.code, r.stdout, r.stderr, want)
			}
			if after := snapshot(t, dir); !maps.Equal(after, before) {
				t.Errorf("files changed:\nbefore %q\nafter  %q", before, after)
			}
		})
	}
}

// snapshot is the content of every regular file under dir by path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		out[path] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// nobody is the unprivileged user (uid and gid) the tests run beanlint as
// when they run as root.
const nobody = 65534

// unprivileged runs beanlint as a user without root's rights: in this
// process when the tests do not run as root, else the test binary run again
// (TestMain then runs main) as nobody, copied where nobody can run it.
type unprivileged struct {
	t   *testing.T
	bin string // "" to run in this process
}

func newUnprivileged(t *testing.T) *unprivileged {
	u := &unprivileged{t: t}
	if os.Geteuid() != 0 {
		return u
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("running as root, and the test binary to run as uid %d is not found: %v", nobody, err)
	}
	u.bin = filepath.Join(u.dir(), "beanlint.test")
	data, err := os.ReadFile(exe)
	if err == nil {
		err = os.WriteFile(u.bin, data, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// dir is a new directory that the user owns and can reach.
func (u *unprivileged) dir() string {
	dir, err := os.MkdirTemp("", "beanlint-unprivileged-")
	if err != nil {
		u.t.Fatal(err)
	}
	u.t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		u.t.Fatal(err)
	}
	u.give(dir)
	return dir
}

// give makes path the user's.
func (u *unprivileged) give(path string) {
	if u.bin == "" {
		return
	}
	if err := os.Lchown(path, nobody, nobody); err != nil {
		u.t.Fatal(err)
	}
}

// run runs beanlint with args in dir.
func (u *unprivileged) run(dir string, args ...string) result {
	t := u.t
	t.Helper()
	if u.bin == "" {
		t.Chdir(dir)
		return runCLI(t, nil, args...)
	}
	var stdout, stderr strings.Builder
	cmd := exec.Command(u.bin, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, &stdout, &stderr
	cmd.Env = []string{"BEANLINT_TEST_MAIN=1"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return result{code: exit.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
	case err != nil:
		t.Skipf("running as root, and the test binary cannot be run as uid %d: %v", nobody, err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String()}
}

// TestOutputPermissions runs beanlint as a user without root's rights and
// checks that --output behaves like the shell's >: a file the user may not
// write is an error naming it and is left as it was (a rename would replace
// it all the same); a file the user may write is replaced, keeping its
// permissions.
func TestOutputPermissions(t *testing.T) {
	atRepoRoot(t)
	template, err := os.ReadFile(fixedFile)
	if err != nil {
		t.Fatal(err)
	}
	u := newUnprivileged(t)
	tests := []struct {
		name string
		mode os.FileMode // of the output file before the run; 0: none
		link bool        // --output names a symbolic link to the file
		code int
	}{
		{"new file", 0, false, 0},
		{"writable file", 0o640, false, 0},
		{"read-only file", 0o444, false, 2},
		{"read-only file through a link", 0o444, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &unprivileged{t: t, bin: u.bin}
			dir := u.dir()
			writeTestFile(t, filepath.Join(dir, "t.yaml"), template)
			t.Chdir(dir)
			want := runCLI(t, nil, "-f", "json", "t.yaml").stdout
			out := filepath.Join(dir, "report.json")
			if tt.mode != 0 {
				writeTestFile(t, out, []byte("old"))
				u.give(out)
				if err := os.Chmod(out, tt.mode); err != nil {
					t.Fatal(err)
				}
			}
			arg := "report.json"
			if tt.link {
				arg = "link.json"
				if err := os.Symlink("report.json", filepath.Join(dir, arg)); err != nil {
					t.Skipf("no symbolic links here: %v", err)
				}
				u.give(filepath.Join(dir, arg))
			}
			r := u.run(dir, "-f", "json", "-o", arg, "t.yaml")
			got, err := os.ReadFile(out)
			if err != nil && tt.mode != 0 {
				t.Fatal(err)
			}
			if tt.code != 0 {
				wantErr := "--output " + arg + ": permission denied"
				if r.code != tt.code || !strings.Contains(r.stderr, wantErr) || string(got) != "old" {
					t.Errorf("exit %d, stderr %q, output file %.20q; want %d, an error containing %q, the file unchanged",
						r.code, r.stderr, got, tt.code, wantErr)
				}
			} else if r.code != 0 || string(got) != want {
				t.Errorf("exit %d, stderr %q, output file %.40q; want 0 and the report", r.code, r.stderr, got)
			}
			if fi, err := os.Stat(out); tt.mode != 0 && (err != nil || fi.Mode().Perm() != tt.mode) {
				t.Errorf("output file mode %v (%v), want %v", fi.Mode().Perm(), err, tt.mode)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 2+btoi(tt.link) {
				t.Errorf("directory holds %d entries, want t.yaml and the report (and the link): a temporary file left?", len(entries))
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
