package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/rules"
)

// largeTemplate writes the fixed example grown to about resources
// resources (extra subnets, route tables, associations and security groups
// in the same VPC) and returns its path.
func largeTemplate(b *testing.B, resources int) string {
	return paddedTemplate(b, resources, 0)
}

// paddedTemplate is largeTemplate with each extra security group carrying
// tags, so that the file grows to about size bytes (0: no tags).
func paddedTemplate(b *testing.B, resources, size int) string {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRootB(b), fixedFile))
	if err != nil {
		b.Fatal(err)
	}
	tmpl := string(data)
	i := strings.Index(tmpl, "\nOutputs:")
	if i < 0 {
		b.Fatal("fixed example has no Outputs section")
	}
	var extra strings.Builder
	base := strings.Count(tmpl, "Type: AWS::")
	for n := 0; base+4*n+4 <= resources; n++ {
		fmt.Fprintf(&extra, `
  ExtraSubnet%[1]d:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref VPC
      CidrBlock: 10.0.%[2]d.0/24
      AvailabilityZone: !Select [%[3]d, !GetAZs ""]
  ExtraRouteTable%[1]d:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref VPC
  ExtraAssociation%[1]d:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref ExtraSubnet%[1]d
      RouteTableId: !Ref ExtraRouteTable%[1]d
  ExtraSecurityGroup%[1]d:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: extra group %[1]d
      VpcId: !Ref VPC
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 8080
          ToPort: 8080
          CidrIp: 10.0.0.0/16
`, n, 10+n, n%3)
		if size > 0 {
			extra.WriteString("      Tags:\n")
			for k := 0; k < size/(resources/4)/120; k++ {
				fmt.Fprintf(&extra, "        - Key: padding-%d\n          Value: %s\n", k, strings.Repeat("x", 80))
			}
		}
	}
	path := filepath.Join(b.TempDir(), fmt.Sprintf("template-%d-%d.yaml", resources, size))
	if err := os.WriteFile(path, []byte(tmpl[:i]+extra.String()+tmpl[i:]), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

func moduleRootB(b *testing.B) string {
	b.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLint measures a whole lint run in process: load, rules, report.
func BenchmarkLint(b *testing.B) {
	root := moduleRootB(b)
	inputs := map[string][]string{
		"examples":          {filepath.Join(root, brokenExample), filepath.Join(root, fixedExample)},
		"150-resources":     {largeTemplate(b, 150)},
		"500-resources":     {largeTemplate(b, 500)},
		"500-resources-1MB": {paddedTemplate(b, 500, 1<<20)},
	}
	for _, name := range []string{"examples", "150-resources", "500-resources", "500-resources-1MB"} {
		for _, format := range []string{"text", "sarif"} {
			b.Run(name+"/"+format, func(b *testing.B) {
				args := append([]string{"--fail-on", "none", "-f", format}, inputs[name]...)
				for b.Loop() {
					if code := run(args, nil, io.Discard, io.Discard, func(string) string { return "" }); code != 0 {
						b.Fatalf("exit code %d", code)
					}
				}
			})
		}
	}
}

// BenchmarkProcess measures the DESIGN.md performance contract as a user
// sees it: process start to exit of a built beanlint on a 150-resource
// template.
func BenchmarkProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "beanlint")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	tmpl := largeTemplate(b, 150)
	for b.Loop() {
		cmd := exec.Command(bin, "--fail-on", "none", "-f", "sarif", tmpl)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("beanlint: %v\n%s", err, out)
		}
	}
}

