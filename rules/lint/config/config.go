// Package config reads beanlint's configuration file, .beanlint.yaml: rules
// to disable, severity overrides, paths to exclude, CloudFormation parameter
// values, the Terraform source directory, stacks (groups of files linted as
// one graph), services whose endpoints a hub VPC provides, ignore entries,
// and the environments section that pairs environments with application
// sources. The file's shape is docs/beanlint-config.schema.json; every
// error names the file, line and key.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/ebextensions"
	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/rules"
)

// Name is the file Find looks for.
const Name = ".beanlint.yaml"

// maxSize is the largest configuration file read.
const maxSize = 1 << 20

// File is a parsed configuration file.
type File struct {
	// Path is the file read; "" when there is none.
	Path string
	// Disable holds the IDs of rules turned off.
	Disable []string
	// Severity overrides the severity of every finding of a rule.
	Severity map[string]rules.Severity
	// Exclude are globs of paths the directory walk skips, anchored at
	// the file's directory.
	Exclude []load.Glob
	// Parameters are CloudFormation parameter values by name
	// (--parameter overrides them).
	Parameters map[string]string
	// TFSource is the Terraform configuration directory (--tf-source
	// overrides it), resolved against the file's directory; "" if unset.
	TFSource string
	// Stacks are groups of files that form one graph each.
	Stacks []Stack
	// CentralEndpoints are the services (as in com.amazonaws.<region>.NAME)
	// whose interface endpoints a hub VPC provides to every environment.
	CentralEndpoints []string
	// Ignore are the ignore entries, in file order.
	Ignore []Ignore
	// Environments pair environments with application source directories,
	// each directory relative to the file's directory made relative to
	// the working directory (or absolute, as written).
	Environments []ebextensions.Mapping
}

// Stack is a group of files linted together, apart from the other files.
type Stack struct {
	Name  string
	Files []load.Glob
	Loc   parsers.Location
}

// Ignore is an ignore entry: findings of Rule on a resource matching
// Resource are suppressed with Reason, up to and including Expires.
type Ignore struct {
	Rule string
	// Resource is a glob over the finding's resource, a logical ID or a
	// Terraform address (matchResource).
	Resource string
	Reason   string
	// Expires is the last day (UTC) the entry applies; zero: no end.
	Expires time.Time
	// Loc is the entry in the configuration file.
	Loc parsers.Location
}

// Expired reports whether the entry no longer applies at now: now is past
// the end of its Expires day (UTC).
func (ig Ignore) Expired(now time.Time) bool {
	return !ig.Expires.IsZero() && !now.UTC().Before(ig.Expires.AddDate(0, 0, 1))
}

// Matches reports whether the entry names the finding's rule and resource.
func (ig Ignore) Matches(f rules.Finding) bool {
	if !strings.EqualFold(ig.Rule, f.RuleID) {
		return false
	}
	return matchResource(ig.Resource, f.Resource)
}

// Find returns the path of the nearest .beanlint.yaml in dir or one of its
// ancestors, or "" when there is none. The search stops at the repository
// root (a directory holding .git) and at the filesystem root.
func Find(dir string) string {
	for {
		p := filepath.Join(dir, Name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Load reads the configuration file at path. Errors name the file and
// line.
func Load(path string) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, parsers.PathErrorText(err))
	}
	if fi.Size() > maxSize {
		return nil, fmt.Errorf("%s: over the %d-byte limit of a configuration file", path, maxSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, parsers.PathErrorText(err))
	}
	return Parse(path, data)
}

// section reads one top-level key's value into the file.
type section func(p *parser, f *File, v *yaml.Node) error

// keys are the top-level keys, in the order errors list them.
var keys = []string{"disable", "severity", "exclude", "parameters", "tf-source", "stacks", "central-endpoints", "ignore", "environments"}

// sections reads the top-level keys.
var sections = map[string]section{
	"disable":           (*parser).disable,
	"severity":          (*parser).severity,
	"exclude":           (*parser).exclude,
	"parameters":        (*parser).parameters,
	"tf-source":         (*parser).tfSource,
	"stacks":            (*parser).stacks,
	"central-endpoints": (*parser).centralEndpoints,
	"ignore":            (*parser).ignore,
	"environments":      (*parser).environments,
}

// parser carries the file's path through the section readers.
type parser struct{ path string }

