package rules

import (
	"path/filepath"
	"sort"
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

// Env is an Elastic Beanstalk environment that sets aws:ec2:vpc, with what
// the rules need to know about it: effective settings, VPC, instance
// subnets and their postures, platform and required endpoint services.
type Env struct {
	Node     *parsers.Environment
	Settings parsers.Settings
	// VPC is the environment's VPC (VPCId, else the subnets' VPC); nil when
	// it is not in the inputs. VPCValue is what the settings say.
	VPC      *parsers.VPC
	VPCValue parsers.Value
	// Subnets are the instance subnets (aws:ec2:vpc Subnets elements).
	Subnets []*Subnet
	// Platform is the effective platform's family.
	Platform Platform
	// Region is the deployment region: the one the environment's input
	// decides (RegionKnown; SourceFile.Region), else the one endpoint
	// service names in the VPC spell literally; "" otherwise.
	Region string
	// RegionKnown is true when the input decides Region.
	RegionKnown bool
	// regionLoc is where the input decides Region (RegionKnown only).
	regionLoc parsers.Location
	// regions lists the literal regions the VPC's endpoint service names
	// spell when there are several: which is the deployment region is
	// then unknown (see doubt).
	regions []string

	subnetsSetting parsers.OptionSetting
	hasSubnets     bool
	subnetsOwner   string // name of the resource that sets Subnets
	required       []Requirement
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

// Name returns the environment's name in the inputs.
func (e *Env) Name() string { return e.Node.Name }

// SubnetsLoc is where findings about the environment point: its
// aws:ec2:vpc Subnets setting, else the environment.
func (e *Env) SubnetsLoc() parsers.Location {
	if !e.hasSubnets {
		return e.Node.Loc
	}
	return e.settingLoc(e.subnetsSetting)
}

// settingLoc is where findings about option setting o point: its value's
// line, unless the value came from another file (Fn::ImportValue), else the
// setting, else the environment.
func (e *Env) settingLoc(o parsers.OptionSetting) parsers.Location {
	if v := o.Value.Loc; !v.IsZero() && v.File == o.Loc.File {
		return v
	}
	if !o.Loc.IsZero() {
		return o.Loc
	}
	return e.Node.Loc
}

// SubnetsResource names the resource SubnetsLoc is in: the environment,
// or the configuration template whose aws:ec2:vpc Subnets it inherits.
func (e *Env) SubnetsResource() string {
	if e.hasSubnets && e.subnetsOwner != "" {
		return e.subnetsOwner
	}
	return e.Name()
}

// SubnetsProperty names the aws:ec2:vpc Subnets setting as the input does
// ("OptionSettings aws:ec2:vpc/Subnets", "setting aws:ec2:vpc/Subnets").
func (e *Env) SubnetsProperty() string {
	if p := e.subnetsSetting.Value.Prop; e.hasSubnets && p != "" {
		return p
	}
	return query.NSVPC + "/" + subnetsOption
}

// InScope returns the subnets the endpoint rules apply to (isolated and
// transit postures).
func (e *Env) InScope() []*Subnet {
	var out []*Subnet
	for _, s := range e.Subnets {
		if s.Posture.InScope() {
			out = append(out, s)
		}
	}
	return out
}

// NAT returns the instance subnets whose default route goes to a NAT
// gateway or instance: only endpoints with private DNS capture their
// traffic (RULES.md posture notes).
func (e *Env) NAT() []*Subnet {
	var out []*Subnet
	for _, s := range e.Subnets {
		if s.Posture == NAT {
			out = append(out, s)
		}
	}
	return out
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
		parts = append(parts, strings.Join(byPosture[p], ", ")+" ("+what+")")
	}
	return strings.Join(parts, "; ")
}

// analysis is the per-run cache of network questions, shared by every
// rule's Pass; endpointsForCache holds endpointsFor's answers.
type analysis struct {
	g                 *parsers.Graph
	envs              []*Env
	envsDone          bool
	endpointsForCache map[matchKey]EndpointMatch
	q                 *query.Q          // the questions, answered once per run
	formats           map[string]string // input format by file path (see format)
	names             map[string]names  // resource names by file (see namesIn)
	policyChecks      map[*Env]*envPolicies
}

func newAnalysis(g *parsers.Graph) *analysis {
	return &analysis{g: g, q: query.New(g, query.WithServiceNames(ParseServiceName))}
}

// environments returns every environment that sets aws:ec2:vpc, analysed
// once per run.
func (a *analysis) environments() []*Env {
	if a.envsDone {
		return a.envs
	}
	a.envsDone = true
	for _, node := range a.g.Environments {
		settings := a.g.Effective(node)
		if len(settings.Namespace(query.NSVPC)) == 0 {
			continue
		}
		a.envs = append(a.envs, a.analyseEnv(node, settings))
	}
	return a.envs
}

func (a *analysis) analyseEnv(node *parsers.Environment, settings parsers.Settings) *Env {
	e := &Env{Node: node, Settings: settings}
	e.VPCValue = settings.Value(query.NSVPC, "VPCId")
	e.subnetsSetting, e.hasSubnets = settings.Get(query.NSVPC, subnetsOption)
	e.subnetsOwner = a.ownerName(e.subnetsSetting)
	if vpc, ok := parsers.LookupAs[*parsers.VPC](a.g, e.VPCValue); ok {
		e.VPC = vpc
	}
	if !e.hasSubnets {
		e.notes = append(e.notes, envNote{fact: FactSubnets, Unknown: Unknown{
			Loc: node.Loc, Resource: node.Name, Property: e.SubnetsProperty(),
			Subject: "aws:ec2:vpc/Subnets",
			What:    "environment " + node.Name + " sets aws:ec2:vpc without Subnets, so its instance subnets are unknown",
			Decide:  "set aws:ec2:vpc Subnets to the instance subnets",
		}})
	}
	e.notes = append(e.notes, a.topologyNotes(e)...)
	for _, v := range query.SubnetElems(e.subnetsSetting.Value) {
		s := a.q.SubnetElem(v, subnetsOption)
		e.Subnets = append(e.Subnets, s)
		if e.VPC == nil && s.Node != nil {
			if vpc, ok := parsers.LookupAs[*parsers.VPC](a.g, s.Node.VPC); ok {
				e.VPC = vpc
			}
		}
	}
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
		e.notes = append(e.notes, envNote{fact: FactPosture, Unknown: Unknown{
			Loc: e.SubnetsLoc(), Resource: e.SubnetsResource(), Property: e.SubnetsProperty(),
			Subject: "subnet posture",
			What:    "cannot tell whether instance subnets of environment " + node.Name + " reach the internet (" + strings.Join(unknown, "; ") + ")",
			Decide:  a.text(node, decideNetwork),
		}})
	}
	if len(e.InScope()) > 0 || len(e.NAT()) > 0 {
		if r, loc, ok := a.q.DeploymentRegion(node); ok {
			e.Region, e.RegionKnown, e.regionLoc = r, true, loc
		} else {
			e.Region = a.vpcRegion(e)
		}
		e.Platform = classifyPlatform(settings.Platform)
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
	}
	return e
}

