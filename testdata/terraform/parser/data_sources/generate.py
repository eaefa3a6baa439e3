#!/usr/bin/env python3
"""Regenerates plan.json for main.tf (see its header).

The EC2 data sources of main.tf need AWS API calls, so this plans main.tf
with them removed and their references replaced by the IDs they read, then
adds them to the plan as Terraform writes data sources read at plan time:
prior_state resources of mode "data" with their values, configuration
resources with their expressions, and references in place of the IDs in the
expressions of the resources that use them. Needs terraform and the AWS
provider in /opt/tf-plugins (override with TF_PLUGIN_DIR).
"""
import json, os, re, shutil, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGINS = os.environ.get("TF_PLUGIN_DIR", "/opt/tf-plugins")
VPC, SUB1, SUB2 = "vpc-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"
RTB, MAIN_RTB, SG, VPCE = "rtb-0a1b2c3d4e5f60001", "rtb-0a1b2c3d4e5f6main", "sg-0a1b2c3d4e5f60001", "vpce-0a1b2c3d4e5f60001"
PROVIDER = "registry.terraform.io/hashicorp/aws"

# Each data-source reference of main.tf, the literal it is planned with, and
# the references Terraform writes for it.
REFS = [
    ('join(",", data.aws_subnets.private.ids)', '"%s,%s"' % (SUB1, SUB2), SUB1 + "," + SUB2, ["data.aws_subnets.private.ids", "data.aws_subnets.private"]),
    ("data.aws_subnets.private.ids", '["%s", "%s"]' % (SUB1, SUB2), [SUB1, SUB2], ["data.aws_subnets.private.ids", "data.aws_subnets.private"]),
    ("[data.aws_security_group.default.id]", '["%s"]' % SG, [SG], ["data.aws_security_group.default.id", "data.aws_security_group.default"]),
    ("data.aws_vpc.main.id", '"%s"' % VPC, VPC, ["data.aws_vpc.main.id", "data.aws_vpc.main"]),
    ("data.aws_subnet.a.id", '"%s"' % SUB1, SUB1, ["data.aws_subnet.a.id", "data.aws_subnet.a"]),
    ("data.aws_route_table.a.id", '"%s"' % RTB, RTB, ["data.aws_route_table.a.id", "data.aws_route_table.a"]),
    ("data.aws_vpc_endpoint.s3.id", '"%s"' % VPCE, VPCE, ["data.aws_vpc_endpoint.s3.id", "data.aws_vpc_endpoint.s3"]),
]
EC2_DATA = ("aws_vpc", "aws_subnets", "aws_subnet", "aws_route_table", "aws_security_group", "aws_vpc_endpoint")

S3_POLICY = '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}],"Version":"2008-10-17"}'

