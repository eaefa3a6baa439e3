package rules

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
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
