package tfsource

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// writeTree writes files (slash paths relative to dir) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// gitRoot calls a Git module (module.net) that calls a local module inside
// its repository (module.net.inner).
const gitRoot = `module "net" {
  source = "git::file:///srv/modules.git//net"
  cidr   = "10.0.0.0/16"
}
`

const gitNet = `variable "cidr" {}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_hostnames = false
}

module "inner" {
  source = "../inner"
  cidr   = var.cidr
}
`

const gitInner = `variable "cidr" {}

resource "aws_subnet" "a" {
  cidr_block = var.cidr
}
`

const goodManifest = `{"Modules":[{"Key":"","Source":"","Dir":"."},
{"Key":"net","Source":"git::file:///srv/modules.git//net","Dir":".terraform/modules/net/net"},
{"Key":"net.inner","Source":"../inner","Dir":".terraform/modules/net/inner"}]}`

// TestManifest: modules the manifest lists are read from their directory
// under .terraform/modules and located on the repository's own module
// call; a manifest that is missing, malformed or points outside that tree
// reads nothing from it, the last two with a notice.
func TestManifest(t *testing.T) {
	installed := map[string]string{
		".terraform/modules/net/net/main.tf":     gitNet,
		".terraform/modules/net/inner/main.tf":   gitInner,
		".terraform/modules/other/main.tf":       gitNet,
		"outside/main.tf":                        gitNet,
		".terraform/modules/net/inner/extra.txt": "not Terraform",
	}
	cases := []struct {
		name     string
		manifest string // "" for none
		// symlink, when set, makes .terraform/modules/net/net a link to
		// this directory (relative to the root) instead of a directory.
		symlink     string
		initialised bool
		read        []string // module paths read ("net", "net.inner")
		notice      string   // a notice holds this, "" for none
	}{
		{name: "no manifest", initialised: false},
		{name: "followed", manifest: goodManifest, initialised: true, read: []string{"net", "net.inner"}},
		{name: "malformed", manifest: `{"Modules":[`, initialised: true, notice: "not valid JSON"},
		{name: "not an object", manifest: `[1, 2]`, initialised: true, notice: "not valid JSON"},
		{name: "escapes the root", manifest: `{"Modules":[{"Key":"net","Source":"git::x","Dir":"../outside"}]}`, initialised: true, notice: `module "net": the manifest's directory "../outside" is outside .terraform/modules`},
		{name: "escapes through ..", manifest: `{"Modules":[{"Key":"net","Source":"git::x","Dir":".terraform/modules/../../outside"}]}`, initialised: true, notice: "is outside .terraform/modules"},
		{name: "absolute", manifest: `{"Modules":[{"Key":"net","Source":"git::x","Dir":"/etc"}]}`, initialised: true, notice: "is outside .terraform/modules"},
		{name: "outside the module tree", manifest: `{"Modules":[{"Key":"net","Source":"git::x","Dir":"outside"}]}`, initialised: true, notice: "is outside .terraform/modules"},
		{name: "local module of the root", manifest: `{"Modules":[{"Key":"net","Source":"./outside","Dir":"outside"}]}`, initialised: true, notice: `module "net" is not in`},
		{name: "missing directory", manifest: `{"Modules":[{"Key":"net","Source":"git::x","Dir":".terraform/modules/gone"}]}`, initialised: true, notice: "cannot be read"},
		{name: "call not listed", manifest: `{"Modules":[{"Key":"","Source":"","Dir":"."}]}`, initialised: true, notice: `module "net" is not in ` + ManifestPath},
		{name: "symbolic link out", manifest: `{"Modules":[{"Key":"net","Source":"git::x","Dir":".terraform/modules/link"}]}`, symlink: "outside", initialised: true, notice: "through a symbolic link"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"main.tf": gitRoot}
			for k, v := range installed {
				files[k] = v
			}
			if c.manifest != "" {
				files[".terraform/modules/modules.json"] = c.manifest
			}
			writeTree(t, dir, files)
			if c.symlink != "" {
				if err := os.Symlink(filepath.Join(dir, c.symlink), filepath.Join(dir, ".terraform", "modules", "link")); err != nil {
					t.Skip("no symbolic links here:", err)
				}
			}
			ix, errs := Load(dir, "")
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if ix.Initialised() != c.initialised {
				t.Errorf("Initialised = %v, want %v", ix.Initialised(), c.initialised)
			}
			var read []string
			for _, p := range [][]string{{"net"}, {"net", "inner"}} {
				if ix.Module(p) != nil {
					read = append(read, strings.Join(p, "."))
				}
			}
			if strings.Join(read, ",") != strings.Join(c.read, ",") {
				t.Errorf("modules read = %v, want %v", read, c.read)
			}
			notices := ix.Notices()
			switch {
			case c.notice == "" && len(notices) > 0:
				t.Errorf("unexpected notices: %v", notices)
			case c.notice != "" && (len(notices) != 1 || !strings.Contains(notices[0].Msg, c.notice)):
				t.Errorf("notices = %v, want one holding %q", notices, c.notice)
			}
			for _, f := range ix.Files() {
				if rel, _ := filepath.Rel(dir, f); strings.HasPrefix(rel, "outside") {
					t.Errorf("read %s, outside .terraform/modules", f)
				}
			}
		})
	}
}

