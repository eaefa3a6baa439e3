package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// evalConfig is a root module and a child module: a VPC whose ID is known
// only after apply, two counted subnets, a for_each route table set, an
// association resource fed by each.value from a local map, and a variable
// known only after apply.
const evalConfig = `
variable "single" { default = false }
variable "names" { type = list(string) }
variable "late" {}
locals {
  azs   = ["a", "b"]
  m     = { x = "1", y = "" }
  pairs = { for i, s in aws_subnet.a : "k${i}" => { subnet = s.id, n = i } }
}
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  count  = 2
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table" "rt" {
  for_each = toset(local.azs)
  vpc_id   = aws_vpc.main.id
}
module "child" {
  source = "./child"
  ids    = aws_subnet.a[*].id
  flag   = var.single
}
`

const evalChild = `
variable "ids" { type = list(string) }
variable "flag" { type = bool }
variable "opt" {
  type    = object({ a = optional(string, "dflt"), b = optional(number) })
  default = {}
}
output "first" { value = element(var.ids, var.flag ? 0 : 1) }
output "opt" { value = var.opt.a }
output "path" { value = path.module }
`

// evalPlan is the plan of evalConfig for new infrastructure.
const evalPlan = `{
 "format_version": "1.2",
 "variables": {"single": {"value": false}, "names": {"value": ["b", "a", "b"]}},
 "planned_values": {"root_module": {}},
 "resource_changes": [
  {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
   "change": {"actions": ["create"], "after": {"cidr_block": "10.0.0.0/16"}, "after_unknown": {"id": true}}},
  {"address": "aws_subnet.a[0]", "mode": "managed", "type": "aws_subnet", "name": "a", "index": 0,
   "change": {"actions": ["create"], "after": {}, "after_unknown": {"id": true, "vpc_id": true}}},
  {"address": "aws_subnet.a[1]", "mode": "managed", "type": "aws_subnet", "name": "a", "index": 1,
   "change": {"actions": ["create"], "after": {}, "after_unknown": {"id": true, "vpc_id": true}}},
  {"address": "aws_route_table.rt[\"a\"]", "mode": "managed", "type": "aws_route_table", "name": "rt", "index": "a",
   "change": {"actions": ["create"], "after": {}, "after_unknown": {"id": true, "vpc_id": true}}},
  {"address": "aws_route_table.rt[\"b\"]", "mode": "managed", "type": "aws_route_table", "name": "rt", "index": "b",
   "change": {"actions": ["create"], "after": {}, "after_unknown": {"id": true, "vpc_id": true}}}
 ],
 "configuration": {"root_module": {}}
}`

// newEvalBuilder builds a builder with an evaluator over evalConfig.
func newEvalBuilder(t *testing.T) *builder {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"main.tf": evalConfig, "child/main.tf": evalChild, "plan.json": evalPlan} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Parse(filepath.Join(dir, "plan.json"), []byte(evalPlan))
	if err != nil {
		t.Fatal(err)
	}
	p.moduleInstances[""+"\x00"+"child"] = []string{"module.child"}
	ix, errs := tfsource.Load(dir, "")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	b := &builder{g: parsers.NewGraph(), p: p, src: ix, alias: map[string]string{}, nodes: map[string]bool{}, endpointGroups: map[string]*groupAssociations{}}
	for _, in := range p.instances {
		in.key = p.Path + "#" + in.addr
		if _, ok := makers[b.kind(in)]; ok {
			b.nodes[in.key] = true
		}
	}
	b.ev = newEvaluator(b)
	return b
}

// showEvals renders values joined by sep.
func showEvals(b *builder, vs []parsers.Value, sep string) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = showEval(b, v)
	}
	return strings.Join(parts, sep)
}

