package terraform_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/load"
)

// TestModuleInputs: an argument of a resource inside a module that a
// module variable sets is traced to the argument of the repository's own
// module call (through installed code that passes it on), and an instance
// of a for_each resource to its entry of the map the repository's call
// passes; what installed code decides has no input.
func TestModuleInputs(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "rules", "modules")
	for _, c := range []struct {
		plan, resource, arg string
		want                string // "" = no input
	}{
		{"fail_registry_module.tf", "module.vpc.aws_vpc.this[0]", "enable_dns_hostnames", "module.vpc enable_dns_hostnames main.tf:31"},
		{"fail_registry_module.tf", "module.vpc.aws_vpc.this[0]", "cidr_block", "module.vpc cidr main.tf:27"},
		{"fail_registry_module.tf", `module.vpc_endpoints.aws_vpc_endpoint.this["sqs"]`, "for_each", `module.vpc_endpoints endpoints["sqs"] = { service = "sqs", private_dns_enabled = true } main.tf:51`},
		{"fail_git_module.tf", `module.net.module.network.aws_vpc_endpoint.this["logs"]`, "for_each", `module.net endpoints["logs"] = { service = "logs" } main.tf:30`},
		{"fail_git_module.tf", "module.net.module.network.aws_vpc.this", "enable_dns_hostnames", ""},
		{"fail_git_module.tf", "module.net.module.network.aws_vpc.this", "cidr_block", "module.net cidr main.tf:22"},
		// The call leaves enable_dns_hostnames to the module's default:
		// the call is where to set it.
		{"pass_private_module.tf", "module.network.aws_vpc.this", "enable_dns_hostnames", "module.network enable_dns_hostnames main.tf:18"},
	} {
		res := load.Load([]string{filepath.Join(dir, c.plan, "plan.json")}, load.Options{})
		var r *parsers.Resource
		for _, n := range append(nodesOf(res.Graph.VPCs), nodesOf(res.Graph.Endpoints)...) {
			if n.Base().Name == c.resource {
				r = n.Base()
			}
		}
		if r == nil {
			t.Fatalf("%s: no %s", c.plan, c.resource)
		}
		got := ""
		if c.arg == "for_each" && r.ForEachInput != nil {
			in := r.ForEachInput
			got = fmt.Sprintf("%s %s[%q] = %s %s:%d", in.Call, in.Argument, in.Key, in.Entry, filepath.Base(in.Loc.File), in.Loc.StartLine)
		} else if in, ok := r.ModuleInputs[c.arg]; ok {
			got = fmt.Sprintf("%s %s %s:%d", in.Call, in.Argument, filepath.Base(in.Loc.File), in.Loc.StartLine)
		}
		if got != c.want {
			t.Errorf("%s: %s %s: input %q, want %q", c.plan, c.resource, c.arg, got, c.want)
		}
	}
}

func nodesOf[T parsers.Node](ns []T) []parsers.Node {
	out := make([]parsers.Node, len(ns))
	for i, n := range ns {
		out[i] = n
	}
	return out
}

// TestSourceFileDataSources: each .tf file of a configuration lists the
// data blocks it declares; the plan does not.
func TestSourceFileDataSources(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "rules", "EB101", "fail_alb_one_az.tf")
	res := load.Load([]string{filepath.Join(dir, "plan.json")}, load.Options{})
	got := map[string][]string{}
	for _, f := range res.Graph.Files {
		got[filepath.Base(f.Path)] = f.DataSources
	}
	if want := []string{"data.aws_region.current"}; !slices.Equal(got["main.tf"], want) {
		t.Errorf("main.tf declares %v, want %v", got["main.tf"], want)
	}
	if got["plan.json"] != nil {
		t.Errorf("plan.json: %v, want none", got["plan.json"])
	}
}

// TestPolicyIn: a policy written as jsonencode of a document with a
// Statement list names its block; the JSON of an aws_iam_policy_document
// names the data source instead.
func TestPolicyIn(t *testing.T) {
	for _, c := range []struct{ plan, in, from string }{
		{"EB601/fail_not_action.tf", "aws_vpc_endpoint.s3", ""},
		{"EB601/fail_iam_policy_document.tf", "", "data.aws_iam_policy_document.s3_endpoint"},
	} {
		res := load.Load([]string{filepath.Join("..", "..", "testdata", "rules", c.plan, "plan.json")}, load.Options{})
		found := false
		for _, ep := range res.Graph.Endpoints {
			if ep.Name != "aws_vpc_endpoint.s3" {
				continue
			}
			found = true
			if ep.PolicyIn != c.in || ep.PolicyFrom != c.from || (c.in != "" && filepath.Base(ep.PolicyInLoc.File) != "main.tf") {
				t.Errorf("%s: PolicyIn %q at %v, PolicyFrom %q; want %q, %q", c.plan, ep.PolicyIn, ep.PolicyInLoc, ep.PolicyFrom, c.in, c.from)
			}
		}
		if !found {
			t.Errorf("%s: no aws_vpc_endpoint.s3", c.plan)
		}
	}
}
