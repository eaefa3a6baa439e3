// Package ebextensions reads the Elastic Beanstalk settings kept with an
// application's source: configuration files (.ebextensions/*.config, YAML
// or JSON), saved configurations (.elasticbeanstalk/saved_configs/*.cfg.yml)
// and the environment manifest (env.yaml). Configuration files apply to the
// environment their source is paired with (Pair), below saved
// configurations and the environment's own settings; saved configurations
// are configuration templates, found by the name an environment's
// TemplateName gives (docs/app-source.md).
package ebextensions

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/cloudformation"
)

// Kind says which of the three files a path is.
type Kind int

// Kinds of files.
const (
	// ConfigFile is .ebextensions/NAME.config.
	ConfigFile Kind = iota + 1
	// SavedConfig is .elasticbeanstalk/saved_configs/NAME.cfg.yml.
	SavedConfig
	// Manifest is env.yaml.
	Manifest
)

// Format names of parsers.SourceFile.Format.
const (
	FormatConfig      = "ebextensions-config"
	FormatSavedConfig = "eb-saved-configuration"
	FormatManifest    = "eb-environment-manifest"
)

// DefaultNamespace is the namespace of an option_settings entry that names
// none: environment properties.
const DefaultNamespace = "aws:elasticbeanstalk:application:environment"

// Classify says whether path names one of the files this package reads,
// by its place: a .config file directly in a directory named .ebextensions,
// a .cfg.yml file in .elasticbeanstalk/saved_configs, or env.yaml.
func Classify(path string) (Kind, bool) {
	base := filepath.Base(path)
	dir := filepath.Dir(path)
	switch {
	case strings.HasSuffix(base, ".config") && filepath.Base(dir) == ".ebextensions":
		return ConfigFile, true
	case strings.HasSuffix(base, ".cfg.yml") && filepath.Base(dir) == "saved_configs" &&
		filepath.Base(filepath.Dir(dir)) == ".elasticbeanstalk":
		return SavedConfig, true
	case base == "env.yaml":
		return Manifest, true
	}
	return 0, false
}

// FormatOf returns the parsers.SourceFile.Format of a file Classify
// recognises at path.
func FormatOf(path string) (string, bool) {
	k, ok := Classify(path)
	switch {
	case !ok:
		return "", false
	case k == ConfigFile:
		return FormatConfig, true
	case k == SavedConfig:
		return FormatSavedConfig, true
	}
	return FormatManifest, true
}

// SourceDir returns the application source directory a file of kind k at
// path belongs to: the parent of .ebextensions or .elasticbeanstalk, or
// the manifest's directory.
func SourceDir(path string, k Kind) string {
	dir := filepath.Dir(path)
	switch k {
	case ConfigFile:
		return filepath.Dir(dir)
	case SavedConfig:
		return filepath.Dir(filepath.Dir(dir))
	}
	return dir
}

// File is one file read.
type File struct {
	Path string
	Kind Kind
	// Dir is the application source directory (SourceDir).
	Dir string
	// Settings are the file's option settings in file order; their Owner
	// is set when the file joins a source or the graph.
	Settings []parsers.OptionSetting
	// GroupRules are the rules the file's Resources add to the security
	// groups Elastic Beanstalk creates (configuration files only).
	GroupRules []parsers.EBGroupRule
	// Name is a saved configuration's name: the file name without .cfg.yml
	// (the name `eb config put` gives it and `eb create --cfg` takes).
	Name string
	// SolutionStack and PlatformArn are a saved configuration's or a
	// manifest's platform.
	SolutionStack, PlatformArn parsers.Value
	// EnvironmentName is a manifest's EnvironmentName.
	EnvironmentName parsers.Value
	// JSON is whether the file is written in JSON (its document is a
	// flow mapping), not YAML's block style.
	JSON bool
	// Notices are parts of the file read but not applied, and why.
	Notices []parsers.Notice
	// Template holds the network resources of a configuration file's
	// Resources other than the group rules (endpoints, security groups
	// and their rules, routes...): CloudFormation resources of the
	// environment's stack, at the file's lines, built into the graph with
	// the templates. Their references to the groups Elastic Beanstalk
	// creates become the paired environment's (Apply). nil when there are
	// none.
	Template *cloudformation.Template

	resourceIDs []string // the logical IDs Template holds
}

// Parse reads the file of kind k at path. A saved configuration or
// manifest whose content is not one (no AWSConfigurationTemplateVersion
// and no OptionSettings: another tool's env.yaml) gives nil and no error.
// A file that is not valid YAML or JSON, or whose sections do not have the
// documented shape, is a *parsers.ParseError with the line.
func Parse(path string, k Kind, data []byte) (*File, error) {
	doc, err := cloudformation.ParseDocument(path, data)
	if err != nil {
		return nil, err
	}
	f := &File{Path: path, Kind: k, Dir: SourceDir(path, k), JSON: cloudformation.FlowRoot(data)}
	r := reader{f: f}
	if doc.Kind == parsers.Absent {
		if k == ConfigFile {
			return f, nil
		}
		return nil, nil
	}
	if doc.Kind != parsers.Map {
		if k != ConfigFile {
			return nil, nil
		}
		return nil, r.errorf(doc.Loc, "a configuration file must be a mapping of sections (option_settings, Resources, ...)")
	}
	if k == ConfigFile {
		if err = r.config(doc); err == nil && len(f.resourceIDs) > 0 {
			f.Template, err = cloudformation.ParseConfigResources(path, data, func(id string) bool { return slices.Contains(f.resourceIDs, id) })
		}
	} else {
		if doc.Get("AWSConfigurationTemplateVersion").IsAbsent() && doc.Get("OptionSettings").IsAbsent() {
			return nil, nil
		}
		err = r.template(doc)
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// reader reads one file into f.
type reader struct{ f *File }

func (r reader) errorf(loc parsers.Location, msg string) *parsers.ParseError {
	if loc.File == "" {
		loc.File = r.f.Path
	}
	return &parsers.ParseError{Loc: loc, Msg: msg}
}

func (r reader) notice(loc parsers.Location, msg string) {
	if loc.File == "" {
		loc.File = r.f.Path
	}
	r.f.Notices = append(r.f.Notices, parsers.Notice{Loc: loc, Msg: msg})
}
