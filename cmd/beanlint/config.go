package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/beanlint/beanlint/cmd/beanlint/internal/cliflag"
	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/rules/lint"
	"github.com/beanlint/beanlint/rules/lint/baseline"
	"github.com/beanlint/beanlint/rules/lint/config"
)

// configFlags are the flags about the configuration file, excludes and
// the baseline.
type configFlags struct {
	noConfig      bool
	exclude       []string
	baselineFile  string
	writeBaseline string
}

// addConfigFlags registers --no-config, --exclude (anchored at the working
// directory), --baseline and --write-baseline.
func (cf *configFlags) addConfigFlags(fs *cliflag.Set) {
	fs.Bool(&cf.noConfig, "no-config", "", "read no configuration file")
	fs.Strings(&cf.exclude, "exclude", "skip walked paths matching `GLOB` (repeatable; a path named on the command line is read all the same)")
	fs.String(&cf.baselineFile, "baseline", "", "", "report as new only the findings not in the baseline `FILE` (matched by fingerprint)")
	fs.String(&cf.writeBaseline, "write-baseline", "", "", "write the current findings to the baseline `FILE`, then report them as baselined")
}

// loadConfig reads the configuration file (--config, else the nearest
// .beanlint.yaml upward from the working directory, unless --no-config)
// and merges it under the flags: --disable adds to its disable list,
// --tf-source replaces its tf-source, --exclude adds to its excludes,
// --parameters-file and --parameter values replace its parameters.
func (c *lintConfig) loadConfig(o *options) error {
	c.config = &config.File{}
	path := o.config
	switch {
	case o.noConfig && path != "":
		return usagef("--config and --no-config contradict each other")
	case o.noConfig:
	case path == "":
		wd, err := os.Getwd()
		if err != nil {
			return fmt.Errorf("working directory: %w", err)
		}
		path = config.Find(wd)
		if rel, err := filepath.Rel(wd, path); err == nil && path != "" {
			path = rel // errors name the file as the user sees it from here
		}
	}
	if path != "" {
		f, err := config.Load(path)
		if err != nil {
			return fmt.Errorf("configuration: %w", err)
		}
		c.config = f
	}
	for _, id := range c.config.Disable {
		c.disabled[id] = true
	}
	if c.tfSource == "" {
		c.tfSource = c.config.TFSource
	}
	c.exclude = append(c.exclude, c.config.Exclude...)
	for _, pattern := range o.exclude {
		g := load.Glob{Base: ".", Pattern: pattern}
		if err := g.Check(); err != nil {
			return usagef("--exclude: %v", err)
		}
		c.exclude = append(c.exclude, g)
	}
	c.parameters = map[string]string{}
	for k, v := range c.config.Parameters {
		c.parameters[k] = v
	}
	return nil
}

// today is the date ignore entries expire against: SOURCE_DATE_EPOCH
// (seconds since 1970, the reproducible-builds convention, so a rerun of an
// old commit gives the same report), else the clock.
func today(env func(string) string) (time.Time, error) {
	s := env("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Now(), nil
	}
	secs, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, usagef("SOURCE_DATE_EPOCH=%q: want seconds since 1970-01-01", s)
	}
	return time.Unix(secs, 0).UTC(), nil
}

// lintOptions are the options of the run; now is the date ignore entries
// expire against.
func (c *lintConfig) lintOptions(now time.Time, sized func(total, plan int64)) lint.Options {
	var stacks []load.Stack
	for _, s := range c.config.Stacks {
		stacks = append(stacks, load.Stack{Name: s.Name, Files: s.Files, Loc: s.Loc})
	}
	return lint.Options{
		Parameters: c.parameters, TFSource: c.tfSource, TFVars: c.tfVars, Disabled: c.disabled,
		Environments: c.config.Environments, Sized: sized,
		Severity: c.config.Severity, Ignore: c.config.Ignore, Now: now,
		Central: c.config.CentralEndpoints, Exclude: c.exclude, Stacks: stacks,
	}
}

// applyBaseline applies --baseline and --write-baseline to the run's findings:
// the baseline read marks the findings it holds; the baseline written holds
// every finding not otherwise suppressed, which are then baselined too. The
// baseline written replaces none of inputs, nor the report (output).
func (cf *configFlags) applyBaseline(root string, res *lint.Result, output string, inputs []string) error {
	if cf.baselineFile != "" {
		b, err := baseline.Read(cf.baselineFile)
		if err != nil {
			return fmt.Errorf("--baseline: %w", err)
		}
		b.Apply(root, cf.baselineFile, res.Findings)
	}
	if cf.writeBaseline == "" {
		return nil
	}
	if output != "" && filepath.Clean(output) == filepath.Clean(cf.writeBaseline) {
		return usagef("--write-baseline and --output name the same file %s", output)
	}
	if err := checkNotInput("--write-baseline", cf.writeBaseline, append(inputs, output)); err != nil {
		return err
	}
	b := baseline.Of(root, res.Findings)
	data, err := b.Marshal()
	if err != nil {
		return err
	}
	if err := writeFile(cf.writeBaseline, data); err != nil {
		return fmt.Errorf("--write-baseline %s: %s", cf.writeBaseline, parsers.PathErrorText(err))
	}
	b.Apply(root, cf.writeBaseline, res.Findings)
	return nil
}
