package ebextensions

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Mapping pairs an environment with an application source directory: an
// entry of the configuration file's environments section.
type Mapping struct {
	// Environment is the environment's logical ID, Terraform address or
	// EnvironmentName.
	Environment string
	// Source is the application source directory.
	Source string
	// Loc is the entry in the configuration file.
	Loc parsers.Location
}

// Apply adds what files hold to g: each saved configuration as a
// configuration template an environment's TemplateName finds by name, and
// the configuration files and environment manifest of each application
// source to the environment it is paired with. A source pairs with the
// environments the mappings name; else with the environment whose
// EnvironmentName its manifest (env.yaml) gives; else, without mappings,
// the only source of the run pairs with the only environment. A source
// paired with no environment is applied to none. The notices say how each
// source was paired, or why not.
func Apply(g *parsers.Graph, files []*File, mappings []Mapping) []parsers.Notice {
	var notices []parsers.Notice
	for _, f := range files {
		notices = append(notices, f.Notices...)
		if f.JSON {
			g.JSONDocuments = append(g.JSONDocuments, f.Path)
		}
	}
	notices = append(notices, addSavedConfigs(g, files)...)
	sources := Sources(files)
	if len(sources) == 0 {
		return notices
	}
	paired := map[*parsers.AppSource]bool{}
	for _, m := range mappings {
		src := sourceAt(sources, m.Source)
		envs := environmentsNamed(g, m.Environment)
		switch {
		case len(envs) == 0:
			notices = append(notices, parsers.Notice{Loc: m.Loc, Msg: fmt.Sprintf("environments: %q names no environment of the linted inputs (give its logical ID, Terraform address or EnvironmentName)", m.Environment)})
			continue
		case src == nil:
			notices = append(notices, parsers.Notice{Loc: m.Loc, Msg: fmt.Sprintf("environments: source %s holds no .ebextensions configuration file or env.yaml among the linted inputs", m.Source)})
			continue
		}
		for _, env := range envs {
			if env.Source != nil && env.Source != src {
				notices = append(notices, parsers.Notice{Loc: m.Loc, Msg: fmt.Sprintf("environments: environment %s is already paired with %s; %s is not applied to it", env.Name, env.Source.Dir, src.Dir)})
				continue
			}
			env.Source = src
			paired[src] = true
		}
	}
	for _, src := range sources {
		if !paired[src] && src.Manifest != "" {
			notices = append(notices, pairByManifest(g, src, paired)...)
		}
	}
	if len(mappings) == 0 && len(g.Environments) == 1 && len(sources) == 1 && !paired[sources[0]] && g.Environments[0].Source == nil &&
		!namesOther(sources[0], g.Environments[0]) {
		env, src := g.Environments[0], sources[0]
		env.Source = src
		paired[src] = true
		notices = append(notices, parsers.Notice{Loc: sourceLoc(src),
			Msg: fmt.Sprintf("the configuration files of application source %s apply to environment %s: the only environment and the only application source of the run (name the pair in .beanlint.yaml environments to make it explicit)", src.Dir, env.Name)})
	}
	bindGroups(g)
	for _, src := range sources {
		if !paired[src] {
			notices = append(notices, parsers.Notice{Loc: sourceLoc(src),
				Msg: fmt.Sprintf("the configuration files of application source %s are applied to no environment: %s; name the environment and this directory in .beanlint.yaml environments", src.Dir, unpairedWhy(g, src, len(sources), len(mappings)))})
		}
	}
	return notices
}

