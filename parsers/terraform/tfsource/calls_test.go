package tfsource

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestModuleCallInputs: the arguments of a module block are located in
// the calling file (nested calls in their parent module's file), and
// `# beanlint:ignore` above a module block is that call's suppression.
func TestModuleCallInputs(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"main.tf": `# beanlint:ignore EB102 DNS is resolved by the central resolver
module "net" {
  source               = "./net"
  enable_dns_hostnames = false
  endpoints            = { logs = { service = "logs" } }
}

module "remote" {
  source = "git::file:///srv/modules/vpc.git"
  cidr   = "10.0.0.0/16"
}
`,
		"net/main.tf": `variable "enable_dns_hostnames" {}
variable "endpoints" {}

module "inner" {
  source = "./inner"
  flag   = var.enable_dns_hostnames
}
`,
		"net/inner/main.tf": `variable "flag" {}
`,
	}
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, errs := Load(dir, "")
	if len(errs) > 0 {
		t.Fatalf("Load: %v", errs)
	}
	tests := []struct {
		module []string
		arg    string
		file   string // "" when not found
		line   int
		text   string
	}{
		{[]string{"net"}, "enable_dns_hostnames", "main.tf", 4, "false"},
		{[]string{"net"}, "endpoints", "main.tf", 5, `{ logs = { service = "logs" } }`},
		{[]string{"net"}, "missing", "", 0, ""},
		{[]string{"net", "inner"}, "flag", "net/main.tf", 6, "var.enable_dns_hostnames"},
		{[]string{"remote"}, "cidr", "main.tf", 10, `"10.0.0.0/16"`},
		{nil, "source", "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.module, ".")+"/"+tt.arg, func(t *testing.T) {
			loc, ok := ix.CallArgument(tt.module, tt.arg)
			if ok != (tt.file != "") {
				t.Fatalf("CallArgument found %v, want found %v", ok, tt.file != "")
			}
			if !ok {
				return
			}
			if loc.File != filepath.Join(dir, tt.file) || int(loc.StartLine) != tt.line {
				t.Errorf("located %s:%d, want %s:%d", loc.File, loc.StartLine, tt.file, tt.line)
			}
			if got := text(t, loc); got != tt.text {
				t.Errorf("located text %q, want %q", got, tt.text)
			}
		})
	}
	ign := ix.CallIgnores([]string{"net"})
	if len(ign) != 1 || ign[0].RuleID != "EB102" || ign[0].Reason != "DNS is resolved by the central resolver" {
		t.Errorf("CallIgnores(net) = %+v, want EB102 with its reason", ign)
	}
	for _, m := range [][]string{{"remote"}, {"net", "inner"}, nil} {
		if got := ix.CallIgnores(m); got != nil {
			t.Errorf("CallIgnores(%v) = %+v, want none", m, got)
		}
	}
}
