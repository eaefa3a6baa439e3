package parsers

import "strconv"

// DefaultSecurityGroupRules are the rules of a VPC's default security group
// as AWS creates it (DOMAIN.md §5.1): all traffic from its own members (the
// group whose key is given), all egress. Every value is a default located
// at loc.
func DefaultSecurityGroupRules(key string, loc Location) (ingress, egress []SGRule) {
	ingress = []SGRule{{Protocol: DefaultValue("-1", loc), Peer: Peer{SecurityGroup: RefTo(key, "", loc)}, Loc: loc}}
	egress = []SGRule{{Protocol: DefaultValue("-1", loc), Peer: Peer{CIDR: DefaultValue("0.0.0.0/0", loc)}, Loc: loc}}
	return ingress, egress
}

// DefaultACLEntries are the rules of a VPC's default network ACL as AWS
// creates it (DOMAIN.md §7): allow all traffic, inbound then outbound.
func DefaultACLEntries(loc Location) []ACLEntry {
	var out []ACLEntry
	for _, egress := range []bool{false, true} {
		out = append(out, ACLEntry{
			RuleNumber: DefaultValue("100", loc), Protocol: DefaultValue("-1", loc),
			Allow: DefaultValue("allow", loc), Egress: DefaultValue(strconv.FormatBool(egress), loc),
			CIDR: DefaultValue("0.0.0.0/0", loc), Loc: loc,
		})
	}
	return out
}
