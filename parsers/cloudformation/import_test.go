package cloudformation

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// TestImportAcrossTemplates: an application template that imports from a
// network template gets references to the network template's nodes.
func TestImportAcrossTemplates(t *testing.T) {
	g := buildFiles(t, Options{}, "network.yaml", "app.yaml")
	env := nodeAs[*parsers.Environment](t, g, "app.yaml#Environment")
	got := map[string]string{}
	var order []string
	for _, o := range env.Settings {
		id := o.Namespace + "/" + o.Name
		order = append(order, id)
		got[id] = at(o.Value) + " [" + o.Condition + "] " + o.Loc.String() + " " + o.Owner
	}
	check(t, "settings order", strings.Join(order, " "),
		"aws:ec2:vpc/VPCId aws:ec2:vpc/Subnets aws:autoscaling:launchconfiguration/SecurityGroups aws:ec2:vpc/AssociatePublicIpAddress aws:autoscaling:launchconfiguration/InstanceType")
	const owner = " app.yaml#Environment"
	want := map[string]string{
		"aws:ec2:vpc/VPCId":   "ref(network.yaml#Vpc)@44:18 [] app.yaml:42:11" + owner,
		"aws:ec2:vpc/Subnets": "ref(network.yaml#PrivateA)@48:18 [] app.yaml:46:11" + owner,
		"aws:autoscaling:launchconfiguration/SecurityGroups": "concat(ref(network.yaml#AppSG.GroupId), lit(,), unknown)@51:18 [] app.yaml:49:11" + owner,
		"aws:ec2:vpc/AssociatePublicIpAddress":               "lit(false)@54:18 [] app.yaml:52:11" + owner,
		"aws:autoscaling:launchconfiguration/InstanceType":   "lit(m5.large)@59:20 [Big] app.yaml:57:13" + owner,
	}
	for id, w := range want {
		check(t, id, got[id], w)
	}
	sgs := env.Settings[2].Value
	if r := reasons(sgs); !strings.Contains(r, "Fn::ImportValue net-MissingSG: no linted template exports it; lint the network template together with this one") {
		t.Errorf("unmatched import reason = %q", r)
	}
	check(t, "SecurityGroups elems", renderAll(sgs.Elems()), "ref(network.yaml#AppSG.GroupId), unknown")
	check(t, "TemplateName", render(env.TemplateName), "ref(app.yaml#Config)")
	check(t, "env ignore", suppressions(env.Ignore), "EB304(NTP via link-local)@37:18")

	// The configuration template chain resolves through the graph.
	eff := g.Effective(env)
	if len(eff.Chain) != 2 || eff.Chain[0].Name != "Config" || eff.Chain[1].Name != "BaseConfig" {
		t.Fatalf("chain = %v", eff.Chain)
	}
	check(t, "platform", render(eff.Platform), "lit(64bit Amazon Linux 2023 v6.1.0 running Node.js 20)")
	check(t, "ELBScheme", at(eff.Value("aws:ec2:vpc", "ELBScheme")), "lit(internal)@32:18")
	check(t, "EnvironmentType", render(eff.Value("aws:elasticbeanstalk:environment", "EnvironmentType")), "lit(LoadBalanced)")

	big := nodeAs[*parsers.ConfigurationTemplate](t, g, "app.yaml#BigConfig")
	check(t, "undecided resource condition", big.Condition, "Big")
	check(t, "BigConfig platform", render(big.PlatformArn), "concat(lit(arn:aws:elasticbeanstalk:), ref(AWS::Region), lit(::platform/Node.js 20 running on 64bit Amazon Linux 2023/6.1.0))")
	if len(g.Files) != 2 {
		t.Errorf("files = %d, want 2", len(g.Files))
	}
}

// TestImportAlone: without the network template the imports are unknown
// and say which template to add.
func TestImportAlone(t *testing.T) {
	g := buildFiles(t, Options{}, "app.yaml")
	env := nodeAs[*parsers.Environment](t, g, "app.yaml#Environment")
	v := env.Settings[0].Value
	check(t, "VPCId", render(v), "unknown")
	check(t, "reason", v.Reason(), "Fn::ImportValue prod-VpcId: no linted template exports it; lint the network template together with this one")
}

// TestImportParameterDecidesExportName: the export name built from a
// parameter follows --parameter.
func TestImportParameterDecidesExportName(t *testing.T) {
	g := buildFiles(t, Options{Parameters: map[string]string{"NetworkStage": "dev", "SolutionStack": "big"}}, "network.yaml", "app.yaml")
	env := nodeAs[*parsers.Environment](t, g, "app.yaml#Environment")
	check(t, "VPCId", env.Settings[0].Value.Reason(), "Fn::ImportValue dev-VpcId: no linted template exports it; lint the network template together with this one")
	if last := env.Settings[len(env.Settings)-1]; last.Name != "InstanceType" || last.Condition != "" {
		t.Errorf("with SolutionStack=big the Fn::If setting is unconditional: %+v", last)
	}
	if n := nodeAs[*parsers.ConfigurationTemplate](t, g, "app.yaml#BigConfig"); n.Condition != "" {
		t.Errorf("BigConfig condition = %q, want decided", n.Condition)
	}
}
