# beanlint:generate
# The network of a two-configuration design (twoplans/README.md): a private
# VPC through the local private-network module, with every endpoint a
# private Elastic Beanstalk environment needs. Planned as new
# infrastructure; existing_network and existing_network_no_logs plan
# changes to the stack this creates (their terraform.tfstate is it, written
# by testdata/terraform/prior-state.py from this directory).

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

module "network" {
  source           = "../../modules/private-network"
  cidr             = "10.40.0.0/16"
  azs              = ["eu-west-1a", "eu-west-1b"]
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

output "vpc_id" {
  value = module.network.vpc_id
}

output "private_subnet_ids" {
  value = module.network.private_subnet_ids
}
