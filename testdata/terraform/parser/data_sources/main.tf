# Data sources. The EC2 data sources need AWS API calls, so plan.json is
# made by generate.py: it plans this configuration with them replaced by the
# IDs they read, then adds them as Terraform writes data sources read at
# plan time (prior_state entries of mode "data", configuration resources,
# references in place of the IDs). The IAM policy documents are planned for
# real: one read at plan time, one deferred to apply.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

data "aws_vpc" "main" {
  id = "vpc-0a1b2c3d4e5f60001"
}

data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.main.id]
  }
}

data "aws_subnet" "a" {
  id = "subnet-0a1b2c3d4e5f60001"
}

data "aws_route_table" "a" {
  subnet_id = data.aws_subnet.a.id
}

data "aws_security_group" "default" {
  vpc_id = data.aws_vpc.main.id
  name   = "default"
}

data "aws_vpc_endpoint" "s3" {
  vpc_id       = data.aws_vpc.main.id
  service_name = "com.amazonaws.us-east-1.s3"
}

data "aws_iam_policy_document" "sqs" {
  statement {
    actions   = ["sqs:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name = "app"
}

data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["logs:*"]
    resources = ["${aws_cloudwatch_log_group.app.arn}:*"]
  }
}

resource "aws_vpc_endpoint" "sqs" {
  vpc_id              = data.aws_vpc.main.id
  service_name        = "com.amazonaws.us-east-1.sqs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = data.aws_subnets.private.ids
  security_group_ids  = [data.aws_security_group.default.id]
  policy              = data.aws_iam_policy_document.sqs.json
}

resource "aws_vpc_endpoint" "logs" {
  vpc_id              = data.aws_vpc.main.id
  service_name        = "com.amazonaws.us-east-1.logs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = data.aws_subnets.private.ids
  policy              = data.aws_iam_policy_document.logs.json
}

resource "aws_vpc_endpoint_route_table_association" "s3_a" {
  vpc_endpoint_id = data.aws_vpc_endpoint.s3.id
  route_table_id  = data.aws_route_table.a.id
}

resource "aws_elastic_beanstalk_environment" "web" {
  name                = "web"
  application         = "app"
  solution_stack_name = "64bit Amazon Linux 2023 v4.0.0 running Docker"

  setting {
    namespace = "aws:ec2:vpc"
    name      = "VPCId"
    value     = data.aws_vpc.main.id
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "Subnets"
    value     = join(",", data.aws_subnets.private.ids)
  }
  setting {
    namespace = "aws:ec2:vpc"
    name      = "ELBSubnets"
    value     = data.aws_subnet.a.id
  }
}
