variable "vpc_id" {}

variable "subnet_ids" {
  type = list(string)
}

resource "aws_route_table" "this" {
  count  = length(var.subnet_ids)
  vpc_id = var.vpc_id
}

resource "aws_route_table_association" "this" {
  count          = length(var.subnet_ids)
  subnet_id      = var.subnet_ids[count.index]
  route_table_id = aws_route_table.this[count.index].id
}

output "route_table_ids" {
  value = aws_route_table.this[*].id
}
