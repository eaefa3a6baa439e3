# beanlint:generate
# EB901: the application configuration planned alone. Its VPC and subnets are
# variables (terraform.tfvars) naming a network this plan does not contain,
# so no posture is known: one note, no errors.
# Twin of fail_import_without_network.yaml.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variable "vpc_id" {
  type        = string
  description = "The VPC of the network stack, managed elsewhere."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "The private subnets of the network stack, managed elsewhere."
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
    value     = var.vpc_id
  }
  setting { # want EB901:note "cannot tell whether instance subnets of environment aws_elastic_beanstalk_environment.env reach the internet"
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", var.private_subnet_ids)
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
