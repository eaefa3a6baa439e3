package lint

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/lint/config"
)

// summary renders findings as "RULE severity resource [suppressed]" lines,
// sorted, what a user reads off a report.
func summary(fs []rules.Finding) []string {
	var out []string
	for _, f := range fs {
		s := f.RuleID + " " + f.Severity.String() + " " + f.Resource
		if f.Suppressed() {
			s += " suppressed"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// TestConfigEffects runs the broken example under each setting of the
// configuration file that changes findings, with the clock passed in.
func TestConfigEffects(t *testing.T) {
	broken := filepath.Join("..", "..", "examples", "broken")
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	ecrIgnore := config.Ignore{Rule: "EB401", Resource: "ECR*Endpoint", Reason: "replaced next sprint", Expires: day("2026-12-31"), Loc: parsersLoc(".beanlint.yaml", 4)}
	base := []string{
		"EB202 error VPC", "EB203 error SQSEndpoint", "EB301 error Environment",
		"EB303 error S3GatewayEndpoint", "EB401 error ECRApiEndpoint", "EB401 error ECRDockerEndpoint",
	}
	tests := []struct {
		name   string
		opts   Options
		want   []string
		notice string // a notice the run must give
	}{
		{"no configuration", Options{}, base, ""},
		{"severity override", Options{Severity: map[string]rules.Severity{"EB303": rules.Warning}},
			replace(base, "EB303 error S3GatewayEndpoint", "EB303 warning S3GatewayEndpoint"), ""},
		{"ignore entry by resource glob, on its last day", Options{Ignore: []config.Ignore{ecrIgnore}, Now: day("2026-12-31").Add(23 * time.Hour)},
			replace(replace(base, "EB401 error ECRApiEndpoint", "EB401 error ECRApiEndpoint suppressed"), "EB401 error ECRDockerEndpoint", "EB401 error ECRDockerEndpoint suppressed"), ""},
		{"ignore entry the day after it expires", Options{Ignore: []config.Ignore{ecrIgnore}, Now: day("2027-01-01")},
			base, "the ignore entry for EB401 on ECR*Endpoint expired on 2026-12-31 and no longer applies"},
		{"ignore entry of another rule", Options{Ignore: []config.Ignore{{Rule: "EB203", Resource: "ECR*", Reason: "x"}}}, base, ""},
		// The hub's endpoint answers for sqs, so the local endpoint's
		// private DNS (off) no longer decides whether the name resolves.
		{"sqs provided by a hub VPC", Options{Central: []string{"sqs"}}, remove(base, "EB203 error SQSEndpoint"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Run([]string{broken}, tt.opts)
			if got := summary(r.Findings); !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			var notices []string
			for _, n := range r.Notices {
				notices = append(notices, n.Loc.String()+" "+n.Msg)
			}
			all := strings.Join(notices, "\n")
			if tt.notice != "" && !strings.Contains(all, tt.notice) || tt.notice == "" && strings.Contains(all, "ignore entry") {
				t.Errorf("notices:\n%s\nwant %q", all, tt.notice)
			}
			for _, f := range r.Findings {
				for _, s := range f.Suppressions {
					if s.Kind != rules.External || s.Reason != "replaced next sprint (.beanlint.yaml:4)" {
						t.Errorf("suppression %+v, want external with the reason and the entry's line", s)
					}
				}
			}
		})
	}
}

// TestStacks: the cross-stack example links the application template to
// the network template through Fn::ImportValue. In one stack (or with no
// stacks) the application's environment is checked against the network;
// with the network in another stack, the imports are not resolved and the
// environment gets notes instead of the network's findings.
func TestStacks(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"app.yaml", "network.yaml"} {
		data, err := os.ReadFile(filepath.Join(testdata, "rules", "crossstack", "network_and_app", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stack := func(name string, files ...string) load.Stack {
		s := load.Stack{Name: name}
		for _, f := range files {
			s.Files = append(s.Files, load.Glob{Base: dir, Pattern: f})
		}
		return s
	}
	linked := []string{"EB202 error Vpc", "EB301 error Environment", "EB901 note Environment"}
	tests := []struct {
		name   string
		stacks []load.Stack
		want   []string
	}{
		{"no stacks: one graph", nil, linked},
		{"both files in one stack", []load.Stack{stack("web", "*.yaml")}, linked},
		// Apart, the network's VPC is no environment's (no EB202) and the
		// application's imports are unknown (notes, no EB301).
		{"the application alone", []load.Stack{stack("app", "app.yaml")}, []string{"EB901 note Environment", "EB901 note Environment"}},
		{"two stacks", []load.Stack{stack("app", "app.yaml"), stack("net", "network.yaml")}, []string{"EB901 note Environment", "EB901 note Environment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Run([]string{dir}, Options{Stacks: tt.stacks})
			if got := summary(r.Findings); !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(r.Inputs) != 2 {
				t.Errorf("inputs %v, want both files", r.Inputs)
			}
			if len(r.Notices) != 0 {
				t.Errorf("notices %v", r.Notices)
			}
		})
	}
}

// TestCentralEndpoints: a service the configuration declares provided by a
// hub VPC is not missing when the instance subnets may reach another VPC
// (here a route to a transit gateway), and is EB301 with its own message
// for the subnets whose route tables keep everything in the VPC.
func TestCentralEndpoints(t *testing.T) {
	broken, err := os.ReadFile(filepath.Join("..", "..", "examples", "broken", "private-environment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	hubRoute := func(table string) string {
		return "  HubRoute" + table + ":\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref PrivateRouteTable" + table +
			"\n      DestinationCidrBlock: 10.100.0.0/16\n      TransitGatewayId: tgw-0123456789abcdef0\n\n"
	}
	withRoutes := func(tables ...string) string {
		routes := ""
		for _, tb := range tables {
			routes += hubRoute(tb)
		}
		out := strings.Replace(string(broken), "  PrivateSubnetARouteTableAssociation:\n", routes+"  PrivateSubnetARouteTableAssociation:\n", 1)
		if len(tables) > 0 && out == string(broken) {
			t.Fatal("the example has no PrivateSubnetARouteTableAssociation to add routes before")
		}
		return out
	}
	tests := []struct {
		name    string
		tables  []string // route tables given a route to the hub
		central []string
		want    string // the EB301 logs message, "" for none
	}{
		{"no hub route, logs not central", nil, nil, "needs an interface endpoint for com.amazonaws.<region>.logs"},
		{"no hub route, logs central", nil, []string{"logs"}, "declares provided centrally.*subnets PrivateSubnetA, PrivateSubnetB \\(isolated"},
		{"hub routes, logs not central", []string{"A", "B"}, nil, "needs an interface endpoint for com.amazonaws.<region>.logs"},
		{"hub routes, logs central", []string{"A", "B"}, []string{"logs"}, ""},
		{"a hub route from one subnet only", []string{"A"}, []string{"logs"}, "declares provided centrally.*subnets PrivateSubnetB \\(isolated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "t.yaml"), []byte(withRoutes(tt.tables...)), 0o644); err != nil {
				t.Fatal(err)
			}
			r := Run([]string{dir}, Options{Central: tt.central})
			var got []string
			for _, f := range r.Findings {
				if f.RuleID == "EB301" && strings.HasSuffix(f.Subject, ".logs") {
					got = append(got, f.Severity.String()+" "+f.Message)
				}
			}
			switch {
			case tt.want == "" && len(got) != 0:
				t.Errorf("EB301 for logs: %q, want none", got)
			case tt.want != "" && (len(got) != 1 || !regexp.MustCompile("^error .*"+tt.want).MatchString(got[0])):
				t.Errorf("EB301 for logs: %q, want one error matching %q", got, tt.want)
			}
		})
	}
}

func TestStackFileMissing(t *testing.T) {
	dir := t.TempDir()
	s := load.Stack{Name: "web", Files: []load.Glob{{Base: dir, Pattern: "infra/netwrk.yaml"}, {Base: dir, Pattern: "infra/*.yaml"}}, Loc: parsersLoc(".beanlint.yaml", 3)}
	r := Run([]string{dir}, Options{Stacks: []load.Stack{s}})
	var stackNotices []string
	for _, n := range r.Notices {
		if strings.Contains(n.Msg, "stack web") {
			stackNotices = append(stackNotices, n.Loc.String()+" "+n.Msg)
		}
	}
	if want := ".beanlint.yaml:3:5 stack web: infra/netwrk.yaml: no such file or directory"; len(stackNotices) != 1 || stackNotices[0] != want {
		t.Errorf("notices %q, want only %q (the glob matching nothing is not reported)", stackNotices, want)
	}
}

func replace(list []string, from, to string) []string {
	out := slices.Clone(list)
	out[slices.Index(out, from)] = to
	slices.Sort(out)
	return out
}

func remove(list []string, s string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(x string) bool { return x == s })
}

func parsersLoc(file string, line int) parsers.Location {
	return parsers.Span(file, line, 5, 0, 0)
}
