package tfsource

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/textfile"
)

// DefaultDataDir is where Terraform keeps a working directory's data
// (installed modules among them) when TF_DATA_DIR is not set.
const DefaultDataDir = ".terraform"

// ManifestPath is where `terraform init` records the modules it installed,
// relative to the root module's directory, when TF_DATA_DIR is not set.
var ManifestPath = manifestPath(DefaultDataDir)

// manifestPath is the module manifest of data directory dataDir.
func manifestPath(dataDir string) string {
	return filepath.Join(dataDir, "modules", "modules.json")
}

// moduleTree returns the directory that terraform init installs the
// modules of the root module in root into: "modules" in its data
// directory, which is dataDir (TF_DATA_DIR; DefaultDataDir when "")
// joined with root unless absolute. Terraform resolves a relative
// TF_DATA_DIR against the directory it runs in, the root module's (also
// with -chdir), and records the installed directories in the manifest the
// same way: relative to the root module, or absolute.
func moduleTree(root, dataDir string) string {
	if dataDir == "" {
		dataDir = DefaultDataDir
	}
	if !filepath.IsAbs(dataDir) {
		dataDir = filepath.Join(root, dataDir)
	}
	return filepath.Join(dataDir, "modules")
}

// maxManifestSize bounds the module manifest read (1 MiB: one entry per
// module call is well under a kilobyte).
const maxManifestSize = 1 << 20

// maxManifestEntries bounds the entries of a manifest that are used.
const maxManifestEntries = 4096

// manifest is what Terraform's .terraform/modules/modules.json says, as
// terraform 1.11 writes it:
//
//	{"Modules":[{"Key":"","Source":"","Dir":"."},
//	  {"Key":"net","Source":"git::file:///srv/net.git","Dir":".terraform/modules/net"}]}
//
// Key is the module call path joined by "." ("net.sub"); Dir is relative
// to the root module's directory.
type manifest struct {
	Modules []struct {
		Key    string `json:"Key"`
		Source string `json:"Source"`
		Dir    string `json:"Dir"`
	} `json:"Modules"`
}

// readManifest reads the module manifest of the root module in root
// (modules.json in tree, as moduleTree gives it): the
// directories of installed modules by call path ("net\x00sub" as
// moduleKey gives it), joined with root ("" for one listed that is not
// read, with a notice), nil when the manifest cannot be read or parsed
// (with a notice). found is false when there is no
// manifest (the configuration is not initialised). Entries whose directory
// is not inside tree (symbolic links resolved)
// are left out with a notice, except those of local sources that are not
// (the root's own local modules, which Load follows by their path); a
// manifest that does not parse gives a notice and no entries.
func readManifest(root, tree string) (dirs map[string]string, found bool, notices []parsers.Notice) {
	path := filepath.Join(tree, "modules.json")
	at := parsers.Location{File: path}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	data, err := textfile.Read(path, maxManifestSize, "Terraform module manifest")
	if err != nil {
		return nil, true, []parsers.Notice{{Loc: at, Msg: "cannot read the Terraform module manifest: " + parsers.PathErrorText(err) + "; modules from a registry or Git are not linted from their source (run `terraform init` again)"}}
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, true, []parsers.Notice{{Loc: at, Msg: "the Terraform module manifest is not valid JSON (" + err.Error() + "); modules from a registry or Git are not linted from their source (run `terraform init` again)"}}
	}
	realTree, err := filepath.EvalSymlinks(tree)
	if err != nil {
		return nil, true, []parsers.Notice{{Loc: at, Msg: "cannot resolve " + tree + ": " + parsers.PathErrorText(err)}}
	}
	dirs = map[string]string{}
	for i, e := range m.Modules {
		if i == maxManifestEntries {
			notices = append(notices, parsers.Notice{Loc: at, Msg: fmt.Sprintf("the Terraform module manifest lists more than %d modules; the rest are not read", maxManifestEntries)})
			break
		}
		if e.Key == "" {
			continue // the root module
		}
		key := strings.ReplaceAll(e.Key, ".", "\x00")
		if _, dup := dirs[key]; dup {
			continue
		}
		dir, why, outside := confined(root, tree, realTree, e.Dir)
		switch {
		case why == "":
			dirs[key] = dir
		case IsLocalSource(e.Source) && outside:
			// The root's own local module: Load follows its path.
		default:
			dirs[key] = "" // listed, not read: the notice says why
			notices = append(notices, parsers.Notice{Loc: at, Msg: fmt.Sprintf("module %q: the manifest's directory %q %s, so beanlint does not read it", e.Key, e.Dir, why)})
		}
	}
	return dirs, true, notices
}

// confined returns dir (a manifest path, slash-separated, relative to root
// or absolute) joined with root when it is a directory inside tree (the
// installed modules' directory; realTree is it resolved), else the reason
// it is not used; outside is true when that reason is that the path itself
// is not in tree.
func confined(root, tree, realTree, dir string) (full, why string, outside bool) {
	if dir == "" {
		return "", "is empty", false
	}
	shown := tree // tree as the notice names it: relative to root when in it
	if rel, err := filepath.Rel(root, tree); err == nil && filepath.IsLocal(rel) {
		shown = filepath.ToSlash(rel)
	}
	full = filepath.FromSlash(dir)
	if !filepath.IsAbs(full) {
		if filepath.VolumeName(full) != "" {
			return "", "is outside " + shown, true
		}
		full = filepath.Join(root, full)
	}
	full = filepath.Clean(full)
	if inside, err := filepath.Rel(tree, full); err != nil || !filepath.IsLocal(inside) {
		return "", "is outside " + shown, true
	}
	resolved, err := filepath.EvalSymlinks(full)
	if err != nil {
		return "", "cannot be read (" + parsers.PathErrorText(err) + "; run `terraform init` again)", false
	}
	if inside, err := filepath.Rel(realTree, resolved); err != nil || !filepath.IsLocal(inside) {
		return "", "is outside " + shown + " (through a symbolic link)", false
	}
	if st, err := os.Stat(resolved); err != nil || !st.IsDir() {
		return "", "is not a directory", false
	}
	return full, "", false
}

// IsLocalSource reports whether a module source is a local path ("./x",
// "../x"), which Load follows by its path.
func IsLocalSource(src string) bool {
	return strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../")
}
