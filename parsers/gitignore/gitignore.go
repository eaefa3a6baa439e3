// Package gitignore matches paths against .gitignore patterns the way Git
// does (gitignore(5)): blank lines and # comments, ! negation, a trailing /
// for directories only, a pattern with a / elsewhere anchored to its file's
// directory and one without matched against the last path element at any
// depth, * ? [...] that never match /, and the ** forms. Patterns of a
// deeper file override a shallower one's; within a file the last match
// decides. Files inside an ignored directory are never reached, so, as in
// Git, a negation cannot re-include them.
package gitignore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Pattern is one pattern line.
type Pattern struct {
	text    string // as written
	negate  bool   // !pattern: re-include
	dirOnly bool   // pattern/: directories only
	base    bool   // no / in it: matched against the last path element
	re      *regexp.Regexp
}

// String is the pattern as written.
func (p Pattern) String() string { return p.text }

// errBlank is Parse's error for a line that holds no pattern.
var errBlank = errors.New("no pattern")

// Parse parses one line of a .gitignore file. It returns an error for a
// blank line or a comment (IsBlank tells these apart) and for a pattern Git
// would never match (an unclosed [ or a trailing backslash).
func Parse(line string) (Pattern, error) {
	p := Pattern{text: line}
	line = strings.TrimSuffix(line, "\r")
	line = trimTrailingSpaces(line)
	if line == "" || line[0] == '#' {
		return p, errBlank
	}
	if line[0] == '!' {
		p.negate = true
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") && !strings.HasSuffix(line, `\/`) {
		p.dirOnly = true
		line = strings.TrimSuffix(line, "/")
	}
	if line == "" {
		return p, errBlank
	}
	p.base = !strings.Contains(line, "/")
	line = strings.TrimPrefix(line, "/")
	expr, err := translate(line)
	if err != nil {
		return p, fmt.Errorf("pattern %q: %w", p.text, err)
	}
	if p.re, err = regexp.Compile("^" + expr + "$"); err != nil {
		return p, fmt.Errorf("pattern %q: %w", p.text, err)
	}
	return p, nil
}

// IsBlank reports whether err is Parse's error for a blank line or a
// comment.
func IsBlank(err error) bool { return errors.Is(err, errBlank) }

// trimTrailingSpaces drops trailing spaces that are not escaped with a
// backslash.
func trimTrailingSpaces(s string) string {
	end := len(s)
	for end > 0 && s[end-1] == ' ' {
		if end >= 2 && s[end-2] == '\\' {
			break
		}
		end--
	}
	return s[:end]
}

// translate turns a glob into a regular expression over slash-separated
// paths.
func translate(glob string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; c {
		case '*':
			j := i
			for j < len(glob) && glob[j] == '*' {
				j++
			}
			atStart := i == 0 || glob[i-1] == '/'
			switch {
			case j-i < 2 || !atStart || (j < len(glob) && glob[j] != '/'):
				b.WriteString(`[^/]*`) // *, or ** not between slashes
			case j == len(glob):
				b.WriteString(`.*`) // trailing /**: everything inside
			default:
				b.WriteString(`(?:.*/)?`) // **/: any number of directories
				j++                       // the slash is part of it
			}
			i = j - 1
		case '?':
			b.WriteString(`[^/]`)
		case '[':
			class, n, err := translateClass(glob[i:])
			if err != nil {
				return "", err
			}
			b.WriteString(class)
			i += n - 1
		case '\\':
			if i+1 == len(glob) {
				return "", errors.New("ends in a backslash")
			}
			i++
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		default:
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		}
	}
	return b.String(), nil
}

// translateClass translates the bracket expression at the start of s and
// returns it with the number of bytes it took. Like Git's, it never
// matches a slash.
func translateClass(s string) (string, int, error) {
	var b strings.Builder
	i := 1
	negate := i < len(s) && (s[i] == '!' || s[i] == '^')
	if negate {
		i++
	}
	b.WriteString("[")
	if negate {
		b.WriteString("^/")
	}
	first := true
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ']' && !first:
			b.WriteString("]")
			return b.String(), i + 1, nil
		case c == '[' && i+1 < len(s) && s[i+1] == ':':
			end := strings.Index(s[i:], ":]")
			if end < 0 {
				return "", 0, errors.New("unclosed character class")
			}
			name := s[i : i+end+2]
			if _, err := regexp.Compile("[" + name + "]"); err != nil {
				return "", 0, fmt.Errorf("unknown character class %s", name)
			}
			b.WriteString(name)
			i += end + 1
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteString(classLiteral(s[i]))
		default:
			b.WriteString(classChar(c))
		}
		first = false
	}
	return "", 0, errors.New("unclosed [")
}

