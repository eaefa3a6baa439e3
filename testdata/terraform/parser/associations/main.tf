# beanlint:generate
# Endpoint associations as module code writes them: association resources
# fed by each.value from a local map of endpoints (resolvable), and
# associations whose vpc_endpoint_id beanlint cannot resolve (it passes
# through terraform_data, whose output is known only after apply). The
# unresolved ones leave an unknown entry on each endpoint they may name,
# never nothing.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

locals {
  endpoints = {
    s3   = { service = "s3", type = "Gateway" }
    logs = { service = "logs", type = "Interface" }
  }
  gateway   = { for k, v in local.endpoints : k => v if v.type == "Gateway" }
  interface = { for k, v in local.endpoints : k => v if v.type == "Interface" }
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = element(["us-east-1a", "us-east-1b"], count.index)
}

resource "aws_route_table" "private" {
  count  = 2
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_endpoint" "this" {
  for_each          = local.endpoints
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.us-east-1.${each.value.service}"
  vpc_endpoint_type = each.value.type
}

# Resolvable: each.value names the endpoint.
resource "aws_vpc_endpoint_route_table_association" "gateway" {
  for_each        = { for k, v in local.gateway : k => { endpoint = k, table = 0 } }
  vpc_endpoint_id = aws_vpc_endpoint.this[each.value.endpoint].id
  route_table_id  = aws_route_table.private[each.value.table].id
}

resource "aws_vpc_endpoint_subnet_association" "interface" {
  for_each        = local.interface
  vpc_endpoint_id = aws_vpc_endpoint.this[each.key].id
  subnet_id       = aws_subnet.private[0].id
}

# Unresolvable: the endpoint ID passes through terraform_data.
resource "terraform_data" "endpoint" {
  input = aws_vpc_endpoint.this["s3"].id
}

resource "aws_vpc_endpoint_route_table_association" "opaque" {
  vpc_endpoint_id = terraform_data.endpoint.output
  route_table_id  = aws_route_table.private[1].id
}

resource "aws_vpc_endpoint_subnet_association" "opaque" {
  vpc_endpoint_id = terraform_data.endpoint.output
  subnet_id       = aws_subnet.private[1].id
}

resource "aws_vpc_endpoint_security_group_association" "opaque" {
  vpc_endpoint_id   = terraform_data.endpoint.output
  security_group_id = aws_security_group.endpoints.id
}
