package cloudformation

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

const dir = "../../testdata/cloudformation/parser"

// buildFiles parses and builds testdata templates into one graph.
func buildFiles(t *testing.T, opts Options, names ...string) *parsers.Graph {
	t.Helper()
	var ts []*Template
	for _, name := range names {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tmpl, err := Parse(name, data)
		if err != nil {
			t.Fatalf("Parse(%s): %v", name, err)
		}
		ts = append(ts, tmpl)
	}
	g := parsers.NewGraph()
	if errs := Build(g, ts, opts); len(errs) > 0 {
		t.Fatalf("Build: %v", errs)
	}
	g.Sort()
	return g
}

// node returns the node with key, failing the test if it is not a T.
func nodeAs[T parsers.Node](t *testing.T, g *parsers.Graph, key string) T {
	t.Helper()
	n, ok := g.Node(key).(T)
	if !ok {
		t.Fatalf("node %s: got %T", key, g.Node(key))
	}
	return n
}

// at renders a value with its start position: "lit(x)@12:5".
func at(v parsers.Value) string {
	if v.Loc.StartLine == 0 {
		return render(v)
	}
	return render(v) + "@" + itoa(int(v.Loc.StartLine)) + ":" + itoa(int(v.Loc.StartCol))
}

func itoa(i int) string { return strconv.Itoa(i) }

