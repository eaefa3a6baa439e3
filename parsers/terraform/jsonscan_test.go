package terraform

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/beanlint/beanlint/parsers/shared"
)

// jsonCases are JSON texts at the edges of what encoding/json accepts.
var jsonCases = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `-0.5e+3`, `1E9`, `12.25`,
	`"plain"`, `"esc\"aped\\ \/ \b\f\n\r\t"`, `"\u00e9\u4e16"`, `"\ud83d\ude00"`,
	`"lone \ud83d surrogate"`, `"\udc00\ud800"`, "\"bad utf-8 \xff\xfe\"", "\"é 世界\"",
	`{"a":1,"a":[true,null,{"b":"c"}]}`, ` { "k" : [ 1 , 2 ] } `, `[[[[[]]]]]`,
	// Invalid.
	``, ` `, `{`, `}`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `[1 2]`, `01`, `1.`, `.5`, `-`, `1e`,
	`1e+`, `+1`, `0x10`, `tru`, `nul`, `truex`, `"unterminated`, "\"ctrl \x01\"", `"\x"`, `"\u12"`,
	`"\u12G4"`, `'single'`, "0\x00", "{}\x00", `[1]]`, `{"a":1}}`, `NaN`, `Infinity`, "\xef\xbb\xbf{}",
	strings.Repeat("[", maxNesting) + strings.Repeat("]", maxNesting),
	strings.Repeat("[", maxNesting+1) + strings.Repeat("]", maxNesting+1),
	strings.Repeat(`{"a":`, maxNesting) + "1" + strings.Repeat("}", maxNesting),
	strings.Repeat(`{"a":`, maxNesting+1) + "1" + strings.Repeat("}", maxNesting+1),
}

// decodeStd decodes data as the plan reader did with encoding/json: one
// value, numbers as json.Number, nothing after it but white space.
func decodeStd(data []byte) (any, bool) {
	if !json.Valid(data) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

// decodeScan decodes data with jsonScanner.
func decodeScan(data []byte) (any, bool) {
	s := newJSONScanner(data)
	v, err := s.value(0)
	if err != nil || !s.end() {
		return nil, false
	}
	return v, true
}

func checkSameJSON(t *testing.T, data []byte) {
	t.Helper()
	want, wantOK := decodeStd(data)
	got, gotOK := decodeScan(data)
	if gotOK != wantOK {
		t.Fatalf("%.200q: scanner accepts it: %v, encoding/json: %v", data, gotOK, wantOK)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%.200q: scanner gives %#v, encoding/json %#v", data, got, want)
	}
	// Skipping accepts what decoding accepts.
	s := newJSONScanner(data)
	if skipOK := s.skip(0) == nil && s.end(); skipOK != wantOK {
		t.Fatalf("%.200q: skip accepts it: %v, encoding/json: %v", data, skipOK, wantOK)
	}
}

// TestJSONScanner: jsonScanner accepts exactly the JSON encoding/json
// accepts and decodes it to the same values.
func TestJSONScanner(t *testing.T) {
	for _, c := range jsonCases {
		checkSameJSON(t, []byte(c))
	}
}

// FuzzJSONScanner checks jsonScanner against encoding/json on any bytes:
// both accept the same texts and decode them to the same values.
func FuzzJSONScanner(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSameJSON(t, data)
	})
}

// checkSameRead checks readPlan against refReadPlan, the reader on
// json.Decoder it replaces: both read data or both fail, to the same plan
// and locations.
func checkSameRead(t *testing.T, data []byte) {
	t.Helper()
	raw, locs, err := readPlan("plan.json", data)
	wantRaw, wantLocs, wantErr := refReadPlan("plan.json", data)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("%.300q: readPlan error %v, json.Decoder's reader error %v", data, err, wantErr)
	}
	if err != nil {
		// The message a user reads: the same.
		if got, want := planError("plan.json", data, err).Error(), planError("plan.json", data, wantErr).Error(); got != want {
			t.Fatalf("%.300q: readPlan's error reads\n%s\nthe json.Decoder reader's\n%s", data, got, want)
		}
	}
	if !reflect.DeepEqual(raw, wantRaw) {
		t.Fatalf("%.300q: readPlan gives\n%#v\nthe json.Decoder reader\n%#v", data, raw, wantRaw)
	}
	if !reflect.DeepEqual(locs, wantLocs) {
		t.Fatalf("%.300q: readPlan locates\n%v\nthe json.Decoder reader\n%v", data, locs, wantLocs)
	}
}

