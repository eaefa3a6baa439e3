vpc_id             = "vpc-0123456789abcdef0"
private_subnet_ids = ["subnet-0aaa1111", "subnet-0bbb2222"]
