package config_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/rules/lint/config"
)

const (
	testdata   = "../../../testdata/config"
	schemaFile = "../../../docs/beanlint-config.schema.json"
	readme     = "../../../README.md"
)

// schema compiles docs/beanlint-config.schema.json with format assertions
// on (expires is a "date").
func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("config.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("config.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// asJSON converts a YAML document to the JSON value a schema validates:
// scalars keep their YAML type, but a date stays the text it is written as.
func asJSON(t *testing.T, data []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Content) == 0 {
		return map[string]any{}
	}
	v, err := nodeJSON(doc.Content[0])
	if err != nil {
		t.Fatal(err)
	}
	if v == nil {
		return map[string]any{}
	}
	// Through encoding/json, so numbers are what the validator expects.
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func nodeJSON(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeJSON(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := []any{}
		for _, it := range n.Content {
			v, err := nodeJSON(it)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!int", "!!float", "!!bool":
			var v any
			if err := n.Decode(&v); err != nil {
				return nil, err
			}
			return v, nil
		}
		return n.Value, nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node kind %v", n.Line, n.Kind)
}

// readmeExample is the configuration example of README.md: the yaml block
// after the line "<!-- config-example -->".
func readmeExample(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- config-example -->\n```yaml\n(.*?)```").FindSubmatch(data)
	if m == nil {
		t.Fatal("README.md: no yaml block after <!-- config-example -->")
	}
	return m[1]
}

// TestValidConfigs: every valid test configuration and the README's
// example parse and are valid against the shipped schema.
func TestValidConfigs(t *testing.T) {
	s := schema(t)
	files, err := filepath.Glob(filepath.Join(testdata, "valid", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no valid configurations in %s (%v)", testdata, err)
	}
	docs := map[string][]byte{"README.md example": readmeExample(t)}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(f)] = data
	}
	for name, data := range docs {
		t.Run(name, func(t *testing.T) {
			// Relative paths (tf-source) resolve against testdata/config.
			if _, err := config.Parse(filepath.Join(testdata, config.Name), data); err != nil {
				t.Errorf("Parse: %v", err)
			}
			if err := s.Validate(asJSON(t, data)); err != nil {
				t.Errorf("schema: %v", err)
			}
		})
	}
}

// TestInvalidConfigs: every invalid test configuration is refused by Parse
// with the error its first line gives (file, line, column and key), and
// by the schema unless its second line says the schema cannot tell.
func TestInvalidConfigs(t *testing.T) {
	s := schema(t)
	files, err := filepath.Glob(filepath.Join(testdata, "invalid", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no invalid configurations in %s (%v)", testdata, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(data), "\n")
			want, ok := strings.CutPrefix(first, "# error: ")
			if !ok {
				t.Fatalf("first line %q: want '# error: TEXT'", first)
			}
			_, err = config.Parse(filepath.Join("repo", config.Name), data)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("Parse error %v, want %q", err, want)
			}
			if !strings.HasPrefix(err.Error(), filepath.Join("repo", config.Name)+":") {
				t.Errorf("error %q does not start with the file name", err)
			}
			if strings.Contains(string(data), "\n# schema: cannot tell") {
				return
			}
			if err := s.Validate(asJSON(t, data)); err == nil {
				t.Error("the schema accepts it")
			}
		})
	}
}
