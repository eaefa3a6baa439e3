// beanlint:ignore EB301
resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = module.network.vpc_id
  service_name        = "com.amazonaws.us-east-1.ssm"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = false
  policy = <<-POLICY
    # beanlint:ignore EB999 this is heredoc text, not a comment
    {"Version": "2012-10-17"}
  POLICY
}

# beanlint:ignore EB302 a blank line separates this comment from the block

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = module.network.vpc_id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
}

/* beanlint:ignore EB303 block comment */
/* 🇩🇪 */ resource "aws_vpc_endpoint" "logs" {
  vpc_id       = module.network.vpc_id
  service_name = "com.amazonaws.us-east-1.logs" # beanlint:ignore EB301 trailing comment, not above a block
}

# beanlint:ignore
resource "aws_vpc_endpoint" "sqs" {
  vpc_id       = module.network.vpc_id
  service_name = "com.amazonaws.us-east-1.sqs"
}
