package query

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

func TestSameZoneFromTemplate(t *testing.T) {
	g := cfnGraph(t, `
Parameters:
  Zone: {Type: "AWS::EC2::AvailabilityZone::Name"}
  Index: {Type: String}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Sel0: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}}
  Sel0b: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: !Select [0, !GetAZs {Ref: "AWS::Region"}]}}
  Sel1: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.3.0/24, AvailabilityZone: {"Fn::Select": ["1", {"Fn::GetAZs": ""}]}}}
  SelParam: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.4.0/24, AvailabilityZone: !Select [!Ref Index, !GetAZs ""]}}
  NameA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.5.0/24, AvailabilityZone: eu-west-1a}}
  NameA2: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.6.0/24, AvailabilityZone: eu-west-1a}}
  NameB: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.7.0/24, AvailabilityZone: eu-west-1b}}
  Id1: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.8.0/24, AvailabilityZoneId: euw1-az1}}
  Id1b: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.9.0/24, AvailabilityZoneId: euw1-az1}}
  Id2: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.10.0/24, AvailabilityZoneId: euw1-az2}}
  FromParam: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.11.0/24, AvailabilityZone: !Ref Zone}}
  NoZone: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.12.0/24}}
`)
	cases := []struct {
		a, b   string
		want   Tri
		reason string
	}{
		{"Sel0", "Sel0b", Yes, ""},
		{"Sel0", "Sel1", No, ""},
		{"Sel0", "SelParam", Maybe, "parameter Index"},
		{"Sel0", "NameA", Maybe, "cannot be compared"},
		{"NameA", "NameA2", Yes, ""},
		{"NameA", "NameB", No, ""},
		{"Id1", "Id1b", Yes, ""},
		{"Id1", "Id2", No, ""},
		{"NameA", "Id1", Maybe, "cannot be compared"}, // a name and an ID never compare
		{"NameA", "FromParam", Maybe, "parameter"},
		{"NameA", "NoZone", Maybe, "AWS picks one"},
		{"NoZone", "NoZone", Yes, ""},
	}
	q := New(g)
	for _, c := range cases {
		t.Run(c.a+"-"+c.b, func(t *testing.T) {
			checkAnswer(t, q.SameZone(subnetNamed(t, g, c.a), subnetNamed(t, g, c.b)), c.want, c.reason)
		})
	}
}

func TestZoneFromPlan(t *testing.T) {
	g := planGraph(t, `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
     "values": {"vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "availability_zone": "us-east-1a"}},
    {"address": "aws_subnet.b", "mode": "managed", "type": "aws_subnet", "name": "b",
     "values": {"vpc_id": "vpc-1", "cidr_block": "10.0.2.0/24", "availability_zone_id": "use1-az1"}},
    {"address": "aws_subnet.c", "mode": "managed", "type": "aws_subnet", "name": "c",
     "values": {"vpc_id": "vpc-1", "cidr_block": "10.0.3.0/24", "availability_zone_id": "use1-az2"}},
    {"address": "aws_subnet.d", "mode": "managed", "type": "aws_subnet", "name": "d",
     "values": {"vpc_id": "vpc-1", "cidr_block": "10.0.4.0/24", "availability_zone": "us-east-1a"}}
  ]}}
}`)
	q := New(g)
	a, b, c, d := subnetNamed(t, g, "aws_subnet.a"), subnetNamed(t, g, "aws_subnet.b"), subnetNamed(t, g, "aws_subnet.c"), subnetNamed(t, g, "aws_subnet.d")
	if z := q.Zone(b); z.ID != "use1-az1" || z.Name != "" {
		t.Errorf("zone of b = %+v, want ID use1-az1 and no name", z)
	}
	checkAnswer(t, q.SameZone(a, d), Yes, "")
	checkAnswer(t, q.SameZone(b, c), No, "")
	checkAnswer(t, q.SameZone(a, b), Maybe, "cannot be compared")
	lo, hi, why := q.ZoneCount([]*parsers.Subnet{a, b, c, d})
	if lo != 2 || hi != 3 || !strings.Contains(strings.Join(why, ";"), "cannot be compared") {
		t.Errorf("ZoneCount = %d..%d (%v), want 2..3", lo, hi, why)
	}
	lo, hi, _ = q.ZoneCount([]*parsers.Subnet{a, d})
	if lo != 1 || hi != 1 {
		t.Errorf("ZoneCount(a, d) = %d..%d, want 1..1", lo, hi)
	}
}
