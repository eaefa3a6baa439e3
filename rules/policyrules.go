package rules

// S3PolicyTooRestrictive is EB601.
var S3PolicyTooRestrictive = &Rule{
	ID:       "EB601",
	Name:     "S3EndpointPolicyTooRestrictive",
	Severity: Error,
	Title:    "S3 endpoint policy does not allow what Elastic Beanstalk instances need",
	Tags:     []string{"endpoint", "s3", "policy"},
	Needs:    []Fact{FactSubnets, FactPosture, FactEndpoints, FactRouteTables},
	Check:    checkS3Policies,
	Doc: doc(`Fires when the policy of an S3 endpoint that carries the instances' S3 traffic does not
allow every (action, resource) pair Elastic Beanstalk instances need; the message lists each
missing pair. The finding points at the endpoint's ´PolicyDocument´ / ´policy´. A missing policy
means full access and never fires.

| action | resource (´arn:aws:s3:::´ + …) | signed by |
|---|---|---|
| ´s3:GetObject´ | ´elasticbeanstalk-platform-assets-<region>/*´ | the instance profile's role |
| ´s3:GetObject´ | ´elasticbeanstalk-env-resources-<region>/*´ | the instance profile's role |
| ´s3:GetObject´ | ´cloudformation-waitcondition-<region>/*´ | URL presigned by CloudFormation |
| ´s3:GetObject´ | ´cloudformation-custom-resource-response-<regionnodashes>/*´ | URL presigned by CloudFormation |
| ´s3:GetObject´, ´s3:PutObject´ | ´elasticbeanstalk-<region>-<account>/*´ (the environment's bucket) | the instance profile's role |
| ´s3:ListBucket´ | ´elasticbeanstalk-<region>-<account>´ | the instance profile's role |

Exact-region ARNs, the broad ´elasticbeanstalk-*´ / ´cloudformation*´ forms and any mix satisfy
it; in me-central-1 the platform-assets and env-resources buckets end in ´-f08b818c´, and the
Beijing assets bucket is ´elasticbeanstalk-platform-assets-public-beta-cn-north-1´. The policy is
evaluated as IAM does (package rules/policy): an explicit ´Deny´ wins, ´NotAction´ and
´NotResource´ are honoured, ´*´ and ´?´ are wildcards, action names are case-insensitive and ARNs
case-sensitive. The region is the deployment region when the input decides it (´--parameter
AWS::Region=…´, the Terraform provider's region, a literal region in the VPC's endpoint service
names), else ´${AWS::Region}´ stands for it: ´!Sub arn:aws:s3:::elasticbeanstalk-${AWS::Region}-${AWS::AccountId}/*´
is the environment's bucket. The account is ´${AWS::AccountId}´; no input states it otherwise, so
an ARN that spells a literal account cannot be matched to the environment's bucket (EB902).

The rule applies wherever the endpoint carries the instances' traffic: a gateway endpoint on the
route table of an ´isolated´, ´transit´ or ´nat´ instance subnet (its prefix-list route beats
´0.0.0.0/0´), and an S3 interface endpoint with private DNS. A NAT gateway does not rescue a
request the endpoint's policy denies.

When a statement's condition, principal or a policy variable decides a pair, EB902 reports a note
instead. Elastic Beanstalk's documented policy [eb-vpce-pol] lists ´s3:GetObjectAcl´ and
´s3:PutObjectAcl´ on the environment's bucket too, and the Knowledge Center's minimal policy [kc]
lacks ´GetObjectAcl´: the rule does not require them. Policies come as YAML/JSON data or JSON strings (with ´Fn::Sub´, ´Fn::Join´, ´Ref´
inside), as Terraform ´jsonencode(…)´, heredoc strings or ´aws_iam_policy_document´ JSON, and
through ´aws_vpc_endpoint_policy´. An ´aws_iam_policy_document´ whose JSON the plan does not know (a
statement names a value known only after apply), or a configuration linted without a plan, is read
from its blocks in the ´.tf´ source (´statement´, ´principals´, ´not_principals´, ´condition´,
´dynamic´ blocks); what only apply knows stays unknown in the statement it is in, and a document that
merges others (´source_policy_documents´, ´override_policy_documents´) is not read (EB901).
A bucket named with the environment's unknown region (´${AWS::Region}´) is one bucket whatever the
region is, and an account ID is twelve digits: a statement that grants another bucket for every
possible value (the environment's own bucket for the platform-assets bucket) gives EB601, not EB902.

## Why it breaks a private environment

The instances download the platform assets and the application source bundle from these buckets
and reply to the launch wait condition through a presigned URL; the endpoint's policy rejects the
requests with 403. The deployment fails with "The EC2 instances failed to communicate with AWS
Elastic Beanstalk" or "The following resource(s) failed to create:
[AWSEBInstanceLaunchWaitCondition]", 15 to 30 minutes in.

## Failing example

~~~yaml
S3Endpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
    RouteTableIds: [!Ref PrivateRouteTable]
    PolicyDocument:             # EB601: only the application's own bucket
      Statement:
        - Effect: Allow
          Principal: "*"
          Action: s3:*
          Resource: arn:aws:s3:::my-app-data/*
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

Add the statements for the missing pairs (the fix names only those), scoped to the region and
account:

~~~yaml
- Sid: ElasticBeanstalkBuckets
  Effect: Allow
  Principal: "*"
  Action: [s3:GetObject]
  Resource:
    - !Sub arn:aws:s3:::elasticbeanstalk-platform-assets-${AWS::Region}/*
    - !Sub arn:aws:s3:::elasticbeanstalk-env-resources-${AWS::Region}/*
- Sid: CloudFormationResponses
  Effect: Allow
  Principal: "*"
  Action: [s3:GetObject, s3:PutObject]
  Resource:
    - !Sub arn:aws:s3:::cloudformation-waitcondition-${AWS::Region}/*
    - arn:aws:s3:::cloudformation-custom-resource-response-*/*
- Sid: EnvironmentBucket
  Effect: Allow
  Principal: "*"
  Action: [s3:GetObject, s3:PutObject, s3:ListBucket]
  Resource:
    - !Sub arn:aws:s3:::elasticbeanstalk-${AWS::Region}-${AWS::AccountId}
    - !Sub arn:aws:s3:::elasticbeanstalk-${AWS::Region}-${AWS::AccountId}/*
~~~

~~~hcl
{
  Sid       = "ElasticBeanstalkBuckets"
  Effect    = "Allow"
  Principal = "*"
  Action    = ["s3:GetObject"]
  Resource = [
    "arn:aws:s3:::elasticbeanstalk-platform-assets-us-east-1/*",
    "arn:aws:s3:::elasticbeanstalk-env-resources-us-east-1/*",
  ]
},
~~~

A policy with no Allow statement gets the Knowledge Center's minimal policy [kc] instead (´s3:GetObject´,
´ListBucket´, ´PutObject´, ´PutObjectAcl´, ´DeleteObject´, ´PutBucketPolicy´,
´PutObjectVersionAcl´ on ´elasticbeanstalk-*´, ´elasticbeanstalk-*/*´ and ´cloudformation*/*´).
A gateway endpoint's policy must use ´"Principal": "*"´. When a Terraform policy is the JSON of an
´aws_iam_policy_document´, the fix is the ´statement´ blocks to add to that data source.

## Sources

[eb-vpce-pol] [cfn-vpce] [kc] [dp-s3] [iam-eval] [iam-elems] [vpce-access].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo-vpc-endpoints.html
`),
}

