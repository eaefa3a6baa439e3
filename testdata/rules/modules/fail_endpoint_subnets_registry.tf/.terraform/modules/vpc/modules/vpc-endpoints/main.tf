# Stand-in for the vpc-endpoints submodule of terraform-aws-modules/vpc/aws
# 5.21.0 (see testdata/terraform/registry/README.md): its interface subset
# and resource patterns, not its code. The service name is built from the
# provider's region (aws_region makes no API call), as the shared corpus's
# offline copy of the real submodule does.

variable "create" {
  type    = bool
  default = true
}

variable "vpc_id" {
  type    = string
  default = null
}

variable "endpoints" {
  type    = any
  default = {}
}

variable "subnet_ids" {
  type    = list(string)
  default = []
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "create_security_group" {
  type    = bool
  default = false
}

variable "security_group_name_prefix" {
  type    = string
  default = null
}

variable "security_group_rules" {
  type    = any
  default = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}

locals {
  endpoints          = { for k, v in var.endpoints : k => v if var.create && try(v.create, true) }
  security_group_ids = var.create && var.create_security_group ? concat(var.security_group_ids, [aws_security_group.this[0].id]) : var.security_group_ids
}

data "aws_region" "current" {}

resource "aws_vpc_endpoint" "this" {
  for_each = local.endpoints

  vpc_id            = var.vpc_id
  service_name      = try(each.value.service_endpoint, "com.amazonaws.${data.aws_region.current.name}.${each.value.service}")
  vpc_endpoint_type = try(each.value.service_type, "Interface")

  security_group_ids  = try(each.value.service_type, "Interface") == "Interface" ? length(distinct(concat(local.security_group_ids, lookup(each.value, "security_group_ids", [])))) > 0 ? distinct(concat(local.security_group_ids, lookup(each.value, "security_group_ids", []))) : null : null
  subnet_ids          = try(each.value.service_type, "Interface") == "Interface" ? distinct(concat(var.subnet_ids, lookup(each.value, "subnet_ids", []))) : null
  route_table_ids     = try(each.value.service_type, "Interface") == "Gateway" ? lookup(each.value, "route_table_ids", null) : null
  policy              = try(each.value.policy, null)
  private_dns_enabled = try(each.value.service_type, "Interface") == "Interface" ? try(each.value.private_dns_enabled, null) : null

  tags = merge(var.tags, { "Name" = replace(each.key, ".", "-") }, try(each.value.tags, {}))
}

resource "aws_security_group" "this" {
  count = var.create && var.create_security_group ? 1 : 0

  name_prefix = var.security_group_name_prefix
  vpc_id      = var.vpc_id

  tags = var.tags
}

resource "aws_security_group_rule" "this" {
  for_each = { for k, v in var.security_group_rules : k => v if var.create && var.create_security_group }

  security_group_id = aws_security_group.this[0].id
  protocol          = try(each.value.protocol, "tcp")
  from_port         = try(each.value.from_port, 443)
  to_port           = try(each.value.to_port, 443)
  type              = try(each.value.type, "ingress")
  cidr_blocks       = lookup(each.value, "cidr_blocks", null)
}

output "endpoints" {
  value = aws_vpc_endpoint.this
}
