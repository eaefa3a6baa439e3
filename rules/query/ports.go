package query

import (
	"sort"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Protocol numbers of the IP protocols rules name (IANA); AllProtocols is
// the "-1" of security group and network ACL rules.
const (
	AllProtocols = "-1"
	TCP          = "6"
	UDP          = "17"
	ICMP         = "1"
	ICMPv6       = "58"
)

// NormalizeProtocol turns a protocol as rules write it ("tcp", "TCP", "6",
// "-1", "all") into its protocol number ("6", "-1"); ok is false for text
// that is neither a known name nor a number.
func NormalizeProtocol(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "-1", "all":
		return AllProtocols, true
	case "tcp":
		return TCP, true
	case "udp":
		return UDP, true
	case "icmp":
		return ICMP, true
	case "icmpv6", "58":
		return ICMPv6, true
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 255 {
		return strconv.Itoa(n), true
	}
	return "", false
}

// hasPorts reports whether a protocol number carries ports.
func hasPorts(proto string) bool { return proto == TCP || proto == UDP }

// PortRange is an inclusive range of ports.
type PortRange struct{ From, To int }

// AllPorts is every port.
var AllPorts = PortRange{0, 65535}

// Port is the range of one port.
func Port(p int) PortRange { return PortRange{p, p} }

// EphemeralPorts is the return-traffic range AWS advises opening in network
// ACLs (DOMAIN.md §7).
var EphemeralPorts = PortRange{1024, 65535}

func (r PortRange) String() string {
	if r.From == r.To {
		return strconv.Itoa(r.From)
	}
	return strconv.Itoa(r.From) + "–" + strconv.Itoa(r.To)
}

// ruleMatch says whether a rule's protocol and ports (proto, from, to as
// the input gives them) cover the part of want's protocol and ports it
// covers: the returned ranges are the ports of want the rule applies to
// (AllPorts-wide when the protocol has no ports). Maybe comes with why.
func ruleMatch(proto, from, to parsers.Value, wantProto string, want PortRange) (Tri, []PortRange, string) {
	text, ok := proto.Text()
	if proto.Kind != parsers.Known || !ok {
		return Maybe, nil, "the protocol of a rule " + DescribeMissing(proto, "protocol")
	}
	p, ok := NormalizeProtocol(text)
	if !ok {
		return Maybe, nil, "the protocol " + proto.Describe() + " of a rule is not one the linter knows"
	}
	if p == AllProtocols {
		return Yes, []PortRange{want}, ""
	}
	if p != wantProto {
		return No, nil, ""
	}
	if !hasPorts(p) {
		return Yes, []PortRange{want}, ""
	}
	lo, okFrom := portNumber(from)
	hi, okTo := portNumber(to)
	switch {
	case from.IsAbsent() && to.IsAbsent():
		return Yes, []PortRange{want}, "" // no ports given: all of them
	case !okFrom || !okTo:
		return Maybe, nil, "the port range " + from.Describe() + "–" + to.Describe() + " of a rule is not known"
	case lo == -1:
		return Yes, []PortRange{want}, ""
	}
	r, ok := intersect(PortRange{lo, hi}, want)
	if !ok {
		return No, nil, ""
	}
	return Yes, []PortRange{r}, ""
}

func portNumber(v parsers.Value) (int, bool) {
	if v.Kind != parsers.Known {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v.Str))
	return n, err == nil
}

func intersect(a, b PortRange) (PortRange, bool) {
	r := PortRange{max(a.From, b.From), min(a.To, b.To)}
	return r, r.From <= r.To
}

// subtract removes r from the ranges rs.
func subtract(rs []PortRange, r PortRange) []PortRange {
	var out []PortRange
	for _, x := range rs {
		if _, ok := intersect(x, r); !ok {
			out = append(out, x)
			continue
		}
		if x.From < r.From {
			out = append(out, PortRange{x.From, r.From - 1})
		}
		if r.To < x.To {
			out = append(out, PortRange{r.To + 1, x.To})
		}
	}
	return out
}

// covered reports whether the union of rs holds every port of want.
func covered(rs []PortRange, want PortRange) bool {
	left := []PortRange{want}
	sort.Slice(rs, func(i, j int) bool { return rs[i].From < rs[j].From })
	for _, r := range rs {
		left = subtract(left, r)
	}
	return len(left) == 0
}
