# The VPC, with DNS hostnames left at the default (off).

variable "cidr_block" {
  type = string
}

resource "aws_vpc" "this" { # want EB202 "VPC module\\.network\\.module\\.vpc\\.aws_vpc\\.this has DNS hostnames turned off: .*not set \\(default: disabled\\).*Environment aws_elastic_beanstalk_environment\\.env"
  cidr_block         = var.cidr_block
  enable_dns_support = true
}

output "id" {
  value = aws_vpc.this.id
}

output "cidr_block" {
  value = aws_vpc.this.cidr_block
}
