package terraform

import (
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// TestPropertyNames checks that values know the attribute they were read
// from, also when absent and defaulted.
func TestPropertyNames(t *testing.T) {
	b := build(t, "new_infra", false)
	vpc := node[*parsers.VPC](b, "aws_vpc.main")
	ep := node[*parsers.VPCEndpoint](b, "aws_vpc_endpoint.logs")
	env := node[*parsers.Environment](b, "aws_elastic_beanstalk_environment.web")
	cases := []struct {
		name string
		v    parsers.Value
		want string
	}{
		{"DNS support", vpc.EnableDNSSupport, "enable_dns_support"},
		{"DNS hostnames", vpc.EnableDNSHostnames, "enable_dns_hostnames"},
		{"private DNS default", ep.PrivateDNS, "private_dns_enabled"},
		{"endpoint type", ep.Type, "vpc_endpoint_type"},
	}
	for _, s := range env.Settings {
		cases = append(cases, struct {
			name string
			v    parsers.Value
			want string
		}{"setting " + s.Name, s.Value, "setting " + s.Namespace + "/" + s.Name})
	}
	for _, c := range cases {
		if c.v.Prop != c.want {
			t.Errorf("%s: Prop = %q, want %q", c.name, c.v.Prop, c.want)
		}
	}
}
