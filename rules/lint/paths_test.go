package lint

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/report"
)

// TestPrivatePaths reads the broken example's private path as the
// Markdown report draws it.
func TestPrivatePaths(t *testing.T) {
	res := Run([]string{"../../examples/broken"}, Options{})
	paths := res.PrivatePaths()
	if len(paths) != 1 {
		t.Fatalf("%d paths, want the example's one environment: %+v", len(paths), paths)
	}
	p := paths[0]
	if p.Environment != "Environment" || !strings.HasSuffix(p.File, "examples/broken/private-environment.yaml") {
		t.Errorf("environment %q in %q", p.Environment, p.File)
	}
	wantSubnets := []report.PathSubnet{
		{Name: "PrivateSubnetA", Posture: "isolated", RouteTables: []string{"PrivateRouteTableA"}},
		{Name: "PrivateSubnetB", Posture: "isolated", RouteTables: []string{"PrivateRouteTableB"}},
	}
	if !reflect.DeepEqual(p.Subnets, wantSubnets) {
		t.Errorf("subnets = %+v, want %+v", p.Subnets, wantSubnets)
	}
	wantGateway := []report.PathEndpoint{{Name: "S3GatewayEndpoint", Service: "s3", RouteTables: []string{"PrivateRouteTableA"}}}
	if !reflect.DeepEqual(p.Gateway, wantGateway) {
		t.Errorf("gateway endpoints = %+v, want %+v", p.Gateway, wantGateway)
	}
	var services []string
	for _, ep := range p.Interface {
		services = append(services, ep.Service)
	}
	if got, want := strings.Join(services, " "), "cloudformation ecr.api ecr.dkr elasticbeanstalk elasticbeanstalk-health sqs"; got != want {
		t.Errorf("interface endpoint services = %q, want %q", got, want)
	}
}

// TestPrivatePathsHideSecrets: a subnet given by a NoEcho parameter's
// value is drawn as (sensitive), not by its value.
func TestPrivatePathsHideSecrets(t *testing.T) {
	res := Run([]string{"../../testdata/rules/secrets/noecho_defaults.yaml"}, Options{})
	out := fmt.Sprintf("%+v", res.PrivatePaths())
	if !strings.Contains(out, "(sensitive)") {
		t.Errorf("the secret subnet is not drawn as (sensitive): %s", out)
	}
	rest := strings.ReplaceAll(out, "subnet-0aaa1111", "") // listed too, not secret
	for _, secret := range []string{"subnet-0aaa1", "10.0.1.0/26"} {
		if strings.Contains(rest, secret) {
			t.Errorf("private path shows the secret %q: %s", secret, out)
		}
	}
}
