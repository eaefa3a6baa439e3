package rules

import (
	"slices"
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

// tfScope renders references to graph nodes as HCL expressions valid in
// one module of a configuration: the module a fix is to be written in.
type tfScope struct {
	module string // "" for the root module; instance keys stripped
	// outside collects the references that cannot be written in the
	// module (their resources live in another module): each becomes an
	// input variable the snippet's header comment explains.
	outside []string
	// inputs collects variables standing for what the inputs do not
	// define (a subnet to choose), which the header explains.
	inputs []string
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

// ref renders attribute attr of node n ("id", "cidr_block",
// "main_route_table_id"), or placeholder when n is unknown. A node of
// another module becomes var.<variable>, recorded for the header.
func (s *tfScope) ref(n parsers.Node, attr, placeholder, variable string) string {
	if n == nil || n.Base().Synthetic {
		return placeholder
	}
	name := n.Base().Name
	if _, _, ok := tfLabels(name); !ok {
		return placeholder
	}
	if tfModule(name) == s.module {
		_, local := tfSplit(name)
		return local + "." + attr
	}
	note := "var." + variable + ": " + name + "." + attr
	if !slices.Contains(s.outside, note) {
		s.outside = append(s.outside, note)
	}
	return "var." + variable
}

// header is the comment that opens a snippet: where it goes, and what the
// variables standing for other modules' resources must carry.
func (s *tfScope) header() string {
	var b strings.Builder
	if s.module != "" {
		b.WriteString("# in " + s.module + "\n")
	}
	for _, o := range s.outside {
		b.WriteString("# " + o + " (from another module: declare the variable and pass it in)\n")
	}
	for _, o := range s.inputs {
		b.WriteString("# " + o + " (declare the variable and set it)\n")
	}
	return b.String()
}
