package edit_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/beanlint/beanlint/rules/edit"
)

func group(vpc string) edit.Edit {
	return edit.Edit{
		File: "network.yaml", Op: edit.AddResource, Target: "EndpointSecurityGroup", Type: "AWS::EC2::SecurityGroup",
		Value: edit.MapOf(
			edit.F("GroupDescription", edit.Str("HTTPS from the Elastic Beanstalk instances")),
			edit.F("VpcId", edit.RefTo(vpc)),
		),
	}
}

func endpoint(svc string) edit.Edit {
	return edit.Edit{
		File: "network.yaml", Op: edit.AddResource, Target: svc + "Endpoint", Type: "AWS::EC2::VPCEndpoint",
		Value: edit.MapOf(edit.F("SecurityGroupIds", edit.ListOf(edit.RefTo("EndpointSecurityGroup")))),
	}
}

func routes(tables ...string) edit.Edit {
	var items []edit.Value
	for _, t := range tables {
		items = append(items, edit.RefTo(t))
	}
	return edit.Edit{File: "network.yaml", Op: edit.AppendItems, Target: "S3Endpoint", Path: []string{"RouteTableIds"}, Value: edit.ListOf(items...)}
}

func TestMerge(t *testing.T) {
	commented := group("Vpc")
	commented.Comment = "a note"
	tests := []struct {
		name     string
		fixes    []edit.Fix
		want     []edit.Edit
		conflict bool
	}{
		{
			name: "a shared group is added once",
			fixes: []edit.Fix{
				{Edits: []edit.Edit{group("Vpc"), endpoint("Logs")}},
				{Edits: []edit.Edit{commented, endpoint("Sqs")}},
			},
			want: []edit.Edit{group("Vpc"), endpoint("Logs"), endpoint("Sqs")},
		},
		{
			name:  "appends to one list join",
			fixes: []edit.Fix{{Edits: []edit.Edit{routes("A", "B")}}, {Edits: []edit.Edit{routes("B", "C")}}},
			want:  []edit.Edit{routes("A", "B", "C")},
		},
		{
			name:     "one resource added two ways",
			fixes:    []edit.Fix{{Edits: []edit.Edit{group("Vpc")}}, {Edits: []edit.Edit{group("OtherVpc")}}},
			conflict: true,
		},
		{
			name: "one property set two ways",
			fixes: []edit.Fix{
				{Edits: []edit.Edit{{File: "a.yaml", Op: edit.SetProperty, Target: "Vpc", Path: []string{"EnableDnsSupport"}, Value: edit.True}}},
				{Edits: []edit.Edit{{File: "a.yaml", Op: edit.SetProperty, Target: "Vpc", Path: []string{"EnableDnsSupport"}, Value: edit.False}}},
			},
			conflict: true,
		},
		{
			name: "same name in two files",
			fixes: []edit.Fix{
				{Edits: []edit.Edit{group("Vpc")}},
				{Edits: []edit.Edit{func() edit.Edit { e := group("OtherVpc"); e.File = "other.yaml"; return e }()}},
			},
			want: []edit.Edit{group("Vpc"), func() edit.Edit { e := group("OtherVpc"); e.File = "other.yaml"; return e }()},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := edit.Merge(tt.fixes...)
			var c *edit.Conflict
			if tt.conflict {
				if !errors.As(err, &c) {
					t.Fatalf("Merge = %v, %v; want a conflict", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Merge =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	a := edit.MapOf(edit.F("Ids", edit.ListOf(edit.AttrOf("Vpc", "CidrBlock"), edit.ImportOf("net-VpcId"))))
	b := edit.MapOf(edit.F("Ids", edit.ListOf(edit.AttrOf("Vpc", "CidrBlock"), edit.ImportOf("net-VpcId").WithComment("x"))))
	c := edit.MapOf(edit.F("Ids", edit.ListOf(edit.AttrOf("Vpc", "CidrBlock"), edit.ImportOf("net-SubnetA"))))
	if !edit.Equal(a, b) {
		t.Error("values differing by a comment are not Equal")
	}
	if edit.Equal(a, c) {
		t.Error("values importing different exports are Equal")
	}
}

func TestSelect(t *testing.T) {
	elem := edit.Select("Namespace", "aws:ec2:vpc", "OptionName", "Subnets")
	if elem != "[Namespace=aws:ec2:vpc][OptionName=Subnets]" {
		t.Errorf("Select = %q", elem)
	}
	fields, ok := edit.Selector(elem)
	want := []edit.Field{edit.F("Namespace", edit.Str("aws:ec2:vpc")), edit.F("OptionName", edit.Str("Subnets"))}
	if !ok || !reflect.DeepEqual(fields, want) {
		t.Errorf("Selector(%q) = %v, %v; want %v", elem, fields, ok, want)
	}
	if _, ok := edit.Selector("SubnetIds"); ok {
		t.Error("a property name is a selector")
	}
}
