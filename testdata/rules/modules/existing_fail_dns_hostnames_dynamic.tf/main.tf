# beanlint:generate
# EB202 (error), update of an existing stack: this configuration now passes
# enable_dns_hostnames = false to the module (settings from a dynamic
# "setting" block). The finding lands on that input, as in
# fail_dns_hostnames_input.tf (new infrastructure).
# Planned as an update: terraform.tfstate is the existing clean stack
# (pass_dynamic_settings_module.tf applied), written offline by
# testdata/terraform/prior-state.py.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true

  # The change under review tags every resource: an update of each, so
  # Terraform defers reading the endpoints back to apply (a data source
  # whose dependencies do not change is read at plan time, through the AWS
  # API, which planning offline cannot reach).
  default_tags {
    tags = { CostCenter = "shop" }
  }
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