// BenchmarkStages splits a run into parsing (load: read, parse, resolve,
// build the graph) and linting (load plus rules), to check DESIGN.md's
// "lint time ≤ 2× parse-only time".
func BenchmarkStages(b *testing.B) {
	for _, n := range []int{150, 500} {
		tmpl := largeTemplate(b, n)
		b.Run(fmt.Sprintf("%d-resources/parse", n), func(b *testing.B) {
			for b.Loop() {
				if res := load.Load([]string{tmpl}, load.Options{}); len(res.Errors) > 0 {
					b.Fatal(res.Errors[0])
				}
			}
		})
		b.Run(fmt.Sprintf("%d-resources/parse+rules", n), func(b *testing.B) {
			for b.Loop() {
				res := load.Load([]string{tmpl}, load.Options{})
				if len(res.Errors) > 0 {
					b.Fatal(res.Errors[0])
				}
				rules.Run(res.Graph, rules.Options{})
			}
		})
	}
}

// tfPlanDir, when set, is where BenchmarkTerraformPlan writes its plans
// (plan-<n>.json, kept) instead of a temporary directory, so that the
// whole process can be measured on them (docs/BENCHMARKS.md).
var tfPlanDir = flag.String("tfplan-dir", "", "write the generated Terraform benchmark plans to `DIR` and keep them")

// Names of the interface endpoints the synthetic plans create; odd units
// leave out logs, so that half the environments have an EB301 finding.
var benchInterfaceServices = []string{"cloudformation", "elasticbeanstalk", "elasticbeanstalk-health", "logs", "sqs"}

// benchSubnets is the count of private subnets (and route table
// associations) per VPC in the synthetic plans.
const benchSubnets = 20

// tfPlanBuilder accumulates the sections of a synthetic plan in the shape
// `terraform show -json` writes for new infrastructure (format 1.2): known
// values in planned_values and change.after, computed ones only in
// after_unknown, and expressions with references in configuration.
type tfPlanBuilder struct {
	planned []map[string]any
	changes []map[string]any
	config  []map[string]any
}

const benchProvider = "registry.terraform.io/hashicorp/aws"

// add records one resource instance; index is nil, an int (count) or a
// string (for_each).
func (p *tfPlanBuilder) add(typ, name string, index any, after, unknown map[string]any) {
	addr := typ + "." + name
	switch i := index.(type) {
	case int:
		addr += fmt.Sprintf("[%d]", i)
	case string:
		addr += fmt.Sprintf("[%q]", i)
	}
	unknown["id"] = true
	pv := map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name,
		"provider_name": benchProvider, "schema_version": 0, "values": after, "sensitive_values": map[string]any{}}
	rc := map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name, "provider_name": benchProvider,
		"change": map[string]any{"actions": []string{"create"}, "before": nil, "after": after,
			"after_unknown": unknown, "before_sensitive": false, "after_sensitive": map[string]any{}}}
	if index != nil {
		pv["index"], rc["index"] = index, index
	}
	p.planned = append(p.planned, pv)
	p.changes = append(p.changes, rc)
}

// configure records a resource's configuration block.
func (p *tfPlanBuilder) configure(typ, name string, exprs map[string]any, extra map[string]any) {
	c := map[string]any{"address": typ + "." + name, "mode": "managed", "type": typ, "name": name,
		"provider_config_key": "aws", "expressions": exprs, "schema_version": 0}
	for k, v := range extra {
		c[k] = v
	}
	p.config = append(p.config, c)
}

func constant(v any) map[string]any { return map[string]any{"constant_value": v} }

// refs is an expression with references, each with its implied prefixes
// ("aws_vpc.v1.id" also lists "aws_vpc.v1"), as Terraform writes them.
func refs(rs ...string) map[string]any {
	var out []string
	for _, r := range rs {
		out = append(out, r)
		if parts := strings.Split(r, "."); len(parts) == 3 && parts[0] != "data" && parts[0] != "var" {
			out = append(out, parts[0]+"."+parts[1])
		}
	}
	return map[string]any{"references": out}
}

