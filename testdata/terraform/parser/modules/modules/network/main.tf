variable "cidr" {}

variable "subnet_count" {
  default = 2
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  count      = var.subnet_count
  vpc_id     = aws_vpc.this.id
  cidr_block = cidrsubnet(var.cidr, 8, count.index)
}

module "tables" {
  source     = "./modules/tables"
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.private[*].id
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "first_subnet_id" {
  value = aws_subnet.private[0].id
}

output "route_table_ids" {
  value = module.tables.route_table_ids
}