func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func TestBuildNetwork(t *testing.T) {
	g := buildFiles(t, Options{}, "network.yaml")
	const f = "network.yaml#"

	t.Run("vpc defaults and folded CIDR", func(t *testing.T) {
		vpc := nodeAs[*parsers.VPC](t, g, f+"Vpc")
		check(t, "Loc", vpc.Loc.String(), "network.yaml:19:3")
		check(t, "CIDRs", at(parsers.Value{Kind: parsers.List}.WithItems(vpc.CIDRs)), "[lit(10.0.0.0/16), lit(10.1.0.0/16)]")
		check(t, "CIDR[1]", at(vpc.CIDRs[1]), "lit(10.1.0.0/16)@28:18")
		check(t, "EnableDNSSupport", at(vpc.EnableDNSSupport), "lit(true)@19:3")
		if !vpc.EnableDNSSupport.Default {
			t.Error("EnableDNSSupport: want an applied default")
		}
		check(t, "EnableDNSHostnames", at(vpc.EnableDNSHostnames), "lit(true)@23:27")
		if vpc.EnableDNSHostnames.Default {
			t.Error("EnableDNSHostnames is declared: not a default")
		}
		check(t, "MainRouteTable", render(vpc.MainRouteTable), "ref("+f+"Vpc#main)")
		check(t, "DefaultSecurityGroup", render(vpc.DefaultSecurityGroup), "ref("+f+"Vpc#default-sg)")
		check(t, "DefaultNetworkACL", render(vpc.DefaultNetworkACL), "ref("+f+"Vpc#default-acl)")
	})

	t.Run("synthetic main table, default SG and ACL", func(t *testing.T) {
		main := nodeAs[*parsers.RouteTable](t, g, f+"Vpc#main")
		if !main.Synthetic || len(main.Routes) != 2 {
			t.Fatalf("main table: synthetic=%v routes=%d, want a synthetic table with local routes only", main.Synthetic, len(main.Routes))
		}
		for i, cidr := range []string{"10.0.0.0/16", "10.1.0.0/16"} {
			r := main.Routes[i]
			check(t, "main route", string(r.TargetKind)+" "+render(r.DestinationCIDR), "local lit("+cidr+")")
		}
		sg := nodeAs[*parsers.SecurityGroup](t, g, f+"Vpc#default-sg")
		if !sg.IsDefault || len(sg.Ingress) != 1 || len(sg.Egress) != 1 {
			t.Fatalf("default SG = %+v", sg)
		}
		check(t, "default SG ingress peer", render(sg.Ingress[0].Peer.SecurityGroup), "ref("+f+"Vpc#default-sg)")
		check(t, "default SG egress", render(sg.Egress[0].Protocol)+" "+render(sg.Egress[0].Peer.CIDR), "lit(-1) lit(0.0.0.0/0)")
		acl := nodeAs[*parsers.NetworkACL](t, g, f+"Vpc#default-acl")
		if !acl.IsDefault || len(acl.Entries) != 2 || render(acl.Entries[0].Allow) != "lit(allow)" {
			t.Fatalf("default ACL = %+v", acl)
		}
		n, ok := g.Lookup(parsers.RefTo(f+"Vpc", "DefaultSecurityGroup", parsers.Location{}))
		if !ok || n.Base().Key != f+"Vpc#default-sg" {
			t.Errorf("Lookup(Vpc.DefaultSecurityGroup) = %v", n)
		}
	})

	t.Run("subnets", func(t *testing.T) {
		a := nodeAs[*parsers.Subnet](t, g, f+"PrivateA")
		check(t, "VPC", at(a.VPC), "ref("+f+"Vpc)@32:14")
		check(t, "CIDR", at(a.CIDR), "lit(10.0.0.0/24)@33:18")
		check(t, "AZ", render(a.AvailabilityZone), "unknown")
		if a.AZIndex != 1 || !strings.Contains(a.AvailabilityZone.Reason(), "Fn::GetAZs index 1") {
			t.Errorf("AZIndex = %d, reason %q", a.AZIndex, a.AvailabilityZone.Reason())
		}
		check(t, "MapPublicIPOnLaunch", at(a.MapPublicIPOnLaunch), "lit(false)@29:3")
		check(t, "RouteTables", render(parsers.Value{Kind: parsers.List}.WithItems(a.RouteTables)), "[ref("+f+"PrivateRT)]")
		check(t, "NetworkACLs", render(parsers.Value{Kind: parsers.List}.WithItems(a.NetworkACLs)), "[ref("+f+"Acl)]")
		pub := nodeAs[*parsers.Subnet](t, g, f+"PublicA")
		check(t, "public AZ", render(pub.AvailabilityZone), "lit(eu-west-1a)")
		check(t, "public MapPublicIPOnLaunch", at(pub.MapPublicIPOnLaunch), "lit(true)@41:28")
		if pub.AZIndex != -1 {
			t.Errorf("public subnet AZIndex=%d", pub.AZIndex)
		}
		// An association under an undecided condition is a choice
		// between the table and no association.
		check(t, "conditional association", renderAll(pub.RouteTables), "choice(HasNat: ref("+f+"PrivateRT) | absent)")
	})

	t.Run("gateways", func(t *testing.T) {
		igw := nodeAs[*parsers.Gateway](t, g, f+"Igw")
		check(t, "igw", string(igw.Kind)+" "+render(parsers.Value{Kind: parsers.List}.WithItems(igw.VPCs)), "internet [ref("+f+"Vpc)]")
		vgw := nodeAs[*parsers.Gateway](t, g, f+"Vgw")
		check(t, "vgw", string(vgw.Kind)+" "+render(parsers.Value{Kind: parsers.List}.WithItems(vgw.VPCs)), "vpn [ref("+f+"Vpc)]")
		nat := nodeAs[*parsers.Gateway](t, g, f+"Nat")
		check(t, "nat", string(nat.Kind)+" "+render(nat.Subnet)+" "+at(nat.Private)+" "+nat.Condition, "nat ref("+f+"PublicA) lit(true)@63:25 HasNat")
	})

	t.Run("routes folded into their tables", func(t *testing.T) {
		pub := nodeAs[*parsers.RouteTable](t, g, f+"PublicRT")
		var got []string
		for _, r := range pub.Routes {
			got = append(got, r.Name+" "+string(r.TargetKind)+" "+render(r.DestinationCIDR)+" "+render(r.Target)+" "+r.Loc.String())
		}
		check(t, "public routes", strings.Join(got, "; "), " local lit(10.0.0.0/16) lit(local) network.yaml:68:3;  local lit(10.1.0.0/16) lit(local) network.yaml:68:3; "+
			"PublicDefault internet-gateway lit(0.0.0.0/0) ref("+f+"Igw) network.yaml:72:3")
		priv := nodeAs[*parsers.RouteTable](t, g, f+"PrivateRT")
		got = nil
		for _, r := range priv.Routes {
			if r.TargetKind != parsers.TargetLocal {
				got = append(got, r.Name+" ["+r.Condition+"] "+string(r.TargetKind)+" "+render(r.Target))
			}
		}
		check(t, "private routes", strings.Join(got, "; "),
			"PrivateDefault [HasNat] nat-gateway ref("+f+"Nat); PrivateDefault [!HasNat] vpn-gateway ref("+f+"Vgw); OnPrem [] vpn-gateway lit(vgw-0123)")
		check(t, "propagation", render(parsers.Value{Kind: parsers.List}.WithItems(priv.PropagatingVGWs)), "[ref("+f+"Vgw)]")
	})

	t.Run("condition decided false leaves the resource out", func(t *testing.T) {
		if n := g.Node(f + "TestOnly"); n != nil {
			t.Errorf("TestOnly (condition IsTest is false) is in the graph")
		}
		if n := g.Node(f + "Topic"); n != nil {
			t.Errorf("AWS::SNS::Topic should not be a graph node")
		}
	})

	t.Run("network ACL entries", func(t *testing.T) {
		acl := nodeAs[*parsers.NetworkACL](t, g, f+"Acl")
		if len(acl.Entries) != 2 {
			t.Fatalf("entries = %d", len(acl.Entries))
		}
		in, out := acl.Entries[0], acl.Entries[1]
		check(t, "ingress", strings.Join([]string{in.Name, render(in.RuleNumber), render(in.Protocol), at(in.Allow), render(in.CIDR), at(in.FromPort), at(in.ToPort)}, " "),
			"AclIn443 lit(100) lit(6) lit(allow)@118:19 lit(10.0.0.0/16) lit(443)@120:25 lit(443)@120:34")
		check(t, "ingress Egress (absent: the AWS default)", at(in.Egress), "lit(false)@112:3")
		if !in.Egress.Default {
			t.Error("ingress Egress is not marked as the AWS default")
		}
		check(t, "egress Egress", at(out.Egress), "lit(true)@128:15")
		check(t, "egress protocol", render(out.Protocol), "lit(-1)")
	})

	t.Run("security groups", func(t *testing.T) {
		app := nodeAs[*parsers.SecurityGroup](t, g, f+"AppSG")
		if app.DefaultEgress {
			t.Error("AppSG has an egress resource: no default egress")
		}
		check(t, "AppSG egress", app.Egress[0].Name+" "+render(app.Egress[0].Peer.SecurityGroup)+" "+app.Egress[0].Loc.String(), "AppToEndpoints ref("+f+"EndpointSG) network.yaml:166:3")
		check(t, "AppSG ingress", render(app.Ingress[0].Peer.PrefixList)+" "+render(app.Ingress[0].FromPort), "lit(pl-1234) lit(80)")
		check(t, "AppSG ignore", suppressions(app.Ignore), "EB301@140:13 EB302(egress checked elsewhere)@141:13")
		ep := nodeAs[*parsers.SecurityGroup](t, g, f+"EndpointSG")
		if len(ep.Ingress) != 2 {
			t.Fatalf("EndpointSG ingress = %d rules, want 2 (IsProd is true, so the Fn::If rule is kept)", len(ep.Ingress))
		}
		check(t, "EndpointSG ingress 0", at(ep.Ingress[0].FromPort)+" "+render(ep.Ingress[0].Peer.SecurityGroup)+" "+ep.Ingress[0].Loc.String(), "lit(443)@153:21 ref("+f+"AppSG) network.yaml:152:11")
		check(t, "EndpointSG ingress 1", render(ep.Ingress[1].Peer.CIDR)+" ["+ep.Ingress[1].Condition+"] "+ep.Ingress[1].Loc.String(), "lit(10.0.0.0/16) [] network.yaml:158:13")
		if ep.DefaultEgress || len(ep.Egress) != 1 {
			t.Errorf("EndpointSG: DefaultEgress=%v egress=%d", ep.DefaultEgress, len(ep.Egress))
		}
		plain := nodeAs[*parsers.SecurityGroup](t, g, f+"PlainSG")
		if !plain.DefaultEgress || len(plain.Egress) != 0 {
			t.Errorf("PlainSG: DefaultEgress=%v, want true", plain.DefaultEgress)
		}
	})

	t.Run("endpoints", func(t *testing.T) {
		s3 := nodeAs[*parsers.VPCEndpoint](t, g, f+"S3Endpoint")
		check(t, "S3 service", render(s3.ServiceName), "concat(lit(com.amazonaws.), ref(AWS::Region), lit(.s3))")
		check(t, "S3 type", at(s3.Type), "lit(Gateway)@187:3")
		check(t, "S3 private DNS", at(s3.PrivateDNS), "lit(false)@187:3")
		if !s3.Type.Default || !s3.PrivateDNS.Default {
			t.Error("absent VpcEndpointType/PrivateDnsEnabled must be defaults")
		}
		check(t, "S3 route tables", render(parsers.Value{Kind: parsers.List}.WithItems(s3.RouteTables)), "[ref("+f+"PrivateRT)]")
		check(t, "S3 policy", render(s3.Policy), "{Statement: [{Effect: lit(Allow), Principal: lit(*), Action: lit(s3:GetObject), Resource: lit(arn:aws:s3:::x/*)}]}")
		logs := nodeAs[*parsers.VPCEndpoint](t, g, f+"LogsEndpoint")
		check(t, "logs", strings.Join([]string{render(logs.ServiceName), at(logs.Type), at(logs.PrivateDNS),
			render(parsers.Value{Kind: parsers.List}.WithItems(logs.Subnets)), render(parsers.Value{Kind: parsers.List}.WithItems(logs.SecurityGroups))}, " "),
			"concat(lit(com.amazonaws.), ref(AWS::Region), lit(.logs)) lit(Interface)@199:24 lit(true)@200:26 [ref("+f+"PrivateA)] [ref("+f+"EndpointSG)]")
		check(t, "logs policy", render(logs.Policy), "{Statement: [{Effect: lit(Allow), Principal: lit(*), Action: lit(*), Resource: lit(*)}]}")
	})

	t.Run("template-level suppressions", func(t *testing.T) {
		if len(g.Files) != 1 || g.Files[0].Format != FormatYAML {
			t.Fatalf("files = %+v", g.Files)
		}
		check(t, "file ignore", suppressions(g.Files[0].Ignore), "EB203@6:9")
	})
}

