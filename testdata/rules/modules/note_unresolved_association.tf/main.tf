# beanlint:generate
# EB901 (note), new infrastructure: the S3 gateway endpoint is associated
# with the second private route table by an association whose endpoint ID
# passes through terraform_data (as an ID handed over by another
# configuration or module output is), known only after apply. beanlint
# cannot tell which endpoint it associates, so whether the second subnet
# reaches S3 is unknown: one note, never an EB303 error saying the
# association is missing. existing_pass_unresolved_association.tf plans
# the same configuration as an update, where the state knows the ID and
# nothing is reported; fail_unresolved_association.tf associates the first
# table twice (EB303 in both plans).

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

data "aws_region" "current" {}

locals {
  azs       = ["eu-west-1a", "eu-west-1b"]
  interface = toset(["elasticbeanstalk", "elasticbeanstalk-health", "cloudformation", "sqs", "logs"])
}

resource "aws_vpc" "main" {
  cidr_block           = "10.30.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = local.azs[count.index]
}

resource "aws_route_table" "private" {
  count  = length(local.azs)
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.main.id

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = local.interface
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
}

resource "aws_vpc_endpoint_route_table_association" "s3_first" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  route_table_id  = aws_route_table.private[0].id # want EB901:note "whether subnet aws_subnet\\.private\\[1\\] .*reaches S3 .*\\(aws_vpc_endpoint\\.s3: route table aws_route_table\\.private\\[1\\] is listed only if association aws_vpc_endpoint_route_table_association\\.s3_second is for this endpoint \\(aws_vpc_endpoint_route_table_association\\.s3_second\\.vpc_endpoint_id is known only after apply: it comes from terraform_data\\.s3_endpoint\\.output\\)\\)\\. Not checked: EB303\\. What decides it is the ID the association's vpc_endpoint_id \\(or route_table_id, or subnet_id\\) turns out to have: write it as a reference beanlint follows .*or lint a plan made once it exists"
}

# The endpoint ID handed over through terraform_data: known only after
# apply in a plan of new infrastructure.
resource "terraform_data" "s3_endpoint" {
  input = aws_vpc_endpoint.s3.id
}

resource "aws_vpc_endpoint_route_table_association" "s3_second" {
  vpc_endpoint_id = terraform_data.s3_endpoint.output
  route_table_id  = aws_route_table.private[1].id
}

resource "aws_elastic_beanstalk_application" "app" {
  name = "reports"
}

resource "aws_elastic_beanstalk_environment" "env" {
  name                = "reports-prod"
  application         = aws_elastic_beanstalk_application.app.name
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"

  setting {
    namespace = "aws:ec2:vpc"
    name      = "VPCId"
    value     = aws_vpc.main.id
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", aws_subnet.private[*].id)
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBSubnets"
    value     = join(",", aws_subnet.private[*].id)
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBScheme"
    value     = "internal"
  }
}
