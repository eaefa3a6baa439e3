# beanlint:generate
# EB401 (error), new infrastructure through a local module: the
# endpoint_ingress input admits TCP 80, not 443, so no endpoint admits the
# instances. The findings land on that input (the rule resources that count
# over it are in the module's code, related), not on the module's rule
# resource. Otherwise as pass_private_module.tf;
# existing_fail_endpoint_ingress_module.tf is the same mistake planned as an
# update of the existing clean stack.

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
  endpoint_ingress = [{ from_port = 80, to_port = 80 }] # want EB401:error "of interface endpoint module\\.network\\.aws_vpc_endpoint\\.this\\[\"cfn\"\\].*allow no inbound TCP 443" EB401:error "of interface endpoint module\\.network\\.aws_vpc_endpoint\\.this\\[\"eb\"\\].*allow no inbound TCP 443" EB401:warning "of interface endpoint module\\.network\\.aws_vpc_endpoint\\.this\\[\"health\"\\].*allow no inbound TCP 443" EB401:error "of interface endpoint module\\.network\\.aws_vpc_endpoint\\.this\\[\"logs\"\\].*allow no inbound TCP 443" EB401:error "of interface endpoint module\\.network\\.aws_vpc_endpoint\\.this\\[\"sqs\"\\].*allow no inbound TCP 443"
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
