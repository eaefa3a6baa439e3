package ebextensions

import (
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// config reads a configuration file's option_settings and Resources; the
// other sections configure the instances' software and are not read.
func (r reader) config(doc parsers.Value) error {
	for _, fl := range doc.Fields() {
		var err error
		switch fl.Key {
		case "option_settings":
			err = r.optionSettings(fl.Value)
		case "Resources":
			err = r.resources(fl.Value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// template reads a saved configuration or manifest: OptionSettings (the
// namespace: {option: value} form), the platform and, in a manifest, the
// environment name.
func (r reader) template(doc parsers.Value) error {
	if os := doc.Get("OptionSettings"); !os.IsAbsent() {
		if os.Kind != parsers.Map {
			return r.errorf(os.Loc, "OptionSettings must be a mapping of namespaces to {option: value}")
		}
		if err := r.namespaces(os, "OptionSettings"); err != nil {
			return err
		}
	}
	r.f.SolutionStack = named(doc.Get("SolutionStack"), "SolutionStack")
	r.f.PlatformArn = named(doc.Get("Platform").Get("PlatformArn"), "Platform.PlatformArn")
	r.f.EnvironmentName = named(doc.Get("EnvironmentName"), "EnvironmentName")
	if r.f.Kind == SavedConfig {
		r.f.Name = strings.TrimSuffix(baseName(r.f.Path), ".cfg.yml")
	}
	return nil
}

func named(v parsers.Value, prop string) parsers.Value {
	if v.IsAbsent() {
		return v
	}
	return v.Named(prop)
}

// optionSettings reads option_settings in either documented form: a list
// of {namespace, option_name, value} (namespace optional), or the
// shorthand namespace: {option name: value}.
func (r reader) optionSettings(v parsers.Value) error {
	switch v.Kind {
	case parsers.Absent:
		return nil
	case parsers.Map:
		return r.namespaces(v, "option_settings")
	case parsers.List:
		for _, it := range v.Items() {
			if it.Kind != parsers.Map {
				return r.errorf(it.Loc, "an option_settings entry must be a mapping with option_name and value (and namespace)")
			}
			ns := DefaultNamespace
			if n := it.Get("namespace"); !n.IsAbsent() {
				s, ok := scalar(n)
				if !ok {
					return r.errorf(n.Loc, "namespace must be a string")
				}
				ns = s
			}
			nameV := it.Get("option_name")
			name, ok := scalar(nameV)
			if !ok {
				loc := nameV.Loc
				if nameV.IsAbsent() {
					loc = it.Loc
				}
				return r.errorf(loc, "an option_settings entry needs option_name (a string)")
			}
			r.add(ns, name, it.Get("value"), it.Loc, "option_settings", true)
		}
		return nil
	}
	return r.errorf(v.Loc, "option_settings must be a list of {namespace, option_name, value} or a mapping of namespaces to {option: value}")
}

// namespaces reads the namespace: {option: value} form.
func (r reader) namespaces(v parsers.Value, section string) error {
	for _, ns := range v.Fields() {
		switch ns.Value.Kind {
		case parsers.Absent:
			continue
		case parsers.Map:
		default:
			return r.errorf(ns.Value.Loc, section+" "+ns.Key+" must be a mapping of option names to values")
		}
		for _, o := range ns.Value.Fields() {
			loc := o.Value.Loc
			if o.Value.IsAbsent() || loc.StartLine == 0 {
				loc = ns.Value.Loc
			}
			r.add(ns.Key, o.Key, o.Value, loc, section, false)
		}
	}
	return nil
}

// add records one setting, of section (listItem: an item of the list
// form). Values are strings; a function or structure is unknown: Elastic
// Beanstalk resolves it when it deploys.
func (r reader) add(ns, name string, v parsers.Value, loc parsers.Location, section string, listItem bool) {
	ns, name = strings.TrimSpace(ns), strings.TrimSpace(name)
	prop := section + " " + ns + "/" + name
	switch v.Kind {
	case parsers.Absent:
		v = parsers.Lit("", loc)
	case parsers.Known:
	default:
		v = parsers.UnknownValue("the value of "+ns+" "+name+" is not a literal string (a function is resolved by Elastic Beanstalk at deploy time)", v.Loc)
	}
	if r.f.Kind == ConfigFile && notInConfigFiles(ns, name) {
		v = parsers.UnknownValue(ns+" "+name+" is set in a configuration file: the Developer Guide says this option cannot be set in configuration files, yet shows an example that does; whether Elastic Beanstalk applies it is not documented consistently (docs/app-source.md)", v.Loc)
	}
	r.f.Settings = append(r.f.Settings, parsers.OptionSetting{
		Namespace: ns, Name: name, Value: v.Named(prop), Loc: loc, Section: section, ListItem: listItem,
	})
}

// notInConfigFiles reports the options the Developer Guide says cannot be
// set in configuration files for any client: LoadBalancerType and
// LoadBalancerIsShared (docs/app-source.md).
func notInConfigFiles(ns, name string) bool {
	if !strings.EqualFold(ns, "aws:elasticbeanstalk:environment") {
		return false
	}
	return strings.EqualFold(name, "LoadBalancerType") || strings.EqualFold(name, "LoadBalancerIsShared")
}

// scalar returns a known scalar's text, trimmed.
func scalar(v parsers.Value) (string, bool) {
	if v.Kind != parsers.Known {
		return "", false
	}
	return strings.TrimSpace(v.Str), true
}

func baseName(path string) string {
	i := strings.LastIndexAny(path, `/\`)
	return path[i+1:]
}
