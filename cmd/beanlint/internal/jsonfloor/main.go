//go:build benchtools

// Command jsonfloor is the floor of DESIGN.md's performance contract for
// Terraform plans: it reads a file and decodes it with encoding/json into
// an any, and nothing else. scripts/bench.sh runs it next to beanlint on the
// same file.
//
// Usage: jsonfloor FILE
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: jsonfloor FILE")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "jsonfloor:", err)
		os.Exit(1)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		fmt.Fprintln(os.Stderr, "jsonfloor:", err)
		os.Exit(1)
	}
}
