package rules

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// moduleGraph is a private environment whose VPC (DNS support off) lives
// in module.network and whose environment lives in module.app.module.eb,
// located in .tf files as tfsource would place them.
func moduleGraph(t *testing.T) *parsers.Graph {
	t.Helper()
	const plan = "plan.json"
	at := func(file string, l1, c1, l2, c2 int) parsers.Location {
		return parsers.Span(file, l1, c1, l2, c2)
	}
	netCall := parsers.ModuleCall{Address: "module.network", Loc: at("main.tf", 1, 1, 4, 2)}
	appCall := parsers.ModuleCall{Address: "module.app", Loc: at("main.tf", 6, 1, 8, 2)}
	ebCall := parsers.ModuleCall{Address: "module.app.module.eb", Loc: at("modules/app/main.tf", 1, 1, 3, 2)}
	net := "modules/network/main.tf"
	eb := "modules/eb/main.tf"
	vpcKey := plan + "#module.network.aws_vpc.this"
	vpcRef := parsers.RefTo(vpcKey, "", parsers.Location{})
	main := &parsers.RouteTable{
		Resource: parsers.Resource{Key: vpcKey + "#main", Name: "module.network.aws_vpc.this (main route table)", Type: "aws_route_table", Loc: at(net, 1, 1, 5, 2), Synthetic: true},
		VPC:      vpcRef,
		Routes:   []parsers.Route{{DestinationCIDR: parsers.Lit("10.0.0.0/16", parsers.Location{}), TargetKind: parsers.TargetLocal, Target: parsers.Lit("local", parsers.Location{})}},
	}
	vpc := &parsers.VPC{
		Resource:           parsers.Resource{Key: vpcKey, Name: "module.network.aws_vpc.this", Type: "aws_vpc", Loc: at(net, 1, 1, 5, 2), ModuleCalls: []parsers.ModuleCall{netCall}},
		CIDRs:              []parsers.Value{parsers.Lit("10.0.0.0/16", at(net, 2, 16, 2, 29))},
		EnableDNSSupport:   parsers.Lit("false", at(net, 3, 24, 3, 29)),
		EnableDNSHostnames: parsers.Lit("true", at(net, 4, 24, 4, 28)),
		MainRouteTable:     parsers.RefTo(main.Key, "", parsers.Location{}),
	}
	var subnets []parsers.Node
	var ids []parsers.Value
	for i, az := range []string{"a", "b"} {
		key := plan + "#module.network.aws_subnet.private[" + string(rune('0'+i)) + "]"
		subnets = append(subnets, &parsers.Subnet{
			Resource:         parsers.Resource{Key: key, Name: "module.network.aws_subnet.private[" + string(rune('0'+i)) + "]", Type: "aws_subnet", Loc: at(net, 7, 1, 11, 2), ModuleCalls: []parsers.ModuleCall{netCall}},
			VPC:              vpcRef,
			CIDR:             parsers.Lit("10.0."+string(rune('1'+i))+".0/24", at(net, 9, 3, 9, 20)),
			AvailabilityZone: parsers.Lit("us-east-1"+az, at(net, 10, 3, 10, 20)),
			AZIndex:          -1,
		})
		ids = append(ids, parsers.RefTo(key, "", at(eb, 12, 17, 12, 40)))
	}
	envKey := plan + "#module.app.module.eb.aws_elastic_beanstalk_environment.this"
	env := &parsers.Environment{
		Resource:          parsers.Resource{Key: envKey, Name: "module.app.module.eb.aws_elastic_beanstalk_environment.this", Type: "aws_elastic_beanstalk_environment", Loc: at(eb, 1, 1, 20, 2), ModuleCalls: []parsers.ModuleCall{appCall, ebCall}},
		SolutionStackName: parsers.Lit("64bit Amazon Linux 2023 v6.1.0 running Node.js 20", at(eb, 3, 25, 3, 75)),
		Settings: []parsers.OptionSetting{
			{Namespace: "aws:ec2:vpc", Name: "VPCId", Value: parsers.RefTo(vpcKey, "", at(eb, 7, 17, 7, 40)), Loc: at(eb, 5, 3, 8, 4), Owner: envKey},
			{Namespace: "aws:ec2:vpc", Name: "Subnets", Value: parsers.Value{Kind: parsers.List, Loc: at(eb, 12, 17, 12, 40)}.WithItems(ids), Loc: at(eb, 10, 3, 13, 4), Owner: envKey},
		},
	}
	g := parsers.NewGraph()
	g.Files = []*parsers.SourceFile{{Path: plan, Format: "terraform-plan"}, {Path: "main.tf", Format: "terraform-source"}, {Path: net, Format: "terraform-source"}, {Path: eb, Format: "terraform-source"}}
	for _, n := range append([]parsers.Node{main, vpc, env}, subnets...) {
		if err := g.Add(n); err != nil {
			t.Fatal(err)
		}
	}
	g.Sort()
	return g
}