// planCases are plans at the edges of what the reader decodes into its
// structs: keys in other cases, duplicate keys and objects, nulls and
// values of the wrong kind.
var planCases = []string{
	`{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"n":1.50,"l":[1,"x"]},"after_unknown":{"id":true},"after_sensitive":{}}}]}`,
	`{"FORMAT_VERSION":"1.2","Resource_Changes":[{"ADDRESS":"a.b","Change":{"Actions":["create"],"AFTER":{}}},null,{"address":"a.b"}]}`,
	`{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create","delete"]},"change":{"actions":[null]}}]}`,
	`{"format_version":"1.2","resource_changes":[{"change":{"actions":["a","b"],"actions":[],"actions":[null,null]}}]}`,
	`{"format_version":"1.2","resource_changes":[{"change":{"actions":["a"],"actions":null,"actions":[null,"b"]}}]}`,
	`{"format_version":"1.2","resource_changes":[{"change":{"after":1},"change":{"after_unknown":{"x":true}},"change":null,"change":{}}]}`,
	`{"format_version":"1.2","resource_changes":[{"address":"a.b","address":null,"index":1,"index":1e2,"mode":"data","deposed":"x"}]}`,
	`{"format_version":"1.2","resource_changes":[{"address":1}]}`,
	"{\"format_version\":\"1.2\",\"resource_changes\":[{\"addre\u017fs\":\"a.b\",\"\u212aey\":1,\"n\u0041me\":\"x\",\"TYPE\u00e9\":\"y\"}]}",
	`{"format_version":"1.2","resource_changes":[{"change":{"actions":"create"}}]}`,
	`{"format_version":"1.2","resource_changes":[{"change":{"actions":[1]}}]}`,
	`{"format_version":"1.2","resource_changes":[{"change":[]}]}`,
	`{"format_version":"1.2","resource_changes":[{"index":1e999}]}`,
	`{"format_version":"1.2","resource_changes":[{"change":{"after":{"n":1e999}}}]}`,
	// after_unknown and after_sensitive texts read again (planReader.sharedText),
	// also across a change reset by null, and repeated keys.
	`{"format_version":"1.2","resource_changes":[{"change":{"after_unknown":null}},{"change":{"after_unknown":{"id":true},"after_sensitive":{"a":[1]}}},{"change":{"after_unknown":{"id":true},"after_sensitive":{"a":[1]}}},` +
		`{"change":{"after_unknown":{"zz":true}},"change":null,"change":{"after":{}}},{"change":{"after_unknown":{"zz":true}}},{"change":{"after_unknown":{"id":true},"after_sensitive":{"a":[1]}}},` +
		`{"change":{"after_unknown":{"id":true},"after_unknown":{"x":true}}},{"change":{"after_unknown": {"id":true} ,"after_sensitive":null}},{"change":{"after_unknown":{"id":true},"after_sensitive":{"a":[1]}}}]}`,
	`{"format_version":"1.2","resource_changes":[{"change":{"after":{"a":[1,"x"],"b":null}}},{"change":{"after":{"a":[1,"x"],"b":null}}},{"change":{"after":{"a":[1, "x"],"b":null}}},` +
		`{"change":{"after":{"a":[1,"x"],"b":null},"after":{"a":[2]}}},{"change":{"after":{"a":[2]}}},{"change":{"after":null}},{"change":{"after":null}},{"change":{"after":{"a":[1,"x"],"b":null}}}]}`,
	`{"format_version":"1.2","resource_changes":[{"change":{"after_sensitive":{"a":1}}},{"change":{"after_sensitive":{"a":1}}},{"change":{"after_sensitive":{"a":1}}},{"change":{"after_sensitive":{"a":1e999}}}]}`,
	`{"format_version":"1.2","resource_changes":[{"change":{"after_unknown":{"n":1e999}}}]}`,
	`{"format_version":"1.2","resource_changes":{}}`,
	`{"format_version":"1.2","resource_changes":null,"planned_values":null}`,
	`{"format_version":"1.2","resource_changes":[5]}`,
	`{"format_version":"1.2","resource_changes":["x"]}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"address":"","resources":[{"address":"aws_vpc.a","type":"aws_vpc","name":"a","index":"k","deposed_key":"","values":{"x":1}},null],"child_modules":[{"address":"module.m","resources":null},null]}}}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","Address":"a.c","INDEX":2}]},"root_module":null}}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":{}}}}`,
	`{"format_version":"1.2","planned_values":[],"resource_changes":[]}`,
	`{"format_version":"1.2","prior_state":{"values":{"root_module":{"resources":[{"address":"a.b"}]}}},"prior_state":null}`,
	`{"format_version":"1.2","prior_state":5,"resource_changes":[]}`,
	`{"format_version":"1.2","format_version":null,"format_version":"1.3","resource_changes":[]}`,
	`{"format_version":"1.2","format_version":1,"resource_changes":[]}`,
	`{"format_version":"1.2","variables":{"v":{"value":1.5}},"variables":{"w":{"value":"x"}},"resource_changes":[]}`,
	`{"format_version":"1.2","configuration":{"root_module":{"resources":[{"address":"aws_vpc.a","expressions":{"cidr_block":{"constant_value":"10.0.0.0/16"}}}]}},"resource_changes":[]}`,
	`{"format_version":"1.2","configuration":null,"resource_changes":[]}`,
	`{"format_version":"1.2","resource_changes":[]} x`,
	`{"format_version":"1.2","resource_changes":[]} {}`,
	`{"format_version":"1.2","resource_changes":[]}   `,
	"{\"format_version\":\"1.2\",\"resource_changes\":[]}\x00",
	"{\"format_version\":\"1.2\",\n \"resource_changes\": [\n  {\"address\": \"a.\u00e9\"}, {\"address\": \"a.\\u00e9\\n\"}\n ]\n}",
	`{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"after":` + strings.Repeat("[", maxNesting-2) + strings.Repeat("]", maxNesting-2) + `}}]}`,
	`{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"after":` + strings.Repeat("[", maxNesting-1) + strings.Repeat("]", maxNesting-1) + `}}]}`,
	`{"format_version":"1.2","unknown":` + strings.Repeat("[", maxNesting) + strings.Repeat("]", maxNesting) + `,"resource_changes":[]}`,
	`{"format_version":"1.2","unknown":` + strings.Repeat("[", maxNesting+1) + strings.Repeat("]", maxNesting+1) + `,"resource_changes":[]}`,
}