// pairByManifest pairs src with the environments whose EnvironmentName is
// its manifest's: the manifest names the environment the source bundle
// creates [eb-manifest], so the environment of that name in the inputs is
// the one the source is deployed to (docs/app-source.md §6).
func pairByManifest(g *parsers.Graph, src *parsers.AppSource, paired map[*parsers.AppSource]bool) []parsers.Notice {
	v := src.ManifestName
	if v.Kind == parsers.Absent {
		return nil
	}
	loc := v.Loc
	if loc.File == "" {
		loc = parsers.Location{File: src.Manifest}
	}
	name := strings.TrimSpace(v.Str)
	switch {
	case v.Kind != parsers.Known:
		return []parsers.Notice{{Loc: loc, Msg: fmt.Sprintf("the EnvironmentName of environment manifest %s is not a literal name, so it pairs application source %s with no environment", src.Manifest, src.Dir)}}
	case strings.HasSuffix(name, "+"):
		return []parsers.Notice{{Loc: loc, Msg: fmt.Sprintf("the EnvironmentName %q of environment manifest %s ends with +: the environment's name is completed by the group suffix given when the environment is created, so it pairs application source %s with no environment of the inputs", name, src.Manifest, src.Dir)}}
	}
	var out []parsers.Notice
	found := false
	for _, env := range g.Environments {
		en, ok := env.EnvironmentName.Text()
		if !ok || env.EnvironmentName.Kind != parsers.Known || strings.TrimSpace(en) != name {
			continue
		}
		found = true
		if env.Source != nil {
			out = append(out, parsers.Notice{Loc: loc, Msg: fmt.Sprintf("environment %s, named by the EnvironmentName of %s, is already paired with %s; %s is not applied to it", env.Name, src.Manifest, env.Source.Dir, src.Dir)})
			continue
		}
		env.Source = src
		paired[src] = true
		out = append(out, parsers.Notice{Loc: loc, Msg: fmt.Sprintf("the configuration files of application source %s apply to environment %s: its environment manifest %s names it (EnvironmentName %s)", src.Dir, env.Name, src.Manifest, name)})
	}
	if !found {
		out = append(out, parsers.Notice{Loc: loc, Msg: fmt.Sprintf("the EnvironmentName %q of environment manifest %s names no environment of the linted inputs (an environment whose EnvironmentName / name is %q)", name, src.Manifest, name)})
	}
	return out
}

// bindGroups puts, in place of a configuration file's reference to a
// security group Elastic Beanstalk creates (an EBGroupOrigin value in a
// security group rule's peer or an endpoint's groups), that group of the
// environment the file's source is paired with. A reference stays unknown
// when the source is paired with no environment, or with several (one
// rule cannot name the groups of two).
func bindGroups(g *parsers.Graph) {
	envOf := map[string]*parsers.Environment{} // configuration file -> environment
	several := map[string]bool{}
	for _, env := range g.Environments {
		if env.Source == nil {
			continue
		}
		for _, f := range env.Source.Files {
			if envOf[f] != nil {
				several[f] = true
			}
			envOf[f] = env
		}
	}
	bind := func(v *parsers.Value) {
		if v.Kind != parsers.Unknown || v.Origin().Kind != parsers.EBGroupOrigin {
			return
		}
		env := envOf[v.Origin().File]
		if env == nil || several[v.Origin().File] {
			return
		}
		*v = parsers.RefTo(parsers.EBGroupKey(env.Key, v.Origin().Name), "", v.Loc)
	}
	for _, sg := range g.SecurityGroups {
		for i := range sg.Ingress {
			bind(&sg.Ingress[i].Peer.SecurityGroup)
		}
		for i := range sg.Egress {
			bind(&sg.Egress[i].Peer.SecurityGroup)
		}
	}
	for _, ep := range g.Endpoints {
		for i := range ep.SecurityGroups {
			bind(&ep.SecurityGroups[i])
		}
	}
}

// namesOther reports whether src's manifest names an environment other
// than env: a literal EnvironmentName that env's literal EnvironmentName
// is not. Then the source is deployed to another environment, and the
// only-environment rule does not pair them.
func namesOther(src *parsers.AppSource, env *parsers.Environment) bool {
	m, e := src.ManifestName, env.EnvironmentName
	if m.Kind != parsers.Known || e.Kind != parsers.Known || strings.HasSuffix(strings.TrimSpace(m.Str), "+") {
		return false
	}
	return strings.TrimSpace(m.Str) != strings.TrimSpace(e.Str)
}

// sourceLoc is where notices about a source point: its first
// configuration file, else its manifest.
func sourceLoc(src *parsers.AppSource) parsers.Location {
	if len(src.Files) > 0 {
		return parsers.Location{File: src.Files[0]}
	}
	return parsers.Location{File: src.Manifest}
}

func unpairedWhy(g *parsers.Graph, src *parsers.AppSource, nsources, nmappings int) string {
	switch {
	case len(g.Environments) == 0:
		return "the run has no environment"
	case nmappings > 0:
		return "no environments entry names this source"
	case len(g.Environments) == 1 && namesOther(src, g.Environments[0]):
		return fmt.Sprintf("its env.yaml names environment %s, and the run's only environment is %s", strings.TrimSpace(src.ManifestName.Str), strings.TrimSpace(g.Environments[0].EnvironmentName.Str))
	case len(g.Environments) > 1:
		return fmt.Sprintf("the run has %d environments", len(g.Environments))
	}
	return fmt.Sprintf("the run has %d application sources", nsources)
}

