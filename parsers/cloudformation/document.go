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
// one-key maps ({"Fn::GetAtt": [...]}), short-form tags in their long form;
// null members are absent. An empty document is Absent. The error is a *parsers.ParseError with the
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
	return plain(root, func(n *node) parsers.Location { return n.at.in(path) }, 0), nil
}

// FlowRoot reports whether the document in data is a flow mapping ({...}):
// a JSON document, or YAML written as one. Byte order mark, white space
// and comment lines before it are skipped.
func FlowRoot(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for {
		data = bytes.TrimLeft(data, " \t\r\n")
		if len(data) == 0 || data[0] != '#' {
			return len(data) > 0 && data[0] == '{'
		}
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return false
		}
		data = data[i+1:]
	}
}
