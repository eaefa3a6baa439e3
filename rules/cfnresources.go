package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/rules/edit"
)

// This file builds the CloudFormation resources fixes add from
// goformation's typed resources (cloudformation/ec2), so that every
// property name and type is the compiler's to check. What a Go field
// cannot hold (a reference, an import, an Fn::Sub, a placeholder) goes in
// as a hole: a token string the conversion to an edit value replaces.

// typedResource is a goformation resource.
type typedResource interface{ AWSCloudFormationType() string }

// holes are the values of one resource that its Go fields hold as tokens.
type holes struct{ vals []edit.Value }

const holeFormat = "@@beanlint-hole-%d@@"

// s returns the text of a string value, else a token standing for v.
func (h *holes) s(v edit.Value) string {
	if v.Kind == edit.String && v.Comment == "" {
		return v.Str
	}
	h.vals = append(h.vals, v)
	return fmt.Sprintf(holeFormat, len(h.vals)-1)
}

// p is s as a pointer, for optional properties.
func (h *holes) p(v edit.Value) *string {
	s := h.s(v)
	return &s
}

// list returns the items of a list value for a []string field.
func (h *holes) list(v edit.Value) []string {
	out := make([]string, 0, len(v.Items))
	for _, it := range v.Items {
		out = append(out, h.s(it))
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// leading are the properties shown first, in this order: what a resource
// is attached to and what it is; the others follow by name.
var leading = []string{"GroupDescription", "GroupId", "NetworkAclId", "VpcId", "SubnetId", "RouteTableId", "ServiceName", "VpcEndpointType", "PrivateDnsEnabled", "IpProtocol", "FromPort", "ToPort", "RuleNumber", "Protocol", "RuleAction", "Egress", "CidrBlock"}

// addTyped is the edit declaring resource id as r, with the values of h in
// its holes.
func (p *cfnPlace) addTyped(id string, r typedResource, h *holes) edit.Edit {
	props, err := typedProperties(r, h)
	if err != nil {
		// Go values of goformation's types always marshal; should one
		// not, the fix is not applied, and says why.
		props = edit.PlaceholderFor("Properties", err.Error())
	}
	return edit.Edit{File: p.file, Op: edit.AddResource, Target: id, Type: r.AWSCloudFormationType(), Value: props}
}

// typedProperties returns the Properties of r as an edit value, holes
// filled, leading properties first.
func typedProperties(r typedResource, h *holes) (edit.Value, error) {
	data, err := json.Marshal(r)
	if err != nil {
		return edit.Value{}, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return edit.Value{}, err
	}
	var props *yaml.Node
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "Properties" {
			props = top.Content[i+1]
		}
	}
	if props == nil {
		return edit.MapOf(), nil
	}
	return h.value(props)
}

func rank(key string) int {
	if i := slices.Index(leading, key); i >= 0 {
		return i
	}
	return len(leading)
}

// value converts marshalled JSON to an edit value, tokens to their holes.
func (h *holes) value(n *yaml.Node) (edit.Value, error) {
	switch n.Kind {
	case yaml.MappingNode:
		var fields []edit.Field
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := h.value(n.Content[i+1])
			if err != nil {
				return edit.Value{}, err
			}
			fields = append(fields, edit.F(n.Content[i].Value, v))
		}
		slices.SortStableFunc(fields, func(a, b edit.Field) int { return rank(a.Key) - rank(b.Key) })
		return edit.MapOf(fields...), nil
	case yaml.SequenceNode:
		var items []edit.Value
		for _, c := range n.Content {
			v, err := h.value(c)
			if err != nil {
				return edit.Value{}, err
			}
			items = append(items, v)
		}
		return edit.ListOf(items...), nil
	}
	switch n.Tag {
	case "!!int", "!!float":
		return edit.Value{Kind: edit.Number, Str: n.Value}, nil
	case "!!bool":
		return edit.Value{Kind: edit.Bool, Bool: n.Value == "true"}, nil
	}
	if strings.HasPrefix(n.Value, "@@beanlint-hole-") {
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(n.Value, "@@beanlint-hole-"), "@@"))
		if err != nil || i >= len(h.vals) {
			return edit.Value{}, fmt.Errorf("bad hole %q", n.Value)
		}
		return h.vals[i], nil
	}
	return edit.Str(n.Value), nil
}

