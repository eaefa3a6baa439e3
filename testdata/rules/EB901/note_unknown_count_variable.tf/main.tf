# beanlint:no-plan
# EB901 without a plan: the private subnets are counted from a variable
# without a value. The notes say so in the words of a configuration (give
# the variable, or lint the plan), never "known only after apply" nor
# "together with this plan". The spare subnets are counted from variables
# without a value through try, flatten over a for expression and a map
# indexed by a conditional, which drop the reason of the unknown they
# return: their notes name the variables all the same.

provider "aws" {
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

data "aws_region" "current" {}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

variable "azs" {
  type = list(string)
}

resource "aws_subnet" "private_a" {
  count             = length(var.azs) # want EB901:note "its count \\(length\\(var.azs\\)\\) is not known \\(the count is not known from the configuration: var.azs has no value \\(give it with --var azs="
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "private_b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private_a" {
  subnet_id      = aws_subnet.private_a[0].id
  route_table_id = aws_route_table.private.id
}

resource "aws_route_table_association" "private_b" {
  subnet_id      = aws_subnet.private_b.id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "endpoints" {
  name        = "endpoints"
  description = "HTTPS from the instances"
  vpc_id      = aws_vpc.main.id

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

resource "aws_vpc_endpoint" "elasticbeanstalk" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.elasticbeanstalk"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.private_a[0].id, aws_subnet.private_b.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_vpc_endpoint" "health" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.elasticbeanstalk-health"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.private_a[0].id, aws_subnet.private_b.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_vpc_endpoint" "cloudformation" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.cloudformation"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.private_a[0].id, aws_subnet.private_b.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_vpc_endpoint" "sqs" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.private_a[0].id, aws_subnet.private_b.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_vpc_endpoint" "logs" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.logs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.private_a[0].id, aws_subnet.private_b.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_elastic_beanstalk_application" "app" {
  name = "app"
}

resource "aws_elastic_beanstalk_environment" "env" {
  name                = "env"
  application         = aws_elastic_beanstalk_application.app.name
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"

  setting {
    namespace = "aws:ec2:vpc"
    name      = "VPCId"
    value     = aws_vpc.main.id
  }
  setting { # want EB901:note "Subnets value is unknown: aws_elastic_beanstalk_environment.env setting aws:ec2:vpc Subnets is not known from the configuration: the instances of aws_subnet.private_a are not known: .*EB902\\. Give the configuration the values it leaves open, as said above \\(--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME\\), or lint its plan \\(terraform show -json\\) instead, so each subnet's route table is visible\\.$"
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", [aws_subnet.private_a[0].id, aws_subnet.private_b.id])
  }
  setting { # want EB901:note "ELBSubnets value is unknown: aws_elastic_beanstalk_environment.env setting aws:ec2:vpc ELBSubnets is not known from the configuration: .*EB101\\. Give the configuration the values it leaves open, as said above \\(--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME\\), or lint its plan \\(terraform show -json\\) instead, so each subnet's route table is visible\\.$"
    namespace = "aws:ec2:vpc"
    name      = "ELBSubnets"
    value     = join(",", [aws_subnet.private_a[0].id, aws_subnet.private_b.id])
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBScheme"
    value     = "internal"
  }
  setting {
    namespace = "aws:elasticbeanstalk:healthreporting:system"
    name      = "SystemType"
    value     = "enhanced"
  }
}

variable "single_zone" {
  type = bool
}

locals {
  az_count   = try(length(var.azs), 0)
  az_names   = flatten([for az in var.azs : [az, "${az}-spare"]])
  zone_sizes = { single = 1, multi = 2 }
  zone_count = local.zone_sizes[var.single_zone ? "single" : "multi"]
}

resource "aws_subnet" "spare_try" {
  count      = local.az_count # want EB901:note "its count \\(local.az_count\\) is not known \\(the count is not known from the configuration: var.azs has no value \\(give it with --var azs="
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.3${count.index}.0/24"
}

resource "aws_subnet" "spare_flatten" {
  count      = length(local.az_names) # want EB901:note "its count \\(length\\(local.az_names\\)\\) is not known \\(the count is not known from the configuration: var.azs has no value \\(give it with --var azs="
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.4${count.index}.0/24"
}

resource "aws_subnet" "spare_indexed" {
  count      = local.zone_count # want EB901:note "its count \\(local.zone_count\\) is not known \\(the count is not known from the configuration: var.single_zone has no value \\(give it with --var single_zone="
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.5${count.index}.0/24"
}
