package rules

import (
	"iter"
	"strings"
)

// sources maps the source keys rule docs cite ("[eb-vpc]") to the page
// each names: the AWS documentation, the Terraform registry and the
// GitHub issues the rules are based on.
var sources = map[string]string{
	"asg-api":          "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateLaunchConfiguration.html",
	"cfn-getazs":       "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getavailabilityzones.html",
	"cfn-intrinsics":   "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html",
	"cfn-pseudo":       "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/pseudo-parameter-reference.html",
	"cfn-sg":           "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html",
	"cfn-vpc":          "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-vpc.html",
	"cfn-vpce":         "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/vpc-interface-endpoints.html",
	"cfn-vpce-res":     "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-vpcendpoint.html",
	"clb-sg":           "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-instances-security-groups.html",
	"dp-s3":            "https://github.com/aws-samples/data-perimeter-policy-examples/blob/HEAD/vpc_endpoint_policies/s3_endpoint_policy.json",
	"eb-ec2-cli":       "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-features.managing.ec2.aws-cli.html",
	"eb-opts":          "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html",
	"eb-samples":       "https://github.com/awsdocs/elastic-beanstalk-samples/blob/master/cfn-templates/vpc-private.yaml",
	"eb-secrets":       "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.secrets.env-vars.html",
	"eb-ts":            "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/troubleshooting-envcreate.html",
	"eb-vpc":           "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc.html",
	"eb-vpce":          "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc-vpce.html",
	"eb-vpce-archived": "https://github.com/awsdocs/aws-elastic-beanstalk-developer-guide/blob/master/doc_source/vpc-vpce.md",
	"eb-vpce-pol":      "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc-vpce.policy.html",
	"ec2-api-vpce":     "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html",
	"ecr-vpce":         "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html",
	"ecs-vpce":         "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html",
	"elbv2-api":        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
	"gh-dc-269":        "https://github.com/prakhar1989/docker-curriculum/issues/269",
	"gh-ebcli-40":      "https://github.com/aws/aws-elastic-beanstalk-cli/issues/40",
	"gh-roadmap-47":    "https://github.com/aws/elastic-beanstalk-roadmap/issues/47",
	"gh-wwama-11":      "https://github.com/awslabs/windows-web-app-migration-assistant/issues/11",
	"gh-yaml-alias":    "https://github.com/aws/aws-cli/issues/3827",
	"go-yaml":          "https://github.com/yaml/go-yaml",
	"iam-elems":        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html",
	"iam-eval":         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
	"iam-vars":         "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
	"kc":               "https://dev.amazoncloud.cn/questions/detail/?id=64e35b9884d232184302c028",
	"kc-sg":            "https://repost.aws/knowledge-center/security-group-elastic-beanstalk",
	"pl-gw":            "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
	"pl-interface":     "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html",
	"s3-iface":         "https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html",
	"tf-default-nacl":  "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_network_acl",
	"tf-default-rt":    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_route_table",
	"tf-default-sg":    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group",
	"tf-json":          "https://developer.hashicorp.com/terraform/internals/json-format",
	"tf-main-rta":      "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/main_route_table_association",
	"tf-sg":            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group",
	"tf-vpc":           "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc",
	"tf-vpce":          "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_endpoint",
	"tf-vpce-dns":      "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_endpoint_private_dns",
	"tf-vpce-rta":      "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_endpoint_route_table_association",
	"vpc-default-sg":   "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
	"vpc-dns":          "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html",
	"vpc-nacl":         "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",
	"vpc-rt":           "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html",
	"vpc-sg-rules":     "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
	"vpc-subnets":      "https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html",
	"vpce-access":      "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
}

// LinkSources returns doc (a Rule.Doc) in Markdown with each source key it
// cites turned into a link to the page it names
// ("[eb-vpc](https://docs.aws...)"), so the help resolves outside the
// repository too. A key is "[key]" not followed by "(" (a link already);
// keys that name no source are left as they are.
func LinkSources(doc string) string {
	var b strings.Builder
	b.Grow(len(doc) + len(doc)/4)
	for piece := range LinkedPieces(doc) {
		b.WriteString(piece)
	}
	return b.String()
}

// LinkedPieces yields LinkSources(doc) in pieces, in order, without
// building it: a report that escapes the help as it writes it (SARIF's
// JSON) needs no copy of it. Each piece is a part of doc, a link's
// "(", its URL, ")", or the backquote a ´ stands for, so pieces end at UTF-8
// character boundaries.
func LinkedPieces(doc string) iter.Seq[string] {
	return func(yield func(string) bool) {
		rest := doc
		for {
			open := strings.IndexByte(rest, '[')
			if open < 0 {
				break
			}
			end := strings.IndexByte(rest[open:], ']')
			if end < 0 {
				break
			}
			end += open
			if !yieldMarkdown(rest[:end+1], yield) {
				return
			}
			url, ok := sources[rest[open+1:end]]
			if ok && !strings.HasPrefix(rest[end+1:], "(") && !(yield("(") && yield(url) && yield(")")) {
				return
			}
			rest = rest[end+1:]
		}
		yieldMarkdown(rest, yield)
	}
}

// yieldMarkdown yields Markdown(s) in pieces (Markdown's ´ rule, without
// building the string): the text between the ´ of s, and a backquote for
// each; it reports whether yield wanted more.
func yieldMarkdown(s string, yield func(string) bool) bool {
	for {
		before, after, found := strings.Cut(s, "´")
		if before != "" && !yield(before) {
			return false
		}
		if !found {
			return true
		}
		if !yield("`") {
			return false
		}
		s = after
	}
}
