# beanlint:generate
# The application of a two-part design whose network lives in a local child
# module (./modules/network, which calls ../vpc): count-based subnets,
# for_each endpoints, values passed back through module outputs. The network
# lacks the logs endpoint and leaves DNS hostnames at the default (off).
# Twin of network_and_app/ (two CloudFormation stacks joined by
# Fn::ImportValue): the same findings, on the .tf lines, the one inside the
# module with the module call chain as related locations.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

module "network" {
  source = "./modules/network"

  cidr_block = "10.0.0.0/16"
  azs        = ["us-east-1a", "us-east-1b"]
}

resource "aws_elastic_beanstalk_application" "app" {
  name = "app"
}

resource "aws_elastic_beanstalk_environment" "env" { # want EB901:note "sets no aws:ec2:vpc ELBSubnets.*Not checked: EB101, EB102\\."
  name                = "env"
  application         = aws_elastic_beanstalk_application.app.name
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"

  setting {
    namespace = "aws:ec2:vpc"
    name      = "VPCId"
    value     = module.network.vpc_id
  }
  setting { # want EB301 "com\\.amazonaws\\.us-east-1\\.logs .*in VPC module\\.network\\.module\\.vpc\\.aws_vpc\\.this"
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", module.network.private_subnet_ids)
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBScheme"
    value     = "internal"
  }
  setting {
    namespace = "aws:elasticbeanstalk:healthreporting:system"
    name      = "SystemType"
    value     = "enhanced"
  }
}
