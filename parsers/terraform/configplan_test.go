package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// configBuilt is a configuration linted without a plan, built into a graph.
type configBuilt struct {
	g       *parsers.Graph
	dir     string
	notices []parsers.Notice
	errs    []*parsers.ParseError
}

// buildConfig writes files (path → text) to a temporary directory and
// builds its root module from the configuration.
func buildConfig(t *testing.T, files map[string]string, vars Vars) *configBuilt {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, f := range vars.Files {
		vars.Files[i] = filepath.Join(dir, f)
	}
	ix, errs := tfsource.Load(dir, "")
	p, perrs, notices := FromConfig(dir, ix, vars)
	g := parsers.NewGraph()
	errs = append(append(errs, perrs...), Build(g, p, ix)...)
	return &configBuilt{g: g, dir: dir, notices: notices, errs: errs}
}

func (c *configBuilt) node(addr string) parsers.Node { return c.g.Node(c.dir + "#" + addr) }

// describe renders a graph value for comparisons: literal text, ref KEY
// (the key without the directory), or "unknown: reason".
func (c *configBuilt) describe(v parsers.Value) string {
	switch v.Kind {
	case parsers.Known:
		return v.Str
	case parsers.Ref:
		return "ref " + strings.TrimPrefix(v.Target, c.dir+"#")
	case parsers.Unknown:
		return "unknown: " + v.Reason
	case parsers.Absent:
		return "absent"
	}
	return v.Describe()
}

const vpcByVar = `
variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}
resource "aws_vpc" "main" {
  cidr_block = var.cidr
}
`

// TestConfigVariablePrecedence checks that root variables take the last of
// default, terraform.tfvars, *.auto.tfvars (in name order), --var-file,
// --var.
func TestConfigVariablePrecedence(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		vars  Vars
		want  string
	}{
		{"default", nil, Vars{}, "10.0.0.0/16"},
		{"terraform.tfvars", map[string]string{"terraform.tfvars": `cidr = "10.1.0.0/16"`}, Vars{}, "10.1.0.0/16"},
		{"auto.tfvars over terraform.tfvars", map[string]string{"terraform.tfvars": `cidr = "10.1.0.0/16"`, "a.auto.tfvars": `cidr = "10.2.0.0/16"`}, Vars{}, "10.2.0.0/16"},
		{"later auto.tfvars by name", map[string]string{"b.auto.tfvars": `cidr = "10.3.0.0/16"`, "a.auto.tfvars.json": `{"cidr": "10.2.0.0/16"}`}, Vars{}, "10.3.0.0/16"},
		{"--var-file over auto.tfvars", map[string]string{"a.auto.tfvars": `cidr = "10.2.0.0/16"`, "ci.tfvars": `cidr = "10.4.0.0/16"`}, Vars{Files: []string{"ci.tfvars"}}, "10.4.0.0/16"},
		{"--var over --var-file", map[string]string{"ci.tfvars": `cidr = "10.4.0.0/16"`}, Vars{Files: []string{"ci.tfvars"}, Values: []string{"cidr=10.5.0.0/16"}}, "10.5.0.0/16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"main.tf": vpcByVar}
			for k, v := range tt.files {
				files[k] = v
			}
			c := buildConfig(t, files, tt.vars)
			if len(c.errs) > 0 {
				t.Fatalf("errors: %v", c.errs)
			}
			vpc, ok := c.node("aws_vpc.main").(*parsers.VPC)
			if !ok || len(vpc.CIDRs) != 1 {
				t.Fatalf("VPC %v", c.node("aws_vpc.main"))
			}
			if got := c.describe(vpc.CIDRs[0]); got != tt.want {
				t.Errorf("CIDR %s, want %s", got, tt.want)
			}
		})
	}
}

// TestConfigBadInput checks bad variable input: a tfvars syntax error is
// an error with file and line; a variable without a value leaves what
// depends on it unknown, saying how to give it.
func TestConfigBadInput(t *testing.T) {
	c := buildConfig(t, map[string]string{"main.tf": vpcByVar, "terraform.tfvars": "cidr = \n\"x"}, Vars{})
	if len(c.errs) != 1 || !strings.HasSuffix(c.errs[0].Loc.File, "terraform.tfvars") || c.errs[0].Loc.StartLine == 0 {
		t.Errorf("errors %v, want one in terraform.tfvars with a line", c.errs)
	}
	c = buildConfig(t, map[string]string{"main.tf": `
variable "cidr" { type = string }
resource "aws_vpc" "main" { cidr_block = var.cidr }
`}, Vars{})
	vpc := c.node("aws_vpc.main").(*parsers.VPC)
	if got := c.describe(vpc.CIDRs[0]); !strings.Contains(got, "unknown: ") || !strings.Contains(got, "var.cidr has no value (give it with --var cidr=") {
		t.Errorf("CIDR %s, want unknown naming var.cidr and --var", got)
	}
	c = buildConfig(t, map[string]string{"main.tf": vpcByVar}, Vars{Values: []string{"cird=10.9.0.0/16"}})
	if len(c.notices) != 1 || !strings.Contains(c.notices[0].Msg, "declares no variable cird") {
		t.Errorf("notices %v, want one about cird", c.notices)
	}
}

