
variable "cidr" { type = string }
variable "azs" { type = list(string) }
data "aws_region" "current" {}
resource "aws_vpc" "main" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
}
resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.cidr, 8, count.index)
  availability_zone = var.azs[count.index]
}
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table_association" "private" {
  count          = length(var.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}
module "endpoints" {
  source       = "./endpoints"
  vpc_id       = aws_vpc.main.id
  vpc_cidr     = aws_vpc.main.cidr_block
  subnet_ids   = aws_subnet.private[*].id
  route_tables = [aws_route_table.private.id]
}
output "vpc_id" { value = aws_vpc.main.id }
output "subnet_ids" { value = aws_subnet.private[*].id }
output "endpoint_sg" { value = module.endpoints.sg_id }
