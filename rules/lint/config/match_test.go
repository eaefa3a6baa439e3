package config

import "testing"

func TestMatchResource(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"Environment", "Environment", true},
		{"Environment", "Environment2", false},
		{"ECR*Endpoint", "ECRApiEndpoint", true},
		{"ECR*Endpoint", "ECRApiEndpointX", false},
		{"aws_subnet.private[0]", "aws_subnet.private[0]", true}, // brackets are literal
		{"aws_subnet.private[0]", "aws_subnet.private0", false},
		{"aws_subnet.private[*]", `aws_subnet.private["a/b"]`, true},
		{"module.network.*", "module.network.module.vpc.aws_vpc.this", true},
		{"module.network.*", "module.networks.aws_vpc.this", false},
		{"*", "", true},
		{"*", "*x", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"*.this", "module.a.aws_vpc.this", true},
		{"a*b*c", "aXbYbZc", true},
		{"a*b*c", "aXbYbZ", false},
		{"", "", true},
		{"", "x", false},
	}
	for _, tt := range tests {
		if got := matchResource(tt.pattern, tt.name); got != tt.want {
			t.Errorf("matchResource(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}
