//go:build benchtools

// Command yamlfloor is the floor of DESIGN.md's performance contract for
// templates: it reads a file and parses it into a yaml.v3 node tree, and
// nothing else. scripts/bench.sh runs it next to beanlint on the same file.
//
// Usage: yamlfloor FILE
package main

import (
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: yamlfloor FILE")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "yamlfloor:", err)
		os.Exit(1)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		fmt.Fprintln(os.Stderr, "yamlfloor:", err)
		os.Exit(1)
	}
}
