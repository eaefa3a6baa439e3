package parsers

import "strings"

// AppSource is an application source directory: the root of a source bundle
// holding configuration files (.ebextensions/*.config) read for the
// environment it is paired with (DOMAIN.md §9; docs/app-source.md).
type AppSource struct {
	// Dir is the source directory (the parent of .ebextensions).
	Dir string
	// Files are the configuration files read, in the order Elastic
	// Beanstalk applies them (alphabetical).
	Files []string
	// Settings are the option_settings of the configuration files, in the
	// order they are applied: a later setting of the same option overrides
	// an earlier one. Each setting's Owner is SourceOwner(Dir).
	Settings []OptionSetting
	// GroupRules are security group rules the configuration files'
	// Resources add to a group Elastic Beanstalk creates.
	GroupRules []EBGroupRule
	// Manifest is the environment manifest (env.yaml) at the root of the
	// source, "" when it has none; ManifestName is its EnvironmentName
	// and ManifestSettings its OptionSettings (Owner SourceOwner(Dir)).
	// Where those settings stand in Elastic Beanstalk's precedence is not
	// documented (docs/app-source.md §5): Graph.Effective makes a setting
	// the manifest gives another value unknown.
	Manifest         string
	ManifestName     Value
	ManifestSettings []OptionSetting
}

// EB security groups a configuration file's Resources may name
// (the Developer Guide's resource names).
const (
	EBInstanceGroup     = "AWSEBSecurityGroup"
	EBLoadBalancerGroup = "AWSEBLoadBalancerSecurityGroup"
)

// EBGroupKey is the graph key of the security group Elastic Beanstalk
// creates for the environment whose key is envKey under the resource name
// group (EBInstanceGroup or EBLoadBalancerGroup); the query layer models
// the group under this key.
func EBGroupKey(envKey, group string) string {
	if group == EBLoadBalancerGroup {
		return envKey + lbGroupSuffix
	}
	return envKey + instanceGroupSuffix
}

// Key suffixes of the groups Elastic Beanstalk creates (EBGroupKey).
const (
	instanceGroupSuffix = "#eb-instance-sg"
	lbGroupSuffix       = "#eb-loadbalancer-sg"
)

// EBGroupOf says which group Elastic Beanstalk creates a graph key made
// by EBGroupKey stands for: EBInstanceGroup or EBLoadBalancerGroup.
func EBGroupOf(key string) (string, bool) {
	switch {
	case strings.HasSuffix(key, lbGroupSuffix):
		return EBLoadBalancerGroup, true
	case strings.HasSuffix(key, instanceGroupSuffix):
		return EBInstanceGroup, true
	}
	return "", false
}

// EBGroupRule is a rule an AWS::EC2::SecurityGroupIngress or
// SecurityGroupEgress resource of a configuration file adds to the group
// Elastic Beanstalk creates (Group: EBInstanceGroup or
// EBLoadBalancerGroup). A peer group that is one of those two is a Ref
// whose Target is that name, for the reader to map to the environment's
// group.
type EBGroupRule struct {
	Group  string
	Egress bool
	Rule   SGRule
}

// SourceOwner is the OptionSetting.Owner of the settings read from the
// configuration files of the application source in dir.
func SourceOwner(dir string) string { return "source:" + dir }
