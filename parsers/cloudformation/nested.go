package cloudformation

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// stackType is the resource type of a nested stack.
const stackType = "AWS::CloudFormation::Stack"

// maxStacks bounds the nested stacks read under one template: a template
// that nests another twice, which nests another twice, ... doubles them at
// every level.
const maxStacks = 1000

// NestedReader returns the template of a nested stack whose TemplateURL is
// url (its text, pseudo parameters written ${AWS::Region}), declared in
// parent: the file of a local path, or of a CDK asset. It returns nil and
// no error when url names nothing it can read (an https:// or s3:// URL
// that is no CDK asset).
type NestedReader func(parent *Template, url string) (*Template, error)

// nested is a stack nested in another: its scope, or why its template is
// not read.
type nested struct {
	s   *scope
	t   *Template
	why string
}

// locateChildren finds the template of every nested stack of s. A
// template that cannot be read is an error of the run (EB900 at the
// TemplateURL); one beanlint does not read makes the stack's outputs
// unknown.
func (s *scope) locateChildren() {
	for _, r := range s.resources {
		if r.typ != stackType {
			continue
		}
		if _, keep := s.resourceCondition(r); !keep {
			continue
		}
		if s.children == nil {
			s.children = map[string]*nested{}
		}
		s.children[r.id] = s.locate(r)
	}
}

func (s *scope) locate(r *resource) *nested {
	urlNode := r.props.get("TemplateURL")
	if urlNode == nil {
		return &nested{why: fmt.Sprintf("nested stack %s has no TemplateURL", r.id)}
	}
	v := s.resolve(urlNode)
	url, ok := v.Text()
	if !ok {
		return &nested{why: fmt.Sprintf("nested stack %s: its TemplateURL is not known: %s", r.id, explain(v))}
	}
	var t *Template
	var err error
	if s.b.opts.Nested != nil {
		t, err = s.b.opts.Nested(s.t, url)
	}
	if err != nil {
		var pe *parsers.ParseError
		if !errors.As(err, &pe) || pe.Loc.File == "" {
			pe = s.t.errorf(s.t.loc(urlNode), "nested stack %s: %s", excerpt(r.id), err)
		}
		s.b.errs = append(s.b.errs, pe)
		return &nested{why: fmt.Sprintf("nested stack %s: its template %s could not be read", r.id, url)}
	}
	if t == nil {
		return &nested{why: remoteReason(r.id, url, s.t.Path)}
	}
	return &nested{t: t}
}

// remoteReason says why the template at url is not read, and which file
// to lint instead.
func remoteReason(id, url, parent string) string {
	if !strings.Contains(url, "://") {
		return fmt.Sprintf("nested stack %s: its TemplateURL %s names no template file (a local path is read relative to the directory of %s)", id, url, parent)
	}
	return fmt.Sprintf("nested stack %s: its template is at %s, which beanlint does not download; "+
		"lint the template before `aws cloudformation package` uploads it, with TemplateURL the local path of %s, "+
		"or lint the CDK cdk.out directory whose *.assets.json lists the URL", id, url, path.Base(url))
}

// instantiate makes a scope for every stack nested under s, recursively,
// and adds them to the builder. ancestors are the templates of s and of the
// stacks that nest it.
func (s *scope) instantiate(ancestors []*Template) {
	ancestors = append(ancestors, s.t)
	for _, r := range s.resources {
		n := s.children[r.id]
		if n == nil || n.t == nil {
			continue
		}
		for _, a := range ancestors {
			if a == n.t {
				n.t, n.why = nil, fmt.Sprintf("nested stack %s: its template %s nests itself, which beanlint does not follow", r.id, a.Path)
				break
			}
		}
		if n.t == nil {
			continue
		}
		if s.stacks++; s.stacks > maxStacks {
			s.fail(s.t.errorf(r.idLoc, "template too complex to resolve: more than %d nested stacks", maxStacks))
			return
		}
		c := &scope{budget: s.budget, b: s.b, t: n.t, conds: map[string]tri{}, condBusy: map[string]bool{},
			prefix: s.b.stackPrefix(n.t, r.id), resources: n.t.resources, byID: n.t.byID, conditions: n.t.conditions,
			parent: s, stack: r, paramBusy: map[string]bool{}}
		if n.t.outputs != nil {
			for i, k := range n.t.outputs.keys() {
				c.outputs = append(c.outputs, output{name: k.str, body: n.t.outputs.vals()[i]})
			}
		}
		n.s = c
		s.b.scopes = append(s.b.scopes, c)
		c.expandTemplate()
		c.locateChildren()
		c.instantiate(ancestors)
		if s.stopped != nil {
			return
		}
	}
}

// stackOutput resolves Fn::GetAtt Stack.Outputs.name: the output of the
// nested stack.
func (s *scope) stackOutput(r *resource, name string, loc parsers.Location) parsers.Value {
	n := s.children[r.id]
	switch {
	case n == nil:
		return parsers.UnknownValue(fmt.Sprintf("nested stack %s is not read", r.id), loc)
	case n.s == nil:
		return parsers.UnknownValue(n.why, loc)
	}
	c := n.s
	for i := range c.outputs {
		out := &c.outputs[i]
		if out.name != name {
			continue
		}
		if cond, ok := out.body.get("Condition").text(); ok && c.cond(cond) == isFalse {
			return parsers.UnknownValue(fmt.Sprintf("nested stack %s: output %s is not created (its condition %s is false)", r.id, name, cond), loc)
		}
		if out.busy {
			return parsers.UnknownValue(fmt.Sprintf("nested stack %s: output %s depends on itself", r.id, name), loc)
		}
		out.busy = true
		v := c.located(out.body.get("Value"), loc)
		out.busy = false
		return v
	}
	return parsers.UnknownValue(fmt.Sprintf("nested stack %s: its template %s has no output %s%s", r.id, c.t.Path, name, c.loopsMayDefine()), loc)
}

// boundParam resolves the value the parent stack passes for parameter
// name (its Parameters property), in the parent; ok is false when it passes
// none.
func (s *scope) boundParam(name string, p *node, loc parsers.Location) (parsers.Value, bool) {
	vn := s.stack.props.get("Parameters").get(name)
	if vn == nil {
		return parsers.Value{}, false
	}
	if s.paramBusy[name] {
		return parsers.UnknownValue(fmt.Sprintf("parameter %s of nested stack %s depends on itself", name, s.stack.id), loc), true
	}
	s.paramBusy[name] = true
	v := s.parent.located(vn, loc)
	delete(s.paramBusy, name)
	typ, _ := p.get("Type").text()
	if typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<") {
		// A nested stack's parameters are strings: a list is passed
		// joined with commas.
		v = mapChoice(v, func(v parsers.Value) parsers.Value {
			if v.Kind == parsers.Known || v.Kind == parsers.Concat {
				return s.splitValue(v, ",", loc)
			}
			return v
		})
	}
	return v, true
}

// stackPrefix returns the key prefix of a stack of template t nested as
// resource id: "<file>#", as for a template linted on its own, so that
// findings name resources by their logical ID; a template nested more than
// once is "<file>#<id>/" (then "<file>#<id>.<n>/") after its first time.
func (b *builder) stackPrefix(t *Template, id string) string {
	if b.prefixes == nil {
		b.prefixes = map[string]bool{}
	}
	p := t.Path + "#"
	for n := 1; b.prefixes[p]; n++ {
		p = t.Path + "#" + id + "/"
		if n > 1 {
			p = fmt.Sprintf("%s#%s.%d/", t.Path, id, n)
		}
	}
	b.prefixes[p] = true
	return p
}
