package rules

import (
	"regexp"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

func TestParseServiceName(t *testing.T) {
	cases := []struct {
		in     string
		ok     bool
		prefix string
		region string
		svc    string
	}{
		{"com.amazonaws.us-east-1.sqs", true, "com.amazonaws", "us-east-1", "sqs"},
		{"com.amazonaws.${AWS::Region}.logs", true, "com.amazonaws", "", "logs"},
		{"com.amazonaws.eu-west-3.ecr.dkr", true, "com.amazonaws", "eu-west-3", "ecr.dkr"},
		{"com.amazonaws.us-gov-west-1.elasticbeanstalk-health", true, "com.amazonaws", "us-gov-west-1", "elasticbeanstalk-health"},
		{"cn.com.amazonaws.cn-north-1.elasticbeanstalk", true, "cn.com.amazonaws", "cn-north-1", "elasticbeanstalk"},
		{"com.amazonaws.us-iso-east-1.s3", true, "com.amazonaws", "us-iso-east-1", "s3"},
		{"com.amazonaws.us-isob-east-1.sqs", true, "com.amazonaws", "us-isob-east-1", "sqs"},
		{"aws.sagemaker.us-east-1.notebook", true, "aws.sagemaker", "us-east-1", "notebook"},
		{"com.amazonaws.vpce.us-east-1.vpce-svc-0123", true, "com.amazonaws.vpce", "us-east-1", "vpce-svc-0123"},
		{"com.amazonaws.sqs", false, "", "", ""},
		{"us-east-1.sqs", false, "", "", ""},
		{"com.amazonaws.us-east-1", false, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, ok := ParseServiceName(c.in)
			if ok != c.ok || got.Prefix != c.prefix || got.Region != c.region || got.Service != c.svc {
				t.Errorf("ParseServiceName(%q) = %+v, %v; want {%s %s %s}, %v", c.in, got, ok, c.prefix, c.region, c.svc, c.ok)
			}
		})
	}
}

func TestClassifyEndpointServiceForms(t *testing.T) {
	region := parsers.RefTo("AWS::Region", "", at(1))
	cases := []struct {
		name string
		v    parsers.Value
		svc  string
		ok   bool
	}{
		{"literal", lit("com.amazonaws.us-east-1.sqs"), "sqs", true},
		{"Sub/Join with AWS::Region", parsers.Value{Kind: parsers.Concat}.WithParts([]parsers.Value{lit("com.amazonaws."), region, lit(".ecr.api")}), "ecr.api", true},
		{"parameter", parsers.UnknownValue("parameter Service has no value", at(1)), "", false},
		{"other reference", parsers.Value{Kind: parsers.Concat}.WithParts([]parsers.Value{lit("com.amazonaws."), ref("Param"), lit(".sqs")}), "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ep := query.ClassifyEndpoint(&parsers.VPCEndpoint{Resource: hdr("E", "AWS::EC2::VPCEndpoint", 1), ServiceName: c.v}, ParseServiceName)
			if ep.Classified != c.ok || ep.Service != c.svc {
				t.Errorf("classified=%v svc=%q (%s), want %v %q", ep.Classified, ep.Service, ep.Why, c.ok, c.svc)
			}
			if !ep.IsGateway() || !ep.TypeDefault {
				t.Errorf("an untyped endpoint must be a default Gateway, got %q default=%v", ep.Type, ep.TypeDefault)
			}
		})
	}
}

func TestPlatformKind(t *testing.T) {
	cases := []struct {
		in   string
		want PlatformKind
	}{
		{"64bit Amazon Linux 2023 v4.3.0 running Docker", PlatformDocker},
		{"64bit Amazon Linux 2 v3.6.0 running Docker", PlatformDocker},
		{"64BIT AMAZON LINUX 2 V3.6.0 RUNNING DOCKER", PlatformDocker},
		{"64bit Amazon Linux 2018.03 v2.16.0 running Docker 19.03.13-ce", PlatformDocker},
		{"arn:aws:elasticbeanstalk:us-east-1::platform/Docker running on 64bit Amazon Linux 2023/4.0.0", PlatformDocker},
		{"64bit Amazon Linux 2 v3.5.7 running ECS", PlatformECS},
		{"arn:aws:elasticbeanstalk:${AWS::Region}::platform/ECS running on 64bit Amazon Linux 2023/4.3.0", PlatformECS},
		{"64bit Amazon Linux 2018.03 v2.26.0 running Multi-container Docker 19.03.13-ce (Generic)", PlatformECS},
		{"64bit Amazon Linux 2023 v6.1.0 running Node.js 20", PlatformOther},
		{"64bit Windows Server 2019 v2.11.0 running IIS 10.0", PlatformOther},
	}
	for _, c := range cases {
		if got := platformKind(c.in); got != c.want {
			t.Errorf("platformKind(%q) = %d, want %d", c.in, got, c.want)
		}
	}
	if p := classifyPlatform(parsers.UnknownValue("parameter Stack has no value", at(1))); p.Kind != PlatformUnknown || p.Reason == "" {
		t.Errorf("unknown platform classified as %d (%q)", p.Kind, p.Reason)
	}
	choice := parsers.Value{Kind: parsers.Choice}.WithItems([]parsers.Value{lit("64bit Amazon Linux 2 v3.6.0 running Docker"), lit("64bit Amazon Linux 2 v5.8.0 running Node.js 18")}).WithCond("UseDocker")
	if p := classifyPlatform(choice); p.Kind != PlatformUnknown {
		t.Errorf("platform under an undecided condition classified as %d", p.Kind)
	}
}

