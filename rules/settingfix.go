package rules

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
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
	return a.settingsFix(e, owner, sc, settingEdit{namespace: query.NSVPC, name: elbSubnetsOption, cfn: cfn, tf: tf, comment: "one subnet per Availability Zone"})
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
	return a.settingsFix(e, owner, sc, settingEdit{namespace: query.NSVPC, name: name, cfn: cfn, tf: tf})
}

// schemeFix makes the load balancer internal.
func (a *analysis) schemeFix(e *Env) Fix {
	return a.settingsFix(e, e.Node, scopeOf(e.Node), settingEdit{namespace: query.NSVPC, name: elbSchemeOption, cfn: edit.Str("internal"), tf: edit.Str("internal")})
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
	// A single instance ignores AssociatePublicIpAddress; load-balanced
	// instances in private subnets would then ask for public addresses
	// (EB103), so the same fix turns it off.
	if o, ok := e.Settings.Get(query.NSVPC, publicIPOption); ok {
		if on, known := o.Value.Bool(); known && on {
			edits = append(edits, settingEdit{namespace: query.NSVPC, name: publicIPOption, cfn: edit.Str("false"), tf: edit.Str("false")})
		}
	}
	return a.settingsFix(e, owner, sc, edits...)
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
	return a.settingsFix(e, owner, sc, settingEdit{namespace: query.NSVPC, name: vpcIDOption, cfn: cfn, tf: tf})
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
	return a.settingsFix(e, owner, sc, settingEdit{namespace: query.NSVPC, name: subnetsOption, cfn: cfn, tf: tf})
}

// settingEdit is one option setting a fix sets, with its value in each
// language (a value for the owner's template, an HCL expression).
type settingEdit struct {
	namespace, name string
	cfn, tf         edit.Value
	comment         string
}

// settingsFix sets option settings for environment e. A setting that a
// configuration file or saved configuration of the application source
// decides now is changed there, where it is written (docs/fixes.md: a
// setting on the environment would override it, and the file's value
// would return when that setting is removed); the others are set on owner,
// the environment or configuration template that is to hold them. In
// Terraform the values are written in the owner's module (see
// subnetValue).
func (a *analysis) settingsFix(e *Env, owner parsers.Node, sc *tfScope, edits ...settingEdit) Fix {
	var cfn []edit.Edit
	var tf []tfSetting
	var names []string
	var files fileSettings
	for _, ed := range edits {
		v := ed.cfn.WithComment(cmp.Or(ed.comment, ed.cfn.Comment))
		if o, ok := a.fileSetting(e, owner, ed.namespace, ed.name); ok {
			files.add(a, o, ed, v)
			continue
		}
		cfn = append(cfn, a.setting(owner, ed.namespace, ed.name, v))
		tf = append(tf, tfSetting{ed.namespace, ed.name, ed.tf.WithComment(cmp.Or(ed.comment, ed.tf.Comment))})
		names = append(names, ed.namespace+" "+ed.name)
	}
	desc := "Set " + strings.Join(names, ", ") + " on " + owner.Base().Name
	if len(files.edits) == 0 && len(files.notes) == 0 {
		return Fix{CloudFormation: cfnFix(desc+".", cfn...), Terraform: tfSettingsFix(owner, desc, tf...)}
	}
	rest := cfnFix(desc, cfn...)
	if a.cfnFile(owner) == "" {
		rest = tfSettingsFix(owner, desc, tf...)
	}
	if len(names) == 0 {
		rest = edit.Fix{}
	}
	return files.fix(rest)
}

// fileSettings are the edits of settings in files of the application
// source, and what the files need that no edit can write.
type fileSettings struct {
	edits []edit.Edit
	// names are the settings changed where a file sets them, added those
	// a file is to hold and does not yet, notes what no edit can write.
	names, added, notes []string
}

// add sets o to v where its file writes it, or notes what to write there
// when v references a resource (a configuration file cannot).
func (fs *fileSettings) add(a *analysis, o parsers.OptionSetting, ed settingEdit, v edit.Value) {
	where := a.settingFile(o)
	if !literalValue(v) {
		what := ""
		if ed.comment != "" {
			what = ": " + ed.comment
		}
		if o.Value.Kind == parsers.Absent { // the file is to hold it, and does not yet
			fs.notes = append(fs.notes, fmt.Sprintf("add %s %s to %s with literal IDs%s (a configuration file cannot reference the template's resources)",
				ed.namespace, ed.name, where, what))
			return
		}
		fs.notes = append(fs.notes, fmt.Sprintf("set %s %s in %s line %d, where it is set now, to literal IDs%s (a configuration file cannot reference the template's resources)",
			ed.namespace, ed.name, where, o.Loc.StartLine, what))
		return
	}
	fs.edits = append(fs.edits, fileSettingEdit(o, v))
	if o.Value.Kind == parsers.Absent {
		fs.added = append(fs.added, ed.namespace+" "+ed.name+" to "+where)
		return
	}
	fs.names = append(fs.names, ed.namespace+" "+ed.name+" in "+where)
}