// ECRLayerPolicyMissing is EB602.
var ECRLayerPolicyMissing = &Rule{
	ID:       "EB602",
	Name:     "S3EndpointPolicyBlocksECRLayers",
	Severity: Error,
	Title:    "S3 endpoint policy does not allow the ECR image layer bucket",
	Tags:     []string{"endpoint", "s3", "policy", "docker"},
	Needs:    []Fact{FactSubnets, FactPosture, FactEndpoints, FactRouteTables},
	Check:    checkECRLayerPolicy,
	Doc: doc(`Fires for a Docker or ECS platform when the policy of an S3 endpoint
that carries the instances' S3 traffic does not allow ´s3:GetObject´ on
´arn:aws:s3:::prod-<region>-starport-layer-bucket/*´, where ECR keeps image layers. The finding
points at the endpoint's ´PolicyDocument´ / ´policy´. A missing policy means full access and
never fires. Evaluation, scope (isolated, transit and nat subnets whose traffic the endpoint
carries) and policy forms are those of EB601; the layers are fetched through URLs presigned by
ECR, so a statement limited to named principals gives an EB902 note. The Knowledge Center's minimal
policy [kc] does not cover the bucket.

## Why it breaks a private environment

´docker pull´ from ECR gets the image manifest through the ECR endpoints and the layers from S3;
the endpoint's policy rejects the layer downloads, the pull fails with ´CannotPullContainerError´
and the deployment fails.

## Failing example

A Docker environment (´64bit Amazon Linux 2023 v4.3.0 running Docker´) whose S3 endpoint policy
is the KC minimal policy: ´elasticbeanstalk-*´ and ´cloudformation*/*´ only.

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
- Sid: ECRImageLayers
  Effect: Allow
  Principal: "*"
  Action: [s3:GetObject]
  Resource:
    - !Sub arn:aws:s3:::prod-${AWS::Region}-starport-layer-bucket/*
~~~

~~~hcl
{
  Sid       = "ECRImageLayers"
  Effect    = "Allow"
  Principal = "*"
  Action    = ["s3:GetObject"]
  Resource = [
    "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*",
  ]
},
~~~

## Sources

[ecr-vpce] [dp-s3] [eb-vpc].
https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
`),
}

