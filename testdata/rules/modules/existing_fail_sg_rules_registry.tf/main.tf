# beanlint:generate
# beanlint:registry-modules
# EB401 (error), update of an existing stack through registry modules: the
# security_group_rules input of the vpc-endpoints call admits TCP 80, not
# 443, from the VPC, so no endpoint admits the instances. The findings land
# on that input in this configuration (the rules resource is in the
# installed module's code), with the endpoint's groups and the group as
# related locations. The same findings on the same lines as
# fail_sg_rules_registry.tf, the plan of new infrastructure.
# Planned as an update: terraform.tfstate is the existing clean stack
# (pass_registry_module.tf applied), written offline by
# testdata/terraform/prior-state.py.

provider "aws" {
  region                      = "eu-west-1"
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

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.21.0"

  name            = "orders"
  cidr            = "10.20.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b"]
  private_subnets = ["10.20.1.0/24", "10.20.2.0/24"]

  enable_dns_hostnames = true
}

module "vpc_endpoints" {
  source  = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  version = "5.21.0"

  vpc_id                     = module.vpc.vpc_id
  subnet_ids                 = module.vpc.private_subnets
  create_security_group      = true
  security_group_name_prefix = "orders-vpce-"
  security_group_rules = { # want EB401:error "of interface endpoint module\\.vpc_endpoints\\.aws_vpc_endpoint\\.this\\[\"cloudformation\"\\].*allow no inbound TCP 443" EB401:error "of interface endpoint module\\.vpc_endpoints\\.aws_vpc_endpoint\\.this\\[\"elasticbeanstalk\"\\].*allow no inbound TCP 443" EB401:warning "of interface endpoint module\\.vpc_endpoints\\.aws_vpc_endpoint\\.this\\[\"elasticbeanstalk_health\"\\].*allow no inbound TCP 443" EB401:error "of interface endpoint module\\.vpc_endpoints\\.aws_vpc_endpoint\\.this\\[\"logs\"\\].*allow no inbound TCP 443" EB401:error "of interface endpoint module\\.vpc_endpoints\\.aws_vpc_endpoint\\.this\\[\"sqs\"\\].*allow no inbound TCP 443"
    ingress_https = { from_port = 80, to_port = 80, cidr_blocks = [module.vpc.vpc_cidr_block] }
  }

  endpoints = {
    s3                      = { service = "s3", service_type = "Gateway", route_table_ids = module.vpc.private_route_table_ids }
    elasticbeanstalk        = { service = "elasticbeanstalk", private_dns_enabled = true }
    elasticbeanstalk_health = { service = "elasticbeanstalk-health", private_dns_enabled = true }
    cloudformation          = { service = "cloudformation", private_dns_enabled = true }
    sqs                     = { service = "sqs", private_dns_enabled = true }
    logs                    = { service = "logs", private_dns_enabled = true }
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
