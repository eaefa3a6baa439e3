# beanlint:generate
# EB203 (error), update of an existing stack through a local module: the sqs
# entry of the endpoints map turns private DNS off. The finding lands on
# that entry's private_dns in this configuration. The same findings on the
# same lines as fail_private_dns_module.tf, the plan of new infrastructure.
# Planned as an update: terraform.tfstate is the existing clean stack
# (pass_private_module.tf applied), written offline by
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

module "network" {
  source           = "../../../terraform/modules/private-network"
  cidr             = "10.20.0.0/16"
  azs              = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  endpoint_ingress = [{ from_port = 443, to_port = 443 }]
  endpoints = {
    s3     = { service = "s3", type = "Gateway" }
    eb     = { service = "elasticbeanstalk" }
    health = { service = "elasticbeanstalk-health" }
    cfn    = { service = "cloudformation" }
    sqs    = { service = "sqs", private_dns = false } # want EB203:error "module\\.network\\.aws_vpc_endpoint\\.this\\[\"sqs\"\\] .* private DNS disabled"
    logs   = { service = "logs" }
  }
}

resource "aws_elastic_beanstalk_application" "app" {
  name = "shop"
}

resource "aws_elastic_beanstalk_environment" "env" {
  name                = "shop-prod"
  application         = aws_elastic_beanstalk_application.app.name
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"

  setting {
    namespace = "aws:ec2:vpc"
    name      = "VPCId"
    value     = module.network.vpc_id
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", sort(module.network.private_subnet_ids))
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBSubnets"
    value     = join(",", sort(module.network.private_subnet_ids))
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBScheme"
    value     = "internal"
  }
}
