//go:build benchtools

// Command benchcompare measures DESIGN.md's performance contract as ratios
// taken side by side: each input is run through beanlint and through the
// bare-parse floor (yamlfloor for templates, jsonfloor for plans) in
// alternation, round after round, so that a noisy machine slows both alike;
// cfn-lint, when installed, is timed on the typical templates. It prints
// median wall times and their ratio (the contract; with the quartiles of
// the per-round ratios), the ratio of CPU times (user and system, less
// sensitive to other processes), and the peak resident memory (max RSS) of
// each process against the file's size, and says which ratios hold.
// scripts/bench.sh builds the programs, writes the inputs and runs it.
//
// Usage: benchcompare -bin DIR -inputs DIR [-beanlint FILE] [-only TEXT] [-quick]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// input is one file measured, with the contract on it (0: none).
type input struct {
	path      string
	floor     string // "yamlfloor" or "jsonfloor"
	args      []string
	rounds    int
	cfnLint   bool
	maxFloor  float64 // beanlint at most this many times the floor
	maxRSS    float64 // peak RSS at most this many times the file size
	maxMillis float64 // beanlint under this many milliseconds
}

// sample is one process run.
type sample struct {
	wall time.Duration
	cpu  time.Duration // user and system time
	rss  int64         // bytes
}

func main() {
	bin := flag.String("bin", "", "`DIR` holding the built yamlfloor and jsonfloor (and beanlint)")
	inputs := flag.String("inputs", "", "`DIR` holding the inputs benchinputs wrote")
	beanlint := flag.String("beanlint", "", "the beanlint binary to measure (default: DIR/beanlint of -bin)")
	quick := flag.Bool("quick", false, "three rounds per input, no cfn-lint: a smoke test of the script")
	only := flag.String("only", "", "measure only the inputs whose file name contains `TEXT`")
	flag.Parse()
	if *bin == "" || *inputs == "" {
		fmt.Fprintln(os.Stderr, "usage: benchcompare -bin DIR -inputs DIR [-beanlint FILE] [-only TEXT] [-quick]")
		os.Exit(2)
	}
	if *beanlint == "" {
		*beanlint = filepath.Join(*bin, "beanlint")
	}
	c := &comparison{beanlint: *beanlint, bin: *bin}
	if !*quick {
		if path, err := exec.LookPath("cfn-lint"); err == nil {
			c.cfnLint = path
		}
	}
	sarif := []string{"--fail-on", "none", "-f", "sarif"}
	in := func(name string) string { return filepath.Join(*inputs, name) }
	all := []input{
		{path: "examples/fixed/private-environment.yaml", floor: "yamlfloor", args: sarif, rounds: 30, cfnLint: true, maxFloor: 2},
		{path: in("template-150.yaml"), floor: "yamlfloor", args: sarif, rounds: 30, cfnLint: true, maxFloor: 2},
		{path: in("template-500.yaml"), floor: "yamlfloor", args: sarif, rounds: 20},
		{path: in("template-500-1MB.yaml"), floor: "yamlfloor", args: sarif, rounds: 10, maxRSS: 15, maxMillis: 100},
		{path: in("plan-1000.json"), floor: "jsonfloor", args: sarif, rounds: 10},
		{path: in("plan-10000.json"), floor: "jsonfloor", args: sarif, rounds: 10, maxFloor: 2, maxRSS: 6},
		{path: in("plan-50000.json"), floor: "jsonfloor", args: sarif, rounds: 3},
	}
	machine()
	var failed []string
	fmt.Println("| input | size | beanlint | floor | beanlint / floor (quartiles) | CPU time beanlint / floor | peak RSS beanlint / floor | RSS / size | cfn-lint | cfn-lint / beanlint |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, it := range all {
		if !strings.Contains(filepath.Base(it.path), *only) {
			continue
		}
		if *quick {
			it.rounds = 3
		}
		fails, err := c.measure(it)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchcompare:", err)
			os.Exit(1)
		}
		failed = append(failed, fails...)
	}
	fmt.Println()
	switch {
	case *quick:
		fmt.Println("cfn-lint is not run with -quick.")
	case c.cfnLint == "":
		fmt.Println("cfn-lint is not installed: its column is empty.")
	}
	for _, f := range failed {
		fmt.Println("does not hold:", f)
	}
	if len(failed) == 0 {
		fmt.Println("The contract's ratios measured here hold.")
	}
	load()
}

// comparison holds the programs compared.
type comparison struct {
	beanlint, bin, cfnLint string
}

