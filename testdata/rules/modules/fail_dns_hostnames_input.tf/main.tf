# beanlint:generate
# EB202 (error), new infrastructure through a local module: the module's VPC
# takes enable_dns_hostnames from its input, and this configuration passes
# false. The finding lands on that input here (what a user changes), not in
# the module. The rest is a complete private network built by the module
# (endpoints from a map, associations fed by each.value, count-based subnets
# and route tables, one shared route table, 443 rules from a variable, a
# read-back data source) and an environment whose subnets come from
# join(",", sort(...)) in dynamic "setting" blocks, so nothing else is
# reported, not even a note.

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
  enable_dns_hostnames = false # want EB202:error "DNS hostnames"
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