// withComment returns props with comment on the property key.
func withComment(e edit.Edit, key, comment string) edit.Edit {
	for i := range e.Value.Fields {
		if e.Value.Fields[i].Key == key {
			e.Value.Fields[i].Value.Comment = comment
		}
	}
	return e
}

// interfaceEndpoint is an interface endpoint for svc with private DNS.
func (p *cfnPlace) interfaceEndpoint(id string, vpc edit.Value, svc string, subnets, groups edit.Value) edit.Edit {
	h := &holes{}
	return p.addTyped(id, &ec2.VPCEndpoint{
		VpcId:             h.s(vpc),
		ServiceName:       h.s(serviceName(svc)),
		VpcEndpointType:   ptr("Interface"),
		PrivateDnsEnabled: ptr(true),
		SubnetIds:         h.list(subnets),
		SecurityGroupIds:  h.list(groups),
	}, h)
}

// gatewayEndpoint is an S3 gateway endpoint on route tables.
func (p *cfnPlace) gatewayEndpoint(id string, vpc edit.Value, tables edit.Value) edit.Edit {
	h := &holes{}
	return p.addTyped(id, &ec2.VPCEndpoint{
		VpcId:           h.s(vpc),
		ServiceName:     h.s(serviceName("s3")),
		VpcEndpointType: ptr("Gateway"),
		RouteTableIds:   h.list(tables),
	}, h)
}

// httpsGroup is a security group admitting TCP 443 from cidr.
func (p *cfnPlace) httpsGroup(id string, vpc, cidr edit.Value) edit.Edit {
	h := &holes{}
	return p.addTyped(id, &ec2.SecurityGroup{
		GroupDescription: "HTTPS from the Elastic Beanstalk instances",
		VpcId:            h.p(vpc),
		SecurityGroupIngress: []ec2.SecurityGroup_Ingress{{
			IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: h.p(cidr),
		}},
	}, h)
}

// groupRule is a TCP rule on group for port, inbound from or outbound to
// a CIDR or a security group (one of cidr, peer set).
func (p *cfnPlace) groupRule(id string, egress bool, group edit.Value, port int, cidr, peer *edit.Value) edit.Edit {
	h := &holes{}
	opt := func(v *edit.Value) *string {
		if v == nil {
			return nil
		}
		return h.p(*v)
	}
	if egress {
		return p.addTyped(id, &ec2.SecurityGroupEgress{
			GroupId: h.s(group), IpProtocol: "tcp", FromPort: ptr(port), ToPort: ptr(port),
			CidrIp: opt(cidr), DestinationSecurityGroupId: opt(peer),
		}, h)
	}
	return p.addTyped(id, &ec2.SecurityGroupIngress{
		GroupId: h.p(group), IpProtocol: "tcp", FromPort: ptr(port), ToPort: ptr(port),
		CidrIp: opt(cidr), SourceSecurityGroupId: opt(peer),
	}, h)
}

// aclEntry allows TCP ports from..to to or from cidr on acl.
func (p *cfnPlace) aclEntry(id string, acl edit.Value, rule int, egress bool, cidr string, from, to int) edit.Edit {
	h := &holes{}
	e := p.addTyped(id, &ec2.NetworkAclEntry{
		NetworkAclId: h.s(acl),
		RuleNumber:   rule,
		Protocol:     6,
		RuleAction:   "allow",
		Egress:       ptr(egress),
		CidrBlock:    ptr(cidr),
		PortRange:    &ec2.NetworkAclEntry_PortRange{From: ptr(from), To: ptr(to)},
	}, h)
	return withComment(e, "RuleNumber", "below any deny rule that matches")
}

// routeTable is a route table of vpc.
func (p *cfnPlace) routeTable(id string, vpc edit.Value) edit.Edit {
	h := &holes{}
	return p.addTyped(id, &ec2.RouteTable{VpcId: h.s(vpc)}, h)
}

// tableAssociation associates subnet with table.
func (p *cfnPlace) tableAssociation(id string, subnet, table edit.Value) edit.Edit {
	h := &holes{}
	return p.addTyped(id, &ec2.SubnetRouteTableAssociation{SubnetId: h.s(subnet), RouteTableId: h.s(table)}, h)
}
