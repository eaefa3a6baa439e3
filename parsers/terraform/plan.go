// Package terraform turns Terraform plan JSON (`terraform show -json
// plan.out`) into the common network resource graph, with the same node
// shapes the CloudFormation parser produces. Values unknown until apply are
// followed through the plan's configuration (resource references, count and
// for_each instances, module outputs and input variables, data sources) to
// the graph nodes they designate; what cannot be followed stays unknown with
// a reason. Locations come from the .tf source when an index of it is given
// (package tfsource), else from the resource's object in the plan JSON.
package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/beanlint/beanlint/parsers"
)

// Plan is one parsed plan file.
type Plan struct {
	// Path is the plan file as given.
	Path string
	// FormatVersion is the plan's format_version.
	FormatVersion string

	raw *planJSON
	// locs are the plan JSON locations of resource objects by address.
	locs map[string]rankedLoc

	root      *module
	instances []*instance          // sorted by address
	byAddr    map[string]*instance // by instance address
	// byResource lists the instances of one configuration resource in one
	// module instance, ordered by index: key moduleInstance + "\x00" +
	// configuration address.
	byResource map[string][]*instance
	// byIndex finds an instance by moduleInstance + "\x00" + configuration
	// address + "\x00" + keyText(index).
	byIndex map[string]*instance
	// moduleInstances lists the instance addresses of a module call:
	// key parentInstance + "\x00" + call name.
	moduleInstances map[string][]string
	// undecided are the resources and module calls of a configuration
	// whose count or for_each is not known (FromConfig).
	undecided []parsers.UndecidedResource
	// noChanges is true for a plan without resource_changes: its
	// planned_values leave out values known only after apply, which then
	// look absent.
	noChanges bool
}

// Sniff reports whether data looks like a Terraform plan: a JSON object with
// format_version and planned_values or resource_changes. It reads no more
// than it must.
func Sniff(data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n\xef\xbb\xbf")
	if len(trimmed) == 0 || trimmed[0] != '{' || !bytes.Contains(trimmed, []byte(`"format_version"`)) {
		return false
	}
	return bytes.Contains(trimmed, []byte(`"planned_values"`)) || bytes.Contains(trimmed, []byte(`"resource_changes"`))
}

// Parse reads a plan, in one pass over data (see planReader). Errors are
// *parsers.ParseError: invalid JSON (with line and column), a missing or
// unsupported format_version (naming it).
func Parse(path string, data []byte) (*Plan, error) {
	version, off, err := formatVersion(data)
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, parseError(path, data, int(se.Offset)-1, "invalid JSON: "+se.Error(), err)
		}
		return nil, parseError(path, data, -1, "not a Terraform plan: "+err.Error(), err)
	}
	if version == "" {
		return nil, parseError(path, data, -1, "not a Terraform plan: format_version is missing", nil)
	}
	if !supported(version) {
		return nil, parseError(path, data, off, fmt.Sprintf("unsupported Terraform plan format_version %q (beanlint reads 0.1 to 1.x)", version), nil)
	}
	raw, locs, err := readPlan(path, data)
	if err != nil {
		return nil, planError(path, data, err)
	}
	p := &Plan{Path: path, FormatVersion: version, raw: raw, locs: locs}
	p.index(data)
	return p, nil
}

// parseError is a ParseError at byte offset off of data (-1: the whole
// file).
func parseError(path string, data []byte, off int, msg string, err error) error {
	loc := parsers.Location{File: path}
	if off >= 0 {
		loc.SetStart(newCursor(data).at(off))
	}
	return &parsers.ParseError{Loc: loc, Msg: msg, Err: err}
}

// planError explains why data, which readPlan could not read, is not a
// plan: as json.Unmarshal of the whole file reports it, so that the first
// problem in the file is named, a syntax error before any type error.
func planError(path string, data []byte, readErr error) error {
	err := json.Unmarshal(data, &planJSON{})
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return parseError(path, data, int(se.Offset)-1, "invalid JSON: "+se.Error(), err)
	case errors.As(err, &te):
		return parseError(path, data, int(te.Offset)-1, fmt.Sprintf("not a Terraform plan: %s holds a JSON %s, which is not what a plan has there", fieldName(te), te.Value), err)
	case err != nil:
		return parseError(path, data, -1, "not a Terraform plan: "+err.Error(), err)
	}
	return parseError(path, data, -1, "not a Terraform plan: "+readErr.Error(), readErr)
}

