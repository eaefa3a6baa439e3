package rules_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/lint"
)

// twoPlans holds two configurations of one design
// (testdata/terraform/twoplans/README.md): a network, planned as new
// infrastructure and as updates of the stack it created, and an
// application whose environment names the network's VPC and subnets by the
// IDs that stack holds.
const twoPlans = "../testdata/terraform/twoplans"

// TestPlansLinkedByID: linted together, the application's plan reads the
// IDs the network's update plan manages, so its environment is checked
// against that network: clean, or EB301 when the update removes the logs
// endpoint, on the network's endpoints input (where the entry goes), with
// the application's subnets and the network's resources as related
// locations, each in its own configuration's files. The network's plan of new
// infrastructure does not know the IDs yet, and two copies of the
// network's update plan both manage them: no link either way, so notes
// (what would decide), never an error and never a link into one copy.
func TestPlansLinkedByID(t *testing.T) {
	root := t.TempDir()
	copyTree(t, "../testdata/terraform/modules/private-network", filepath.Join(root, "modules", "private-network"))
	for _, d := range []string{"network", "existing_network", "existing_network_no_logs", "app"} {
		copyTree(t, filepath.Join(twoPlans, d), filepath.Join(root, "twoplans", d))
	}
	copyTree(t, filepath.Join(twoPlans, "existing_network"), filepath.Join(root, "twoplans", "existing_network_copy"))
	plan := func(d string) string { return filepath.Join(root, "twoplans", d, "plan.json") }
	tests := []struct {
		name   string
		inputs []string
		want   []string // rule:severity file:line, sorted
	}{
		{"update of the network, clean", []string{"existing_network", "app"}, nil},
		{"update of the network that removes the logs endpoint", []string{"existing_network_no_logs", "app"},
			[]string{"EB301:error twoplans/existing_network_no_logs/main.tf:25"}},
		{"network of new infrastructure: IDs not known yet", []string{"network", "app"},
			[]string{"EB901:note twoplans/app/main.tf:37", "EB901:note twoplans/app/main.tf:42"}},
		{"two copies of the network's update plan", []string{"existing_network", "existing_network_copy", "app"},
			[]string{"EB901:note twoplans/app/main.tf:37", "EB901:note twoplans/app/main.tf:42"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var files []string
			for _, d := range tt.inputs {
				files = append(files, plan(d))
			}
			res := lint.Run(files, lint.Options{})
			var got []string
			for _, f := range res.Findings {
				rel, _ := filepath.Rel(root, f.Loc.File)
				got = append(got, f.RuleID+":"+f.Severity.String()+" "+filepath.ToSlash(rel)+":"+strconv.Itoa(int(f.Loc.StartLine)))
				network := 0
				for _, r := range f.Related {
					rel, _ := filepath.Rel(root, r.Loc.File)
					switch dir, _, _ := strings.Cut(filepath.ToSlash(rel), "/main.tf"); dir {
					case "modules/private-network", "twoplans/" + tt.inputs[0]:
						network++
					case "twoplans/app":
					default:
						t.Errorf("%s: related location %s in neither the application nor the network it is linked to", f.RuleID, rel)
					}
				}
				if f.RuleID == "EB301" && network == len(f.Related) {
					t.Errorf("EB301 relates nothing of the application: %v", f.Related)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
