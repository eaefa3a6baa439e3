# beanlint:generate
# The network of twoplans/network, planned as an update of the stack it
# created (tagged): clean.

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true

  # The change under review tags every resource: an update of each, so
  # Terraform defers reading the endpoints back to apply.
  default_tags {
    tags = { CostCenter = "shop" }
  }
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