DATA = {
    "data.aws_vpc.main": ({"id": {"constant_value": VPC}}, {
        "arn": "arn:aws:ec2:us-east-1:123456789012:vpc/" + VPC, "cidr_block": "10.3.0.0/16",
        "cidr_block_associations": [{"association_id": "vpc-cidr-assoc-0a1b2c3d4e5f60001", "cidr_block": "10.3.0.0/16", "state": "associated"}],
        "default": False, "dhcp_options_id": "dopt-0a1b2c3d4e5f60001", "enable_dns_hostnames": True, "enable_dns_support": True,
        "enable_network_address_usage_metrics": False, "filter": None, "id": VPC, "instance_tenancy": "default",
        "ipv6_association_id": "", "ipv6_cidr_block": "", "main_route_table_id": MAIN_RTB, "owner_id": "123456789012",
        "state": None, "tags": {}, "timeouts": None}),
    "data.aws_subnets.private": ({"filter": [{"name": {"constant_value": "vpc-id"}, "values": {"references": ["data.aws_vpc.main.id", "data.aws_vpc.main"]}}]}, {
        "filter": [{"name": "vpc-id", "values": [VPC]}], "id": "us-east-1", "ids": [SUB1, SUB2], "tags": None, "timeouts": None}),
    "data.aws_subnet.a": ({"id": {"constant_value": SUB1}}, {
        "arn": "arn:aws:ec2:us-east-1:123456789012:subnet/" + SUB1, "assign_ipv6_address_on_creation": False,
        "availability_zone": "us-east-1a", "availability_zone_id": "use1-az1", "available_ip_address_count": 250,
        "cidr_block": "10.3.1.0/24", "customer_owned_ipv4_pool": "", "default_for_az": False, "enable_dns64": False,
        "enable_lni_at_device_index": 0, "enable_resource_name_dns_a_record_on_launch": False,
        "enable_resource_name_dns_aaaa_record_on_launch": False, "filter": None, "id": SUB1, "ipv6_cidr_block": "",
        "ipv6_cidr_block_association_id": "", "ipv6_native": False, "map_customer_owned_ip_on_launch": False,
        "map_public_ip_on_launch": False, "outpost_arn": "", "owner_id": "123456789012",
        "private_dns_hostname_type_on_launch": "ip-name", "state": "available", "tags": {}, "timeouts": None, "vpc_id": VPC}),
    "data.aws_route_table.a": ({"subnet_id": {"references": ["data.aws_subnet.a.id", "data.aws_subnet.a"]}}, {
        "arn": "arn:aws:ec2:us-east-1:123456789012:route-table/" + RTB,
        "associations": [{"gateway_id": "", "main": False, "route_table_association_id": "rtbassoc-0a1b2c3d4e5f60001", "route_table_id": RTB, "subnet_id": SUB1}],
        "filter": None, "gateway_id": None, "id": RTB, "owner_id": "123456789012", "route_table_id": RTB,
        "routes": [{"carrier_gateway_id": "", "cidr_block": "0.0.0.0/0", "core_network_arn": "", "destination_prefix_list_id": "",
                    "egress_only_gateway_id": "", "gateway_id": "", "instance_id": "", "ipv6_cidr_block": "", "local_gateway_id": "",
                    "nat_gateway_id": "nat-0a1b2c3d4e5f60001", "network_interface_id": "", "transit_gateway_id": "",
                    "vpc_endpoint_id": "", "vpc_peering_connection_id": ""}],
        "subnet_id": SUB1, "tags": {}, "timeouts": None, "vpc_id": VPC}),
    "data.aws_security_group.default": ({"name": {"constant_value": "default"}, "vpc_id": {"references": ["data.aws_vpc.main.id", "data.aws_vpc.main"]}}, {
        "arn": "arn:aws:ec2:us-east-1:123456789012:security-group/" + SG, "description": "default VPC security group",
        "filter": None, "id": SG, "name": "default", "tags": {}, "timeouts": None, "vpc_id": VPC}),
    "data.aws_vpc_endpoint.s3": ({"service_name": {"constant_value": "com.amazonaws.us-east-1.s3"}, "vpc_id": {"references": ["data.aws_vpc.main.id", "data.aws_vpc.main"]}}, {
        "arn": "arn:aws:ec2:us-east-1:123456789012:vpc-endpoint/" + VPCE, "cidr_blocks": ["16.15.176.0/20", "52.216.0.0/15"],
        "dns_entry": [], "dns_options": [], "filter": None, "id": VPCE, "ip_address_type": "", "network_interface_ids": [],
        "owner_id": "123456789012", "policy": S3_POLICY, "prefix_list_id": "pl-63a5400a", "private_dns_enabled": False,
        "requester_managed": False, "route_table_ids": [MAIN_RTB], "security_group_ids": [],
        "service_name": "com.amazonaws.us-east-1.s3", "state": "available", "subnet_ids": [], "tags": {}, "timeouts": None,
        "vpc_endpoint_type": "Gateway", "vpc_id": VPC}),
}


def planning_config(src):
    """main.tf without the EC2 data sources, their references replaced."""
    out = re.sub(r'data "(%s)" "[^"]+" \{.*?\n\}\n\n' % "|".join(EC2_DATA), "", src, flags=re.S)
    for ref, lit, _, _ in REFS:
        out = out.replace(ref, lit)
    return out


def rewrite(expr):
    """Replaces planned literals by the data-source references they stand for."""
    if isinstance(expr, list):
        for block in expr:
            for k in block:
                block[k] = rewrite(block[k])
        return expr
    if isinstance(expr, dict) and "constant_value" in expr:
        for _, _, value, refs in REFS:
            if expr["constant_value"] == value:
                return {"references": refs}
    return expr


def main():
    src = open(os.path.join(HERE, "main.tf")).read()
    work = tempfile.mkdtemp()
    try:
        open(os.path.join(work, "main.tf"), "w").write(planning_config(src))
        run = lambda *a: subprocess.run(a, cwd=work, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        run("terraform", "init", "-plugin-dir=" + PLUGINS, "-input=false", "-no-color")
        run("terraform", "plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=plan.out")
        plan = json.loads(run("terraform", "show", "-json", "plan.out"))
    finally:
        shutil.rmtree(work)
    plan["timestamp"] = "2025-01-01T00:00:00Z"
    cfg = plan["configuration"]["root_module"]
    for r in cfg["resources"]:
        r["expressions"] = {k: rewrite(v) for k, v in r.get("expressions", {}).items()}
    prior = plan.setdefault("prior_state", {"format_version": "1.0", "terraform_version": plan["terraform_version"], "values": {"root_module": {}}})
    resources = prior["values"]["root_module"].setdefault("resources", [])
    for addr, (exprs, values) in DATA.items():
        _, typ, name = addr.split(".")
        cfg["resources"].append({"address": addr, "mode": "data", "type": typ, "name": name, "provider_config_key": "aws", "expressions": exprs, "schema_version": 0})
        resources.append({"address": addr, "mode": "data", "type": typ, "name": name, "provider_name": PROVIDER, "schema_version": 0, "values": values, "sensitive_values": {}})
    cfg["resources"].sort(key=lambda r: r["address"])
    resources.sort(key=lambda r: r["address"])
    with open(os.path.join(HERE, "plan.json"), "w") as f:
        json.dump(plan, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
