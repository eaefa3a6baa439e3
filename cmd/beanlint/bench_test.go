package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/beanlint/beanlint/cmd/beanlint/internal/benchinput"
	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/rules"
)

// largeTemplate writes the fixed example grown to about resources
// resources (benchinput.Template) and returns its path.
func largeTemplate(b *testing.B, resources int) string {
	return paddedTemplate(b, resources, 0)
}

// paddedTemplate is largeTemplate with each extra security group carrying
// tags, so that the file grows to about size bytes (0: no tags).
func paddedTemplate(b *testing.B, resources, size int) string {
	b.Helper()
	fixed, err := os.ReadFile(filepath.Join(moduleRootB(b), fixedFile))
	if err != nil {
		b.Fatal(err)
	}
	data, err := benchinput.Template(fixed, resources, size)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), fmt.Sprintf("template-%d-%d.yaml", resources, size))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

func moduleRootB(b *testing.B) string {
	b.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLint measures a whole lint run in process: load, rules, report.
func BenchmarkLint(b *testing.B) {
	root := moduleRootB(b)
	inputs := map[string][]string{
		"examples":          {filepath.Join(root, brokenExample), filepath.Join(root, fixedExample)},
		"150-resources":     {largeTemplate(b, 150)},
		"500-resources":     {largeTemplate(b, 500)},
		"500-resources-1MB": {paddedTemplate(b, 500, 1<<20)},
	}
	for _, name := range []string{"examples", "150-resources", "500-resources", "500-resources-1MB"} {
		for _, format := range []string{"text", "sarif"} {
			b.Run(name+"/"+format, func(b *testing.B) {
				args := append([]string{"--fail-on", "none", "-f", format}, inputs[name]...)
				for b.Loop() {
					if code := run(args, nil, io.Discard, io.Discard, func(string) string { return "" }, nil); code != 0 {
						b.Fatalf("exit code %d", code)
					}
				}
			})
		}
	}
}

// BenchmarkProcess measures the DESIGN.md performance contract as a user
// sees it: process start to exit of a built beanlint on a 150-resource
// template.
func BenchmarkProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "beanlint")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	tmpl := largeTemplate(b, 150)
	for b.Loop() {
		cmd := exec.Command(bin, "--fail-on", "none", "-f", "sarif", tmpl)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("beanlint: %v\n%s", err, out)
		}
	}
}

// BenchmarkStages splits a run into parsing (load: read, parse, resolve,
// build the graph) and linting (load plus rules), to check DESIGN.md's
// "lint time ≤ 2× parse-only time", on templates and on a 10,000-resource
// plan (where the rules ask the most: every environment has 20 subnets).
func BenchmarkStages(b *testing.B) {
	inputs := []struct{ name, path string }{
		{"150-resources", largeTemplate(b, 150)},
		{"500-resources", largeTemplate(b, 500)},
		{"plan-10000", terraformPlan(b, b.TempDir(), 10000)},
	}
	for _, in := range inputs {
		b.Run(in.name+"/parse", func(b *testing.B) {
			for b.Loop() {
				if res := load.Load([]string{in.path}, load.Options{}); len(res.Errors) > 0 {
					b.Fatal(res.Errors[0])
				}
			}
		})
		b.Run(in.name+"/parse+rules", func(b *testing.B) {
			for b.Loop() {
				res := load.Load([]string{in.path}, load.Options{})
				if len(res.Errors) > 0 {
					b.Fatal(res.Errors[0])
				}
				rules.Run(res.Graph, rules.Options{})
			}
		})
	}
}

// tfPlanDir, when set, is where BenchmarkTerraformPlan writes its plans
// (plan-<n>.json, kept) instead of a temporary directory, so that the
// whole process can be measured on them (docs/BENCHMARKS.md).
var tfPlanDir = flag.String("tfplan-dir", "", "write the generated Terraform benchmark plans to `DIR` and keep them")

// terraformPlan writes a synthetic plan of about resources resource
// instances (benchinput.Plan) into dir and returns its path.
func terraformPlan(b *testing.B, dir string, resources int) string {
	b.Helper()
	data, err := benchinput.Plan(resources)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("plan-%d.json", resources))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkTerraformPlan measures a whole run in process (load, rules,
// SARIF report) on synthetic plans of 1k, 10k and 50k resources; with
// -benchmem it reports bytes allocated per run, and MB/s of plan JSON.
func BenchmarkTerraformPlan(b *testing.B) {
	dir := *tfPlanDir
	if dir == "" {
		dir = b.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			plan := terraformPlan(b, dir, n)
			st, err := os.Stat(plan)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(st.Size())
			b.ReportAllocs()
			args := []string{"--fail-on", "none", "-f", "sarif", plan}
			for b.Loop() {
				if code := run(args, nil, io.Discard, io.Discard, func(string) string { return "" }, nil); code != 0 {
					b.Fatalf("exit code %d", code)
				}
			}
		})
	}
}
