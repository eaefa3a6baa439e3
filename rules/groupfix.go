package rules

import (
	"fmt"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
)

// This file builds the fixes that add a rule to a security group, for the
// instance and load balancer group rules EB402–EB405.

// peerText is a rule's source or destination in each language: the
// CloudFormation peer (for a rule in a place's template) and the
// Terraform peer.
type peerText struct {
	cfn func(*cfnPlace) cfnPeer
	tf  tfPeer
}

// cfnPeer is a rule's peer in a template: a CIDR or a security group.
type cfnPeer struct{ cidr, group *edit.Value }

// groupRuleFix adds a TCP rule on group sg (or a placeholder group) to or
// from peer, in both languages.
func (a *analysis) groupRuleFix(sg *parsers.SecurityGroup, placeholder string, egress bool, port int, peer peerText) Fix {
	kind, way := "Ingress", "ingress"
	if egress {
		kind, way = "Egress", "egress"
	}
	name := placeholder
	var anchor parsers.Node
	tf := edit.Fix{Description: fmt.Sprintf("Add a TCP %d %s rule to %s (not in the linted inputs)", port, way, placeholder)}
	if sg != nil {
		name, anchor = logicalName(sg.Name), sg
		tf = a.tfIngressFix(sg, egress, port, peer.tf, fmt.Sprintf("%s_%d", tfName(tfBlockName(sg.Name, "instances")), port))
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
var internetPeer = peerText{cfn: func(*cfnPlace) cfnPeer { return cfnPeer{cidr: ptr(edit.Str("0.0.0.0/0"))} }, tf: tfPeer{what: "anywhere", cidr: "0.0.0.0/0"}}
