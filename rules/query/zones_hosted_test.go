package query

import (
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

func TestServiceZones(t *testing.T) {
	vpc := &parsers.VPC{Resource: parsers.Resource{Key: "t#Vpc", Name: "Vpc"}}
	other := &parsers.VPC{Resource: parsers.Resource{Key: "t#Hub", Name: "Hub"}}
	tests := []struct {
		name, zone, svc, region string
		vpcs                    []parsers.Value
		want                    bool
	}{
		{"literal", "logs.us-east-1.amazonaws.com", "logs", "us-east-1", []parsers.Value{parsers.RefTo("t#Vpc", "", parsers.Location{})}, true},
		{"trailing dot and case", "Logs.US-EAST-1.amazonaws.com.", "logs", "us-east-1", []parsers.Value{parsers.RefTo("t#Vpc", "", parsers.Location{})}, true},
		{"symbolic region", "logs.${AWS::Region}.amazonaws.com", "logs", "eu-west-1", []parsers.Value{parsers.RefTo("t#Vpc", "", parsers.Location{})}, true},
		{"region unknown", "logs.eu-west-1.amazonaws.com", "logs", "", []parsers.Value{parsers.RefTo("t#Vpc", "", parsers.Location{})}, true},
		{"other region", "logs.eu-west-1.amazonaws.com", "logs", "us-east-1", []parsers.Value{parsers.RefTo("t#Vpc", "", parsers.Location{})}, false},
		{"parent zone", "amazonaws.com", "logs", "us-east-1", []parsers.Value{parsers.RefTo("t#Vpc", "", parsers.Location{})}, false},
		{"other service", "sqs.us-east-1.amazonaws.com", "logs", "us-east-1", []parsers.Value{parsers.RefTo("t#Vpc", "", parsers.Location{})}, false},
		{"longer service", "elasticbeanstalk-health.us-east-1.amazonaws.com", "elasticbeanstalk", "us-east-1", []parsers.Value{parsers.RefTo("t#Vpc", "", parsers.Location{})}, false},
		{"other vpc", "logs.us-east-1.amazonaws.com", "logs", "us-east-1", []parsers.Value{parsers.RefTo("t#Hub", "", parsers.Location{})}, false},
		{"no vpc (public zone)", "logs.us-east-1.amazonaws.com", "logs", "us-east-1", nil, false},
		{"vpc unknown", "logs.us-east-1.amazonaws.com", "logs", "us-east-1", []parsers.Value{parsers.UnknownValue("a parameter", parsers.Location{})}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := parsers.NewGraph()
			for _, n := range []parsers.Node{vpc, other, &parsers.HostedZone{Resource: parsers.Resource{Key: "t#Zone", Name: "Zone"}, ZoneName: parsers.Lit(tc.zone, parsers.Location{}), VPCs: tc.vpcs}} {
				if err := g.Add(n); err != nil {
					t.Fatal(err)
				}
			}
			got := New(g).ServiceZones(tc.svc, tc.region, parsers.RefTo("t#Vpc", "", parsers.Location{}), vpc)
			if (len(got) == 1) != tc.want {
				t.Errorf("ServiceZones = %d zones, want match %v", len(got), tc.want)
			}
		})
	}
}
