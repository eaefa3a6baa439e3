package query

import (
	"iter"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Subnet is one element of a subnet list (aws:ec2:vpc Subnets or
// ELBSubnets) resolved, with its egress posture.
type Subnet struct {
	// Name is the subnet's name in the inputs, or the value as written.
	Name  string
	Value parsers.Value
	// Node is the subnet; nil when it is not in the inputs.
	Node    *parsers.Subnet
	Posture Posture
	// Reason explains the posture: the deciding route, or what is unknown.
	Reason string
	// Tables are the route tables that may govern the subnet: one, or
	// alternatives when its association depends on Conds.
	Tables []*parsers.RouteTable
	Conds  []string
	// OnMain is true when the subnet has no explicit association and the
	// VPC's main route table governs it.
	OnMain bool
	// VPCValue is the VPC the subnet names, VPC that VPC when it is in the
	// inputs (else nil); both unset when the subnet is not in the inputs.
	VPCValue parsers.Value
	VPC      *parsers.VPC
	// TablesProp names the property that associates the subnet with its
	// route table as the input does ("RouteTableId", "route_table_id");
	// "" when the subnet is not in the inputs.
	TablesProp string
}

// SubnetElem resolves v, one subnet element of option (an aws:ec2:vpc
// option, named in Name when v is not known), with its posture: a subnet of
// the inputs by its routing, anything else PostureUnknown saying why.
func (q *Q) SubnetElem(v parsers.Value, option string) *Subnet {
	s := &Subnet{Value: v, Name: DisplayName(v)}
	if v.Kind == parsers.Unknown {
		s.Name = option + " value"
	}
	n, ok := parsers.LookupAs[*parsers.Subnet](q.g, v)
	if !ok {
		s.Posture, s.Reason = PostureUnknown, DescribeMissing(v, "subnet")
		return s
	}
	s.Node, s.Name = n, n.Name
	q.route(s)
	return s
}

// SubnetOf returns subnet n of the inputs with its posture.
func (q *Q) SubnetOf(n *parsers.Subnet) *Subnet {
	s := &Subnet{Name: n.Name, Node: n}
	q.route(s)
	return s
}

// route completes s, a subnet of the inputs, with its routing and VPC.
func (q *Q) route(s *Subnet) {
	r := q.Routing(s.Node)
	s.Posture, s.Reason, s.Tables, s.Conds, s.OnMain = r.Posture, r.Reason, r.Tables, r.Conds, r.OnMain
	s.VPCValue, s.TablesProp = s.Node.VPC, s.Node.RouteTablesProp
	if vpc, ok := parsers.LookupAs[*parsers.VPC](q.g, s.Node.VPC); ok {
		s.VPC = vpc
	}
}

// SubnetElems returns the subnet elements of a list value (a Subnets
// setting), with both branches of undecided conditions, each subnet once
// (see ValueIdentity).
func SubnetElems(v parsers.Value) []parsers.Value {
	out := make([]parsers.Value, 0, len(v.Elems())) // usually one per element
	for sub := range EachSubnetElem(v) {
		out = append(out, sub)
	}
	return out
}

// EachSubnetElem yields SubnetElems(v) without collecting it.
func EachSubnetElem(v parsers.Value) iter.Seq[parsers.Value] {
	return func(yield func(parsers.Value) bool) {
		els := v.Elems()
		seen := NewIdentitySet(len(els))
		emit := func(sub parsers.Value) bool {
			if !seen.Add(ValueIdentity(sub)) {
				return true
			}
			return yield(sub)
		}
		for i := range els {
			alts, _ := BranchesAt(els, i)
			for j := range alts {
				for _, sub := range parsers.ElemsAt(alts, j) {
					if !emit(sub) {
						return
					}
				}
			}
		}
	}
}

// Identity is what makes two list elements the same (ValueIdentity): a
// comparable key, so that telling elements apart builds no string for
// references and literals.
type Identity struct {
	// kind is 'r' for a reference kept as its target and attribute, 'l'
	// for a literal, 'u' for an unknown (a its origin), 'x' for a
	// reference whose target or attribute holds a NUL (a the text
	// "<target>\x00<attribute>", as before the key had parts: such a key
	// never equals one in parts), 0 when nothing identifies the value.
	kind byte
	a, b string
}

// None reports whether nothing identifies the value.
func (id Identity) None() bool { return id.kind == 0 }

// IdentitySet is a set of identities: a list while it is short (a setting
// lists a few subnets), a map beyond.
type IdentitySet struct {
	list []Identity
	m    map[Identity]bool
}

// maxIdentityList is the most identities an IdentitySet keeps in a list.
const maxIdentityList = 32

// NewIdentitySet returns an empty set with room for n identities.
func NewIdentitySet(n int) *IdentitySet {
	return &IdentitySet{list: make([]Identity, 0, min(n, maxIdentityList))}
}

// Add adds id and reports whether it was not in the set; a value that
// nothing identifies (None) is never in it.
func (s *IdentitySet) Add(id Identity) bool {
	switch {
	case id.None():
		return true
	case s.m != nil:
		if s.m[id] {
			return false
		}
	case slices.Contains(s.list, id):
		return false
	case len(s.list) < maxIdentityList:
		s.list = append(s.list, id)
		return true
	default:
		s.m = make(map[Identity]bool, 2*maxIdentityList)
		for _, have := range s.list {
			s.m[have] = true
		}
		s.list = nil
	}
	s.m[id] = true
	return true
}

// ValueIdentity is what makes two list elements the same: the referenced
// node (key and attribute), the literal, or the unknown's origin; None
// when nothing identifies the value.
func ValueIdentity(v parsers.Value) Identity {
	switch v.Kind {
	case parsers.Ref:
		attr := v.Attr()
		if strings.IndexByte(v.Target, 0) >= 0 || strings.IndexByte(attr, 0) >= 0 {
			return Identity{kind: 'x', a: v.Target + "\x00" + attr}
		}
		return Identity{kind: 'r', a: v.Target, b: attr}
	case parsers.Known:
		return Identity{kind: 'l', a: v.Str}
	case parsers.Unknown:
		if !v.Origin().IsZero() {
			return Identity{kind: 'u', a: v.Origin().String()}
		}
	}
	return Identity{}
}

// SourceFile returns the input file that declares n: the one its key names
// ("<file>#<name>"); nil when none does.
func (q *Q) SourceFile(n parsers.Node) *parsers.SourceFile {
	key := n.Base().Key
	var best *parsers.SourceFile
	for _, f := range q.g.Files {
		if strings.HasPrefix(key, f.Path+"#") && (best == nil || len(f.Path) > len(best.Path)) {
			best = f
		}
	}
	return best
}

// DeploymentRegion returns the region the input that declares n deploys
// in, when that input decides it (its SourceFile.Region), and where.
func (q *Q) DeploymentRegion(n parsers.Node) (string, parsers.Location, bool) {
	f := q.SourceFile(n)
	if f == nil || f.Region.Kind != parsers.Known {
		return "", parsers.Location{}, false
	}
	r := strings.TrimSpace(f.Region.Str)
	return r, f.Region.Loc, r != ""
}

// SortSubnets orders subnets by name in natural order
// (parsers.CompareNames: aws_subnet.private[2] before
// aws_subnet.private[10]). Every list of resources a message gives is in
// that order, whatever the order of the input that lists them: the same
// configuration planned as new infrastructure and as an update then says
// the same.
func SortSubnets(subnets []*Subnet) {
	slices.SortStableFunc(subnets, func(a, b *Subnet) int { return parsers.CompareNames(a.Name, b.Name) })
}
