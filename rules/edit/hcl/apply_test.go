package hcl_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
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

func file(t *testing.T) string { return "network.tf" }

var (
	dnsOn = edit.Edit{File: "network.tf", Op: edit.SetProperty, Target: "aws_vpc.main", Path: []string{"enable_dns_hostnames"}, Value: edit.True}
	dnsSupport = edit.Edit{File: "network.tf", Op: edit.SetProperty, Target: "aws_vpc.main", Path: []string{"enable_dns_support"}, Value: edit.True.WithComment("required by private DNS")}
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

func TestDump(t *testing.T) {
	all := []edit.Edit{dnsOn, dnsSupport, logsEndpoint, routes, scheme, subnets, statement, logsResource}
	out, err := hcl.Apply([]byte(network), all)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", out)
	again, err := hcl.Apply(out, all)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, out) {
		t.Errorf("not idempotent:\n%s", again)
	}
	t.Logf("\n%s", hcl.Render(all))
	_ = strings.Contains
	_ = exec.Command
	_ = os.Getenv
	_ = filepath.Join
}
