package report

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// TestSARIFReadsAsGoSARIF: a consumer built on go-sarif v3 (the SARIF
// library of the design card; beanlint writes SARIF from its own JSON tree,
// which keeps go-sarif's schema libraries and reflection out of the binary)
// reads every field beanlint writes: decoding a report into go-sarif's
// types and encoding it again keeps every value of the report (go-sarif
// adds empty arrays and zero defaults of its own, which do not count). A
// field beanlint misspells, or puts where SARIF 2.1.0 has no such property,
// is lost on the way and fails the test.
func TestSARIFReadsAsGoSARIF(t *testing.T) {
	runs := map[string]*Run{"fixture": fixture(), "clean": clean(), "empty": {}}
	for name, r := range runs {
		t.Run(name, func(t *testing.T) {
			out := render(t, "sarif", r, Options{})
			log, err := sarif.FromBytes(out)
			if err != nil {
				t.Fatalf("go-sarif cannot read the report: %v", err)
			}
			again, err := json.Marshal(log)
			if err != nil {
				t.Fatal(err)
			}
			if path, ok := keeps(decode(t, again), decode(t, out), "$"); !ok {
				t.Errorf("go-sarif loses or changes %s of the report", path)
			}
		})
	}
}

func decode(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// keeps reports whether got holds every value of want: every key of an
// object (recursively), every element of an array in order, equal
// scalars. path names the first value that is not kept.
func keeps(got, want any, path string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path, false
		}
		for k, wv := range w {
			if p, ok := keeps(g[k], wv, path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return path, false
		}
		for i := range w {
			if p, ok := keeps(g[i], w[i], fmt.Sprintf("%s[%d]", path, i)); !ok {
				return p, false
			}
		}
		return "", true
	}
	return path, reflect.DeepEqual(got, want)
}
