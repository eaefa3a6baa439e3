package hcl_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/edit/hcl"
)

const network = `# The network.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16" # the VPC
  enable_dns_hostnames = false
}

resource   "aws_subnet" "a" { # untouched, not as terraform fmt writes it
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.a.id]
}

module "endpoints" {
  source = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"

  endpoints = {
    s3  = { service = "s3", service_type = "Gateway" }
    sqs = { service = "sqs", private_dns_enabled = true }
  }
  subnet_ids = module.vpc.private_subnets
}

resource "aws_elastic_beanstalk_environment" "env" {
  name = "env"
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBScheme"
    value     = "public"
  }
}

data "aws_iam_policy_document" "s3" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
`

var (
	dnsOn        = edit.Edit{File: "network.tf", Op: edit.SetProperty, Target: "aws_vpc.main", Path: []string{"enable_dns_hostnames"}, Value: edit.True}
	dnsSupport   = edit.Edit{File: "network.tf", Op: edit.SetProperty, Target: "aws_vpc.main", Path: []string{"enable_dns_support"}, Value: edit.True.WithComment("required by private DNS")}
	logsEndpoint = edit.Edit{File: "network.tf", Op: edit.SetProperty, Target: "module.endpoints", Path: []string{"endpoints", "logs"},
		Value: edit.MapOf(edit.F("service", edit.Str("logs")), edit.F("private_dns_enabled", edit.True))}
	routes = edit.Edit{File: "network.tf", Op: edit.AppendItems, Target: "aws_vpc_endpoint.s3", Path: []string{"route_table_ids"},
		Value: edit.ListOf(edit.AttrOf("aws_route_table.a", "id"), edit.AttrOf("aws_route_table.b", "id"))}
	scheme = edit.Edit{File: "network.tf", Op: edit.SetProperty, Target: "aws_elastic_beanstalk_environment.env",
		Path: []string{"setting", edit.Select("namespace", "aws:ec2:vpc", "name", "ELBScheme"), "value"}, Value: edit.Str("internal")}
	subnets = edit.Edit{File: "network.tf", Op: edit.SetProperty, Target: "aws_elastic_beanstalk_environment.env",
		Path: []string{"setting", edit.Select("namespace", "aws:ec2:vpc", "name", "Subnets"), "value"}, Value: edit.Value{Kind: edit.Expr, Str: `join(",", [aws_subnet.a.id])`}}
	statement = edit.Edit{File: "network.tf", Op: edit.AppendItems, Target: "data.aws_iam_policy_document.s3", Path: []string{"statement"},
		Value: edit.Value{Kind: edit.List, Block: true, Items: []edit.Value{edit.MapOf(
			edit.F("sid", edit.Str("CloudFormation")),
			edit.F("actions", edit.ListOf(edit.Str("s3:GetObject"), edit.Str("s3:PutObject"))),
			edit.F("resources", edit.ListOf(edit.Str("arn:aws:s3:::cloudformation-waitcondition-us-east-1/*"))),
			edit.F("principals", edit.Value{Kind: edit.Map, Block: true, Fields: []edit.Field{edit.F("type", edit.Str("*")), edit.F("identifiers", edit.ListOf(edit.Str("*")))}}),
		)}}}
	logsResource = edit.Edit{File: "network.tf", Op: edit.AddResource, Target: "aws_vpc_endpoint.logs", Type: "aws_vpc_endpoint", Comment: "the logs endpoint",
		Value: edit.MapOf(
			edit.F("vpc_id", edit.AttrOf("aws_vpc.main", "id")),
			edit.F("service_name", edit.ConcatOf(edit.Str("com.amazonaws."), edit.AttrOf("data.aws_region.current", "name"), edit.Str(".logs"))),
			edit.F("vpc_endpoint_type", edit.Str("Interface")),
			edit.F("private_dns_enabled", edit.True),
			edit.F("subnet_ids", edit.ListOf(edit.AttrOf("aws_subnet.a", "id"))),
			edit.F("security_group_ids", edit.ListOf(edit.AttrOf("aws_security_group.endpoints", "id")).WithComment("admits TCP 443")),
		)}
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n%s", path, got)
	}
}

// fmtCheck runs terraform fmt -check on src (skipped without terraform).
func fmtCheck(t *testing.T, src []byte) {
	t.Helper()
	bin, err := exec.LookPath("terraform")
	if err != nil {
		t.Log("terraform is not installed: fmt check skipped")
		return
	}
	path := filepath.Join(t.TempDir(), "main.tf")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "fmt", "-check", "-diff", path).CombinedOutput(); err != nil {
		t.Errorf("terraform fmt -check: %v\n%s\n%s", err, out, src)
	}
}

var all = []edit.Edit{dnsOn, dnsSupport, logsEndpoint, routes, scheme, subnets, statement, logsResource}

