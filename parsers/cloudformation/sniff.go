package cloudformation

import (
	"bufio"
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

// sniffYAML looks for a top-level AWSTemplateFormatVersion key, or a
// "Type: AWS::…" line under a top-level Resources key.
func sniffYAML(data []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), MaxSize+1)
	inResources := false
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		key, rest, _ := strings.Cut(trimmed, ":")
		key = strings.Trim(key, `"' `)
		if line[0] != ' ' && line[0] != '\t' {
			if key == "AWSTemplateFormatVersion" {
				return true
			}
			inResources = key == "Resources"
			continue
		}
		if inResources && key == "Type" && isResourceType(strings.Trim(strings.TrimSpace(rest), `"'`)) {
			return true
		}
	}
	return false
}
