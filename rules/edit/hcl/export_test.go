package hcl

// For the tests of package hcl_test: the implementation through hclwrite
// that Apply and Render are compared with.
var (
	RefApply    = refApply
	RefRenderAt = refRenderAt
)
