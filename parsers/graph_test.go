package parsers

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	g := NewGraph()
	vpc := &VPC{Resource: Resource{Key: "n.yaml#Vpc", Name: "Vpc"},
		DefaultSecurityGroup: RefTo("n.yaml#Vpc#default-sg", "", Location{})}
	sg := &SecurityGroup{Resource: Resource{Key: "n.yaml#Sg", Name: "Sg"}, VPC: RefTo("n.yaml#Vpc", "", Location{})}
	def := &SecurityGroup{Resource: Resource{Key: "n.yaml#Vpc#default-sg", Synthetic: true}, IsDefault: true}
	sub := &Subnet{Resource: Resource{Key: "n.yaml#Sub", PhysicalID: Lit("subnet-1", Location{})}}
	for _, n := range []Node{vpc, sg, def, sub} {
		if err := g.Add(n); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		v    Value
		want Node // nil: designates no node
	}{
		{"Ref", RefTo("n.yaml#Sg", "", Location{}), sg},
		{"GetAtt GroupId", RefTo("n.yaml#Sg", "GroupId", Location{}), sg},
		{"GetAtt VpcId of a group is its VPC", RefTo("n.yaml#Sg", "VpcId", Location{}), vpc},
		{"GetAtt VpcId of the VPC", RefTo("n.yaml#Vpc", "VpcId", Location{}), vpc},
		{"GetAtt DefaultSecurityGroup", RefTo("n.yaml#Vpc", "DefaultSecurityGroup", Location{}), def},
		{"Terraform default_security_group_id", RefTo("n.yaml#Vpc", "default_security_group_id", Location{}), def},
		{"an ARN is not the node", RefTo("n.yaml#Sg", "Arn", Location{}), nil},
		{"a CIDR is not the node", RefTo("n.yaml#Vpc", "CidrBlock", Location{}), nil},
		{"physical ID", Lit("subnet-1", Location{}), sub},
		{"unknown physical ID", Lit("subnet-2", Location{}), nil},
		{"missing key", RefTo("n.yaml#Nope", "", Location{}), nil},
		{"unknown value", UnknownValue("parameter", Location{}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := g.Lookup(tt.v)
			if ok != (tt.want != nil) || (ok && got != tt.want) {
				t.Errorf("Lookup = %v, %v; want %v", got, ok, tt.want)
			}
		})
	}
}

func TestLookupAs(t *testing.T) {
	g := NewGraph()
	sg := &SecurityGroup{Resource: Resource{Key: "n.yaml#Sg"}}
	if err := g.Add(sg); err != nil {
		t.Fatal(err)
	}
	ref := RefTo("n.yaml#Sg", "", Location{})
	if got, ok := LookupAs[*SecurityGroup](g, ref); !ok || got != sg {
		t.Errorf("LookupAs[*SecurityGroup] = %v, %v; want the group", got, ok)
	}
	if got, ok := LookupAs[*Subnet](g, ref); ok || got != nil {
		t.Errorf("LookupAs[*Subnet] of a security group = %v, %v; want nil, false", got, ok)
	}
	if got, ok := LookupAs[*SecurityGroup](g, RefTo("n.yaml#Nope", "", Location{})); ok || got != nil {
		t.Errorf("LookupAs of a missing key = %v, %v; want nil, false", got, ok)
	}
}

func TestGatewayIDTarget(t *testing.T) {
	tests := []struct {
		in   Value
		want RouteTarget
		ok   bool
	}{
		{Lit("local", Location{}), TargetLocal, true},
		{Lit(" igw-0abc ", Location{}), TargetInternetGateway, true},
		{Lit("vgw-0abc", Location{}), TargetVPNGateway, true},
		{Lit("tgw-0abc", Location{}), "", false},
		{RefTo("t.yaml#Igw", "", Location{}), "", false},
		{UnknownValue("parameter", Location{}), "", false},
	}
	for _, tt := range tests {
		if got, ok := GatewayIDTarget(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("GatewayIDTarget(%s) = %q, %v; want %q, %v", tt.in.Describe(), got, ok, tt.want, tt.ok)
		}
	}
}

// TestLookupAcrossInputs: a literal physical ID links within its own input
// first, and across inputs only to the one input that manages the ID;
// never between two inputs that both manage it.
func TestLookupAcrossInputs(t *testing.T) {
	g := NewGraph()
	for _, f := range []struct{ file, input string }{
		{"a/plan.json", "a/plan.json"}, {"a/main.tf", "a/plan.json"},
		{"b/plan.json", "b/plan.json"}, {"b/main.tf", "b/plan.json"},
		{"c/plan.json", "c/plan.json"}, {"c/main.tf", "c/plan.json"},
		{"d/plan.json", "d/plan.json"}, {"d/main.tf", "d/plan.json"},
		{"shared/mod.tf", "a/plan.json"}, {"shared/mod.tf", "b/plan.json"},
	} {
		g.AddInputFile(f.file, f.input)
	}
	id := func(s string) Value { return Lit(s, Location{}) }
	node := func(key, physical string, readOnly bool) *VPC {
		file := key[:strings.Index(key, "/")] + "/main.tf"
		return &VPC{Resource: Resource{Key: key, PhysicalID: id(physical), ReadOnly: readOnly, Loc: Location{File: file}}}
	}
	aVPC := node("a/plan.json#aws_vpc.main", "vpc-1", false) // a and b both manage vpc-1
	bVPC := node("b/plan.json#aws_vpc.main", "vpc-1", false)
	cRead := node("c/plan.json#data.aws_vpc.main", "vpc-2", true) // c reads what d manages
	dVPC := node("d/plan.json#aws_vpc.main", "vpc-2", false)
	aRead := node("a/plan.json#data.aws_vpc.other", "vpc-3", true) // only read, by a and c
	cRead3 := node("c/plan.json#data.aws_vpc.other", "vpc-3", true)
	for _, n := range []Node{aVPC, bVPC, cRead, dVPC, aRead, cRead3} {
		if err := g.Add(n); err != nil {
			t.Fatal(err)
		}
	}
	at := func(s, file string) Value { return Lit(s, Location{File: file}) }
	tests := []struct {
		name string
		v    Value
		want Node
	}{
		{"own managed node", at("vpc-1", "a/main.tf"), aVPC},
		{"own managed node of the other copy", at("vpc-1", "b/plan.json"), bVPC},
		{"managed by two other inputs", at("vpc-1", "c/main.tf"), nil},
		{"a file of two inputs, two managers", at("vpc-1", "shared/mod.tf"), nil},
		{"no input, two managers", id("vpc-1"), nil},
		{"read here, managed there", at("vpc-2", "c/main.tf"), dVPC},
		{"literal of a third input, one manager", at("vpc-2", "b/main.tf"), dVPC},
		{"own read node when nobody manages", at("vpc-3", "c/main.tf"), cRead3},
		{"read by others only", at("vpc-3", "d/main.tf"), aRead},
		{"no node", at("vpc-9", "a/main.tf"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := g.Lookup(tt.v)
			if ok != (tt.want != nil) || (ok && got != tt.want) {
				t.Errorf("Lookup = %v, %v; want %v", got, ok, tt.want)
			}
		})
	}
	g.RemoveFile("b/main.tf")
	if got, ok := g.Lookup(id("vpc-1")); !ok || got != aVPC {
		t.Errorf("after removing b's nodes, Lookup(vpc-1) = %v, %v; want a's VPC", got, ok)
	}
}
