# Security groups whose rules come from module inputs, each way a module
# writes them (see main.tf).

variable "vpc_id" {
  type = string
}

variable "ingress" {
  type    = list(object({ port = number, cidr = string }))
  default = []
}

variable "ingress_rules" {
  type    = map(object({ port = number, cidr = string }))
  default = {}
}

variable "egress_rules" {
  type    = map(object({ port = number, cidr = string }))
  default = {}
}

variable "extra_rules" {
  type    = map(object({ port = number, cidr = string }))
  default = {}
}

# Inbound rules from a dynamic block over var.ingress; outbound written
# here.
resource "aws_security_group" "dynamic" {
  name   = "dynamic"
  vpc_id = var.vpc_id

  dynamic "ingress" {
    for_each = var.ingress
    content {
      protocol    = "tcp"
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      cidr_blocks = [ingress.value.cidr]
    }
  }

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Inbound and outbound rules as resources of their own, each from its
# input.
resource "aws_security_group" "split" {
  name   = "split"
  vpc_id = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "split" {
  for_each          = var.ingress_rules
  security_group_id = aws_security_group.split.id
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
}

resource "aws_security_group_rule" "split_egress" {
  for_each          = var.egress_rules
  type              = "egress"
  security_group_id = aws_security_group.split.id
  protocol          = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_blocks       = [each.value.cidr]
}

# Inbound rules from two inputs: no one input to name.
resource "aws_security_group" "mixed" {
  name   = "mixed"
  vpc_id = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "mixed" {
  for_each          = var.ingress_rules
  security_group_id = aws_security_group.mixed.id
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
}

resource "aws_vpc_security_group_ingress_rule" "mixed_extra" {
  for_each          = var.extra_rules
  security_group_id = aws_security_group.mixed.id
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
}