func suppressions(s []parsers.Suppression) string {
	var out []string
	for _, x := range s {
		item := x.RuleID
		if x.Reason != "" {
			item += "(" + x.Reason + ")"
		}
		out = append(out, item+"@"+itoa(int(x.Loc.StartLine))+":"+itoa(int(x.Loc.StartCol)))
	}
	return strings.Join(out, " ")
}

// buildSource parses and builds templates given as path → source.
func buildSource(t *testing.T, opts Options, srcs ...[2]string) (*parsers.Graph, []*parsers.ParseError) {
	t.Helper()
	var ts []*Template
	for _, src := range srcs {
		tmpl, err := Parse(src[0], []byte(src[1]))
		if err != nil {
			t.Fatalf("Parse(%s): %v", src[0], err)
		}
		ts = append(ts, tmpl)
	}
	g := parsers.NewGraph()
	errs := Build(g, ts, opts)
	g.Sort()
	return g, errs
}

// TestRouteTargets: each target property gives its kind; GatewayId is told
// apart by the node it references or the ID prefix.
func TestRouteTargets(t *testing.T) {
	tests := []struct {
		target string
		want   string
	}{
		{"GatewayId: !Ref Igw", "internet-gateway ref(r.yaml#Igw)"},
		{"GatewayId: !Ref Vgw", "vpn-gateway ref(r.yaml#Vgw)"},
		{"GatewayId: igw-0abc", "internet-gateway lit(igw-0abc)"},
		{"GatewayId: vgw-0abc", "vpn-gateway lit(vgw-0abc)"},
		{"GatewayId: local", "local lit(local)"},
		{"GatewayId: !ImportValue shared-gw", "gateway unknown"},
		{"NatGatewayId: nat-1", "nat-gateway lit(nat-1)"},
		{"InstanceId: i-1", "instance lit(i-1)"},
		{"NetworkInterfaceId: eni-1", "network-interface lit(eni-1)"},
		{"TransitGatewayId: !Ref Tgw", "transit-gateway ref(r.yaml#Tgw)"},
		{"VpcPeeringConnectionId: pcx-1", "vpc-peering lit(pcx-1)"},
		{"EgressOnlyInternetGatewayId: !Ref Eigw", "egress-only-internet-gateway ref(r.yaml#Eigw)"},
		{"VpcEndpointId: vpce-1", "vpc-endpoint lit(vpce-1)"},
		{"CarrierGatewayId: !Ref Cgw", "carrier-gateway ref(r.yaml#Cgw)"},
		{"LocalGatewayId: lgw-1", "local-gateway lit(lgw-1)"},
		{"CoreNetworkArn: arn:aws:networkmanager::1:core-network/x", "core-network lit(arn:aws:networkmanager::1:core-network/x)"},
	}
	const src = `Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Igw: {Type: AWS::EC2::InternetGateway}
  Vgw: {Type: AWS::EC2::VPNGateway, Properties: {Type: ipsec.1}}
  Tgw: {Type: AWS::EC2::TransitGateway}
  TgwAttach: {Type: AWS::EC2::TransitGatewayAttachment, Properties: {TransitGatewayId: !Ref Tgw, VpcId: !Ref Vpc, SubnetIds: []}}
  Eigw: {Type: AWS::EC2::EgressOnlyInternetGateway, Properties: {VpcId: !Ref Vpc}}
  Cgw: {Type: AWS::EC2::CarrierGateway, Properties: {VpcId: !Ref Vpc}}
  Table: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  Route:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationCidrBlock: 0.0.0.0/0
      %s
`
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			g, errs := buildSource(t, Options{}, [2]string{"r.yaml", strings.Replace(src, "%s", tc.target, 1)})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			rt := nodeAs[*parsers.RouteTable](t, g, "r.yaml#Table")
			if len(rt.Routes) != 2 {
				t.Fatalf("routes = %d, want the local route and Route", len(rt.Routes))
			}
			r := rt.Routes[1]
			check(t, "route", string(r.TargetKind)+" "+render(r.Target), tc.want)
			check(t, "route loc", r.Name+" "+r.Loc.String(), "Route r.yaml:10:3")
		})
	}
	g, _ := buildSource(t, Options{}, [2]string{"r.yaml", strings.Replace(src, "%s", "GatewayId: !Ref Igw", 1)})
	kinds := map[string]string{}
	for _, gw := range g.Gateways {
		kinds[gw.Name] = string(gw.Kind) + " " + renderAll(gw.VPCs)
	}
	for name, want := range map[string]string{"Tgw": "transit ref(r.yaml#Vpc)", "Eigw": "egress-only-internet ref(r.yaml#Vpc)", "Cgw": "carrier ref(r.yaml#Vpc)", "Igw": "internet "} {
		check(t, name, kinds[name], want)
	}
}