// planJSON is the part of the plan JSON beanlint reads, in the types of
// terraform-json where they fit. The values of planned_values and
// prior_state resources are left in the file: most of them repeat
// resource_changes, and decoding them all would double the memory a large
// plan takes.
type planJSON struct {
	FormatVersion   string                          `json:"format_version"`
	Variables       map[string]*tfjson.PlanVariable `json:"variables"`
	PlannedValues   *stateValues                    `json:"planned_values"`
	ResourceChanges []*resourceChange               `json:"resource_changes"`
	PriorState      *struct {
		Values *stateValues `json:"values"`
	} `json:"prior_state"`
	Config *tfjson.Config `json:"configuration"`
}

// stateValues is planned_values, or prior_state's values.
type stateValues struct {
	RootModule *stateModule `json:"root_module"`
}

// stateModule is a module of planned_values or prior_state.
type stateModule struct {
	Address      string           `json:"address"`
	Resources    []*stateResource `json:"resources"`
	ChildModules []*stateModule   `json:"child_modules"`
}

// stateResource is a resource of planned_values or prior_state. Its values
// mostly repeat resource_changes: they are decoded from the resource's
// object in the plan file when needed (see values).
type stateResource struct {
	Address    string              `json:"address"`
	Mode       tfjson.ResourceMode `json:"mode"`
	Type       string              `json:"type"`
	Name       string              `json:"name"`
	Index      any                 `json:"index"`
	DeposedKey string              `json:"deposed_key"`

	from, to int // the object's bytes in the plan file
}

// values returns the undecoded values and sensitive_values of r, read
// from data, the plan file.
func (r *stateResource) values(data []byte) (values, sensitive json.RawMessage) {
	var v struct {
		Values          json.RawMessage `json:"values"`
		SensitiveValues json.RawMessage `json:"sensitive_values"`
	}
	// The object was decoded once: it is JSON, and raw messages take any.
	_ = json.Unmarshal(data[r.from:r.to], &v)
	return v.Values, v.SensitiveValues
}

// resourceChange is an entry of resource_changes, without the prior values
// (before), which beanlint does not read.
type resourceChange struct {
	Address       string              `json:"address"`
	ModuleAddress string              `json:"module_address"`
	Mode          tfjson.ResourceMode `json:"mode"`
	Type          string              `json:"type"`
	Name          string              `json:"name"`
	Index         any                 `json:"index"`
	DeposedKey    string              `json:"deposed"`
	Change        *change             `json:"change"`
}

// change is the change of a resourceChange.
type change struct {
	Actions        tfjson.Actions `json:"actions"`
	After          any            `json:"after"` // numbers as json.Number
	AfterUnknown   any            `json:"after_unknown"`
	AfterSensitive any            `json:"after_sensitive"`
}

// fieldName names the field of a type error for messages.
func fieldName(te *json.UnmarshalTypeError) string {
	if te.Field != "" {
		return te.Field
	}
	return "a field"
}

// supported reports whether a plan format_version is one beanlint reads:
// 0.1 and later 0.x, and every 1.x.
func supported(v string) bool {
	major, minor, ok := strings.Cut(v, ".")
	if !ok {
		return false
	}
	if i := strings.IndexByte(minor, '.'); i >= 0 {
		minor = minor[:i]
	}
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if err1 != nil || err2 != nil || ma < 0 || mi < 0 {
		return false
	}
	return ma == 1 || (ma == 0 && mi >= 1)
}

// formatVersion reads the top-level format_version without decoding the
// rest of the plan when it comes first (as Terraform writes it). off is the
// byte offset of the value.
func formatVersion(data []byte) (version string, off int, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return "", 0, errors.New("the file is empty")
		}
		return "", 0, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return "", 0, errors.New("the top-level JSON value is not an object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", 0, err
		}
		key, _ := tok.(string)
		if key != "format_version" {
			if err := dec.Decode(&struct{}{}); err != nil {
				var te *json.UnmarshalTypeError
				if !errors.As(err, &te) {
					return "", 0, err
				}
			}
			continue
		}
		off := skipSpace(data, int(dec.InputOffset()))
		var v any
		if err := dec.Decode(&v); err != nil {
			return "", 0, err
		}
		if s, ok := v.(string); ok {
			return s, off, nil
		}
		return "", 0, fmt.Errorf("format_version is not a string")
	}
	return "", 0, nil
}

// skipSpace returns the offset of the first byte at or after off that is not
// white space or a separator.
func skipSpace(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}