// TestApply applies every kind of edit to one file: the result is the
// golden file, the blocks not touched are byte-identical (the
// unformatted subnet block included), the touched ones as terraform fmt
// writes them, and applying again changes nothing.
func TestApply(t *testing.T) {
	out, err := hcl.Apply([]byte(network), all)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "apply.tf.golden", out)
	for _, untouched := range []string{"# The network.\n", "\n\nresource   \"aws_subnet\" \"a\" { # untouched, not as terraform fmt writes it\n  vpc_id = aws_vpc.main.id\n}\n\n"} {
		if !bytes.Contains(out, []byte(untouched)) {
			t.Errorf("untouched text changed: %q", untouched)
		}
	}
	if !bytes.Contains(out, []byte("# the VPC\n")) {
		t.Error("the comment of a touched block is lost")
	}
	again, err := hcl.Apply(out, all)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, out) {
		t.Errorf("a second Apply changed the file:\n%s", again)
	}
	// Without the deliberately unformatted block, the result is as
	// terraform fmt writes it.
	clean := strings.Replace(network, "resource   \"aws_subnet\"", "resource \"aws_subnet\"", 1)
	out, err = hcl.Apply([]byte(clean), all)
	if err != nil {
		t.Fatal(err)
	}
	fmtCheck(t, out)
}

// TestApplyCRLF: a file with CRLF line ends keeps them, in what is
// changed and added too; one with mixed line ends is refused.
func TestApplyCRLF(t *testing.T) {
	lf, err := hcl.Apply([]byte(network), all)
	if err != nil {
		t.Fatal(err)
	}
	crlf := func(s []byte) []byte { return bytes.ReplaceAll(s, []byte("\n"), []byte("\r\n")) }
	out, err := hcl.Apply(crlf([]byte(network)), all)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, crlf(lf)) {
		t.Errorf("CRLF file:\n%q\nwant the LF result with CRLF line ends", out)
	}
	mixed := append(crlf([]byte(network)), "# an LF line\n"...)
	if _, err := hcl.Apply(mixed, all); err == nil || !strings.Contains(err.Error(), "mixed line ends") {
		t.Errorf("mixed line ends: error %v", err)
	}
}

// TestApplyEach applies each edit alone: every top-level block but the
// one it changes (or adds) is byte-identical.
func TestApplyEach(t *testing.T) {
	before := strings.Split(network, "\n\n")
	for _, e := range all {
		out, err := hcl.Apply([]byte(network), []edit.Edit{e})
		if err != nil {
			t.Fatalf("%s %s: %v", e.Op, e.Target, err)
		}
		after := strings.Split(string(out), "\n\n")
		if e.Op == edit.AddResource {
			if !slices.Equal(after[:len(before)-1], before[:len(before)-1]) || len(after) != len(before)+1 {
				t.Errorf("%s %s: other blocks changed:\n%s", e.Op, e.Target, out)
			}
			continue
		}
		if len(after) != len(before) {
			t.Fatalf("%s %s: blocks added or removed:\n%s", e.Op, e.Target, out)
		}
		parts := strings.Split(e.Target, ".")
		label := `"` + parts[len(parts)-1] + `" {`
		for i := range before {
			// (a block with a blank line inside is two parts)
			inBlock := strings.Contains(before[i], label) || i > 0 && strings.Contains(before[i-1], label) && !strings.HasPrefix(before[i], "resource")
			if after[i] != before[i] && !inBlock {
				t.Errorf("%s %s: block %d changed:\n%s", e.Op, e.Target, i, after[i])
			}
		}
	}
}

// TestRender shows the edits as a snippet: golden, as terraform fmt
// writes it.
func TestRender(t *testing.T) {
	out := hcl.Render(all)
	golden(t, "render.tf.golden", out)
	fmtCheck(t, out)
	if at := hcl.RenderAt(all, "network.tf"); !bytes.Equal(at, bytes.TrimPrefix(out, []byte("# in network.tf:\n"))) {
		t.Errorf("RenderAt the edits' own file:\n%s", at)
	}
	placeholder := dnsOn
	placeholder.Target, placeholder.Path, placeholder.Value = "aws_elastic_beanstalk_environment.env", []string{"setting", edit.Select("namespace", "aws:ec2:vpc", "name", "VPCId"), "value"}, edit.PlaceholderFor("vpc_id", "the ID of the subnets' VPC")
	if got := string(hcl.Render([]edit.Edit{placeholder})); !strings.Contains(got, "value     = var.vpc_id") {
		t.Errorf("placeholder rendered as\n%s", got)
	}
}