// TestACLEntryEgress checks a network ACL entry's direction: false (the AWS
// default) when Egress is absent, the literal when given, unknown when a
// parameter without a value decides it, never ingress by mistake.
func TestACLEntryEgress(t *testing.T) {
	tests := []struct {
		egress, want string
	}{
		{"", "lit(false) default"},
		{"Egress: true", "lit(true)"},
		{"Egress: false", "lit(false)"},
		{"Egress: !Ref Direction", "unknown"},
	}
	const src = `Parameters:
  Direction: {Type: String, AllowedValues: ["true", "false"]}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Acl: {Type: AWS::EC2::NetworkAcl, Properties: {VpcId: !Ref Vpc}}
  Entry:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref Acl
      RuleNumber: 100
      Protocol: -1
      RuleAction: allow
      CidrBlock: 0.0.0.0/0
      %s
`
	for _, tc := range tests {
		t.Run(tc.want+" "+tc.egress, func(t *testing.T) {
			g, errs := buildSource(t, Options{}, [2]string{"r.yaml", strings.Replace(src, "%s", tc.egress, 1)})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			acl := nodeAs[*parsers.NetworkACL](t, g, "r.yaml#Acl")
			if len(acl.Entries) != 1 {
				t.Fatalf("entries = %d, want 1", len(acl.Entries))
			}
			got := render(acl.Entries[0].Egress)
			if acl.Entries[0].Egress.Default {
				got += " default"
			}
			check(t, "Egress", got, tc.want)
		})
	}
}