// chain renders the module-call entries of a finding's related locations.
func chain(f Finding) string {
	var out []string
	for _, r := range f.Related {
		if strings.HasPrefix(r.Message, "module call ") {
			out = append(out, r.Message+"@"+r.Loc.String())
		}
	}
	return strings.Join(out, " ")
}

func TestModuleCallChainInRelated(t *testing.T) {
	fs := Run(moduleGraph(t), Options{})
	tests := []struct {
		rule string
		want string
	}{
		// Located on the VPC's enable_dns_support in module.network.
		{"EB201", "module call module.network@main.tf:1:1"},
		// Located on the environment's Subnets setting in module.app.module.eb.
		{"EB301", "module call module.app@main.tf:6:1 module call module.app.module.eb@modules/app/main.tf:1:1"},
	}
	for _, tt := range tests {
		got := byRule(fs, tt.rule)
		if len(got) == 0 {
			t.Fatalf("no %s finding; findings: %v", tt.rule, fs)
		}
		for _, f := range got {
			if c := chain(f); c != tt.want {
				t.Errorf("%s at %s: module calls %q, want %q", tt.rule, f.Loc, c, tt.want)
			}
			if len(f.Related) == 0 || strings.HasPrefix(f.Related[0].Message, "module call ") {
				t.Errorf("%s: the rule's own related locations must come first: %v", tt.rule, f.Related)
			}
		}
	}
}

func TestModuleCallChainAbsentAtRoot(t *testing.T) {
	g := moduleGraph(t)
	for _, n := range graphNodes(g) {
		n.Base().ModuleCalls = nil
	}
	for _, f := range Run(g, Options{}) {
		if c := chain(f); c != "" {
			t.Errorf("%s: module calls %q for root resources", f.RuleID, c)
		}
	}
}

// TestRelatedIntoModuleSource: a finding about a resource inside a module
// whose code terraform init installed points into that code at the
// argument the finding is about when the module's source has it (and at
// the call argument there that sets it, if any), else at the resource
// block.
func TestRelatedIntoModuleSource(t *testing.T) {
	at := func(file string, l1, c1, l2, c2 int) parsers.Location {
		return parsers.Span(file, l1, c1, l2, c2)
	}
	call := at("main.tf", 20, 1, 32, 2)
	inside := ".terraform/modules/net/main.tf"
	block := at(inside, 61, 1, 65, 2)
	attr := at(inside, 64, 26, 64, 50)
	attr2 := at(inside, 63, 26, 63, 30)
	input := at(".terraform/modules/wrapper/main.tf", 28, 26, 28, 31)
	vpc := &parsers.VPC{Resource: parsers.Resource{
		Name: "module.net.aws_vpc.this", Loc: call,
		ModuleCalls:        []parsers.ModuleCall{{Address: "module.net", Loc: call}},
		ModuleSource:       block,
		ModuleSourceProps:  map[string]parsers.Location{"enable_dns_hostnames": attr, "enable_dns_support": attr2},
		ModuleSourceInputs: map[string]parsers.Location{"enable_dns_hostnames": input},
	}}
	cases := []struct {
		name, resource, property string
		want                     []parsers.Location // inside the module, in order
		msg                      []string
	}{
		{"argument set by a call in the module's source", "module.net.aws_vpc.this", "enable_dns_hostnames", []parsers.Location{attr, input},
			[]string{"enable_dns_hostnames of module.net.aws_vpc.this in the module's source", "the module input that sets enable_dns_hostnames of module.net.aws_vpc.this"}},
		{"argument in the module's source", "module.net.aws_vpc.this", "enable_dns_support", []parsers.Location{attr2}, []string{"enable_dns_support of module.net.aws_vpc.this in the module's source"}},
		{"argument the block leaves to its default", "module.net.aws_vpc.this", "cidr_block", []parsers.Location{block}, []string{"module.net.aws_vpc.this in the module's source"}},
		{"no property", "module.net.aws_vpc.this", "", []parsers.Location{block}, []string{"module.net.aws_vpc.this in the module's source"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rel := withModuleCalls(Finding{Loc: call, Resource: c.resource, Property: c.property}, []parsers.Node{vpc})
			if len(rel) != 1+len(c.want) || rel[0].Loc != call {
				t.Fatalf("related = %+v, want the module call and %d locations inside the module", rel, len(c.want))
			}
			for i, w := range c.want {
				if r := rel[1+i]; r.Loc != w || !strings.HasPrefix(r.Message, c.msg[i]) {
					t.Errorf("into the module: %s %q, want %s %q...", r.Loc, r.Message, w, c.msg[i])
				}
			}
		})
	}
}
