# beanlint:generate
# A private environment whose network lives in a child module with
# count-based subnets; the module's route tables come from a nested module;
# security groups come from a module called with for_each.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variable "cidr" {
  default = "10.2.0.0/16"
}

module "network" {
  source = "./modules/network"
  cidr   = var.cidr
}

module "sg" {
  source   = "./modules/sg"
  for_each = toset(["endpoints", "instances"])
  vpc_id   = module.network.vpc_id
  cidr     = var.cidr
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id          = module.network.vpc_id
  service_name    = "com.amazonaws.us-east-1.s3"
  route_table_ids = module.network.route_table_ids
}

resource "aws_vpc_endpoint" "sqs" {
  vpc_id              = module.network.vpc_id
  service_name        = "com.amazonaws.us-east-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [module.network.first_subnet_id]
  security_group_ids  = [module.sg["endpoints"].id]
}

resource "aws_elastic_beanstalk_environment" "web" {
  name                = "web"
  application         = "app"
  solution_stack_name = "64bit Amazon Linux 2023 v4.0.0 running Docker"

  setting {
    namespace = "aws:ec2:vpc"
    name      = "VPCId"
    value     = module.network.vpc_id
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", module.network.private_subnet_ids)
  }
  setting {
    namespace = "aws:autoscaling:launchconfiguration"
    name      = "SecurityGroups"
    value     = module.sg["instances"].id
  }
}
