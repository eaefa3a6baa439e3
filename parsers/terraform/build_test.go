package terraform

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

const testdata = "../../testdata/terraform/parser"

// built is one fixture plan built into a graph.
type built struct {
	t    *testing.T
	g    *parsers.Graph
	p    *Plan
	plan string // the plan path, prefix of every key
	dir  string
}

// build parses testdata/terraform/parser/<name>/plan.json and builds it,
// with the .tf source of its directory when withSource is true.
func build(t *testing.T, name string, withSource bool) *built {
	t.Helper()
	dir := filepath.Join(testdata, name)
	path := filepath.Join(dir, "plan.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(path, data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	var src *tfsource.Index
	if withSource {
		var errs []*parsers.ParseError
		if src, errs = tfsource.Load(dir, ""); len(errs) > 0 {
			t.Fatalf("tfsource.Load: %v", errs)
		}
	}
	g := parsers.NewGraph()
	if errs := Build(g, p, src); len(errs) > 0 {
		t.Fatalf("Build: %v", errs)
	}
	g.Sort()
	return &built{t: t, g: g, p: p, plan: path, dir: dir}
}

// node returns the node of an instance address (or a synthetic suffix).
func node[T parsers.Node](b *built, addr string) T {
	b.t.Helper()
	n, ok := b.g.Node(b.plan + "#" + addr).(T)
	if !ok {
		var zero T
		b.t.Fatalf("no %T node %s", zero, addr)
	}
	return n
}

// show renders a value for comparison: keys lose the plan path, defaults
// and secrets are marked, unknown values show their reason.
func (b *built) show(v parsers.Value) string {
	switch v.Kind {
	case parsers.Ref:
		s := "ref " + strings.TrimPrefix(v.Target, b.plan+"#")
		if v.Attr() != "" {
			s += "." + v.Attr()
		}
		return s
	case parsers.Known:
		switch {
		case v.Default:
			return "default " + v.Str
		case v.Secret:
			return "secret " + v.Str
		}
		return v.Str
	case parsers.List:
		return b.showList(v.Items())
	case parsers.Unknown:
		return "unknown: " + v.Reason()
	case parsers.Choice:
		return "choice " + b.showList(v.Items()) + " if " + v.Cond()
	case parsers.Map:
		return "map"
	}
	return v.Kind.String()
}

func (b *built) showList(vs []parsers.Value) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = b.show(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// at renders a location relative to the fixture directory.
func (b *built) at(l parsers.Location) string {
	rel, err := filepath.Rel(b.dir, l.File)
	if err != nil {
		rel = l.File
	}
	return filepath.ToSlash(rel) + ":" + strconv.Itoa(int(l.StartLine)) + ":" + strconv.Itoa(int(l.StartCol))
}

// valueCheck is one expected value of a fixture's graph.
type valueCheck struct {
	name string
	get  func(b *built) parsers.Value
	want string
	at   string // "" to skip the location
}

func runChecks(t *testing.T, b *built, checks []valueCheck) {
	t.Helper()
	for _, c := range checks {
		v := c.get(b)
		if got := b.show(v); got != c.want {
			t.Errorf("%s = %q, want %q", c.name, got, c.want)
		}
		if c.at != "" {
			if got := b.at(v.Loc); got != c.at {
				t.Errorf("%s located at %s, want %s", c.name, got, c.at)
			}
		}
	}
}

// list makes a list value of vs, located at the first element.
func list(vs []parsers.Value) parsers.Value {
	v := parsers.Value{Kind: parsers.List}.WithItems(vs)
	if len(vs) > 0 {
		v.Loc = vs[0].Loc
	}
	return v
}

// setting returns an environment's setting value by name.
func setting(env *parsers.Environment, name string) parsers.Value {
	for _, s := range env.Settings {
		if s.Name == name {
			return s.Value
		}
	}
	return parsers.Value{}
}

func TestBuildNewInfrastructure(t *testing.T) {
	b := build(t, "new_infra", true)
	vpc := func(b *built) *parsers.VPC { return node[*parsers.VPC](b, "aws_vpc.main") }
	subnet := func(addr string) *parsers.Subnet { return node[*parsers.Subnet](b, addr) }
	ep := func(addr string) *parsers.VPCEndpoint { return node[*parsers.VPCEndpoint](b, addr) }
	env := node[*parsers.Environment](b, "aws_elastic_beanstalk_environment.web")
	runChecks(t, b, []valueCheck{
		{"subnet VPC (reference to an unknown ID)", func(*built) parsers.Value { return subnet("aws_subnet.private[0]").VPC }, "ref aws_vpc.main", "main.tf:35:23"},
		{"known CIDR", func(*built) parsers.Value { return subnet("aws_subnet.private[1]").CIDR }, "10.0.1.0/24", "main.tf:36:23"},
		{"count.index picks the same instance", func(*built) parsers.Value { return list(subnet("aws_subnet.private[1]").RouteTables) }, "[ref aws_route_table.private[1]]", ""},
		{"each.value.id and each.key", func(*built) parsers.Value { return list(subnet(`aws_subnet.endpoints["b"]`).RouteTables) }, `[ref aws_route_table.endpoints["b"]]`, ""},
		{"DNS support set", func(b *built) parsers.Value { return vpc(b).EnableDNSSupport }, "true", "main.tf:30:24"},
		{"DNS hostnames unset: default, not unknown", func(b *built) parsers.Value { return vpc(b).EnableDNSHostnames }, "default false", "main.tf:28:1"},
		{"main route table", func(b *built) parsers.Value { return vpc(b).MainRouteTable }, "ref aws_vpc.main#main", ""},
		{"private DNS unset: default", func(*built) parsers.Value { return ep("aws_vpc_endpoint.logs").PrivateDNS }, "default false", "main.tf:104:1"},
		{"private DNS set", func(*built) parsers.Value { return ep("aws_vpc_endpoint.sqs").PrivateDNS }, "true", "main.tf:99:25"},
		{"security groups unset: none (VPC default)", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.logs").SecurityGroups) }, "[]", ""},
		{"from a local: evaluated from the .tf source", func(*built) parsers.Value { return ep("aws_vpc_endpoint.logs").VPC }, "ref aws_vpc.main", "main.tf:105:23"},
		{"splat: every instance", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.logs").Subnets) }, "[ref aws_subnet.private[0], ref aws_subnet.private[1]]", ""},
		{"for expression over for_each", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.sqs").Subnets) }, `[ref aws_subnet.endpoints["a"], ref aws_subnet.endpoints["b"]]`, ""},
		{"security group list", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.sqs").SecurityGroups) }, "[ref aws_security_group.endpoints]", "main.tf:101:25"},
		{"endpoint type: the provider plans its default", func(*built) parsers.Value { return ep("aws_vpc_endpoint.s3").Type }, "Gateway", "main.tf:111:1"},
		{"route tables", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.s3").RouteTables) }, "[ref aws_route_table.private[0], ref aws_route_table.private[1]]", "main.tf:114:21"},
		{"jsonencode policy", func(*built) parsers.Value {
			return ep("aws_vpc_endpoint.s3").Policy.Get("Statement").Items()[0].Get("Resource")
		}, "arn:aws:s3:::elasticbeanstalk-us-east-1/*", "main.tf:115:12"},
		{"setting VPCId", func(*built) parsers.Value { return setting(env, "VPCId") }, "ref aws_vpc.main", "main.tf:135:3"},
		{"setting Subnets from join", func(*built) parsers.Value { return setting(env, "Subnets") }, "[ref aws_subnet.private[0], ref aws_subnet.private[1]]", "main.tf:140:3"},
		{"constant setting in a sensitive set", func(*built) parsers.Value { return setting(env, "ELBScheme") }, "internal", "main.tf:145:3"},
		{"sensitive variable: kept, secret", func(*built) parsers.Value { return setting(env, "DB_PASSWORD") }, "secret hunter2-secret-value", "main.tf:155:3"},
		{"sensitive(): kept, secret", func(*built) parsers.Value { return setting(env, "API_TOKEN") }, "secret topsecret-token-value", "main.tf:160:3"},
	})
	// The secrets are marked; the setting names, namespaces and constants
	// of the sensitive setting set are not.
	if got, want := graphSecrets(b.g), []string{"hunter2-secret-value", "topsecret-token-value"}; !reflect.DeepEqual(got, want) {
		t.Errorf("secret literals = %q, want %q", got, want)
	}

	sg := node[*parsers.SecurityGroup](b, "aws_security_group.endpoints")
	var peers []string
	for _, r := range sg.Ingress {
		peers = append(peers, r.Protocol.Str+" "+r.FromPort.Str+" "+b.show(r.Peer.CIDR)+" "+b.show(r.Peer.SecurityGroup))
	}
	if want := []string{"tcp 443 10.0.0.0/16 absent", "tcp 443 absent ref aws_security_group.instances"}; !reflect.DeepEqual(peers, want) {
		t.Errorf("ingress = %q, want %q", peers, want)
	}
	if inst := node[*parsers.SecurityGroup](b, "aws_security_group.instances"); inst.DefaultEgress || len(inst.Egress) != 1 || len(inst.Ingress) != 0 {
		t.Errorf("instances group: DefaultEgress %v, %d egress, %d ingress; want false, 1, 0 (Terraform removes the default egress)", inst.DefaultEgress, len(inst.Egress), len(inst.Ingress))
	}
	main := node[*parsers.RouteTable](b, "aws_vpc.main#main")
	if !main.Synthetic || len(main.Routes) != 1 || main.Routes[0].TargetKind != parsers.TargetLocal {
		t.Errorf("main route table: synthetic %v, routes %+v; want only the local route", main.Synthetic, main.Routes)
	}
}

func TestBuildModules(t *testing.T) {
	b := build(t, "modules", true)
	ep := func(addr string) *parsers.VPCEndpoint { return node[*parsers.VPCEndpoint](b, addr) }
	env := node[*parsers.Environment](b, "aws_elastic_beanstalk_environment.web")
	runChecks(t, b, []valueCheck{
		{"module output", func(*built) parsers.Value { return ep("aws_vpc_endpoint.s3").VPC }, "ref module.network.aws_vpc.this", "main.tf:32:21"},
		{"nested module output", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.s3").RouteTables) },
			"[ref module.network.module.tables.aws_route_table.this[0], ref module.network.module.tables.aws_route_table.this[1]]", ""},
		{"output of one instance", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.sqs").Subnets) }, "[ref module.network.aws_subnet.private[0]]", ""},
		{"output of a for_each module instance", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.sqs").SecurityGroups) }, `[ref module.sg["endpoints"].aws_security_group.this]`, ""},
		{"module variable to the parent's expression, located at the module call's argument", func(*built) parsers.Value {
			return node[*parsers.RouteTable](b, "module.network.module.tables.aws_route_table.this[1]").VPC
		}, "ref module.network.aws_vpc.this", "modules/network/main.tf:21:16"},
		{"var.list[count.index] through two modules", func(*built) parsers.Value {
			return list(node[*parsers.Subnet](b, "module.network.aws_subnet.private[1]").RouteTables)
		}, "[ref module.network.module.tables.aws_route_table.this[1]]", ""},
		{"known variable value", func(*built) parsers.Value {
			return node[*parsers.SecurityGroup](b, `module.sg["instances"].aws_security_group.this`).Ingress[0].Peer.CIDR
		}, "10.2.0.0/16", ""},
		{"setting through an output", func(*built) parsers.Value { return setting(env, "Subnets") }, "[ref module.network.aws_subnet.private[0], ref module.network.aws_subnet.private[1]]", "main.tf:56:3"},
		{"setting through a module instance", func(*built) parsers.Value { return setting(env, "SecurityGroups") }, `ref module.sg["instances"].aws_security_group.this`, ""},
	})
	rt := node[*parsers.RouteTable](b, "module.network.module.tables.aws_route_table.this[0]")
	var calls []string
	for _, c := range rt.ModuleCalls {
		calls = append(calls, c.Address+" "+b.at(c.Loc))
	}
	if want := []string{"module.network main.tf:19:1", "module.network.module.tables modules/network/main.tf:19:1"}; !reflect.DeepEqual(calls, want) {
		t.Errorf("module calls = %q, want %q", calls, want)
	}
	if got := b.at(rt.Loc); got != "modules/network/modules/tables/main.tf:7:1" {
		t.Errorf("nested module resource at %s", got)
	}
}

func TestBuildSplitResources(t *testing.T) {
	b := build(t, "split", true)
	vpc := node[*parsers.VPC](b, "aws_vpc.main")
	ep := func(addr string) *parsers.VPCEndpoint { return node[*parsers.VPCEndpoint](b, addr) }
	routes := func(rt *parsers.RouteTable) parsers.Value {
		var out []parsers.Value
		for _, r := range rt.Routes {
			out = append(out, parsers.Lit(b.show(r.DestinationCIDR)+" "+string(r.TargetKind)+" "+b.show(r.Target), r.Loc))
		}
		return list(out)
	}
	runChecks(t, b, []valueCheck{
		{"aws_main_route_table_association", func(*built) parsers.Value { return vpc.MainRouteTable }, "ref aws_route_table.other", "main.tf:62:20"},
		{"aws_default_route_table replaces the main table's routes", func(*built) parsers.Value { return routes(node[*parsers.RouteTable](b, "aws_vpc.main#main")) },
			"[10.1.0.0/16 local default local, 0.0.0.0/0 internet-gateway ref aws_internet_gateway.igw]", ""},
		{"aws_route", func(*built) parsers.Value { return routes(node[*parsers.RouteTable](b, "aws_route_table.private")) },
			"[10.1.0.0/16 local default local, 0.0.0.0/0 nat-gateway ref aws_nat_gateway.nat]", ""},
		{"private NAT gateway", func(*built) parsers.Value { return node[*parsers.Gateway](b, "aws_nat_gateway.nat").Private }, "true", ""},
		{"route table association", func(*built) parsers.Value { return list(node[*parsers.Subnet](b, "aws_subnet.a").RouteTables) }, "[ref aws_route_table.private]", ""},
		{"network ACL subnet_ids", func(*built) parsers.Value { return list(node[*parsers.Subnet](b, "aws_subnet.a").NetworkACLs) }, "[ref aws_network_acl.private]", ""},
		{"endpoint route table association", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.s3").RouteTables) }, "[ref aws_route_table.private]", "main.tf:118:21"},
		{"aws_vpc_endpoint_policy (heredoc)", func(*built) parsers.Value {
			return ep("aws_vpc_endpoint.s3").Policy.Get("Statement").Items()[0].Get("Action")
		}, "s3:*", ""},
		{"aws_vpc_endpoint_private_dns", func(*built) parsers.Value { return ep("aws_vpc_endpoint.sqs").PrivateDNS }, "true", "main.tf:136:25"},
		{"endpoint subnet association", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.sqs").Subnets) }, "[ref aws_subnet.a]", ""},
		{"group association keeps the default group", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.sqs").SecurityGroups) }, "[ref aws_vpc.main#default-sg, ref aws_security_group.endpoints]", ""},
	})

	rules := func(rs []parsers.SGRule) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Name+": "+b.show(r.Protocol)+" "+b.show(r.FromPort)+"-"+b.show(r.ToPort)+" "+b.show(r.Peer.CIDR)+" "+b.show(r.Peer.SecurityGroup))
		}
		return out
	}
	endpoints := node[*parsers.SecurityGroup](b, "aws_security_group.endpoints")
	if got, want := rules(endpoints.Ingress), []string{
		"aws_security_group_rule.https_from_instances: tcp 443-443 absent ref aws_security_group.instances",
		"aws_vpc_security_group_ingress_rule.https_from_vpc: tcp 443-443 10.1.0.0/16 absent",
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("endpoint group ingress = %q, want %q", got, want)
	}
	if got, want := rules(node[*parsers.SecurityGroup](b, "aws_security_group.instances").Egress), []string{"aws_vpc_security_group_egress_rule.all: -1 absent-absent 0.0.0.0/0 absent"}; !reflect.DeepEqual(got, want) {
		t.Errorf("instance group egress = %q, want %q", got, want)
	}
	def := node[*parsers.SecurityGroup](b, "aws_vpc.main#default-sg")
	if got, want := rules(def.Ingress), []string{": tcp 443-443 absent ref aws_vpc.main#default-sg"}; !reflect.DeepEqual(got, want) || len(def.Egress) != 0 {
		t.Errorf("adopted default group: ingress %q (want %q), %d egress (want none)", got, want, len(def.Egress))
	}
	if def.Name != "aws_default_security_group.default" || def.Synthetic || !def.IsDefault || b.at(def.Loc) != "main.tf:101:1" {
		t.Errorf("adopted default group header: %s synthetic=%v default=%v at %s", def.Name, def.Synthetic, def.IsDefault, b.at(def.Loc))
	}

	acl := node[*parsers.NetworkACL](b, "aws_network_acl.private")
	var entries []string
	for _, e := range acl.Entries {
		entries = append(entries, b.show(e.RuleNumber)+" "+b.show(e.Protocol)+" "+b.show(e.Allow)+" "+b.show(e.FromPort)+"-"+b.show(e.ToPort)+" egress="+b.show(e.Egress))
	}
	if want := []string{"100 6 allow 443-443 egress=true", "100 6 allow 1024-65535 egress=false"}; !reflect.DeepEqual(entries, want) {
		t.Errorf("ACL entries = %q, want %q", entries, want)
	}
	if defACL := node[*parsers.NetworkACL](b, "aws_vpc.main#default-acl"); len(defACL.Entries) != 0 || defACL.Name != "aws_default_network_acl.default" {
		t.Errorf("aws_default_network_acl without rules: %s with %d entries, want it adopted with none (deny all)", defACL.Name, len(defACL.Entries))
	}
}

// TestACLRuleEgress checks the direction of an aws_network_acl_rule: the
// plan's egress when known, false (the provider default) when absent,
// unknown when the plan does not know it, never ingress by mistake.
func TestACLRuleEgress(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(after, unknown map[string]any)
		want   string
	}{
		{"known false", func(map[string]any, map[string]any) {}, "false"},
		{"known true", func(after, _ map[string]any) { after["egress"] = true }, "true"},
		{"absent", func(after, _ map[string]any) { delete(after, "egress") }, "default false"},
		{"unknown", func(after, unknown map[string]any) { delete(after, "egress"); unknown["egress"] = true }, "unknown: "},
	}
	// The configuration's egress = false would decide an unknown plan
	// value; an expression beanlint cannot follow leaves it undecided.
	unfollowable := func(plan map[string]any) {
		for _, r := range asList(obj(plan, "configuration", "root_module")["resources"]) {
			if r := obj(r); r["address"] == "aws_network_acl_rule.in_ephemeral" {
				obj(r, "expressions")["egress"] = map[string]any{"references": []any{"data.external.direction.result"}}
			}
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := buildMutated(t, "split", func(plan map[string]any) {
				unfollowable(plan)
				for _, rc := range asList(plan["resource_changes"]) {
					if rc := obj(rc); rc["address"] == "aws_network_acl_rule.in_ephemeral" {
						tc.mutate(obj(rc, "change", "after"), obj(rc, "change", "after_unknown"))
					}
				}
			})
			var got []string
			for _, e := range node[*parsers.NetworkACL](b, "aws_network_acl.private").Entries {
				if e.Name == "aws_network_acl_rule.in_ephemeral" {
					got = append(got, b.show(e.Egress))
				}
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tc.want) {
				t.Errorf("Egress of aws_network_acl_rule.in_ephemeral = %q, want one starting %q", got, tc.want)
			}
		})
	}
}

func TestBuildUpdate(t *testing.T) {
	b := build(t, "update", false)
	vpc := node[*parsers.VPC](b, "aws_vpc.main")
	runChecks(t, b, []valueCheck{
		{"known VPC ID", func(*built) parsers.Value { return vpc.PhysicalID }, "vpc-0e4a1b2c3d4e50001", ""},
		{"main table ID", func(*built) parsers.Value { return node[*parsers.RouteTable](b, "aws_vpc.main#main").PhysicalID }, "rtb-0e4a1b2c3d4e5main", ""},
		{"known reference", func(*built) parsers.Value { return node[*parsers.Subnet](b, "aws_subnet.a").VPC }, "vpc-0e4a1b2c3d4e50001", ""},
		{"replacement keeps the new object", func(*built) parsers.Value { return node[*parsers.Subnet](b, "aws_subnet.b").CIDR }, "10.4.3.0/24", ""},
		{"replacement has no ID yet", func(*built) parsers.Value { return node[*parsers.Subnet](b, "aws_subnet.b").PhysicalID }, "absent", ""},
	})
	if b.g.Node(b.plan+"#aws_security_group.old") != nil {
		t.Error("a destroyed resource is in the graph")
	}
	rts := node[*parsers.VPCEndpoint](b, "aws_vpc_endpoint.s3").RouteTables
	if n, ok := b.g.Lookup(rts[0]); len(rts) != 1 || !ok || n.Base().Key != b.plan+"#aws_vpc.main#main" {
		t.Errorf("endpoint route tables %s do not find the VPC's main table", b.showList(rts))
	}
}

func TestBuildDataSources(t *testing.T) {
	b := build(t, "data_sources", true)
	vpc := node[*parsers.VPC](b, "data.aws_vpc.main")
	ep := func(addr string) *parsers.VPCEndpoint { return node[*parsers.VPCEndpoint](b, addr) }
	env := node[*parsers.Environment](b, "aws_elastic_beanstalk_environment.web")
	runChecks(t, b, []valueCheck{
		{"data VPC ID", func(*built) parsers.Value { return vpc.PhysicalID }, "vpc-0a1b2c3d4e5f60001", "main.tf:17:1"},
		{"data VPC hostnames", func(*built) parsers.Value { return vpc.EnableDNSHostnames }, "true", ""},
		{"data VPC main table", func(*built) parsers.Value { return vpc.MainRouteTable }, "rtb-0a1b2c3d4e5f6main", ""},
		{"data VPC default group from the default group data source", func(*built) parsers.Value { return vpc.DefaultSecurityGroup }, "ref data.aws_security_group.default", ""},
		{"data subnet route table from the route table's associations", func(*built) parsers.Value { return list(node[*parsers.Subnet](b, "data.aws_subnet.a").RouteTables) }, "[ref data.aws_route_table.a]", ""},
		{"data subnet network ACL is not in the plan", func(*built) parsers.Value { return list(node[*parsers.Subnet](b, "data.aws_subnet.a").NetworkACLs) },
			"[unknown: the network ACL of data.aws_subnet.a (a subnet that exists outside the plan) is not in the plan]", ""},
		{"association folded into a data endpoint by ID", func(*built) parsers.Value { return list(ep("data.aws_vpc_endpoint.s3").RouteTables) }, "[rtb-0a1b2c3d4e5f6main, rtb-0a1b2c3d4e5f60001]", ""},
		{"policy document read at plan time", func(*built) parsers.Value {
			return ep("aws_vpc_endpoint.sqs").Policy.Get("Statement").Items()[0].Get("Action")
		}, "sqs:*", ""},
		{"policy document deferred to apply, read from the .tf source", func(*built) parsers.Value {
			return ep("aws_vpc_endpoint.logs").Policy.Get("Statement").Items()[0].Get("Action")
		}, "[logs:*]", "main.tf:61:1"},
		{"a value of the document known only after apply", func(*built) parsers.Value {
			return ep("aws_vpc_endpoint.logs").Policy.Get("Statement").Items()[0].Get("Resource")
		}, "[unknown: data.aws_iam_policy_document.logs.json is known only after apply: it comes from aws_cloudwatch_log_group.app.arn]", ""},
		{"IDs read by data sources", func(*built) parsers.Value { return list(ep("aws_vpc_endpoint.sqs").Subnets) }, "[subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]", ""},
		{"setting from a data source", func(*built) parsers.Value { return setting(env, "Subnets") }, "subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002", ""},
	})
	routes := node[*parsers.RouteTable](b, "data.aws_route_table.a").Routes
	if len(routes) != 2 || routes[1].TargetKind != parsers.TargetNATGateway || routes[1].Target.Str != "nat-0a1b2c3d4e5f60001" {
		t.Errorf("data route table routes = %+v, want local and the NAT route", routes)
	}
}

// TestPlanLocations: without .tf source, nodes point at their object in the
// plan JSON, columns in code points, EndCol just after the closing brace.
func TestPlanLocations(t *testing.T) {
	b := build(t, "new_infra", false)
	data, err := os.ReadFile(b.plan)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for _, addr := range []string{"aws_vpc.main", `aws_subnet.endpoints["b"]`, "aws_elastic_beanstalk_environment.web"} {
		loc := b.g.Node(b.plan + "#" + addr).Base().Loc
		if loc.File != b.plan || loc.StartLine < 1 || loc.EndLine < loc.StartLine {
			t.Fatalf("%s at %+v", addr, loc)
		}
		start := []rune(lines[loc.StartLine-1])[loc.StartCol-1:]
		if want := `{"address":` + strconv.Quote(addr); !strings.HasPrefix(string(start), want) {
			t.Errorf("%s starts at %.40q, want %q", addr, string(start), want)
		}
		end := []rune(lines[loc.EndLine-1])
		if loc.EndCol < 2 || end[loc.EndCol-2] != '}' {
			t.Errorf("%s: EndCol %d is not just after a closing brace", addr, loc.EndCol)
		}
	}
	// Values are placed on their resource.
	env := node[*parsers.Environment](b, "aws_elastic_beanstalk_environment.web")
	if setting(env, "VPCId").Loc != env.Loc {
		t.Errorf("setting located at %v, want the resource %v", setting(env, "VPCId").Loc, env.Loc)
	}
}

// TestBuildDeterministic: building twice gives identical graphs, and the
// plan and .tf files are recorded with their formats.
func TestBuildDeterministic(t *testing.T) {
	a, b := build(t, "modules", true), build(t, "modules", true)
	if !reflect.DeepEqual(a.g.Subnets, b.g.Subnets) || !reflect.DeepEqual(a.g.Environments, b.g.Environments) || !reflect.DeepEqual(a.g.Endpoints, b.g.Endpoints) {
		t.Error("two builds of the same plan differ")
	}
	var formats []string
	for _, f := range a.g.Files {
		formats = append(formats, filepath.Base(f.Path)+" "+f.Format)
	}
	want := []string{"main.tf terraform-source", "main.tf terraform-source", "main.tf terraform-source", "main.tf terraform-source", "plan.json terraform-plan"}
	if !reflect.DeepEqual(formats, want) {
		t.Errorf("files = %q, want %q", formats, want)
	}
}

// TestHostedZone reads a private hosted zone's name, its vpc blocks and an
// aws_route53_zone_association (the rules' hub-service case).
func TestHostedZone(t *testing.T) {
	b := build(t, "../../rules/central/note_logs_zone_association.tf", false)
	hz := node[*parsers.HostedZone](b, "aws_route53_zone.logs_hub")
	if got := b.show(hz.ZoneName); got != "logs.us-east-1.amazonaws.com" {
		t.Errorf("name = %s", got)
	}
	if got := b.showList(hz.VPCs); got != "[ref aws_vpc.hub, ref aws_vpc.main]" {
		t.Errorf("VPCs = %s", got)
	}
}

// TestSameIdentity checks that sameIdentity tells values apart exactly as
// their identity texts do: every reference whose target and attribute are
// short texts of "a" and NUL bytes, literals (secret or not) and unknowns.
func TestSameIdentity(t *testing.T) {
	texts := []string{""}
	for n := 1; n <= 3; n++ {
		for bits := 0; bits < 1<<n; bits++ {
			b := make([]byte, n)
			for i := range b {
				b[i] = 'a'
				if bits&(1<<i) != 0 {
					b[i] = 0
				}
			}
			texts = append(texts, string(b))
		}
	}
	var values []parsers.Value
	for _, target := range texts {
		for _, attr := range texts {
			values = append(values, parsers.RefTo(target, attr, parsers.Location{}))
		}
		lit := parsers.Lit(target, parsers.Location{})
		secret := lit
		secret.Secret = true
		values = append(values, lit, secret, parsers.UnknownValue(target, parsers.Location{}))
	}
	values = append(values, parsers.Value{}, parsers.Value{Kind: parsers.List})
	for _, a := range values {
		if got, want := hasIdentity(a), identity(a) != ""; got != want {
			t.Errorf("hasIdentity(%#v) = %v, want %v", a, got, want)
		}
		for _, b := range values {
			if identity(a) == "" || identity(b) == "" {
				continue
			}
			if got, want := sameIdentity(a, b), identity(a) == identity(b); got != want {
				t.Errorf("sameIdentity(%q, %q) = %v, want %v", identity(a), identity(b), got, want)
			}
		}
	}
}
