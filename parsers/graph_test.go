package parsers

import "testing"

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
