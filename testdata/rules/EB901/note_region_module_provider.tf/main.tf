# beanlint:no-plan
# EB901: fail_missing_logs_in_module with a provider that sets no region,
# linted without a plan, and a network module given another provider
# configuration (providers = { aws = aws.peer }): the region its
# data.aws_region.current reads need not be the environment's, so the
# endpoints' service names are not known without a plan.

provider "aws" {
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

provider "aws" {
  alias                       = "peer"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

module "network" {
  source    = "./modules/network"
  providers = { aws = aws.peer }
  cidr   = "10.0.0.0/16"
  azs    = ["us-east-1a", "us-east-1b"]
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
  setting { # want EB901:note "^Cannot verify: whether the VPC of environment aws_elastic_beanstalk_environment\\.env has the endpoints it needs for .* is unknown: the service names of endpoints module\\.network\\.module\\.endpoints\\.aws_vpc_endpoint\\.iface.* \\(each: its service name is unknown: the endpoint.s service_name is not known from the configuration: it comes from module\\.network\\.module\\.endpoints\\.data\\.aws_region\\.current\\.name, a data source that terraform plan reads"
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", module.network.subnet_ids)
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