// TestCrossImportCycle: templates that import from each other in a circle
// give unknown values, not a hang.
func TestCrossImportCycle(t *testing.T) {
	a := `Resources:
  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !ImportValue b-vpc}}
Outputs:
  O: {Value: !ImportValue b-vpc, Export: {Name: a-vpc}}
`
	b := `Resources:
  T: {Type: AWS::SNS::Topic}
Outputs:
  O: {Value: !ImportValue a-vpc, Export: {Name: b-vpc}}
`
	g, errs := buildSource(t, Options{}, [2]string{"a.yaml", a}, [2]string{"b.yaml", b})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	sub := nodeAs[*parsers.Subnet](t, g, "a.yaml#Sub")
	if sub.VPC.Kind != parsers.Unknown || !strings.Contains(sub.VPC.Reason(), "circular import") {
		t.Errorf("VPC = %s (%s), want unknown: circular import", render(sub.VPC), sub.VPC.Reason())
	}
}

// TestConditionalExport: an export whose output's condition is false does
// not exist; two templates exporting one name are ambiguous.
func TestConditionalExport(t *testing.T) {
	net := `Parameters:
  Make: {Type: String, Default: "no"}
Conditions:
  Yes: !Equals [!Ref Make, "yes"]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
Outputs:
  O: {Condition: Yes, Value: !Ref Vpc, Export: {Name: vpc}}
  P: {Value: !Ref Vpc, Export: {Name: dup}}
`
	other := `Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}
Outputs:
  P: {Value: !Ref Vpc, Export: {Name: dup}}
`
	app := `Resources:
  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: !ImportValue vpc}}
  B: {Type: AWS::EC2::Subnet, Properties: {VpcId: !ImportValue dup}}
`
	g, _ := buildSource(t, Options{}, [2]string{"net.yaml", net}, [2]string{"other.yaml", other}, [2]string{"app.yaml", app})
	check(t, "conditional export", nodeAs[*parsers.Subnet](t, g, "app.yaml#A").VPC.Reason(), "Fn::ImportValue vpc: no linted template exports it; lint the network template together with this one")
	check(t, "duplicate export", nodeAs[*parsers.Subnet](t, g, "app.yaml#B").VPC.Reason(), "Fn::ImportValue dup: exported by several linted templates (net.yaml, other.yaml)")
	g, _ = buildSource(t, Options{Parameters: map[string]string{"Make": "yes"}}, [2]string{"net.yaml", net}, [2]string{"app.yaml", app})
	check(t, "export with condition true", render(nodeAs[*parsers.Subnet](t, g, "app.yaml#A").VPC), "ref(net.yaml#Vpc)")
}

