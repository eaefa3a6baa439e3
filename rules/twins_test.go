package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules"
)

// foundationTwins are the CloudFormation cases the foundation issue
// required (a failing and a passing case per first-wave rule, the NAT and
// transit postures, a subnet on the main route table, the default security
// group of an endpoint without groups, a network from elsewhere, a fully
// private environment, two stacks linted together). Each must have a
// Terraform twin <case>.tf next to it.
var foundationTwins = []string{
	"EB201/fail_dns_support_off.yaml",
	"EB201/pass_dns_support_default.yaml",
	"EB202/fail_hostnames_default.yaml",
	"EB202/fail_hostnames_false.yaml",
	"EB202/pass_nat_posture.yaml",
	"EB203/fail_private_dns_off.yaml",
	"EB203/pass_not_required.yaml",
	"EB301/fail_missing_logs.yaml",
	"EB301/pass_basic_health.yaml",
	"EB302/fail_no_s3_endpoint.yaml",
	"EB302/pass_s3_interface_private_dns.yaml",
	"EB303/fail_main_route_table.yaml",
	"EB303/fail_table_not_listed.yaml",
	"EB303/pass_both_tables.yaml",
	"EB401/fail_default_security_group.yaml",
	"EB401/fail_port_and_cidr.yaml",
	"EB401/pass_default_security_group_on_instances.yaml",
	"EB401/pass_instance_group_source.yaml",
	"EB901/fail_import_without_network.yaml",
	"EB901/fail_literal_subnet_ids.yaml",
	"EB901/pass_public_subnets.yaml",
	"postures/transit_gateway.yaml",
	"private/pass_fully_private.yaml",
	"crossstack/network_and_app",
}

// twinOf returns the CloudFormation case a Terraform case <name>.tf twins:
// <name>.yaml, .yml, .json, .template or the directory <name>; "" when
// there is none.
func twinOf(tfCase string) string {
	base := strings.TrimSuffix(tfCase, ".tf")
	for _, ext := range []string{".yaml", ".yml", ".json", ".template", ""} {
		if _, err := os.Stat(base + ext); err == nil {
			return base + ext
		}
	}
	return ""
}

// tfTwinOf returns the Terraform twin path of a CloudFormation case.
func tfTwinOf(cfnCase string) string {
	ext := filepath.Ext(cfnCase)
	if isTemplateName(cfnCase) {
		return strings.TrimSuffix(cfnCase, ext) + ".tf"
	}
	return cfnCase + ".tf"
}

// ruleCounts is the multiset of (rule, severity, suppressed) of findings.
func ruleCounts(fs []rules.Finding) []string {
	counts := map[string]int{}
	for _, f := range fs {
		k := f.RuleID + ":" + f.Severity.String()
		if f.Suppressed() {
			k += "[suppressed]"
		}
		counts[k]++
	}
	var out []string
	for k, n := range counts {
		out = append(out, fmt.Sprintf("%s x%d", k, n))
	}
	slices.Sort(out)
	return out
}

// TestTwins lints each Terraform case next to its CloudFormation twin and
// requires the same rule IDs, severities and counts: no rule may behave
// differently by input format.
func TestTwins(t *testing.T) {
	for _, name := range foundationTwins {
		cfn := filepath.Join(casesDir, filepath.FromSlash(name))
		if !isTFCase(tfTwinOf(cfn)) {
			t.Errorf("%s has no Terraform twin %s with %s", cfn, tfTwinOf(cfn), tfCasePlan)
		}
	}
	pairs := 0
	for _, c := range listCases(t) {
		if filepath.Ext(c) != ".tf" {
			continue
		}
		twin := twinOf(c)
		if twin == "" {
			continue // a Terraform-only case
		}
		pairs++
		rel, _ := filepath.Rel(casesDir, c)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			tfFiles, err := caseFiles(c)
			if err != nil {
				t.Fatal(err)
			}
			cfnFiles, err := caseFiles(twin)
			if err != nil {
				t.Fatal(err)
			}
			tf, cfn := ruleCounts(lintCase(tfFiles)), ruleCounts(lintCase(cfnFiles))
			if !slices.Equal(tf, cfn) {
				t.Errorf("Terraform twin yields %q, CloudFormation %s yields %q", tf, filepath.Base(twin), cfn)
			}
		})
	}
	if pairs < len(foundationTwins) {
		t.Errorf("found %d twin pairs, want at least %d", pairs, len(foundationTwins))
	}
}

// lineOf returns the 1-based line of the first line of file that contains
// s.
func lineOf(t *testing.T, file, s string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("%s: no line holds %q", file, s)
	return 0
}

// TestTerraformModuleChain is the acceptance case of the Terraform issue:
// a private environment whose network lives in nested local modules with
// count-based subnets. The finding inside the innermost module carries the
// module call chain, outermost first, as related locations on the module
// blocks.
func TestTerraformModuleChain(t *testing.T) {
	dir := filepath.Join(casesDir, "crossstack", "network_and_app.tf")
	root := filepath.Join(dir, "main.tf")
	network := filepath.Join(dir, "modules", "network", "main.tf")
	vpc := filepath.Join(dir, "modules", "vpc", "main.tf")
	var found bool
	for _, f := range lintCase([]string{filepath.Join(dir, tfCasePlan)}) {
		if f.RuleID != "EB202" {
			continue
		}
		found = true
		if !samePath(f.Loc.File, vpc) || int(f.Loc.StartLine) != lineOf(t, vpc, `resource "aws_vpc" "this"`) {
			t.Errorf("EB202 at %s, want the aws_vpc block in %s", f.Loc, vpc)
		}
		var chain []string
		for _, r := range f.Related {
			if strings.HasPrefix(r.Message, "module call ") {
				chain = append(chain, fmt.Sprintf("%s@%s:%d", r.Message, filepath.Clean(r.Loc.File), r.Loc.StartLine))
			}
		}
		want := []string{
			fmt.Sprintf("module call module.network@%s:%d", filepath.Clean(root), lineOf(t, root, `module "network"`)),
			fmt.Sprintf("module call module.network.module.vpc@%s:%d", filepath.Clean(network), lineOf(t, network, `module "vpc"`)),
		}
		if !slices.Equal(chain, want) {
			t.Errorf("module call chain = %q, want %q", chain, want)
		}
	}
	if !found {
		t.Error("no EB202 finding in the module case")
	}
}
