package terraform

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// module is one module of the configuration (not an instance of it).
type module struct {
	path      []string // call names from the root
	cfg       *tfjson.ConfigModule
	parent    *module
	call      *tfjson.ModuleCall // the call in parent that leads here; nil at the root
	resources map[string]*tfjson.ConfigResource
	children  map[string]*module
}

func newModule(cfg *tfjson.ConfigModule, path []string, parent *module, call *tfjson.ModuleCall, depth int) *module {
	m := &module{path: path, cfg: cfg, parent: parent, call: call, resources: map[string]*tfjson.ConfigResource{}, children: map[string]*module{}}
	if cfg == nil || depth > maxDepth {
		return m
	}
	for _, r := range cfg.Resources {
		if r != nil {
			m.resources[r.Address] = r
		}
	}
	for name, c := range cfg.ModuleCalls {
		if c == nil {
			continue
		}
		child := append(path[:len(path):len(path)], name)
		m.children[name] = newModule(c.Module, child, m, c, depth+1)
	}
	return m
}

// maxDepth bounds module nesting and reference chains.
const maxDepth = 64

// find returns the configuration module at path, or nil.
func (m *module) find(path []string) *module {
	for _, name := range path {
		if m == nil {
			return nil
		}
		m = m.children[name]
	}
	return m
}

// instance is one resource instance of the plan.
type instance struct {
	addr    string
	module  string // module instance address, "" at the root
	modPath []string
	mode    tfjson.ResourceMode
	typ     string
	name    string
	cfgAddr string // "aws_subnet.private", "data.aws_vpc.main"
	index   any    // nil, json.Number (count) or string (for_each)
	cfg     *tfjson.ConfigResource
	mod     *module

	vals tree // after / values, with after_unknown
	// sens is the after_sensitive or sensitive_values tree: the values
	// Terraform flags sensitive (a true covers everything below it).
	sens any
	// deferred is true for a data source read only at apply.
	deferred bool
	key      string // "<plan path>#<address>", set by Build
	// condition, linting a configuration without a plan, is set on the one
	// instance standing for a resource whose count or for_each is not
	// known: the condition under which it exists.
	condition string
}

// index builds the instance and configuration indexes of a parsed plan;
// data is the plan file.
func (p *Plan) index(data []byte) {
	raw := p.raw
	var rootCfg *tfjson.ConfigModule
	if raw.Config != nil {
		rootCfg = raw.Config.RootModule
	}
	p.root = newModule(rootCfg, nil, nil, nil, 0)
	// Sized for the resource changes, which most plans' instances are.
	p.byAddr = make(map[string]*instance, len(raw.ResourceChanges))
	p.instances = make([]*instance, 0, len(raw.ResourceChanges))
	deleted := map[string]bool{}
	p.noChanges = raw.ResourceChanges == nil && raw.PlannedValues != nil

	for _, rc := range raw.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Address == "" || rc.DeposedKey != "" {
			continue
		}
		acts := rc.Change.Actions
		if acts.Delete() || acts.Forget() {
			deleted[rc.Address] = true
			continue
		}
		if _, dup := p.byAddr[rc.Address]; dup {
			continue
		}
		in := p.newInstance(rc.Address, rc.ModuleAddress, rc.Mode, rc.Type, rc.Name, rc.Index)
		in.vals = tree{v: rc.Change.After, unk: rc.Change.AfterUnknown}
		in.sens = rc.Change.AfterSensitive
		in.deferred = acts.Read()
		p.add(in)
	}
	var walk func(m *stateModule, planned bool, depth int)
	walk = func(m *stateModule, planned bool, depth int) {
		if m == nil || depth > maxDepth {
			return
		}
		for _, r := range m.Resources {
			if r == nil || r.Address == "" || deleted[r.Address] || r.DeposedKey != "" {
				continue
			}
			if in, ok := p.byAddr[r.Address]; ok {
				// A resource change already gave the values; without its
				// after_sensitive (old plans), the planned values flag them.
				if in.sens == nil {
					_, sensitive := r.values(data)
					in.sens = decodeSensitive(sensitive)
				}
				continue
			}
			in := p.newInstance(r.Address, m.Address, r.Mode, r.Type, r.Name, r.Index)
			values, sensitive := r.values(data)
			in.vals = tree{v: decodeValues(values)}
			in.sens = decodeSensitive(sensitive)
			if planned && p.noChanges {
				in.vals.unk = missingUnknown(in.vals.v, in.cfg)
			}
			p.add(in)
		}
		for _, c := range m.ChildModules {
			walk(c, planned, depth+1)
		}
	}
	if raw.PlannedValues != nil {
		walk(raw.PlannedValues.RootModule, true, 0)
	}
	if raw.PriorState != nil && raw.PriorState.Values != nil {
		walk(raw.PriorState.Values.RootModule, false, 0)
	}

	// The instances hold what is needed of the state and changes: let the
	// rest (raw planned and prior values) go.
	raw.PlannedValues, raw.PriorState, raw.ResourceChanges = nil, nil, nil

	sort.Slice(p.instances, func(i, j int) bool { return p.instances[i].addr < p.instances[j].addr })
	p.byResource = map[string][]*instance{}
	p.moduleInstances = map[string][]string{}
	seenModule := map[string]bool{}
	p.byIndex = make(map[string]*instance, len(p.instances))
	for _, in := range p.instances {
		k := in.module + "\x00" + in.cfgAddr
		p.byResource[k] = append(p.byResource[k], in)
		p.byIndex[k+"\x00"+keyText(in.index)] = in
		// Record every module instance on the way to this one.
		for mod := in.module; mod != "" && !seenModule[mod]; {
			seenModule[mod] = true
			parent, name := splitModule(mod)
			pk := parent + "\x00" + name
			p.moduleInstances[pk] = append(p.moduleInstances[pk], mod)
			mod = parent
		}
	}
	for _, list := range p.byResource {
		sort.SliceStable(list, func(i, j int) bool { return indexLess(list[i].index, list[j].index) })
	}
	for _, list := range p.moduleInstances {
		sort.Strings(list)
		sortModuleInstances(list)
	}
}

