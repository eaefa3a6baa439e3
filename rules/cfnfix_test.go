package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/parsers/ebextensions"
	"github.com/beanlint/beanlint/rules/edit"
)

// templateNames returns the resource and parameter names the templates
// of a case declare.
func templateNames(t *testing.T, files []string) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Parameters map[string]any `yaml:"Parameters"`
			Resources  map[string]any `yaml:"Resources"`
		}
		if yaml.Unmarshal(data, &doc) != nil {
			continue // EB900 cases
		}
		for k := range doc.Parameters {
			names[k] = true
		}
		for k := range doc.Resources {
			names[k] = true
		}
	}
	return names
}

// cloudFormationFixProblems parses a CloudFormation fix snippet and checks
// that every !Ref and !GetAtt names a resource or parameter of the case's
// templates, a pseudo parameter, or a resource the snippet declares, or
// carries a comment explaining what it stands for.
func cloudFormationFixProblems(fix string, names map[string]bool) []string {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(fix), &root); err != nil {
		return []string{"not valid YAML: " + err.Error()}
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return []string{"not a mapping of resources"}
	}
	declared := map[string]bool{}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		declared[top.Content[i].Value] = true
	}
	var problems []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		target := ""
		switch n.Tag {
		case "!Ref":
			target = n.Value
		case "!GetAtt":
			target, _, _ = strings.Cut(n.Value, ".")
		}
		if target != "" && !strings.HasPrefix(target, "AWS::") && !names[target] && !declared[target] && n.LineComment == "" {
			problems = append(problems, fmt.Sprintf("%s %s names nothing the templates or the fix declare", n.Tag, n.Value))
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(top)
	return problems
}

// TestCloudFormationFixes checks the CloudFormation remedy of every
// finding of the CloudFormation cases: valid YAML whose references exist.
func TestCloudFormationFixes(t *testing.T) {
	n := 0
	for _, c := range listCases(t) {
		if filepath.Ext(c) == ".tf" {
			continue
		}
		files, err := caseFiles(c)
		if err != nil {
			t.Fatal(err)
		}
		names := templateNames(t, files)
		byFile := map[string]map[string]bool{}
		exports := map[string]bool{}
		for _, file := range files {
			byFile[file] = templateNames(t, []string{file})
			for _, x := range templateExports(t, file) {
				exports[x] = true
			}
		}
		for _, f := range lintCase(files) {
			if f.Fix == "" || len(f.Edits) == 0 && commentsOnly(f.Fix) {
				continue
			}
			n++
			for _, p := range cloudFormationFixProblems(f.Fix, names) {
				t.Errorf("%s: %s: CloudFormation fix: %s\n%s", f.Loc, f.RuleID, p, f.Fix)
			}
			for _, p := range editProblems(f.Edits, byFile, exports) {
				t.Errorf("%s: %s: CloudFormation edits: %s\n%s", f.Loc, f.RuleID, p, f.Fix)
			}
		}
	}
	if n == 0 {
		t.Error("no CloudFormation fix checked")
	}
}

// TestCloudFormationFixProblems shows the fix check rejects what makes a
// snippet invalid for its templates.
func TestCloudFormationFixProblems(t *testing.T) {
	names := map[string]bool{"Vpc": true, "EpSG": true}
	for _, c := range []struct {
		fix  string
		want string // "" = no problem
	}{
		{"Ep:\n  Type: AWS::EC2::VPCEndpoint\n  Properties:\n    VpcId: !Ref Vpc\n    SecurityGroupIds: [!Ref EpSG] # admits 443\n", ""},
		{"Ep:\n  Properties:\n    SecurityGroupIds: [!Ref EpSG # admits 443]\n", "not valid YAML"},
		{"Ep:\n  Properties:\n    VpcId: !Ref Other\n", "!Ref Other names nothing"},
		{"Ep:\n  Properties:\n    CidrIp: !GetAtt Other.CidrBlock\n", "!GetAtt Other.CidrBlock names nothing"},
		{"Ep:\n  Properties:\n    CidrIp: !Ref VpcCidr # a parameter for the VPC CIDR\n", ""},
		{"Sg:\n  Type: AWS::EC2::SecurityGroup\nEp:\n  Properties:\n    SecurityGroupIds: [!Ref Sg]\n", ""},
		{"ServiceName: !Sub com.amazonaws.${AWS::Region}.s3\n", ""},
	} {
		got := strings.Join(cloudFormationFixProblems(c.fix, names), "; ")
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("problems = %q, want %q, for\n%s", got, c.want, c.fix)
		}
	}
}

