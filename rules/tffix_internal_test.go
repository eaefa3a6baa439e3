package rules

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
	hcledit "github.com/beanlint/beanlint/rules/edit/hcl"
	"github.com/beanlint/beanlint/rules/query"
)

// TestRegionSource: a fix that reads data.aws_region.current adds it to
// the file it writes unless a file of that module's directory declares
// it (another declaration of the address would be a duplicate).
func TestRegionSource(t *testing.T) {
	g := parsers.NewGraph()
	g.Files = append(g.Files, &parsers.SourceFile{Path: "net/data.tf", Format: "terraform-source", DataSources: []string{"data.aws_region.current"}})
	a := newAnalysis(g, nil)
	e := &Env{Environment: &query.Environment{}}
	for _, c := range []struct {
		file string
		want int
	}{
		{"net/main.tf", 0}, // declared in net/data.tf
		{"app/main.tf", 1},
	} {
		edits := a.regionSource(e, c.file, "")
		if len(edits) != c.want {
			t.Errorf("%s: %d edits %+v, want %d", c.file, len(edits), edits, c.want)
		}
		if len(edits) == 1 && (edits[0].Target != "data.aws_region.current" || edits[0].File != c.file || edits[0].Type != "aws_region") {
			t.Errorf("%s: edit %+v", c.file, edits[0])
		}
	}
	// A known region needs no data source.
	if edits := a.regionSource(&Env{Environment: &query.Environment{Region: "eu-west-1"}}, "app/main.tf", ""); len(edits) != 0 {
		t.Errorf("known region: %+v", edits)
	}
}

// TestRegionExpression: a fix writes the deployment region as a literal
// only when the input spells it so; a region that is a root variable's
// value (tfvars, --var, a default) is written as the module's
// data.aws_region.current when declared, else in the root module as the
// variable, else as data.aws_region.current added to the file. Service
// names and policy ARNs agree.
func TestRegionExpression(t *testing.T) {
	g := parsers.NewGraph()
	g.Files = append(g.Files, &parsers.SourceFile{Path: "net/data.tf", Format: "terraform-source", DataSources: []string{"data.aws_region.current"}})
	a := newAnalysis(g, nil)
	literal := &query.Environment{Region: "eu-west-1", RegionKnown: true}
	variable := &query.Environment{Region: "eu-west-1", RegionKnown: true, RegionVariable: "region"}
	for _, c := range []struct {
		name         string
		env          *query.Environment
		file, module string
		want         string // the service name as HCL
		adds         bool   // regionSource adds data.aws_region.current
	}{
		{"literal", literal, "main.tf", "", `"com.amazonaws.eu-west-1.logs"`, false},
		{"variable, root", variable, "main.tf", "", `"com.amazonaws.${var.region}.logs"`, false},
		{"variable, data source declared", variable, "net/main.tf", "", `"com.amazonaws.${data.aws_region.current.name}.logs"`, false},
		{"variable, child module", variable, "app/main.tf", "module.app", `"com.amazonaws.${data.aws_region.current.name}.logs"`, true},
		{"unknown", &query.Environment{}, "main.tf", "", `"com.amazonaws.${data.aws_region.current.name}.logs"`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := &Env{Environment: c.env}
			got := hclValue(t, a.tfServiceValue(e, c.file, c.module, "logs"))
			if got != c.want {
				t.Errorf("service name %s, want %s", got, c.want)
			}
			if adds := len(a.regionSource(e, c.file, c.module)) == 1; adds != c.adds {
				t.Errorf("adds data.aws_region.current: %v, want %v", adds, c.adds)
			}
			sources := map[string]bool{}
			arn := hclValue(t, tfARNValue(e, fixARN{bucket: "elasticbeanstalk-{region}"}, a.tfRegion(e, c.file, c.module), sources))
			wantARN := strings.Replace(strings.Replace(c.want, "com.amazonaws.", "arn:aws:s3:::elasticbeanstalk-", 1), ".logs", "", 1)
			if arn != wantARN || sources["aws_region"] != strings.Contains(c.want, "data.aws_region") {
				t.Errorf("ARN %s (reads %v), want %s", arn, sources, wantARN)
			}
		})
	}
}

