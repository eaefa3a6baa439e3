package rules

// Pass is what a rule's Check receives. Owner B replaces this placeholder.
type Pass struct{}
