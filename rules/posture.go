package rules

import (
	"github.com/beanlint/beanlint/rules/query"
)

// Posture is a subnet's egress posture (RULES.md, DOMAIN.md §1.2); the
// query layer decides it.
type Posture = query.Posture

// Postures, from least to most internet access.
const (
	PostureUnknown = query.PostureUnknown
	Isolated       = query.Isolated
	Transit        = query.Transit
	NAT            = query.NAT
	Public         = query.Public
)

// subnetPosture classifies one instance subnet element of aws:ec2:vpc
// Subnets: a subnet of the inputs by its routing, anything else as
// unknown.
func (a *analysis) subnetPosture(s *Subnet) {
	if s.Node == nil {
		s.Posture = PostureUnknown
		s.Reason = query.DescribeMissing(s.Value, "subnet")
		return
	}
	r := a.q.Routing(s.Node)
	s.Posture, s.Reason, s.Tables, s.tableConds, s.OnMain = r.Posture, r.Reason, r.Tables, r.Conds, r.OnMain
}
