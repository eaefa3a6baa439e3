# beanlint:generate
# beanlint:keep-modules
# Clean, new infrastructure through a Git module (fetched offline by
# terraform init, kept in .terraform/modules): the git-network-dns release
# of the wrapper, DNS hostnames on, the same private network as
# fail_git_module.tf. Nothing is reported, not even a note.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

module "net" {
  source = "git::file:///tmp/beanlint-git-modules/modules.git//git-network-dns"
  cidr   = "10.0.0.0/16"
  azs    = ["us-east-1a", "us-east-1b"]
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
