package ebextensions

import (
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// networkTypes are resource types the graph models: a configuration file's
// resource of one is read as a CloudFormation resource (File.Template).
var networkTypes = map[string]bool{
	"AWS::EC2::VPC": true, "AWS::EC2::Subnet": true, "AWS::EC2::RouteTable": true,
	"AWS::EC2::Route": true, "AWS::EC2::SubnetRouteTableAssociation": true,
	"AWS::EC2::VPCEndpoint": true, "AWS::EC2::SecurityGroup": true,
	"AWS::EC2::SecurityGroupIngress": true, "AWS::EC2::SecurityGroupEgress": true,
	"AWS::EC2::NetworkAcl": true, "AWS::EC2::NetworkAclEntry": true,
	"AWS::EC2::SubnetNetworkAclAssociation": true, "AWS::EC2::NatGateway": true,
	"AWS::EC2::InternetGateway": true, "AWS::EC2::VPCGatewayAttachment": true,
}

// resources reads the Resources section: resources added to the
// environment's own stack. Rules that AWS::EC2::SecurityGroupIngress /
// SecurityGroupEgress add to the groups Elastic Beanstalk creates
// (AWSEBSecurityGroup, AWSEBLoadBalancerSecurityGroup) are kept as group
// rules; other network resources are listed for File.Template.
func (r reader) resources(v parsers.Value) error {
	if v.Kind == parsers.Absent {
		return nil
	}
	if v.Kind != parsers.Map {
		return r.errorf(v.Loc, "Resources must be a mapping of logical IDs to resources")
	}
	for _, res := range v.Fields() {
		body := res.Value
		if body.Kind != parsers.Map {
			return r.errorf(body.Loc, "resource "+res.Key+" must be a mapping with a Type")
		}
		typ, ok := scalar(body.Get("Type"))
		if !ok && !strings.HasPrefix(res.Key, "AWSEB") {
			// A resource Elastic Beanstalk defines (AWSEBAutoScalingGroup,
			// AWSEBSecurityGroup, ...) may be changed without its Type.
			return r.errorf(body.Loc, "resource "+res.Key+" needs a Type")
		}
		props := body.Get("Properties")
		egress := typ == "AWS::EC2::SecurityGroupEgress"
		if typ == "AWS::EC2::SecurityGroupIngress" || egress {
			if group := ebGroup(props.Get("GroupId")); group != "" {
				r.f.GroupRules = append(r.f.GroupRules, parsers.EBGroupRule{Group: group, Egress: egress, Rule: r.rule(res.Key, props, egress, body.Loc)})
				continue
			}
		}
		switch {
		case (typ == "AWS::EC2::SecurityGroupIngress" || egress) && props.Get("GroupId").IsAbsent() && !props.Get("GroupName").IsAbsent():
			r.notice(body.Loc, "resource "+res.Key+" ("+typ+") names its group by GroupName, which designates a group only in a default VPC; beanlint does not read it (use GroupId: {\"Fn::GetAtt\": [AWSEBSecurityGroup, GroupId]})")
		case res.Key == parsers.EBInstanceGroup || res.Key == parsers.EBLoadBalancerGroup:
			r.notice(body.Loc, "resource "+res.Key+" changes the security group Elastic Beanstalk creates; how its properties merge with Elastic Beanstalk's own is not documented, so beanlint does not read them (add rules with AWS::EC2::SecurityGroupIngress resources instead)")
		case networkTypes[typ]:
			// Read as a CloudFormation resource of the file (Parse).
			r.f.resourceIDs = append(r.f.resourceIDs, res.Key)
		}
	}
	return nil
}

// ebGroup returns the Elastic Beanstalk group a GroupId designates:
// {Ref: AWSEBSecurityGroup}, {Fn::GetAtt: [AWSEBSecurityGroup, GroupId]}
// or !GetAtt AWSEBSecurityGroup.GroupId (and the same for
// AWSEBLoadBalancerSecurityGroup); "" for anything else.
func ebGroup(v parsers.Value) string {
	if v.Kind != parsers.Map || len(v.Fields()) != 1 {
		return ""
	}
	var id, attr string
	arg := v.Fields()[0].Value
	switch v.Fields()[0].Key {
	case "Ref":
		id, _ = scalar(arg)
	case "Fn::GetAtt":
		switch arg.Kind {
		case parsers.Known:
			id, attr, _ = strings.Cut(strings.TrimSpace(arg.Str), ".")
		case parsers.List:
			if len(arg.Items()) == 2 {
				id, _ = scalar(arg.Items()[0])
				attr, _ = scalar(arg.Items()[1])
			}
		}
		if attr != "GroupId" {
			return ""
		}
	default:
		return ""
	}
	if id == parsers.EBInstanceGroup || id == parsers.EBLoadBalancerGroup {
		return id
	}
	return ""
}

// rule reads a SecurityGroupIngress/Egress resource's rule. A peer that
// is one of Elastic Beanstalk's groups is a Ref to its name; other values
// that are not literals are unknown.
func (r reader) rule(id string, props parsers.Value, egress bool, loc parsers.Location) parsers.SGRule {
	lit := func(name string) parsers.Value {
		v := props.Get(name)
		switch v.Kind {
		case parsers.Absent, parsers.Known:
			return v
		}
		return parsers.UnknownValue("property "+name+" of resource "+id+" is a function the linter does not resolve in configuration files", v.Loc)
	}
	peerGroup := func(name string) parsers.Value {
		v := props.Get(name)
		if g := ebGroup(v); g != "" {
			return parsers.RefTo(g, "", v.Loc)
		}
		return lit(name)
	}
	rule := parsers.SGRule{
		Key: r.f.Path + "#" + id, Name: id, Loc: loc,
		Protocol: lit("IpProtocol"), FromPort: lit("FromPort"), ToPort: lit("ToPort"),
		Peer: parsers.Peer{CIDR: lit("CidrIp"), CIDRv6: lit("CidrIpv6")},
	}
	if egress {
		rule.Peer.SecurityGroup = peerGroup("DestinationSecurityGroupId")
		rule.Peer.PrefixList = lit("DestinationPrefixListId")
	} else {
		rule.Peer.SecurityGroup = peerGroup("SourceSecurityGroupId")
		rule.Peer.PrefixList = lit("SourcePrefixListId")
	}
	return rule
}
