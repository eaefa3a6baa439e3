# beanlint:no-plan
# EB901 without a plan: fail_literal_subnet_ids linted from its configuration.
# The subnets are given as literal IDs no linted input defines: the note
# advises linting the configuration that manages them, not --var.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variable "vpc_id" {
  type    = string
  default = "vpc-0123456789abcdef0"
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
  setting { # want EB901:note "subnet-0aaa1111 is not defined in the linted inputs; subnet-0bbb2222 is not defined.*EB902\\. Lint the configuration that manages them \\(or its plan\\) together with this one, so each subnet's route table is visible\\.$"
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = "subnet-0aaa1111,subnet-0bbb2222"
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
