package load

import (
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/cloudformation"
	"github.com/beanlint/beanlint/parsers/textfile"
)

// nestedReader finds and reads the templates of nested stacks
// (AWS::CloudFormation::Stack) for cloudformation.Build: a TemplateURL that
// is a local path, relative to the parent template's directory (the input
// of `aws cloudformation package`), or an S3 URL that a CDK asset manifest
// (cdk.out/*.assets.json, beside the parent template) maps to a file of the
// cloud assembly. Each file is read once, through the bounded reader; a
// file that is also an input of the run is that input's template.
type nestedReader struct {
	inputs []input
	read   map[string]nestedFile
	assets map[string][]cdkAsset // by directory
	// paths are the files read as nested templates, in the order read.
	paths []string
}

// input is a template of the run and its file.
type input struct {
	t    *cloudformation.Template
	info fs.FileInfo
}

// nestedFile is what reading one nested template gave.
type nestedFile struct {
	t   *cloudformation.Template
	err error
}

// cdkAsset is a file asset of a CDK asset manifest: the object key it is
// uploaded to and the file of the cloud assembly it is.
type cdkAsset struct {
	objectKey string
	path      string
}

func newNestedReader(inputs []input) *nestedReader {
	return &nestedReader{inputs: inputs, read: map[string]nestedFile{}, assets: map[string][]cdkAsset{}}
}

// open is the cloudformation.NestedReader of the run.
func (r *nestedReader) open(parent *cloudformation.Template, url string) (*cloudformation.Template, error) {
	dir := filepath.Dir(parent.Path)
	var path string
	if strings.Contains(url, "://") {
		if path = r.asset(dir, url); path == "" {
			return nil, nil
		}
	} else {
		path = filepath.FromSlash(url)
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
	}
	path = filepath.Clean(path)
	if f, ok := r.read[path]; ok {
		return f.t, f.err
	}
	t, err := r.load(path)
	r.read[path] = nestedFile{t, err}
	return t, err
}

// load reads and parses the template at path, or returns the input that is
// that file.
func (r *nestedReader) load(path string) (*cloudformation.Template, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // a TemplateURL that names no file is unknown
	}
	if err != nil {
		return nil, readError(path, err)
	}
	for _, in := range r.inputs {
		if in.info != nil && os.SameFile(in.info, info) {
			return in.t, nil
		}
	}
	data, err := textfile.Read(path, maxTemplateSize, "template")
	if err != nil {
		return nil, readError(path, err)
	}
	t, err := cloudformation.Parse(path, data)
	if err != nil {
		return nil, err
	}
	r.paths = append(r.paths, path)
	return t, nil
}

// asset returns the file of the CDK asset uploaded to url, or "": the asset
// of a manifest in dir whose object key ends the URL.
func (r *nestedReader) asset(dir, url string) string {
	assets, ok := r.assets[dir]
	if !ok {
		assets = readAssetManifests(dir)
		r.assets[dir] = assets
	}
	for _, a := range assets {
		if strings.HasSuffix(url, "/"+a.objectKey) {
			return filepath.Join(dir, filepath.FromSlash(a.path))
		}
	}
	return ""
}

// assetManifest is the part of a CDK asset manifest (*.assets.json) that
// maps file assets to their S3 objects.
type assetManifest struct {
	Files map[string]struct {
		Source struct {
			Path      string `json:"path"`
			Packaging string `json:"packaging"`
		} `json:"source"`
		Destinations map[string]struct {
			ObjectKey string `json:"objectKey"`
		} `json:"destinations"`
	} `json:"files"`
}

// readAssetManifests returns the file assets of every *.assets.json in dir,
// in file, asset and destination order. Manifests that cannot be read are
// skipped: a nested stack they would map stays unknown.
func readAssetManifests(dir string) []cdkAsset {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []cdkAsset
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".assets.json") {
			continue
		}
		data, err := textfile.Read(filepath.Join(dir, e.Name()), maxTemplateSize, "CDK asset manifest")
		if err != nil {
			continue
		}
		var m assetManifest
		if json.Unmarshal(data, &m) != nil {
			continue
		}
		for _, id := range slices.Sorted(maps.Keys(m.Files)) {
			f := m.Files[id]
			if f.Source.Path == "" || f.Source.Packaging != "" && f.Source.Packaging != "file" {
				continue
			}
			for _, d := range slices.Sorted(maps.Keys(f.Destinations)) {
				if key := f.Destinations[d].ObjectKey; key != "" {
					out = append(out, cdkAsset{objectKey: key, path: f.Source.Path})
				}
			}
		}
	}
	return out
}

// readError is the error of a nested template that exists but cannot be
// read: an EB900 of that file.
func readError(path string, err error) error {
	return &parsers.ParseError{Loc: parsers.Location{File: path}, Msg: "cannot read this nested stack's template: " + parsers.PathErrorText(err), Err: err}
}