// TestRefusals: what Apply cannot decide or must not write is an error
// naming the file and the edit, and nothing is written.
func TestRefusals(t *testing.T) {
	dynamic := `resource "aws_elastic_beanstalk_environment" "env" {
  dynamic "setting" {
    for_each = local.settings
    content {
      namespace = "aws:ec2:vpc"
      name      = setting.key
      value     = setting.value
    }
  }
}
`
	twice := `resource "aws_elastic_beanstalk_environment" "env" {
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBScheme"
    value     = "public"
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBScheme"
    value     = "internal"
  }
}
`
	placeholder := scheme
	placeholder.Value = edit.PlaceholderFor("scheme", "the scheme")
	appendModule := routes
	appendModule.Target, appendModule.Path = "module.endpoints", []string{"subnet_ids"}
	setVar := logsEndpoint
	varMap := strings.Replace(network, "endpoints = {", "endpoints = var.endpoints\n  unused = {", 1)
	other := logsResource
	other.Value = edit.MapOf(edit.F("vpc_id", edit.Str("vpc-1")))
	instance := dnsOn
	instance.Target = "aws_vpc.main[0]"
	attrBlocks := "resource \"aws_security_group\" \"endpoints\" {\n  ingress = []\n}\n"
	ingress := edit.Edit{File: "network.tf", Op: edit.AppendItems, Target: "aws_security_group.endpoints", Path: []string{"ingress"},
		Value: edit.Value{Kind: edit.List, Block: true, Items: []edit.Value{edit.MapOf(edit.F("from_port", edit.Num(443)))}}}
	for _, c := range []struct {
		name, src string
		e         edit.Edit
		want      string
	}{
		{"blocks written as an argument", attrBlocks, ingress, "ingress is written as an argument"},
		{"dynamic setting block", dynamic, scheme, "dynamic \"setting\" block may generate"},
		{"two setting blocks", twice, scheme, "2 setting blocks"},
		{"placeholder", network, placeholder, "a value the inputs do not tell (var.scheme: the scheme)"},
		{"list not written out", network, appendModule, "module.vpc.private_subnets, not a list written out"},
		{"map not written out", varMap, setVar, "var.endpoints, not a map written out"},
		{"no such block", network, func() edit.Edit { e := dnsOn; e.Target = "aws_vpc.other"; return e }(), "declares no aws_vpc.other"},
		{"resource there, differently", network + "\nresource \"aws_vpc_endpoint\" \"logs\" {\n  vpc_id = \"vpc-2\"\n}\n", other, "declares aws_vpc_endpoint.logs already"},
		{"one instance", network, instance, "one instance of a block"},
		{"not valid Terraform", "resource \"aws_vpc\" \"main\" {\n", dnsOn, "not valid Terraform"},
	} {
		out, err := hcl.Apply([]byte(c.src), []edit.Edit{c.e})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), c.e.File+": ") {
			t.Errorf("%s: error %v, want one naming the file and holding %q", c.name, err, c.want)
		}
		if out != nil {
			t.Errorf("%s: output despite the refusal", c.name)
		}
	}
}

// TestApplyJSONEncode appends a statement to a policy written as
// jsonencode of a document: in place, once; a policy of another form is
// refused.
func TestApplyJSONEncode(t *testing.T) {
	src := `resource "aws_vpc_endpoint" "s3" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }, # the first
    ]
  })
}
`
	e := edit.Edit{File: "main.tf", Op: edit.AppendItems, Target: "aws_vpc_endpoint.s3", Path: []string{"policy", hcl.JSONEncode, "Statement"},
		Value: edit.ListOf(edit.MapOf(
			edit.F("Sid", edit.Str("CloudFormationResponses")),
			edit.F("Effect", edit.Str("Allow")),
			edit.F("Principal", edit.Str("*")),
			edit.F("Action", edit.ListOf(edit.Str("s3:GetObject"), edit.Str("s3:PutObject"))),
			edit.F("Resource", edit.Str("arn:aws:s3:::cloudformation-waitcondition-us-east-1/*")),
		))}
	out, err := hcl.Apply([]byte(src), []edit.Edit{e})
	if err != nil {
		t.Fatal(err)
	}
	want := `resource "aws_vpc_endpoint" "s3" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }, # the first
      {
        Sid       = "CloudFormationResponses"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:PutObject"]
        Resource  = "arn:aws:s3:::cloudformation-waitcondition-us-east-1/*"
      },
    ]
  })
}
`
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	fmtCheck(t, out)
	if again, err := hcl.Apply(out, []edit.Edit{e}); err != nil || !bytes.Equal(again, out) {
		t.Errorf("a second Apply: %v\n%s", err, again)
	}
	str := strings.Replace(src, "jsonencode({", "jsonencode(merge({", 1)
	str = strings.Replace(str, "  })\n}", "  }))\n}", 1)
	if _, err := hcl.Apply([]byte(str), []edit.Edit{e}); err == nil || !strings.Contains(err.Error(), "not a map written out") {
		t.Errorf("jsonencode of a function call: error %v, want a refusal", err)
	}
	if _, err := hcl.Apply([]byte("resource \"aws_vpc_endpoint\" \"s3\" {\n  policy = data.x.json\n}\n"), []edit.Edit{e}); err == nil || !strings.Contains(err.Error(), "not jsonencode of a document") {
		t.Errorf("a policy of another form: error %v, want a refusal", err)
	}
}
