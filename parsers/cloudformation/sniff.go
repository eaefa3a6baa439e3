package cloudformation

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// Sniff reports whether data looks like a CloudFormation template: it has
// AWSTemplateFormatVersion, or a Resources map whose entries have a Type of
// "AWS::…" or "Custom::…". It reads the data once and parses no YAML.
func Sniff(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if isJSON(data) {
		return sniffJSON(data)
	}
	return sniffYAML(data)
}

func sniffJSON(data []byte) bool {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		// A YAML flow mapping or broken JSON: a broken template must
		// still be reported, so look at the text.
		return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) ||
			bytes.Contains(data, []byte(`"Resources"`)) && regexp.MustCompile(`"Type"\s*:\s*"(AWS|Custom)::`).Match(data)
	}
	if _, ok := top["AWSTemplateFormatVersion"]; ok {
		return true
	}
	var res map[string]struct {
		Type any `json:"Type"`
	}
	if err := json.Unmarshal(top["Resources"], &res); err != nil {
		return false
	}
	for _, r := range res {
		if t, ok := r.Type.(string); ok && isResourceType(t) {
			return true
		}
	}
	return false
}

func isResourceType(t string) bool {
	return strings.HasPrefix(t, "AWS::") || strings.HasPrefix(t, "Custom::")
}

// sniffYAML looks, in every document, for a top-level
// AWSTemplateFormatVersion key or a "Type: AWS::…" line under a top-level
// Resources key. A document's top level is the indentation of its first
// line of content, which need not be column 1.
func sniffYAML(data []byte) bool {
	top := -1 // the document's top-level indentation, once known
	inResources := false
	// Lines as bufio.ScanLines splits them (a final "\r" dropped), cut
	// from the text itself rather than scanned into a 64 KB buffer and
	// copied one by one, or copied whole into a string.
	for text := data; len(text) > 0; {
		var line []byte
		line, text, _ = bytes.Cut(text, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) > MaxSize {
			return false // longer than any input beanlint reads
		}
		trimmed := bytes.TrimLeft(line, " \t")
		if len(trimmed) == 0 || trimmed[0] == '#' {
			continue
		}
		if documentMarker(line) {
			top, inResources = -1, false
			continue
		}
		indent := len(line) - len(trimmed)
		if top < 0 {
			top = indent
		}
		key, rest, _ := bytes.Cut(trimmed, []byte{':'})
		key = bytes.Trim(key, `"' `)
		if indent <= top {
			if string(key) == "AWSTemplateFormatVersion" {
				return true
			}
			inResources = string(key) == "Resources"
			continue
		}
		if inResources && string(key) == "Type" && isResourceType(string(bytes.Trim(bytes.TrimSpace(rest), `"'`))) {
			return true
		}
	}
	return false
}

// documentMarker reports whether line starts or ends a YAML document:
// "---" or "..." at the start of the line, alone or followed by a space.
func documentMarker(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("---")) && !bytes.HasPrefix(line, []byte("...")) {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t'
}
