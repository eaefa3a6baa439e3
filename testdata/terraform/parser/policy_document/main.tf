# beanlint:generate
# aws_iam_policy_document blocks of every kind beanlint reads from the .tf
# source, all known at plan time: the plan's JSON, which the provider
# writes, is what the document read from the blocks must equal
# (TestPolicyDocumentAsTheProviderWritesIt).

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

locals {
  readers = {
    Assets    = "arn:aws:s3:::elasticbeanstalk-platform-assets-us-east-1/*"
    Resources = "arn:aws:s3:::elasticbeanstalk-env-resources-us-east-1/*"
  }
}

data "aws_iam_policy_document" "all" {
  version   = "2012-10-17"
  policy_id = "endpoint-policy"

  statement {
    sid       = "Star"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::cloudformation-waitcondition-us-east-1/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }

  statement {
    sid       = "Accounts"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::elasticbeanstalk-us-east-1-111122223333", "arn:aws:s3:::elasticbeanstalk-us-east-1-111122223333/*"]
    principals {
      type        = "AWS"
      identifiers = ["111122223333"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/app"]
    }
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = ["111122223333"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpc"
      values   = ["vpc-0a1b2c3d4e5f60001", "vpc-0a1b2c3d4e5f60002"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }

  statement {
    sid           = "NotThese"
    effect        = "Deny"
    not_actions   = ["s3:GetObject", "s3:ListBucket"]
    not_resources = ["arn:aws:s3:::elasticbeanstalk-*"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }

  dynamic "statement" {
    for_each = local.readers
    content {
      sid       = statement.key
      actions   = ["s3:GetObject"]
      resources = [statement.value]
    }
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id       = aws_vpc.main.id
  service_name = "com.amazonaws.us-east-1.s3"
  policy       = data.aws_iam_policy_document.all.json
}
