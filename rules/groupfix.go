package rules

import (
	"fmt"

	"github.com/beanlint/beanlint/parsers"
)

// This file builds the fixes that add a rule to a security group, for the
// instance and load balancer group rules EB402–EB405.

// peerText is a rule's source or destination in each language: the
// CloudFormation property, the Terraform rule resource's argument, and
// the argument of an inline ingress/egress block.
// peerText is a rule's peer in each form; scope, when set, is the
// Terraform scope of the group the rule goes on that its references were
// rendered in (so the fix's header declares the variables they need).
type peerText struct {
	cfn, tf, tfInline string
	scope             *tfScope
}

// groupRuleFix adds a TCP rule on group sg (or a placeholder group) to or
// from peer, in both languages.
func groupRuleFix(sg *parsers.SecurityGroup, placeholder string, egress bool, port int, peer peerText) Fix {
	sc := scopeOf(sg)
	if peer.scope != nil {
		sc = peer.scope
	}
	kind, cfnType, tfType, way := "Ingress", "AWS::EC2::SecurityGroupIngress", "aws_vpc_security_group_ingress_rule", "ingress"
	if egress {
		kind, cfnType, tfType, way = "Egress", "AWS::EC2::SecurityGroupEgress", "aws_vpc_security_group_egress_rule", "egress"
	}
	name := placeholder
	if sg != nil {
		name = logicalName(sg.Name)
	}
	header := sc.header()
	if sg == nil {
		header += "# var.security_group_id: the ID of " + placeholder + " (not in the linted inputs)\n"
	}
	tf := header + fmt.Sprintf(`resource "%s" "%s" {
  security_group_id = %s
  ip_protocol       = "tcp"
  from_port         = %d
  to_port           = %d
  %s
}
`, tfType, tfName(tfBlockName(name, "instances"))+fmt.Sprintf("_%d", port), sc.ref(sg, "id", "var.security_group_id", "security_group_id"), port, port, peer.tf)
	if sg != nil && hasInlineRules(sg) {
		if typ, local, ok := tfLabels(sg.Name); ok {
			tf = sc.header() + fmt.Sprintf(`resource "%s" "%s" {
  # ...
  %s {
    protocol  = "tcp"
    from_port = %d
    to_port   = %d
    %s
  }
}
`, typ, local, way, port, port, peer.tfInline)
		}
	}
	return Fix{
		CloudFormation: fmt.Sprintf(`%s:
  Type: %s
  Properties:
    GroupId: %s
    IpProtocol: tcp
    FromPort: %d
    ToPort: %d
    %s
`, name+fmt.Sprintf("Tcp%d%s", port, kind), cfnType, cfnRef(sg, placeholder+" # the group to open"), port, port, peer.cfn),
		Terraform: tf,
	}
}

// internetPeer is 0.0.0.0/0 as a rule's peer.
var internetPeer = peerText{cfn: "CidrIp: 0.0.0.0/0", tf: `cidr_ipv4         = "0.0.0.0/0"`, tfInline: `cidr_blocks = ["0.0.0.0/0"]`}
