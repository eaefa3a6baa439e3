# beanlint:generate
# Sensitive values, the deployment region and dynamic setting blocks.
# The VPC CIDR comes from a sensitive variable, so Terraform flags the VPC's
# and subnets' cidr_block and the whole ingress set of the endpoint group
# (its CIDR is the VPC's) sensitive: the values stay in clear in the plan.
# The region comes from a root variable. A sensitive module variable reaches
# the environment through a sensitive module output; ELBSubnets is set by a
# dynamic "setting" block, whose expressions the plan leaves out.
# SecurityGroups lists two IDs from a sensitive variable.

variable "region" {
  default = "eu-west-1"
}

provider "aws" {
  region                      = var.region
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variable "vpc_cidr" {
  type      = string
  sensitive = true
  default   = "10.77.0.0/16"
}

data "aws_region" "current" {}

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(var.vpc_cidr, 8, 1)
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.main.id

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

module "net" {
  source       = "./net"
  vpc_id       = aws_vpc.main.id
  extra_subnet = "subnet-0feedface0000001"
}

resource "aws_elastic_beanstalk_application" "app" {
  name = "app"
}

resource "aws_elastic_beanstalk_environment" "web" {
  name                = "web"
  application         = aws_elastic_beanstalk_application.app.name
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"

  setting {
    namespace = "aws:ec2:vpc"
    name      = "VPCId"
    value     = aws_vpc.main.id
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = module.net.subnets
  }
  dynamic "setting" {
    for_each = { ELBSubnets = aws_subnet.a.id }
    content {
      namespace = "aws:ec2:vpc"
      name      = setting.key
      value     = setting.value
    }
  }
  setting {
    namespace = "aws:autoscaling:launchconfiguration"
    name      = "SecurityGroups"
    value     = var.extra_groups
  }
}

# A sensitive comma-separated list: each ID is recorded as well.
variable "extra_groups" {
  sensitive = true
  default   = "sg-0aaa0000000000001,sg-0bbb0000000000002"
}
