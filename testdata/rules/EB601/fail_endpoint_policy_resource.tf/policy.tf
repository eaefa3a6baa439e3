resource "aws_vpc_endpoint_policy" "s3" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  policy = jsonencode({ # want EB601:error "does not allow s3:GetObject on arn:aws:s3:::elasticbeanstalk-platform-assets-us-east-1/\\*.*s3:GetObject on arn:aws:s3:::elasticbeanstalk-us-east-1-<account ID>/\\*"
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        NotAction = "s3:GetObject"
        Resource  = "*"
      },
    ]
  })
}
