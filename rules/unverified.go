package rules

import (
	"strings"
	"unicode"

	"github.com/beanlint/beanlint/parsers"
)

// ParseFailed is EB900. The framework does not run it: ParseFailure builds
// its findings from the loader's parse errors.
var ParseFailed = &Rule{
	ID:       "EB900",
	Name:     "ParseFailure",
	Severity: Error,
	Title:    "Input file could not be parsed",
	Tags:     []string{"input"},
	Doc: doc(`Reported when an input file could not be read: a YAML or JSON syntax error, a file
that looks like a template but is not a valid one, YAML aliases (which CloudFormation rejects),
duplicate keys, a second YAML document in a template file (CloudFormation reads one), an
unsupported Terraform plan format version, a Terraform configuration linted without a plan that
Terraform itself rejects (an HCL syntax error; a ´setting´ block of an Elastic Beanstalk
environment or configuration template without its required ´namespace´, ´name´ or ´value´), a
reference cycle, or a template whose intrinsic functions expand beyond beanlint's bounds
(hundreds of megabytes of text, millions of function calls: no real template comes near them). Files that are not text (a device, NUL bytes without a
UTF-16 byte order mark) or larger than the size limits (10 MiB for a template, 1 GiB for a plan)
are reported the same way. The finding points at the file and, when known, the line and column
(YAML syntax errors give a line only).

Nothing in that file is checked, so its absence of other findings means nothing. The other inputs
of the run are still linted, and the exit code is 2 (see Exit codes in the README). A Terraform
variable values file (´.tfvars´, ´.tfvars.json´) that cannot be read is reported the same way,
once for a JSON syntax error, at the error: its configuration is linted without the values it could
not give.

## Failing example

~~~yaml
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
     EnableDnsSupport: true   # EB900: bad indentation
~~~

## Fix

Fix the syntax error at the reported line, or leave the file out of the paths linted.

## Sources

[tf-json] [gh-yaml-alias] [go-yaml].
`),
}

// Unverifiable is EB901.
var Unverifiable = &Rule{
	ID:       "EB901",
	Name:     "CannotVerify",
	Severity: Note,
	Title:    "A value a rule needs is not known from the linted inputs",
	Tags:     []string{"input", "coverage"},
	Check:    checkUnverifiable,
	Doc: doc(`A note, never an error: a rule could not decide because a value it needs is not in
the linted inputs, and beanlint does not guess. Typical causes:

- a parameter without a default or a given value (´--parameter´, ´--parameters-file´);
- an ´Fn::ImportValue´ whose export is in a template that was not linted;
- a resource outside the inputs, named by ID (´subnet-…´, ´vpc-…´, ´sg-…´);
- a subnet whose route table (or whose VPC's main route table) is not visible, so its egress
  posture is unknown;
- a condition the inputs do not decide that changes the answer (a conditional endpoint or
  route table association, ´Fn::If´ in a list), or a Terraform endpoint association whose
  ´vpc_endpoint_id´ is known only after apply, which may be for any endpoint of its plan (one note,
  related to that ´vpc_endpoint_id´, for every endpoint it may name), or whose ´route_table_id´ is
  (related to it): a reference beanlint follows to the endpoint or table, or a plan made once it
  exists, decides it;
- endpoint service names that spell different literal regions, so the deployment region is
  unknown;
- a setting that decides which endpoints are needed but is a parameter without a value
  (´SystemType´, ´XRayEnabled´, an environment secret that is not a readable ARN);
- an unresolvable platform (only the endpoints every platform needs are checked);
- linting Terraform ´.tf´ files without a plan: a ´count´ or ´for_each´ whose value is not known
  (the note is on the expression and names it; the resource counts as one that exists only under
  that condition), or a ´dynamic "setting"´ block over a collection that is not known (one note on
  the block; nothing else about that environment is checked, since any setting may come from it).

The message names the rules that were skipped and how to supply the value: lint the network
template together with the application template, pass parameter values, or lint the plan of the
stack that owns the network; for a Terraform configuration linted without a plan, give the variables
it leaves without a value (´--var NAME=VALUE´, ´--var-file´, a ´terraform.tfvars´) or lint its plan,
lint its plan where a data source decides (no variable can), or lint the configuration that manages
what it names only by ID (a literal subnet ID) with it. An
environment gets one note per undecided question, naming every rule that needed the answer: endpoints
whose service names are unknown (a provider region from a variable without a value, read through
´data.aws_region´) make one note listing every service they may serve, not one per service.

## Example

An application template whose subnets come from another stack:

~~~yaml
- Namespace: aws:ec2:vpc
  OptionName: Subnets
  Value: !ImportValue network-PrivateSubnets   # EB901 when the network template is not linted
~~~

## Fix

~~~sh
beanlint network.yaml app.yaml      # lint both stacks together
beanlint --parameter VpcId=vpc-0123 app.yaml
~~~

## Sources

[vpc-rt] [cfn-intrinsics] [cfn-pseudo].
`),
}

// checkUnverifiable reports what the environment analysis could not
// decide: unknown subnet postures, VPC, platform and settings.
func checkUnverifiable(p *Pass) {
	for _, e := range p.Environments() {
		for _, n := range e.notes {
			p.a.note(e, n.Unknown, nil, []Fact{n.fact})
		}
	}
	for _, env := range p.Query().UndecidedEnvironments() {
		why := p.Query().Settings(env).Undecided
		p.a.note(nil, Unknown{
			Loc: why.Loc, Resource: env.Name, Property: "setting", Subject: "settings",
			What:   "which option settings environment " + env.Name + " has is not known, so nothing about it is checked: " + why.Reason(),
			Decide: "Lint the configuration's plan, give the variables the settings depend on (--var, --var-file, TF_VAR_NAME), or write these settings as static setting blocks",
		}, nil, envFacts, env)
	}
	for _, u := range p.a.g.Undecided {
		var about []parsers.Node
		if n := p.a.g.Node(u.Key); n != nil {
			about = append(about, n) // its suppressions apply
		}
		p.a.note(nil, Unknown{
			Loc: u.Loc, Resource: u.Name, Subject: "instances",
			What:   "the instances of " + u.Name + " are not known: " + u.Reason,
			Decide: "Lint the configuration's plan, or give the variables the expression depends on (--var, --var-file, TF_VAR_NAME)",
		}, nil, envFacts, about...)
	}
}

// doc is a rule's help text as Rule.Doc holds it: trimmed, one newline
// at the end, ´ standing for a backquote until Markdown. Where s has that
// newline already (a raw string closed on the line after the text), the
// doc is that part of s, not a copy: rules are initialised in every run.
func doc(s string) string {
	text := strings.TrimSpace(s)
	start := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	if end := start + len(text); end < len(s) && s[end] == '\n' {
		return s[start : end+1]
	}
	return text + "\n"
}

// Markdown is a rule's Doc with each ´ the backquote it stands for (Go raw
// strings cannot hold backquotes).
func Markdown(doc string) string {
	return strings.ReplaceAll(doc, "´", "`")
}
