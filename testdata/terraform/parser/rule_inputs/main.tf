# beanlint:generate
# Security groups in a module whose rules come from the module call's
# inputs (TestRulesInputs): a dynamic ingress block over one input, inbound
# and outbound rule resources each over its own input (one left out of the
# call), inbound rules from two inputs, and a root group.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "root" {
  name   = "root"
  vpc_id = aws_vpc.main.id
}

module "groups" {
  source  = "./groups"
  vpc_id  = aws_vpc.main.id
  ingress = [{ port = 443, cidr = "10.0.0.0/16" }]
  ingress_rules = {
    https = { port = 443, cidr = "10.0.0.0/16" }
  }
  extra_rules = {
    http = { port = 80, cidr = "10.0.0.0/16" }
  }
}