// TestModuleInputEdits: an argument a module call passes in unchanged is
// set or extended on the call, with references written as the calling
// module sees them (a resource of the module itself is out of its reach:
// a placeholder).
func TestModuleInputEdits(t *testing.T) {
	at := func(file string, line int) parsers.Location {
		return parsers.Location{File: file, StartLine: int32(line)}
	}
	ep := &Endpoint{Node: &parsers.VPCEndpoint{Resource: parsers.Resource{
		Key: "plan#ep", Name: "module.endpoints.aws_vpc_endpoint.sqs", Type: "aws_vpc_endpoint", Loc: at("modules/endpoints/main.tf", 5),
		ModuleCalls: []parsers.ModuleCall{{Address: "module.endpoints", Loc: at("main.tf", 20)}},
		ModuleInputs: map[string]parsers.ModuleInput{
			"security_group_ids": {Call: "module.endpoints", Argument: "sg_ids", Loc: at("main.tf", 22)},
			"subnet_ids":         {Call: "module.endpoints", Argument: "subnets", Loc: at("main.tf", 23)},
		},
	}}}
	rootSG := &parsers.SecurityGroup{Resource: parsers.Resource{Name: "aws_security_group.endpoints", Loc: at("main.tf", 30)}}
	moduleSG := &parsers.SecurityGroup{Resource: parsers.Resource{Name: "module.endpoints.aws_security_group.this", Loc: at("modules/endpoints/main.tf", 30)}}
	peer := &Endpoint{Node: &parsers.VPCEndpoint{Resource: parsers.Resource{Name: "aws_vpc_endpoint.logs"}}}

	fix := tfEndpointGroupFix(ep, rootSG, peer)
	if len(fix.Edits) != 1 {
		t.Fatalf("fix %+v", fix)
	}
	got := fix.Edits[0]
	if got.File != "main.tf" || got.Target != "module.endpoints" || strings.Join(got.Path, ".") != "sg_ids" || got.Op != edit.SetProperty ||
		!edit.Equal(got.Value, edit.ListOf(edit.AttrOf("aws_security_group.endpoints", "id"))) {
		t.Errorf("group on the call: %+v", got)
	}
	if fix := tfEndpointGroupFix(ep, moduleSG, peer); len(fix.Edits) != 1 || !edit.HasPlaceholder(fix.Edits[0].Value) {
		t.Errorf("a group inside the module, set from the caller: %+v, want a placeholder", fix)
	}

	sub := &Subnet{Name: "aws_subnet.b", Node: &parsers.Subnet{Resource: parsers.Resource{Name: "aws_subnet.b", Loc: at("main.tf", 40)}}}
	fix = tfEndpointSubnetsFix(ep, []*Subnet{sub}, "one subnet per zone")
	if len(fix.Edits) != 1 || fix.Edits[0].Op != edit.AppendItems || fix.Edits[0].Target != "module.endpoints" || fix.Edits[0].Path[0] != "subnets" ||
		!edit.Equal(fix.Edits[0].Value, edit.ListOf(edit.AttrOf("aws_subnet.b", "id"))) {
		t.Errorf("subnets appended on the call: %+v", fix)
	}
}

// hclValue renders v as the HCL value of an argument.
func hclValue(t *testing.T, v edit.Value) string {
	t.Helper()
	out := string(hcledit.Render([]edit.Edit{{File: "main.tf", Op: edit.AddResource, Target: "aws_vpc_endpoint.x", Type: "aws_vpc_endpoint", Value: edit.MapOf(edit.F("v", v))}}))
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "v = "); ok {
			return rest
		}
	}
	t.Fatalf("no value in\n%s", out)
	return ""
}
