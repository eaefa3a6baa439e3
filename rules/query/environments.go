package query

import (
	"slices"
	"sort"

	"github.com/beanlint/beanlint/parsers"
)

// subnetsOption is the aws:ec2:vpc option that lists the instance subnets.
const subnetsOption = "Subnets"

// Environment is an Elastic Beanstalk environment that sets aws:ec2:vpc:
// its effective settings, its VPC, its instance subnets with their
// postures and its deployment region.
type Environment struct {
	Node     *parsers.Environment
	Settings parsers.Settings
	// VPC is the environment's VPC (VPCId, else the first instance subnet
	// of the inputs that names a VPC of the inputs); nil when it is not in
	// the inputs. VPCValue is what the VPCId setting says.
	VPC      *parsers.VPC
	VPCValue parsers.Value
	// SubnetsSetting is the aws:ec2:vpc Subnets setting; HasSubnets is
	// false when it is absent. SubnetsOwner names the environment or
	// configuration template that sets it ("" when not in the graph).
	SubnetsSetting parsers.OptionSetting
	HasSubnets     bool
	SubnetsOwner   string
	// Subnets are the instance subnets: the Subnets setting's elements
	// (SubnetElems), each resolved with its posture, in the order of
	// SortSubnets (not the setting's, which differs between a plan of new
	// infrastructure and an update plan, whose IDs join(sort()) orders).
	Subnets []*Subnet
	// Region is the deployment region: the one the environment's input
	// decides (RegionKnown; RegionLoc is where), else the one endpoint
	// service names in the VPC spell literally; "" otherwise. It is worked
	// out only for environments with an instance subnet that is isolated,
	// transit or nat: endpoints serve no other.
	Region      string
	RegionKnown bool
	RegionLoc   parsers.Location
	// RegionVariable is the Terraform root variable whose value Region
	// is, when the input decides the region through one
	// (parsers.SourceFile.RegionVariable): a fix names the region by an
	// expression, not by Region.
	RegionVariable string
	// Regions lists the literal regions the VPC's endpoint service names
	// spell when there are several and the input does not decide the
	// region: which one is the deployment region is then unknown.
	Regions []string

	// inScope is InScope, worked out once for an environment of Q (the
	// rules ask for it per endpoint); nil: worked out on each call.
	inScope []*Subnet
}

// Name returns the environment's name in the inputs.
func (e *Environment) Name() string { return e.Node.Name }

// VPCNode returns the environment's VPC as a Node: a nil interface when it
// is not in the inputs (see SameNode).
func (e *Environment) VPCNode() parsers.Node {
	if e.VPC == nil {
		return nil
	}
	return e.VPC
}

// SubnetsLoc is where findings about the environment point: its
// aws:ec2:vpc Subnets setting, else the environment.
func (e *Environment) SubnetsLoc() parsers.Location {
	if !e.HasSubnets {
		return e.Node.Loc
	}
	return e.SettingLoc(e.SubnetsSetting)
}

// SettingLoc is where findings about option setting o point: its value's
// line, unless the value came from another file (Fn::ImportValue), else the
// setting, else the environment.
func (e *Environment) SettingLoc(o parsers.OptionSetting) parsers.Location {
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
func (e *Environment) SubnetsResource() string {
	if e.HasSubnets && e.SubnetsOwner != "" {
		return e.SubnetsOwner
	}
	return e.Name()
}

// SubnetsProperty names the aws:ec2:vpc Subnets setting as the input does
// ("OptionSettings aws:ec2:vpc/Subnets", "setting aws:ec2:vpc/Subnets").
func (e *Environment) SubnetsProperty() string {
	if p := e.SubnetsSetting.Value.Prop; e.HasSubnets && p != "" {
		return p
	}
	return NSVPC + "/" + subnetsOption
}

// InScope returns the instance subnets the endpoint rules apply to
// (isolated and transit postures).
func (e *Environment) InScope() []*Subnet {
	if e.inScope != nil {
		return e.inScope
	}
	return e.inScopeSubnets()
}

// inScopeSubnets lists the subnets of InScope.
func (e *Environment) inScopeSubnets() []*Subnet {
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
func (e *Environment) NAT() []*Subnet {
	var out []*Subnet
	for _, s := range e.Subnets {
		if s.Posture == NAT {
			out = append(out, s)
		}
	}
	return out
}

// Environments returns every environment of the inputs that sets
// aws:ec2:vpc, in graph order, analysed once per run.
func (q *Q) Environments() []*Environment {
	if q.envsDone {
		return q.envs
	}
	q.envsDone = true
	for _, node := range q.g.Environments {
		settings := q.Settings(node)
		switch {
		case settings.Undecided.Kind != parsers.Absent:
			q.undecided = append(q.undecided, node)
		case len(settings.Namespace(NSVPC)) == 0:
		default:
			q.envs = append(q.envs, q.environment(node, settings))
		}
	}
	return q.envs
}

// UndecidedEnvironments returns the environments whose option settings
// the inputs do not decide (Settings.Undecided): whether they set
// aws:ec2:vpc, and everything else the rules ask of an environment, is
// unknown, so Environments leaves them out.
func (q *Q) UndecidedEnvironments() []*parsers.Environment {
	q.Environments()
	return q.undecided
}

func (q *Q) environment(node *parsers.Environment, settings parsers.Settings) *Environment {
	e := &Environment{Node: node, Settings: settings}
	e.VPCValue = settings.Value(NSVPC, "VPCId")
	e.SubnetsSetting, e.HasSubnets = settings.Get(NSVPC, subnetsOption)
	if n := q.g.Node(e.SubnetsSetting.Owner); n != nil {
		e.SubnetsOwner = n.Base().Name
	}
	if vpc, ok := parsers.LookupAs[*parsers.VPC](q.g, e.VPCValue); ok {
		e.VPC = vpc
	}
	for _, v := range SubnetElems(e.SubnetsSetting.Value) {
		s := q.SubnetElem(v, subnetsOption)
		e.Subnets = append(e.Subnets, s)
		if e.VPC == nil {
			e.VPC = s.VPC
		}
	}
	SortSubnets(e.Subnets)
	// Shared by every caller: clipped, so that one appending to it
	// copies it.
	e.inScope = slices.Clip(e.inScopeSubnets())
	if len(e.InScope()) == 0 && len(e.NAT()) == 0 {
		return e
	}
	if r, loc, ok := q.DeploymentRegion(node); ok {
		e.Region, e.RegionKnown, e.RegionLoc = r, true, loc
		if f := q.SourceFile(node); f != nil {
			e.RegionVariable = f.RegionVariable
		}
	} else {
		e.Region, e.Regions = q.vpcRegion(e)
	}
	return e
}

// vpcRegion returns the literal region the service names of e's VPC's
// endpoints agree on, or "" and the regions they name when they name
// several. Secret service names are left out: messages name the region
// found here.
func (q *Q) vpcRegion(e *Environment) (string, []string) {
	regions := map[string]bool{}
	for _, ep := range q.Endpoints() {
		if ep.Region == "" || ep.NameValue.HoldsSecret() || q.InVPC(ep, e) != Yes {
			continue
		}
		regions[ep.Region] = true
	}
	var rs []string
	for r := range regions {
		rs = append(rs, r)
	}
	sort.Strings(rs)
	switch len(rs) {
	case 0:
		return "", nil
	case 1:
		return rs[0], nil
	}
	return "", rs
}

// InVPC says whether endpoint ep is in environment e's VPC.
func (q *Q) InVPC(ep *Endpoint, e *Environment) Tri {
	return q.SameNode(ep.VPC, e.VPCValue, e.VPCNode())
}
