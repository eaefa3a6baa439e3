# A security group module written the way registry modules write them
# (cloudposse/security-group/aws): the group, and its rules from a list
# input, keyed for for_each with each rule's direction in its type. Used by
# test cases under testdata/rules/modules (not a case itself: no plan of
# its own).

variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "rules" {
  type = list(object({
    type                     = string
    protocol                 = optional(string, "tcp")
    from_port                = number
    to_port                  = number
    cidr_blocks              = optional(list(string))
    source_security_group_id = optional(string)
  }))
  default = []
}

resource "aws_security_group" "this" {
  name   = var.name
  vpc_id = var.vpc_id
}

resource "aws_security_group_rule" "keyed" {
  for_each = { for i, r in var.rules : "${r.type}-${i}" => r }

  security_group_id        = aws_security_group.this.id
  type                     = each.value.type
  protocol                 = each.value.protocol
  from_port                = each.value.from_port
  to_port                  = each.value.to_port
  cidr_blocks              = each.value.cidr_blocks
  source_security_group_id = each.value.source_security_group_id
}

output "id" {
  value = aws_security_group.this.id
}
