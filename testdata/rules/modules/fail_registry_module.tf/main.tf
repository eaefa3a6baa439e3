# beanlint:generate
# beanlint:registry-modules
# EB202 and EB301 (errors), new infrastructure through registry modules
# (terraform-aws-modules/vpc/aws and its vpc-endpoints submodule, by
# registry address): .terraform/modules holds what terraform init installs
# for them (its modules.json and the packages; generate.sh installs the
# local stand-ins of testdata/terraform/registry, see the README there).
# The module's code is not the repository's, so the findings land here: on
# the enable_dns_hostnames input this configuration passes as false, and on
# the endpoints map, which leaves out the logs endpoint (where its entry
# goes).

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.21.0"

  name            = "orders"
  cidr            = "10.20.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b"]
  private_subnets = ["10.20.1.0/24", "10.20.2.0/24"]

  enable_dns_hostnames = false # want EB202:error "DNS hostnames"
}

module "vpc_endpoints" {
  source  = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  version = "5.21.0"

  vpc_id                     = module.vpc.vpc_id
  subnet_ids                 = module.vpc.private_subnets
  create_security_group      = true
  security_group_name_prefix = "orders-vpce-"
  security_group_rules = {
    ingress_https = { cidr_blocks = [module.vpc.vpc_cidr_block] }
  }

  endpoints = { # want EB301:error "interface endpoint for com\\.amazonaws\\.eu-west-1\\.logs .* and there is none"
    s3                      = { service = "s3", service_type = "Gateway", route_table_ids = module.vpc.private_route_table_ids }
    elasticbeanstalk        = { service = "elasticbeanstalk", private_dns_enabled = true }
    elasticbeanstalk_health = { service = "elasticbeanstalk-health", private_dns_enabled = true }
    cloudformation          = { service = "cloudformation", private_dns_enabled = true }
    sqs                     = { service = "sqs", private_dns_enabled = true }
  }
}

resource "aws_elastic_beanstalk_application" "app" {
  name = "orders"
}

resource "aws_elastic_beanstalk_environment" "env" {
  name                = "orders-staging"
  application         = aws_elastic_beanstalk_application.app.name
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"

  setting {
    namespace = "aws:ec2:vpc"
    name      = "VPCId"
    value     = module.vpc.vpc_id
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", module.vpc.private_subnets)
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBScheme"
    value     = "internal"
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBSubnets"
    value     = join(",", module.vpc.private_subnets)
  }
}