// TestPlatformMatchers checks the platform and region matchers against the
// regular expressions they stand for, on names built from pieces that
// come close to matching (case, the Kelvin sign, line breaks, versions).
func TestPlatformMatchers(t *testing.T) {
	matchers := []struct {
		expr  string
		match func(string) bool
	}{
		{`(?i)^64bit Amazon Linux (2|2023) v[0-9.]+ running Docker$`, func(s string) bool { return amazonLinuxStack(s, "Docker") }},
		{`(?i)^64bit Amazon Linux (2|2023) v[0-9.]+ running ECS$`, func(s string) bool { return amazonLinuxStack(s, "ECS") }},
		{`(?i)^Docker running on 64bit Amazon Linux (2|2023)$`, func(s string) bool { return amazonLinuxBranch(s, "Docker") }},
		{`(?i)^ECS running on 64bit Amazon Linux (2|2023)$`, func(s string) bool { return amazonLinuxBranch(s, "ECS") }},
		{`(?i)^64bit Amazon Linux (.*) Multi-container Docker (.*)$`, multiContainerDocker},
		{`(?i)^64bit Amazon Linux 20[0-9]{2}\.[0-9]{2} v[0-9.]+ running Docker`, legacyDocker},
		{`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$`, isRegion},
	}
	heads := []string{"", "64bit Amazon Linux ", "64BIT AMAZON LINUX ", "64bit Amazon Linux", "Docker running on 64bit Amazon Linux ",
		"ECS running on 64bit Amazon Linux ", "dOCKER RUNNING ON 64BIT AMAZON LINUX ", "us", "us-gov", "us-iso", "us-isob", "US"}
	middles := []string{"", "2", "2023", "2 ", "2023 ", "2018.03 ", "2018.3 ", "20x8.03 ", "2018.03 v2.16.0 ", "2 v3.6.0 ", "2023 v4.3.0 ", "2 v3.6.0", "2 V3.6.0 ", "2 v ", "2023 v4..0 ",
		"2 v3.6.0 running Doc\u212Aer", "running ", "\n", " Multi-container Docker ", " MULTI-CONTAINER DOC\u212AER ", "-east", "-east-", "-gov-west"}
	tails := []string{"", "running Docker", " running Docker", "running ECS", "running Docker 19.03", "x", "\n", "-1", "-12", "-", "-a1", "\xff"}
	for _, m := range matchers {
		re := regexp.MustCompile(m.expr)
		matched := 0
		for _, h := range heads {
			for _, mid := range middles {
				for _, tail := range tails {
					s := h + mid + tail
					got, want := m.match(s), re.MatchString(s)
					if got != want {
						t.Errorf("%q: match %v, %s matches %v", s, got, m.expr, want)
					}
					if want {
						matched++
					}
				}
			}
		}
		if matched == 0 {
			t.Errorf("no name matches %s: the test proves nothing", m.expr)
		}
	}
}

func TestRequirements(t *testing.T) {
	set := func(ns, name string, v parsers.Value) parsers.OptionSetting {
		return parsers.OptionSetting{Namespace: ns, Name: name, Value: v, Loc: at(50)}
	}
	cases := []struct {
		name     string
		stack    string
		settings []parsers.OptionSetting
		want     map[string]Severity
	}{
		{"base, health unset", "64bit Amazon Linux 2023 v6.1.0 running Python 3.11", nil,
			map[string]Severity{"elasticbeanstalk": Error, "cloudformation": Error, "sqs": Error, "logs": Error, "elasticbeanstalk-health": Warning}},
		{"basic health", "64bit Amazon Linux 2023 v6.1.0 running Python 3.11", []parsers.OptionSetting{set(nsHealth, "SystemType", lit("basic"))},
			map[string]Severity{"elasticbeanstalk": Error, "cloudformation": Error, "sqs": Error, "logs": Error}},
		{"docker, enhanced, xray, secrets", "64bit Amazon Linux 2 v3.6.0 running Docker", []parsers.OptionSetting{
			set(nsHealth, "systemtype", lit("Enhanced")),
			set(nsXRay, "XRayEnabled", lit("true")),
			set(nsSecrets, "DB_PASSWORD", lit("arn:aws:secretsmanager:us-east-1:123456789012:secret:db")),
			set(nsSecrets, "API_KEY", lit("arn:aws:ssm:us-east-1:123456789012:parameter/api")),
		}, map[string]Severity{"elasticbeanstalk": Error, "cloudformation": Error, "sqs": Error, "logs": Error, "elasticbeanstalk-health": Error,
			"ecr.api": Error, "ecr.dkr": Error, "xray": Warning, "secretsmanager": Warning, "ssm": Warning}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := parsers.NewGraph()
			env := &parsers.Environment{Resource: hdr("Env", "AWS::ElasticBeanstalk::Environment", 40), SolutionStackName: lit(c.stack), Settings: c.settings}
			mustAdd(t, g, env)
			e := &Env{Environment: &query.Environment{Node: env, Settings: g.Effective(env)}}
			e.Platform = classifyPlatform(e.Settings.Platform)
			got := map[string]Severity{}
			for _, r := range newAnalysis(g, nil).requirements(e) {
				got[r.Service] = r.Severity
			}
			if len(got) != len(c.want) {
				t.Errorf("requirements = %v, want %v", got, c.want)
			}
			for svc, sev := range c.want {
				if got[svc] != sev {
					t.Errorf("%s: severity %s, want %s", svc, got[svc], sev)
				}
			}
		})
	}
}
