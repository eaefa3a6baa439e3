package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// commit is the source commit of a release build; set with
// -ldflags "-X main.commit=..." (GoReleaser). Empty means: ask the build
// info, which has it for a build from a checkout and not for go install
// of a module version.
var commit string

// printVersion writes the version, the commit and the Go version that
// built the binary.
func printVersion(w io.Writer) error {
	_, err := fmt.Fprintf(w, "beanlint %s\ncommit: %s\ngo: %s %s/%s\n", buildVersion(), buildCommit(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}

// buildCommit is the -X main.commit value, else the VCS revision the build
// info records ("-modified" when the checkout had changes), else
// "unknown".
func buildCommit() string {
	if commit != "" {
		return commit
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "-modified"
			}
		}
	}
	if rev == "" {
		return "unknown"
	}
	return rev + modified
}