// TestFetchedLocations: blocks inside fetched modules are located on the
// outermost module call of the repository's own files; FetchedResource
// gives the block itself, the path into the module, and FetchedAttributes
// its arguments there.
func TestFetchedLocations(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"main.tf":                              gitRoot,
		".terraform/modules/modules.json":      goodManifest,
		".terraform/modules/net/net/main.tf":   gitNet,
		".terraform/modules/net/inner/main.tf": gitInner,
	})
	ix, errs := Load(dir, "")
	if len(errs) > 0 || len(ix.Notices()) > 0 {
		t.Fatalf("errors %v, notices %v", errs, ix.Notices())
	}
	main := filepath.Join(dir, "main.tf")
	call := parsers.Location{File: main, StartLine: 1, StartCol: 1, EndLine: 4, EndCol: 2}
	netFile := filepath.Join(dir, ".terraform", "modules", "net", "net", "main.tf")
	innerFile := filepath.Join(dir, ".terraform", "modules", "net", "inner", "main.tf")
	cases := []struct {
		name    string
		got     func() (parsers.Location, bool)
		want    parsers.Location
		wantOK  bool
		fetched bool
	}{
		{"resource in the Git module", func() (parsers.Location, bool) { return ix.Resource([]string{"net"}, "aws_vpc.this") }, call, true, true},
		{"attribute in the Git module", func() (parsers.Location, bool) {
			return ix.Attribute([]string{"net"}, "aws_vpc.this", "enable_dns_hostnames")
		}, call, true, true},
		{"resource in its local module", func() (parsers.Location, bool) { return ix.Resource([]string{"net", "inner"}, "aws_subnet.a") }, call, true, true},
		{"path into the Git module", func() (parsers.Location, bool) { return ix.FetchedResource([]string{"net"}, "aws_vpc.this") }, parsers.Location{File: netFile, StartLine: 3, StartCol: 1, EndLine: 6, EndCol: 2}, true, true},
		{"path into its local module", func() (parsers.Location, bool) { return ix.FetchedResource([]string{"net", "inner"}, "aws_subnet.a") }, parsers.Location{File: innerFile, StartLine: 3, StartCol: 1, EndLine: 5, EndCol: 2}, true, true},
		{"inner call, where the code has it", func() (parsers.Location, bool) { return ix.ModuleCall([]string{"net", "inner"}) }, parsers.Location{File: netFile, StartLine: 8, StartCol: 1, EndLine: 11, EndCol: 2}, true, true},
		{"root's own call", func() (parsers.Location, bool) { return ix.ModuleCall([]string{"net"}) }, call, true, false},
		{"no such resource", func() (parsers.Location, bool) { return ix.FetchedResource([]string{"net"}, "aws_vpc.other") }, parsers.Location{}, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.got()
			if ok != c.wantOK || got != c.want {
				t.Errorf("got %v %v, want %v %v", got, ok, c.want, c.wantOK)
			}
		})
	}
	attrs := ix.FetchedAttributes([]string{"net"}, "aws_vpc.this")
	if got, want := attrs["enable_dns_hostnames"], (parsers.Location{File: netFile, StartLine: 5, StartCol: 26, EndLine: 5, EndCol: 31}); got != want || len(attrs) != 2 {
		t.Errorf("FetchedAttributes = %v, want enable_dns_hostnames at %v and cidr_block", attrs, want)
	}
	if attrs := ix.FetchedAttributes(nil, "aws_vpc.this"); attrs != nil {
		t.Errorf("FetchedAttributes of a committed path = %v, want nil", attrs)
	}
	for _, p := range [][]string{{"net"}, {"net", "inner"}} {
		if !ix.Fetched(p) {
			t.Errorf("Fetched(%v) = false", p)
		}
	}
	if ix.Fetched(nil) {
		t.Error("Fetched(root) = true")
	}
}

