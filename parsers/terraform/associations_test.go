package terraform

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// TestUnresolvedAssociations: associations fed by each.value from a local
// map name their endpoint; an association whose vpc_endpoint_id cannot be
// resolved leaves, on every endpoint of the plan that takes that kind of
// association (route tables: Gateway endpoints; subnets and security
// groups: Interface endpoints), its route table, subnet or group if it is
// for that endpoint and nothing otherwise (a Choice on that condition):
// never nothing, and never more than it may add.
func TestUnresolvedAssociations(t *testing.T) {
	for _, withSource := range []bool{true, false} {
		b := build(t, "associations", withSource)
		ep := func(k string) *parsers.VPCEndpoint {
			return node[*parsers.VPCEndpoint](b, `aws_vpc_endpoint.this["`+k+`"]`)
		}
		const opaque = " is for this endpoint (aws_vpc_endpoint_"
		tests := []struct {
			name   string
			values []parsers.Value
			want   []string // per entry: exactly, or "~" and a substring
		}{
			{"gateway route tables", ep("s3").RouteTables, []string{
				map[bool]string{
					true: "ref aws_route_table.private[0]",
					// Without the .tf source each.value of the local map is
					// not known: that association is unresolved too.
					false: `~, absent] if whether association aws_vpc_endpoint_route_table_association.gateway["s3"]` + opaque,
				}[withSource],
				"~choice [ref aws_route_table.private[1], absent] if whether association aws_vpc_endpoint_route_table_association.opaque" + opaque}},
			{"gateway takes no subnets", ep("s3").Subnets, nil},
			{"gateway takes no security groups", ep("s3").SecurityGroups, nil},
			{"interface subnets", ep("logs").Subnets, []string{
				"ref aws_subnet.private[0]",
				"~choice [ref aws_subnet.private[1], absent] if whether association aws_vpc_endpoint_subnet_association.opaque" + opaque}},
			{"interface takes no route tables", ep("logs").RouteTables, nil},
			{"interface security groups: the VPC default stays, the association may add one", ep("logs").SecurityGroups, []string{
				"ref aws_vpc.main#default-sg",
				"~choice [ref aws_security_group.endpoints, absent] if whether association aws_vpc_endpoint_security_group_association.opaque" + opaque}},
		}
		for _, tt := range tests {
			var got []string
			for _, v := range tt.values {
				got = append(got, strings.ReplaceAll(b.show(v), b.plan+"#", ""))
			}
			if len(got) != len(tt.want) {
				t.Errorf("source %v, %s: %q, want %d entries %q", withSource, tt.name, got, len(tt.want), tt.want)
				continue
			}
			for i, w := range tt.want {
				if sub, ok := strings.CutPrefix(w, "~"); ok && !strings.Contains(got[i], sub) || !ok && got[i] != w {
					t.Errorf("source %v, %s: entry %d = %q, want %q", withSource, tt.name, i, got[i], w)
				}
			}
		}
	}
}
