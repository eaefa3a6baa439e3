package terraform

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// traceModule parses module source holding locals and one resource block
// "r" "x" whose argument "a" is traced.
func traceModule(t *testing.T, src string) (*tfsource.Module, *hclsyntax.Block) {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	m := &tfsource.Module{Locals: map[string]hcl.Expression{}}
	var blk *hclsyntax.Block
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		switch b.Type {
		case "locals":
			for name, a := range b.Body.Attributes {
				m.Locals[name] = a.Expr
			}
		case "resource":
			blk = b
		}
	}
	return m, blk
}

// String renders an input path: variable, then .name or [index] per step,
// "..." when closed.
func (p inputPath) String() string {
	var sb strings.Builder
	sb.WriteString(p.variable)
	for _, s := range p.steps {
		if s.name != "" {
			sb.WriteString("." + s.name)
		} else {
			fmt.Fprintf(&sb, "[%d]", s.index)
		}
	}
	if p.closed {
		sb.WriteString("...")
	}
	return sb.String()
}

func TestTracerSource(t *testing.T) {
	const endpoints = `locals {
  endpoints = { for k, v in var.endpoints : k => v if var.create && try(v.create, true) }
  sg_ids    = var.create ? concat(var.security_group_ids, [aws_security_group.this[0].id]) : var.security_group_ids
  rules     = { for i, r in var.rules : "${r.type}-${i}" => r }
}
`
	tests := []struct {
		name string
		key  any // the instance key: count.index or each.key
		expr string
		want string // "" when the value comes from no one input
	}{
		{"variable", nil, `var.enable_dns_hostnames`, "enable_dns_hostnames"},
		{"attribute of a variable", nil, `var.settings.dns`, "settings.dns"},
		{"count.index into a list", json.Number("1"), `var.endpoint_ingress[count.index].from_port`, "endpoint_ingress[1].from_port"},
		{"each.key into a map", "sqs", `var.endpoints[each.key].service`, "endpoints.sqs.service"},
		{"constant index", nil, `var.azs[0]`, "azs[0]"},
		{"each.value of a filtered local", "sqs", `each.value.private_dns_enabled`, "endpoints.sqs.private_dns_enabled"},
		{"lookup", "s3", `lookup(each.value, "route_table_ids", null)`, "endpoints.s3.route_table_ids"},
		{"try with a constant fallback", "sqs", `try(each.value.policy, null)`, "endpoints.sqs.policy"},
		{"condition only decides", "s3", `try(each.value.service_type, "Interface") == "Gateway" ? lookup(each.value, "route_table_ids", null) : null`, "endpoints.s3.route_table_ids"},
		{"condition only decides, value in the false branch", "s3", `var.off ? null : var.cidr`, "cidr"},
		{"both branches the same input", nil, `var.on ? var.cidr : (var.cidr)`, "cidr"},
		{"conversion", nil, `toset(var.subnet_ids)`, "subnet_ids"},
		{"local passing a variable on", nil, `local.endpoints`, "endpoints"},
		{"new keys close the path", "ingress-0", `each.value.from_port`, "rules..."},
		{"template of one reference", nil, `"${var.name}"`, "name"},
		{"two inputs", nil, `concat(var.a, var.b)`, ""},
		{"branches from two inputs", nil, `var.on ? var.a : var.b`, ""},
		{"a resource's attribute", nil, `aws_vpc.this.id`, ""},
		{"a local of two inputs", nil, `local.sg_ids`, ""},
		{"each.key is no value", "sqs", `each.key`, ""},
		{"count.index without an instance key", nil, `var.list[count.index]`, ""},
		{"a negative instance index (a plan written by hand)", json.Number("-1"), `var.list[count.index]`, ""},
		{"lookup with a key that is not constant", "s3", `lookup(each.value, var.k, null)`, ""},
		{"try with a fallback that refers", "s3", `try(each.value.a, var.b)`, ""},
		{"arithmetic", nil, `var.port + 1`, ""},
		{"grouped for expression", nil, `{ for k, v in var.m : v => k... }`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEach := "local.endpoints"
			if strings.HasPrefix(tt.name, "new keys") {
				forEach = "local.rules"
			}
			src := endpoints + fmt.Sprintf("resource \"r\" \"x\" {\n  for_each = %s\n  a = %s\n}\n", forEach, tt.expr)
			m, blk := traceModule(t, src)
			p, ok := tracer{m: m, blk: blk, key: tt.key}.source(blk.Body.Attributes["a"].Expr, 0)
			got := ""
			if ok {
				got = p.String()
			}
			if got != tt.want {
				t.Errorf("source(%s) = %q, want %q", tt.expr, got, tt.want)
			}
		})
	}
}

