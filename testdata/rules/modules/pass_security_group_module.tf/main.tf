# beanlint:generate
# Clean, new infrastructure through local modules: the network of
# pass_private_module.tf, and the instances' and the load balancer's groups
# from a security group module whose rules come from a list input (the
# cloudposse/security-group pattern: for_each over the list, each rule's
# direction in its type), with the environment's default EC2 group
# disabled. The instances send TCP 443 out and admit the process port from
# the load balancer, which admits its listener port from the VPC. Nothing
# is reported, not even a note.

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

module "lb_sg" {
  source = "../../../terraform/modules/security-group"
  name   = "shop-lb"
  vpc_id = module.network.vpc_id
  rules = [
    { type = "ingress", from_port = 80, to_port = 80, cidr_blocks = ["10.20.0.0/16"] },
    { type = "egress", protocol = "-1", from_port = 0, to_port = 0, cidr_blocks = ["0.0.0.0/0"] },
  ]
}

module "instance_sg" {
  source = "../../../terraform/modules/security-group"
  name   = "shop-instances"
  vpc_id = module.network.vpc_id
  rules = [
    { type = "ingress", from_port = 80, to_port = 80, source_security_group_id = module.lb_sg.id },
    { type = "egress", from_port = 443, to_port = 443, cidr_blocks = ["0.0.0.0/0"] },
  ]
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
  setting {
    namespace = "aws:elasticbeanstalk:environment"
    name      = "LoadBalancerType"
    value     = "application"
  }
  setting {
    namespace = "aws:autoscaling:launchconfiguration"
    name      = "DisableDefaultEC2SecurityGroup"
    value     = "true"
  }
  setting {
    namespace = "aws:autoscaling:launchconfiguration"
    name      = "SecurityGroups"
    value     = module.instance_sg.id
  }
  setting {
    namespace = "aws:elbv2:loadbalancer"
    name      = "SecurityGroups"
    value     = module.lb_sg.id
  }
}
