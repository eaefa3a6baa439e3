# beanlint:generate
# Clean, new infrastructure through a local module: DNS hostnames on, one
# route table per AZ (var.single_route_table ? 0 : count.index picks each
# subnet's own), every required endpoint from the endpoints map with its
# associations fed by each.value, 443 admitted through the rules input, and
# static settings written join(",", sort(...)). Nothing is reported, not
# even a note: every answer follows from the configuration.

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
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
    sqs    = { service = "sqs" }
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
