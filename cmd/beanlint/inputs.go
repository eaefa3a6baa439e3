package main

import (
	"errors"
	"io/fs"
	"os"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/load"
)

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
