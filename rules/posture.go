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