// TestReadPlanAsDecoder: readPlan reads the plans of testdata and the
// edge cases above exactly as the reader on json.Decoder did.
func TestReadPlanAsDecoder(t *testing.T) {
	for _, c := range planCases {
		checkSameRead(t, []byte(c))
	}
	n := 0
	for _, dir := range []string{"../../testdata", "shared/corpus"} {
		if rest, ok := strings.CutPrefix(dir, "shared/"); ok {
			p, found := shared.Optional(rest)
			if !found {
				continue
			}
			dir = p
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".json") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if Sniff(data) {
				n++
				checkSameRead(t, data)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 100 {
		t.Errorf("%d plans compared, want the 100 or more of testdata and the corpus", n)
	}
}

// FuzzReadPlan checks readPlan against the reader on json.Decoder on any
// bytes: the same plans read, to the same values and locations.
func FuzzReadPlan(f *testing.F) {
	shared.Seeds(f, []string{"../../testdata/terraform", "shared/corpus/realworld", "shared/corpus/robustness/tfplan"}, ".json")
	for _, c := range planCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSameRead(t, data)
	})
}

// TestRuneCount: runeCount counts as utf8.RuneCount, invalid bytes one
// each.
func TestRuneCount(t *testing.T) {
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghi", "é", "abcdefgé世界", "\xff\xfe abcdefghijklmnop \xe4\xb8", "ab\xe4\xb8\x96cdefghijklmn\xed\xa0\x80op", strings.Repeat("x", 17) + "é" + strings.Repeat("y", 9)} {
		if got, want := runeCount([]byte(s)), utf8.RuneCount([]byte(s)); got != want {
			t.Errorf("runeCount(%q) = %d, want %d", s, got, want)
		}
	}
}
