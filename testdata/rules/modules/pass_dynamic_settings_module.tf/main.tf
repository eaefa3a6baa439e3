# beanlint:generate
# Clean, new infrastructure through a local module: fail_dns_hostnames_input.tf
# with DNS hostnames on (one route table shared by every subnet through
# var.single_route_table ? 0 : count.index, the environment's VPC settings
# from a dynamic "setting" block over a local map, subnets written
# join(",", sort(...))). Nothing is reported, not even a note.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

module "net" {
  source               = "../../../terraform/modules/private-network"
  cidr                 = "10.0.0.0/16"
  azs                  = ["us-east-1a", "us-east-1b"]
  enable_dns_hostnames = true
  single_route_table   = true
  endpoints = {
    s3               = { service = "s3", type = "Gateway" }
    elasticbeanstalk = { service = "elasticbeanstalk" }
    health           = { service = "elasticbeanstalk-health" }
    cloudformation   = { service = "cloudformation" }
    sqs              = { service = "sqs" }
    logs             = { service = "logs" }
  }
}

locals {
  vpc_settings = {
    VPCId      = module.net.vpc_id
    Subnets    = join(",", sort(module.net.private_subnet_ids))
    ELBSubnets = join(",", sort(module.net.private_subnet_ids))
    ELBScheme  = "internal"
  }
}

resource "aws_elastic_beanstalk_application" "app" {
  name = "app"
}

resource "aws_elastic_beanstalk_environment" "env" {
  name                = "env"
  application         = aws_elastic_beanstalk_application.app.name
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"

  dynamic "setting" {
    for_each = local.vpc_settings
    content {
      namespace = "aws:ec2:vpc"
      name      = setting.key
      value     = setting.value
    }
  }
  setting {
    namespace = "aws:elasticbeanstalk:healthreporting:system"
    name      = "SystemType"
    value     = "enhanced"
  }
}