// classChar is one byte of a bracket expression as a regular expression
// writes it; a - between two characters keeps its meaning of a range.
func classChar(c byte) string {
	switch c {
	case '\\', ']', '[', '^':
		return `\` + string(c)
	}
	return string(c)
}

// classLiteral is a byte a backslash escapes in a bracket expression: itself,
// never a range.
func classLiteral(c byte) string {
	if strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0 {
		return `\` + string(c)
	}
	return string(c)
}

// Match reports whether p matches rel, a slash-separated path relative to
// the directory of p's file; isDir says whether rel is a directory.
func (p Pattern) Match(rel string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	if p.base {
		rel = rel[strings.LastIndexByte(rel, '/')+1:]
	}
	return p.re.MatchString(rel)
}

// List is the patterns of one file (a .gitignore, .git/info/exclude) or of
// one set of --exclude values, relative to Dir.
type List struct {
	Dir      string // absolute
	Patterns []Pattern
}

// ParseList parses the lines of a file of patterns relative to dir. Lines
// Git would never match are dropped, as Git drops them.
func ParseList(dir string, data []byte) *List {
	l := &List{Dir: dir}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if p, err := Parse(string(line)); err == nil {
			l.Patterns = append(l.Patterns, p)
		}
	}
	return l
}

// ReadList reads the patterns file path, relative to dir; a file that does
// not exist is no list (nil, nil).
func ReadList(dir, path string) (*List, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return ParseList(dir, data), nil
}

// decide reports whether the list decides about path (absolute), and if so
// whether it ignores it: the last pattern that matches decides.
func (l *List) decide(path string, isDir bool) (ignored, decided bool) {
	rel, err := filepath.Rel(l.Dir, path)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false, false
	}
	rel = filepath.ToSlash(rel)
	for i := len(l.Patterns) - 1; i >= 0; i-- {
		if p := l.Patterns[i]; p.Match(rel, isDir) {
			return !p.negate, true
		}
	}
	return false, false
}

// Stack is the lists that apply to a directory's entries, from the lowest
// precedence (the repository root's, .git/info/exclude first) to the
// highest (the deepest directory's).
type Stack []*List

// Push returns s with l on top (s itself when l is nil). s is not
// changed.
func (s Stack) Push(l *List) Stack {
	if l == nil {
		return s
	}
	return append(s[:len(s):len(s)], l)
}

// Ignored reports whether path (absolute) is ignored: the list of highest
// precedence that has a matching pattern decides.
func (s Stack) Ignored(path string, isDir bool) bool {
	for i := len(s) - 1; i >= 0; i-- {
		if ignored, decided := s[i].decide(path, isDir); decided {
			return ignored
		}
	}
	return false
}

// Enter returns the stack for the entries of directory dir (absolute),
// given s, its parent's: s with dir's own .gitignore on top.
func (s Stack) Enter(dir string) (Stack, error) {
	l, err := ReadList(dir, filepath.Join(dir, ".gitignore"))
	if err != nil {
		return s, err
	}
	return s.Push(l), nil
}

// ForRoot returns the stack for walking the directory root (absolute): the
// repository's .git/info/exclude and the .gitignore files from the top of
// the repository holding root (the nearest directory with a .git) down to
// root's own; outside a repository, root's own. ignored reports that root
// itself, or a directory between it and the top, is ignored: the stack is
// then nil, since a directory the user names is read in full.
func ForRoot(root string) (s Stack, ignored bool, err error) {
	top := repositoryTop(root)
	if top == "" {
		s, err = s.Enter(root)
		return s, false, err
	}
	if info, err := os.Stat(filepath.Join(top, ".git")); err == nil && info.IsDir() {
		l, err := ReadList(top, filepath.Join(top, ".git", "info", "exclude"))
		if err != nil {
			return nil, false, err
		}
		s = s.Push(l)
	}
	rel, err := filepath.Rel(top, root)
	if err != nil {
		return nil, false, err
	}
	dir := top
	if s, err = s.Enter(dir); err != nil {
		return nil, false, err
	}
	if rel == "." {
		return s, false, nil
	}
	for _, name := range strings.Split(rel, string(filepath.Separator)) {
		dir = filepath.Join(dir, name)
		if s.Ignored(dir, true) {
			return nil, true, nil
		}
		if s, err = s.Enter(dir); err != nil {
			return nil, false, err
		}
	}
	return s, false, nil
}

// repositoryTop is the nearest directory from dir upward that holds .git
// (a directory, or the file of a worktree or submodule), or "".
func repositoryTop(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