// InterfacePolicyBlocksService is EB603.
var InterfacePolicyBlocksService = &Rule{
	ID:       "EB603",
	Name:     "InterfaceEndpointPolicyBlocksService",
	Severity: Warning,
	Title:    "Interface endpoint policy allows nothing of its service, or is on elasticbeanstalk-health",
	Tags:     []string{"endpoint", "policy"},
	Needs:    []Fact{FactSubnets, FactPosture, FactEndpoints},
	Check:    checkInterfacePolicies,
	Doc: doc(`Fires when the policy of a required interface endpoint that the instances use denies, or
fails to allow, every action of the endpoint's service for any principal: an ´elasticbeanstalk´
endpoint whose policy allows only ´s3:*´ (a copy of the S3 endpoint's policy), or one that denies
´elasticbeanstalk:*´. Also fires on any policy attached to the ´elasticbeanstalk-health´
endpoint: the enhanced health service does not support endpoint policies. The finding points at
the endpoint's ´PolicyDocument´ / ´policy´; a missing policy means full access and never fires.

The policy is asked whether it allows ´<prefix>:<some action>´ on some resource for some
principal, with the service's IAM action prefix (´elasticbeanstalk´, ´cloudformation´, ´sqs´,
´logs´, ´ecr´ for ´ecr.api´ and ´ecr.dkr´, ´ecs´ for ´ecs´, ´ecs-agent´ and ´ecs-telemetry´,
´xray´, ´secretsmanager´, ´ssm´): a policy that allows some of the service's actions, or may
under a condition, passes. Which actions each service needs is not documented (´cloudformation´,
´sqs´ and ´logs´ have no documented minimum policy), so the rule only catches
policies that leave nothing of the service.

The rule applies to the interface endpoints the instances use: in isolated and transit subnets,
and in nat subnets when the endpoint has private DNS (which captures the service's name for the
whole VPC).

## Why it breaks a private environment

An endpoint has one policy for every principal: "you must combine all of the permissions into the
one policy". The instances' calls are rejected with AccessDenied, and the deployment fails as
without the endpoint (EB301).

## Failing example

~~~yaml
ElasticBeanstalkEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    ServiceName: !Sub com.amazonaws.${AWS::Region}.elasticbeanstalk
    VpcEndpointType: Interface
    PolicyDocument:            # EB603: copied from the S3 endpoint
      Statement:
        - Effect: Allow
          Principal: "*"
          Action: s3:*
          Resource: "*"
~~~

## Fix

´beanlint fix´ appends the statement to the policy (in Terraform, to the aws_iam_policy_document or the jsonencode document of the repository that the policy is); removing a policy is left to you.

~~~yaml
- Sid: AllowElasticbeanstalk
  Effect: Allow
  Principal: "*"
  Action: "elasticbeanstalk:*"
  Resource: "*"
~~~

~~~hcl
{
  Sid       = "AllowElasticbeanstalk"
  Effect    = "Allow"
  Principal = "*"
  Action    = "elasticbeanstalk:*"
  Resource  = "*"
},
~~~

Or remove the policy: no policy means full access. On ´elasticbeanstalk-health´, remove it.

## Sources

[eb-vpce-pol] [eb-vpce-archived] [iam-eval].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo-vpc-endpoints.html
`),
}

