package rules_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/beanlint/beanlint/parsers"
)

// planAttrs indexes what a plan says each resource has: module (keys
// stripped) + "\x00" + mode + "." + type + "." + name → attribute names
// known or unknown after apply.
type planAttrs map[string]map[string]bool

type planModule struct {
	Address   string `json:"address"`
	Resources []struct {
		Mode   string         `json:"mode"`
		Type   string         `json:"type"`
		Name   string         `json:"name"`
		Values map[string]any `json:"values"`
	} `json:"resources"`
	ChildModules []planModule `json:"child_modules"`
}

func readPlanAttrs(t *testing.T, path string) planAttrs {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var plan struct {
		ResourceChanges []struct {
			ModuleAddress string `json:"module_address"`
			Mode          string `json:"mode"`
			Type          string `json:"type"`
			Name          string `json:"name"`
			Change        struct {
				After        map[string]any `json:"after"`
				AfterUnknown map[string]any `json:"after_unknown"`
			} `json:"change"`
		} `json:"resource_changes"`
		PriorState struct {
			Values struct {
				RootModule planModule `json:"root_module"`
			} `json:"values"`
		} `json:"prior_state"`
	}
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	out := planAttrs{}
	add := func(module, mode, typ, name string, attrs ...map[string]any) {
		k := parsers.StripInstanceKeys(module) + "\x00" + mode + "." + typ + "." + name
		if out[k] == nil {
			out[k] = map[string]bool{"id": true}
		}
		for _, m := range attrs {
			for a := range m {
				out[k][a] = true
			}
		}
	}
	for _, rc := range plan.ResourceChanges {
		add(rc.ModuleAddress, rc.Mode, rc.Type, rc.Name, rc.Change.After, rc.Change.AfterUnknown)
	}
	var walk func(m planModule)
	walk = func(m planModule) {
		for _, r := range m.Resources {
			add(m.Address, r.Mode, r.Type, r.Name, r.Values)
		}
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	walk(plan.PriorState.Values.RootModule)
	return out
}

var (
	fixModule   = regexp.MustCompile(`(?m)^# in (module\.\S+)$`)
	fixVariable = regexp.MustCompile(`(?m)^# var\.(\w+): `)
)

// terraformFixProblems parses a Terraform fix snippet and checks that
// every reference it makes exists where the snippet says it goes:
// resources and data sources of that module in the plan, with the
// attribute read; input variables the snippet's header explains; or
// resources the snippet declares.
func terraformFixProblems(fix string, attrs planAttrs) []string {
	f, diags := hclsyntax.ParseConfig([]byte(fix), "fix.tf", hcl.InitialPos)
	if diags.HasErrors() {
		return []string{"not valid HCL: " + diags.Error()}
	}
	module := ""
	if m := fixModule.FindStringSubmatch(fix); m != nil {
		module = m[1]
	}
	vars := map[string]bool{}
	for _, m := range fixVariable.FindAllStringSubmatch(fix, -1) {
		vars[m[1]] = true
	}
	declared := map[string]bool{}
	var problems []string
	body := f.Body.(*hclsyntax.Body)
	for _, b := range body.Blocks {
		if b.Type == "resource" && len(b.Labels) == 2 {
			addr := b.Labels[0] + "." + b.Labels[1]
			declared[addr] = true
			// A block that edits an existing resource says so with "# ...";
			// any other block of an existing address is a duplicate.
			r := b.Range()
			if _, exists := attrs[module+"\x00managed."+addr]; exists && !strings.Contains(fix[r.Start.Byte:r.End.Byte], "# ...") {
				problems = append(problems, fmt.Sprintf("declares %s, which module %q already has", addr, module))
			}
		}
	}
	var check func(b *hclsyntax.Body)
	check = func(b *hclsyntax.Body) {
		for _, a := range b.Attributes {
			for _, tr := range a.Expr.Variables() {
				if p := traversalProblem(tr, module, vars, declared, attrs); p != "" {
					problems = append(problems, p)
				}
			}
		}
		for _, blk := range b.Blocks {
			check(blk.Body)
		}
	}
	check(body)
	return problems
}

func traversalProblem(tr hcl.Traversal, module string, vars, declared map[string]bool, attrs planAttrs) string {
	var names []string
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			names = append(names, s.Name)
		case hcl.TraverseAttr:
			names = append(names, s.Name)
		}
	}
	mode := "managed"
	switch {
	case names[0] == "var":
		if len(names) < 2 || !vars[names[1]] {
			return strings.Join(names, ".") + " is a variable the header does not explain"
		}
		return ""
	case names[0] == "data":
		mode, names = "data", names[1:]
	case !strings.HasPrefix(names[0], "aws_"):
		return strings.Join(names, ".") + " is not a resource, data source or explained variable"
	}
	if len(names) < 2 {
		return strings.Join(names, ".") + " is incomplete"
	}
	addr := names[0] + "." + names[1]
	if mode == "managed" && declared[addr] {
		return ""
	}
	have, ok := attrs[module+"\x00"+mode+"."+addr]
	if !ok {
		return fmt.Sprintf("%s %s is not in module %q of the plan", mode, addr, module)
	}
	if len(names) > 2 && !have[names[2]] {
		return fmt.Sprintf("%s has no attribute %s in the plan", addr, names[2])
	}
	return ""
}

