package terraform

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// buildMutated builds a fixture plan after mutate changed its JSON, with the
// fixture's .tf source.
func buildMutated(t *testing.T, name string, mutate func(plan map[string]any)) *built {
	t.Helper()
	dir := filepath.Join(testdata, name)
	path := filepath.Join(dir, "plan.json")
	plan := readJSON(t, path)
	mutate(plan)
	data, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(path, data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	src, errs := tfsource.Load(dir, "")
	if len(errs) > 0 {
		t.Fatalf("tfsource.Load: %v", errs)
	}
	g := parsers.NewGraph()
	if errs := Build(g, p, src); len(errs) > 0 {
		t.Fatalf("Build: %v", errs)
	}
	g.Sort()
	return &built{t: t, g: g, p: p, plan: path, dir: dir}
}

func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var plan map[string]any
	if err := dec.Decode(&plan); err != nil {
		t.Fatal(err)
	}
	return plan
}

// obj descends through object keys of a decoded JSON document; nil when a
// key is missing.
func obj(v any, keys ...string) map[string]any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	m, _ := v.(map[string]any)
	return m
}

// TestSecretsFlagged reads every fixture plan independently of the parser
// and checks that converting each resource instance's values marks exactly
// the literals the plan flags sensitive: a literal flagged itself always;
// the strings of a block flagged as a whole unless the configuration
// writes them as constants or they name a protocol, action or setting.
func TestSecretsFlagged(t *testing.T) {
	for _, name := range []string{"new_infra", "modules", "split", "update", "data_sources", "sensitive"} {
		t.Run(name, func(t *testing.T) {
			b := build(t, name, true)
			plan := readJSON(t, b.plan)
			consts := map[string]bool{}
			collectConstants(plan["configuration"], consts)

			want := map[string]bool{}
			var walk func(v, s any, whole bool, key string)
			walk = func(v, s any, whole bool, key string) {
				if flag, ok := s.(bool); ok && flag {
					if text, ok := scalar(v); ok && !whole {
						want[text] = true
						return
					}
					whole = true
				}
				switch v := v.(type) {
				case string:
					if whole && !consts[v] && !namingKeys[key] {
						want[v] = true
					}
				case map[string]any:
					sm, _ := s.(map[string]any)
					for k, sub := range v {
						if whole {
							walk(sub, true, true, k)
						} else {
							walk(sub, sm[k], false, k)
						}
					}
				case []any:
					sl, _ := s.([]any)
					for i, sub := range v {
						switch {
						case whole:
							walk(sub, true, true, key)
						case i < len(sl):
							walk(sub, sl[i], false, key)
						}
					}
				}
			}
			for _, rc := range asList(plan["resource_changes"]) {
				ch := obj(rc, "change")
				walk(ch["after"], ch["after_sensitive"], false, "")
			}
			for _, top := range []any{plan["planned_values"], obj(plan["prior_state"], "values")} {
				eachStateResource(obj(top, "root_module"), func(r map[string]any) { walk(r["values"], r["sensitive_values"], false, "") })
			}

			got := map[string]bool{}
			for _, in := range b.p.instances {
				collectSecrets(toValue(in.vals, parsers.Location{}, in.addr), got)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("secret literals = %q, want those the plan flags: %q", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
			}
		})
	}
}

// collectSecrets adds the text of every secret literal in v to out.
func collectSecrets(v parsers.Value, out map[string]bool) {
	if v.Kind == parsers.Known && v.Secret {
		out[v.Str] = true
	}
	for _, vs := range [][]parsers.Value{v.Items(), v.Parts()} {
		for _, it := range vs {
			collectSecrets(it, out)
		}
	}
	for _, f := range v.Fields() {
		collectSecrets(f.Value, out)
	}
}

// graphSecrets returns the text of every secret literal the nodes of g
// hold, sorted.
func graphSecrets(g *parsers.Graph) []string {
	out := map[string]bool{}
	var walk func(rv reflect.Value)
	walk = func(rv reflect.Value) {
		switch rv.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !rv.IsNil() {
				walk(rv.Elem())
			}
		case reflect.Slice:
			for i := range rv.Len() {
				walk(rv.Index(i))
			}
		case reflect.Struct:
			if v, ok := rv.Interface().(parsers.Value); ok {
				collectSecrets(v, out)
				return
			}
			for i := range rv.NumField() {
				if rv.Type().Field(i).IsExported() {
					walk(rv.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(g))
	return slices.Sorted(maps.Keys(out))
}

func asList(v any) []any { l, _ := v.([]any); return l }

// eachStateResource calls f on every resource of a state module and its
// children.
func eachStateResource(m map[string]any, f func(map[string]any)) {
	if m == nil {
		return
	}
	for _, r := range asList(m["resources"]) {
		if rm, ok := r.(map[string]any); ok {
			f(rm)
		}
	}
	for _, c := range asList(m["child_modules"]) {
		eachStateResource(obj(c), f)
	}
}

// collectConstants gathers every constant_value string of a configuration.
func collectConstants(v any, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			if k == "constant_value" {
				collectStrings(sub, out)
				continue
			}
			collectConstants(sub, out)
		}
	case []any:
		for _, sub := range v {
			collectConstants(sub, out)
		}
	}
}

func collectStrings(v any, out map[string]bool) {
	switch v := v.(type) {
	case string:
		out[v] = true
	case map[string]any:
		for _, sub := range v {
			collectStrings(sub, out)
		}
	case []any:
		for _, sub := range v {
			collectStrings(sub, out)
		}
	}
}

// TestBuildSensitive: sensitive values stay in the graph so that rules
// decide with them, and exactly the secrets are marked.
func TestBuildSensitive(t *testing.T) {
	b := build(t, "sensitive", true)
	env := node[*parsers.Environment](b, "aws_elastic_beanstalk_environment.web")
	sg := node[*parsers.SecurityGroup](b, "aws_security_group.endpoints")
	if len(sg.Ingress) != 1 {
		t.Fatalf("ingress rules: %d, want 1", len(sg.Ingress))
	}
	runChecks(t, b, []valueCheck{
		{"sensitive VPC CIDR kept", func(*built) parsers.Value { return node[*parsers.VPC](b, "aws_vpc.main").CIDRs[0] }, "secret 10.77.0.0/16", "main.tf:33:26"},
		{"sensitive subnet CIDR kept", func(*built) parsers.Value { return node[*parsers.Subnet](b, "aws_subnet.a").CIDR }, "secret 10.77.1.0/24", ""},
		{"protocol in a sensitive ingress set", func(*built) parsers.Value { return sg.Ingress[0].Protocol }, "tcp", ""},
		{"port in a sensitive ingress set", func(*built) parsers.Value { return sg.Ingress[0].ToPort }, "443", ""},
		{"CIDR in a sensitive ingress set", func(*built) parsers.Value { return sg.Ingress[0].Peer.CIDR }, "secret 10.77.0.0/16", "main.tf:47:3"},
		{"sensitive module variable through a sensitive output", func(*built) parsers.Value { return setting(env, "Subnets") },
			"[secret subnet-0feedface0000001, ref module.net.aws_subnet.b]", "main.tf:75:3"},
		{"sensitive list of IDs kept", func(*built) parsers.Value { return setting(env, "SecurityGroups") }, "secret sg-0aaa0000000000001,sg-0bbb0000000000002", ""},
	})
	want := []string{"10.77.0.0/16", "10.77.1.0/24", "sg-0aaa0000000000001,sg-0bbb0000000000002", "subnet-0feedface0000001"}
	if got := graphSecrets(b.g); !reflect.DeepEqual(got, want) {
		t.Errorf("secret literals = %q, want %q", got, want)
	}
}

// TestDynamicSetting: a setting a dynamic block generates, whose value the
// plan does not know, is evaluated from the .tf source (for_each, iterator
// key and value) and located on the dynamic block; without the source it
// is unknown with the reason that the plan leaves out dynamic blocks'
// expressions.
func TestDynamicSetting(t *testing.T) {
	cases := []struct {
		withSource bool
		want       string // b.show of the value, or "" for unknown
		at         string
	}{
		{withSource: true, want: "ref aws_subnet.a", at: "main.tf:80:3"},
		{withSource: false, at: "plan.json:"}, // the environment's object in the plan
	}
	for _, c := range cases {
		b := build(t, "sensitive", c.withSource)
		env := node[*parsers.Environment](b, "aws_elastic_beanstalk_environment.web")
		v := setting(env, "ELBSubnets")
		switch {
		case c.want != "":
			if got := b.show(v); got != c.want {
				t.Errorf("source %v: ELBSubnets = %s, want %s", c.withSource, got, c.want)
			}
		case v.Kind != parsers.Unknown ||
			!strings.Contains(v.Reason(), `comes from a dynamic "setting" block: Terraform does not include the expressions of dynamic blocks in the plan`) ||
			!strings.Contains(v.Reason(), `static setting block (namespace = "aws:ec2:vpc", name = "ELBSubnets")`):
			t.Errorf("source %v: ELBSubnets = %s, want unknown naming the dynamic block", c.withSource, b.show(v))
		}
		if got := b.at(v.Loc); !strings.HasPrefix(got, c.at) {
			t.Errorf("source %v: ELBSubnets located at %s, want %s", c.withSource, got, c.at)
		}
	}
	// A static setting whose value is unknown keeps the usual reason.
	b := build(t, "new_infra", true)
	if v := setting(node[*parsers.Environment](b, "aws_elastic_beanstalk_environment.web"), "Subnets"); v.Kind == parsers.Unknown {
		t.Errorf("static Subnets setting is unknown: %s", v.Reason())
	}
}

// TestRegion: the plan's SourceFile carries the deployment region when the
// plan decides it.
func TestRegion(t *testing.T) {
	dropProviderRegion := func(plan map[string]any) {
		delete(obj(plan, "configuration", "provider_config", "aws", "expressions"), "region")
	}
	priorRegions := func(plan map[string]any) []any {
		return asList(obj(plan, "prior_state", "values", "root_module")["resources"])
	}
	cases := []struct {
		name    string
		fixture string
		mutate  func(map[string]any)
		want    string
		at      string
	}{
		// The provider's region argument in the .tf source (the plan JSON
		// has no lines to point at).
		{"provider region constant", "new_infra", nil, "us-east-1", "main.tf:7:33"},
		{"provider region from a root variable", "sensitive", nil, "eu-west-1", "main.tf:16:33"},
		{"data.aws_region when the provider block has no region", "sensitive", dropProviderRegion, "eu-west-1", "main.tf:30:1"},
		{"no provider region, no data.aws_region", "new_infra", dropProviderRegion, "absent", ""},
		{"provider region from a variable without a value", "sensitive", func(plan map[string]any) {
			dropProviderRegion(plan)
			obj(plan, "configuration", "provider_config", "aws", "expressions")["region"] = map[string]any{"references": []any{"var.nowhere"}}
			plan["prior_state"] = nil
		}, "absent", ""},
		{"data.aws_region instances that disagree", "sensitive", func(plan map[string]any) {
			dropProviderRegion(plan)
			rs := obj(plan, "prior_state", "values", "root_module")
			other := map[string]any{"address": "data.aws_region.other", "mode": "data", "type": "aws_region", "name": "other",
				"values": map[string]any{"name": "us-west-2", "id": "us-west-2"}, "sensitive_values": map[string]any{}}
			rs["resources"] = append(priorRegions(plan), other)
		}, "absent", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mutate := c.mutate
			if mutate == nil {
				mutate = func(map[string]any) {}
			}
			b := buildMutated(t, c.fixture, mutate)
			var region parsers.Value
			found := false
			for _, f := range b.g.Files {
				if f.Format == FormatPlan {
					region, found = f.Region, true
				}
				if f.Format == FormatSource && f.Region.Kind != parsers.Absent {
					t.Errorf("a .tf file has a region: %s", f.Path)
				}
			}
			if !found {
				t.Fatal("no plan file in the graph")
			}
			if got := b.show(region); got != c.want {
				t.Errorf("region = %s, want %s", got, c.want)
			}
			if c.at != "" {
				if got := b.at(region.Loc); got != c.at {
					t.Errorf("region located at %s, want %s", got, c.at)
				}
			}
		})
	}
}

// TestNoResourceChanges: without resource_changes, planned_values leave out
// what is known only after apply. Arguments the configuration sets are then
// followed through the configuration like unknown ones (instead of reading
// as absent), and what cannot be followed is unknown with a reason that
// names the missing resource_changes.
func TestNoResourceChanges(t *testing.T) {
	b := buildMutated(t, "new_infra", func(plan map[string]any) { delete(plan, "resource_changes") })
	env := node[*parsers.Environment](b, "aws_elastic_beanstalk_environment.web")
	ep := func(addr string) *parsers.VPCEndpoint { return node[*parsers.VPCEndpoint](b, addr) }
	runChecks(t, b, []valueCheck{
		{"setting set from references", func(*built) parsers.Value { return setting(env, "Subnets") }, "[ref aws_subnet.private[0], ref aws_subnet.private[1]]", "main.tf:140:3"},
		{"argument set from a reference", func(*built) parsers.Value { return node[*parsers.Subnet](b, "aws_subnet.private[0]").VPC }, "ref aws_vpc.main", ""},
		{"argument not set: the default still applies", func(*built) parsers.Value { return ep("aws_vpc_endpoint.logs").PrivateDNS }, "default false", ""},
		{"constant setting", func(*built) parsers.Value { return setting(env, "ELBScheme") }, "internal", ""},
	})
	if v := ep("aws_vpc_endpoint.logs").VPC; b.show(v) != "ref aws_vpc.main" {
		t.Errorf("argument set from a local = %s, want the local evaluated from the .tf source", b.show(v))
	}

	// With resource_changes, the same plan says only "known only after apply".
	full := build(t, "new_infra", true)
	if r := node[*parsers.VPCEndpoint](full, "aws_vpc_endpoint.logs").VPC.Reason(); strings.Contains(r, "resource_changes") {
		t.Errorf("a complete plan's reason mentions resource_changes: %s", r)
	}
}