// TestConditionBlowUp: conditions that reuse each other many times and
// deeply nested Fn::If stay cheap (evaluation is memoized; Choice values
// follow the template's own nesting).
func TestConditionBlowUp(t *testing.T) {
	var b strings.Builder
	b.WriteString("Parameters:\n  P: {Type: String}\nConditions:\n  C0: !Equals [!Ref P, x]\n")
	for i := 1; i <= 60; i++ {
		b.WriteString("  C" + itoa(i) + ": !Or [!Condition C" + itoa(i-1) + ", !And [!Condition C" + itoa(i-1) + ", !Not [!Condition C" + itoa(i-1) + "]]]\n")
	}
	expr := "leaf"
	for i := 0; i < 60; i++ {
		expr = "!If [C" + itoa(i) + ", a" + itoa(i) + ", [" + expr + "]]"
	}
	b.WriteString("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Condition: C60\n    Properties:\n      CidrBlock: " + expr + "\n")
	g, errs := buildSource(t, Options{}, [2]string{"c.yaml", b.String()})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	vpc := nodeAs[*parsers.VPC](t, g, "c.yaml#Vpc")
	check(t, "condition", vpc.Condition, "C60")
	if vpc.CIDRs[0].Kind != parsers.Choice {
		t.Errorf("CIDR = %s, want a choice", render(vpc.CIDRs[0]))
	}
}