func (p *Plan) newInstance(addr, modAddr string, mode tfjson.ResourceMode, typ, name string, index any) *instance {
	if modAddr == "" {
		modAddr = moduleOf(addr)
	}
	if f, ok := index.(float64); ok {
		// Decoded without UseNumber: keep count indexes numeric, so that
		// [2] sorts before [10].
		index = json.Number(strconv.FormatFloat(f, 'f', -1, 64))
	}
	in := &instance{addr: addr, module: modAddr, mode: mode, typ: typ, name: name, index: index}
	if in.mode == "" {
		in.mode = tfjson.ManagedResourceMode
		if strings.HasPrefix(strings.TrimPrefix(addr, modAddr+"."), "data.") {
			in.mode = tfjson.DataResourceMode
		}
	}
	in.cfgAddr = typ + "." + name
	if in.mode == tfjson.DataResourceMode {
		in.cfgAddr = "data." + in.cfgAddr
	}
	in.modPath = modulePath(modAddr)
	in.mod = p.root.find(in.modPath)
	if in.mod != nil {
		in.cfg = in.mod.resources[in.cfgAddr]
	}
	return in
}

func (p *Plan) add(in *instance) {
	p.byAddr[in.addr] = in
	p.instances = append(p.instances, in)
}

// missingUnknown is the after_unknown tree that a plan without
// resource_changes leaves out, rebuilt from the configuration: planned_values
// omit values known only after apply, so an argument the configuration sets
// with references but planned_values lack is taken as unknown. So are the
// leaves of a list of blocks (ingress, setting) that one entry lacks and
// another has, and the value of a setting entry.
func missingUnknown(v any, cfg *tfjson.ConfigResource) any {
	vals, _ := v.(map[string]any)
	if cfg == nil || vals == nil {
		return nil
	}
	unk := map[string]any{}
	for name, e := range cfg.Expressions {
		if e == nil || e.ExpressionData == nil {
			continue
		}
		val, present := vals[name]
		if (!present || val == nil) && len(e.References) > 0 {
			unk[name] = true
			continue
		}
		entries, ok := val.([]any)
		if !ok {
			continue
		}
		keys := map[string]bool{}
		if name == "setting" {
			keys["value"] = true
		}
		for _, en := range entries {
			if m, ok := en.(map[string]any); ok {
				for k := range m {
					keys[k] = true
				}
			}
		}
		var list []any
		for _, en := range entries {
			m, _ := en.(map[string]any)
			eu := map[string]any{}
			for k := range keys {
				if _, has := m[k]; m != nil && !has {
					eu[k] = true
				}
			}
			list = append(list, eu)
		}
		unk[name] = list
	}
	return unk
}

// decodeValues decodes the values of a state resource; nil when absent or
// unreadable.
func decodeValues(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v map[string]any
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}

// decodeSensitive decodes a sensitive_values tree; nil when absent.
func decodeSensitive(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return true // unreadable: treat everything as sensitive
	}
	return v
}

// indexLess orders instance keys: none first, then numbers numerically,
// then strings.
func indexLess(a, b any) bool {
	ra, rb := indexRank(a), indexRank(b)
	if ra != rb {
		return ra < rb
	}
	switch a := a.(type) {
	case json.Number:
		fa, _ := strconv.ParseFloat(a.String(), 64)
		fb, _ := strconv.ParseFloat(b.(json.Number).String(), 64)
		return fa < fb
	case string:
		return a < b.(string)
	}
	return false
}

func indexRank(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case json.Number:
		return 1
	case string:
		return 2
	}
	return 3
}

// keyText renders an instance key so that equal keys compare equal as
// strings: count indexes by their integer value, for_each keys quoted.
func keyText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return strconv.Quote(v)
	}
	if i, ok := intKey(v); ok {
		return strconv.Itoa(i)
	}
	s, _ := scalar(v)
	return "#" + s
}

// indexKey renders an instance key as Terraform writes it in addresses:
// [0] or ["a"]; "" for none.
func indexKey(v any) string {
	switch v := v.(type) {
	case json.Number:
		return "[" + v.String() + "]"
	case float64:
		return "[" + strconv.FormatFloat(v, 'f', -1, 64) + "]"
	case string:
		return "[" + strconv.Quote(v) + "]"
	}
	return ""
}

// sortModuleInstances orders module instances by their last key the way
// instances are ordered (numbers numerically).
func sortModuleInstances(list []string) {
	sort.SliceStable(list, func(i, j int) bool {
		return indexLess(lastKey(list[i]), lastKey(list[j]))
	})
}

// lastKey is the instance key of the last step of a module instance address.
func lastKey(mod string) any {
	steps := parseTraversal(mod)
	if len(steps) == 0 {
		return nil
	}
	last := steps[len(steps)-1]
	if !last.isIndex {
		return nil
	}
	return last.key
}
