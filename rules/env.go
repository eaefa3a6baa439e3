package rules

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// Option setting namespaces and names the rules read (DOMAIN.md §9).
const (
	nsHealth      = "aws:elasticbeanstalk:healthreporting:system"
	nsXRay        = "aws:elasticbeanstalk:xray"
	nsSecrets     = "aws:elasticbeanstalk:application:environmentsecrets"
	subnetsOption = "Subnets"
)

// Env is an Elastic Beanstalk environment that sets aws:ec2:vpc: the query
// layer's answer (query.Environment: effective settings, VPC, instance
// subnets with their postures, deployment region) with what the catalog
// knows about it: its platform, the endpoint services it requires and the
// facts EB901 reports it could not decide.
type Env struct {
	*query.Environment
	// Platform is the effective platform's family.
	Platform Platform
	required []Requirement
	// notes are facts the linter could not decide for this environment;
	// EB901 reports them.
	notes []envNote
}

// envNote is an undecided fact about an environment: EB901 names the
// rules that need it.
type envNote struct {
	Unknown
	fact Fact
}

// Subnet is one instance or ELB subnet of an environment with its egress
// posture: the query layer's answer (query.Subnet).
type Subnet = query.Subnet

// nameList joins resource names for a message in natural order
// (parsers.CompareNames: aws_subnet.private[2] before
// aws_subnet.private[10], PrivateSubnet2 before PrivateSubnet10). Every
// list of resources a message gives follows that order, not the order of
// the input that lists them, which may differ between two inputs of the
// same configuration (a plan of new infrastructure and an update plan)
// or between two runs' graphs.
func nameList(names []string) string {
	sorted := slices.Clone(names)
	slices.SortStableFunc(sorted, parsers.CompareNames)
	return strings.Join(sorted, ", ")
}

// describeSubnets names subnets with their postures: "PrivateA, PrivateB
// (isolated)".
func describeSubnets(subnets []*Subnet) string {
	byPosture := map[Posture][]string{}
	var order []Posture
	for _, s := range subnets {
		if _, ok := byPosture[s.Posture]; !ok {
			order = append(order, s.Posture)
		}
		byPosture[s.Posture] = append(byPosture[s.Posture], s.Name)
	}
	var parts []string
	for _, p := range order {
		what := "isolated: no route out of the VPC"
		switch p {
		case Transit:
			what = "transit: the default route leaves through a transit hop the linted inputs do not show beyond"
		case NAT:
			what = "nat: the default route goes to a NAT gateway or instance, not to an internet gateway"
		case PostureUnknown:
			what = "posture unknown"
		}
		parts = append(parts, nameList(byPosture[p])+" ("+what+")")
	}
	return strings.Join(parts, "; ")
}

// analysis is the per-run cache of network questions, shared by every
// rule's Pass.
type analysis struct {
	g            *parsers.Graph
	envs         []*Env
	envsDone     bool
	q            *query.Q          // the questions, answered once per run
	formats      map[string]string // input format by file path (see format)
	names        map[string]names  // resource names by file (see namesIn)
	policyChecks map[*Env]*envPolicies
	// notes are the EB901 notes of the run, one per environment and
	// question (see note); noteIndex finds them by that key.
	notes     []issue
	noteIndex map[noteKey]int
	// subnetLists holds settingSubnets' answers: several rules ask each
	// environment's lists.
	subnetLists map[subnetListKey]subnetList
}

func newAnalysis(g *parsers.Graph, central []string) *analysis {
	return &analysis{g: g, q: query.New(g, query.WithServiceNames(ParseServiceName), query.WithCentral(central...))}
}

// environments returns every environment that sets aws:ec2:vpc
// (query.Environments) with what the catalog knows about it, once per run.
func (a *analysis) environments() []*Env {
	if a.envsDone {
		return a.envs
	}
	a.envsDone = true
	for _, qe := range a.q.Environments() {
		a.envs = append(a.envs, a.catalogEnv(qe))
	}
	return a.envs
}

// catalogEnv adds to an environment its platform, the services it
// requires and the facts the rules that need them could not decide.
func (a *analysis) catalogEnv(qe *query.Environment) *Env {
	e := &Env{Environment: qe}
	node := e.Node
	if !e.HasSubnets {
		e.notes = append(e.notes, envNote{fact: FactSubnets, Unknown: Unknown{
			Loc: node.Loc, Resource: node.Name, Property: e.SubnetsProperty(),
			Subject: "aws:ec2:vpc/Subnets",
			What:    "environment " + node.Name + " sets aws:ec2:vpc without Subnets, so its instance subnets are unknown",
			Decide:  "set aws:ec2:vpc Subnets to the instance subnets",
		}})
	}
	e.notes = append(e.notes, a.topologyNotes(e)...)
	var unknown []string
	for _, s := range e.Subnets {
		if s.Posture == PostureUnknown {
			switch {
			case s.Node != nil:
				unknown = append(unknown, s.Name+": "+s.Reason)
			case s.Value.Kind == parsers.Unknown:
				unknown = append(unknown, s.Name+" "+s.Reason)
			default: // the reason names the value
				unknown = append(unknown, s.Reason)
			}
		}
	}
	if len(unknown) > 0 {
		why := strings.Join(unknown, "; ")
		e.notes = append(e.notes, envNote{fact: FactPosture, Unknown: Unknown{
			Loc: e.SubnetsLoc(), Resource: e.SubnetsResource(), Property: e.SubnetsProperty(),
			Subject: "subnet posture",
			What:    "cannot tell whether instance subnets of environment " + node.Name + " reach the internet (" + why + ")",
			Decide:  a.decideText(node, decideNetwork, why),
		}})
	}
	if len(e.InScope()) == 0 && len(e.NAT()) == 0 {
		return e
	}
	e.Platform = classifyPlatform(e.Settings.Platform)
	noted := len(e.notes)
	e.required = a.requirements(e)
	if len(e.InScope()) == 0 {
		// In nat subnets only the endpoints that exist are checked
		// (EB401, EB501): what decides the others is not worth a note.
		e.notes = e.notes[:noted]
		return e
	}
	a.hubNotes(e)
	if e.VPC == nil {
		// Rules that match the VPC by value note what they cannot
		// decide themselves; FactVPC is the VPC as a resource.
		e.notes = append(e.notes, envNote{fact: FactVPC, Unknown: Unknown{
			Loc: e.SubnetsLoc(), Resource: e.SubnetsResource(), Property: e.SubnetsProperty(),
			Subject: "aws:ec2:vpc/VPCId",
			What:    "the VPC of environment " + node.Name + " " + query.DescribeMissing(e.VPCValue, "VPC"),
			Decide:  a.text(node, decideVPC),
		}})
	}
	return e
}

// settingOrigin says where an option setting that decides a finding comes
// from when that is not the environment's own settings: ", set in
// configuration file F" or ", set in saved configuration N"; "" otherwise.
func (a *analysis) settingOrigin(o parsers.OptionSetting) string {
	if strings.HasPrefix(o.Owner, "source:") {
		return ", set in configuration file " + filepath.ToSlash(o.Loc.File)
	}
	if n := a.g.Node(o.Owner); n != nil && n.Base().Type == savedConfigType {
		return ", set in " + n.Base().Name
	}
	return ""
}

// ownerName names the environment or configuration template that
// declares setting o; "" when the setting is not in the graph.
func (a *analysis) ownerName(o parsers.OptionSetting) string {
	if n := a.g.Node(o.Owner); n != nil {
		return n.Base().Name
	}
	return ""
}
