package report

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules"
)

// TestCatalogFile checks that sarifcatalog.json holds the built-in
// catalog's tool.driver.rules as the rules are written now (-update
// rewrites it), and that a log written with it is the log written from
// the rules themselves, at every kind of revision the help links at.
func TestCatalogFile(t *testing.T) {
	catalog := sortedRules(rules.All())
	want := string(appendJSON(nil, sarifCatalog{rules: catalog, ref: refMark}.descriptors(), catalogIndent)) + "\n"
	if n := strings.Count(want, refMark); n != len(catalog) {
		t.Fatalf("the rules' descriptors hold %s %d times, want once a rule (%d): a rule's help cannot hold it", refMark, n, len(catalog))
	}
	if *update {
		if err := os.WriteFile("sarifcatalog.json", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return // the test binary embeds the file as it was: run again to check
	}
	if catalogFile != want {
		t.Fatal("sarifcatalog.json is not the rules' SARIF descriptors as they are written now: run go test ./rules/report -run TestCatalogFile -update")
	}

	// Copies of the rules are not the built-in catalog: their log is
	// written from the rules.
	copies := make([]*rules.Rule, len(catalog))
	for i, rule := range catalog {
		c := *rule
		copies[i] = &c
	}
	if builtinCatalog(copies) || !builtinCatalog(catalog) {
		t.Fatal("builtinCatalog does not tell the built-in rules from copies of them")
	}
	for _, version := range []string{"", "1.2.3", "v0.4.0-rc.1+dirty", "v0.0.0-20261207180000-0123456789ab", "0123456789abcdef0123456789abcdef01234567"} {
		var fromFile, fromRules bytes.Buffer
		if err := writeSARIF(&fromFile, &Run{Version: version, Rules: rules.All()}); err != nil {
			t.Fatal(err)
		}
		if err := writeSARIF(&fromRules, &Run{Version: version, Rules: copies}); err != nil {
			t.Fatal(err)
		}
		if fromFile.String() != fromRules.String() {
			t.Errorf("version %q: the log written with sarifcatalog.json differs from the log written from the rules", version)
		}
	}
}
