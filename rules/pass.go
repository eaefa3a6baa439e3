package rules

import (
	"slices"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/ebextensions"
	"github.com/beanlint/beanlint/rules/query"
)

// Pass is what a rule's Check receives: the network questions it may ask
// of the graph, and Report / Unverified to record findings.
type Pass struct {
	// Rule is the rule being run.
	Rule *Rule

	a      *analysis
	issues []issue
}

// issue is a finding before the framework finishes it (suppressions, fix
// language, EB901 messages).
type issue struct {
	Finding
	fix   Fix
	about []parsers.Node // nodes whose in-source suppressions apply
	// EB901 notes only: what is undecided, what would decide it, and the
	// rules that could not check it: those named, and those that need
	// the facts named (resolved against the catalog when the run ends).
	what, decide string
	skipped      []string
	facts        []Fact
	// asked and whatOf: see Unknown.Asked.
	asked  []string
	whatOf func(asked []string) string
}

// Query returns the run's query layer: the questions about subnets
// (routing, posture, network ACLs, zones), security-group flows and the
// groups Elastic Beanstalk creates, answered once per run (see package
// query). e.Node is the environment to ask about.
func (p *Pass) Query() *query.Q { return p.a.q }

// Environments returns every environment that sets aws:ec2:vpc, with its
// subnets' postures.
func (p *Pass) Environments() []*Env { return p.a.environments() }

// PrivateEnvironments returns the environments with at least one isolated
// or transit instance subnet: those the endpoint rules apply to.
func (p *Pass) PrivateEnvironments() []*Env {
	var out []*Env
	for _, e := range p.a.environments() {
		if len(e.InScope()) > 0 {
			out = append(out, e)
		}
	}
	return out
}

// Endpoints returns the endpoints of service svc for the environment's VPC.
func (p *Pass) Endpoints(e *Env, svc string) EndpointMatch {
	return p.a.q.EndpointsFor(e.Environment, svc)
}

// Admits says whether an endpoint's security groups admit TCP 443 from the
// environment's instances in subnets.
func (p *Pass) Admits(ep *Endpoint, e *Env, subnets []*Subnet) Admission {
	return p.a.admits(ep, e, subnets)
}

// Describe explains why endpoints could not be classified for e.
func (p *Pass) Describe(eps []*Endpoint, e *Env) string { return describeUndecided(eps, e, p.a) }

// Report records a finding of the pass's rule. RuleID and a zero Severity
// default to the rule's; fix holds the remedy in each input language;
// about lists the nodes whose in-source suppressions apply.
func (p *Pass) Report(f Finding, fix Fix, about ...parsers.Node) {
	f.RuleID = p.Rule.ID
	if f.Severity == 0 {
		f.Severity = p.Rule.Severity
	}
	p.issues = append(p.issues, issue{Finding: f, fix: fix, about: about})
}

// Unknown is what a rule could not decide: an EB901 note.
type Unknown struct {
	// Loc is where the note points; Resource and Property name the
	// resource Loc is in and its property there (Value.Prop).
	Loc      parsers.Location
	Resource string
	Property string
	// Subject is the undecided item; with the rule, file, resource and
	// property it makes the note's fingerprint.
	Subject string
	// What is undecided, and what would decide it.
	What, Decide string
	// Asked, with WhatOf, makes one note of a question that rules ask
	// about different items with one cause: endpoints whose service name
	// is unknown may be the endpoint of every service an environment
	// needs. Asked is the item this rule asked about ("an interface
	// endpoint for com.amazonaws.<region>.sqs"); the note's text is
	// WhatOf of every item asked of it, in the order asked, instead of
	// What.
	Asked  string
	WhatOf func(asked []string) string
	// Related are other places that decide the question.
	Related []Related
}

// Unverified records that the pass's rule could not decide a question
// about environment e (an EB901 note): the note about that question,
// which every rule asking it joins (see analysis.note).
func (p *Pass) Unverified(e *Env, u Unknown, about ...parsers.Node) {
	p.a.note(e, u, []string{p.Rule.ID}, nil, about...)
}

// noteKey identifies a question about an environment: its node and the
// undecided item (Unknown.Subject). Without an environment, the location
// takes the environment's place.
type noteKey struct {
	env     parsers.Node
	loc     string
	subject string
}

// note records an EB901 note for the rules skipped and those needing
// facts. There is one note per environment and question (noteKey): the
// first rule to meet a question writes its text, and every later one that
// meets it is added to the rules that note names, so a question is never
// noted twice for one environment, whatever the rules that ask it.
func (a *analysis) note(e *Env, u Unknown, skipped []string, facts []Fact, about ...parsers.Node) {
	k := noteKey{subject: u.Subject}
	if e != nil {
		k.env = e.Node
		about = append(about, e.Node)
	} else {
		k.loc = u.Loc.String()
	}
	if i, ok := a.noteIndex[k]; ok {
		n := &a.notes[i]
		n.skipped = append(n.skipped, skipped...)
		n.facts = append(n.facts, facts...)
		n.about = append(n.about, about...)
		if u.Asked != "" && !slices.Contains(n.asked, u.Asked) {
			n.asked = append(n.asked, u.Asked)
		}
		return
	}
	f := Finding{
		RuleID:   "EB901",
		Severity: Note,
		Loc:      u.Loc,
		Resource: u.Resource,
		Property: u.Property,
		Subject:  u.Subject,
		Related:  u.Related,
	}
	if e != nil {
		f.Environment = e.Name()
		f.EnvironmentFile = e.Node.Loc.File
		if f.Resource == "" {
			f.Resource = e.Name()
		}
	}
	if a.format(u.Loc.File) == ebextensions.FormatManifest {
		// An environment manifest's option the other settings do not
		// agree with (docs/app-source.md §5): no parameter decides it.
		u.Decide = "Give the option in env.yaml the value the environment's own settings give, or remove it from env.yaml"
	}
	if a.noteIndex == nil {
		a.noteIndex = map[noteKey]int{}
	}
	a.noteIndex[k] = len(a.notes)
	is := issue{Finding: f, about: about, what: u.What, decide: u.Decide, skipped: skipped, facts: facts, whatOf: u.WhatOf}
	if u.Asked != "" {
		is.asked = []string{u.Asked}
	}
	a.notes = append(a.notes, is)
}