func TestSelectIn(t *testing.T) {
	const arg = `{
  s3  = { service = "s3", route_table_ids = ["rtb-1"] }
  "sqs" = { service = "sqs" }
  list = [{ from_port = 80 }, { from_port = 443 }]
  ref = local.other
}`
	e, diags := hclsyntax.ParseExpression([]byte(arg), "main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	tests := []struct {
		name  string
		steps []selection
		want  string // the source text reached
		left  int    // steps not followed
	}{
		{"attribute of an entry", []selection{{name: "s3"}, {name: "route_table_ids"}}, `["rtb-1"]`, 0},
		{"quoted key, attribute left out: the entry", []selection{{name: "sqs"}, {name: "private_dns_enabled"}}, `{ service = "sqs" }`, 1},
		{"list element", []selection{{name: "list"}, {index: 1}, {name: "from_port"}}, `443`, 0},
		{"index past the end", []selection{{name: "list"}, {index: 2}}, `[{ from_port = 80 }, { from_port = 443 }]`, 1},
		{"negative index", []selection{{name: "list"}, {index: -1}}, `[{ from_port = 80 }, { from_port = 443 }]`, 1},
		{"not a constructor", []selection{{name: "ref"}, {name: "x"}}, `local.other`, 1},
		{"missing entry: the whole argument", []selection{{name: "logs"}}, arg, 1},
		{"no steps", nil, arg, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rest := selectIn(e, tt.steps)
			r := got.Range()
			if text := arg[r.Start.Byte:r.End.Byte]; text != tt.want || len(rest) != tt.left {
				t.Errorf("selectIn = %q with %d steps left, want %q with %d", text, len(rest), tt.want, tt.left)
			}
		})
	}
}

// TestRulesInputs: a group inside a module whose inbound (outbound) rules
// all repeat over one input of the module call is located at that input
// in the calling configuration, or at the call when the call leaves the
// input out; rules written in the module, rules from two inputs and a
// group outside modules have none.
func TestRulesInputs(t *testing.T) {
	b := build(t, "rule_inputs", true)
	tests := []struct {
		group           string
		ingress, egress string // b.at of the location, "" for none
	}{
		{"module.groups.aws_security_group.dynamic", "main.tf:28:13", ""},
		{"module.groups.aws_security_group.split", "main.tf:29:19", "main.tf:25:1"},
		{"module.groups.aws_security_group.mixed", "", ""},
		{"aws_security_group.root", "", ""},
	}
	for _, tt := range tests {
		sg := node[*parsers.SecurityGroup](b, tt.group)
		show := func(l parsers.Location) string {
			if l.IsZero() {
				return ""
			}
			return b.at(l)
		}
		if got := show(sg.IngressInput); got != tt.ingress {
			t.Errorf("%s: IngressInput at %q, want %q", tt.group, got, tt.ingress)
		}
		if got := show(sg.EgressInput); got != tt.egress {
			t.Errorf("%s: EgressInput at %q, want %q", tt.group, got, tt.egress)
		}
	}
}

// TestTracerDecidedCondition: a condition the instance decides chooses
// the branch the value comes from; a constant branch is no input's value.
func TestTracerDecidedCondition(t *testing.T) {
	m, blk := traceModule(t, "resource \"r\" \"x\" {\n  a = var.legacy ? false : var.enable_dns_hostnames\n}\n")
	e := blk.Body.Attributes["a"].Expr
	for _, tt := range []struct {
		name         string
		value, known bool
		want         string
	}{
		{"legacy: the constant", true, true, ""},
		{"not legacy: the input", false, true, "enable_dns_hostnames"},
		{"undecided: the input, the other branch a constant", false, false, "enable_dns_hostnames"},
	} {
		decide := func(hcl.Expression) (bool, bool) { return tt.value, tt.known }
		p, ok := tracer{m: m, blk: blk, decide: decide}.source(e, 0)
		got := ""
		if ok {
			got = p.String()
		}
		if got != tt.want {
			t.Errorf("%s: source = %q, want %q", tt.name, got, tt.want)
		}
	}
}
