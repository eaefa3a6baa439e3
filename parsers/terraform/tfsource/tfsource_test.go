package tfsource

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

const testdata = "../../../testdata/terraform/tfsource"

// text returns the source text a location covers, reading its file and
// counting columns in code points, as SARIF consumers do.
func text(t *testing.T, loc parsers.Location) string {
	t.Helper()
	src, err := os.ReadFile(loc.File)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	startLine, startCol, endLine, endCol := int(loc.StartLine), int(loc.StartCol), int(loc.EndLine), int(loc.EndCol)
	if loc.StartLine < 1 || endLine > len(lines) || loc.EndLine < loc.StartLine {
		t.Fatalf("location %+v outside %s", loc, loc.File)
	}
	var b strings.Builder
	for l := startLine; l <= endLine; l++ {
		line := []rune(lines[l-1])
		from, to := 0, len(line)
		if l == startLine {
			from = startCol - 1
		}
		if l == endLine {
			to = endCol - 1
		}
		if from < 0 || to > len(line) || from > to {
			t.Fatalf("location %+v: columns outside line %d (%d code points)", loc, l, len(line))
		}
		if l > startLine {
			b.WriteString("\n")
		}
		b.WriteString(string(line[from:to]))
	}
	return b.String()
}

func TestLocations(t *testing.T) {
	dir := filepath.Join(testdata, "project")
	ix, errs := Load(dir, "")
	main := filepath.Join(dir, "main.tf")
	endpoints := filepath.Join(dir, "endpoints.tf")
	network := filepath.Join(dir, "modules", "network", "main.tf")
	subnets := filepath.Join(dir, "modules", "subnets", "main.tf")

	if len(errs) != 1 || errs[0].Loc.File != endpoints || errs[0].Loc.StartLine != 27 ||
		!strings.Contains(errs[0].Msg, "names no rule") {
		t.Errorf("errors = %v, want one: endpoints.tf:27 beanlint:ignore names no rule", errs)
	}
	if got, want := ix.Files(), []string{endpoints, main, network, subnets}; !reflect.DeepEqual(got, want) {
		t.Errorf("Files() = %q, want %q", got, want)
	}

	root := []string(nil)
	net := []string{"network"}
	sub := []string{"network", "subnets"}
	tests := []struct {
		name string
		find func() (parsers.Location, bool)
		// want is the located text; "" means not found. A block's text
		// is given as its first line and last line joined by "…".
		want       string
		file       string
		start, end int32 // lines
	}{
		{"root resource", func() (parsers.Location, bool) { return ix.Resource(root, "aws_elastic_beanstalk_environment.app") },
			`resource "aws_elastic_beanstalk_environment" "app" {…}`, main, 25, 58},
		{"data source", func() (parsers.Location, bool) { return ix.Resource(root, "data.aws_vpc.shared") },
			`data "aws_vpc" "shared" {…}`, main, 60, 62},
		{"resource in second file", func() (parsers.Location, bool) { return ix.Resource(root, "aws_vpc_endpoint.s3") },
			`resource "aws_vpc_endpoint" "s3" {…}`, endpoints, 15, 19},
		{"resource after a flag emoji: code point columns", func() (parsers.Location, bool) { return ix.Resource(root, "aws_vpc_endpoint.logs") },
			`resource "aws_vpc_endpoint" "logs" {…}`, endpoints, 22, 25},
		{"module resource", func() (parsers.Location, bool) { return ix.Resource(net, "aws_vpc.this") },
			`resource "aws_vpc" "this" {…}`, network, 5, 9},
		{"count resource", func() (parsers.Location, bool) { return ix.Resource(net, "aws_route_table.private") },
			`resource "aws_route_table" "private" {…}`, network, 12, 15},
		{"for_each resource in nested module", func() (parsers.Location, bool) { return ix.Resource(sub, "aws_subnet.private") },
			`resource "aws_subnet" "private" {…}`, subnets, 9, 15},
		{"module resource asked at the root", func() (parsers.Location, bool) { return ix.Resource(root, "aws_vpc.this") }, "", "", 0, 0},
		{"remote module is not indexed", func() (parsers.Location, bool) { return ix.Resource([]string{"registry_vpc"}, "aws_vpc.this") }, "", "", 0, 0},
		{"unknown resource", func() (parsers.Location, bool) { return ix.Resource(root, "aws_vpc.nope") }, "", "", 0, 0},

		{"attribute expression", func() (parsers.Location, bool) {
			return ix.Attribute(root, "aws_elastic_beanstalk_environment.app", "solution_stack_name")
		}, `var.solution_stack`, main, 28, 28},
		{"boolean attribute in module", func() (parsers.Location, bool) { return ix.Attribute(net, "aws_vpc.this", "enable_dns_hostnames") },
			`false`, network, 8, 8},
		{"multi-line attribute with non-ASCII text", func() (parsers.Location, bool) {
			return ix.Attribute(root, "aws_elastic_beanstalk_environment.app", "tags")
		}, "{\n    Team = \"Zürich 🇨🇭 platform\"\n  }", main, 55, 57},
		{"attribute ending after accents and a flag", func() (parsers.Location, bool) { return ix.Attribute(sub, "aws_subnet.private", "tags") },
			`{ Name = "privé-${each.key}", Flag = "🇪🇺" }`, subnets, 14, 14},
		{"heredoc attribute", func() (parsers.Location, bool) { return ix.Attribute(root, "aws_vpc_endpoint.ssm", "policy") },
			"<<-POLICY…  POLICY", endpoints, 7, 10},
		{"nested block as attribute", func() (parsers.Location, bool) {
			return ix.Attribute(root, "aws_elastic_beanstalk_environment.app", "setting")
		}, `setting {…}`, main, 30, 34},
		{"absent attribute", func() (parsers.Location, bool) { return ix.Attribute(root, "aws_vpc_endpoint.s3", "policy") }, "", "", 0, 0},

		{"setting", func() (parsers.Location, bool) {
			return ix.Setting(root, "aws_elastic_beanstalk_environment.app", "aws:ec2:vpc", "VPCId")
		}, `setting {…}`, main, 30, 34},
		{"setting matched case-insensitively", func() (parsers.Location, bool) {
			return ix.Setting(root, "aws_elastic_beanstalk_environment.app", "aws:ec2:vpc", "Subnets")
		}, `setting {…}`, main, 35, 39},
		{"setting named by an expression", func() (parsers.Location, bool) {
			return ix.Setting(root, "aws_elastic_beanstalk_environment.app", "aws:ec2:vpc", "64bit Amazon Linux 2023 v4.3.0 running Dockerx")
		}, "", "", 0, 0},
		{"setting from a dynamic block", func() (parsers.Location, bool) {
			return ix.Setting(root, "aws_elastic_beanstalk_environment.app", "aws:autoscaling:launchconfiguration", "InstanceType")
		}, "", "", 0, 0},
		{"dynamic setting block", func() (parsers.Location, bool) {
			return ix.Dynamic(root, "aws_elastic_beanstalk_environment.app", "setting")
		}, `dynamic "setting" {…}`, main, 46, 53},
		{"no dynamic block of that type", func() (parsers.Location, bool) {
			return ix.Dynamic(root, "aws_elastic_beanstalk_environment.app", "ingress")
		}, "", "", 0, 0},

		{"module call", func() (parsers.Location, bool) { return ix.ModuleCall(net) }, `module "network" {…}`, main, 12, 15},
		{"nested module call in its parent's file", func() (parsers.Location, bool) { return ix.ModuleCall(sub) },
			`module "subnets" {…}`, network, 17, 21},
		{"remote module call", func() (parsers.Location, bool) { return ix.ModuleCall([]string{"registry_vpc"}) },
			`module "registry_vpc" {…}`, main, 17, 20},
		{"root is no module call", func() (parsers.Location, bool) { return ix.ModuleCall(nil) }, "", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, ok := tt.find()
			if tt.want == "" {
				if ok {
					t.Fatalf("found %v, want not found", loc)
				}
				return
			}
			if !ok {
				t.Fatal("not found")
			}
			if loc.File != tt.file || loc.StartLine != tt.start || loc.EndLine != tt.end {
				t.Errorf("location %s:%d-%d, want %s:%d-%d", loc.File, loc.StartLine, loc.EndLine, tt.file, tt.start, tt.end)
			}
			got := text(t, loc)
			if first, last, isBlock := strings.Cut(tt.want, "…"); isBlock {
				lines := strings.Split(got, "\n")
				if lines[0] != first || !strings.HasSuffix(got, last) {
					t.Errorf("located %q, want it to start with %q and end with %q", got, first, last)
				}
				return
			}
			if got != tt.want {
				t.Errorf("located %q, want %q", got, tt.want)
			}
		})
	}
}

