package query

import (
	"net/netip"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Prefix reads a CIDR value: a literal, or a VPC's CidrBlock attribute
// (its primary block). ok is false when the value is not a known CIDR.
func (q *Q) Prefix(v parsers.Value) (netip.Prefix, bool) {
	if v.Kind == parsers.Ref && strings.EqualFold(v.Attr(), "CidrBlock") {
		if vpc, ok := q.g.Node(v.Target).(*parsers.VPC); ok && len(vpc.CIDRs) > 0 {
			v = vpc.CIDRs[0]
		}
	}
	if v.Kind != parsers.Known {
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(strings.TrimSpace(v.Str))
	if err != nil {
		return netip.Prefix{}, false
	}
	return p.Masked(), true
}

// Covers says whether the CIDR value cidr contains every address of subnet
// s. A rule on the CidrBlock of the subnet's own single-block VPC covers
// it even when the CIDR text is not known.
func (q *Q) Covers(cidr parsers.Value, s *parsers.Subnet) Answer {
	peer, peerOK := q.Prefix(cidr)
	if peerOK && peer.Bits() == 0 && peer.Addr().Is4() {
		return answer(Yes)
	}
	if cidr.Kind == parsers.Ref && strings.EqualFold(cidr.Attr(), "CidrBlock") {
		if q.SameNode(s.VPC, parsers.Value{}, q.g.Node(cidr.Target)) == Yes {
			if vpc, ok := parsers.LookupAs[*parsers.VPC](q.g, s.VPC); ok && len(vpc.CIDRs) <= 1 {
				return answer(Yes)
			}
		}
	}
	if !peerOK {
		return answer(Maybe, "CIDR "+cidr.Describe()+" is not known")
	}
	sub, ok := q.Prefix(s.CIDR)
	if !ok {
		return answer(Maybe, "the CIDR of subnet "+s.Name+" ("+s.CIDR.Describe()+") is not known")
	}
	return answer(boolTri(contains(peer, sub)))
}

// contains reports whether prefix outer holds every address of inner.
func contains(outer, inner netip.Prefix) bool {
	return outer.Addr().Is4() == inner.Addr().Is4() && outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// overlaps reports whether two prefixes share an address.
func overlaps(a, b netip.Prefix) bool {
	return a.Addr().Is4() == b.Addr().Is4() && a.Overlaps(b)
}
