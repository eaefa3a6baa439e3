package rules

import (
	"fmt"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
)

// This file builds the fixes that add a rule to a security group, for the
// instance and load balancer group rules EB402–EB405.

// peerText is a rule's source or destination in each language: the
// CloudFormation property (for a rule in a place's template), the
// Terraform rule resource's argument, and the argument of an inline
// ingress/egress block.
type peerText struct {
	cfn          func(*cfnPlace) cfnPeer
	tf, tfInline string
}

// cfnPeer is a rule's peer in a template: a CIDR or a security group.
type cfnPeer struct{ cidr, group *edit.Value }

// groupRuleFix adds a TCP rule on group sg (or a placeholder group) to or
// from peer, in both languages.
func (a *analysis) groupRuleFix(sg *parsers.SecurityGroup, placeholder string, egress bool, port int, peer peerText) Fix {
	sc := scopeOf(sg)
	kind, tfType, way := "Ingress", "aws_vpc_security_group_ingress_rule", "ingress"
	if egress {
		kind, tfType, way = "Egress", "aws_vpc_security_group_egress_rule", "egress"
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
	var anchor parsers.Node
	if sg != nil {
		anchor = sg
	}
	return Fix{
		CloudFormation: a.onResource(anchor, fmt.Sprintf("Add a TCP %d %s rule to %s.", port, way, name), func(p *cfnPlace) []edit.Edit {
			to := peer.cfn(p)
			return []edit.Edit{p.groupRule(p.name(name+fmt.Sprintf("Tcp%d%s", port, kind)), egress, p.ref(anchor, "", placeholder, "the group to open"), port, to.cidr, to.group)}
		}),
		Terraform: tf,
	}
}

// internetPeer is 0.0.0.0/0 as a rule's peer.
var internetPeer = peerText{cfn: func(*cfnPlace) cfnPeer { return cfnPeer{cidr: ptr(edit.Str("0.0.0.0/0"))} }, tf: `cidr_ipv4         = "0.0.0.0/0"`, tfInline: `cidr_blocks = ["0.0.0.0/0"]`}
