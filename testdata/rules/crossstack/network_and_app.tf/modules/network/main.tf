# The network: a VPC (from ../vpc), one private subnet per AZ, one route
# table, the S3 gateway endpoint and the interface endpoints, without logs.

variable "cidr_block" {
  type = string
}

variable "azs" {
  type = list(string)
}

data "aws_region" "current" {}

module "vpc" {
  source = "../vpc"

  cidr_block = var.cidr_block
}

resource "aws_subnet" "private" {
  count = length(var.azs)

  vpc_id            = module.vpc.id
  cidr_block        = cidrsubnet(var.cidr_block, 8, count.index + 1)
  availability_zone = var.azs[count.index]
}

resource "aws_route_table" "private" {
  vpc_id = module.vpc.id
}

resource "aws_route_table_association" "private" {
  count = length(var.azs)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "endpoints" {
  name        = "endpoints"
  description = "HTTPS from the instances"
  vpc_id      = module.vpc.id

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [module.vpc.cidr_block]
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = module.vpc.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(["elasticbeanstalk", "elasticbeanstalk-health", "cloudformation", "sqs"])

  vpc_id              = module.vpc.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
}

output "vpc_id" {
  value = module.vpc.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}
