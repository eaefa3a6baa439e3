//go:build benchtools

// Command benchinputs writes the synthetic inputs of beanlint's benchmarks
// (package benchinput) into a directory, for whole-process measurements
// (scripts/bench.sh):
//
//	template-150.yaml      the fixed example grown to 147 resources (a typical template)
//	template-500.yaml      grown to 499 resources
//	template-500-1MB.yaml  499 resources padded with tags to about 1 MB (the CloudFormation maximum)
//	plan-1000.json, plan-10000.json, plan-50000.json  Terraform plans of about n resources
//
// Usage: go run ./internal/cmd/benchinputs [-fixed FILE] DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/beanlint/beanlint/cmd/beanlint/internal/benchinput"
)

func main() {
	fixedPath := flag.String("fixed", "examples/fixed/private-environment.yaml", "the fixed example `FILE` the templates grow from")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: benchinputs [-fixed FILE] DIR")
		os.Exit(2)
	}
	if err := write(flag.Arg(0), *fixedPath); err != nil {
		fmt.Fprintln(os.Stderr, "benchinputs:", err)
		os.Exit(1)
	}
}

// write generates every input into dir.
func write(dir, fixedPath string) error {
	fixed, err := os.ReadFile(fixedPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	templates := []struct {
		name            string
		resources, size int
	}{
		{"template-150.yaml", 150, 0},
		{"template-500.yaml", 500, 0},
		{"template-500-1MB.yaml", 500, 1 << 20},
	}
	for _, t := range templates {
		data, err := benchinput.Template(fixed, t.resources, t.size)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, t.name), data, 0o644); err != nil {
			return err
		}
	}
	for _, n := range []int{1000, 10000, 50000} {
		data, err := benchinput.Plan(n)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("plan-%d.json", n)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
