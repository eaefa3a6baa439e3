package cloudformation

import "github.com/beanlint/beanlint/parsers"

// kind says what a tree node holds.
type kind uint8

const (
	scalarNode kind = iota + 1
	mapNode
	seqNode
)

// node is one element of a parsed template, independent of the source
// syntax. Short-form YAML tags (!Ref X) are rewritten to the long form
// ({Ref: X}) with the tag's position, so the resolver sees one shape.
type node struct {
	kind  kind
	null  bool   // scalar null (~, null, empty)
	str   string // scalar text as written (numbers and booleans too)
	keys  []*node
	vals  []*node
	items []*node
	loc   parsers.Location
}

// get returns the value of key in a map node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i, k := range n.keys {
		if k.str == key {
			return n.vals[i]
		}
	}
	return nil
}

// text returns a scalar's text; ok is false for non-scalars and nulls.
func (n *node) text() (string, bool) {
	if n == nil || n.kind != scalarNode || n.null {
		return "", false
	}
	return n.str, true
}

// intrinsic returns the function name and argument when n is a one-key map
// whose key is Ref, Condition or Fn::*.
func (n *node) intrinsic() (name string, arg *node, ok bool) {
	if n == nil || n.kind != mapNode || len(n.keys) != 1 {
		return "", nil, false
	}
	k := n.keys[0].str
	if k == "Ref" || k == "Condition" || len(k) > 4 && k[:4] == "Fn::" {
		return k, n.vals[0], true
	}
	return "", nil, false
}

// shortTags maps YAML short-form tags to their long-form function names.
var shortTags = map[string]string{
	"!Ref":          "Ref",
	"!Condition":    "Condition",
	"!GetAtt":       "Fn::GetAtt",
	"!Sub":          "Fn::Sub",
	"!Join":         "Fn::Join",
	"!Select":       "Fn::Select",
	"!Split":        "Fn::Split",
	"!If":           "Fn::If",
	"!Equals":       "Fn::Equals",
	"!And":          "Fn::And",
	"!Or":           "Fn::Or",
	"!Not":          "Fn::Not",
	"!FindInMap":    "Fn::FindInMap",
	"!GetAZs":       "Fn::GetAZs",
	"!ImportValue":  "Fn::ImportValue",
	"!Base64":       "Fn::Base64",
	"!Cidr":         "Fn::Cidr",
	"!Transform":    "Fn::Transform",
	"!Length":       "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString",
	// Functions of the Rules section.
	"!Contains":         "Fn::Contains",
	"!EachMemberEquals": "Fn::EachMemberEquals",
	"!EachMemberIn":     "Fn::EachMemberIn",
	"!RefAll":           "Fn::RefAll",
	"!ValueOf":          "Fn::ValueOf",
	"!ValueOfAll":       "Fn::ValueOfAll",
}

// knownFunctions lists the intrinsic functions CloudFormation accepts
// (AWS::LanguageExtensions ones included: they are unknown at lint time but
// valid).
var knownFunctions = map[string]bool{
	"Ref": true, "Condition": true,
	"Fn::GetAtt": true, "Fn::Sub": true, "Fn::Join": true, "Fn::Select": true,
	"Fn::Split": true, "Fn::If": true, "Fn::Equals": true, "Fn::And": true,
	"Fn::Or": true, "Fn::Not": true, "Fn::FindInMap": true, "Fn::GetAZs": true,
	"Fn::ImportValue": true, "Fn::Base64": true, "Fn::Cidr": true,
	"Fn::Transform": true, "Fn::Length": true, "Fn::ToJsonString": true,
	"Fn::GetStackOutput": true,
}
