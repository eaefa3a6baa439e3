package rules_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
	hcledit "github.com/beanlint/beanlint/rules/edit/hcl"
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

// terraformFixProblems parses the rendering of a Terraform edit and
// checks that every reference it makes exists in module, where the edit
// writes: resources and data sources of that module in the plan, with the
// attribute read; placeholder variables (vars); or resources and data
// sources the fix adds (declared).
func terraformFixProblems(fix, module string, vars, declared map[string]bool, attrs planAttrs) []string {
	f, diags := hclsyntax.ParseConfig([]byte(fix), "fix.tf", hcl.InitialPos)
	if diags.HasErrors() {
		return []string{"not valid HCL: " + diags.Error()}
	}
	var problems []string
	body := f.Body.(*hclsyntax.Body)
	for _, b := range body.Blocks {
		if b.Type == "resource" && len(b.Labels) == 2 {
			addr := b.Labels[0] + "." + b.Labels[1]
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
			return strings.Join(names, ".") + " is a variable that is not a placeholder of the fix"
		}
		return ""
	case names[0] == "module":
		return "" // a module call's output (a map entry like its siblings')
	case names[0] == "data":
		mode, names = "data", names[1:]
		if len(names) >= 2 && declared["data."+names[0]+"."+names[1]] {
			return ""
		}
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
// Terraform cases: its edits go into the repository's own .tf files (never
// a module's installed code), each renders as valid HCL whose references
// exist in the case's plan in the module the edit writes in, and the
// edits without placeholders apply to the case's files.
func TestTerraformFixes(t *testing.T) {
	n, applied := 0, 0
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
			declared := map[string]bool{}
			vars := map[string]bool{}
			for _, e := range f.Edits {
				if e.Op == edit.AddResource {
					_, local := splitModule(e.Target)
					declared[local] = true
				}
				collectPlaceholders(e.Value, vars)
			}
			for _, e := range f.Edits {
				if filepath.Ext(e.File) != ".tf" || strings.Contains(filepath.ToSlash(e.File), "/.terraform/") {
					t.Errorf("%s: edit of %s, not the repository's own .tf", where, e.File)
				}
				module, _ := splitModule(e.Target)
				rendered := string(hcledit.Render([]edit.Edit{e}))
				for _, p := range terraformFixProblems(rendered, module, vars, declared, attrs) {
					t.Errorf("%s: Terraform fix: %s\n%s", where, p, rendered)
				}
			}
			if len(f.Edits) == 0 || hasPlaceholder(f.Edits) {
				continue
			}
			for _, file := range edit.Files(f.Edits) {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				if _, err := hcledit.Apply(src, edit.In(f.Edits, file)); err != nil {
					t.Errorf("%s: applying the fix: %v", where, err)
				}
			}
			applied++
		}
	}
	t.Logf("%d Terraform fixes checked, %d applied", n, applied)
	if n == 0 || applied == 0 {
		t.Error("no Terraform fix checked or applied")
	}
}

// splitModule splits an edit target into the module it is written in
// and its address there (a module call "module.a.module.b" is written in
// module.a, as "module.b").
func splitModule(target string) (module, local string) {
	parts := strings.Split(target, ".")
	i := 0
	for i+2 < len(parts) && parts[i] == "module" {
		i += 2
	}
	return strings.Join(parts[:i], "."), strings.Join(parts[i:], ".")
}

func collectPlaceholders(v edit.Value, into map[string]bool) {
	if v.Kind == edit.Placeholder {
		into[v.Str] = true
	}
	for _, w := range v.Items {
		collectPlaceholders(w, into)
	}
	for _, f := range v.Fields {
		collectPlaceholders(f.Value, into)
	}
}