// vpcRegion returns the literal region the VPC's endpoint service names
// agree on, or "". When they name several, it records them in e.regions:
// an endpoint serves only its own region, so endpoints named for a literal
// region then count as doubtful (see doubt). Secret service names are left
// out: messages name the region found here.
func (a *analysis) vpcRegion(e *Env) string {
	regions := map[string]bool{}
	for _, ep := range a.q.Endpoints() {
		if ep.Region == "" || ep.NameValue.HoldsSecret() || a.inVPC(ep, e) != yes {
			continue
		}
		regions[ep.Region] = true
	}
	var rs []string
	for r := range regions {
		rs = append(rs, r)
	}
	sort.Strings(rs)
	if len(rs) == 1 {
		return rs[0]
	}
	if len(rs) > 1 {
		e.regions = rs
	}
	return ""
}

// ownerName names the environment or configuration template that
// declares setting o; "" when the setting is not in the graph.
// settingOrigin says where an option setting that decides a finding comes
// from when that is not the environment's own settings: ", set in
// configuration file F" or ", set in saved configuration N"; "" otherwise.
func (a *analysis) settingOrigin(o parsers.OptionSetting) string {
	if strings.HasPrefix(o.Owner, "source:") {
		return ", set in configuration file " + filepath.ToSlash(o.Loc.File)
	}
	if n := a.g.Node(o.Owner); n != nil && n.Base().Type == "Elastic Beanstalk saved configuration" {
		return ", set in " + n.Base().Name
	}
	return ""
}

func (a *analysis) ownerName(o parsers.OptionSetting) string {
	if n := a.g.Node(o.Owner); n != nil {
		return n.Base().Name
	}
	return ""
}
