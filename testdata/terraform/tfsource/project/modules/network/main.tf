variable "cidr" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = false
}

# beanlint:ignore EB303 routes are added by the transit team
resource "aws_route_table" "private" {
  count  = 2
  vpc_id = aws_vpc.this.id
}

module "subnets" {
  source     = "../subnets"
  vpc_id     = aws_vpc.this.id
  route_ids  = aws_route_table.private[*].id
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = module.subnets.ids
}