func TestColumnsCountCodePoints(t *testing.T) {
	dir := filepath.Join(testdata, "project")
	ix, _ := Load(dir, "")
	// "/* 🇩🇪 */ " is 9 code points: the flag is one grapheme but two code
	// points (hcl.Pos would say column 9).
	loc, _ := ix.Resource(nil, "aws_vpc_endpoint.logs")
	if loc.StartCol != 10 || loc.EndCol != 2 {
		t.Errorf("logs endpoint columns %d-%d, want 10-2", loc.StartCol, loc.EndCol)
	}
	loc, _ = ix.Attribute([]string{"network", "subnets"}, "aws_subnet.private", "tags")
	if want := 23 + len([]rune(`{ Name = "privé-${each.key}", Flag = "🇪🇺" }`)); loc.StartCol != 23 || int(loc.EndCol) != want {
		t.Errorf("tags columns %d-%d, want 23-%d", loc.StartCol, loc.EndCol, want)
	}
}

func TestIgnores(t *testing.T) {
	dir := filepath.Join(testdata, "project")
	ix, _ := Load(dir, "")
	tests := []struct {
		module  []string
		address string
		want    string // "ID(reason)@line:col-col" joined by spaces
	}{
		{nil, "aws_elastic_beanstalk_environment.app",
			"EB301(sqs is reached through a proxy (ADR-12))@23:1-64 EB203(endpoints are managed by the platform team)@24:1-73 EB401(endpoints are managed by the platform team)@24:1-73"},
		{nil, "aws_vpc_endpoint.ssm", "EB301()@1:1-25"},
		{nil, "aws_vpc_endpoint.s3", ""}, // a blank line separates the comment
		{nil, "aws_vpc_endpoint.logs", "EB303(block comment)@21:1-42"},
		{nil, "aws_vpc_endpoint.sqs", ""}, // names no rule: reported by Load
		{nil, "data.aws_vpc.shared", ""},  // a closing brace above
		{[]string{"network"}, "aws_route_table.private", "EB303(routes are added by the transit team)@11:1-61"},
		{[]string{"network"}, "aws_vpc.this", ""},
	}
	for _, tt := range tests {
		t.Run(tt.address, func(t *testing.T) {
			var got []string
			for _, s := range ix.Ignores(tt.module, tt.address) {
				got = append(got, fmt.Sprintf("%s(%s)@%d:%d-%d", s.RuleID, s.Reason, s.Loc.StartLine, s.Loc.StartCol, s.Loc.EndCol))
				if !strings.Contains(text(t, s.Loc), "beanlint:ignore "+s.RuleID) && !strings.Contains(text(t, s.Loc), ","+s.RuleID) {
					t.Errorf("suppression location %v covers %q", s.Loc, text(t, s.Loc))
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("Ignores = %q\nwant      %q", g, tt.want)
			}
		})
	}
}

func TestParseIgnore(t *testing.T) {
	tests := []struct {
		comment string
		ids     []string
		reason  string
		ok      bool
	}{
		{"# beanlint:ignore EB301 sqs via proxy", []string{"EB301"}, "sqs via proxy", true},
		{"// beanlint:ignore EB301,EB302 two rules", []string{"EB301", "EB302"}, "two rules", true},
		{"#beanlint:ignore EB301, EB302", []string{"EB301", "EB302"}, "", true},
		{"/* beanlint:ignore eb203 lower case */", []string{"eb203"}, "lower case", true},
		{"# BEANLINT:IGNORE EB301", []string{"EB301"}, "", true},
		{"# beanlint:ignore because we said so", nil, "because we said so", true},
		{"# beanlint:ignored EB301", nil, "", false},
		{"# see beanlint:ignore EB301", nil, "", false},
		{"# just a comment", nil, "", false},
	}
	for _, tt := range tests {
		ids, reason, ok := parseIgnore(tt.comment)
		if !reflect.DeepEqual(ids, tt.ids) || reason != tt.reason || ok != tt.ok {
			t.Errorf("parseIgnore(%q) = %q, %q, %v; want %q, %q, %v", tt.comment, ids, reason, ok, tt.ids, tt.reason, tt.ok)
		}
	}
}

func TestSyntaxErrorKeepsOtherFiles(t *testing.T) {
	dir := filepath.Join(testdata, "broken")
	ix, errs := Load(dir, "")
	bad := filepath.Join(dir, "bad.tf")
	if len(errs) == 0 {
		t.Fatal("no error for bad.tf")
	}
	for _, e := range errs {
		if e.Loc.File != bad || e.Loc.StartLine < 1 || e.Loc.StartCol < 1 {
			t.Errorf("error %v: want a position in %s", e, bad)
		}
	}
	if got, want := ix.Files(), []string{filepath.Join(dir, "good.tf")}; !reflect.DeepEqual(got, want) {
		t.Errorf("Files() = %q, want %q", got, want)
	}
	if _, ok := ix.Resource(nil, "aws_vpc.main"); !ok {
		t.Error("aws_vpc.main of good.tf not indexed")
	}
	if _, ok := ix.Resource(nil, "aws_subnet.a"); ok {
		t.Error("aws_subnet.a of the broken file indexed")
	}
}

func TestModuleCycleAndMissingSource(t *testing.T) {
	dir := filepath.Join(testdata, "cycle")
	ix, errs := Load(dir, "")
	main := filepath.Join(dir, "main.tf")
	var got []string
	for _, e := range errs {
		got = append(got, fmt.Sprintf("%s:%d: %s", e.Loc.File, e.Loc.StartLine, e.Msg))
	}
	want := []string{
		main + `:2: module "self" calls "./", which is already on its call chain (a module cycle); not followed`,
		main + ":6: cannot read Terraform configuration directory " + filepath.Join(dir, "does-not-exist") + ": ",
	}
	if len(got) != len(want) || got[0] != want[0] || !strings.HasPrefix(got[1], want[1]) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, ok := ix.Resource(nil, "aws_vpc.main"); !ok {
		t.Error("aws_vpc.main not indexed")
	}
	if _, ok := ix.ModuleCall([]string{"self"}); !ok {
		t.Error("module self not indexed")
	}
}

func TestAbsoluteDirAndMissingDir(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join(testdata, "project"))
	if err != nil {
		t.Fatal(err)
	}
	ix, _ := Load(dir, "")
	loc, ok := ix.Resource([]string{"network", "subnets"}, "aws_subnet.private")
	if want := filepath.Join(dir, "modules", "subnets", "main.tf"); !ok || loc.File != want {
		t.Errorf("Resource file = %q, want %q", loc.File, want)
	}

	missing := filepath.Join(t.TempDir(), "nope")
	ix, errs := Load(missing, "")
	if len(errs) != 1 || errs[0].Loc.File != missing || len(ix.Files()) != 0 {
		t.Errorf("Load(missing) = %v files, errors %v; want one error naming %s", ix.Files(), errs, missing)
	}
}

