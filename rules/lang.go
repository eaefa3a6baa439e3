package rules

import (
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// This file lets messages and fixes speak the language of the input a
// resource comes from: CloudFormation property names and remedies for
// templates, Terraform attribute names, addresses and remedies for plans.
// Rules still never branch on the format to decide what is wrong.

// terraform reports whether node n is defined in a Terraform input (its
// .tf source or its plan).
func (a *analysis) terraform(n parsers.Node) bool {
	if n == nil {
		return false
	}
	return strings.HasPrefix(a.format(n.Base().Loc.File), "terraform")
}

// withoutPlan reports whether node n comes from a Terraform configuration
// linted without a plan (its .tf files evaluated): what decides its
// unknowns is then a variable's value or the configuration's plan, not
// another plan linted with it.
func (a *analysis) withoutPlan(n parsers.Node) bool {
	return n != nil && a.format(a.g.NodeInput(n)) == "terraform-source"
}

// format returns the input format of the file at path, or "".
func (a *analysis) format(path string) string {
	if a.formats == nil {
		a.formats = map[string]string{}
		for _, f := range a.g.Files {
			a.formats[f.Path] = f.Format
		}
	}
	return a.formats[path]
}

// say picks the CloudFormation or the Terraform wording for node n. Only
// rules/services.go's remedies still use it (they join toolTexts once the
// rewrite of that file has landed); other texts that differ by tool are
// toolTexts.
func (a *analysis) say(n parsers.Node, cfn, tf string) string {
	if a.terraform(n) {
		return tf
	}
	return cfn
}

// tfSplit splits a Terraform instance address into its module path
// ("module.network.module.vpc", "" at the root; instance keys kept) and the
// resource address within that module ("aws_vpc.this", "aws_subnet.private[0]");
// a name that is not such an address is all local.
func tfSplit(addr string) (module, local string) {
	module, local, ok := parsers.SplitTerraformAddress(addr)
	if !ok {
		return "", addr
	}
	return module, local
}

// tfModule returns the module path of a Terraform address without instance
// keys ("module.network.module.vpc"), the way configuration names modules.
func tfModule(addr string) string {
	m, _ := tfSplit(addr)
	return parsers.StripInstanceKeys(m)
}

// tfLabels returns the type and name labels of the resource block that
// declares a Terraform address ("aws_vpc_endpoint", "interface" for
// module.network.aws_vpc_endpoint.interface["sqs"]); ok is false for
// names that are not Terraform addresses.
func tfLabels(addr string) (typ, name string, ok bool) {
	_, local := tfSplit(addr)
	local = parsers.StripInstanceKeys(local)
	local = strings.TrimPrefix(local, "data.")
	typ, name, ok = strings.Cut(local, ".")
	return typ, name, ok && name != "" && !strings.Contains(name, ".")
}

// tfBlockName is the name label of the block declaring addr, or fallback.
func tfBlockName(addr, fallback string) string {
	if _, name, ok := tfLabels(addr); ok {
		return name
	}
	return fallback
}

// tfScope is the module of a configuration a Terraform fix is written in:
// references to graph nodes of that module are written as they are there,
// others become placeholder variables (see val).
type tfScope struct {
	module string // "" for the root module; instance keys stripped
}

// scopeOf returns a scope for the module of the first node that is a
// Terraform resource, else the root module.
func scopeOf(nodes ...parsers.Node) *tfScope {
	for _, n := range nodes {
		if n != nil && !n.Base().Synthetic {
			if _, _, ok := tfLabels(n.Base().Name); ok {
				return &tfScope{module: tfModule(n.Base().Name)}
			}
		}
	}
	return &tfScope{}
}

// planAdvice ends a Terraform remedy that sets a value literally with how
// else to decide it: for a plan, lint the plan that manages the value it
// comes from with it; for a configuration linted without a plan, by the
// cause why gives (causeOf): give it the values it leaves open, or lint its
// plan.
func (a *analysis) planAdvice(n parsers.Node, why string) string {
	switch {
	case !a.withoutPlan(n):
	case causeOf(why) == causeData:
		return ", or lint the configuration's plan (terraform show -json) instead: terraform plan reads from AWS the data source it comes from"
	case causeOf(why) == causeVariables:
		return ", give the configuration the values it leaves open (--var NAME=VALUE, --var-file FILE, a terraform.tfvars or TF_VAR_NAME), or lint its plan (terraform show -json) instead"
	default:
		return ", or lint the configuration's plan (terraform show -json) instead"
	}
	return ", or lint the plan that manages the value it comes from together with this plan"
}
