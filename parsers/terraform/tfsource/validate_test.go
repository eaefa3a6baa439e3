package tfsource

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestSettingMissingArguments: a setting block (or a dynamic "setting"
// block's content) of an Elastic Beanstalk resource without namespace, name
// or value is an error located on the block, naming what it lacks, as
// terraform validate rejects it; its file is not indexed, the other files
// of the directory are.
func TestSettingMissingArguments(t *testing.T) {
	const network = "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n"
	tests := []struct {
		name string
		file string // eb.tf or eb.tf.json
		src  string
		// want are the errors as line:col message fragment; none means
		// the file is valid and indexed.
		want []string
	}{
		{
			name: "empty block",
			file: "eb.tf",
			src:  "resource \"aws_elastic_beanstalk_environment\" \"env\" {\n  name = \"e\"\n  setting {}\n}\n",
			want: []string{"3:3 a setting block of aws_elastic_beanstalk_environment.env lacks the required arguments namespace, name and value, so Terraform rejects"},
		},
		{
			name: "no value",
			file: "eb.tf",
			src:  "resource \"aws_elastic_beanstalk_environment\" \"env\" {\n  setting {\n    namespace = \"aws:ec2:vpc\"\n    name      = \"ELBScheme\"\n  }\n}\n",
			want: []string{"2:3 a setting block of aws_elastic_beanstalk_environment.env lacks the required argument value, so"},
		},
		{
			name: "no name, in a configuration template",
			file: "eb.tf",
			src:  "resource \"aws_elastic_beanstalk_configuration_template\" \"t\" {\n  setting {\n    namespace = \"aws:ec2:vpc\"\n    value     = \"internal\"\n  }\n}\n",
			want: []string{"2:3 a setting block of aws_elastic_beanstalk_configuration_template.t lacks the required argument name, so"},
		},
		{
			name: "two bad blocks, one good",
			file: "eb.tf",
			src: "resource \"aws_elastic_beanstalk_environment\" \"env\" {\n" +
				"  setting {\n    namespace = \"aws:ec2:vpc\"\n    name      = \"VPCId\"\n    value     = aws_vpc.main.id\n  }\n" +
				"  setting { name = \"Subnets\" }\n" +
				"  setting {\n    value = \"x\"\n  }\n}\n",
			want: []string{
				"7:3 lacks the required arguments namespace and value,",
				"8:3 lacks the required arguments namespace and name,",
			},
		},
		{
			name: "dynamic content without value",
			file: "eb.tf",
			src: "resource \"aws_elastic_beanstalk_environment\" \"env\" {\n  dynamic \"setting\" {\n    for_each = [\"a\"]\n" +
				"    content {\n      namespace = \"aws:ec2:vpc\"\n      name      = setting.value\n    }\n  }\n}\n",
			want: []string{`4:5 the content block of a dynamic "setting" block of aws_elastic_beanstalk_environment.env lacks the required argument value,`},
		},
		{
			name: "JSON syntax, empty object",
			file: "eb.tf.json",
			src:  "{\"resource\": {\"aws_elastic_beanstalk_environment\": {\"env\": {\n  \"name\": \"e\",\n  \"setting\": [\n    {}\n  ]\n}}}}\n",
			want: []string{"3:3 a setting block of aws_elastic_beanstalk_environment.env lacks the required arguments namespace, name and value,"},
		},
		{
			name: "valid blocks",
			file: "eb.tf",
			src:  "resource \"aws_elastic_beanstalk_environment\" \"env\" {\n  setting {\n    namespace = \"aws:ec2:vpc\"\n    name      = \"VPCId\"\n    value     = aws_vpc.main.id\n  }\n}\n",
		},
		{
			name: "another resource type's setting block",
			file: "eb.tf",
			src:  "resource \"aws_other_thing\" \"x\" {\n  setting {}\n}\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{"network.tf": network, tt.file: tt.src})
			ix, errs := Load(dir, "")
			bad := filepath.Join(dir, tt.file)
			var got []string
			for _, e := range errs {
				if e.Loc.File != bad {
					t.Errorf("error %v: want it in %s", e, bad)
				}
				got = append(got, e.Error())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("errors = %q, want %d like %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				pos, frag, _ := strings.Cut(w, " ")
				if !strings.HasPrefix(got[i], bad+":"+pos+": Terraform configuration: ") || !strings.Contains(got[i], frag) {
					t.Errorf("error %d = %q, want at %s, with %q", i, got[i], pos, frag)
				}
			}
			files := []string{bad, filepath.Join(dir, "network.tf")}
			if len(tt.want) > 0 {
				files = files[1:] // the invalid file is not indexed
			}
			if got := ix.Files(); !reflect.DeepEqual(got, files) {
				t.Errorf("Files() = %q, want %q", got, files)
			}
		})
	}
}
