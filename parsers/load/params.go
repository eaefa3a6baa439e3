package load

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/textfile"
)

// ReadParametersFile reads CloudFormation parameter values from the AWS CLI
// format ([{"ParameterKey": "K", "ParameterValue": "V"}]) or from KEY=VALUE
// lines (blank lines and # comments are ignored), in UTF-8 or UTF-16 with a
// byte order mark, at most maxTemplateSize bytes of it. Errors name the file
// and, for KEY=VALUE files, the line.
func ReadParametersFile(path string) (map[string]string, error) {
	data, err := textfile.Read(path, maxTemplateSize, "parameters file")
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, parsers.PathErrorText(err))
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '[' {
		return readCLIParameters(path, data)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		key, value, ok := strings.Cut(text, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return nil, fmt.Errorf("%s:%d: want KEY=VALUE, got %q", path, line, text)
		}
		out[key] = strings.TrimSpace(value)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

func readCLIParameters(path string, data []byte) (map[string]string, error) {
	var entries []struct {
		ParameterKey     *string `json:"ParameterKey"`
		ParameterValue   *string `json:"ParameterValue"`
		UsePreviousValue bool    `json:"UsePreviousValue"`
	}
	if err := json.Unmarshal(data, &entries); err != nil {
		line := 0
		if se, ok := err.(*json.SyntaxError); ok {
			line = 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		}
		if line > 0 {
			return nil, fmt.Errorf("%s:%d: not an AWS CLI parameters file: %w", path, line, err)
		}
		return nil, fmt.Errorf("%s: not an AWS CLI parameters file ([{\"ParameterKey\": …, \"ParameterValue\": …}]): %w", path, err)
	}
	out := map[string]string{}
	for i, e := range entries {
		if e.ParameterKey == nil || *e.ParameterKey == "" {
			return nil, fmt.Errorf("%s: entry %d has no ParameterKey", path, i+1)
		}
		if e.ParameterValue == nil {
			if e.UsePreviousValue {
				continue // the deployed value, unknown here
			}
			return nil, fmt.Errorf("%s: parameter %s has no ParameterValue", path, *e.ParameterKey)
		}
		out[*e.ParameterKey] = *e.ParameterValue
	}
	return out, nil
}
