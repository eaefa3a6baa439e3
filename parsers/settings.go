package parsers

import (
	"fmt"
	"slices"
	"strings"
)

// Settings are an environment's effective option settings: the
// environment's own settings over those of its configuration template (a
// saved configuration), over that template's SourceConfiguration chain,
// over the configuration files of its application source (DOMAIN.md §9).
type Settings struct {
	// Platform is the effective SolutionStackName or PlatformArn (the
	// environment's own, else the nearest template's). Absent when no
	// layer names one.
	Platform Value
	// Chain lists the configuration templates applied, nearest first.
	Chain []*ConfigurationTemplate
	// Unresolved holds a template reference that could not be followed
	// (a name that matches no template in the inputs); the settings it
	// would contribute are unknown.
	Unresolved []Value
	// Undecided is the SettingsUndecided of the environment or of a
	// template of its chain (the nearest): an Unknown value when the input
	// does not decide which settings there are. Absent otherwise.
	Undecided Value

	byKey map[string]OptionSetting
}

// SettingKey returns the map key of the option setting namespace/name:
// both parts lower-cased, since settings match case-insensitively
// (DOMAIN.md §9).
func SettingKey(namespace, name string) string {
	return strings.ToLower(namespace) + "\x00" + strings.ToLower(name)
}

// Get returns the effective setting namespace/name. Names match
// case-insensitively (DOMAIN.md §9).
func (s Settings) Get(namespace, name string) (OptionSetting, bool) {
	o, ok := s.byKey[SettingKey(namespace, name)]
	return o, ok
}

// Value returns the effective value of namespace/name, or an Absent value.
func (s Settings) Value(namespace, name string) Value {
	o, ok := s.Get(namespace, name)
	if !ok {
		return Value{}
	}
	return o.Value
}

// Namespace returns every effective setting of a namespace, ordered by name.
func (s Settings) Namespace(namespace string) []OptionSetting {
	var out []OptionSetting
	prefix := strings.ToLower(namespace) + "\x00"
	for k, o := range s.byKey {
		if strings.HasPrefix(k, prefix) {
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b OptionSetting) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out
}

// HasNamespacePrefix reports whether any effective setting's namespace
// starts with prefix (any case): "aws:elbv2:listener" finds the listener
// namespaces, whose names hold the port.
func (s Settings) HasNamespacePrefix(prefix string) bool {
	prefix = strings.ToLower(prefix)
	for k := range s.byKey {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// Effective computes env's effective settings.
func (g *Graph) Effective(env *Environment) Settings {
	s := Settings{byKey: map[string]OptionSetting{}}
	// Collect layers nearest first, then apply farthest first.
	seen := map[string]bool{}
	next := env.TemplateName
	for next.Kind != Absent {
		t, ok := LookupAs[*ConfigurationTemplate](g, next)
		if !ok {
			s.Unresolved = append(s.Unresolved, next)
			break
		}
		if seen[t.Key] {
			break
		}
		seen[t.Key] = true
		s.Chain = append(s.Chain, t)
		if s.Undecided.Kind == Absent {
			s.Undecided = t.SettingsUndecided
		}
		next = t.SourceTemplate
	}
	if env.Source != nil {
		for _, o := range env.Source.Settings {
			s.byKey[SettingKey(o.Namespace, o.Name)] = o
		}
	}
	for i := len(s.Chain) - 1; i >= 0; i-- {
		t := s.Chain[i]
		for _, o := range t.Settings {
			s.byKey[SettingKey(o.Namespace, o.Name)] = o
		}
		if t.SolutionStackName.Kind != Absent {
			s.Platform = t.SolutionStackName
		} else if t.PlatformArn.Kind != Absent {
			s.Platform = t.PlatformArn
		}
	}
	for _, o := range env.Settings {
		s.byKey[SettingKey(o.Namespace, o.Name)] = o
	}
	if env.SettingsUndecided.Kind != Absent {
		s.Undecided = env.SettingsUndecided
	}
	if env.Source != nil {
		for _, o := range env.Source.ManifestSettings {
			s.manifestDoubt(o, env.Source.Manifest)
		}
	}
	if env.SolutionStackName.Kind != Absent {
		s.Platform = env.SolutionStackName
	} else if env.PlatformArn.Kind != Absent {
		s.Platform = env.PlatformArn
	}
	return s
}

// manifestDoubt makes the effective setting of o unknown when the
// environment manifest's value o differs from it: whether Elastic
// Beanstalk applies a manifest's OptionSettings to an environment that
// CloudFormation or Terraform creates, and above or below which layer, is
// not documented (docs/app-source.md §5). A manifest that agrees with the
// effective value changes nothing.
func (s Settings) manifestDoubt(o OptionSetting, manifest string) {
	key := SettingKey(o.Namespace, o.Name)
	cur, set := s.byKey[key]
	if set && sameText(cur.Value, o.Value) {
		return
	}
	was := "unset (the default applies)"
	if set {
		was = cur.Value.Describe()
	}
	v := UnknownValue(fmt.Sprintf("environment manifest %s sets %s %s to %s where the other settings give %s, and whether Elastic Beanstalk applies a manifest's OptionSettings to an environment that CloudFormation or Terraform creates, and at which precedence, is not documented",
		manifest, o.Namespace, o.Name, o.Value.Describe(), was), o.Value.Loc)
	v.Prop = o.Value.Prop
	o.Value = v
	s.byKey[key] = o
}

// sameText reports whether two values are the same known string, ignoring
// surrounding space, or the same boolean (true, True).
func sameText(a, b Value) bool {
	if a.Kind != Known || b.Kind != Known {
		return false
	}
	if x, ok := a.Bool(); ok {
		y, ok := b.Bool()
		return ok && x == y
	}
	return strings.TrimSpace(a.Str) == strings.TrimSpace(b.Str)
}