// showEval renders an evaluated value: literals as they are, references as
// "ref ADDRESS", lists in brackets, unknowns as "unknown".
func showEval(b *builder, v parsers.Value) string {
	switch v.Kind {
	case parsers.Known:
		return v.Str
	case parsers.Ref:
		return "ref " + strings.TrimPrefix(v.Target, b.p.Path+"#")
	case parsers.List:
		return "[" + showEvals(b, v.Items(), " ") + "]"
	case parsers.Map:
		parts := make([]string, len(v.Fields()))
		for i, f := range v.Fields() {
			parts[i] = f.Key + "=" + showEval(b, f.Value)
		}
		return "{" + strings.Join(parts, " ") + "}"
	case parsers.Concat:
		return "concat(" + showEvals(b, v.Parts(), "|") + ")"
	case parsers.Unknown:
		return "unknown"
	}
	return v.Kind.String()
}

func TestEvaluator(t *testing.T) {
	tests := []struct {
		name, expr, want string
		reason           string // for unknowns: a substring of the reason
	}{
		// Expression forms.
		{"literal", `"x"`, "x", ""},
		{"reference to a node: placeholder back to the reference", `aws_vpc.main.id`, "ref aws_vpc.main", ""},
		{"known attribute", `aws_vpc.main.cidr_block`, "10.0.0.0/16", ""},
		{"splat", `aws_subnet.a[*].id`, "[ref aws_subnet.a[0] ref aws_subnet.a[1]]", ""},
		{"index", `aws_subnet.a[1].id`, "ref aws_subnet.a[1]", ""},
		{"for_each instance by key", `aws_route_table.rt["b"].id`, "ref aws_route_table.rt[\"b\"]", ""},
		{"for expression over for_each instances", `[for k, rt in aws_route_table.rt : rt.id]`, "[ref aws_route_table.rt[\"a\"] ref aws_route_table.rt[\"b\"]]", ""},
		{"conditional decided by a variable: the condition is no candidate", `var.single ? aws_subnet.a[0].id : aws_subnet.a[1].id`, "ref aws_subnet.a[1]", ""},
		{"condition used as an index", `element(aws_subnet.a[*].id, var.single ? 0 : 1)`, "ref aws_subnet.a[1]", ""},
		{"local", `local.azs`, "[a b]", ""},
		{"local map built from resources", `local.pairs["k1"].subnet`, "ref aws_subnet.a[1]", ""},
		{"template around a reference", `"id-${aws_vpc.main.id}"`, "concat(id-|ref aws_vpc.main)", ""},
		{"join of references is a list", `join(",", sort(aws_subnet.a[*].id))`, "[ref aws_subnet.a[0] ref aws_subnet.a[1]]", ""},
		{"module output through module inputs", `module.child.first`, "ref aws_subnet.a[1]", ""},
		{"optional attribute default of a variable type", `module.child.opt`, "dflt", ""},
		{"path.module", `path.module`, ".", ""},
		{"path.module of a child module", `module.child.path`, "child", ""},
		// Functions.
		{"element", `element(["a", "b", "c"], 4)`, "b", ""},
		{"try falls back", `try(local.m.missing, "fb")`, "fb", ""},
		{"can", `can(local.m.missing)`, "false", ""},
		{"coalesce skips null and empty strings", `coalesce(null, local.m.y, "z")`, "z", ""},
		{"concat", `concat(["a"], ["b"])`, "[a b]", ""},
		{"flatten", `flatten([["a"], ["b", ["c"]]])`, "[a b c]", ""},
		{"lookup with a default", `lookup(local.m, "q", "d")`, "d", ""},
		{"lookup with a null default", `lookup(local.m, "q", null)`, "absent", ""},
		{"merge", `merge(local.m, { y = "2" })`, "{x=1 y=2}", ""},
		{"compact", `compact(["a", "", "b"])`, "[a b]", ""},
		{"distinct", `distinct(var.names)`, "[b a]", ""},
		{"keys", `keys(local.m)`, "[x y]", ""},
		{"values", `values(local.m)`, "[1 ]", ""},
		{"sort", `sort(var.names)`, "[a b b]", ""},
		{"tolist", `tolist(toset(var.names))`, "[a b]", ""},
		{"length of a list", `length(var.names)`, "3", ""},
		{"length of a string", `length("abcd")`, "4", ""},
		{"format", `format("com.amazonaws.%s.%s", "eu-west-1", "logs")`, "com.amazonaws.eu-west-1.logs", ""},
		{"split", `split(",", "a,b")`, "[a b]", ""},
		{"contains", `contains(var.names, "a")`, "true", ""},
		{"replace with a regular expression", `replace("ecr.api", "/[.]/", "-")`, "ecr-api", ""},
		// Unknown inputs stay unknown, with a reason.
		{"variable without a value", `var.late`, "unknown", "var.late has no value in the plan"},
		{"argument known only after apply: its own expression", `aws_subnet.a[0].vpc_id`, "ref aws_vpc.main", ""},
		{"attribute the plan does not have", `aws_subnet.a[0].arn`, "unknown", "does not have an attribute"},
		{"unknown through a function", `upper(var.late)`, "unknown", "var.late has no value"},
		{"unknown condition", `var.late ? "a" : "b"`, "unknown", "var.late"},
		{"function beanlint does not know", `templatefile("x.tpl", {})`, "unknown", "templatefile"},
		// Terraform's own functions; results as terraform console 1.11.4 gives them.
		{"cidrsubnets", `cidrsubnets("10.0.0.0/16", 8, 8, 4, 8)`, "[10.0.0.0/24 10.0.1.0/24 10.0.16.0/20 10.0.32.0/24]", ""},
		{"cidrsubnets, a host address", `cidrsubnets("10.1.7.9/16", 4, 4, 8, 4)`, "[10.1.0.0/20 10.1.16.0/20 10.1.32.0/24 10.1.48.0/20]", ""},
		{"cidrsubnets, IPv6", `cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)`, "[fd00:fd12:3456:7800::/72 fd00:fd12:3456:7800:100::/72 fd00:fd12:3456:7800:200::/72 fd00:fd12:3456:7800:300::/88]", ""},
		{"cidrsubnets fills the prefix", `cidrsubnets("10.0.0.0/30", 1, 1)`, "[10.0.0.0/31 10.0.0.2/31]", ""},
		{"cidrsubnets beyond the prefix", `cidrsubnets("10.0.0.0/30", 1, 1, 1)`, "unknown", "not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31"},
		{"cidrsubnets of no bits", `cidrsubnets("10.0.0.0/8", 0)`, "unknown", "at least one bit"},
		{"cidrsubnets of nothing", `length(cidrsubnets("10.0.0.0/16"))`, "0", ""},
		{"cidrnetmask", `cidrnetmask("172.16.0.0/12")`, "255.240.0.0", ""},
		{"index", `index(["a", "b", "c"], "b")`, "1", ""},
		{"index of a missing item", `index(["a"], "b")`, "unknown", "item not found"},
		{"one of none", `one([])`, "absent", ""},
		{"one", `one(["x"])`, "x", ""},
		{"one of two", `one(["x", "y"])`, "unknown", "zero or one elements"},
		{"md5", `md5("hello")`, "5d41402abc4b2a76b9719d911017c592", ""},
		{"sha256", `sha256("hi")`, "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4", ""},
		{"base64encode", `base64encode("hi")`, "aGk=", ""},
		{"basename", `basename("foo/bar/baz.txt")`, "baz.txt", ""},
		{"dirname", `dirname("foo/bar/baz.txt")`, "foo/bar", ""},
		{"alltrue", `alltrue([true, false])`, "false", ""},
		{"anytrue", `anytrue([false, true])`, "true", ""},
		{"sum", `sum([1, 2.5])`, "3.5", ""},
		{"startswith", `startswith("hello", "he")`, "true", ""},
		{"strcontains", `strcontains("hello", "ll")`, "true", ""},
		{"nonsensitive of sensitive", `nonsensitive(sensitive("x"))`, "x", ""},
		{"cidrsubnet", `cidrsubnet("10.0.0.0/16", 8, 1)`, "10.0.1.0/24", ""},
		{"cidrsubnet of a host address, IPv6", `cidrsubnet("2600:1f18::1/56", 8, 255)`, "2600:1f18:0:ff::/64", ""},
		{"cidrsubnet netnum too large", `cidrsubnet("10.0.0.0/16", 2, 4)`, "unknown", "netnum"},
		{"cidrsubnet too many bits", `cidrsubnet("10.0.0.0/30", 8, 0)`, "unknown", "do not fit"},
		{"cidrhost", `cidrhost("10.0.4.0/24", 5)`, "10.0.4.5", ""},
		{"cidrhost from the end", `cidrhost("10.0.4.0/24", -1)`, "unknown", "from the end"},
		{"resource not in the plan", `aws_instance.web.id`, "unknown", "not in the plan"},
	}
	b := newEvalBuilder(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, diags := hclsyntax.ParseExpression([]byte(tc.expr), "test.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			v := b.ev.value(b.ev.eval(moduleScope(""), e, 0), parsers.Location{}, "x")
			if got := showEval(b, v); got != tc.want {
				t.Errorf("%s = %s (%s), want %s", tc.expr, got, v.Reason(), tc.want)
			}
			if tc.reason != "" && !strings.Contains(v.Reason(), tc.reason) {
				t.Errorf("reason %q does not say %q", v.Reason(), tc.reason)
			}
		})
	}
}