// TestConfigRepetition checks count and for_each over known and unknown
// collections, and references that designate resources through them and
// through a local module's outputs.
func TestConfigRepetition(t *testing.T) {
	files := map[string]string{
		"main.tf": `
variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}
variable "extra" { type = number }
module "net" {
  source = "./net"
  cidr   = "10.0.0.0/16"
}
resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = module.net.vpc_id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = var.azs[count.index]
}
resource "aws_route_table" "private" {
  for_each = { for i, s in aws_subnet.private : var.azs[i] => s.id }
  vpc_id   = module.net.vpc_id
}
resource "aws_subnet" "later" {
  count      = var.extra
  vpc_id     = module.net.vpc_id
  cidr_block = "10.0.9.0/24"
}
`,
		"net/main.tf": `
variable "cidr" { type = string }
resource "aws_vpc" "this" { cidr_block = var.cidr }
output "vpc_id" { value = aws_vpc.this.id }
`,
	}
	c := buildConfig(t, files, Vars{})
	tests := []struct {
		addr, attr, want string
	}{
		{`aws_subnet.private[0]`, "vpc", "ref module.net.aws_vpc.this"},
		{`aws_subnet.private[1]`, "cidr", "10.0.1.0/24"},
		{`aws_subnet.private[1]`, "az", "eu-west-1b"},
		{`aws_subnet.private[0]`, "public ip", "false"}, // the provider default
		{`aws_route_table.private["eu-west-1b"]`, "vpc", "ref module.net.aws_vpc.this"},
	}
	for _, tt := range tests {
		n := c.node(tt.addr)
		var v parsers.Value
		switch n := n.(type) {
		case *parsers.Subnet:
			v = map[string]parsers.Value{"vpc": n.VPC, "cidr": n.CIDR, "az": n.AvailabilityZone, "public ip": n.MapPublicIPOnLaunch}[tt.attr]
		case *parsers.RouteTable:
			v = n.VPC
		default:
			t.Errorf("%s: node %T", tt.addr, n)
			continue
		}
		if got := c.describe(v); got != tt.want {
			t.Errorf("%s %s = %s, want %s", tt.addr, tt.attr, got, tt.want)
		}
	}
	if c.node("aws_subnet.private[2]") != nil || c.node("aws_subnet.later[0]") != nil || c.node("aws_subnet.later") != nil {
		t.Error("instances beyond the known count, or of an unknown count")
	}
	if len(c.notices) != 1 || !strings.Contains(c.notices[0].Msg, "aws_subnet.later: its count is not known") || !strings.Contains(c.notices[0].Msg, "var.extra has no value") {
		t.Errorf("notices %v, want one saying aws_subnet.later's count depends on var.extra", c.notices)
	}
}

// TestConfigRegionAndData checks the region from the provider block, the
// data.aws_region it gives, and that other data sources stay unknown.
func TestConfigRegionAndData(t *testing.T) {
	c := buildConfig(t, map[string]string{"main.tf": `
variable "region" { default = "eu-west-3" }
provider "aws" { region = var.region }
data "aws_region" "current" {}
data "aws_vpc" "shared" { id = "vpc-0123" }
resource "aws_vpc_endpoint" "logs" {
  vpc_id       = data.aws_vpc.shared.id
  service_name = "com.amazonaws.${data.aws_region.current.name}.logs"
}
resource "aws_subnet" "a" {
  vpc_id     = data.aws_vpc.shared.id
  cidr_block = data.aws_vpc.shared.cidr_block
}
`}, Vars{})
	ep := c.node("aws_vpc_endpoint.logs").(*parsers.VPCEndpoint)
	if got := c.describe(ep.ServiceName); got != "com.amazonaws.eu-west-3.logs" {
		t.Errorf("service name %s", got)
	}
	if got := c.describe(ep.VPC); got != "ref data.aws_vpc.shared" {
		t.Errorf("endpoint VPC %s", got)
	}
	sub := c.node("aws_subnet.a").(*parsers.Subnet)
	if got := c.describe(sub.CIDR); !strings.Contains(got, "reads from AWS") {
		t.Errorf("subnet CIDR %s, want unknown: read from AWS", got)
	}
	var region string
	for _, f := range c.g.Files {
		if f.Path == c.dir {
			region = f.Region.Str
		}
	}
	if region != "eu-west-3" {
		t.Errorf("region %q", region)
	}
}