// Parse reads a configuration file's content; path names it in errors and
// anchors relative paths.
func Parse(path string, data []byte) (*File, error) {
	f := &File{Path: path}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		line := next.Line
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		return nil, fmt.Errorf("%s:%d: a second YAML document (---): a configuration file holds one", path, line)
	}
	if len(doc.Content) == 0 {
		return f, nil
	}
	root := doc.Content[0]
	if isNull(root) {
		return f, nil
	}
	p := &parser{path: path}
	if root.Kind != yaml.MappingNode {
		return nil, p.errorAt(root, "", "the configuration file must be a mapping")
	}
	err := p.mapping(root, "", func(k, v *yaml.Node) error {
		read, ok := sections[k.Value]
		switch {
		case !ok:
			return p.errorAt(k, "", fmt.Sprintf("unknown key %q (supported: %s)", k.Value, strings.Join(keys, ", ")))
		case isNull(v):
			return nil
		}
		return read(p, f, v)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// mapping calls each for every key of n, a mapping, refusing duplicates
// and keys that are not strings. key names n in errors.
func (p *parser) mapping(n *yaml.Node, key string, each func(k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errorAt(n, key, "must be a mapping")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return p.errorAt(k, key, "a key must be a string")
		}
		if seen[k.Value] {
			return p.errorAt(k, join(key, k.Value), "duplicate key")
		}
		seen[k.Value] = true
		if err := each(k, v); err != nil {
			return err
		}
	}
	return nil
}

// list calls each for every item of n, a sequence.
func (p *parser) list(n *yaml.Node, key, what string, each func(i int, it *yaml.Node) error) error {
	if n.Kind != yaml.SequenceNode {
		return p.errorAt(n, key, "must be a list of "+what)
	}
	for i, it := range n.Content {
		if err := each(i, it); err != nil {
			return err
		}
	}
	return nil
}

// str returns n's text: a non-empty scalar that is not a YAML null.
func (p *parser) str(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode || isNull(n) || strings.TrimSpace(n.Value) == "" {
		return "", p.errorAt(n, key, "must be a non-empty string")
	}
	return strings.TrimSpace(n.Value), nil
}

// stringList reads a list of non-empty strings.
func (p *parser) stringList(n *yaml.Node, key, what string) ([]string, []*yaml.Node, error) {
	var out []string
	var nodes []*yaml.Node
	err := p.list(n, key, what, func(i int, it *yaml.Node) error {
		s, err := p.str(it, fmt.Sprintf("%s[%d]", key, i))
		out = append(out, s)
		nodes = append(nodes, it)
		return err
	})
	return out, nodes, err
}

// rule reads a rule ID that the catalog holds.
func (p *parser) rule(n *yaml.Node, key string) (string, error) {
	s, err := p.str(n, key)
	if err != nil {
		return "", err
	}
	id := strings.ToUpper(s)
	if rules.Lookup(id) == nil {
		return "", p.errorAt(n, key, fmt.Sprintf("unknown rule %q (run 'beanlint rules' for the list)", s))
	}
	return id, nil
}

func (p *parser) disable(f *File, v *yaml.Node) error {
	return p.list(v, "disable", "rule IDs", func(i int, it *yaml.Node) error {
		id, err := p.rule(it, fmt.Sprintf("disable[%d]", i))
		f.Disable = append(f.Disable, id)
		return err
	})
}

func (p *parser) severity(f *File, v *yaml.Node) error {
	f.Severity = map[string]rules.Severity{}
	return p.mapping(v, "severity", func(k, val *yaml.Node) error {
		key := join("severity", k.Value)
		id, err := p.rule(k, key)
		if err != nil {
			return err
		}
		s, err := p.str(val, key)
		if err != nil {
			return err
		}
		sev, err := rules.ParseSeverity(s)
		if err != nil {
			return p.errorAt(val, key, fmt.Sprintf("unknown severity %q (want error, warning or note)", s))
		}
		f.Severity[id] = sev
		return nil
	})
}

func (p *parser) exclude(f *File, v *yaml.Node) error {
	globs, nodes, err := p.stringList(v, "exclude", "path globs")
	if err != nil {
		return err
	}
	for i, g := range globs {
		glob, err := p.glob(nodes[i], fmt.Sprintf("exclude[%d]", i), g)
		if err != nil {
			return err
		}
		f.Exclude = append(f.Exclude, glob)
	}
	return nil
}

// glob reads a path glob anchored at the file's directory.
func (p *parser) glob(n *yaml.Node, key, pattern string) (load.Glob, error) {
	g := load.Glob{Base: filepath.Dir(p.path), Pattern: pattern}
	if err := g.Check(); err != nil {
		return g, p.errorAt(n, key, err.Error())
	}
	return g, nil
}

func (p *parser) parameters(f *File, v *yaml.Node) error {
	f.Parameters = map[string]string{}
	return p.mapping(v, "parameters", func(k, val *yaml.Node) error {
		key := join("parameters", k.Value)
		if strings.TrimSpace(k.Value) == "" {
			return p.errorAt(k, "parameters", "a parameter name must not be empty")
		}
		if val.Kind != yaml.ScalarNode || isNull(val) {
			return p.errorAt(val, key, "must be a string, number or boolean (a list parameter is one comma-separated string)")
		}
		f.Parameters[strings.TrimSpace(k.Value)] = val.Value
		return nil
	})
}

func (p *parser) tfSource(f *File, v *yaml.Node) error {
	s, err := p.str(v, "tf-source")
	if err != nil {
		return err
	}
	f.TFSource = sourceDir(p.path, s)
	info, err := os.Stat(f.TFSource)
	switch {
	case err != nil:
		return p.errorAt(v, "tf-source", fmt.Sprintf("%s: %s", f.TFSource, parsers.PathErrorText(err)))
	case !info.IsDir():
		return p.errorAt(v, "tf-source", f.TFSource+" is not a directory (give the directory holding the .tf files)")
	}
	return nil
}

func (p *parser) stacks(f *File, v *yaml.Node) error {
	names := map[string]bool{}
	return p.list(v, "stacks", "{name: NAME, files: [GLOB, ...]}", func(i int, it *yaml.Node) error {
		key := fmt.Sprintf("stacks[%d]", i)
		s := Stack{Loc: p.loc(it)}
		err := p.mapping(it, key, func(k, val *yaml.Node) error {
			switch k.Value {
			case "name":
				name, err := p.str(val, join(key, "name"))
				if err == nil && names[name] {
					err = p.errorAt(val, join(key, "name"), fmt.Sprintf("a second stack named %q", name))
				}
				names[name] = true
				s.Name = name
				return err
			case "files":
				globs, nodes, err := p.stringList(val, join(key, "files"), "path globs")
				for j, g := range globs {
					if err != nil {
						break
					}
					var glob load.Glob
					glob, err = p.glob(nodes[j], fmt.Sprintf("%s.files[%d]", key, j), g)
					s.Files = append(s.Files, glob)
				}
				return err
			}
			return p.errorAt(k, key, fmt.Sprintf("unknown key %q (supported: name, files)", k.Value))
		})
		if err != nil {
			return err
		}
		if s.Name == "" || len(s.Files) == 0 {
			return p.errorAt(it, key, "a stack needs a name and a non-empty list of files (path globs)")
		}
		f.Stacks = append(f.Stacks, s)
		return nil
	})
}

// serviceName reports whether s is an endpoint service name as in
// com.amazonaws.<region>.NAME: dot-separated labels of lowercase letters,
// digits and hyphens, each starting with a letter or digit.
func serviceName(s string) bool {
	for _, label := range strings.Split(s, ".") {
		if label == "" || label[0] == '-' || strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return false
		}
	}
	return true
}

