# beanlint:generate
# EB901: subnets given as literal IDs are outside the plan: their route
# tables, hence their postures, are unknown. One note, no errors.
# Twin of fail_literal_subnet_ids.yaml.

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
  setting { # want EB901:note "subnet-0aaa1111 is not defined in the linted inputs; subnet-0bbb2222 is not defined"
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
