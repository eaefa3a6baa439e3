# A private network module written the way registry modules are: count-based
# subnets and route tables, one route table shared when single_route_table
# is set (var.single_route_table ? 0 : count.index), endpoints from a map
# variable with for_each, their associations fed by each.value from a local
# map, the endpoint security group's rules from a variable, and a data
# source that reads the endpoints back. Used by test cases under
# testdata/rules/modules (not a case itself: no plan of its own).

variable "cidr" {
  type = string
}

variable "azs" {
  type = list(string)
}

variable "enable_dns_hostnames" {
  type    = bool
  default = true
}

variable "single_route_table" {
  type    = bool
  default = false
}

variable "endpoints" {
  type = map(object({
    service     = string
    type        = optional(string, "Interface")
    private_dns = optional(bool, true)
  }))
}

variable "endpoint_ingress" {
  type = list(object({
    from_port = number
    to_port   = number
  }))
  default = [{ from_port = 443, to_port = 443 }]
}

data "aws_region" "current" {}

locals {
  gateway   = { for k, v in var.endpoints : k => v if v.type == "Gateway" }
  interface = { for k, v in var.endpoints : k => v if v.type == "Interface" }
  table_count = var.single_route_table ? 1 : length(var.azs)
  gateway_tables = merge([
    for k in keys(local.gateway) : {
      for i in range(local.table_count) : "${k}-${i}" => { endpoint = k, table = i }
    }
  ]...)
  interface_subnets = merge([
    for k in keys(local.interface) : {
      for i in range(length(var.azs)) : "${k}-${i}" => { endpoint = k, subnet = i }
    }
  ]...)
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = var.enable_dns_hostnames
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr, 8, count.index)
  availability_zone = element(var.azs, count.index)
}

resource "aws_route_table" "private" {
  count  = local.table_count
  vpc_id = aws_vpc.this.id
}

resource "aws_route_table_association" "private" {
  count          = length(var.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[var.single_route_table ? 0 : count.index].id
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.this.id
}

resource "aws_security_group_rule" "endpoint_ingress" {
  count             = length(var.endpoint_ingress)
  type              = "ingress"
  security_group_id = aws_security_group.endpoints.id
  protocol          = "tcp"
  from_port         = var.endpoint_ingress[count.index].from_port
  to_port           = var.endpoint_ingress[count.index].to_port
  cidr_blocks       = [var.cidr]
}

resource "aws_vpc_endpoint" "this" {
  for_each            = var.endpoints
  vpc_id              = aws_vpc.this.id
  service_name        = format("com.amazonaws.%s.%s", data.aws_region.current.name, each.value.service)
  vpc_endpoint_type   = each.value.type
  private_dns_enabled = each.value.type == "Interface" ? each.value.private_dns : null
}

resource "aws_vpc_endpoint_route_table_association" "this" {
  for_each        = local.gateway_tables
  vpc_endpoint_id = aws_vpc_endpoint.this[each.value.endpoint].id
  route_table_id  = aws_route_table.private[each.value.table].id
}

resource "aws_vpc_endpoint_subnet_association" "this" {
  for_each        = local.interface_subnets
  vpc_endpoint_id = aws_vpc_endpoint.this[each.value.endpoint].id
  subnet_id       = aws_subnet.private[each.value.subnet].id
}

resource "aws_vpc_endpoint_security_group_association" "this" {
  for_each                    = local.interface
  vpc_endpoint_id             = aws_vpc_endpoint.this[each.key].id
  security_group_id           = aws_security_group.endpoints.id
  replace_default_association = true
}

# Read back, as modules do to expose DNS entries.
data "aws_vpc_endpoint" "this" {
  for_each = var.endpoints
  id       = aws_vpc_endpoint.this[each.key].id
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "endpoint_ids" {
  value = { for k, v in data.aws_vpc_endpoint.this : k => v.id }
}
