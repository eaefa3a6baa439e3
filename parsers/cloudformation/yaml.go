package cloudformation

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/parsers"
)

// maxDepth bounds nesting so that hostile inputs cannot exhaust the stack.
const maxDepth = 256

var yamlLine = regexp.MustCompile(`^line (\d+)`)

// parseYAML reads a YAML template into a tree.
func parseYAML(path string, data []byte) (*node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(path, data, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &parsers.ParseError{Loc: parsers.Location{File: path, StartLine: 1, StartCol: 1}, Msg: "empty template"}
	}
	c := yamlConverter{path: path}
	return c.convert(doc.Content[0], 0)
}

// yamlError turns a YAML syntax error into a ParseError. The parser names
// the line where the enclosing block started, or no line at all; the line
// at fault is the first line whose prefix of the document no longer
// parses, found by bisection from there.
func yamlError(path string, data []byte, err error) *parsers.ParseError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	perr := &parsers.ParseError{Loc: parsers.Location{File: path}, Err: err}
	reported := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		reported, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.TrimPrefix(msg[len(m[0]):], ":"))
	}
	perr.Msg = "invalid YAML: " + msg
	ends := lineEnds(data)
	lo, hi := reported, len(ends) // prefix(hi) fails; find the first failing
	if lo < 1 {
		lo = 1
	}
	for lo < hi {
		mid := (lo + hi) / 2
		var n yaml.Node
		if yaml.Unmarshal(data[:ends[mid-1]], &n) != nil {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	perr.Loc.StartLine, perr.Loc.StartCol = lo, 1
	return perr
}

// lineEnds returns, for each line, the offset just past its newline.
func lineEnds(data []byte) []int {
	var ends []int
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		ends = append(ends, len(data))
	}
	return ends
}

type yamlConverter struct{ path string }

func (c yamlConverter) loc(n *yaml.Node) parsers.Location {
	return parsers.Location{File: c.path, StartLine: n.Line, StartCol: n.Column, EndLine: n.Line, EndCol: n.Column}
}

func (c yamlConverter) errorf(n *yaml.Node, format string, args ...any) error {
	return &parsers.ParseError{Loc: c.loc(n), Msg: fmt.Sprintf(format, args...)}
}

func (c yamlConverter) convert(n *yaml.Node, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, c.errorf(n, "nesting deeper than %d levels", maxDepth)
	}
	var out *node
	var err error
	switch n.Kind {
	case yaml.AliasNode:
		return nil, c.errorf(n, "YAML aliases are not allowed in CloudFormation templates (*%s)", n.Value)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, c.errorf(n, "empty document")
		}
		return c.convert(n.Content[0], depth+1)
	case yaml.ScalarNode:
		out = c.scalar(n)
	case yaml.SequenceNode:
		out = &node{kind: seqNode, loc: c.loc(n)}
		for _, it := range n.Content {
			child, err := c.convert(it, depth+1)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, child)
		}
		if k := len(out.items); k > 0 {
			last := out.items[k-1].loc
			out.loc.EndLine, out.loc.EndCol = last.EndLine, last.EndCol
		}
	case yaml.MappingNode:
		out, err = c.mapping(n, depth)
		if err != nil {
			return nil, err
		}
	default:
		return nil, c.errorf(n, "unsupported YAML node")
	}
	return c.applyTag(n, out)
}

func (c yamlConverter) mapping(n *yaml.Node, depth int) (*node, error) {
	out := &node{kind: mapNode, loc: c.loc(n)}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.AliasNode || vn.Kind == yaml.AliasNode {
			an := kn
			if vn.Kind == yaml.AliasNode {
				an = vn
			}
			return nil, c.errorf(an, "YAML aliases are not allowed in CloudFormation templates (*%s)", an.Value)
		}
		if kn.Kind != yaml.ScalarNode {
			return nil, c.errorf(kn, "mapping key must be a string")
		}
		if kn.Tag != "" && strings.HasPrefix(kn.Tag, "!") && !strings.HasPrefix(kn.Tag, "!!") {
			return nil, c.errorf(kn, "tag %s is not allowed on a mapping key", kn.Tag)
		}
		if first, dup := seen[kn.Value]; dup {
			return nil, c.errorf(kn, "duplicate key %q (first defined at line %d)", kn.Value, first)
		}
		seen[kn.Value] = kn.Line
		key := c.scalar(kn)
		val, err := c.convert(vn, depth+1)
		if err != nil {
			return nil, err
		}
		out.keys = append(out.keys, key)
		out.vals = append(out.vals, val)
	}
	if k := len(out.vals); k > 0 {
		last := out.vals[k-1].loc
		out.loc.EndLine, out.loc.EndCol = last.EndLine, last.EndCol
	}
	return out, nil
}

func (c yamlConverter) scalar(n *yaml.Node) *node {
	out := &node{kind: scalarNode, str: n.Value, loc: c.loc(n)}
	if n.ShortTag() == "!!null" {
		out.null = true
	}
	if !strings.Contains(n.Value, "\n") {
		width := utf8.RuneCountInString(n.Value)
		switch n.Style {
		case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
			width += 2
		case yaml.LiteralStyle, yaml.FoldedStyle:
			return out
		}
		out.loc.EndCol = n.Column + width
	}
	return out
}

// applyTag rewrites a short-form intrinsic tag into its long form.
func (c yamlConverter) applyTag(n *yaml.Node, out *node) (*node, error) {
	tag := n.Tag
	if tag == "" || tag == "!" || strings.HasPrefix(tag, "!!") || strings.HasPrefix(tag, "tag:yaml.org,2002:") {
		return out, nil
	}
	fn, ok := shortTags[tag]
	if !ok {
		return nil, c.errorf(n, "unknown tag %s: CloudFormation rejects templates with unknown intrinsic functions", tag)
	}
	if out.kind == scalarNode && out.null {
		out.null = false // !GetAZs with no argument means ""
	}
	key := &node{kind: scalarNode, str: fn, loc: out.loc}
	loc := out.loc
	if loc.StartLine == 0 {
		loc = c.loc(n)
	}
	return &node{kind: mapNode, keys: []*node{key}, vals: []*node{out}, loc: loc}, nil
}
