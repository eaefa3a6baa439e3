package tfsource

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/beanlint/beanlint/parsers"
)

// settingArguments are the required arguments of the `setting` block of
// aws_elastic_beanstalk_environment and
// aws_elastic_beanstalk_configuration_template (the AWS provider's
// schema): Terraform rejects a configuration with a block that lacks one
// ("Missing required argument"), so no plan has such a block.
var settingArguments = []string{"namespace", "name", "value"}

// invalidSettings reports the setting blocks of the file's Elastic
// Beanstalk resources that lack a required argument, in either syntax:
// static blocks and the content of dynamic "setting" blocks, each located
// on its block (in JSON syntax, on the "setting" key). A file with such a block is rejected by Terraform as one
// with a syntax error is, and is not indexed either: which setting a block
// without a namespace or name is, and the value of one without a value,
// would be guesses.
func (f *file) invalidSettings() []*parsers.ParseError {
	body := f.body
	if body == nil {
		body, _ = nativeBody(f.jsonBody) // its errors are reported where the module is read
	}
	var out []*parsers.ParseError
	for _, r := range body.Blocks {
		if r.Type != "resource" || len(r.Labels) != 2 || !hasSettings(r.Labels[0]) {
			continue
		}
		addr := r.Labels[0] + "." + r.Labels[1]
		for _, sb := range r.Body.Blocks {
			switch {
			case sb.Type == "setting":
				out = append(out, f.missingArguments(addr, "a setting block", sb)...)
			case sb.Type == "dynamic" && len(sb.Labels) == 1 && sb.Labels[0] == "setting":
				for _, c := range sb.Body.Blocks {
					if c.Type == "content" {
						out = append(out, f.missingArguments(addr, `the content block of a dynamic "setting" block`, c)...)
					}
				}
			}
		}
	}
	return out
}

// hasSettings reports whether resources of type typ have `setting` blocks.
func hasSettings(typ string) bool {
	return typ == "aws_elastic_beanstalk_environment" || typ == "aws_elastic_beanstalk_configuration_template"
}

// missingArguments is the error for block b (what describes it) of
// resource addr when it lacks required setting arguments; nil when it has
// them all.
func (f *file) missingArguments(addr, what string, b *hclsyntax.Block) []*parsers.ParseError {
	var missing []string
	for _, name := range settingArguments {
		if _, ok := b.Body.Attributes[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	noun := "argument " + missing[0]
	if n := len(missing); n > 1 {
		noun = "arguments " + strings.Join(missing[:n-1], ", ") + " and " + missing[n-1]
	}
	return []*parsers.ParseError{{
		Loc: f.loc(hcl.RangeBetween(b.TypeRange, b.OpenBraceRange)),
		Msg: fmt.Sprintf("Terraform configuration: %s of %s lacks the required %s, so Terraform rejects the configuration (\"Missing required argument\")", what, addr, noun),
	}}
}
