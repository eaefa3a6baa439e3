package query

import (
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Zone is what the inputs say about a subnet's Availability Zone. Zone
// names ("us-east-1a") and zone IDs ("use1-az1") are kept apart: a name
// maps to a different physical zone in each account, so a name and an ID
// never compare (DOMAIN.md §1.1, EB101).
type Zone struct {
	// Name and ID are the literal zone name and zone ID; "" when not known.
	Name, ID string
	// Index is i when the zone is Fn::Select [i, Fn::GetAZs …]; -1
	// otherwise. GetAZs lists a region's zones in an order that is not
	// guaranteed, but distinct indexes give distinct zones (DOMAIN.md
	// §11.2). File scopes the index: two templates are two stacks.
	Index int
	File  string
	// Why says why nothing identifies the zone (all of the above unset).
	Why string
}

// Known reports whether something identifies the zone.
func (z Zone) Known() bool { return z.Name != "" || z.ID != "" || z.Index >= 0 }

// String renders the zone for messages.
func (z Zone) String() string {
	switch {
	case z.Name != "":
		return z.Name
	case z.ID != "":
		return "zone ID " + z.ID
	case z.Index >= 0:
		return "Fn::GetAZs index " + strconv.Itoa(z.Index)
	}
	return "an unknown zone"
}

// Zone returns what the inputs say about subnet s's Availability Zone.
func (q *Q) Zone(s *parsers.Subnet) Zone {
	if z, ok := q.zones[s]; ok {
		return z
	}
	z := zoneOf(s)
	if q.zones == nil {
		q.zones = map[*parsers.Subnet]Zone{}
	}
	q.zones[s] = z
	return z
}

func zoneOf(s *parsers.Subnet) Zone {
	z := Zone{Index: s.AZIndex, File: s.Loc.File}
	if s.AZIndex < 0 {
		z.Index = -1
	}
	if v := s.AvailabilityZone; v.Kind == parsers.Known {
		z.Name = strings.TrimSpace(v.Str)
	}
	if v := s.AvailabilityZoneID; v.Kind == parsers.Known {
		z.ID = strings.TrimSpace(v.Str)
	}
	if !z.Known() {
		switch {
		case !s.AvailabilityZone.IsAbsent():
			z.Why = "the Availability Zone of subnet " + s.Name + " " + DescribeMissing(s.AvailabilityZone, "zone")
		case !s.AvailabilityZoneID.IsAbsent():
			z.Why = "the Availability Zone ID of subnet " + s.Name + " " + DescribeMissing(s.AvailabilityZoneID, "zone")
		default:
			z.Why = "subnet " + s.Name + " does not set its Availability Zone, so AWS picks one"
		}
	}
	return z
}

// SameZone says whether subnets a and b are in the same Availability
// Zone: Yes or No when their zone names, zone IDs or Fn::GetAZs indexes
// (in one template) decide it, Maybe otherwise.
func (q *Q) SameZone(a, b *parsers.Subnet) Answer {
	if a == b {
		return answer(Yes)
	}
	za, zb := q.Zone(a), q.Zone(b)
	switch {
	case za.ID != "" && zb.ID != "":
		return answer(boolTri(za.ID == zb.ID))
	case za.Name != "" && zb.Name != "":
		return answer(boolTri(za.Name == zb.Name))
	case za.Index >= 0 && zb.Index >= 0 && za.File == zb.File:
		return answer(boolTri(za.Index == zb.Index))
	}
	var why []string
	for _, z := range []Zone{za, zb} {
		if z.Why != "" {
			why = append(why, z.Why)
		}
	}
	if len(why) == 0 {
		why = append(why, "subnets "+a.Name+" ("+za.String()+") and "+b.Name+" ("+zb.String()+") name their zones in ways that cannot be compared")
	}
	return answer(Maybe, why...)
}

// ZoneCount bounds the number of distinct Availability Zones subnets span:
// at least min and at most max (equal when the inputs decide it). Why
// lists what leaves the count undecided.
func (q *Q) ZoneCount(subnets []*parsers.Subnet) (minZones, maxZones int, why []string) {
	// Merge subnets known to share a zone; the classes left bound the count
	// from above.
	n := len(subnets)
	class := make([]int, n)
	for i := range class {
		class[i] = i
	}
	find := func(i int) int {
		for class[i] != i {
			i = class[i]
		}
		return i
	}
	// same[i*n+j] is SameZone(subnets[i], subnets[j]).Tri, in one
	// allocation: an environment's lists are asked once per rule, and the
	// reasons are read again only for the Maybe pairs, at the end.
	same := make([]Tri, n*n)
	for i := range subnets {
		for j := range subnets {
			if j < i {
				same[i*n+j] = same[j*n+i]
				continue
			}
			same[i*n+j] = q.SameZone(subnets[i], subnets[j]).Tri
			if same[i*n+j] == Yes {
				class[find(j)] = find(i)
			}
		}
	}
	var reps []int
	for i := range subnets {
		if find(i) == i {
			reps = append(reps, i)
		}
	}
	maxZones = len(reps)
	// Classes pairwise known to differ bound the count from below: the
	// largest such set (exhaustively for the handful of subnets an
	// environment has, greedily beyond).
	distinct := func(i, j int) bool {
		for a := range subnets {
			for b := range subnets {
				if find(a) == reps[i] && find(b) == reps[j] && same[a*n+b] == No {
					return true
				}
			}
		}
		return false
	}
	if len(reps) <= 12 {
		for mask := 1; mask < 1<<len(reps); mask++ {
			var set []int
			for i := range reps {
				if mask&(1<<i) != 0 {
					set = append(set, i)
				}
			}
			if len(set) <= minZones {
				continue
			}
			ok := true
			for x := 0; x < len(set) && ok; x++ {
				for y := x + 1; y < len(set) && ok; y++ {
					ok = distinct(set[x], set[y])
				}
			}
			if ok {
				minZones = len(set)
			}
		}
	} else {
		var set []int
		for i := range reps {
			ok := true
			for _, j := range set {
				ok = ok && distinct(i, j)
			}
			if ok {
				set = append(set, i)
			}
		}
		minZones = len(set)
	}
	if minZones != maxZones {
		for i := range subnets {
			for j := i + 1; j < n; j++ {
				if same[i*n+j] == Maybe {
					why = append(why, q.SameZone(subnets[i], subnets[j]).Why...)
				}
			}
		}
	}
	return minZones, maxZones, Uniq(why)
}

func boolTri(b bool) Tri {
	if b {
		return Yes
	}
	return No
}