func (p *parser) centralEndpoints(f *File, v *yaml.Node) error {
	svcs, nodes, err := p.stringList(v, "central-endpoints", "endpoint service names (logs, sqs, ecr.dkr, ...)")
	if err != nil {
		return err
	}
	for i, s := range svcs {
		key := fmt.Sprintf("central-endpoints[%d]", i)
		s = strings.ToLower(s)
		switch {
		case strings.HasPrefix(s, "com.amazonaws."):
			return p.errorAt(nodes[i], key, fmt.Sprintf("give the service without com.amazonaws.<region>. (%q)", s[strings.LastIndex(s, ".")+1:]))
		case !serviceName(s):
			return p.errorAt(nodes[i], key, fmt.Sprintf("%q is not an endpoint service name such as logs, sqs or ecr.dkr", s))
		case s == "s3":
			return p.errorAt(nodes[i], key, "s3 cannot be central: the instances reach S3 through a gateway endpoint on their own subnets' route tables, which a hub VPC cannot provide")
		}
		f.CentralEndpoints = append(f.CentralEndpoints, s)
	}
	return nil
}

func (p *parser) ignore(f *File, v *yaml.Node) error {
	return p.list(v, "ignore", "{rule: EBnnn, resource: GLOB, reason: TEXT, expires: YYYY-MM-DD}", func(i int, it *yaml.Node) error {
		key := fmt.Sprintf("ignore[%d]", i)
		ig := Ignore{Loc: p.loc(it)}
		err := p.mapping(it, key, func(k, val *yaml.Node) error {
			var err error
			switch k.Value {
			case "rule":
				ig.Rule, err = p.rule(val, join(key, "rule"))
			case "resource":
				ig.Resource, err = p.str(val, join(key, "resource"))
			case "reason":
				ig.Reason, err = p.str(val, join(key, "reason"))
			case "expires":
				var s string
				if s, err = p.str(val, join(key, "expires")); err == nil {
					if ig.Expires, err = time.Parse(time.DateOnly, s); err != nil {
						err = p.errorAt(val, join(key, "expires"), fmt.Sprintf("%q is not a date YYYY-MM-DD", s))
					}
				}
			default:
				err = p.errorAt(k, key, fmt.Sprintf("unknown key %q (supported: rule, resource, reason, expires)", k.Value))
			}
			return err
		})
		if err != nil {
			return err
		}
		for _, need := range []struct{ name, val string }{{"rule", ig.Rule}, {"resource", ig.Resource}, {"reason", ig.Reason}} {
			if need.val == "" {
				return p.errorAt(it, join(key, need.name), "missing: an ignore entry needs rule, resource (a logical ID or Terraform address; globs allowed) and reason")
			}
		}
		f.Ignore = append(f.Ignore, ig)
		return nil
	})
}

