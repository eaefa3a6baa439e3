package rules

import (
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// toolText names a text that differs by the tool an input is written for:
// how to decide what the inputs leave open (pass --parameter to a
// CloudFormation lint, lint Terraform plans together) and the few remedies
// only one language can express. Everything else in a message is the same
// in both formats; property names come from the values (Value.Prop) and
// the graph's list property names.
type toolText uint8

const (
	decideNetwork toolText = iota
	decideVPC
	decideParam
	decideGroups
	decideZones
	decideACL
	decideEndpointSubnets
	decideEndpointRegion
	decideEndpoints
	decideEndpointConditions
	decideHubEndpoints
	decideS3Routes
	decideAssociation
	decideEnvironmentType
	decidePublicIP
	decideScheme
	enablePrivateDNS
	useMainRouteTable
	noInputReferences
	decidePlatform
	decidePolicy
	policyProperty

	numToolTexts // the number of toolTexts; keep last
)

// toolTexts holds each toolText for CloudFormation templates and for
// Terraform plans (and the configurations they are linted with);
// configTexts those that differ for a Terraform configuration linted
// without a plan.
var toolTexts = [...]struct{ cloudFormation, terraform string }{
	decideNetwork: {
		"Lint the template that defines the VPC, subnets and route tables together with this one, or pass the parameter values (--parameter), so each subnet's route table is visible",
		"Lint the plan of the configuration that manages the VPC, subnets and route tables together with this plan (or plan them in one configuration), so each subnet's route table is visible"},
	decideVPC: {
		"Lint the template that defines the VPC together with this one, or pass the VPCId parameter value",
		"Lint the plan of the configuration that manages the VPC together with this plan"},
	decideParam: {
		"Pass the parameter value that decides it, or set it to true",
		"Set it to true in the configuration, or lint the plan that manages the resource it comes from together with this plan"},
	decideGroups: {
		"Lint the templates that define these groups and subnets together, or pass the parameter values (--parameter)",
		"Lint the plans of the configurations that manage these groups and subnets together with this plan"},
	decideZones: {
		"Give each subnet its Availability Zone in the same form (AvailabilityZone names, Fn::Select [i, Fn::GetAZs ''], or AvailabilityZoneId IDs), or lint the template that defines the subnets together with this one",
		"Set availability_zone (or availability_zone_id) on each subnet in the same form, or lint the plan of the configuration that manages the subnets together with this plan"},
	decideACL: {
		"Pass the parameter values that decide the network ACL's entries (--parameter), or lint the template that defines them together with this one",
		"Lint the plan of the configuration that manages the network ACL's entries together with this plan"},
	decideEndpointSubnets: {
		"List each endpoint's subnets (SubnetIds), one in each zone the instances run in",
		"List each endpoint's subnets (subnet_ids, or aws_vpc_endpoint_subnet_association resources whose vpc_endpoint_id and subnet_id the plan can resolve), one in each zone the instances run in"},
	decideEndpointRegion: {
		"use ${AWS::Region} (or the one deployment region) in every endpoint service name, or pass the deployment region (--parameter AWS::Region=<region>)",
		"name the deployment region through the aws_region data source (data.aws_region.current.name) in every endpoint service name, or set the provider's region"},
	decideEndpoints: {
		"lint the templates that define these endpoints together, or pass the parameter values (--parameter)",
		"lint the plans of the configurations that manage these endpoints together with this plan"},
	decideEndpointConditions: {
		"pass the parameter values that decide the endpoints' conditions (--parameter)",
		"give the variables that decide the endpoints' count or for_each (--var, --var-file, TF_VAR_NAME), or lint the configuration's plan"},
	decideHubEndpoints: {
		"Lint the template that defines the hub VPC's endpoints together with this one",
		"Lint the plan of the configuration that manages the hub VPC's endpoints together with this plan"},
	decideS3Routes: {
		"Pass the parameter values that decide these conditions (--parameter), or lint the templates that define the route tables together with this one",
		"Lint the plans of the configurations that manage the route tables together with this plan"},
	decideAssociation: {
		// A CloudFormation association names its endpoint by Ref: never unresolved.
		"Pass the parameter values that decide the endpoint's route tables (--parameter)",
		"What decides it is the ID the association's vpc_endpoint_id (or route_table_id, or subnet_id) turns out to have: write it as a reference beanlint follows to the endpoint (or table, or subnet): its id, directly or through module outputs and variables, not through terraform_data or a remote state; or lint a plan made once it exists (an update plan, whose state knows the ID); or, when another configuration manages it, lint that configuration's plan together with this one"},
	decideEnvironmentType: {
		"Pass the parameter value that decides EnvironmentType (--parameter)",
		"Set EnvironmentType in the configuration to a literal value, or lint the plan with the variable's value"},
	decidePublicIP: {
		"Pass the parameter value that decides it (--parameter), or set it to false",
		"Set it to false in the configuration, or lint the plan with the variable's value"},
	decideScheme: {
		"Pass the parameter value that decides ELBScheme (--parameter), or set it to internal",
		"Set ELBScheme to internal in the configuration, or lint the plan with the variable's value"},
	enablePrivateDNS: {
		"Enable private DNS on the endpoint.",
		"Enable private DNS on the endpoint (private_dns_enabled = true, or an aws_vpc_endpoint_private_dns resource for it, not both)."},
	useMainRouteTable: {
		"A CloudFormation template cannot reference or associate a VPC's main route table, so give the subnet its own route table (a subnet route table association) and list that table on the S3 gateway endpoint.",
		"List the VPC's main route table (its main_route_table_id) on the endpoint, as below, or give the subnet its own route table (aws_route_table_association) and list that table on the endpoint."},
	noInputReferences: {"no template", "no Terraform configuration"},
	decidePlatform: {
		"Pass the parameter value that decides SolutionStackName or PlatformArn (--parameter)",
		"Set solution_stack_name or platform_arn to a value the plan knows"},
	decidePolicy: {
		"Write the PolicyDocument in the template (as data or a JSON string), or pass the parameter values it is built from (--parameter)",
		"Build the policy from values the plan knows (jsonencode of literals and variables, or an aws_iam_policy_document whose statements use them), or lint a plan made after the resources it names exist"},
	policyProperty: {"PolicyDocument", "policy"},
}

// configTexts are the toolTexts whose Terraform text does not fit a
// configuration linted without a plan (no other plan to lint it with: its
// unknowns are variables without a value, or what only terraform plan
// reads); "" where the Terraform text fits.
var configTexts = [numToolTexts]string{
	decideNetwork:      "Give the configuration the values it leaves open, as said above (--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME), or lint its plan (terraform show -json) instead, so each subnet's route table is visible",
	decideVPC:          "Lint the configuration that manages the VPC (or its plan) together with this one, or give this configuration the values it leaves open (--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME)",
	decideParam:        "Set it to true in the configuration, give it the values it leaves open (--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME), or lint the configuration's plan (terraform show -json) instead",
	decideGroups:       "Lint the configurations that manage these groups and subnets (or their plans) together with this one, or give this configuration the values it leaves open (--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME)",
	decideZones:        "Set availability_zone (or availability_zone_id) on each subnet in the same form, give the variables they come from values (--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME), or lint the configuration's plan (terraform show -json) instead",
	decideACL:          "Lint the configuration that manages the network ACL's entries (or its plan) together with this one, or give this configuration the values it leaves open (--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME)",
	decideEndpoints:    "give the configuration the values it leaves open, as said above (--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME), or lint its plan (terraform show -json) instead",
	decideHubEndpoints: "Lint the configuration that manages the hub VPC's endpoints (or its plan) together with this one",
	decideS3Routes:     "Lint the configurations that manage the route tables (or their plans) together with this one, or give this configuration the values it leaves open (--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME)",
}

// configCause is what leaves a value of a configuration linted without a
// plan unknown, as far as the reason given for it tells.
type configCause uint8

const (
	causeVariables configCause = iota // a root variable without a value, or a count or for_each
	causeData                         // a data source only terraform plan reads
	causeElsewhere                    // an ID of something no linted input defines
	causeOther                        // anything else only the plan tells (a function beanlint does not compute, a module not installed)
)

// causeOf classifies why, the reason a value of a configuration linted
// without a plan is unknown, by the words parsers/terraform and the rules
// use for each cause.
func causeOf(why string) configCause {
	switch {
	case strings.Contains(why, " has no value"), strings.Contains(why, "which is not known without a plan"):
		return causeVariables
	case strings.Contains(why, "a data source that terraform plan reads from AWS"):
		return causeData
	case strings.Contains(why, "is not defined in the linted inputs"):
		return causeElsewhere
	}
	return causeOther
}

// decideText returns t as text does, for an unknown whose reason is why:
// for a configuration linted without a plan, the advice that fits the
// cause (no variable decides a data source, nor a subnet another
// configuration manages).
func (a *analysis) decideText(n parsers.Node, t toolText, why string) string {
	if !a.withoutPlan(n) || configTexts[t] == "" {
		return a.text(n, t)
	}
	var s string
	switch causeOf(why) {
	case causeData:
		s = "lint the configuration's plan (terraform show -json) instead: terraform plan reads the data sources it depends on from AWS"
	case causeElsewhere:
		s = "lint the configuration that manages them (or its plan) together with this one"
	case causeOther:
		s = "lint the configuration's plan (terraform show -json) instead"
	default:
		return a.text(n, t)
	}
	if t == decideNetwork {
		s += ", so each subnet's route table is visible"
	}
	if t != decideEndpoints {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// text returns t in the language of the input that defines node n, and
// for a Terraform configuration, as it was linted (with or without a plan).
func (a *analysis) text(n parsers.Node, t toolText) string {
	if c := configTexts[t]; c != "" && a.withoutPlan(n) {
		return c
	}
	if a.terraform(n) {
		return toolTexts[t].terraform
	}
	return toolTexts[t].cloudFormation
}

// text returns t in the language of the input that defines node n.
func (p *Pass) text(n parsers.Node, t toolText) string { return p.a.text(n, t) }