// measure runs one input through beanlint and its floor, alternating, and
// prints its row; it returns the contract ratios that do not hold.
func (c *comparison) measure(it input) ([]string, error) {
	st, err := os.Stat(it.path)
	if err != nil {
		return nil, err
	}
	size := st.Size()
	bean := append(append([]string{c.beanlint}, it.args...), it.path)
	floor := []string{filepath.Join(c.bin, it.floor), it.path}
	var bs, fs []sample
	var ratios, cpuRatios []float64
	for round := -1; round < it.rounds; round++ { // round -1 warms the page cache
		b, err := run(bean, true)
		if err != nil {
			return nil, err
		}
		f, err := run(floor, true)
		if err != nil {
			return nil, err
		}
		if round >= 0 {
			bs, fs = append(bs, b), append(fs, f)
			ratios = append(ratios, float64(b.wall)/float64(f.wall))
			cpuRatios = append(cpuRatios, float64(b.cpu)/float64(f.cpu))
		}
	}
	bMed, fMed := median(bs), median(fs)
	ratio := quantile(ratios, 0.5)
	bRSS, fRSS := medianRSS(bs), medianRSS(fs)
	rssRatio := float64(bRSS) / float64(size)
	cfn, cfnRatio := "", ""
	if it.cfnLint && c.cfnLint != "" {
		var cs []sample
		for range 3 {
			s, err := run([]string{c.cfnLint, it.path}, false)
			if err != nil {
				return nil, err
			}
			cs = append(cs, s)
		}
		cMed := median(cs)
		cfn, cfnRatio = millis(cMed), fmt.Sprintf("%.0f×", float64(cMed)/float64(bMed))
	}
	name := filepath.Base(it.path)
	fmt.Printf("| %s | %s | %s | %s | %.2f× (%.2f–%.2f) | %.2f× | %s / %s | %.1f× | %s | %s |\n",
		name, megabytes(size), millis(bMed), millis(fMed), ratio, quantile(ratios, 0.25), quantile(ratios, 0.75),
		quantile(cpuRatios, 0.5), megabytes(bRSS), megabytes(fRSS), rssRatio, cfn, cfnRatio)

	var fails []string
	if it.maxFloor > 0 && ratio > it.maxFloor {
		fails = append(fails, fmt.Sprintf("%s: beanlint takes %.2f× the %s (contract: at most %g×)", name, ratio, it.floor, it.maxFloor))
	}
	if it.maxRSS > 0 && rssRatio > it.maxRSS {
		fails = append(fails, fmt.Sprintf("%s: peak RSS is %.1f× the file size (contract: under %g×)", name, rssRatio, it.maxRSS))
	}
	if it.maxMillis > 0 && float64(bMed)/float64(time.Millisecond) > it.maxMillis {
		fails = append(fails, fmt.Sprintf("%s: beanlint takes %s (contract: under %g ms)", name, millis(bMed), it.maxMillis))
	}
	return fails, nil
}

// run runs argv once; with check, a non-zero exit status is an error.
func run(argv []string, check bool) (sample, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if _, exited := err.(*exec.ExitError); err != nil && (check || !exited) {
		return sample{}, fmt.Errorf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.Bytes())
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
		if runtime.GOOS != "darwin" { // Linux and the BSDs count kilobytes
			rss *= 1024
		}
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return sample{wall: wall, cpu: cpu, rss: rss}, nil
}

func median(ss []sample) time.Duration {
	ds := make([]float64, len(ss))
	for i, s := range ss {
		ds[i] = float64(s.wall)
	}
	return time.Duration(quantile(ds, 0.5))
}

func medianRSS(ss []sample) int64 {
	rs := make([]float64, len(ss))
	for i, s := range ss {
		rs[i] = float64(s.rss)
	}
	return int64(quantile(rs, 0.5))
}

// quantile returns the q-quantile of xs (nearest rank).
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	return s[int(q*float64(len(s)-1)+0.5)]
}

func millis(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func megabytes(n int64) string {
	return fmt.Sprintf("%.2f MB", float64(n)/1e6)
}

// machine prints what the numbers were measured on.
func machine() {
	model := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	fmt.Printf("Machine: %d CPUs (%s), %s/%s, %s.\n", runtime.NumCPU(), model, runtime.GOOS, runtime.GOARCH, runtime.Version())
	load()
	fmt.Println()
}

// load prints the load average, a sign of how noisy the numbers are.
func load() {
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("Load average (1, 5, 15 min): %s\n", strings.Join(strings.Fields(string(data))[:3], ", "))
	}
}
