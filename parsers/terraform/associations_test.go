package terraform

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// TestUnresolvedAssociations: associations fed by each.value from a local
// map name their endpoint; an association whose vpc_endpoint_id cannot be
// resolved leaves an unknown entry on every endpoint of the plan that
// takes that kind of association (route tables: Gateway endpoints;
// subnets and security groups: Interface endpoints), never nothing.
func TestUnresolvedAssociations(t *testing.T) {
	for _, withSource := range []bool{true, false} {
		b := build(t, "associations", withSource)
		ep := func(k string) *parsers.VPCEndpoint {
			return node[*parsers.VPCEndpoint](b, `aws_vpc_endpoint.this["`+k+`"]`)
		}
		const opaque = "with an endpoint beanlint cannot resolve, which may be this one"
		tests := []struct {
			name   string
			values []parsers.Value
			want   []string // per entry: "ref ..." exactly, or "unknown: <substring>"
		}{
			{"gateway route tables", ep("s3").RouteTables, []string{
				map[bool]string{
					true: "ref aws_route_table.private[0]",
					// Without the .tf source each.value of the local map is
					// not known: that association is unresolved too.
					false: `unknown: aws_vpc_endpoint_route_table_association.gateway["s3"] associates`,
				}[withSource],
				"unknown: aws_vpc_endpoint_route_table_association.opaque associates aws_route_table.private[1] " + opaque}},
			{"gateway takes no subnets", ep("s3").Subnets, nil},
			{"gateway takes no security groups", ep("s3").SecurityGroups, nil},
			{"interface subnets", ep("logs").Subnets, []string{
				"ref aws_subnet.private[0]",
				"unknown: aws_vpc_endpoint_subnet_association.opaque associates aws_subnet.private[1] " + opaque}},
			{"interface takes no route tables", ep("logs").RouteTables, nil},
			{"interface security groups: the VPC default stays, the association may add one", ep("logs").SecurityGroups, []string{
				"ref aws_vpc.main#default-sg",
				"unknown: aws_vpc_endpoint_security_group_association.opaque associates aws_security_group.endpoints " + opaque}},
		}
		for _, tt := range tests {
			var got []string
			for _, v := range tt.values {
				got = append(got, b.show(v))
			}
			if len(got) != len(tt.want) {
				t.Errorf("source %v, %s: %q, want %d entries %q", withSource, tt.name, got, len(tt.want), tt.want)
				continue
			}
			for i, w := range tt.want {
				if strings.HasPrefix(w, "unknown: ") && !strings.HasPrefix(got[i], "unknown: ") ||
					!strings.HasPrefix(w, "unknown: ") && got[i] != w ||
					!strings.Contains(strings.ReplaceAll(got[i], b.plan+"#", ""), strings.TrimPrefix(w, "unknown: ")) {
					t.Errorf("source %v, %s: entry %d = %q, want %q", withSource, tt.name, i, got[i], w)
				}
			}
		}
	}
}