// TestImportStackNamedExport: an export named after its own stack matches
// an import that names the stack.
func TestImportStackNamedExport(t *testing.T) {
	net := `Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
Outputs:
  V: {Value: !Ref Vpc, Export: {Name: !Sub "${AWS::StackName}-VpcID"}}
`
	app := `Parameters:
  NetworkStackName: {Type: String}
Resources:
  S: {Type: AWS::EC2::Subnet, Properties: {VpcId: {"Fn::ImportValue": !Sub "${NetworkStackName}-VpcID"}}}
  T: {Type: AWS::EC2::Subnet, Properties: {VpcId: !ImportValue other-VpcID.x}}
`
	tests := []struct {
		params map[string]string
		want   string
		reason string
	}{
		{map[string]string{"NetworkStackName": "net-prod"}, "ref(net.yaml#Vpc)", ""},
		{nil, "unknown", `Fn::ImportValue: the export name is not known: "…-VpcID" (parameter NetworkStackName has no value: pass --parameter NetworkStackName=VALUE`},
	}
	for _, tc := range tests {
		g, _ := buildSource(t, Options{Parameters: tc.params}, [2]string{"net.yaml", net}, [2]string{"app.yaml", app})
		v := nodeAs[*parsers.Subnet](t, g, "app.yaml#S").VPC
		check(t, "VPC", render(v), tc.want)
		if !strings.Contains(v.Reason(), tc.reason) {
			t.Errorf("reason = %q, want %q", v.Reason(), tc.reason)
		}
		check(t, "non-matching import", render(nodeAs[*parsers.Subnet](t, g, "app.yaml#T").VPC), "unknown")
	}
}

// TestHostedZone reads a Route 53 hosted zone's name and the VPCs it is
// associated with.
func TestHostedZone(t *testing.T) {
	const src = `Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Zone:
    Type: AWS::Route53::HostedZone
    Properties:
      Name: !Sub logs.${AWS::Region}.amazonaws.com
      VPCs:
        - VPCId: !Ref Vpc
          VPCRegion: !Ref AWS::Region
        - VPCId: vpc-0123
          VPCRegion: us-east-1
`
	g, errs := buildSource(t, Options{}, [2]string{"z.yaml", src})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	hz := nodeAs[*parsers.HostedZone](t, g, "z.yaml#Zone")
	name, _ := hz.ZoneName.Text()
	check(t, "Name", name, "logs.${AWS::Region}.amazonaws.com")
	var vpcs []string
	for _, v := range hz.VPCs {
		vpcs = append(vpcs, render(v))
	}
	check(t, "VPCs", strings.Join(vpcs, " "), "ref(z.yaml#Vpc) lit(vpc-0123)")
}
