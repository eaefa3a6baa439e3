package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/beanlint/beanlint/parsers"
)

// planReader decodes the sections of a plan that beanlint reads in one pass
// over the file's bytes (jsonScanner): it walks the top level, the module
// trees and the resource lists and decodes each resource object into its
// struct as json.Decoder would, so that the offsets around it locate it
// in the file. Other sections are checked and skipped. Keys match as
// json.Unmarshal matches struct fields: ignoring case.
type planReader struct {
	path string
	scan *jsonScanner
	pos  *cursor
	raw  *planJSON
	// shared holds one copy of each after_unknown and after_sensitive tree
	// read, by its text (see share).
	shared map[string]any
	key    []byte // share's buffer
	// sharedText holds the shared tree of each JSON text of an
	// after_unknown or after_sensitive value read more than once, so that
	// the text, read again, is not decoded again (see treeField).
	sharedText map[string]any
	// afters finds an after value read before from the same JSON text, by
	// the text's hash (see afterField).
	afters    map[uint64]textTree
	afterSeed maphash.Seed
	// unknownText and sensitiveText are the JSON texts the after_unknown
	// and after_sensitive trees of the resource change being read were
	// decoded from (see shareTree).
	unknownText, sensitiveText []byte
	// locs locates resource objects by address. An address takes the first
	// object found in the section it is best located by: resource_changes,
	// then planned_values, then prior_state (rank 0, 1, 2).
	locs map[string]rankedLoc
}

// textTree is a value decoded from the bytes [from, to) of the plan file.
type textTree struct {
	from, to int
	tree     any
}

type rankedLoc struct {
	loc  parsers.Location
	rank int
}

// Ranks of the sections resource objects are located in.
const (
	rankChanges = iota
	rankPlanned
	rankPrior
)

// errNotNumber is a number that float64 cannot hold, which json.Unmarshal
// rejects where a plan is decoded into an interface value.
var errNotNumber = errors.New("a number out of range")

// readPlan decodes data and returns the plan and the plan JSON location of
// every resource object by address. An error means data is not a plan
// json.Unmarshal would decode: see planError.
func readPlan(path string, data []byte) (*planJSON, map[string]rankedLoc, error) {
	r := &planReader{path: path, scan: newJSONScanner(data), pos: newCursor(data), raw: &planJSON{}, locs: map[string]rankedLoc{}, shared: map[string]any{}, sharedText: map[string]any{},
		afters: map[uint64]textTree{}, afterSeed: maphash.MakeSeed()}
	if err := r.plan(); err != nil {
		return nil, nil, err
	}
	if !r.scan.end() {
		return nil, nil, errors.New("data after the plan")
	}
	return r.raw, r.locs, nil
}

// plan reads the top-level object.
func (r *planReader) plan() error {
	return r.object(func(key string) error {
		switch {
		case strings.EqualFold(key, "format_version"):
			return r.scan.stringField(&r.raw.FormatVersion)
		case strings.EqualFold(key, "variables"):
			// Small: decoded as json.Unmarshal does, numbers as float64.
			vars, err := r.scan.raw(0)
			if err != nil {
				return err
			}
			return json.Unmarshal(vars, &r.raw.Variables)
		case strings.EqualFold(key, "planned_values"):
			return r.stateValues(&r.raw.PlannedValues, rankPlanned)
		case strings.EqualFold(key, "resource_changes"):
			return r.changes()
		case strings.EqualFold(key, "prior_state"):
			if r.scan.null() {
				r.raw.PriorState = nil
				return nil
			}
			r.raw.PriorState = &struct {
				Values *stateValues `json:"values"`
			}{}
			return r.object(func(key string) error {
				if strings.EqualFold(key, "values") {
					return r.stateValues(&r.raw.PriorState.Values, rankPrior)
				}
				return r.skip()
			})
		case strings.EqualFold(key, "configuration"):
			return r.config()
		}
		return r.skip()
	})
}

// config decodes the configuration section with encoding/json (numbers as
// json.Number): it is a tenth of a plan, and its types are many.
func (r *planReader) config() error {
	text, err := r.scan.raw(0)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var cfg *configJSON
	if err := dec.Decode(&cfg); err != nil {
		return err
	}
	r.raw.Config, err = cfg.config()
	return err
}

// stateValues reads planned_values or prior_state's values into *sv.
func (r *planReader) stateValues(sv **stateValues, rank int) error {
	if r.scan.null() {
		*sv = nil
		return nil
	}
	*sv = &stateValues{}
	return r.object(func(key string) error {
		if strings.EqualFold(key, "root_module") {
			m, err := r.module(rank, 0)
			(*sv).RootModule = m
			return err
		}
		return r.skip()
	})
}

