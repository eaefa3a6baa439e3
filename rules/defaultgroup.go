package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/query"
)

// GroupsMissingWithDefaultDisabled is EB405.
var GroupsMissingWithDefaultDisabled = &Rule{
	ID:       "EB405",
	Name:     "SecurityGroupsMissingWithDefaultDisabled",
	Severity: Error,
	Title:    "DisableDefaultEC2SecurityGroup without the security groups it requires",
	Tags:     []string{"security-group", "settings"},
	Needs:    []Fact{FactSubnets, FactPosture},
	Check:    checkDefaultGroupDisabled,
	Doc: doc(`Fires when ´aws:autoscaling:launchconfiguration DisableDefaultEC2SecurityGroup´ is
´true´ and

- ´aws:autoscaling:launchconfiguration SecurityGroups´ is empty or not set, or
- the environment is load balanced with an Application or Classic Load Balancer (or
  ´LoadBalancerType´ is absent, which means one of them) and no load balancer ´SecurityGroups´
  are given (´aws:elbv2:loadbalancer´ for an ALB, ´aws:elb:loadbalancer´ for a CLB).

One finding, on ´DisableDefaultEC2SecurityGroup´, names what is missing. When the instance
groups are missing, EB402 and EB403 (which check the instance groups' rules) stay silent: this
finding says it all. It applies to environments with isolated or transit instance subnets.

## Why it breaks a private environment

With the default group disabled Elastic Beanstalk attaches no instance security group, and the
option makes the instance and load balancer ´SecurityGroups´ mandatory [eb-opts]: the instances
have no rule to reach the endpoints or admit the load balancer, and the environment cannot be
created or never becomes healthy.

## Failing example

~~~yaml
- Namespace: aws:autoscaling:launchconfiguration
  OptionName: DisableDefaultEC2SecurityGroup
  Value: "true"                 # EB405: no SecurityGroups for the instances
~~~

## Fix

´beanlint fix´ shows these settings but does not apply them: the security groups are yours to choose.

~~~yaml
Environment:
  Type: AWS::ElasticBeanstalk::Environment
  Properties:
    OptionSettings:
      - Namespace: aws:autoscaling:launchconfiguration
        OptionName: SecurityGroups
        Value: !Ref InstanceSecurityGroup
~~~

~~~hcl
setting {
  namespace = "aws:autoscaling:launchconfiguration"
  name      = "SecurityGroups"
  value     = aws_security_group.instances.id
}
~~~

## Sources

[eb-opts] [eb-ec2-cli] [kc-sg].
`),
}

// checkDefaultGroupDisabled reports EB405.
func checkDefaultGroupDisabled(p *Pass) {
	q := p.Query()
	for _, e := range p.PrivateEnvironments() {
		inst := q.InstanceGroups(e.Node)
		if inst.ImplicitAttached.Tri != no {
			continue
		}
		var missing []string
		var cfn []edit.Edit
		var tf []tfSetting
		if len(given(inst.Configured)) == 0 {
			missing = append(missing, "aws:autoscaling:launchconfiguration SecurityGroups (the instances' groups)")
			cfn = append(cfn, p.a.setting(e.Node, query.NSLaunch, "SecurityGroups", edit.PlaceholderFor("InstanceSecurityGroup", "a group that admits the process port from the load balancer and allows TCP 443 out")))
			tf = append(tf, tfSetting{query.NSLaunch, "SecurityGroups", edit.PlaceholderFor("instance_security_group_id", "a security group that admits the process port from the load balancer and allows TCP 443 out")})
		}
		lbType := q.LoadBalancerType(e.Node)
		if lbType != "" && lbType != "network" && len(given(q.LoadBalancerGroups(e.Node).Configured)) == 0 {
			ns := "aws:elbv2:loadbalancer SecurityGroups (application) or aws:elb:loadbalancer SecurityGroups (classic; LoadBalancerType is not set)"
			snippetNS := query.NSALB
			switch lbType {
			case "application":
				ns = "aws:elbv2:loadbalancer SecurityGroups"
			case "classic":
				ns, snippetNS = "aws:elb:loadbalancer SecurityGroups", query.NSCLB
			}
			missing = append(missing, ns+" (the load balancer's groups)")
			cfn = append(cfn, p.a.setting(e.Node, snippetNS, "SecurityGroups", edit.PlaceholderFor("LoadBalancerSecurityGroup", "a group that admits the listener port")))
			tf = append(tf, tfSetting{snippetNS, "SecurityGroups", edit.PlaceholderFor("load_balancer_security_group_id", "a security group that admits the listener port")})
		}
		if len(missing) == 0 {
			continue
		}
		at := p.a.settingAt(e, query.NSLaunch, "DisableDefaultEC2SecurityGroup")
		p.Report(Finding{
			Message: fmt.Sprintf("DisableDefaultEC2SecurityGroup is true for environment %s, so Elastic Beanstalk attaches no security group of its own, but %s %s not given. "+
				"The option makes them mandatory: without them the instances have no rule to reach the endpoints or admit the load balancer, and the environment cannot be created or never becomes healthy. "+
				"Set the missing SecurityGroups, or remove DisableDefaultEC2SecurityGroup.",
				e.Name(), strings.Join(missing, " and "), map[bool]string{true: "is", false: "are"}[len(missing) == 1]),
			Loc:         at.Loc,
			Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
			Resource: at.Resource,
			Property: at.Property,
			Subject:  "DisableDefaultEC2SecurityGroup",
		}, Fix{
			CloudFormation: cfnFix("Give "+e.Name()+" the security groups DisableDefaultEC2SecurityGroup makes mandatory.", cfn...),
			Terraform:      tfSettingsFix(e.Node, "Give "+e.Name()+" the security groups DisableDefaultEC2SecurityGroup makes mandatory", tf...),
		}, e.Node)
	}
}