func hasPlaceholder(edits []edit.Edit) bool {
	return slices.ContainsFunc(edits, func(e edit.Edit) bool { return edit.HasPlaceholder(e.Value) })
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
		fix, module string
		want        string // "" = no problem
	}{
		{"resource \"aws_vpc_endpoint\" \"s3\" {\n  vpc_id = aws_vpc.main.id\n  route_table_ids = [aws_vpc.main.main_route_table_id]\n}\n", "", ""},
		{"resource \"aws_vpc_endpoint\" \"s3\" {\n  service_name = \"com.amazonaws.${data.aws_region.current.name}.s3\"\n}\n", "", ""},
		{"resource \"aws_vpc_endpoint\" \"s3\" {\n  service_name = \"com.amazonaws.${data.aws_region.current.region}.s3\"\n}\n", "", "no attribute region"},
		{"resource \"aws_vpc_endpoint\" \"x\" {\n  vpc_id = var.vpc_id\n  subnet_ids = [aws_subnet.private[0].id]\n}\n", "module.network", "variable that is not a placeholder"},
		{"resource \"aws_vpc_endpoint\" \"x\" {\n  vpc_id = var.subnet_ids\n  subnet_ids = [aws_subnet.private[0].id]\n}\n", "module.network", ""},
		{"resource \"aws_vpc_endpoint\" \"x\" {\n  subnet_ids = [aws_subnet.private[0].id]\n}\n", "", "not in module \"\""},
		{"resource \"aws_vpc_endpoint\" \"x\" {\n  vpc_id = aws_vpc.main.id\n", "", "not valid HCL"},
		{"resource \"aws_vpc_endpoint\" \"x\" {\n  security_group_ids = [aws_security_group.endpoints.id]\n}\n", "", ""},
		{"resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n", "", "declares aws_vpc.main, which module \"\" already has"},
		{"resource \"aws_vpc\" \"main\" {\n  # ...\n  enable_dns_support = true\n}\n", "", ""},
	} {
		got := strings.Join(terraformFixProblems(c.fix, c.module, map[string]bool{"subnet_ids": true}, map[string]bool{"aws_security_group.endpoints": true}, attrs), "; ")
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
		{"EB601/fail_iam_policy_document.tf", "data \"aws_iam_policy_document\" \"s3_endpoint\" {\n  # ...\n  statement {\n    sid       = \"CloudFormationResponses\""},
		{"EB601/fail_iam_policy_document_after_apply.tf", "data \"aws_iam_policy_document\" \"s3_endpoint\" {\n  # ...\n  statement {\n    sid       = \"CloudFormationResponses\""},
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

// TestEndpointPolicyResourceFix: when an aws_vpc_endpoint_policy sets an
// endpoint's policy, the EB601–EB603 fixes change that resource's policy
// (its file, its block; advice sketches it there too), and never set a
// policy on the aws_vpc_endpoint, which would make two resources set one
// policy.
func TestEndpointPolicyResourceFix(t *testing.T) {
	for _, c := range []struct {
		dir, rule string
		file      string // the file the edits change; "" for advice
		want      string // in the fix text
	}{
		{"EB601/fail_iam_policy_document.tf", "EB601", "main.tf", "data \"aws_iam_policy_document\" \"s3_endpoint\" {"},
		{"EB601/fail_endpoint_policy_resource.tf", "EB601", "policy.tf", "resource \"aws_vpc_endpoint_policy\" \"s3\" {\n  # ...\n  policy = jsonencode({"},
		{"EB601/fail_endpoint_policy_resource_string.tf", "EB601", "", "resource \"aws_vpc_endpoint_policy\" \"s3\" {\n  # ...\n  policy = jsonencode({"},
		{"EB603/fail_health_policy_resource.tf", "EB603", "", "Remove aws_vpc_endpoint_policy.health, which sets the policy of aws_vpc_endpoint.health"},
	} {
		files, err := caseFiles(filepath.Join(casesDir, c.dir))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range lintCase(files) {
			if f.RuleID != c.rule {
				continue
			}
			n++
			if !strings.Contains(f.Fix, c.want) || strings.Contains(f.Fix, "resource \"aws_vpc_endpoint\" ") {
				t.Errorf("%s: %s fix\n%s\nwant it to hold %q and no aws_vpc_endpoint block", c.dir, c.rule, f.Fix, c.want)
			}
			if (c.file == "") != (len(f.Edits) == 0) {
				t.Errorf("%s: %s fix has %d edits, want them in %q", c.dir, c.rule, len(f.Edits), c.file)
			}
			for _, e := range f.Edits {
				if filepath.Base(e.File) != c.file || strings.HasPrefix(e.Target, "aws_vpc_endpoint.") {
					t.Errorf("%s: %s edit %s %s in %s, want it in %s and not on the endpoint", c.dir, c.rule, e.Op, e.Target, e.File, c.file)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d %s findings, want 1", c.dir, n, c.rule)
		}
	}
}

// TestInterfaceEndpointFixDescriptions: the first line of an EB301 fix
// says in plain words what the edit does and in which file, alike in
// CloudFormation and Terraform. {case} stands for the case's path.
func TestInterfaceEndpointFixDescriptions(t *testing.T) {
	for _, c := range []struct{ dir, subject, want string }{
		{"EB301/fail_missing_logs.yaml", "com.amazonaws.<region>.logs",
			"# Add an interface endpoint for logs in {case}."},
		{"EB301/fail_missing_logs.tf", "com.amazonaws.<region>.logs",
			"# Add an interface endpoint for logs in {case}/main.tf"},
		{"EB301/fail_missing_logs_in_module.tf", "com.amazonaws.<region>.logs",
			"# Add an interface endpoint for logs in {case}/modules/network/endpoints/main.tf"},
		{"EB105/fail_vpcid_other_vpc.yaml", "com.amazonaws.<region>.logs",
			"# Add an interface endpoint for logs in {case}, with a new security group that admits HTTPS (TCP 443) from the VPC."},
		{"EB105/fail_vpcid_other_vpc.tf", "com.amazonaws.<region>.logs",
			"# Add an interface endpoint for logs in {case}/main.tf, with a new security group that admits HTTPS (TCP 443) from the VPC"},
		{"modules/fail_registry_module.tf", "com.amazonaws.<region>.logs",
			"# Add an interface endpoint for logs in {case}/main.tf: a new logs entry in the endpoints argument of module.vpc_endpoints, copied from another endpoint's entry"},
		{"EB301/fail_endpoint_other_region.yaml", "com.amazonaws.<region>.logs",
			"# Use the stack's region in the service name of LogsEndpoint in {case}."},
		{"EB301/fail_endpoint_other_region.tf", "com.amazonaws.<region>.logs",
			"# Use the environment's region (us-east-1) in the service name of aws_vpc_endpoint.logs in {case}/main.tf"},
	} {
		dir := filepath.Join(casesDir, c.dir)
		files, err := caseFiles(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.ReplaceAll(c.want, "{case}", dir)
		var got []string
		for _, f := range lintCase(files) {
			if f.RuleID == "EB301" && f.Subject == c.subject {
				got = append(got, strings.SplitN(f.Fix, "\n", 2)[0])
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%s: EB301 fix descriptions %q, want [%q]", c.dir, got, want)
		}
	}
}