// module reads a module of planned_values or prior_state. Modules nested
// deeper than index reads are skipped.
func (r *planReader) module(rank, depth int) (*stateModule, error) {
	if r.scan.null() {
		return nil, nil
	}
	if depth > maxDepth {
		return nil, r.skip()
	}
	m := &stateModule{}
	return m, r.object(func(key string) error {
		switch {
		case strings.EqualFold(key, "address"):
			return r.scan.stringField(&m.Address)
		case strings.EqualFold(key, "resources"):
			m.Resources = nil
			return r.array(func() error {
				sr, err := r.stateResource(rank)
				if err != nil {
					return err
				}
				if sr != nil {
					var ok bool
					if sr.Index, ok = float64s(sr.Index); !ok {
						return errNotNumber
					}
				}
				m.Resources = append(m.Resources, sr)
				return nil
			})
		case strings.EqualFold(key, "child_modules"):
			m.ChildModules = nil
			return r.array(func() error {
				child, err := r.module(rank, depth+1)
				m.ChildModules = append(m.ChildModules, child)
				return err
			})
		}
		return r.skip()
	})
}

// changes reads resource_changes. An empty list is not a missing one: a
// plan without resource_changes is read differently (Plan.noChanges).
func (r *planReader) changes() error {
	if r.scan.null() {
		r.raw.ResourceChanges = nil
		return nil
	}
	r.raw.ResourceChanges = []*resourceChange{}
	return r.array(func() error {
		r.unknownText, r.sensitiveText = nil, nil
		rc, err := r.resourceChange()
		if err != nil {
			return err
		}
		if rc != nil {
			var ok [3]bool
			rc.Index, ok[0] = float64s(rc.Index)
			if c := rc.Change; c != nil {
				c.AfterUnknown, ok[1] = r.shareTree(c.AfterUnknown, r.unknownText)
				c.AfterSensitive, ok[2] = r.shareTree(c.AfterSensitive, r.sensitiveText)
			} else {
				ok[1], ok[2] = true, true
			}
			if ok != [3]bool{true, true, true} {
				return errNotNumber
			}
		}
		r.raw.ResourceChanges = append(r.raw.ResourceChanges, rc)
		return nil
	})
}

// maxSharedKey bounds the text of a tree share keeps one copy of, and the
// JSON text sharedText keeps a tree by.
const maxSharedKey = 1024

// shareTree converts the numbers of tree v, decoded from JSON text, as
// float64s does, and returns the copy of it read first (share); ok is false
// for a number a float64 cannot hold. A nil text means v was not decoded
// but is the shared tree of a text read before (treeField). Once a text's
// tree is found shared, the text is kept in sharedText: resources of one
// type repeat their after_unknown and after_sensitive texts, and neither
// decoding nor sharing the tree again saves a plan of 10,000 resources
// about 6 MB of maps a run (docs/BENCHMARKS.md).
func (r *planReader) shareTree(v any, text []byte) (any, bool) {
	if text == nil {
		return v, true
	}
	v, ok := float64s(v)
	if !ok {
		return v, false
	}
	v, found := r.share(v)
	if found && len(text) <= maxSharedKey {
		r.sharedText[string(text)] = v
	}
	return v, true
}

// share returns the copy of tree v read first, and whether that is another
// copy than v: resources of one type have the same after_unknown and
// after_sensitive trees, which are only read once decoded, and one copy of
// each saves a plan of 10,000 resources about 5 MB of maps
// (docs/BENCHMARKS.md). Large trees are kept as they are.
func (r *planReader) share(v any) (any, bool) {
	key, ok := appendTreeKey(r.key[:0], v)
	r.key = key
	if !ok || len(key) > maxSharedKey {
		return v, false
	}
	if have, ok := r.shared[string(key)]; ok {
		return have, true
	}
	r.shared[string(key)] = v
	return v, false
}