// TestLocalModulesNotFetched: a local module of the root is the
// repository's own code even when the manifest lists it.
func TestLocalModulesNotFetched(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"main.tf":                         "module \"net\" {\n  source = \"./net\"\n}\n",
		"net/main.tf":                     "resource \"aws_vpc\" \"this\" {}\n",
		".terraform/modules/modules.json": `{"Modules":[{"Key":"net","Source":"./net","Dir":"net"}]}`,
	})
	ix, errs := Load(dir, "")
	if len(errs) > 0 || len(ix.Notices()) > 0 {
		t.Fatalf("errors %v, notices %v", errs, ix.Notices())
	}
	want := filepath.Join(dir, "net", "main.tf")
	if got, ok := ix.Resource([]string{"net"}, "aws_vpc.this"); !ok || got.File != want || got.StartLine != 1 {
		t.Errorf("Resource = %v %v, want %s:1", got, ok, want)
	}
	if _, ok := ix.FetchedResource([]string{"net"}, "aws_vpc.this"); ok || ix.Fetched([]string{"net"}) {
		t.Error("a local module is reported fetched")
	}
}

// TestDataDir: with TF_DATA_DIR set, the manifest is read from that data
// directory, as terraform init writes it there (Dir relative to the root
// for a relative data directory, absolute for an absolute one; checked
// with terraform 1.11.4), and .terraform is then not the modules' home.
func TestDataDir(t *testing.T) {
	manifest := func(prefix string) string {
		return `{"Modules":[{"Key":"","Source":"","Dir":"."},
{"Key":"net","Source":"git::file:///srv/modules.git//net","Dir":"` + prefix + `/modules/net/net"},
{"Key":"net.inner","Source":"../inner","Dir":"` + prefix + `/modules/net/inner"}]}`
	}
	installed := func(data, prefix string) map[string]string {
		return map[string]string{
			data + "/modules/modules.json":      manifest(prefix),
			data + "/modules/net/net/main.tf":   gitNet,
			data + "/modules/net/inner/main.tf": gitInner,
		}
	}
	abs := filepath.ToSlash(filepath.Join(t.TempDir(), "data"))
	cases := []struct {
		name        string
		dataDir     string            // TF_DATA_DIR
		files       map[string]string // beside main.tf, slash paths relative to the root ("/..." absolute)
		initialised bool
		read        bool   // module.net and module.net.inner read
		notice      string // a notice holds this, "" for none
	}{
		{name: "relative", dataDir: ".tfdata", files: installed(".tfdata", ".tfdata"), initialised: true, read: true},
		{name: "relative, nested", dataDir: "state/tf", files: installed("state/tf", "state/tf"), initialised: true, read: true},
		{name: "absolute", dataDir: abs, files: installed(abs, abs), initialised: true, read: true},
		{name: "unset, modules in the data directory", dataDir: "", files: installed(".tfdata", ".tfdata")},
		{name: "set, modules in .terraform", dataDir: ".tfdata", files: installed(".terraform", ".terraform")},
		{name: "Dir outside the data directory", dataDir: ".tfdata", files: map[string]string{
			".tfdata/modules/modules.json":       manifest(".terraform"),
			".terraform/modules/net/net/main.tf": gitNet,
		}, initialised: true, notice: `".terraform/modules/net/net" is outside .tfdata/modules`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{"main.tf": gitRoot})
			for name, src := range c.files {
				if filepath.IsAbs(filepath.FromSlash(name)) {
					writeTree(t, "/", map[string]string{strings.TrimPrefix(name, "/"): src})
				} else {
					writeTree(t, dir, map[string]string{name: src})
				}
			}
			ix, errs := Load(dir, c.dataDir)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if ix.Initialised() != c.initialised {
				t.Errorf("Initialised = %v, want %v", ix.Initialised(), c.initialised)
			}
			for _, p := range [][]string{{"net"}, {"net", "inner"}} {
				if got := ix.Module(p) != nil && ix.Fetched(p); got != c.read {
					t.Errorf("module %v read from the data directory = %v, want %v", p, got, c.read)
				}
			}
			notices := ix.Notices()
			switch {
			case c.notice == "" && len(notices) > 0:
				t.Errorf("unexpected notices: %v", notices)
			case c.notice != "" && (len(notices) == 0 || !strings.Contains(notices[0].Msg, c.notice)):
				t.Errorf("notices = %v, want one holding %q", notices, c.notice)
			}
		})
	}
}
