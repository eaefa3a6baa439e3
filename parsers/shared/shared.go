// Package shared locates the project's shared, read-only test data: the
// third-party corpora and the official SARIF schema that live in a directory
// called shared beside the repository (../shared from the module root). Only
// tests import it.
//
// A user's clone has no such directory, so tests that need it skip there.
// CI has it, and an absent or moved directory must not turn the tests that
// guard against parsing regressions into silent skips: when the environment
// variable BEANLINT_REQUIRE_SHARED is set (.ci/run sets it), a missing
// directory fails the test instead.
package shared

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// RequireEnv is the environment variable that turns a missing shared
// directory from a skip into a failure.
const RequireEnv = "BEANLINT_REQUIRE_SHARED"

// Path returns the path of elem inside the shared directory, e.g.
// Path(t, "corpus", "realworld"). When it does not exist the test skips, or
// fails when RequireEnv is set.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	p, err := lookup(elem...)
	if err == nil {
		return p
	}
	if os.Getenv(RequireEnv) != "" {
		t.Fatalf("%v (%s is set: the shared test data must be present)", err, RequireEnv)
	}
	t.Skipf("%v: skipping (set %s to make this a failure)", err, RequireEnv)
	return ""
}

// Optional returns the path of elem inside the shared directory and whether
// it exists, for fuzz seeds and other uses that can do without it.
func Optional(elem ...string) (string, bool) {
	p, err := lookup(elem...)
	return p, err == nil
}

func lookup(elem ...string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	p := filepath.Join(append([]string{filepath.Dir(root), "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		return "", err
	}
	return p, nil
}

// moduleRoot is the nearest directory at or above the working directory
// (a test's package directory) that holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// MaxSeed is the size of the largest file Seeds adds.
const MaxSeed = 32 << 10

// Seeds adds to f, as fuzz seeds, every file of at most MaxSeed bytes below
// the given directories whose name ends in one of exts (".yaml", ".json",
// ...); larger files slow every mutation down and are the corpus tests'
// business. A directory may be one of the repository's (testdata/...) or,
// when it starts with "shared/", one inside the shared directory, which is
// left out when absent: fuzzing works without it, with fewer seeds.
func Seeds(f *testing.F, dirs []string, exts ...string) {
	f.Helper()
	for _, dir := range dirs {
		if rest, ok := strings.CutPrefix(dir, "shared/"); ok {
			p, found := Optional(filepath.FromSlash(rest))
			if !found {
				continue
			}
			dir = p
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !slices.Contains(exts, strings.ToLower(filepath.Ext(path))) {
				return err
			}
			if info, err := d.Info(); err != nil || info.Size() > MaxSeed {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f.Add(data)
			return nil
		})
		if err != nil {
			f.Fatalf("fuzz seeds: %v", err)
		}
	}
}
