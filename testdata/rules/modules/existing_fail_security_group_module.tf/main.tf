# beanlint:generate
# EB402, EB403 and EB404 (errors), update of an existing stack through
# local modules: the mistakes of fail_security_group_module.tf made in the
# rules inputs of the existing clean stack. The same findings on the same
# lines as that plan of new infrastructure.
# Planned as an update: terraform.tfstate is the existing clean stack
# (pass_security_group_module.tf applied), written offline by
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
