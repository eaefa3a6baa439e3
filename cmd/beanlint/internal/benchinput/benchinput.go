// Package benchinput generates the synthetic inputs of beanlint's
// benchmarks, so that no large file is committed: CloudFormation templates
// grown from the fixed example, and Terraform plans of any size. The
// benchmarks of cmd/beanlint and the whole-process comparison of
// `make bench` (scripts/bench.sh) read the same inputs.
package benchinput

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Template is the fixed example (fixed, the bytes of
// examples/fixed/private-environment.yaml) grown to about resources
// resources: extra subnets, route tables, associations and security groups
// in the same VPC, inserted before the Outputs section. With size > 0 each
// extra security group carries tags, so that the template grows to about
// size bytes.
func Template(fixed []byte, resources, size int) ([]byte, error) {
	tmpl := string(fixed)
	i := strings.Index(tmpl, "\nOutputs:")
	if i < 0 {
		return nil, fmt.Errorf("the fixed example has no Outputs section")
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
	return []byte(tmpl[:i] + extra.String() + tmpl[i:]), nil
}

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

// Plan is a synthetic plan of about resources resource instances (whole
// units; see unit), in the shape `terraform show -json` writes for new
// infrastructure, on one line.
func Plan(resources int) ([]byte, error) {
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
	return json.Marshal(plan)
}
