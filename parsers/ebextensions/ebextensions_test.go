package ebextensions_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/ebextensions"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		path string
		kind ebextensions.Kind
		ok   bool
	}{
		{"app/.ebextensions/01-vpc.config", ebextensions.ConfigFile, true},
		{"app/config/01-vpc.config", 0, false},
		{"app/.ebextensions/nested/01-vpc.config", 0, false},
		{"app/.elasticbeanstalk/saved_configs/prod.cfg.yml", ebextensions.SavedConfig, true},
		{"app/saved_configs/prod.cfg.yml", 0, false},
		{"app/env.yaml", ebextensions.Manifest, true},
		{"app/env.yml", 0, false},
	}
	for _, tt := range tests {
		k, ok := ebextensions.Classify(tt.path)
		if k != tt.kind || ok != tt.ok {
			t.Errorf("Classify(%q) = %v, %v; want %v, %v", tt.path, k, ok, tt.kind, tt.ok)
		}
	}
}

// setting is what a test expects of one option setting.
type setting struct {
	ns, name, value string
	line            int
}

func TestParseOptionSettings(t *testing.T) {
	tests := []struct {
		name string
		path string
		src  string
		want []setting
	}{
		{
			name: "list form, namespace optional",
			path: "app/.ebextensions/a.config",
			src: `option_settings:
  - namespace: aws:elasticbeanstalk:healthreporting:system
    option_name: SystemType
    value: enhanced
  - option_name: MYPARAMETER
    value: parametervalue
`,
			want: []setting{
				{"aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced", 2},
				{ebextensions.DefaultNamespace, "MYPARAMETER", "parametervalue", 5},
			},
		},
		{
			name: "namespace map form",
			path: "app/.ebextensions/a.config",
			src: `option_settings:
  aws:ec2:vpc:
    AssociatePublicIpAddress: true
    Subnets: subnet-1,subnet-2
`,
			want: []setting{
				{"aws:ec2:vpc", "AssociatePublicIpAddress", "true", 3},
				{"aws:ec2:vpc", "Subnets", "subnet-1,subnet-2", 4},
			},
		},
		{
			name: "JSON",
			path: "app/.ebextensions/a.config",
			src: `{
  "option_settings": [
    {
      "namespace": "aws:autoscaling:launchconfiguration",
      "option_name": "DisableDefaultEC2SecurityGroup",
      "value": "true"
    }
  ]
}`,
			want: []setting{{"aws:autoscaling:launchconfiguration", "DisableDefaultEC2SecurityGroup", "true", 3}},
		},
		{
			name: "saved configuration",
			path: "app/.elasticbeanstalk/saved_configs/prod.cfg.yml",
			src: `AWSConfigurationTemplateVersion: 1.1.0.0
OptionSettings:
  aws:elasticbeanstalk:healthreporting:system:
    SystemType: basic
`,
			want: []setting{{"aws:elasticbeanstalk:healthreporting:system", "SystemType", "basic", 4}},
		},
		{
			name: "empty configuration file",
			path: "app/.ebextensions/a.config",
			src:  "# nothing yet\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, _ := ebextensions.Classify(tt.path)
			f, err := ebextensions.Parse(tt.path, k, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []setting
			for _, o := range f.Settings {
				got = append(got, setting{o.Namespace, o.Name, o.Value.Str, int(o.Loc.StartLine)})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("settings = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("setting %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseNotForUs(t *testing.T) {
	// An env.yaml of another tool is no manifest: skipped, not an error.
	f, err := ebextensions.Parse("svc/env.yaml", ebextensions.Manifest, []byte("DATABASE_URL: postgres://db\n"))
	if f != nil || err != nil {
		t.Errorf("Parse = %v, %v; want nil, nil", f, err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"invalid YAML", "option_settings:\n  aws:ec2:vpc: [a, b\n", 2, "invalid YAML"},
		{"entry without option_name", "option_settings:\n  - namespace: aws:ec2:vpc\n    value: x\n", 2, "needs option_name"},
		{"option_settings a string", "option_settings: SystemType=enhanced\n", 1, "option_settings must be"},
		{"namespace not a mapping", "option_settings:\n  aws:ec2:vpc: subnet-1\n", 2, "must be a mapping of option names"},
		{"not a mapping", "- option_settings\n", 1, "must be a mapping of sections"},
		{"resource without Type", "Resources:\n  Queue:\n    Properties: {}\n", 3, "needs a Type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ebextensions.Parse("a/.ebextensions/x.config", ebextensions.ConfigFile, []byte(tt.src))
			var pe *parsers.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a ParseError", err)
			}
			if int(pe.Loc.StartLine) != tt.line || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("error at line %d: %q; want line %d containing %q", pe.Loc.StartLine, pe.Msg, tt.line, tt.msg)
			}
		})
	}
}

func TestParseGroupRules(t *testing.T) {
	src := `Resources:
  sslSecurityGroupIngress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: {"Fn::GetAtt": ["AWSEBSecurityGroup", "GroupId"]}
      IpProtocol: tcp
      ToPort: 443
      FromPort: 443
      CidrIp: 10.0.0.0/16
  fromLoadBalancer:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref AWSEBSecurityGroup
      IpProtocol: tcp
      FromPort: 8443
      ToPort: 8443
      SourceSecurityGroupId: !GetAtt AWSEBLoadBalancerSecurityGroup.GroupId
  otherGroup:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: sg-0123
      IpProtocol: tcp
      FromPort: 443
      ToPort: 443
      CidrIp: 0.0.0.0/0
  queue:
    Type: AWS::SQS::Queue
`
	f, err := ebextensions.Parse("app/.ebextensions/sg.config", ebextensions.ConfigFile, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.GroupRules) != 2 {
		t.Fatalf("GroupRules = %+v, want 2", f.GroupRules)
	}
	r := f.GroupRules[0]
	if r.Group != parsers.EBInstanceGroup || r.Egress || r.Rule.FromPort.Str != "443" || r.Rule.Peer.CIDR.Str != "10.0.0.0/16" || r.Rule.Loc.StartLine != 3 {
		t.Errorf("first rule = %+v", r)
	}
	if p := f.GroupRules[1].Rule.Peer.SecurityGroup; p.Kind != parsers.Ref || p.Target != parsers.EBLoadBalancerGroup {
		t.Errorf("second rule's peer = %+v, want a Ref to %s", p, parsers.EBLoadBalancerGroup)
	}
	// otherGroup, a rule on another group, is a CloudFormation resource of
	// the file; the queue is no network resource.
	if len(f.Notices) != 0 || f.Template == nil {
		t.Errorf("notices = %+v, template %v; want none and a template for otherGroup", f.Notices, f.Template)
	}
}

func TestLoadBalancerTypeFromConfigFileIsUnknown(t *testing.T) {
	src := "option_settings:\n  aws:elasticbeanstalk:environment:\n    LoadBalancerType: application\n    EnvironmentType: LoadBalanced\n"
	f, err := ebextensions.Parse("app/.ebextensions/lb.config", ebextensions.ConfigFile, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Settings[0].Value.Kind; got != parsers.Unknown {
		t.Errorf("LoadBalancerType is %v, want unknown", got)
	}
	if got := f.Settings[1].Value.Kind; got != parsers.Known {
		t.Errorf("EnvironmentType is %v, want known", got)
	}
}

func TestParseChangesToEBResources(t *testing.T) {
	// Elastic Beanstalk's own resources may be changed without a Type
	// (the Developer Guide's samples do so); others need one.
	src := "Resources:\n  AWSEBAutoScalingGroup:\n    Properties:\n      HealthCheckType: ELB\n"
	if _, err := ebextensions.Parse("a/.ebextensions/asg.config", ebextensions.ConfigFile, []byte(src)); err != nil {
		t.Errorf("a change to AWSEBAutoScalingGroup: %v", err)
	}
	// Also beside a network resource, which is read as a CloudFormation
	// resource.
	src += "  Rule:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: sg-0123\n      IpProtocol: tcp\n      FromPort: 443\n      ToPort: 443\n      CidrIp: 10.0.0.0/16\n"
	if f, err := ebextensions.Parse("a/.ebextensions/asg.config", ebextensions.ConfigFile, []byte(src)); err != nil || f.Template == nil {
		t.Errorf("a change to AWSEBAutoScalingGroup beside a rule: %v", err)
	}
}