// TestEvaluatorScopes: count.index and each.key / each.value of the
// instance whose argument is evaluated.
func TestEvaluatorScopes(t *testing.T) {
	b := newEvalBuilder(t)
	sub := b.p.byAddr["aws_subnet.a[1]"]
	rt := b.p.byAddr[`aws_route_table.rt["b"]`]
	for _, tc := range []struct {
		name string
		in   *instance
		expr string
		want string
	}{
		{"count.index", sub, `count.index`, "1"},
		{"count.index picks", sub, `aws_subnet.a[count.index].id`, "ref aws_subnet.a[1]"},
		{"each.key of a set", rt, `each.key`, "b"},
		{"each.value of a set", rt, `each.value`, "b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := hclsyntax.ParseExpression([]byte(tc.expr), "test.tf", hcl.InitialPos)
			sc := b.ev.instanceScope(tc.in, b.ev.block(tc.in), 0)
			if got := showEval(b, b.ev.value(b.ev.eval(sc, e, 0), parsers.Location{}, "x")); got != tc.want {
				t.Errorf("%s = %s, want %s", tc.expr, got, tc.want)
			}
		})
	}
}

// TestSortOfPlaceholdersIsDeterministic: sort() over IDs known only after
// apply orders them by what they stand for, not by the order in which the
// evaluation first met them (which varies from run to run), so the
// settings Elastic Beanstalk modules build with join(",", sort(ids)) give
// the same report every time. (The subtests' names hold a comma, so the
// plan's temporary path, part of what a placeholder stands for, does too: a
// placeholder must survive the comma-split of a list setting.)
func TestSortOfPlaceholdersIsDeterministic(t *testing.T) {
	for _, first := range []string{`aws_vpc.main.id`, `aws_subnet.a[0].id`} {
		t.Run(first+", then sort", func(t *testing.T) {
			b := newEvalBuilder(t)
			for _, expr := range []string{first, `join(",", sort([aws_vpc.main.id, aws_subnet.a[0].id]))`} {
				e, diags := hclsyntax.ParseExpression([]byte(expr), "test.tf", hcl.InitialPos)
				if diags.HasErrors() {
					t.Fatal(diags)
				}
				v := b.ev.value(b.ev.eval(moduleScope(""), e, 0), parsers.Location{}, "x")
				if expr == first {
					continue
				}
				if got, want := showEval(b, v), "[ref aws_subnet.a[0] ref aws_vpc.main]"; got != want {
					t.Errorf("after %s first: %s = %s, want %s", first, expr, got, want)
				}
			}
		})
	}
}
