package rules_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/lint"
)

// modulesCases holds the module-based cases; existing_* are planned as
// updates of the clean stack (terraform.tfstate from
// testdata/terraform/prior-state.py).
const modulesCases = "../testdata/rules/modules"

// TestUpdatePlansAgree: the plan of a mistake made on new infrastructure
// and the plan of the same mistake made as an update of the existing clean
// stack give the same findings (rule, severity, property, message, and the
// source lines they and their related locations land on; lists of
// resources in messages are in the same order, query.SortSubnets), for
// each module pattern: a local module (for_each
// endpoints, associations fed by each.value, count-based subnets, a
// conditional route table index, a read-back data source, settings from
// join(sort()), static or from a dynamic "setting" block), a Git module and
// registry modules read through modules.json; mistakes made in a module
// input (an endpoint's, the instances' or the load balancer's security
// group rules, an endpoint's subnets, route tables, private DNS or policy,
// an endpoint missing from the endpoints map) land on that input in both.
// The update
// plans are checked to be updates: a prior state, and nothing created.
func TestUpdatePlansAgree(t *testing.T) {
	pairs := []struct{ created, updated string }{
		{"pass_private_module.tf", "existing_pass_private_module.tf"},
		{"fail_missing_logs_module.tf", "existing_fail_missing_logs_module.tf"},
		{"pass_dynamic_settings_module.tf", "existing_pass_dynamic_settings_module.tf"},
		{"fail_dns_hostnames_input.tf", "existing_fail_dns_hostnames_dynamic.tf"},
		{"pass_registry_module.tf", "existing_pass_registry_module.tf"},
		{"fail_registry_module.tf", "existing_fail_registry_module.tf"},
		{"pass_git_module.tf", "existing_pass_git_module.tf"},
		{"fail_git_module.tf", "existing_fail_git_module.tf"},
		{"fail_sg_rules_registry.tf", "existing_fail_sg_rules_registry.tf"},
		{"fail_s3_route_tables_registry.tf", "existing_fail_s3_route_tables_registry.tf"},
		{"pass_single_route_table_registry.tf", "existing_pass_single_route_table_registry.tf"},
		{"fail_private_dns_registry.tf", "existing_fail_private_dns_registry.tf"},
		{"fail_endpoint_policy_registry.tf", "existing_fail_endpoint_policy_registry.tf"},
		{"fail_endpoint_subnets_registry.tf", "existing_fail_endpoint_subnets_registry.tf"},
		{"fail_no_s3_endpoint_registry.tf", "existing_fail_no_s3_endpoint_registry.tf"},
		{"fail_endpoint_ingress_module.tf", "existing_fail_endpoint_ingress_module.tf"},
		{"fail_private_dns_module.tf", "existing_fail_private_dns_module.tf"},
		{"pass_security_group_module.tf", "existing_pass_security_group_module.tf"},
		{"fail_security_group_module.tf", "existing_fail_security_group_module.tf"},
		// An association whose endpoint ID is known only after apply:
		// certain where it cannot change the answer. (Where it can, the
		// plan of new infrastructure notes it and the update plan, whose
		// state knows the ID, decides: note_unresolved_association.tf,
		// existing_pass_unresolved_association.tf.)
		{"fail_unresolved_association.tf", "existing_fail_unresolved_association.tf"},
	}
	for _, p := range pairs {
		t.Run(p.updated, func(t *testing.T) {
			checkUpdatePlan(t, filepath.Join(modulesCases, p.updated, "plan.json"))
			created := findingLines(t, filepath.Join(modulesCases, p.created))
			updated := findingLines(t, filepath.Join(modulesCases, p.updated))
			if !reflect.DeepEqual(created, updated) {
				t.Errorf("new infrastructure gives\n%s\nthe update gives\n%s", strings.Join(created, "\n"), strings.Join(updated, "\n"))
			}
		})
	}
}

// findingLines lints a case's plan and describes each finding by rule,
// severity, property, message, the source line it starts on (without its
// want comment) and those of its related locations, sorted.
func findingLines(t *testing.T, dir string) []string {
	t.Helper()
	res := lint.Run([]string{filepath.Join(dir, "plan.json")}, lint.Options{})
	lineAt := func(loc parsers.Location) string {
		data, err := os.ReadFile(loc.File)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		if loc.StartLine < 1 || int(loc.StartLine) > len(lines) {
			t.Fatalf("location %s outside the file", loc)
		}
		line, _, _ := strings.Cut(lines[loc.StartLine-1], "# want")
		return strings.TrimSpace(line)
	}
	var out []string
	for _, f := range res.Findings {
		desc := []string{f.RuleID, f.Severity.String(), f.Property, lineAt(f.Loc), f.Message}
		for _, r := range f.Related {
			desc = append(desc, "related "+r.Message+": "+lineAt(r.Loc))
		}
		out = append(out, strings.Join(desc, " | "))
	}
	sort.Strings(out)
	return out
}

// checkUpdatePlan fails unless the plan has a prior state and plans no
// resource to be created, except in place of one the state holds (a
// replacement: a security group rule's ports cannot change in place).
func checkUpdatePlan(t *testing.T, plan string) {
	t.Helper()
	data, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		PriorState *struct {
			Values struct {
				RootModule json.RawMessage `json:"root_module"`
			} `json:"values"`
		} `json:"prior_state"`
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	if p.PriorState == nil || len(p.PriorState.Values.RootModule) == 0 {
		t.Errorf("%s has no prior state", plan)
	}
	for _, c := range p.ResourceChanges {
		if slices.Contains(c.Change.Actions, "create") && !slices.Contains(c.Change.Actions, "delete") {
			t.Errorf("%s creates %s: not an update of the existing stack", plan, c.Address)
		}
	}
}