// unit adds one VPC with benchSubnets private subnets (count), a route
// table and its associations (count), an endpoint security group, an S3
// gateway endpoint, interface endpoints (for_each) and an Elastic
// Beanstalk environment in the subnets, and returns how many resource
// instances it added.
func (p *tfPlanBuilder) unit(k int) int {
	before := len(p.planned)
	vpc, subnet, rt, assoc := fmt.Sprintf("vpc_%d", k), fmt.Sprintf("private_%d", k), fmt.Sprintf("private_%d", k), fmt.Sprintf("private_%d", k)
	sg, s3, ifc, env := fmt.Sprintf("endpoints_%d", k), fmt.Sprintf("s3_%d", k), fmt.Sprintf("interface_%d", k), fmt.Sprintf("env_%d", k)
	vpcRef := "aws_vpc." + vpc

	p.add("aws_vpc", vpc, nil,
		map[string]any{"cidr_block": "10.0.0.0/16", "enable_dns_support": true, "enable_dns_hostnames": true, "instance_tenancy": "default", "tags": nil},
		map[string]any{"arn": true, "default_network_acl_id": true, "default_route_table_id": true, "default_security_group_id": true,
			"main_route_table_id": true, "owner_id": true, "tags_all": true})
	p.configure("aws_vpc", vpc, map[string]any{"cidr_block": constant("10.0.0.0/16"),
		"enable_dns_support": constant(true), "enable_dns_hostnames": constant(true)}, nil)

	for i := range benchSubnets {
		p.add("aws_subnet", subnet, i,
			map[string]any{"cidr_block": fmt.Sprintf("10.0.%d.0/24", i+1), "availability_zone": fmt.Sprintf("us-east-1%c", 'a'+i%3),
				"map_public_ip_on_launch": false, "assign_ipv6_address_on_creation": false, "tags": nil},
			map[string]any{"arn": true, "vpc_id": true, "availability_zone_id": true, "owner_id": true, "tags_all": true})
	}
	p.configure("aws_subnet", subnet, map[string]any{"vpc_id": refs(vpcRef + ".id"),
		"cidr_block": refs("count.index"), "availability_zone": refs("var.azs", "count.index")},
		map[string]any{"count_expression": constant(benchSubnets)})

	p.add("aws_route_table", rt, nil, map[string]any{"tags": nil},
		map[string]any{"arn": true, "vpc_id": true, "route": true, "propagating_vgws": true, "owner_id": true, "tags_all": true})
	p.configure("aws_route_table", rt, map[string]any{"vpc_id": refs(vpcRef + ".id")}, nil)

	for i := range benchSubnets {
		p.add("aws_route_table_association", assoc, i, map[string]any{"gateway_id": nil},
			map[string]any{"route_table_id": true, "subnet_id": true})
	}
	p.configure("aws_route_table_association", assoc, map[string]any{
		"subnet_id":      map[string]any{"references": []string{"aws_subnet." + subnet, "count.index"}},
		"route_table_id": refs("aws_route_table." + rt + ".id")},
		map[string]any{"count_expression": constant(benchSubnets)})

	p.add("aws_security_group", sg, nil,
		map[string]any{"name": sg, "description": "HTTPS from the instances", "revoke_rules_on_delete": false, "tags": nil,
			"ingress": []any{map[string]any{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []string{"10.0.0.0/16"},
				"description": "", "ipv6_cidr_blocks": []string{}, "prefix_list_ids": []string{}, "security_groups": []string{}, "self": false}}},
		map[string]any{"arn": true, "vpc_id": true, "egress": true, "name_prefix": true, "owner_id": true, "tags_all": true})
	p.configure("aws_security_group", sg, map[string]any{"name": constant(sg), "description": constant("HTTPS from the instances"),
		"vpc_id": refs(vpcRef + ".id"),
		"ingress": []any{map[string]any{"protocol": constant("tcp"), "from_port": constant(443), "to_port": constant(443),
			"cidr_blocks": refs(vpcRef + ".cidr_block")}}}, nil)

	endpointUnknown := func() map[string]any {
		return map[string]any{"arn": true, "vpc_id": true, "cidr_blocks": true, "dns_entry": true, "network_interface_ids": true,
			"owner_id": true, "policy": true, "prefix_list_id": true, "route_table_ids": true, "security_group_ids": true,
			"subnet_ids": true, "state": true, "tags_all": true}
	}
	p.add("aws_vpc_endpoint", s3, nil,
		map[string]any{"service_name": "com.amazonaws.us-east-1.s3", "vpc_endpoint_type": "Gateway", "auto_accept": nil, "tags": nil},
		endpointUnknown())
	p.configure("aws_vpc_endpoint", s3, map[string]any{"vpc_id": refs(vpcRef + ".id"),
		"service_name":      refs("data.aws_region.current.name", "data.aws_region.current"),
		"vpc_endpoint_type": constant("Gateway"), "route_table_ids": refs("aws_route_table." + rt + ".id")}, nil)

	var services []string
	for _, svc := range benchInterfaceServices {
		if svc == "logs" && k%2 == 1 {
			continue
		}
		services = append(services, svc)
		unknown := endpointUnknown()
		unknown["private_dns_enabled"] = false
		p.add("aws_vpc_endpoint", ifc, svc,
			map[string]any{"service_name": "com.amazonaws.us-east-1." + svc, "vpc_endpoint_type": "Interface",
				"private_dns_enabled": true, "auto_accept": nil, "tags": nil},
			unknown)
	}
	p.configure("aws_vpc_endpoint", ifc, map[string]any{"vpc_id": refs(vpcRef + ".id"),
		"service_name":        map[string]any{"references": []string{"data.aws_region.current.name", "data.aws_region.current", "each.key"}},
		"vpc_endpoint_type":   constant("Interface"),
		"private_dns_enabled": constant(true),
		"subnet_ids":          map[string]any{"references": []string{"aws_subnet." + subnet}},
		"security_group_ids":  refs("aws_security_group." + sg + ".id")},
		map[string]any{"for_each_expression": constant(services)})

	setting := func(ns, name string, v any) map[string]any {
		s := map[string]any{"namespace": ns, "name": name, "resource": ""}
		if v != nil {
			s["value"] = v
		}
		return s
	}
	// after.setting is a set: Terraform writes it sorted by name.
	p.add("aws_elastic_beanstalk_environment", env, nil,
		map[string]any{"name": fmt.Sprintf("env-%d", k), "application": "app", "tier": "WebServer",
			"solution_stack_name": "64bit Amazon Linux 2023 v6.1.0 running Node.js 20", "tags": nil,
			"setting": []any{setting("aws:ec2:vpc", "ELBScheme", "internal"), setting("aws:ec2:vpc", "Subnets", nil),
				setting("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"), setting("aws:ec2:vpc", "VPCId", nil)}},
		map[string]any{"arn": true, "all_settings": true, "cname": true, "endpoint_url": true, "platform_arn": true,
			"setting": []any{map[string]any{}, map[string]any{"value": true}, map[string]any{}, map[string]any{"value": true}}, "tags_all": true})
	cset := func(ns, name string, v map[string]any) map[string]any {
		return map[string]any{"namespace": constant(ns), "name": constant(name), "value": v}
	}
	p.configure("aws_elastic_beanstalk_environment", env, map[string]any{
		"name": constant(fmt.Sprintf("env-%d", k)), "application": refs("aws_elastic_beanstalk_application.app.name"),
		"solution_stack_name": constant("64bit Amazon Linux 2023 v6.1.0 running Node.js 20"),
		"setting": []any{
			cset("aws:ec2:vpc", "VPCId", refs(vpcRef+".id")),
			cset("aws:ec2:vpc", "Subnets", map[string]any{"references": []string{"aws_subnet." + subnet}}),
			cset("aws:ec2:vpc", "ELBScheme", constant("internal")),
			cset("aws:elasticbeanstalk:healthreporting:system", "SystemType", constant("enhanced")),
		}}, nil)
	return len(p.planned) - before
}

