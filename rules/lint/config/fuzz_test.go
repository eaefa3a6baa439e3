package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/lint/config"
)

// FuzzParse: any content gives a configuration or an error naming the
// file, never a panic.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(testdata, "*", "*.yaml"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := config.Parse("c.yaml", data)
		if err != nil && !strings.HasPrefix(err.Error(), "c.yaml") {
			t.Errorf("error %q does not name the file", err)
		}
	})
}