// environments reads the environments section: a list of
// {environment: NAME, source: DIR}.
func (p *parser) environments(f *File, n *yaml.Node) error {
	return p.list(n, "environments", "{environment: NAME, source: DIR}", func(i int, it *yaml.Node) error {
		key := fmt.Sprintf("environments[%d]", i)
		m := ebextensions.Mapping{Loc: p.loc(it)}
		err := p.mapping(it, key, func(k, v *yaml.Node) error {
			s, err := p.str(v, join(key, k.Value))
			switch {
			case k.Value != "environment" && k.Value != "source":
				return p.errorAt(k, key, fmt.Sprintf("unknown key %q in an environments entry (supported: environment, source)", k.Value))
			case err != nil:
				return err
			case k.Value == "environment":
				m.Environment = s
			default:
				m.Source = sourceDir(p.path, s)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if m.Environment == "" || m.Source == "" {
			return p.errorAt(it, key, "an environments entry needs environment (its logical ID, Terraform address or EnvironmentName) and source (the directory holding .ebextensions)")
		}
		f.Environments = append(f.Environments, m)
		return nil
	})
}

// matchResource matches a resource glob: * is any run of characters (dots,
// brackets and slashes included) and ? any one character; everything else,
// [ and ] too, stands for itself, so aws_subnet.private[0] names one
// instance, aws_subnet.private[*] every instance and module.network.* every
// resource of a module and of the modules it calls.
func matchResource(pattern, name string) bool {
	p, n := []rune(pattern), []rune(name)
	star, resume := -1, 0 // the last * seen, and where in n it resumes
	for i, j := 0, 0; j < len(n); {
		switch {
		case i < len(p) && p[i] == '*':
			star, resume = i, j
			i++
		case i < len(p) && (p[i] == '?' || p[i] == n[j]):
			i++
			j++
		case star >= 0:
			resume++
			i, j = star+1, resume
		default:
			return false
		}
		if j == len(n) {
			for i < len(p) && p[i] == '*' {
				i++
			}
			return i == len(p)
		}
	}
	return strings.Trim(pattern, "*") == ""
}

// sourceDir resolves dir, relative to the configuration file's directory.
func sourceDir(path, dir string) string {
	dir = filepath.FromSlash(dir)
	if filepath.IsAbs(dir) {
		return filepath.Clean(dir)
	}
	return filepath.Join(filepath.Dir(path), dir)
}

func (p *parser) loc(n *yaml.Node) parsers.Location {
	return parsers.Span(p.path, n.Line, n.Column, 0, 0)
}

// errorAt is an error at n's line and column naming the key it concerns.
func (p *parser) errorAt(n *yaml.Node, key, msg string) error {
	if key != "" {
		msg = key + ": " + msg
	}
	return fmt.Errorf("%s:%d:%d: %s", p.path, n.Line, n.Column, msg)
}

func join(key, sub string) string {
	if key == "" {
		return sub
	}
	return key + "." + sub
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}
