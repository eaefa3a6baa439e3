package terraform

import (
	"fmt"
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
		return "unknown: " + v.Reason()
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
// default, TF_VAR_ environment variables, terraform.tfvars, *.auto.tfvars (in name order), --var-file,
// --var.
func TestConfigVariablePrecedence(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		vars  Vars
		want  string
	}{
		{"default", nil, Vars{}, "10.0.0.0/16"},
		{"TF_VAR_ over the default", nil, Vars{Env: []string{"HOME=/root", "TF_VAR_cidr=10.6.0.0/16"}}, "10.6.0.0/16"},
		{"TF_VAR_ of a list type is an HCL value", map[string]string{"main.tf": `
variable "cidrs" { type = list(string) }
resource "aws_vpc" "main" { cidr_block = var.cidrs[1] }
`}, Vars{Env: []string{`TF_VAR_cidrs=["10.8.0.0/16", "10.9.0.0/16"]`}}, "10.9.0.0/16"},
		{"TF_VAR_ names are case-sensitive", nil, Vars{Env: []string{"TF_VAR_CIDR=10.6.0.0/16", "tf_var_cidr=10.7.0.0/16"}}, "10.0.0.0/16"},
		{"terraform.tfvars over TF_VAR_", map[string]string{"terraform.tfvars": `cidr = "10.1.0.0/16"`}, Vars{Env: []string{"TF_VAR_cidr=10.6.0.0/16"}}, "10.1.0.0/16"},
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
	if got := c.describe(vpc.CIDRs[0]); !strings.Contains(got, "unknown: ") || !strings.Contains(got, "var.cidr has no value (give it with --var cidr=") || !strings.Contains(got, "TF_VAR_cidr") {
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
	if c.node("aws_subnet.private[2]") != nil || c.node("aws_subnet.later[0]") != nil {
		t.Error("instances beyond the known count, or of an unknown count")
	}
	// One stands for the instances of an unknown count, existing only
	// under that condition.
	if later := c.node("aws_subnet.later"); later == nil || later.Base().Condition != "the count (var.extra) of aws_subnet.later, which is not known without a plan" {
		t.Errorf("aws_subnet.later: %v, want a node under the condition of its count", later)
	}
	if len(c.notices) != 0 {
		t.Errorf("notices %v, want none (an unknown count is for EB901)", c.notices)
	}
	if len(c.g.Undecided) != 1 {
		t.Fatalf("undecided %v, want aws_subnet.later", c.g.Undecided)
	}
	u := c.g.Undecided[0]
	if u.Name != "aws_subnet.later" || u.Loc.StartLine != 22 || u.Loc.StartCol != 16 || !strings.Contains(u.Reason, "its count (var.extra) is not known") || !strings.Contains(u.Reason, "var.extra has no value") {
		t.Errorf("undecided %+v, want aws_subnet.later's count at main.tf:22:16 naming var.extra", u)
	}
}

// TestConfigUndecidedRepetition: a count or for_each the configuration
// does not decide makes its resource or module call undecided, located on
// the expression and naming it; a resource no rule reads gives a notice.
func TestConfigUndecidedRepetition(t *testing.T) {
	c := buildConfig(t, map[string]string{"main.tf": `
variable "on" { type = bool }
variable "names" { type = set(string) }
resource "aws_vpc_endpoint" "logs" {
  count        = var.on ? 1 : 0
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.eu-west-1.logs"
}
resource "aws_subnet" "each" {
  for_each   = var.names
  vpc_id     = "vpc-1"
  cidr_block = each.value
}
module "net" {
  source   = "./net"
  for_each = toset([aws_vpc_endpoint.logs[0].id])
}
resource "aws_instance" "web" {
  count = var.on ? 2 : 0
}
resource "aws_route_table" "rt" {
  vpc_id = "vpc-1"
}
resource "aws_route" "nat" {
  count                  = var.on ? 1 : 0
  route_table_id         = aws_route_table.rt.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = "nat-0123"
}
resource "aws_route_table_association" "a" {
  for_each       = var.names
  subnet_id      = "subnet-0123"
  route_table_id = aws_route_table.rt.id
}
resource "aws_subnet" "text" {
  count      = "2"
  vpc_id     = "vpc-1"
  cidr_block = "10.0.${count.index}.0/24"
}
`, "net/main.tf": `resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }`}, Vars{})
	var got []string
	for _, u := range c.g.Undecided {
		got = append(got, fmt.Sprintf("%s@%d:%d %s", u.Name, u.Loc.StartLine, u.Loc.StartCol, u.Reason))
	}
	want := []string{
		`aws_vpc_endpoint.logs@5:18 its count (var.on ? 1 : 0) is not known`,
		`aws_subnet.each@10:16 its for_each (var.names) is not known`,
		`module.net@16:14 a key of its for_each (toset([aws_vpc_endpoint.logs[0].id])) is known only after apply`,
		`aws_route.nat@25:28 its count (var.on ? 1 : 0) is not known`,
		`aws_route_table_association.a@31:20 its for_each (var.names) is not known`,
	}
	if len(got) != len(want) {
		t.Fatalf("undecided:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("no undecided %q in\n%s", w, strings.Join(got, "\n"))
		}
	}
	each, ok := c.node("aws_subnet.each").(*parsers.Subnet)
	if !ok || !strings.Contains(c.describe(each.CIDR), "the instances of aws_subnet.each are not known: the for_each (var.names) of aws_subnet.each, which is not known without a plan") {
		t.Errorf("aws_subnet.each: %v, want the one instance under the for_each's condition, its CIDR unknown saying so", c.node("aws_subnet.each"))
	}
	// A route stands under the condition too; what folds into other
	// nodes (an association) cannot, and is left out.
	rt, ok := c.node("aws_route_table.rt").(*parsers.RouteTable)
	if !ok || len(rt.Routes) != 1 || rt.Routes[0].Condition != "the count (var.on ? 1 : 0) of aws_route.nat, which is not known without a plan" {
		t.Errorf("aws_route_table.rt: %+v, want one route under the condition of aws_route.nat's count", c.node("aws_route_table.rt"))
	}
	if c.node("aws_route_table_association.a") != nil {
		t.Error("aws_route_table_association.a stands in a node")
	}
	if c.node("aws_subnet.text[1]") == nil || c.node("aws_subnet.text[2]") != nil {
		t.Error(`count = "2" does not make two instances, as Terraform converts it to a number`)
	}
	// aws_instance.web's count is not known either, but no rule reads an
	// aws_instance: neither undecided (above) nor a notice.
	if len(c.notices) != 0 {
		t.Errorf("notices %v, want none (aws_instance.web is nothing the rules read)", c.notices)
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

// TestConfigJSONSyntax: a root mixing .tf and .tf.json files is evaluated
// as one module: a JSON variable's type string, "${...}" templates, count,
// a JSON setting array and a dynamic block over a JSON local.
func TestConfigJSONSyntax(t *testing.T) {
	c := buildConfig(t, map[string]string{
		"variables.tf.json": `{"variable": {"azs": {"type": "list(string)", "default": ["eu-west-1a", "eu-west-1b"]}}}`,
		"main.tf.json": `{
  "locals": {"extra": {"SystemType": "enhanced"}},
  "resource": {
    "aws_subnet": {"p": {"count": "${length(var.azs)}", "vpc_id": "${aws_vpc.main.id}", "cidr_block": "${cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)}", "availability_zone": "${var.azs[count.index]}"}},
    "aws_elastic_beanstalk_environment": {"env": {
      "name": "env", "application": "app",
      "setting": [{"namespace": "aws:ec2:vpc", "name": "VPCId", "value": "${aws_vpc.main.id}"}],
      "dynamic": {"setting": {"for_each": "${local.extra}", "iterator": "s", "content": {"namespace": "aws:elasticbeanstalk:healthreporting:system", "name": "${s.key}", "value": "${s.value}"}}}
    }}
  }
}`,
		"vpc.tf": `resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }`,
	}, Vars{})
	if len(c.errs) > 0 || len(c.notices) > 0 {
		t.Fatalf("errors %v, notices %v", c.errs, c.notices)
	}
	sub, ok := c.node("aws_subnet.p[1]").(*parsers.Subnet)
	if !ok {
		t.Fatalf("aws_subnet.p[1]: %v", c.node("aws_subnet.p[1]"))
	}
	for what, got := range map[string]string{"10.0.1.0/24": c.describe(sub.CIDR), "eu-west-1b": c.describe(sub.AvailabilityZone), "ref aws_vpc.main": c.describe(sub.VPC)} {
		if got != what {
			t.Errorf("aws_subnet.p[1]: %s, want %s", got, what)
		}
	}
	env, ok := c.node("aws_elastic_beanstalk_environment.env").(*parsers.Environment)
	if !ok {
		t.Fatalf("environment: %v", c.node("aws_elastic_beanstalk_environment.env"))
	}
	var got []string
	for _, st := range env.Settings {
		got = append(got, st.Namespace+"/"+st.Name+"="+c.describe(st.Value))
	}
	want := "aws:ec2:vpc/VPCId=ref aws_vpc.main aws:elasticbeanstalk:healthreporting:system/SystemType=enhanced"
	if strings.Join(got, " ") != want || env.SettingsUndecided.Kind != parsers.Absent {
		t.Errorf("settings %v (undecided %v), want %s", got, env.SettingsUndecided, want)
	}
}

// TestConfigAttributeBlocks: blocks the provider also takes as an argument
// (ingress = [{ ... }]) are read in that form too; a list not known makes
// them one unknown rule, not none.
func TestConfigAttributeBlocks(t *testing.T) {
	c := buildConfig(t, map[string]string{"main.tf": `
variable "rules" { type = list(any) }
resource "aws_security_group" "a" {
  vpc_id = "vpc-1"
  ingress = [{
    protocol         = "tcp"
    from_port        = 443
    to_port          = 443
    cidr_blocks      = ["10.0.0.0/16"]
    description      = ""
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = false
  }]
}
resource "aws_security_group" "b" {
  vpc_id  = "vpc-1"
  ingress = var.rules
}
`}, Vars{})
	a := c.node("aws_security_group.a").(*parsers.SecurityGroup)
	if len(a.Ingress) != 1 || c.describe(a.Ingress[0].FromPort) != "443" || c.describe(a.Ingress[0].Peer.CIDR) != "10.0.0.0/16" {
		t.Errorf("aws_security_group.a ingress %+v, want one rule: 443 from 10.0.0.0/16", a.Ingress)
	}
	b := c.node("aws_security_group.b").(*parsers.SecurityGroup)
	if len(b.Ingress) != 1 || !strings.Contains(c.describe(b.Ingress[0].FromPort), "var.rules has no value") {
		t.Errorf("aws_security_group.b ingress %+v, want one unknown rule naming var.rules", b.Ingress)
	}
}

// TestConfigDeploymentRegion: linted without a plan, the default aws
// provider's region that the configuration leaves to where terraform runs
// (no region argument, or a root variable without a value) is the graph's
// deployment region symbol, as CloudFormation's ${AWS::Region}: read
// through a data "aws_region" of that provider without arguments, or
// through the variable itself, it builds service names of the
// environment's region. A data source of another provider (an alias, a
// module given one) or with arguments, and anything that depends on which
// region it is (a comparison, a substring), stay unknown; a region the
// configuration decides stays a literal.
func TestConfigDeploymentRegion(t *testing.T) {
	const noRegion = `provider "aws" {}
`
	const regionVar = `variable "region" { type = string }
provider "aws" { region = var.region }
`
	const symbolic = "com.amazonaws.${AWS::Region}.logs"
	// A function other than a template-like one applied to the region
	// makes the name unknown, whatever text it leaves.
	const transformed = "unknown: service_name is not known from the configuration: it comes from data.aws_region.current.name, the default aws provider's region"
	tests := []struct {
		name     string
		provider string // provider and variable blocks of main.tf
		data     string // the aws_region data source block
		service  string // the endpoint's service_name expression
		module   string // providers argument of the module call; "" puts the endpoint in the root module
		vars     []string
		want     string // the service name's Text, or "unknown: " and a substring of the reason
	}{
		{"no region, name", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", nil, symbolic},
		{"no region, region", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.region}.logs"`, "", nil, symbolic},
		{"no region, id", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.id}.logs"`, "", nil, symbolic},
		{"no provider block", "", `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", nil, symbolic},
		{"variable, data source", regionVar, `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", nil, symbolic},
		{"variable itself", regionVar, "", `"com.amazonaws.${var.region}.logs"`, "", nil, symbolic},
		{"variable in a template", "variable \"region\" {}\nprovider \"aws\" { region = \"${var.region}\" }\n", "", `format("com.amazonaws.%s.logs", var.region)`, "", nil, symbolic},
		{"variable given", regionVar, `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", []string{"region=eu-west-3"}, "com.amazonaws.eu-west-3.logs"},
		{"variable with a default", "variable \"region\" { default = \"eu-west-3\" }\nprovider \"aws\" { region = var.region }\n", "", `"com.amazonaws.${var.region}.logs"`, "", nil, "com.amazonaws.eu-west-3.logs"},
		{"another variable", regionVar + "variable \"other\" { type = string }\n", "", `"com.amazonaws.${var.other}.logs"`, "", nil, "unknown: var.other has no value"},
		{"region from a local", "variable \"region\" { type = string }\nlocals { region = var.region }\nprovider \"aws\" { region = local.region }\n", "", `"com.amazonaws.${var.region}.logs"`, "", nil, symbolic},
		{"region from a local, data source", "variable \"region\" { type = string }\nlocals { r = var.region }\nprovider \"aws\" { region = local.r }\n", `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", nil, symbolic},
		{"region from a local of a local", "variable \"region\" { type = string }\nlocals {\n  a = var.region\n  r = local.a\n}\nprovider \"aws\" { region = \"${local.r}\" }\n", "", `"com.amazonaws.${local.r}.logs"`, "", nil, symbolic},
		{"region from a local, given", "variable \"region\" { type = string }\nlocals { r = var.region }\nprovider \"aws\" { region = local.r }\n", `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", []string{"region=eu-west-3"}, "com.amazonaws.eu-west-3.logs"},
		{"region from a local that computes", "variable \"region\" { type = string }\nlocals { r = lower(var.region) }\nprovider \"aws\" { region = local.r }\n", `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", nil, "unknown: "},
		{"variable with a null default", "variable \"region\" { default = null }\nprovider \"aws\" { region = var.region }\n", `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", nil, symbolic},
		{"variable with a null default, itself", "variable \"region\" {\n  type    = string\n  default = null\n}\nprovider \"aws\" { region = var.region }\n", "", `"com.amazonaws.${var.region}.logs"`, "", nil, symbolic},
		{"variable with a null default, given", "variable \"region\" { default = null }\nprovider \"aws\" { region = var.region }\n", `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", []string{"region=eu-west-3"}, "com.amazonaws.eu-west-3.logs"},
		{"aliased provider", noRegion + "provider \"aws\" {\n  alias = \"peer\"\n}\n", "data \"aws_region\" \"current\" {\n  provider = aws.peer\n}", `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", nil, "unknown: service_name is not known from the configuration: it comes from data.aws_region.current.name, a data source"},
		{"data source names a region", noRegion, "data \"aws_region\" \"current\" {\n  name = \"us-west-2\"\n}", `"com.amazonaws.${data.aws_region.current.name}.logs"`, "", nil, "com.amazonaws.us-west-2.logs"},
		{"comparison", noRegion, `data "aws_region" "current" {}`, `data.aws_region.current.name == "us-east-1" ? "com.amazonaws.us-east-1.logs" : "com.amazonaws.us-west-2.logs"`, "", nil, "unknown: service_name is not known from the configuration: it comes from data.aws_region.current.name, the default aws provider's region, which the provider does not set"},
		{"substring", regionVar, "", `"com.amazonaws.${substr(var.region, 0, 2)}.logs"`, "", nil, "unknown: service_name is not known from the configuration: it comes from var.region, the default aws provider's region, its region argument (var.region) is not known: var.region has no value"},
		{"replace, placeholder unchanged", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${replace(data.aws_region.current.name, "us-east-1", "us-west-2")}.logs"`, "", nil, transformed},
		{"replace of a substring", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${replace(data.aws_region.current.name, "east", "west")}.logs"`, "", nil, transformed},
		{"trimsuffix", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${trimsuffix(data.aws_region.current.name, "-1")}.logs"`, "", nil, transformed},
		{"trimprefix", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${trimprefix(data.aws_region.current.name, "us-")}.logs"`, "", nil, transformed},
		{"trimspace", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${trimspace(data.aws_region.current.name)}.logs"`, "", nil, transformed},
		{"lower", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${lower(data.aws_region.current.name)}.logs"`, "", nil, transformed},
		{"replace of the whole name", noRegion, `data "aws_region" "current" {}`, `replace("com.amazonaws.${data.aws_region.current.name}.logs", "us-east-1", "us-west-2")`, "", nil, transformed},
		{"transformed inside format", noRegion, `data "aws_region" "current" {}`, `format("com.amazonaws.%s.logs", trimspace(data.aws_region.current.name))`, "", nil, transformed},
		{"transformed, then selected", noRegion, `data "aws_region" "current" {}`, `element([upper(data.aws_region.current.name)], 0)`, "", nil, transformed},
		{"lookup by the region", noRegion, `data "aws_region" "current" {}`, `lookup({}, data.aws_region.current.name, "com.amazonaws.${data.aws_region.current.name}.logs")`, "", nil, transformed},
		{"conditional on the region", noRegion, `data "aws_region" "current" {}`, `data.aws_region.current.name == "us-east-1" ? "com.amazonaws.${data.aws_region.current.name}.logs" : "com.amazonaws.${data.aws_region.current.name}.sqs"`, "", nil, transformed},
		{"conditional on the region, nested", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.${startswith(data.aws_region.current.name, "cn-") ? "sqs" : "logs"}"`, "", nil, transformed},
		{"conditional on something else", noRegion, `data "aws_region" "current" {}`, `length("ab") == 2 ? "com.amazonaws.${data.aws_region.current.name}.logs" : "com.amazonaws.${data.aws_region.current.name}.sqs"`, "", nil, symbolic},
		{"join", noRegion, `data "aws_region" "current" {}`, `join(".", ["com.amazonaws", data.aws_region.current.name, "logs"])`, "", nil, symbolic},
		{"selected from a list", noRegion, `data "aws_region" "current" {}`, `element(["com.amazonaws.${data.aws_region.current.name}.logs"], 0)`, "", nil, symbolic},
		{"tostring", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${tostring(data.aws_region.current.name)}.logs"`, "", nil, symbolic},
		{"module, default provider", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "{ aws = aws }", nil, symbolic},
		{"module, implicit provider", noRegion, `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "-", nil, symbolic},
		{"module, another provider, known region", "provider \"aws\" { region = \"eu-west-3\" }\nprovider \"aws\" {\n  alias  = \"peer\"\n  region = \"us-west-2\"\n}\n", `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "{ aws = aws.peer }", nil, "unknown: "},
		{"module, another provider", noRegion + "provider \"aws\" {\n  alias = \"peer\"\n}\n", `data "aws_region" "current" {}`, `"com.amazonaws.${data.aws_region.current.name}.logs"`, "{ aws = aws.peer }", nil, "unknown: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			endpoint := tt.data + "\nresource \"aws_vpc_endpoint\" \"logs\" {\n  vpc_id       = \"vpc-0123\"\n  service_name = " + tt.service + "\n}\n"
			files := map[string]string{"main.tf": tt.provider + endpoint}
			addr := "aws_vpc_endpoint.logs"
			if tt.module != "" {
				call := "module \"net\" {\n  source = \"./net\"\n"
				if tt.module != "-" {
					call += "  providers = " + tt.module + "\n"
				}
				files = map[string]string{"main.tf": tt.provider + call + "}\n", "net/main.tf": endpoint}
				addr = "module.net." + addr
			}
			c := buildConfig(t, files, Vars{Values: tt.vars})
			if len(c.errs) > 0 {
				t.Fatalf("errors: %v", c.errs)
			}
			ep, ok := c.node(addr).(*parsers.VPCEndpoint)
			if !ok {
				t.Fatalf("no endpoint %s", addr)
			}
			got, ok := ep.ServiceName.Text()
			if !ok {
				got = c.describe(ep.ServiceName)
			}
			if want, unknown := strings.CutPrefix(tt.want, "unknown: "); unknown {
				if ep.ServiceName.Kind != parsers.Unknown || !strings.Contains(got, want) {
					t.Errorf("service name %s, want unknown: …%s…", got, want)
				}
			} else if got != tt.want {
				t.Errorf("service name %s, want %s", got, tt.want)
			}
			for _, f := range c.g.Files {
				if f.Path == c.dir && tt.want == symbolic && f.Region.Kind != parsers.Absent {
					t.Errorf("deployment region %s, want none (symbolic)", f.Region.Describe())
				}
			}
		})
	}
}

// TestConfigRegionRepetition: linted without a plan with the region left
// to where terraform runs, a count or for_each whose shape does not depend
// on which region it is (the length of a list of service names built from
// it, a merge of maps of them) is known; one that compares the region, or
// names built from it, is not, and says what decides it.
func TestConfigRegionRepetition(t *testing.T) {
	tests := []struct {
		name   string
		repeat string // the count or for_each argument of aws_vpc_endpoint.e
		want   string // "n instances", or a substring of the undecided reason
	}{
		{"length", "count = length(local.names)", "2 instances"},
		{"length of a concatenation", `count = length(concat(local.names, ["com.amazonaws.${data.aws_region.current.name}.s3"]))`, "3 instances"},
		{"merge", "for_each = merge(local.byKey, { s3 = \"com.amazonaws.${data.aws_region.current.name}.s3\" })", "3 instances"},
		{"keys", "for_each = toset(keys(local.byKey))", "2 instances"},
		{"comparison", `count = data.aws_region.current.name == "us-east-1" ? 1 : 0`, "its count (data.aws_region.current.name == \"us-east-1\" ? 1 : 0) is not known (the count is not known from the configuration: it comes from data.aws_region.current.name, the default aws provider's region, which the provider does not set"},
		{"contains", `count = contains(local.names, "com.amazonaws.us-east-1.logs") ? 1 : 0`, "is not known (the count is not known from the configuration: it comes from data.aws_region.current.name"},
		{"length of substrings", `count = length([for n in local.names : n if startswith(n, "com.amazonaws.us-")])`, "is not known (the count is not known from the configuration: it comes from data.aws_region.current.name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := buildConfig(t, map[string]string{"main.tf": `
provider "aws" {}
data "aws_region" "current" {}
locals {
  names = ["com.amazonaws.${data.aws_region.current.name}.logs", "com.amazonaws.${data.aws_region.current.name}.sqs"]
  byKey = { logs = local.names[0], sqs = local.names[1] }
}
resource "aws_vpc_endpoint" "e" {
  ` + tt.repeat + `
  vpc_id       = "vpc-0123"
  service_name = "com.amazonaws.${data.aws_region.current.name}.logs"
}
`}, Vars{})
			if len(c.errs) > 0 {
				t.Fatalf("errors: %v", c.errs)
			}
			var reasons []string
			for _, u := range c.g.Undecided {
				reasons = append(reasons, u.Reason)
			}
			n := 0
			for _, ep := range c.g.Endpoints {
				if ep.Condition == "" {
					n++
				}
			}
			if want, ok := strings.CutSuffix(tt.want, " instances"); ok {
				if fmt.Sprint(n) != want || len(reasons) > 0 {
					t.Errorf("%d instances (undecided: %v), want %s", n, reasons, want)
				}
				return
			}
			if len(reasons) != 1 || !strings.Contains(reasons[0], tt.want) {
				t.Errorf("undecided %q, want one saying …%s…", reasons, tt.want)
			}
		})
	}
}
