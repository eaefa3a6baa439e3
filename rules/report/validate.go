package report

import (
	"bytes"
	_ "embed" // the SARIF schema
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchema is the official OASIS SARIF 2.1.0 JSON schema (errata 01),
// byte-identical to the copy go-sarif v3 embeds (a test checks both).
//
//go:embed sarif-schema-2.1.0.json
var sarifSchema []byte

// ValidateSARIF checks that data is a SARIF 2.1.0 log valid against the
// official JSON schema, embedded in beanlint, with format assertions on.
// It needs no network. Tests of packages
// that write SARIF use it on the bytes they write.
func ValidateSARIF(data []byte) error {
	return validateJSON(sarifSchema, sarifSchemaURI, data)
}

// validateJSON validates the JSON document data against the schema
// document schema, known by its id url.
func validateJSON(schema []byte, url string, data []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return fmt.Errorf("reading schema %s: %w", url, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		return fmt.Errorf("loading schema %s: %w", url, err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		return fmt.Errorf("compiling schema %s: %w", url, err)
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