// appendTreeKey appends a text to b that tells decoded JSON trees apart
// (two trees have the same text when they are equal), or returns false
// once it is longer than maxSharedKey.
func appendTreeKey(b []byte, v any) ([]byte, bool) {
	if len(b) > maxSharedKey {
		return b, false
	}
	switch v := v.(type) {
	case nil:
		return append(b, 'n'), true
	case bool:
		if v {
			return append(b, 't'), true
		}
		return append(b, 'f'), true
	case float64:
		return strconv.AppendFloat(append(b, 'd'), v, 'g', -1, 64), true
	case json.Number:
		return appendQuoted(append(b, 'N'), string(v)), true
	case string:
		return appendQuoted(append(b, 's'), v), true
	case []any:
		b = append(b, '[')
		for _, it := range v {
			var ok bool
			if b, ok = appendTreeKey(b, it); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case map[string]any:
		b = append(b, '{')
		var buf [16]string
		keys := buf[:0]
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			var ok bool
			if b, ok = appendTreeKey(appendQuoted(b, k), v[k]); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	}
	return b, false
}

// appendQuoted appends s with its length, so that no text of one string
// reads as the start of another.
func appendQuoted(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	return append(append(b, ':'), s...)
}

// stateResource decodes a resource object of planned_values or
// prior_state (null: nil) and locates it.
func (r *planReader) stateResource(rank int) (*stateResource, error) {
	from := r.start()
	if r.scan.null() {
		r.locate("", from, rank)
		return nil, nil
	}
	sr := &stateResource{}
	err := r.scan.object(0, func(key string) error {
		switch fieldOf(key, stateResourceFields) {
		case "address":
			return r.scan.stringField(&sr.Address)
		case "mode":
			return r.scan.stringField((*string)(&sr.Mode))
		case "type":
			return r.scan.stringField(&sr.Type)
		case "name":
			return r.scan.stringField(&sr.Name)
		case "index":
			return r.anyField(&sr.Index, 1)
		case "deposed_key":
			return r.scan.stringField(&sr.DeposedKey)
		}
		return r.scan.skip(1)
	})
	if err != nil {
		return nil, err
	}
	sr.from, sr.to = from, r.scan.off
	r.locate(sr.Address, from, rank)
	return sr, nil
}

// resourceChange decodes an entry of resource_changes (null: nil) and
// locates it.
func (r *planReader) resourceChange() (*resourceChange, error) {
	from := r.start()
	if r.scan.null() {
		r.locate("", from, rankChanges)
		return nil, nil
	}
	rc := &resourceChange{}
	err := r.scan.object(0, func(key string) error {
		switch fieldOf(key, resourceChangeFields) {
		case "address":
			return r.scan.stringField(&rc.Address)
		case "module_address":
			return r.scan.stringField(&rc.ModuleAddress)
		case "mode":
			return r.scan.stringField((*string)(&rc.Mode))
		case "type":
			return r.scan.stringField(&rc.Type)
		case "name":
			return r.scan.stringField(&rc.Name)
		case "index":
			return r.anyField(&rc.Index, 1)
		case "deposed":
			return r.scan.stringField(&rc.DeposedKey)
		case "change":
			return r.change(&rc.Change)
		}
		return r.scan.skip(1)
	})
	if err != nil {
		return nil, err
	}
	r.locate(rc.Address, from, rankChanges)
	return rc, nil
}

// change decodes a resource change's change object into *c as
// json.Unmarshal does into a pointer: null sets it to nil, an object
// decodes into the struct it points to (a new one if nil).
func (r *planReader) change(c **change) error {
	if r.scan.null() {
		*c = nil
		r.unknownText, r.sensitiveText = nil, nil
		return nil
	}
	if *c == nil && r.scan.space() == '{' {
		*c = &change{}
		r.unknownText, r.sensitiveText = nil, nil
	}
	return r.scan.object(1, func(key string) error {
		switch fieldOf(key, changeFields) {
		case "actions":
			return r.actions(&(*c).Actions)
		case "after":
			return r.afterField(&(*c).After)
		case "after_unknown":
			return r.treeField(&(*c).AfterUnknown, &r.unknownText)
		case "after_sensitive":
			return r.treeField(&(*c).AfterSensitive, &r.sensitiveText)
		}
		return r.scan.skip(2)
	})
}

// actions decodes a change's actions into *a as json.Unmarshal decodes an
// array into a slice: over the elements already there, a null element
// leaving one unchanged; null sets *a to nil.
func (r *planReader) actions(a *tfjson.Actions) error {
	if r.scan.null() {
		*a = nil
		return nil
	}
	list, i := *a, 0
	err := r.scan.array(2, func() error {
		if i >= cap(list) {
			list = slices.Grow(list, 1)
		}
		if i >= len(list) {
			list = list[:i+1]
		}
		i++
		return r.scan.stringField((*string)(&list[i-1]))
	})
	if err != nil {
		return err
	}
	if i < len(list) {
		list = list[:i]
	}
	if i == 0 {
		list = tfjson.Actions{}
	}
	*a = list
	return nil
}

// anyField decodes the next value into *v, an interface field of a struct
// whose value is at depth (see jsonScanner.object).
func (r *planReader) anyField(v *any, depth int) error {
	x, err := r.scan.value(depth)
	if err != nil {
		return err
	}
	*v = x
	return nil
}

// treeField decodes the next value, an after_unknown or after_sensitive
// tree of a change (at depth 2, see jsonScanner.object), into *v, and sets
// *text to the JSON text it was decoded from; a text found in sharedText is
// not decoded: *v is its shared tree and *text nil (see shareTree).
func (r *planReader) treeField(v *any, text *[]byte) error {
	from := r.start()
	if err := r.scan.skip(2); err != nil {
		return err
	}
	t := r.scan.data[from:r.scan.off]
	if tree, ok := r.sharedText[string(t)]; ok {
		*v, *text = tree, nil
		return nil
	}
	r.scan.off = from
	if err := r.anyField(v, 2); err != nil {
		return err
	}
	*text = t
	return nil
}

// maxAfterText bounds the JSON text of an after value afterField looks
// for among those read before: short values are the ones resources repeat.
const maxAfterText = 256

// afterField decodes the next value, a change's after value (at depth 2,
// see jsonScanner.object), into *v. A short text read before is not
// decoded again: *v is the value decoded then (an association's
// {"gateway_id": null}, an endpoint's arguments in every VPC), which saves
// the maps of about half the resources of a plan of 10,000 and holds less
// while the graph is built (docs/BENCHMARKS.md). The values are only read
// once decoded. The texts are found by hash and compared with the file's
// bytes, so the index keeps no copy of them.
func (r *planReader) afterField(v *any) error {
	from := r.start()
	if err := r.scan.skip(2); err != nil {
		return err
	}
	to := r.scan.off
	text := r.scan.data[from:to]
	if len(text) > maxAfterText {
		r.scan.off = from
		return r.anyField(v, 2)
	}
	h := maphash.Bytes(r.afterSeed, text)
	seen, found := r.afters[h]
	if found && bytes.Equal(r.scan.data[seen.from:seen.to], text) {
		*v = seen.tree
		return nil
	}
	r.scan.off = from
	if err := r.anyField(v, 2); err != nil {
		return err
	}
	if !found {
		r.afters[h] = textTree{from: from, to: to, tree: *v}
	}
	return nil
}

// The JSON names of the fields of stateResource, resourceChange and change
// that readPlan decodes.
var (
	stateResourceFields  = []string{"address", "mode", "type", "name", "index", "deposed_key"}
	resourceChangeFields = []string{"address", "module_address", "mode", "type", "name", "index", "deposed", "change"}
	changeFields         = []string{"actions", "after", "after_unknown", "after_sensitive"}
)

// fieldOf returns the name among names that key matches as json.Unmarshal
// matches struct fields: exactly, else ignoring case; "" if none does.
func fieldOf(key string, names []string) string {
	for _, n := range names {
		if key == n {
			return n
		}
	}
	// The names are ASCII: an ASCII key of another length matches none.
	ascii := true
	for i := 0; i < len(key) && ascii; i++ {
		ascii = key[i] < utf8.RuneSelf
	}
	for _, n := range names {
		if (len(key) == len(n) || !ascii) && strings.EqualFold(key, n) {
			return n
		}
	}
	return ""
}

// locate records the location of the resource object at bytes [from, the
// scanner) under its address, unless a section it is better located by
// has it.
func (r *planReader) locate(addr string, from, rank int) {
	if have, ok := r.locs[addr]; addr == "" || ok && have.rank <= rank {
		return
	}
	r.locs[addr] = rankedLoc{loc: r.pos.span(r.path, from, r.scan.off), rank: rank}
}

// start is the offset of the next value.
func (r *planReader) start() int {
	r.scan.space()
	return r.scan.off
}

// skip consumes one value.
func (r *planReader) skip() error { return r.scan.skip(0) }

// object reads an object of the plan's structure, calling visit for each
// key; visit consumes the value.
func (r *planReader) object(visit func(key string) error) error {
	return r.scan.object(0, visit)
}

// array reads an array of the plan's structure, calling elem to consume
// each element; a null is read as an empty array.
func (r *planReader) array(elem func() error) error {
	if r.scan.null() {
		return nil
	}
	return r.scan.array(0, elem)
}

// float64s gives the numbers of v, decoded as json.Number, the type
// json.Unmarshal gives them in an interface value: float64. ok is false
// for a number a float64 cannot hold.
func float64s(v any) (any, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		return f, err == nil
	case map[string]any:
		for k, child := range v {
			c, ok := float64s(child)
			if !ok {
				return nil, false
			}
			v[k] = c
		}
	case []any:
		for i, child := range v {
			c, ok := float64s(child)
			if !ok {
				return nil, false
			}
			v[i] = c
		}
	}
	return v, true
}
