terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "solution_stack" {
  type    = string
  default = "64bit Amazon Linux 2023 v4.3.0 running Docker"
}

module "network" {
  source = "./modules/network"
  cidr   = "10.0.0.0/16"
}

module "registry_vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
}

# The application environment.
# beanlint:ignore EB301 sqs is reached through a proxy (ADR-12)
# beanlint:ignore EB203,EB401 endpoints are managed by the platform team
resource "aws_elastic_beanstalk_environment" "app" {
  name                = "app-prod"
  application         = "app"
  solution_stack_name = var.solution_stack

  setting {
    namespace = "aws:ec2:vpc"
    name      = "VPCId"
    value     = module.network.vpc_id
  }
  setting {
    namespace = "AWS:EC2:VPC"
    name      = "subnets"
    value     = join(",", module.network.private_subnet_ids)
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "${var.solution_stack}x"
    value     = "ignored: the name is an expression"
  }

  dynamic "setting" {
    for_each = { InstanceType = "t3.small" }
    content {
      namespace = "aws:autoscaling:launchconfiguration"
      name      = setting.key
      value     = setting.value
    }
  }

  tags = {
    Team = "Zürich 🇨🇭 platform"
  }
}

data "aws_vpc" "shared" {
  tags = { Name = "shared" }
}
