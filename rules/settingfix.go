package rules

import (
	"cmp"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/query"
)

// This file builds the fixes that change option settings of an environment
// (ELBSubnets, ELBScheme, VPCId, Subnets, EnvironmentType), in both input
// languages, for the topology rules EB101–EB105.

// elbSubnetsFix sets ELBSubnets to subnets (one per zone), adding a
// subnet of another zone when that leaves one.
func (a *analysis) elbSubnetsFix(e *Env, owner parsers.Node, subnets []*Subnet) Fix {
	if len(subnets) < 2 {
		return a.addZoneFix(e, owner, elbSubnetsOption, subnets)
	}
	sc := scopeOf(owner)
	cfn, tf := subnetValue(a.cfnAt(owner, nil), subnets, sc, "", "")
	return a.settingsFix(owner, sc, settingEdit{namespace: query.NSVPC, name: elbSubnetsOption, cfn: cfn, tf: tf, comment: "one subnet per Availability Zone"})
}

// addZoneFix sets option name to subnets plus a subnet of the inputs in
// another zone (of the same posture as the first subnet), or a
// placeholder when the inputs hold none.
func (a *analysis) addZoneFix(e *Env, owner parsers.Node, name string, subnets []*Subnet) Fix {
	var postures []Posture
	for _, s := range subnets {
		if s.Node != nil {
			postures = append(postures, s.Posture)
			break
		}
	}
	sc := scopeOf(owner)
	placeholder := ""
	list := subnets
	if others := a.otherZoneSubnets(e, subnets, postures...); len(others) > 0 {
		list = append(append([]*Subnet(nil), subnets...), others[0])
	} else {
		placeholder = "a subnet in another Availability Zone"
		if len(postures) > 0 && postures[0] != Public {
			placeholder = "a private subnet in another Availability Zone"
		}
	}
	cfn, tf := subnetValue(a.cfnAt(owner, nil), list, sc, "subnet_in_another_zone", placeholder)
	return a.settingsFix(owner, sc, settingEdit{namespace: query.NSVPC, name: name, cfn: cfn, tf: tf})
}

// schemeFix makes the load balancer internal.
func (a *analysis) schemeFix(e *Env) Fix {
	return a.settingsFix(e.Node, scopeOf(e.Node), settingEdit{namespace: query.NSVPC, name: elbSchemeOption, cfn: edit.Str("internal"), tf: edit.Str("internal")})
}

// loadBalancedFix makes a single-instance environment load-balanced with
// an internal load balancer in its private subnets.
func (a *analysis) loadBalancedFix(e *Env, owner parsers.Node, private []*Subnet) Fix {
	sc := scopeOf(owner)
	edits := []settingEdit{
		{namespace: query.NSEnvironment, name: envTypeOption, cfn: edit.Str("LoadBalanced"), tf: edit.Str("LoadBalanced")},
		{namespace: query.NSVPC, name: elbSchemeOption, cfn: edit.Str("internal"), tf: edit.Str("internal")},
	}
	if _, ok := e.Settings.Get(query.NSVPC, elbSubnetsOption); !ok {
		cfn, tf := subnetValue(a.cfnAt(owner, nil), private, sc, "", "")
		edits = append(edits, settingEdit{namespace: query.NSVPC, name: elbSubnetsOption, cfn: cfn, tf: tf})
	}
	return a.settingsFix(owner, sc, edits...)
}

// vpcIDFix sets VPCId to vpc (a placeholder when unknown).
func (a *analysis) vpcIDFix(e *Env, owner parsers.Node, vpc *parsers.VPC) Fix {
	sc := scopeOf(owner)
	cfn, tf := edit.PlaceholderFor("Vpc", "the VPC of the subnets"), edit.PlaceholderFor("vpc_id", "the ID of the subnets' VPC")
	if vpc != nil {
		if p := a.cfnAt(owner, nil); p != nil {
			cfn = p.ref(vpc, "", "Vpc", "the VPC of the subnets")
		}
		tf = sc.val(vpc, "id", "vpc_id", "the ID of "+vpc.Name)
	}
	return a.settingsFix(owner, sc, settingEdit{namespace: query.NSVPC, name: vpcIDOption, cfn: cfn, tf: tf})
}

