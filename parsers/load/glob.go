package load

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// Glob is a path pattern anchored at a directory, as the configuration
// file's exclude and stacks entries and --exclude give them:
//
//   - a pattern without a slash matches a file or directory of that name
//     at any depth under Base ("cdk.out", "*.test.yaml");
//   - a pattern with a slash matches the path relative to Base
//     ("infra/network.yaml", "infra/*/template.yaml"), where ** matches
//     any number of directories ("legacy/**", "**/fixtures/*.json");
//   - a pattern that matches a directory matches everything beneath it.
//
// Segments use path.Match syntax (*, ?, [...]).
type Glob struct {
	Base    string
	Pattern string
}

// Check reports a malformed pattern.
func (g Glob) Check() error {
	p := strings.Trim(g.Pattern, "/")
	if p == "" {
		return fmt.Errorf("empty pattern %q", g.Pattern)
	}
	for _, seg := range strings.Split(p, "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("bad glob %q: %w", g.Pattern, err)
		}
	}
	return nil
}

// Match reports whether file (a path as the walk gives it) or one of its
// directories under Base matches.
func (g Glob) Match(file string) bool {
	base, err := filepath.Abs(g.Base)
	if err != nil {
		return false
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	segs := strings.Split(filepath.ToSlash(rel), "/")
	pat := strings.Trim(g.Pattern, "/")
	if !strings.Contains(pat, "/") {
		for _, s := range segs {
			if ok, _ := path.Match(pat, s); ok {
				return true
			}
		}
		return false
	}
	parts := strings.Split(pat, "/")
	for n := len(segs); n > 0; n-- { // the file, then each directory above it
		if matchSegments(parts, segs[:n]) {
			return true
		}
	}
	return false
}

// matchSegments matches path segments against pattern segments, ** standing
// for any number of segments.
func matchSegments(parts, segs []string) bool {
	for len(parts) > 0 {
		if parts[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegments(parts[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(parts[0], segs[0]); !ok {
			return false
		}
		parts, segs = parts[1:], segs[1:]
	}
	return len(segs) == 0
}

// matchAny reports whether path p matches one of globs.
func matchAny(globs []Glob, p string) bool {
	for _, g := range globs {
		if g.Match(p) {
			return true
		}
	}
	return false
}
