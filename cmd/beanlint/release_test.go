package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// readRepoFile reads a file at the top of the repository.
func readRepoFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// goreleaserConfig is the part of .goreleaser.yaml the tests check.
type goreleaserConfig struct {
	Version int `yaml:"version"`
	Builds  []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Ldflags []string `yaml:"ldflags"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
	} `yaml:"builds"`
	Archives []struct {
		IDs             []string `yaml:"ids"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
	} `yaml:"archives"`
	Checksum struct {
		Algorithm string `yaml:"algorithm"`
	} `yaml:"checksum"`
	Dockers []struct {
		IDs        []string `yaml:"ids"`
		Dockerfile string   `yaml:"dockerfile"`
		Platforms  []string `yaml:"platforms"`
	} `yaml:"dockers_v2"`
}

// TestReleaseConfig checks .goreleaser.yaml against what the release must
// be: the command built static for linux, darwin and windows on amd64 and
// arm64 with its version and commit stamped into the variables beanlint
// --version prints, archives (zip on Windows), checksums, and an image of
// the linux builds.
func TestReleaseConfig(t *testing.T) {
	var c goreleaserConfig
	if err := yaml.Unmarshal(readRepoFile(t, ".goreleaser.yaml"), &c); err != nil {
		t.Fatal(err)
	}
	if c.Version != 2 || len(c.Builds) != 1 {
		t.Fatalf("version %d, %d builds; want version 2 and one build", c.Version, len(c.Builds))
	}
	b := c.Builds[0]
	if b.Main != "./cmd/beanlint" || b.Binary != "beanlint" || !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("build main %q binary %q env %q; want ./cmd/beanlint, beanlint, CGO_ENABLED=0", b.Main, b.Binary, b.Env)
	}
	for _, want := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, want) {
			t.Errorf("goos %q lacks %s", b.Goos, want)
		}
	}
	for _, want := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.Goarch, want) {
			t.Errorf("goarch %q lacks %s", b.Goarch, want)
		}
	}
	// The variables exist (this test refers to them), and the flags name them.
	_, _ = version, commit
	ld := strings.Join(b.Ldflags, " ")
	for _, want := range []string{"-X main.version=v{{ .Version }}", "-X main.commit="} {
		if !strings.Contains(ld, want) {
			t.Errorf("ldflags %q lack %q", ld, want)
		}
	}
	if len(c.Archives) != 1 || !slices.Contains(c.Archives[0].IDs, b.ID) || !slices.Equal(c.Archives[0].Formats, []string{"tar.gz"}) ||
		len(c.Archives[0].FormatOverrides) != 1 || c.Archives[0].FormatOverrides[0].Goos != "windows" ||
		!slices.Equal(c.Archives[0].FormatOverrides[0].Formats, []string{"zip"}) {
		t.Errorf("archives %+v: want tar.gz of build %s, zip on windows", c.Archives, b.ID)
	}
	if c.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum algorithm %q, want sha256", c.Checksum.Algorithm)
	}
	if len(c.Dockers) != 1 || c.Dockers[0].Dockerfile != "Dockerfile" || !slices.Equal(c.Dockers[0].IDs, []string{b.ID}) {
		t.Fatalf("dockers_v2 %+v: want one image from Dockerfile of build %s", c.Dockers, b.ID)
	}
	for _, p := range c.Dockers[0].Platforms {
		goos, arch, _ := strings.Cut(p, "/")
		if goos != "linux" || !slices.Contains(b.Goarch, arch) {
			t.Errorf("image platform %s is not a linux build", p)
		}
	}
}

// TestDockerfile checks the image definition statically (there is no
// Docker daemon here): a static base (distroless/static or scratch: the
// binary is built with CGO_ENABLED=0) in one stage that compiles nothing,
// the binary GoReleaser puts in the build context under $TARGETPLATFORM/
// copied in, a user that is not root, and the binary as the entry point.
func TestDockerfile(t *testing.T) {
	var from, copySrc, copyDst, user string
	var entrypoint []string
	var stages int
	sc := bufio.NewScanner(strings.NewReader(string(readRepoFile(t, "Dockerfile"))))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		instr, args, _ := strings.Cut(line, " ")
		args = strings.TrimSpace(args)
		switch strings.ToUpper(instr) {
		case "FROM":
			stages++
			from = args
		case "COPY":
			f := strings.Fields(args)
			if len(f) != 2 {
				t.Fatalf("COPY %s: want one source and a destination", args)
			}
			copySrc, copyDst = f[0], f[1]
		case "USER":
			user = args
		case "ENTRYPOINT":
			if err := json.Unmarshal([]byte(args), &entrypoint); err != nil {
				t.Errorf("ENTRYPOINT %s: not the exec form: %v", args, err)
			}
		case "ARG":
			if args != "TARGETPLATFORM" {
				t.Errorf("ARG %s: only TARGETPLATFORM is given by the build", args)
			}
		default:
			t.Errorf("%s: the image is a base and the binary, nothing else", instr)
		}
	}
	if stages != 1 || !(strings.HasPrefix(from, "gcr.io/distroless/static") || from == "scratch") {
		t.Errorf("FROM %q (%d stages): want one stage on distroless/static or scratch", from, stages)
	}
	if copySrc != "$TARGETPLATFORM/beanlint" {
		t.Errorf("COPY from %q, want $TARGETPLATFORM/beanlint (where GoReleaser puts the binary of build beanlint)", copySrc)
	}
	if len(entrypoint) != 1 || entrypoint[0] != copyDst {
		t.Errorf("ENTRYPOINT %q, want [%q] (the binary copied)", entrypoint, copyDst)
	}
	if user == "" || strings.HasPrefix(user, "root") || strings.HasPrefix(user, "0") {
		t.Errorf("USER %q: want a user that is not root", user)
	}
}