// PolicyUndecided is EB902.
var PolicyUndecided = &Rule{
	ID:       "EB902",
	Name:     "CannotVerifyPolicy",
	Severity: Note,
	Title:    "An endpoint policy's effect depends on what the linter cannot evaluate",
	Tags:     []string{"policy", "coverage"},
	Needs:    []Fact{FactSubnets, FactPosture, FactEndpoints, FactRouteTables},
	Check:    checkUndecidedPolicies,
	Doc: doc(`A note, never an error: whether an S3 endpoint's policy allows a pair EB601 or EB602
requires depends on something the linter cannot evaluate, so it neither passes nor fails it. The
message lists the pairs, the statements and what would decide them:

- a ´Condition´ on a key the inputs do not give (´aws:SourceVpce´, ´aws:SourceVpc´,
  ´aws:PrincipalOrgID´, ´aws:PrincipalArn´, …), in an Allow that grants the pair or in a Deny
  that may take it away;
- a ´Principal´ limited to named principals: requests to the Beanstalk buckets and the
  environment's own bucket are signed by the role of the environment's instance profile, which
  the inputs do not relate to a role ARN; the CloudFormation wait-condition reply and ECR image
  layers are fetched through URLs presigned by the service, a principal outside the account. On
  a gateway endpoint, a policy must use ´"Principal": "*"´: what a named principal does there is
  not documented;
- a policy variable (´${aws:username}´) or a value the inputs do not give (a parameter in a
  bucket ARN, a literal account ID the environment's account cannot be compared with, a literal
  region when the deployment region is not known).

A policy whose text is not known at all (a Terraform policy known only after apply, a parameter)
is an EB901 note.

## Example

~~~yaml
PolicyDocument:
  Statement:
    - Effect: Allow
      Principal: "*"
      Action: s3:*
      Resource: "*"
      Condition:
        StringEquals:
          aws:PrincipalOrgID: o-a1b2c3d4e5   # EB902: the instances' org is not in the inputs
~~~

## Fix

Make sure the requests satisfy the condition (the instance role is in the organization, the
request comes through this endpoint), or allow the pairs in a statement with ´Principal: "*"´ and
no condition:

~~~yaml
- Sid: ElasticBeanstalkBuckets
  Effect: Allow
  Principal: "*"
  Action: [s3:GetObject]
  Resource: [!Sub "arn:aws:s3:::elasticbeanstalk-platform-assets-${AWS::Region}/*"]
~~~

## Sources

[iam-eval] [iam-elems] [iam-vars] [vpce-access] [cfn-vpce].
`),
}