// fix is the fix of the settings in files with rest, the fix of the other
// settings (on the environment or its configuration template; none when
// every setting is in a file). Both languages get the same edits: the
// edits of each file are rendered in its own language (pickFix). It is
// advice when a note says what no edit writes, or rest is.
func (fs *fileSettings) fix(rest edit.Fix) Fix {
	var parts []string
	if len(fs.names) > 0 {
		parts = append(parts, "set "+strings.Join(fs.names, ", ")+", where it is set now")
	}
	if len(fs.added) > 0 {
		parts = append(parts, "add "+strings.Join(fs.added, ", "))
	}
	parts = append(parts, fs.notes...)
	if rest.Description != "" {
		parts = append(parts, strings.ToLower(rest.Description[:1])+rest.Description[1:])
	}
	desc := strings.Join(parts, "; ")
	desc = strings.ToUpper(desc[:1]) + desc[1:]
	if len(fs.notes) > 0 || rest.Description != "" && len(rest.Edits) == 0 {
		return Fix{CloudFormation: edit.Fix{Description: desc + "."}, Terraform: edit.Fix{Description: desc}}
	}
	edits := append(slices.Clone(fs.edits), rest.Edits...)
	return Fix{CloudFormation: edit.Fix{Description: desc + ".", Edits: edits}, Terraform: edit.Fix{Description: desc, Edits: edits}}
}

// fileSetting returns the setting namespace/name of e when a file of the
// application source writes the value that decides it now (a
// configuration file, or a saved configuration: owner itself when it is
// one).
func (a *analysis) fileSetting(e *Env, owner parsers.Node, namespace, name string) (parsers.OptionSetting, bool) {
	if o, ok := e.Settings.Get(namespace, name); ok && o.Section != "" && o.Loc.File != "" {
		return o, true
	}
	if owner.Base().Type == savedConfigType {
		return parsers.OptionSetting{Namespace: namespace, Name: name, Section: "OptionSettings", Loc: owner.Base().Loc}, true
	}
	return parsers.OptionSetting{}, false
}

// savedConfigType is the node type of a saved configuration
// (.elasticbeanstalk/saved_configs/NAME.cfg.yml).
const savedConfigType = "Elastic Beanstalk saved configuration"

// settingFile names the file that writes setting o: "configuration file
// app/.ebextensions/vpc.config", "saved configuration app/...".
func (a *analysis) settingFile(o parsers.OptionSetting) string {
	if strings.HasPrefix(o.Owner, "source:") {
		return "configuration file " + filepath.ToSlash(o.Loc.File)
	}
	return "saved configuration " + filepath.ToSlash(o.Loc.File)
}

// fileSettingEdit sets setting o to v where its file writes it: the value
// of its {namespace, option_name, value} item, or its key of the
// namespace: {option: value} form (added when the file does not have it).
func fileSettingEdit(o parsers.OptionSetting, v edit.Value) edit.Edit {
	path := []string{o.Section, o.Namespace, o.Name}
	if o.ListItem {
		path = []string{o.Section, edit.Select("namespace", o.Namespace, "option_name", o.Name), "value"}
	}
	return edit.Edit{File: o.Loc.File, Op: edit.SetProperty, Path: path, Value: v, At: o.Loc}
}

// literalValue reports whether v is a plain value a configuration file
// can hold (no reference to a template's resource, no placeholder).
func literalValue(v edit.Value) bool {
	switch v.Kind {
	case edit.String, edit.Number, edit.Bool:
		return true
	}
	return false
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
	} else if len(c) < len(subnets) {
		// Subnets the place cannot name (no template to reference them
		// from, such as a saved configuration): their IDs are for the
		// user to fill in, never an empty value.
		var names []string
		for _, s := range subnets {
			names = append(names, s.Name)
		}
		c = []edit.Value{edit.PlaceholderFor("SubnetIds", "the IDs of "+strings.Join(names, ", "))}
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
