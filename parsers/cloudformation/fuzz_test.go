package cloudformation

import (
	"errors"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/shared"
)

// The fuzz targets of the CloudFormation parser: no input makes Parse or
// Build panic or run away, and every error is a *parsers.ParseError that
// names the file. .ci/run runs each for a few seconds; a crasher found by
// `go test -fuzz` is saved under testdata/fuzz and becomes a regression test.

var seedDirs = []string{
	"../../testdata/cloudformation",
	"../../testdata/rules",
	"../../examples",
	"shared/corpus/realworld",
	"shared/corpus/robustness/cfn",
}

func FuzzParseYAML(f *testing.F) {
	shared.Seeds(f, seedDirs, ".yaml", ".yml", ".template")
	f.Add([]byte("Resources:\n  A: &a\n    Type: AWS::EC2::VPC\n  B: *a\n"))
	f.Add([]byte("Resources:\n  A:\n    Type: AWS::EC2::Subnet\n    Properties:\n      CidrBlock: !Select [99, !Cidr [\"::/0\", 256, 128]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) { parseAndBuild(t, "f.yaml", data) })
}

func FuzzParseJSON(f *testing.F) {
	shared.Seeds(f, seedDirs, ".json")
	f.Add([]byte(`{"Resources": {"A": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Fn::Cidr": ["10.0.0.0/8", 256, 1]}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) { parseAndBuild(t, "f.json", data) })
}

func parseAndBuild(t *testing.T, path string, data []byte) {
	Sniff(data)
	tmpl, err := Parse(path, data)
	if err != nil {
		checkParseError(t, path, err)
		return
	}
	// Twice in one run: the same template imported by itself must not loop.
	for _, err := range Build(parsers.NewGraph(), []*Template{tmpl, tmpl}, Options{}) {
		checkParseError(t, path, err)
	}
}

func checkParseError(t *testing.T, path string, err error) {
	t.Helper()
	var pe *parsers.ParseError
	if !errors.As(err, &pe) || pe.Loc.File != path {
		t.Fatalf("error %v (%T) is not a ParseError naming %s", err, err, path)
	}
}