// TestTerraformFixes checks the Terraform remedy of every finding of the
// Terraform cases: valid HCL whose references exist in the case's plan, in
// the module the fix says it goes in.
func TestTerraformFixes(t *testing.T) {
	n := 0
	for _, c := range listCases(t) {
		if !isTFCase(c) || isNoPlanCase(c) {
			continue
		}
		files, err := caseFiles(c)
		if err != nil {
			t.Fatal(err)
		}
		attrs := readPlanAttrs(t, files[0])
		for _, f := range lintCase(files) {
			if f.Fix == "" {
				continue
			}
			where := f.Loc.String() + ": " + f.RuleID
			if filepath.Ext(f.Loc.File) != ".tf" {
				t.Errorf("%s: finding of a Terraform case is not located in .tf source", where)
			}
			n++
			for _, p := range terraformFixProblems(f.Fix, attrs) {
				t.Errorf("%s: Terraform fix: %s\n%s", where, p, f.Fix)
			}
		}
	}
	if n == 0 {
		t.Error("no Terraform fix checked")
	}
}

// TestTerraformFixProblems shows the fix check rejects what makes a
// snippet invalid for its configuration.
func TestTerraformFixProblems(t *testing.T) {
	attrs := planAttrs{
		"\x00managed.aws_vpc.main":                          {"id": true, "cidr_block": true, "main_route_table_id": true},
		"\x00data.aws_region.current":                       {"id": true, "name": true},
		"module.network\x00managed.aws_subnet.private":      {"id": true},
		"module.network.module.vpc\x00managed.aws_vpc.this": {"id": true},
	}
	for _, c := range []struct {
		fix  string
		want string // "" = no problem
	}{
		{"resource \"aws_vpc_endpoint\" \"s3\" {\n  vpc_id = aws_vpc.main.id\n  route_table_ids = [aws_vpc.main.main_route_table_id]\n}\n", ""},
		{"resource \"aws_vpc_endpoint\" \"s3\" {\n  service_name = \"com.amazonaws.${data.aws_region.current.name}.s3\"\n}\n", ""},
		{"resource \"aws_vpc_endpoint\" \"s3\" {\n  service_name = \"com.amazonaws.${data.aws_region.current.region}.s3\"\n}\n", "no attribute region"},
		{"resource \"aws_vpc_endpoint\" \"s3\" {\n  vpc_id = module.network.module.vpc.aws_vpc.this.id\n}\n", "not a resource"},
		{"# in module.network\nresource \"aws_vpc_endpoint\" \"x\" {\n  vpc_id = var.vpc_id\n  subnet_ids = [aws_subnet.private[0].id]\n}\n", "variable the header does not explain"},
		{"# in module.network\n# var.vpc_id: module.network.module.vpc.aws_vpc.this.id\nresource \"aws_vpc_endpoint\" \"x\" {\n  vpc_id = var.vpc_id\n  subnet_ids = [aws_subnet.private[0].id]\n}\n", ""},
		{"resource \"aws_vpc_endpoint\" \"x\" {\n  subnet_ids = [aws_subnet.private[0].id]\n}\n", "not in module \"\""},
		{"resource \"aws_vpc_endpoint\" \"x\" {\n  vpc_id = aws_vpc.main.id\n", "not valid HCL"},
		{"resource \"aws_security_group\" \"endpoints\" {\n  vpc_id = aws_vpc.main.id\n}\nresource \"aws_vpc_endpoint\" \"x\" {\n  security_group_ids = [aws_security_group.endpoints.id]\n}\n", ""},
		{"resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n", "declares aws_vpc.main, which module \"\" already has"},
		{"resource \"aws_vpc\" \"main\" {\n  # ...\n  enable_dns_support = true\n}\n", ""},
	} {
		got := strings.Join(terraformFixProblems(c.fix, attrs), "; ")
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("problems = %q, want %q, for\n%s", got, c.want, c.fix)
		}
	}
}

// TestPolicyDocumentFix: when an endpoint's policy is the JSON of an
// aws_iam_policy_document, the EB601 fix adds statement blocks to that data
// source, whether the plan knows the JSON or not; a jsonencode policy gets
// a jsonencode statement.
func TestPolicyDocumentFix(t *testing.T) {
	for _, c := range []struct{ dir, want string }{
		{"EB601/fail_iam_policy_document.tf", "data \"aws_iam_policy_document\" \"s3_endpoint\" {\n  # ...the existing statements, and:\n  statement {\n    sid     = \"CloudFormationResponses\""},
		{"EB601/fail_iam_policy_document_after_apply.tf", "data \"aws_iam_policy_document\" \"s3_endpoint\" {\n  # ...the existing statements, and:\n  statement {\n    sid     = \"CloudFormationResponses\""},
		{"EB601/fail_not_action.tf", "policy = jsonencode({"},
	} {
		files, err := caseFiles(filepath.Join(casesDir, c.dir))
		if err != nil {
			t.Fatal(err)
		}
		var fixes []string
		for _, f := range lintCase(files) {
			if f.RuleID == "EB601" {
				fixes = append(fixes, f.Fix)
			}
		}
		if len(fixes) != 1 || !strings.Contains(fixes[0], c.want) {
			t.Errorf("%s: EB601 fixes %q, want one holding %q", c.dir, fixes, c.want)
		}
	}
}
