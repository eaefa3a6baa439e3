package policy

// NodeKind says what a Node holds.
type NodeKind uint8

// Node kinds.
const (
	// TextNode is a string (JSON numbers and booleans become their text).
	TextNode NodeKind = iota + 1
	// ListNode is an array, held in Items.
	ListNode
	// MapNode is an object, held in Fields in document order.
	MapNode
	// UnknownNode is a value the caller's inputs do not decide (a whole
	// Statement list, an Action list, a Condition); Reason says why.
	UnknownNode
)

// Node is a policy document as a tree, the neutral form a caller builds
// from its own representation of a policy (FromNode).
type Node struct {
	Kind   NodeKind
	Text   Text    // TextNode
	Items  []Node  // ListNode
	Fields []Field // MapNode
	Reason string  // UnknownNode
}

// Field is one key of a MapNode.
type Field struct {
	Key   string
	Value Node
}

// TextValue returns a TextNode holding t.
func TextValue(t Text) Node { return Node{Kind: TextNode, Text: t} }

// ListValue returns a ListNode holding items.
func ListValue(items ...Node) Node { return Node{Kind: ListNode, Items: items} }

// MapValue returns a MapNode holding fields.
func MapValue(fields ...Field) Node { return Node{Kind: MapNode, Fields: fields} }

// UnknownValue returns an UnknownNode with the reason it is unknown.
func UnknownValue(reason string) Node { return Node{Kind: UnknownNode, Reason: reason} }