// terraformPlan writes a synthetic plan of about resources resource
// instances (whole units; see unit) into dir and returns its path.
func terraformPlan(b *testing.B, dir string, resources int) string {
	b.Helper()
	p := &tfPlanBuilder{}
	p.add("aws_elastic_beanstalk_application", "app", nil, map[string]any{"name": "app", "description": nil, "tags": nil},
		map[string]any{"arn": true, "tags_all": true})
	p.configure("aws_elastic_beanstalk_application", "app", map[string]any{"name": constant("app")}, nil)
	for k, n := 0, 1; n < resources; k++ {
		n += p.unit(k)
	}
	region := map[string]any{"address": "data.aws_region.current", "mode": "data", "type": "aws_region", "name": "current",
		"provider_name": benchProvider, "schema_version": 0,
		"values":           map[string]any{"description": "US East (N. Virginia)", "endpoint": "ec2.us-east-1.amazonaws.com", "id": "us-east-1", "name": "us-east-1"},
		"sensitive_values": map[string]any{}}
	p.config = append(p.config, map[string]any{"address": "data.aws_region.current", "mode": "data", "type": "aws_region",
		"name": "current", "provider_config_key": "aws", "schema_version": 0})
	// A struct keeps Terraform's order of the top-level keys
	// (format_version first), which loaders may sniff.
	plan := struct {
		FormatVersion    string           `json:"format_version"`
		TerraformVersion string           `json:"terraform_version"`
		Variables        map[string]any   `json:"variables"`
		PlannedValues    map[string]any   `json:"planned_values"`
		ResourceChanges  []map[string]any `json:"resource_changes"`
		PriorState       map[string]any   `json:"prior_state"`
		Configuration    map[string]any   `json:"configuration"`
		Timestamp        string           `json:"timestamp"`
		Applyable        bool             `json:"applyable"`
		Complete         bool             `json:"complete"`
		Errored          bool             `json:"errored"`
	}{
		FormatVersion:    "1.2",
		TerraformVersion: "1.11.4",
		Variables:        map[string]any{"azs": map[string]any{"value": []string{"us-east-1a", "us-east-1b", "us-east-1c"}}},
		PlannedValues:    map[string]any{"root_module": map[string]any{"resources": p.planned}},
		ResourceChanges:  p.changes,
		PriorState: map[string]any{"format_version": "1.0", "terraform_version": "1.11.4",
			"values": map[string]any{"root_module": map[string]any{"resources": []any{region}}}},
		Configuration: map[string]any{
			"provider_config": map[string]any{"aws": map[string]any{"name": "aws", "full_name": benchProvider,
				"expressions": map[string]any{"region": constant("us-east-1")}}},
			"root_module": map[string]any{"resources": p.config,
				"variables": map[string]any{"azs": map[string]any{}}},
		},
		Timestamp: "2025-01-01T00:00:00Z", Applyable: true, Complete: true,
	}
	data, err := json.Marshal(plan)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("plan-%d.json", resources))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkTerraformPlan measures a whole run in process (load, rules,
// SARIF report) on synthetic plans of 1k, 10k and 50k resources; with
// -benchmem it reports bytes allocated per run, and MB/s of plan JSON.
func BenchmarkTerraformPlan(b *testing.B) {
	dir := *tfPlanDir
	if dir == "" {
		dir = b.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			plan := terraformPlan(b, dir, n)
			st, err := os.Stat(plan)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(st.Size())
			b.ReportAllocs()
			args := []string{"--fail-on", "none", "-f", "sarif", plan}
			for b.Loop() {
				if code := run(args, nil, io.Discard, io.Discard, func(string) string { return "" }); code != 0 {
					b.Fatalf("exit code %d", code)
				}
			}
		})
	}
}
