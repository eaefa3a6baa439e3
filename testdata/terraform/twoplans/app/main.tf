# beanlint:generate
# The application of a two-configuration design (twoplans/README.md): its
# environment names the network's VPC and subnets by their IDs, as a team
# writes them once the network exists (here the IDs the network's state
# holds, twoplans/existing_network/terraform.tfstate). Planned as new
# infrastructure; the IDs are literals this plan reads and the network's
# plan manages.

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

locals {
  vpc_id  = "vpc-8c479524626188848"
  subnets = ["subnet-02a8e63966e4b129e", "subnet-c74f3a72c22d5fd86"]
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
    value     = local.vpc_id
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", local.subnets)
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBSubnets"
    value     = join(",", local.subnets)
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBScheme"
    value     = "internal"
  }
}
