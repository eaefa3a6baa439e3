// Package sarifschema validates SARIF logs against the official SARIF 2.1.0
// JSON schema, for tests of the packages that write SARIF. beanlint itself
// never imports it: the schema compiler it links is test-only code, and its
// initialisation alone would be a large part of a small run.
package sarifschema

import (
	"bytes"
	_ "embed" // the SARIF schema
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// uri is the official SARIF 2.1.0 schema's id (errata 01).
const uri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// schema is the official OASIS SARIF 2.1.0 JSON schema (errata 01),
// byte-identical to the copy in ../shared/schemas (a test of package report
// checks).
//
//go:embed sarif-schema-2.1.0.json
var schema string

// Schema returns the embedded schema document.
func Schema() string { return schema }

// Validate checks that data is a SARIF 2.1.0 log valid against the embedded
// official schema, with format assertions on. It needs no network.
func Validate(data []byte) error {
	return ValidateAgainst([]byte(schema), data)
}

// ValidateAgainst validates the JSON document data against the schema
// document schema (another copy of the SARIF 2.1.0 schema).
func ValidateAgainst(schema, data []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return fmt.Errorf("reading schema %s: %w", uri, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(uri, doc); err != nil {
		return fmt.Errorf("loading schema %s: %w", uri, err)
	}
	sch, err := c.Compile(uri)
	if err != nil {
		return fmt.Errorf("compiling schema %s: %w", uri, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("SARIF is not JSON: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("SARIF does not match the 2.1.0 schema: %w", err)
	}
	return nil
}
