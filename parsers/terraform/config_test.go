package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// TestConfigDecodesAsTerraformJSON decodes the configuration of every plan
// in testdata and the shared corpus, and of hand-made sections that stress
// expressions, both with terraform-json's own decoding and with the mirror
// types: the results must be equal, and an error in one must be an error
// in the other.
func TestConfigDecodesAsTerraformJSON(t *testing.T) {
	sections := map[string][]byte{
		"expressions": []byte(`{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"us-east-1"}}},"x":null},
			"root_module":{"resources":[null,{"address":"a.b","mode":"managed","schema_version":2,
				"expressions":{"n":{"constant_value":1.5e3},"r":{"references":["x.y",null]},"both":{"constant_value":1,"references":["v"]},
					"empty":{"references":[]},"blocks":[{"k":{"constant_value":true},"nil":null},null],"noblocks":[],"nothing":null,"bare":{},
					"Case":{"CONSTANT_VALUE":"x"}},
				"count_expression":{"constant_value":3},"provisioners":[{"type":"local-exec","expressions":{"c":{"constant_value":"echo"}}}]}],
			"module_calls":{"m":{"source":"./m","for_each_expression":{"references":["var.m"]},"module":{"variables":{"v":{"default":[1,"a",null],"sensitive":true}},
				"outputs":{"o":{"expression":{"references":["aws_vpc.a.id","aws_vpc.a"]},"sensitive":true}}}},"n":null},
			"variables":{"azs":{},"n":null}}}`),
		"string expression":  []byte(`{"root_module":{"resources":[{"expressions":{"a":"text"}}]}}`),
		"array of scalars":   []byte(`{"root_module":{"resources":[{"expressions":{"a":[1,2]}}]}}`),
		"reference a number": []byte(`{"root_module":{"resources":[{"expressions":{"a":{"references":[1]}}}]}}`),
		"references a map":   []byte(`{"root_module":{"resources":[{"expressions":{"a":{"references":{}}}}]}}`),
		"version a string":   []byte(`{"root_module":{"resources":[{"schema_version":"1"}]}}`),
	}
	for _, root := range []string{filepath.Join("..", "..", "testdata"), filepath.Join("..", "..", "..", "shared", "corpus")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			switch {
			case path == root && errors.Is(err, fs.ErrNotExist):
				return filepath.SkipAll // ../shared is absent
			case err != nil:
				return err
			case d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".json"):
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if !Sniff(data) {
				return nil
			}
			var plan struct {
				Configuration json.RawMessage `json:"configuration"`
			}
			if json.Unmarshal(data, &plan) == nil && len(plan.Configuration) > 0 {
				sections[path] = plan.Configuration
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(sections) < 20 {
		t.Fatalf("only %d configuration sections found", len(sections))
	}
	for name, section := range sections {
		var want *tfjson.Config
		wantErr := json.Unmarshal(section, &want)
		dec := json.NewDecoder(bytes.NewReader(section))
		dec.UseNumber()
		var mirror *configJSON
		got, gotErr := (*tfjson.Config)(nil), dec.Decode(&mirror)
		if gotErr == nil {
			got, gotErr = mirror.config()
		}
		switch {
		case (wantErr == nil) != (gotErr == nil):
			t.Errorf("%s: terraform-json error %v, mirror error %v", name, wantErr, gotErr)
		case wantErr == nil && !reflect.DeepEqual(got, want):
			t.Errorf("%s: the mirror decodes a different configuration", name)
		}
	}
}
