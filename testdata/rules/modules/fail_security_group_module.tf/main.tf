# beanlint:generate
# EB402, EB403 and EB404 (errors), new infrastructure through local
# modules: the rules inputs of the security group module's calls let the
# instances send only TCP 80 out, admit 8080 (not the process port 80) from
# the load balancer, and let the load balancer admit 8080, not its listener
# port 80. Each finding lands on the rules input of the call that makes the
# group, with the setting that attaches the group related. Otherwise as
# pass_security_group_module.tf; existing_fail_security_group_module.tf is
# the same mistake planned as an update of the existing clean stack.

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
  rules = [ # want EB404:error "allow no inbound TCP 80, the listener port"
    { type = "ingress", from_port = 8080, to_port = 8080, cidr_blocks = ["10.20.0.0/16"] },
    { type = "egress", protocol = "-1", from_port = 0, to_port = 0, cidr_blocks = ["0.0.0.0/0"] },
  ]
}

module "instance_sg" {
  source = "../../../terraform/modules/security-group"
  name   = "shop-instances"
  vpc_id = module.network.vpc_id
  rules = [ # want EB402:error "allow no outbound TCP 443" EB403:error "admits TCP 80 \\(the process port\\) from the load balancer"
    { type = "ingress", from_port = 8080, to_port = 8080, source_security_group_id = module.lb_sg.id },
    { type = "egress", from_port = 80, to_port = 80, cidr_blocks = ["0.0.0.0/0"] },
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
