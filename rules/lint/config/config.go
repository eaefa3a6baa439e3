// Package config reads beanlint's configuration file, .beanlint.yaml: for
// now its environments section, which pairs environments with the
// application source directories whose .ebextensions settings apply to
// them. Other sections of the file (DESIGN.md's --config) extend File.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/ebextensions"
)

// Name is the file Find looks for.
const Name = ".beanlint.yaml"

// maxSize is the largest configuration file read.
const maxSize = 1 << 20

// File is a parsed configuration file.
type File struct {
	// Path is the file read; "" when there is none.
	Path string
	// Environments pair environments with application source directories,
	// each directory relative to the file's directory made relative to
	// the working directory (or absolute, as written).
	Environments []ebextensions.Mapping
}

// Find returns the path of the nearest .beanlint.yaml in dir or one of its
// ancestors, or "" when there is none.
func Find(dir string) string {
	for {
		p := filepath.Join(dir, Name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Load reads the configuration file at path. Errors name the file and
// line.
func Load(path string) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, parsers.PathErrorText(err))
	}
	if fi.Size() > maxSize {
		return nil, fmt.Errorf("%s: over the %d-byte limit of a configuration file", path, maxSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, parsers.PathErrorText(err))
	}
	return Parse(path, data)
}

// Parse reads a configuration file's content; path names it in errors and
// anchors relative source directories.
func Parse(path string, data []byte) (*File, error) {
	f := &File{Path: path}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(doc.Content) == 0 {
		return f, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return f, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, errorAt(path, root, "the configuration file must be a mapping")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return nil, errorAt(path, k, "duplicate key "+k.Value)
		}
		seen[k.Value] = true
		switch k.Value {
		case "environments":
			envs, err := environments(path, v)
			if err != nil {
				return nil, err
			}
			f.Environments = envs
		default:
			return nil, errorAt(path, k, fmt.Sprintf("unknown key %q (supported: environments)", k.Value))
		}
	}
	return f, nil
}

// environments reads the environments section: a list of
// {environment: NAME, source: DIR}.
func environments(path string, n *yaml.Node) ([]ebextensions.Mapping, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, errorAt(path, n, "environments must be a list of {environment: NAME, source: DIR}")
	}
	var out []ebextensions.Mapping
	for _, it := range n.Content {
		if it.Kind != yaml.MappingNode {
			return nil, errorAt(path, it, "an environments entry must be a mapping {environment: NAME, source: DIR}")
		}
		m := ebextensions.Mapping{Loc: parsers.Location{File: path, StartLine: it.Line, StartCol: it.Column}}
		for i := 0; i+1 < len(it.Content); i += 2 {
			k, v := it.Content[i], it.Content[i+1]
			if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
				return nil, errorAt(path, v, k.Value+" must be a non-empty string")
			}
			switch k.Value {
			case "environment":
				m.Environment = strings.TrimSpace(v.Value)
			case "source":
				m.Source = sourceDir(path, strings.TrimSpace(v.Value))
			default:
				return nil, errorAt(path, k, fmt.Sprintf("unknown key %q in an environments entry (supported: environment, source)", k.Value))
			}
		}
		if m.Environment == "" || m.Source == "" {
			return nil, errorAt(path, it, "an environments entry needs environment (its logical ID, Terraform address or EnvironmentName) and source (the directory holding .ebextensions)")
		}
		out = append(out, m)
	}
	return out, nil
}

// sourceDir resolves dir, relative to the configuration file's directory.
func sourceDir(path, dir string) string {
	dir = filepath.FromSlash(dir)
	if filepath.IsAbs(dir) {
		return filepath.Clean(dir)
	}
	return filepath.Join(filepath.Dir(path), dir)
}

func errorAt(path string, n *yaml.Node, msg string) error {
	return fmt.Errorf("%s:%d:%d: %s", path, n.Line, n.Column, msg)
}