func TestNilIndex(t *testing.T) {
	var ix *Index
	if _, ok := ix.Resource(nil, "aws_vpc.a"); ok {
		t.Error("Resource found on nil index")
	}
	if _, ok := ix.Attribute(nil, "aws_vpc.a", "cidr_block"); ok {
		t.Error("Attribute found on nil index")
	}
	if _, ok := ix.Setting(nil, "aws_vpc.a", "aws:ec2:vpc", "VPCId"); ok {
		t.Error("Setting found on nil index")
	}
	if _, ok := ix.ModuleCall([]string{"a"}); ok {
		t.Error("ModuleCall found on nil index")
	}
	if ix.Ignores(nil, "aws_vpc.a") != nil || ix.Files() != nil {
		t.Error("nil index has ignores or files")
	}
}

// TestFileReading: .tf files are read as bounded UTF-8 text, so a file that
// is a device or never ends is an error naming it, not a hang, and a file
// saved as UTF-16 with a byte order mark is indexed at the lines an editor
// shows.
func TestFileReading(t *testing.T) {
	const src = "# network\nresource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n"
	utf16 := []byte{0xff, 0xfe}
	for _, r := range src {
		utf16 = append(utf16, byte(r), 0)
	}
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string)
		wantErr string // in the error about main.tf; "" = main.tf indexed
	}{
		{"UTF-16LE with BOM", func(t *testing.T, dir string) { write(t, dir, "main.tf", utf16) }, ""},
		{"UTF-8 with BOM", func(t *testing.T, dir string) { write(t, dir, "main.tf", append([]byte("\xef\xbb\xbf"), src...)) }, ""},
		{"link to a device", func(t *testing.T, dir string) {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "main.tf")); err != nil {
				t.Fatal(err)
			}
		}, "is a character device"},
		{"larger than the cap", func(t *testing.T, dir string) {
			write(t, dir, "main.tf", append([]byte(src), strings.Repeat("#\n", MaxFileSize/2+1)...))
		}, "larger than 10 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			ix, errs := Load(dir, "")
			loc, found := ix.Resource(nil, "aws_vpc.main")
			if tt.wantErr == "" {
				if len(errs) > 0 || !found || loc.StartLine != 2 {
					t.Fatalf("errors %v; aws_vpc.main found=%v at %v, want line 2", errs, found, loc)
				}
				return
			}
			if found || len(errs) != 1 || errs[0].Loc.File != filepath.Join(dir, "main.tf") || !strings.Contains(errs[0].Msg, tt.wantErr) {
				t.Fatalf("errors %v (found=%v), want one naming main.tf with %q", errs, found, tt.wantErr)
			}
		})
	}
}

func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
