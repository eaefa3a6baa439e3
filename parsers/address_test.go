package parsers

import (
	"cmp"
	"testing"
)

func TestSplitTerraformAddress(t *testing.T) {
	tests := []struct {
		addr, module, local string
		ok                  bool
	}{
		{"aws_vpc.main", "", "aws_vpc.main", true},
		{"aws_subnet.private[0]", "", "aws_subnet.private[0]", true},
		{"module.vpc.aws_subnet.x[1]", "module.vpc", "aws_subnet.x[1]", true},
		{`module.net["a.b"].module.vpc[0].data.aws_vpc.this`, `module.net["a.b"].module.vpc[0]`, "data.aws_vpc.this", true},
		{"module.vpc", "module.vpc", "", false},
		{`module.vpc["unclosed.aws_vpc.x`, "", "", false},
		{"VpcEndpoint", "", "VpcEndpoint", true}, // a CloudFormation logical ID is all local
	}
	for _, tt := range tests {
		module, local, ok := SplitTerraformAddress(tt.addr)
		if module != tt.module || local != tt.local || ok != tt.ok {
			t.Errorf("SplitTerraformAddress(%q) = %q, %q, %v; want %q, %q, %v", tt.addr, module, local, ok, tt.module, tt.local, tt.ok)
		}
	}
}

func TestStripInstanceKeys(t *testing.T) {
	for in, want := range map[string]string{
		"module.vpc[0].aws_subnet.x[1]":          "module.vpc.aws_subnet.x",
		`aws_vpc_endpoint.interface["a]b"]`:      "aws_vpc_endpoint.interface",
		"LogsEndpoint":                           "LogsEndpoint",
		`module.m["k"].aws_security_group.sg[2]`: "module.m.aws_security_group.sg",
	} {
		if got := StripInstanceKeys(in); got != want {
			t.Errorf("StripInstanceKeys(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCompareNames(t *testing.T) {
	// Each list is in order.
	for _, names := range [][]string{
		{"aws_subnet.private[2]", "aws_subnet.private[10]"},
		{"aws_subnet.private_a", "aws_subnet.private_b"},
		{"PrivateSubnet2", "PrivateSubnet10", "PrivateSubnetA"},
		{`module.net.aws_subnet.this["a"]`, `module.net.aws_subnet.this["b"]`},
		{"module.net[2].aws_subnet.x[0]", "module.net[10].aws_subnet.x[0]"},
		{"a1", "a01", "a001", "a2"},
		{"a", "a0", "ab"},
		{"", "a"},
	} {
		for i := range names {
			for j := range names {
				if got, want := CompareNames(names[i], names[j]), cmp.Compare(i, j); got != want {
					t.Errorf("CompareNames(%q, %q) = %d, want %d", names[i], names[j], got, want)
				}
			}
		}
	}
}
