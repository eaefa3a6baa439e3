package main

import (
	"errors"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/gitignore"
	"github.com/beanlint/beanlint/parsers/load"
)

// inputOptions are the flags about what is read, and --version.
type inputOptions struct {
	exclude     []string
	showVersion bool
}

func addInputFlags(fs *pflag.FlagSet, o *inputOptions) {
	fs.StringArrayVar(&o.exclude, "exclude", nil, "skip paths matching `GLOB` when walking directories (.gitignore syntax, relative to the working directory; repeatable); .gitignore'd paths are skipped too, a path named is always read")
	fs.BoolVarP(&o.showVersion, "version", "v", false, "print the version")
}

// checkPaths refuses, as usage errors, a path that does not exist and "-"
// (standard input) named twice. Other problems reading a path (permissions)
// are EB900 findings of the run, like those of the files found in it.
func checkPaths(paths []string) error {
	stdin := 0
	for _, p := range paths {
		if p == load.Stdin {
			if stdin++; stdin > 1 {
				return usagef("- (standard input) is named more than once")
			}
			continue
		}
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			return usagef("%s: %s", p, parsers.PathErrorText(err))
		}
	}
	return nil
}

// excludeList parses the --exclude patterns, relative to wd.
func excludeList(wd string, globs []string) (gitignore.Stack, error) {
	if len(globs) == 0 {
		return nil, nil
	}
	l := &gitignore.List{Dir: wd}
	for _, g := range globs {
		if strings.HasPrefix(g, "!") {
			return nil, usagef("--exclude %q: a pattern to skip cannot start with ! (name a path to read it)", g)
		}
		p, err := gitignore.Parse(g)
		switch {
		case gitignore.IsBlank(err):
			return nil, usagef("--exclude %q: no pattern", g)
		case err != nil:
			return nil, usagef("--exclude: %v", err)
		}
		l.Patterns = append(l.Patterns, p)
	}
	return gitignore.Stack{l}, nil
}

// reportRoot is the directory a report's paths are relative to: the
// working directory for the text report, which a user reads (and opens
// paths from) where they ran beanlint; the repository root (repoRoot) for
// the machine-read formats, whose paths code scanning resolves against
// the repository.
func reportRoot(format, wd string) string {
	if format == "text" {
		return wd
	}
	return repoRoot(wd)
}
