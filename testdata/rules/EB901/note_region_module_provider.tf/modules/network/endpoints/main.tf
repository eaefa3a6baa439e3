
variable "vpc_id" { type = string }
variable "vpc_cidr" { type = string }
variable "subnet_ids" { type = list(string) }
variable "route_tables" { type = list(string) }
variable "services" {
  type    = set(string)
  default = ["elasticbeanstalk", "elasticbeanstalk-health", "cloudformation", "sqs"]
}
data "aws_region" "current" {}
resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = var.vpc_id
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [var.vpc_cidr]
  }
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.route_tables
}
resource "aws_vpc_endpoint" "iface" {
  for_each            = var.services
  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = var.subnet_ids
  security_group_ids  = [aws_security_group.endpoints.id]
}
output "sg_id" { value = aws_security_group.endpoints.id }
