variable "vpc_id" {}

variable "extra_subnet" {
  sensitive = true
}

resource "aws_subnet" "b" {
  vpc_id     = var.vpc_id
  cidr_block = "10.77.2.0/24"
}

output "subnets" {
  value     = join(",", [var.extra_subnet, aws_subnet.b.id])
  sensitive = true
}
