package terraform

import (
	"errors"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

func TestParseFormatVersions(t *testing.T) {
	tests := []struct {
		name, data string
		err        string // "" when the plan is accepted
	}{
		{"0.1", `{"format_version":"0.1","planned_values":{"root_module":{}}}`, ""},
		{"0.2", `{"format_version":"0.2","planned_values":{"root_module":{}},"resource_changes":[]}`, ""},
		{"1.0", `{"format_version":"1.0","resource_changes":[]}`, ""},
		{"1.2", `{"format_version":"1.2","resource_changes":[]}`, ""},
		{"later 1.x", `{"format_version":"1.15","resource_changes":[]}`, ""},
		{"format_version not first", `{"terraform_version":"1.11.4","planned_values":{},"format_version":"1.2"}`, ""},
		{"2.0", `{"format_version":"2.0","resource_changes":[]}`, `p.json:1:19: unsupported Terraform plan format_version "2.0" (beanlint reads 0.1 to 1.x)`},
		{"0.0", "{\n  \"format_version\": \"0.0\"}", `p.json:2:21: unsupported Terraform plan format_version "0.0"`},
		{"not a version", `{"format_version":"abc","resource_changes":[]}`, `unsupported Terraform plan format_version "abc"`},
		{"missing", `{"planned_values":{"root_module":{}}}`, "p.json: not a Terraform plan: format_version is missing"},
		{"invalid JSON", "{\"format_version\":\"1.2\",\n \"resource_changes\": [,]}", "p.json:2:23: invalid JSON: invalid character ','"},
		{"trailing data", "{\"format_version\":\"1.2\",\"resource_changes\":[]}\n}", "p.json:2:1: invalid JSON: invalid character '}' after top-level value"},
		{"truncated", `{"format_version":"1.2","resource_changes":[`, "invalid JSON"},
		{"empty", ``, "p.json: not a Terraform plan: the file is empty"},
		{"array", `[{"format_version":"1.2"}]`, "not a Terraform plan: the top-level JSON value is not an object"},
		{"wrong type", `{"format_version":"1.2","resource_changes":{"a":1}}`, "p.json:1:44: not a Terraform plan: resource_changes holds a JSON object, which is not what a plan has there"},
		{"number version", `{"format_version":1.2,"resource_changes":[]}`, "format_version is not a string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse("p.json", []byte(tc.data))
			if tc.err == "" {
				if err != nil || p == nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			var pe *parsers.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error = %v (%T), want a *parsers.ParseError", err, err)
			}
			if !strings.Contains(pe.Error(), tc.err) {
				t.Errorf("error = %q, want it to contain %q", pe.Error(), tc.err)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		data string
		want bool
	}{
		{`{"format_version":"1.2","planned_values":{}}`, true},
		{"\ufeff \n{\"format_version\":\"0.1\",\"resource_changes\":[]}", true},
		{`{"format_version":"1.0","values":{}}`, false}, // a state, not a plan
		{`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`, false},
		{`["format_version","planned_values"]`, false},
		{``, false},
	}
	for _, tc := range tests {
		if got := Sniff([]byte(tc.data)); got != tc.want {
			t.Errorf("Sniff(%q) = %v, want %v", tc.data, got, tc.want)
		}
	}
}

// TestUnknownAndDeleted covers resource_changes shapes on a small plan: a
// destroyed resource is left out, a read data source is deferred, an
// argument present in the configuration but not followable is unknown with
// a reason, one absent from it takes the default.
func TestUnknownAndDeleted(t *testing.T) {
	plan := `{"format_version":"1.2",
 "variables": {"vpc": {"value": "vpc-0123"}},
 "resource_changes": [
  {"address":"aws_vpc.gone","mode":"managed","type":"aws_vpc","name":"gone","change":{"actions":["delete"],"before":{"id":"vpc-9"},"after":null}},
  {"address":"aws_vpc_endpoint.e","mode":"managed","type":"aws_vpc_endpoint","name":"e","change":{"actions":["create"],
   "after":{"service_name":"com.amazonaws.us-east-1.sqs","vpc_endpoint_type":"Interface"},
   "after_unknown":{"id":true,"vpc_id":true,"private_dns_enabled":true,"policy":true,"security_group_ids":true,"subnet_ids":true}}},
  {"address":"aws_vpc_endpoint.f","mode":"managed","type":"aws_vpc_endpoint","name":"f","change":{"actions":["create"],
   "after":{"service_name":"com.amazonaws.us-east-1.logs"},"after_unknown":{"vpc_id":true}}},
  {"address":"aws_vpc.v","mode":"managed","type":"aws_vpc","name":"v","change":{"actions":["create"],
   "after":{"ipv4_netmask_length":16},"after_unknown":{"id":true,"cidr_block":true,"ipv4_ipam_pool_id":true}}},
  {"address":"aws_subnet.s","mode":"managed","type":"aws_subnet","name":"s","change":{"actions":["create"],
   "after":{},"after_unknown":{"id":true,"cidr_block":true,"vpc_id":true}}},
  {"address":"aws_security_group.g","mode":"managed","type":"aws_security_group","name":"g","change":{"actions":["create"],
   "after":{},"after_unknown":{"id":true,"vpc_id":true,"ingress":true,"egress":true}}}
 ],
 "configuration": {"root_module": {"resources": [
  {"address":"aws_vpc_endpoint.e","mode":"managed","type":"aws_vpc_endpoint","name":"e","expressions":{
   "vpc_id":{"references":["terraform.workspace"]},
   "subnet_ids":{"references":["aws_subnet.nowhere.id","aws_subnet.nowhere"]},
   "service_name":{"constant_value":"com.amazonaws.us-east-1.sqs"}}},
  {"address":"aws_vpc_endpoint.f","mode":"managed","type":"aws_vpc_endpoint","name":"f","expressions":{
   "vpc_id":{"references":["var.vpc"]}}},
  {"address":"aws_vpc.v","mode":"managed","type":"aws_vpc","name":"v","expressions":{
   "ipv4_ipam_pool_id":{"references":["aws_vpc_ipam_pool.p.id","aws_vpc_ipam_pool.p"]},"ipv4_netmask_length":{"constant_value":16}}},
  {"address":"aws_subnet.s","mode":"managed","type":"aws_subnet","name":"s","expressions":{
   "vpc_id":{"references":["aws_vpc.v.id","aws_vpc.v"]},"cidr_block":{"references":["aws_vpc.v.cidr_block","aws_vpc.v"]}}},
  {"address":"aws_security_group.g","mode":"managed","type":"aws_security_group","name":"g","expressions":{
   "vpc_id":{"references":["aws_subnet.s.vpc_id","aws_subnet.s"]}}}
 ], "variables": {"vpc": {}}}}}`
	p, err := Parse("p.json", []byte(plan))
	if err != nil {
		t.Fatal(err)
	}
	g := parsers.NewGraph()
	if errs := Build(g, p, nil); len(errs) > 0 {
		t.Fatal(errs)
	}
	if g.Node("p.json#aws_vpc.gone") != nil {
		t.Errorf("destroyed VPC in the graph")
	}
	e := g.Node("p.json#aws_vpc_endpoint.e").(*parsers.VPCEndpoint)
	checks := []struct {
		name string
		v    parsers.Value
		want string
	}{
		{"unset: default", e.PrivateDNS, "false default"},
		{"unset policy: full access", e.Policy, "(absent) "},
		{"nothing to follow", e.VPC, "(unknown: aws_vpc_endpoint.e.vpc_id is known only after apply: it comes from terraform.workspace) "},
		{"reference to a resource not in the plan", e.Subnets[0], "(unknown: aws_vpc_endpoint.e.subnet_ids is known only after apply: it comes from aws_subnet.nowhere.id, which is not in the plan) "},
		{"root variable", g.Node("p.json#aws_vpc_endpoint.f").(*parsers.VPCEndpoint).VPC, "vpc-0123 "},
		{"IPAM CIDR", g.VPCs[0].CIDRs[0], "(unknown: aws_vpc.v.cidr_block is allocated from an IPAM pool at apply) "},
		{"a CIDR derived from another is not that CIDR", g.Node("p.json#aws_subnet.s").(*parsers.Subnet).CIDR,
			"(unknown: aws_subnet.s.cidr_block is known only after apply: it comes from aws_vpc.v.cidr_block) "},
		{"another resource's argument is followed", g.Node("p.json#aws_security_group.g").(*parsers.SecurityGroup).VPC, "aws_vpc.v "},
	}
	for _, c := range checks {
		got := c.v.Describe() + " "
		if c.v.Default {
			got = c.v.Describe() + " default"
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if len(e.SecurityGroups) != 0 {
		t.Errorf("security groups = %v, want none (unset)", e.SecurityGroups)
	}
}
