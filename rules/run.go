package rules

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/edit/cfn"
	"github.com/beanlint/beanlint/rules/edit/hcl"
)

// All returns the rule catalog sorted by ID.
func All() []*Rule {
	rs := []*Rule{
		VPCDNSSupportDisabled,
		VPCDNSHostnamesDisabled,
		EndpointPrivateDNSDisabled,
		MissingInterfaceEndpoint,
		MissingS3Endpoint,
		S3EndpointNotOnRouteTable,
		EndpointSecurityGroupBlocks,
		InstanceEgressBlocked,
		LoadBalancerNotAdmitted,
		LoadBalancerGroupBlocksListener,
		GroupsMissingWithDefaultDisabled,
		NetworkACLBlocksEndpoints,
		ParseFailed,
		Unverifiable,
		LoadBalancerZones,
		InternetFacingLoadBalancer,
		PublicIPInPrivateSubnets,
		SingleInstancePrivate,
		VPCMismatch,
		EndpointZoneCoverage,
		S3PolicyTooRestrictive,
		ECRLayerPolicyMissing,
		InterfacePolicyBlocksService,
		PolicyUndecided,
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	return rs
}

// Lookup returns the rule with the given ID (any case), or nil.
func Lookup(id string) *Rule {
	for _, r := range All() {
		if strings.EqualFold(r.ID, id) {
			return r
		}
	}
	return nil
}

// Options configure Run.
type Options struct {
	// Disabled holds rule IDs not to run.
	Disabled map[string]bool
	// Central are the services whose interface endpoints a hub VPC
	// provides (the configuration's central-endpoints): they count as
	// reachable for every environment (query.WithCentral).
	Central []string
}

func (o Options) disabled(id string) bool {
	return o.Disabled[id] || o.Disabled[strings.ToLower(id)]
}

// Run checks every enabled rule against g and returns the findings in a
// deterministic order (file, line, column, rule, message), with in-source
// suppressions applied and each fix in the language of its file.
func Run(g *parsers.Graph, opts Options) []Finding {
	if g == nil {
		return nil
	}
	a := newAnalysis(g, opts.Central)
	var issues []issue
	catalog := All()
	for _, r := range catalog {
		if r.Check == nil || opts.disabled(r.ID) {
			continue
		}
		p := &Pass{Rule: r, a: a}
		r.Check(p)
		issues = append(issues, p.issues...)
	}
	if !opts.disabled("EB901") {
		issues = append(issues, renderNotes(a.notes, catalog, opts)...)
	}
	formats := map[string]string{}
	for _, f := range g.Files {
		formats[f.Path] = f.Format
	}
	fileIgnores := map[string][]parsers.Suppression{}
	for _, f := range g.Files {
		fileIgnores[f.Path] = f.Ignore
	}
	seen := map[string]bool{}
	var out []Finding
	for _, is := range issues {
		f := is.Finding
		lang := formats[fixLanguageFile(f, formats)]
		f.Fix, f.Edits = pickFix(is.fix, formats, g.JSONDocuments, lang, f.Loc.File)
		if len(f.Edits) > 0 {
			f.FixDescription = langFix(is.fix, lang).Description
		}
		f.Suppressions = suppressions(f.RuleID, fileIgnores[f.Loc.File], is.about)
		f.Related = withModuleCalls(f, is.about)
		k := dedupeKey(f)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	SortFindings(out)
	return out
}

// ParseFailure returns the EB900 finding for an input that failed to parse.
func ParseFailure(err *parsers.ParseError) Finding {
	if err.Linted {
		return Finding{
			RuleID:   ParseFailed.ID,
			Severity: ParseFailed.Severity,
			Message: fmt.Sprintf("The file was linted, but not as it can be deployed: %s. "+
				"Its findings assume the value given; pass one the template allows.", err.Msg),
			Loc:     err.Loc,
			Subject: err.Msg,
		}
	}
	msg := strings.TrimRight(err.Msg, ".")
	if isValuesFile(err.Loc.File) {
		return Finding{
			RuleID:   ParseFailed.ID,
			Severity: ParseFailed.Severity,
			Message: fmt.Sprintf("The variable values file could not be parsed: %s. The configuration was linted without "+
				"the values it could not give; fix the file so the variables take them.", msg),
			Loc:     err.Loc,
			Subject: err.Msg,
		}
	}
	return Finding{
		RuleID:   ParseFailed.ID,
		Severity: ParseFailed.Severity,
		Message: fmt.Sprintf("The file could not be parsed: %s. beanlint checked nothing in it; "+
			"fix the file (or leave it out of the paths linted) so its resources can be analysed.", msg),
		Loc:     err.Loc,
		Subject: err.Msg,
	}
}

// isValuesFile reports whether path names a Terraform variable values file
// (.tfvars, .tfvars.json): it holds no resources, and Terraform loads
// terraform.tfvars and *.auto.tfvars by itself, so it cannot be left out
// of a run as a file of resources can.
func isValuesFile(path string) bool {
	return strings.HasSuffix(path, ".tfvars") || strings.HasSuffix(path, ".tfvars.json")
}

// renderNotes writes the messages of the run's EB901 notes (one per
// environment and question, see analysis.note). The rules a note names are
// those that met its question and the rules of catalog that need the facts
// it is about; rules that are disabled are not named, and a note that
// names no rule is left out.
func renderNotes(notes []issue, catalog []*Rule, opts Options) []issue {
	var out []issue
	for _, is := range notes {
		var rules []string
		seen := map[string]bool{}
		skipped := is.skipped
		for _, f := range is.facts {
			skipped = append(skipped, rulesNeeding(catalog, f)...)
		}
		for _, id := range skipped {
			if !seen[id] && !opts.disabled(id) {
				seen[id] = true
				rules = append(rules, id)
			}
		}
		if len(rules) == 0 {
			continue
		}
		sort.Strings(rules)
		if is.whatOf != nil {
			is.what = is.whatOf(is.asked)
		}
		is.Message = fmt.Sprintf("Cannot verify: %s. Not checked: %s. %s.", is.what, strings.Join(rules, ", "), strings.TrimSuffix(is.decide, "."))
		out = append(out, is)
	}
	return out
}

// pickFix keeps the remedy in lang, the format of the file whose language
// the fix is given in (fixLanguageFile), rendered for the finding's file
// after the fix's description: the edits of .tf files in HCL, the
// others (templates, the application source's configuration files) in
// YAML or JSON as each file they change is written (jsonDocs: the
// application source's files written in JSON). A fix of a setting in
// a configuration file of a Terraform environment's application source
// may hold both.
func pickFix(fix Fix, formats map[string]string, jsonDocs []string, lang, file string) (string, []edit.Edit) {
	c := langFix(fix, lang)
	if len(c.Edits) == 0 {
		if c.Description == "" || strings.Contains(c.Description, "\n") {
			return c.Description, nil // a snippet to paste by hand
		}
		return "# " + c.Description + "\n", nil
	}
	var tf, docs []edit.Edit
	for _, e := range c.Edits {
		if filepath.Ext(e.File) == ".tf" {
			tf = append(tf, e)
		} else {
			docs = append(docs, e)
		}
	}
	out := "# " + c.Description + "\n"
	if len(docs) > 0 {
		isJSON := func(f string) bool { return formats[f] == "cloudformation-json" || slices.Contains(jsonDocs, f) }
		out += string(cfn.RenderAs(docs, isJSON, file))
	}
	if len(tf) > 0 {
		out += string(hcl.RenderAt(tf, file))
	}
	return out, c.Edits
}

// fixLanguageFile is the file whose language a finding's fix is given in:
// the finding's file, or for a finding in a file of the application source
// (a configuration file, which an environment of either language reads;
// not an input file of the graph) the environment's file.
func fixLanguageFile(f Finding, formats map[string]string) string {
	if _, ok := formats[f.Loc.File]; !ok && f.EnvironmentFile != "" {
		return f.EnvironmentFile
	}
	return f.Loc.File
}

// langFix is the fix in the language of a file of format.
func langFix(fix Fix, format string) edit.Fix {
	if strings.HasPrefix(format, "terraform") {
		return fix.Terraform
	}
	return fix.CloudFormation
}

// suppressions collects the in-source suppressions that apply to a finding
// of rule id: the file's and those of the resources it concerns.
func suppressions(id string, file []parsers.Suppression, about []parsers.Node) []Suppression {
	var out []Suppression
	seen := map[string]bool{}
	add := func(ss []parsers.Suppression) {
		for _, s := range ss {
			if !strings.EqualFold(strings.TrimSpace(s.RuleID), id) || seen[s.Reason] {
				continue
			}
			seen[s.Reason] = true
			out = append(out, Suppression{Kind: InSource, Reason: s.Reason})
		}
	}
	add(file)
	for _, n := range about {
		if n != nil {
			add(n.Base().Ignore)
		}
	}
	return out
}

// withModuleCalls appends to f's related locations the Terraform module
// call chain of the resource the finding is located in, outermost first,
// so that a finding inside a module shows how the module is reached. The
// resource is the node among about whose definition contains f.Loc, else
// the one f.Resource names. Inside a module whose code is not committed
// the last ones point into that code: at the argument the finding is
// about (f.Property) when the module's source has it, else the block, and
// at the argument of a module call there that sets it, if any. A finding
// on the input of a local module's call that sets the value points last at
// the resource in the module's code.
func withModuleCalls(f Finding, about []parsers.Node) []Related {
	var at *parsers.Resource
	for _, n := range about {
		// Resources of a module whose code is not committed share the
		// module call as Loc: only the one the finding names is meant.
		if n != nil && contains(n.Base().Loc, f.Loc) && (n.Base().ModuleSource.IsZero() || n.Base().Name == f.Resource) {
			at = n.Base()
			break
		}
	}
	for _, n := range about {
		if at == nil && n != nil && n.Base().Name == f.Resource {
			at = n.Base()
		}
	}
	if at == nil || len(at.ModuleCalls) == 0 && at.ModuleSource.IsZero() {
		return f.Related
	}
	out := append([]Related(nil), f.Related...)
	for _, mc := range at.ModuleCalls {
		if mc.Loc.IsZero() {
			continue
		}
		r := Related{Loc: mc.Loc, Message: "module call " + mc.Address}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if at.ModuleSource.IsZero() && len(at.ModuleCalls) > 0 && !contains(at.Loc, f.Loc) {
		// Located at the module input that sets it: the resource in the
		// module's code is where the value ends up.
		r := Related{Loc: at.Loc, Message: at.Name + " in the module's code"}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if !at.ModuleSource.IsZero() {
		r := Related{Loc: at.ModuleSource, Message: at.Name + " in the module's source that terraform init installed (not in the repository)"}
		var input *Related
		if loc, ok := at.ModuleSourceProps[f.Property]; ok && f.Property != "" && f.Resource == at.Name {
			r = Related{Loc: loc, Message: f.Property + " of " + at.Name + " in the module's source that terraform init installed (not in the repository)"}
			if in, ok := at.ModuleSourceInputs[f.Property]; ok {
				input = &Related{Loc: in, Message: "the module input that sets " + f.Property + " of " + at.Name + ", in the module's source that terraform init installed (not in the repository)"}
			}
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
		if input != nil && !slices.Contains(out, *input) {
			out = append(out, *input)
		}
	}
	return out
}

// contains reports whether location outer encloses inner (same file).
func contains(outer, inner parsers.Location) bool {
	if outer.IsZero() || outer.File != inner.File || outer.StartLine == 0 {
		return false
	}
	before := func(l1, c1, l2, c2 int32) bool { return l1 < l2 || l1 == l2 && c1 <= c2 }
	return before(outer.StartLine, outer.StartCol, inner.StartLine, inner.StartCol) &&
		(outer.EndLine == 0 || before(inner.EndLine, inner.EndCol, outer.EndLine, outer.EndCol))
}

func dedupeKey(f Finding) string {
	return strings.Join([]string{f.RuleID, f.Loc.String(), f.Resource, f.Property, f.Subject, f.Message}, "\x00")
}

// SortFindings orders findings deterministically: by where they start,
// then rule ID, then message.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			a.Loc.Start().Compare(b.Loc.Start()),
			strings.Compare(a.RuleID, b.RuleID),
			strings.Compare(a.Message, b.Message),
		)
	})
}
