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
// Most nodes are scalars: the entries of a mapping and the items of a
// sequence are behind one pointer, and the node's position leaves out the
// file (its template's Path), so that a scalar takes 48 bytes, not 128
// (a 1 MB template has about 50,000 nodes, 38,000 of them scalars).
type node struct {
	kind kind
	null bool   // scalar null (~, null, empty)
	str  string // scalar text as written (numbers and booleans too)
	kids *children
	at   span
}

// span is where a node is written in its template: a parsers.Location
// without the file, which is the template's.
type span struct {
	startLine, startCol, endLine, endCol int32
}

// loc returns the location of n in the template.
func (t *Template) loc(n *node) parsers.Location { return n.at.in(t.Path) }

// setEnd sets where the span ends.
func (s *span) setEnd(line, col int) { s.endLine, s.endCol = int32(line), int32(col) }

// in returns the location of the span in file; a zero span (a node made
// without a position) is the zero location.
func (s span) in(file string) parsers.Location {
	if s == (span{}) {
		return parsers.Location{}
	}
	return parsers.Location{File: file, StartLine: s.startLine, StartCol: s.startCol, EndLine: s.endLine, EndCol: s.endCol}
}

// arena allocates the nodes of a tree being read, and their children and
// lists of children, a block at a time: a template's tree is tens of
// thousands of small objects that live and die together, and allocating
// them one by one cost the time of the allocations and of the collector
// finding each. Blocks start small and double, so that a small template
// does not hold mostly empty blocks (a run may hold hundreds of trees). A
// nil arena allocates each on its own.
type arena struct {
	nodes []node
	kids  []children
	ptrs  []*node
	// The size of the last block of each.
	nodeBlock, kidBlock, ptrBlock int
}

// Blocks of nodes and children hold from firstBlock to arenaBlock of them,
// blocks of pointers four times as many; a list longer than arenaBlock is
// allocated on its own. The largest blocks are large objects (over 32 KiB,
// whole pages): blocks of 256 nodes (12,288 bytes) carried the allocator's
// 8-byte header into the next size class, 13,568 bytes, which cost 0.36 MB
// of the 1 MB template's live heap.
const (
	firstBlock = 32
	arenaBlock = 1024
)

// nextBlock returns the size of the block after one of last elements.
func nextBlock(last, limit int) int {
	return min(max(2*last, firstBlock), limit)
}

// node returns a new zero node.
func (a *arena) node() *node {
	if a == nil {
		return &node{}
	}
	return take(&a.nodes, &a.nodeBlock)
}

// children returns new empty children.
func (a *arena) children() *children {
	if a == nil {
		return &children{}
	}
	return take(&a.kids, &a.kidBlock)
}

// take returns the first free element of a block, *free, after making
// the next block (nextBlock after *last elements) when none is left.
func take[T any](free *[]T, last *int) *T {
	if len(*free) == 0 {
		*last = nextBlock(*last, arenaBlock)
		*free = make([]T, *last)
	}
	p := &(*free)[0]
	*free = (*free)[1:]
	return p
}

// list returns an empty list with room for n children; appending more
// copies it, as for any slice.
func (a *arena) list(n int) []*node {
	if a == nil || n > arenaBlock {
		return make([]*node, 0, n)
	}
	if len(a.ptrs) < n {
		a.ptrBlock = max(nextBlock(a.ptrBlock, 4*arenaBlock), n)
		a.ptrs = make([]*node, a.ptrBlock)
	}
	l := a.ptrs[:0:n]
	a.ptrs = a.ptrs[n:]
	return l
}

// children are the entries of a mapping node (keys[i]: vals[i]) or the
// items of a sequence node (vals).
type children struct {
	keys, vals []*node
}

// newMap returns a mapping node of the given entries.
func newMap(keys, vals []*node, at span) *node {
	return &node{kind: mapNode, kids: &children{keys: keys, vals: vals}, at: at}
}

// newSeq returns a sequence node of the given items.
func newSeq(items []*node, at span) *node {
	return &node{kind: seqNode, kids: &children{vals: items}, at: at}
}

// keys returns the keys of a mapping node's entries, nil for other nodes.
func (n *node) keys() []*node {
	if n.kind != mapNode || n.kids == nil {
		return nil
	}
	return n.kids.keys
}

// vals returns the values of a mapping node's entries, nil for other
// nodes.
func (n *node) vals() []*node {
	if n.kind != mapNode || n.kids == nil {
		return nil
	}
	return n.kids.vals
}

// items returns the items of a sequence node, nil for other nodes.
func (n *node) items() []*node {
	if n.kind != seqNode || n.kids == nil {
		return nil
	}
	return n.kids.vals
}

// addEntry appends an entry to a mapping node.
func (n *node) addEntry(key, val *node) {
	if n.kids == nil {
		n.kids = &children{}
	}
	n.kids.keys = append(n.kids.keys, key)
	n.kids.vals = append(n.kids.vals, val)
}

// addItem appends an item to a sequence node.
func (n *node) addItem(item *node) {
	if n.kids == nil {
		n.kids = &children{}
	}
	n.kids.vals = append(n.kids.vals, item)
}

// get returns the value of key in a map node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i, k := range n.keys() {
		if k.str == key {
			return n.vals()[i]
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
	if n == nil || n.kind != mapNode || len(n.keys()) != 1 {
		return "", nil, false
	}
	k := n.keys()[0].str
	if k == "Ref" || k == "Condition" || len(k) > 4 && k[:4] == "Fn::" {
		return k, n.vals()[0], true
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