// Sources groups the configuration files and environment manifests of
// files by application source directory, sorted by directory; each
// source's configuration files in the order Elastic Beanstalk applies them
// (alphabetical by file name).
func Sources(files []*File) []*parsers.AppSource {
	byDir := map[string][]*File{}
	for _, f := range files {
		if f.Kind == ConfigFile || f.Kind == Manifest {
			byDir[f.Dir] = append(byDir[f.Dir], f)
		}
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	out := make([]*parsers.AppSource, 0, len(dirs))
	for _, d := range dirs {
		fs := byDir[d]
		slices.SortFunc(fs, func(a, b *File) int { return strings.Compare(filepath.Base(a.Path), filepath.Base(b.Path)) })
		src := &parsers.AppSource{Dir: d}
		for _, f := range fs {
			if f.Kind == Manifest {
				src.Manifest, src.ManifestName = f.Path, f.EnvironmentName
				for _, o := range f.Settings {
					o.Owner = parsers.SourceOwner(d)
					src.ManifestSettings = append(src.ManifestSettings, o)
				}
				continue
			}
			src.Files = append(src.Files, f.Path)
			for _, o := range f.Settings {
				o.Owner = parsers.SourceOwner(d)
				src.Settings = append(src.Settings, o)
			}
			src.GroupRules = append(src.GroupRules, f.GroupRules...)
		}
		out = append(out, src)
	}
	return out
}

// sourceAt returns the source whose directory is dir (compared as absolute
// paths), or nil.
func sourceAt(sources []*parsers.AppSource, dir string) *parsers.AppSource {
	want := absolute(dir)
	for _, s := range sources {
		if absolute(s.Dir) == want {
			return s
		}
	}
	return nil
}

func absolute(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// environmentsNamed returns the environments whose logical ID or Terraform
// address, or literal EnvironmentName, is name.
func environmentsNamed(g *parsers.Graph, name string) []*parsers.Environment {
	var out []*parsers.Environment
	for _, env := range g.Environments {
		if en, ok := env.EnvironmentName.Text(); env.Name == name || ok && env.EnvironmentName.Kind == parsers.Known && en == name {
			out = append(out, env)
		}
	}
	return out
}

// addSavedConfigs adds each saved configuration to g as a configuration
// template whose physical ID is its name, so that an environment's
// TemplateName of that name finds it. A saved configuration no
// environment names is noted.
func addSavedConfigs(g *parsers.Graph, files []*File) []parsers.Notice {
	var notices []parsers.Notice
	for _, f := range files {
		if f.Kind != SavedConfig {
			continue
		}
		loc := parsers.Location{File: f.Path, StartLine: 1, StartCol: 1}
		ct := &parsers.ConfigurationTemplate{
			Resource: parsers.Resource{
				Key: f.Path + "#" + f.Name, Name: "saved configuration " + f.Name,
				Type: "Elastic Beanstalk saved configuration", Loc: loc, PhysicalID: parsers.Lit(f.Name, loc),
			},
			SolutionStackName: f.SolutionStack,
			PlatformArn:       f.PlatformArn,
		}
		for _, o := range f.Settings {
			o.Owner = ct.Key
			ct.Settings = append(ct.Settings, o)
		}
		if _, taken := g.Lookup(ct.PhysicalID); taken {
			notices = append(notices, parsers.Notice{Loc: loc, Msg: fmt.Sprintf("saved configuration %s is not used: another input already defines a configuration named %s", f.Path, f.Name)})
			continue
		}
		if err := g.Add(ct); err != nil {
			notices = append(notices, parsers.Notice{Loc: loc, Msg: err.Error()})
			continue
		}
		if !namedByAny(g, f.Name) {
			notices = append(notices, parsers.Notice{Loc: loc, Msg: fmt.Sprintf("saved configuration %s is applied to no environment: no environment's TemplateName is %q", f.Name, f.Name)})
		}
	}
	return notices
}

// namedByAny reports whether an environment or configuration template of
// g names the template name literally.
func namedByAny(g *parsers.Graph, name string) bool {
	is := func(v parsers.Value) bool {
		s, ok := v.Text()
		return ok && v.Kind == parsers.Known && strings.TrimSpace(s) == name
	}
	for _, env := range g.Environments {
		if is(env.TemplateName) {
			return true
		}
	}
	for _, ct := range g.ConfigTemplates {
		if is(ct.SourceTemplate) {
			return true
		}
	}
	return false
}