// subnetsFix sets Subnets to the private subnets of the environment's VPC
// (a placeholder when the inputs hold none).
func (a *analysis) subnetsFix(e *Env, owner parsers.Node) Fix {
	sc := scopeOf(owner)
	var list []*Subnet
	if vpc := e.VPCNode(); vpc != nil {
		for _, n := range a.g.Subnets {
			if n.Condition != "" || a.q.SameNode(n.VPC, parsers.Value{}, vpc) != yes {
				continue
			}
			s := a.q.SubnetOf(n)
			if s.Posture != Public {
				list = append(list, s)
			}
		}
	}
	placeholder := ""
	if len(list) == 0 {
		placeholder = "the instance subnets of the VPC"
	}
	cfn, tf := subnetValue(a.cfnAt(owner, nil), list, sc, "instance_subnet_ids", placeholder)
	return a.settingsFix(owner, sc, settingEdit{namespace: query.NSVPC, name: subnetsOption, cfn: cfn, tf: tf})
}

// settingEdit is one option setting a fix sets, with its value in each
// language (a value for the owner's template, an HCL expression).
type settingEdit struct {
	namespace, name string
	cfn, tf         edit.Value
	comment         string
}

// settingsFix sets option settings on owner, the environment or
// configuration template that is to hold them. In Terraform the values are
// written in the owner's module (see subnetValue).
func (a *analysis) settingsFix(owner parsers.Node, sc *tfScope, edits ...settingEdit) Fix {
	var cfn []edit.Edit
	var tf []tfSetting
	var names []string
	for _, ed := range edits {
		cfn = append(cfn, a.setting(owner, ed.namespace, ed.name, ed.cfn.WithComment(cmp.Or(ed.comment, ed.cfn.Comment))))
		tf = append(tf, tfSetting{ed.namespace, ed.name, ed.tf.WithComment(cmp.Or(ed.comment, ed.tf.Comment))})
		names = append(names, ed.namespace+" "+ed.name)
	}
	desc := "Set " + strings.Join(names, ", ") + " on " + owner.Base().Name
	return Fix{CloudFormation: cfnFix(desc+".", cfn...), Terraform: tfSettingsFix(owner, desc, tf...)}
}

// setting is the edit setting option namespace/name of owner to v.
func (a *analysis) setting(owner parsers.Node, namespace, name string, v edit.Value) edit.Edit {
	return a.set(owner, v, "OptionSettings", edit.Select("Namespace", namespace, "OptionName", name), "Value")
}

// subnetValue renders subnets as the value of an aws:ec2:vpc option
// (comma-separated IDs) in both languages: for the template of place p
// (none when p is nil) and in Terraform for scope sc, with a placeholder
// appended for a subnet the fix cannot name: variable (a Terraform
// variable name) described by placeholder.
func subnetValue(p *cfnPlace, subnets []*Subnet, sc *tfScope, variable, placeholder string) (cfn, tf edit.Value) {
	var c []edit.Value
	for _, s := range subnets {
		if p != nil {
			if v, ok := p.subnet(s); ok {
				c = append(c, v)
			}
		}
	}
	if placeholder != "" {
		c = append(c, edit.PlaceholderFor(strings.ReplaceAll(logicalName(strings.ReplaceAll(variable, "_", "-")), "Ids", ""), placeholder))
	}
	switch len(c) {
	case 0:
		cfn = edit.Str("")
	case 1:
		cfn = c[0]
	default:
		var parts []edit.Value
		for i, v := range c {
			if i > 0 {
				parts = append(parts, edit.Str(","))
			}
			parts = append(parts, v)
		}
		cfn = edit.ConcatOf(parts...)
	}
	return cfn, tfSubnetSetting(subnets, sc, variable, placeholder)
}
