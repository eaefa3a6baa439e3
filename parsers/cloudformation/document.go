package cloudformation

import (
	"bytes"
	"errors"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// ParseDocument reads a YAML or JSON document written in CloudFormation
// syntax that is not a template (an Elastic Beanstalk configuration file,
// saved configuration or environment manifest) as plain data: maps, lists
// and scalars, each located where it is written. Intrinsic functions stay
// one-key maps ({"Fn::GetAtt": [...]}), short-form tags in their long form.
// An empty document is Absent. The error is a *parsers.ParseError with the
// line, as Parse gives it.
func ParseDocument(path string, data []byte) (parsers.Value, error) {
	if len(data) > MaxSize {
		return parsers.Value{}, &parsers.ParseError{Loc: parsers.Location{File: path}, Msg: "file is over the size limit of a template"}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var root *node
	var err error
	if isJSON(data) {
		root, err = parseJSON(path, data)
		if err != nil && !strings.HasSuffix(strings.ToLower(path), ".json") {
			if yroot, yerr := parseYAML(path, data); yerr == nil {
				root, err = yroot, nil
			}
		}
	} else {
		root, err = parseYAML(path, data)
	}
	var pe *parsers.ParseError
	if errors.As(err, &pe) && pe.Msg == "empty template" {
		return parsers.Value{}, nil
	}
	if err != nil {
		return parsers.Value{}, err
	}
	return located(root, 0), nil
}

// located converts a parsed document to a Value as plain data, every part
// at its own location. null members are absent.
func located(n *node, depth int) parsers.Value {
	if n == nil || depth > maxDepth {
		return parsers.Value{}
	}
	switch n.kind {
	case scalarNode:
		if n.null {
			return parsers.Value{}
		}
		return parsers.Lit(n.str, n.loc)
	case seqNode:
		out := parsers.Value{Kind: parsers.List, Loc: n.loc, Items: []parsers.Value{}}
		for _, it := range n.items {
			if v := located(it, depth+1); v.Kind != parsers.Absent {
				out.Items = append(out.Items, v)
			}
		}
		return out
	}
	out := parsers.Value{Kind: parsers.Map, Loc: n.loc}
	for i, k := range n.keys {
		v := located(n.vals[i], depth+1)
		if v.Kind == parsers.Absent {
			v.Loc = k.loc // a key without a value still has a place
		}
		out.Fields = append(out.Fields, parsers.Field{Key: k.str, Value: v})
	}
	return out
}
