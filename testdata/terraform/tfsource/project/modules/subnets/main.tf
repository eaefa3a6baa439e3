variable "vpc_id" {
  type = string
}

variable "route_ids" {
  type = list(string)
}

resource "aws_subnet" "private" {
  for_each          = { a = "10.0.1.0/24", b = "10.0.2.0/24" }
  vpc_id            = var.vpc_id
  cidr_block        = each.value
  availability_zone = "us-east-1${each.key}"
  tags              = { Name = "privé-${each.key}", Flag = "🇪🇺" }
}

output "ids" {
  value = [for s in aws_subnet.private : s.id]
}
