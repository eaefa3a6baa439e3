package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Notices returns the notices about g's inputs, sorted by location:
// in-source suppressions (CloudFormation Metadata, Terraform
// "# beanlint:ignore" comments) of unknown rule IDs, a typo that would
// otherwise silently suppress nothing. A suppression every instance of a
// count or for_each resource shares gives one notice.
func Notices(g *parsers.Graph) []parsers.Notice {
	if g == nil {
		return nil
	}
	var out []parsers.Notice
	seen := map[string]bool{}
	check := func(where string, ss []parsers.Suppression) {
		for _, s := range ss {
			id := strings.TrimSpace(s.RuleID)
			if Lookup(id) != nil {
				continue
			}
			n := parsers.Notice{Loc: s.Loc, Msg: fmt.Sprintf(
				"%s names rule %q, which does not exist, so it suppresses nothing; rule IDs are %s",
				where, id, ruleIDs())}
			if k := n.Loc.String() + "\x00" + n.Msg; !seen[k] {
				seen[k] = true
				out = append(out, n)
			}
		}
	}
	for _, f := range g.Files {
		check("file-level suppression", f.Ignore)
	}
	for _, n := range graphNodes(g) {
		if r := n.Base(); !r.Synthetic {
			check("suppression on "+parsers.StripInstanceKeys(r.Name), r.Ignore)
		}
	}
	slices.SortStableFunc(out, func(a, b parsers.Notice) int {
		return a.Loc.Start().Compare(b.Loc.Start())
	})
	return out
}

func ruleIDs() string {
	var ids []string
	for _, r := range All() {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ", ")
}

// graphNodes returns every node of g.
func graphNodes(g *parsers.Graph) []parsers.Node {
	var out []parsers.Node
	add := func(n parsers.Node) { out = append(out, n) }
	for _, n := range g.VPCs {
		add(n)
	}
	for _, n := range g.Subnets {
		add(n)
	}
	for _, n := range g.RouteTables {
		add(n)
	}
	for _, n := range g.Gateways {
		add(n)
	}
	for _, n := range g.Endpoints {
		add(n)
	}
	for _, n := range g.SecurityGroups {
		add(n)
	}
	for _, n := range g.NetworkACLs {
		add(n)
	}
	for _, n := range g.Environments {
		add(n)
	}
	for _, n := range g.ConfigTemplates {
		add(n)
	}
	return out
}
