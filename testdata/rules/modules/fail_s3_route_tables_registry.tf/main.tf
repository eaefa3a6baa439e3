# beanlint:generate
# beanlint:registry-modules
# EB303 (error), new infrastructure through registry modules: the s3 entry
# of the endpoints map lists only the first private route table, so the
# second subnet's table does not route to S3. The finding lands on that
# entry's route_table_ids in this configuration, not in the module's code.
# Otherwise as pass_registry_module.tf;
# existing_fail_s3_route_tables_registry.tf is the same mistake planned as
# an update of the existing clean stack.

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.21.0"

  name            = "orders"
  cidr            = "10.20.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b"]
  private_subnets = ["10.20.1.0/24", "10.20.2.0/24"]

  enable_dns_hostnames = true
}

module "vpc_endpoints" {
  source  = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  version = "5.21.0"

  vpc_id                     = module.vpc.vpc_id
  subnet_ids                 = module.vpc.private_subnets
  create_security_group      = true
  security_group_name_prefix = "orders-vpce-"
  security_group_rules = {
    ingress_https = { cidr_blocks = [module.vpc.vpc_cidr_block] }
  }

  endpoints = {
    s3                      = { service = "s3", service_type = "Gateway", route_table_ids = [module.vpc.private_route_table_ids[0]] } # want EB303:error "not associated with route table module\\.vpc\\.aws_route_table\\.private\\[1\\]"
    elasticbeanstalk        = { service = "elasticbeanstalk", private_dns_enabled = true }
    elasticbeanstalk_health = { service = "elasticbeanstalk-health", private_dns_enabled = true }
    cloudformation          = { service = "cloudformation", private_dns_enabled = true }
    sqs                     = { service = "sqs", private_dns_enabled = true }
    logs                    = { service = "logs", private_dns_enabled = true }
  }
}

resource "aws_elastic_beanstalk_application" "app" {
  name = "orders"
}

resource "aws_elastic_beanstalk_environment" "env" {
  name                = "orders-staging"
  application         = aws_elastic_beanstalk_application.app.name
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"

  setting {
    namespace = "aws:ec2:vpc"
    name      = "VPCId"
    value     = module.vpc.vpc_id
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", module.vpc.private_subnets)
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBScheme"
    value     = "internal"
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBSubnets"
    value     = join(",", module.vpc.private_subnets)
  }
}