// TestOnlyMainPackage: pre-commit's golang hooks run go install ./...,
// which installs every main package of the module; beanlint is the only
// one (the benchmark programs build with -tags benchtools alone).
func TestOnlyMainPackage(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	cmd := exec.Command(goTool, "list", "-f", `{{if eq .Name "main"}}{{.ImportPath}}{{end}}`, "./...")
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if got := strings.Fields(string(out)); !slices.Equal(got, []string{"github.com/beanlint/beanlint/cmd/beanlint"}) {
		t.Errorf("main packages %q, want cmd/beanlint alone", got)
	}
}

// TestStaticBinary: the binary links no package that needs cgo, so that go
// build makes it static (no loader, no libc at each start;
// docs/BENCHMARKS.md). net is the usual way in: its resolver uses cgo
// (pflag imported it, which is why flags are parsed by cliflag).
func TestStaticBinary(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	cmd := exec.Command(goTool, "list", "-deps", "-f", `{{.ImportPath}}{{if .CgoFiles}} cgo{{end}}`, ".")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line == "net" || line == "runtime/cgo" || strings.HasSuffix(line, " cgo") {
			t.Errorf("cmd/beanlint links %s: the binary would be linked dynamically", line)
		}
	}
}

// TestNoStartUpCost: the binary links neither hclwrite nor go-cmp, which
// hclwrite imports and whose package initialisation (compiling regular
// expressions) was most of what beanlint --version cost
// (docs/BENCHMARKS.md). rules/edit/hcl edits and formats .tf source with
// hclsyntax alone; its tests compare it with hclwrite.
func TestNoStartUpCost(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/hashicorp/hcl/v2/hclsyntax") {
		t.Fatalf("go list -deps: no hclsyntax among %d packages: not the dependencies of cmd/beanlint", len(deps))
	}
	for _, p := range deps {
		if p == "github.com/hashicorp/hcl/v2/hclwrite" || strings.HasPrefix(p, "github.com/google/go-cmp/") {
			t.Errorf("cmd/beanlint links %s", p)
		}
	}
}

// TestPreCommitHooks checks .pre-commit-hooks.yaml: the golang hook (built
// by pre-commit from this repository) and the system hook (a beanlint
// already installed) run the same command on the same files.
func TestPreCommitHooks(t *testing.T) {
	var hooks []struct {
		ID           string `yaml:"id"`
		Entry        string `yaml:"entry"`
		Language     string `yaml:"language"`
		Files        string `yaml:"files"`
		PassFilename *bool  `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, ".pre-commit-hooks.yaml"), &hooks); err != nil {
		t.Fatal(err)
	}
	langs := map[string]string{}
	for _, h := range hooks {
		langs[h.ID] = h.Language
		if h.Entry != "beanlint" || h.Files != hooks[0].Files || h.PassFilename == nil || *h.PassFilename {
			t.Errorf("hook %s: entry %q, files %q, pass_filenames %v; want beanlint on the same files, no file names", h.ID, h.Entry, h.Files, h.PassFilename)
		}
	}
	if langs["beanlint"] != "golang" || langs["beanlint-system"] != "system" {
		t.Errorf("hooks %v: want beanlint (golang) and beanlint-system (system)", langs)
	}
}

// TestPreCommitHookFiles checks which changed files run the hooks: the
// files pattern (a Python regular expression pre-commit searches each
// repository-relative path with; this one means the same in Go's syntax)
// takes templates, plans, Terraform configurations and variables, and
// Elastic Beanstalk configuration files, saved configurations and
// environment manifests, and nothing else.
func TestPreCommitHookFiles(t *testing.T) {
	var hooks []struct {
		Files string `yaml:"files"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, ".pre-commit-hooks.yaml"), &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 {
		t.Fatal("no hook")
	}
	files := regexp.MustCompile(hooks[0].Files)
	tests := []struct {
		path string
		runs bool
	}{
		{"infra/network.yaml", true},
		{"infra/app.yml", true},
		{"cdk.out/App.template.json", true},
		{"infra/app.template", true},
		{"infra/plan.json", true},
		{"infra/main.tf", true},
		{"infra/main.tf.json", true},
		{"infra/terraform.tfvars", true},
		{"infra/prod.tfvars", true},
		{"infra/terraform.tfvars.json", true},
		{"main.tf", true},
		{".ebextensions/01-health.config", true},
		{"app/.ebextensions/02-network.config", true},
		{"app/.elasticbeanstalk/saved_configs/prod.cfg.yml", true},
		{"app/env.yaml", true},
		{"README.md", false},
		{"cmd/beanlint/main.go", false},
		{"app/config/app.config", false},
		{"app/.ebextensions/nested/x.config", false}, // Elastic Beanstalk reads the folder's own files only
		{"infra/.terraform.lock.hcl", false},
		{"infra/terraform.tfstate", false},
		{"infra/main.tf.bak", false},
	}
	for _, tt := range tests {
		if got := files.MatchString(tt.path); got != tt.runs {
			t.Errorf("%s: runs the hooks %v, want %v", tt.path, got, tt.runs)
		}
	}
}
