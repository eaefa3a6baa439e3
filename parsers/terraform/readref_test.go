package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// refReader is the plan reader before jsonScanner, on json.Decoder: the
// reference FuzzReadPlan checks readPlan against. It decodes the sections of a plan that beanlint reads in one pass
// over the file's bytes: a json.Decoder walks the top level, the module
// trees and the resource lists token by token and decodes each resource
// object whole, so that the offsets around it locate it in the file. Other
// sections are skipped unread. Keys match as json.Unmarshal matches struct
// fields: ignoring case.
type refReader struct {
	path string
	data []byte
	dec  *json.Decoder
	pos  *cursor
	raw  *planJSON
	// shares keeps one copy of each after_unknown and after_sensitive tree
	// (planReader.share).
	shares *planReader
	// locs locates resource objects by address. An address takes the first
	// object found in the section it is best located by: resource_changes,
	// then planned_values, then prior_state (rank 0, 1, 2).
	locs map[string]rankedLoc
}

// refReadPlan decodes data and returns the plan and the plan JSON location of
// every resource object by address. An error means data is not a plan
// json.Unmarshal would decode: see planError.
func refReadPlan(path string, data []byte) (*planJSON, map[string]rankedLoc, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // resource values keep their numbers' text
	r := &refReader{path: path, data: data, dec: dec, pos: newCursor(data), raw: &planJSON{}, locs: map[string]rankedLoc{}, shares: &planReader{shared: map[string]any{}}}
	if err := r.plan(); err != nil {
		return nil, nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errors.New("data after the plan")
	}
	return r.raw, r.locs, nil
}

// plan reads the top-level object.
func (r *refReader) plan() error {
	return r.object(func(key string) error {
		switch {
		case strings.EqualFold(key, "format_version"):
			return r.dec.Decode(&r.raw.FormatVersion)
		case strings.EqualFold(key, "variables"):
			// Small: decoded as json.Unmarshal does, numbers as float64.
			var vars json.RawMessage
			if err := r.dec.Decode(&vars); err != nil {
				return err
			}
			return json.Unmarshal(vars, &r.raw.Variables)
		case strings.EqualFold(key, "planned_values"):
			return r.stateValues(&r.raw.PlannedValues, rankPlanned)
		case strings.EqualFold(key, "resource_changes"):
			return r.changes()
		case strings.EqualFold(key, "prior_state"):
			if r.null() {
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
			var cfg *configJSON
			if err := r.dec.Decode(&cfg); err != nil {
				return err
			}
			var err error
			r.raw.Config, err = cfg.config()
			return err
		}
		return r.skip()
	})
}

// stateValues reads planned_values or prior_state's values into *sv.
func (r *refReader) stateValues(sv **stateValues, rank int) error {
	if r.null() {
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
func (r *refReader) module(rank, depth int) (*stateModule, error) {
	if r.null() {
		return nil, nil
	}
	if depth > maxDepth {
		return nil, r.skip()
	}
	m := &stateModule{}
	return m, r.object(func(key string) error {
		switch {
		case strings.EqualFold(key, "address"):
			return r.dec.Decode(&m.Address)
		case strings.EqualFold(key, "resources"):
			m.Resources = nil
			return r.array(func() error {
				var sr *stateResource
				if err := r.located(&sr, rank); err != nil {
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
func (r *refReader) changes() error {
	if r.null() {
		r.raw.ResourceChanges = nil
		return nil
	}
	r.raw.ResourceChanges = []*resourceChange{}
	return r.array(func() error {
		var rc *resourceChange
		if err := r.located(&rc, rankChanges); err != nil {
			return err
		}
		if rc != nil {
			var ok [3]bool
			rc.Index, ok[0] = float64s(rc.Index)
			if c := rc.Change; c != nil {
				c.AfterUnknown, ok[1] = float64s(c.AfterUnknown)
				c.AfterSensitive, ok[2] = float64s(c.AfterSensitive)
				c.AfterUnknown, _ = r.shares.share(c.AfterUnknown)
				c.AfterSensitive, _ = r.shares.share(c.AfterSensitive)
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

// located decodes one resource object into *v (a **stateResource or
// **resourceChange) and records its location under its address.
func (r *refReader) located(v any, rank int) error {
	from := r.next()
	if err := r.dec.Decode(v); err != nil {
		return err
	}
	to := int(r.dec.InputOffset())
	var addr string
	switch v := v.(type) {
	case **stateResource:
		if *v != nil {
			addr = (*v).Address
			(*v).from, (*v).to = from, to
		}
	case **resourceChange:
		if *v != nil {
			addr = (*v).Address
		}
	}
	loc := r.pos.span(r.path, from, to)
	if have, ok := r.locs[addr]; addr != "" && (!ok || rank < have.rank) {
		r.locs[addr] = rankedLoc{loc: loc, rank: rank}
	}
	return nil
}

// next is the offset of the next value.
func (r *refReader) next() int { return skipSpace(r.data, int(r.dec.InputOffset())) }

// null consumes a null and reports whether there was one.
func (r *refReader) null() bool {
	if off := r.next(); off < len(r.data) && r.data[off] == 'n' {
		return r.skip() == nil
	}
	return false
}

// skip consumes one value.
func (r *refReader) skip() error {
	var v json.RawMessage
	return r.dec.Decode(&v)
}

// object reads an object, calling visit for each key; visit consumes the
// value.
func (r *refReader) object(visit func(key string) error) error {
	if err := r.delim('{'); err != nil {
		return err
	}
	for r.dec.More() {
		tok, err := r.dec.Token()
		if err != nil {
			return err
		}
		if err := visit(tok.(string)); err != nil {
			return err
		}
	}
	return r.delim('}')
}

// array reads an array, calling elem to consume each element; a null is
// read as an empty array.
func (r *refReader) array(elem func() error) error {
	if r.null() {
		return nil
	}
	if err := r.delim('['); err != nil {
		return err
	}
	for r.dec.More() {
		if err := elem(); err != nil {
			return err
		}
	}
	return r.delim(']')
}

// delim reads the next token, which must be d.
func (r *refReader) delim(d json.Delim) error {
	tok, err := r.dec.Token()
	if err != nil {
		return err
	}
	if tok != d {
		return errors.New("not the JSON value a plan has here")
	}
	return nil
}
