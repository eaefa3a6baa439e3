// Package policy is IAM policy evaluation: it answers whether one
// resource-based policy, such as a VPC endpoint policy, allows a request.
//
// A Policy comes from JSON (Parse, ParseText) or from a neutral tree the
// caller builds from its own representation (FromNode). Any string in either
// may be partly unknown (see Text), and so may the request; Evaluate then
// answers Allow, ExplicitDeny or ImplicitDeny only when every value the
// inputs could still take gives that answer, and CannotDecide otherwise,
// naming what would decide it. The package knows IAM, not the services
// behind it: which requests matter is the caller's business.
//
// Evaluation follows the IAM User Guide; comments cite it as
//
//   - [iam-eval]      reference_policies_evaluation-logic.html
//   - [iam-grammar]   reference_policies_grammar.html
//   - [iam-version]   reference_policies_elements_version.html
//   - [iam-effect]    reference_policies_elements_effect.html
//   - [iam-principal] reference_policies_elements_principal.html
//   - [iam-notprincipal] reference_policies_elements_notprincipal.html
//   - [iam-action]    reference_policies_elements_action.html
//   - [iam-notaction] reference_policies_elements_notaction.html
//   - [iam-resource]  reference_policies_elements_resource.html
//   - [iam-notresource] reference_policies_elements_notresource.html
//   - [iam-condops]   reference_policies_elements_condition_operators.html
//   - [iam-multi]     reference_policies_multi-value-conditions.html
//   - [iam-vars]      reference_policies_variables.html
//
// all under https://docs.aws.amazon.com/IAM/latest/UserGuide/, and
//
//   - [vpce-access]   https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
//
// for what a gateway endpoint makes of principals.
//
// What it does not do: combine policies of several kinds (identity
// policies, SCPs, permission boundaries, session policies, cross-account
// access); know which actions exist, which resources an action takes, or
// which condition keys a service sets (the caller says what the request
// context holds); check what IAM would reject at save time beyond the
// grammar (action and ARN formats, key types). Where the guide leaves the
// effect open (a multivalued key under an operator without ForAllValues or
// ForAnyValue, a NotPrincipal listing only some of a principal's
// identities, a named principal in a gateway endpoint's policy), the
// answer is CannotDecide rather than a guess.
package policy
