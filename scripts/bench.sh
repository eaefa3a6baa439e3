#!/bin/sh
# Whole-process benchmarks for DESIGN.md's performance contract (see
# docs/BENCHMARKS.md): builds beanlint and the bare-parse floors, writes the
# synthetic inputs, and runs beanlint side by side with the floors and
# cfn-lint on the same files. Arguments go to benchcompare: -quick for a
# smoke run, -beanlint FILE to measure another build (e.g. an older one).
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
dir=$(mktemp -d "${TMPDIR:-/tmp}/beanlint-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
$GO build -o "$dir/beanlint" ./cmd/beanlint
$GO build -o "$dir/yamlfloor" ./internal/cmd/yamlfloor
$GO build -o "$dir/jsonfloor" ./internal/cmd/jsonfloor
$GO build -o "$dir/benchinputs" ./internal/cmd/benchinputs
$GO build -o "$dir/benchcompare" ./internal/cmd/benchcompare
"$dir/benchinputs" "$dir/inputs"
"$dir/benchcompare" -bin "$dir" -inputs "$dir/inputs" "$@"