// commentsOnly reports whether text is only comment lines (advice).
func commentsOnly(text string) bool {
	for line := range strings.SplitSeq(strings.TrimSpace(text), "\n") {
		if !strings.HasPrefix(line, "#") {
			return false
		}
	}
	return true
}

// templateExports returns the literal export names of a template.
func templateExports(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Outputs map[string]struct {
			Export struct {
				Name yaml.Node `yaml:"Name"`
			} `yaml:"Export"`
		} `yaml:"Outputs"`
	}
	if yaml.Unmarshal(data, &doc) != nil {
		return nil
	}
	var out []string
	for _, o := range doc.Outputs {
		if o.Export.Name.Kind == yaml.ScalarNode && o.Export.Name.Tag == "!!str" {
			out = append(out, o.Export.Name.Value)
		}
	}
	return out
}

// editProblems checks that every reference of an edit is valid in the
// file the edit changes: a Ref or Fn::GetAtt of a resource or parameter of
// that file or one the fix adds there, a pseudo parameter, an import of an
// export of the inputs or one the fix adds; placeholders only with their
// explanation.
func editProblems(edits []edit.Edit, names map[string]map[string]bool, exports map[string]bool) []string {
	added := map[string]map[string]bool{}
	addedExports := map[string]bool{}
	for _, e := range edits {
		switch e.Op {
		case edit.AddResource:
			if added[e.File] == nil {
				added[e.File] = map[string]bool{}
			}
			added[e.File][e.Target] = true
		case edit.AddOutput:
			addedExports[e.Export] = true
		}
	}
	var problems []string
	var walk func(file string, v edit.Value)
	walk = func(file string, v edit.Value) {
		switch v.Kind {
		case edit.Ref:
			if !strings.HasPrefix(v.Str, "AWS::") && !names[file][v.Str] && !added[file][v.Str] {
				problems = append(problems, fmt.Sprintf("%s in %s names nothing that file declares", v.Str, file))
			}
		case edit.Import:
			if len(v.Items) == 0 && !exports[v.Str] && !addedExports[v.Str] {
				problems = append(problems, fmt.Sprintf("import of %s, which no template exports", v.Str))
			}
		case edit.Placeholder:
			if v.Comment == "" {
				problems = append(problems, fmt.Sprintf("placeholder %s without an explanation", v.Str))
			}
		}
		for _, it := range v.Items {
			walk(file, it)
		}
		for _, f := range v.Fields {
			walk(file, f.Value)
		}
	}
	for _, e := range edits {
		if names[e.File] == nil {
			problems = append(problems, fmt.Sprintf("edit of %s, not an input of the case", e.File))
		}
		if _, config := ebextensions.Classify(e.File); e.Target == "" && !config {
			problems = append(problems, fmt.Sprintf("%s of the top level of %s, not a file of the application source", e.Op, e.File))
		}
		if e.Op != edit.AddResource && e.Op != edit.AddOutput && e.Target != "" && !names[e.File][e.Target] && !added[e.File][e.Target] {
			problems = append(problems, fmt.Sprintf("%s changes %s, which %s does not declare", e.Op, e.Target, e.File))
		}
		walk(e.File, e.Value)
	}
	return problems
}
