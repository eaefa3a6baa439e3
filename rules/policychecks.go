package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/rules/query"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/policy"
)

// checkS3Policies reports EB601.
func checkS3Policies(p *Pass) { checkS3Policy(p, "EB601") }

// checkECRLayerPolicy reports EB602.
func checkECRLayerPolicy(p *Pass) { checkS3Policy(p, "EB602") }

// checkS3Policy reports the needs of rule (EB601 or EB602) that an S3
// endpoint's policy denies, one finding per endpoint and environment.
func checkS3Policy(p *Pass, rule string) {
	for _, e := range p.Environments() {
		for _, c := range p.a.policies(e).s3 {
			if unreadablePolicy(p, e, c) {
				continue
			}
			var missing []needResult
			for _, r := range c.results {
				if r.need.rule == rule && denied(r.d) {
					missing = append(missing, r)
				}
			}
			if len(missing) > 0 && rule == "EB602" && e.Platform.Kind == PlatformUnknown {
				p.Unverified(e, policyUnknown(p, c.ep,
					fmt.Sprintf("the platform of environment %s is unknown, and the policy of S3 endpoint %s does not allow s3:GetObject on %s, which a Docker or ECS platform needs (ECR image layers)",
						e.Name(), c.ep.Name(), missing[0].resource),
					p.text(e.Node, decidePlatform)), c.ep.Node)
				continue
			}
			if len(missing) > 0 {
				reportS3Policy(p, e, c, missing)
			}
		}
	}
}

func denied(d policy.Decision) bool {
	return d.Answer == policy.ImplicitDeny || d.Answer == policy.ExplicitDeny
}

// unreadablePolicy notes (EB901) a policy whose text is not known or that
// is not a policy document, and reports whether it did.
func unreadablePolicy(p *Pass, e *Env, c *policyCheck) bool {
	var what string
	switch {
	case c.unknown != "":
		what = "is not known: " + c.unknown
	case c.invalid != "":
		what = "cannot be read as an IAM policy: " + c.invalid
	default:
		return false
	}
	p.Unverified(e, policyUnknown(p, c.ep,
		fmt.Sprintf("whether the policy of endpoint %s allows what the instances of environment %s need is unknown: the policy %s", c.ep.Name(), e.Name(), what),
		p.text(c.ep.Node, decidePolicy)), c.ep.Node)
	return true
}

// policyProp names the endpoint's policy property as its input does.
func policyProp(p *Pass, ep *Endpoint) string {
	if ep.Policy.Prop != "" {
		return ep.Policy.Prop
	}
	return p.text(ep.Node, policyProperty)
}

// policyLoc is where findings about an endpoint's policy point.
func policyLoc(ep *Endpoint) parsers.Location {
	if l := ep.Policy.Loc; !l.IsZero() {
		return l
	}
	return ep.Loc()
}

// policyFinding is the frame of a finding about endpoint ep's policy for
// environment e: its location, resource, property and subject, and the
// instance subnets as related location.
func policyFinding(p *Pass, e *Env, ep *Endpoint) Finding {
	prop := policyProp(p, ep)
	return Finding{
		Loc:         policyLoc(ep),
		Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
		Resource: ep.Name(),
		Property: prop,
		Subject:  ep.Name() + "/" + prop,
		Related:  []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
	}
}

// policyUnknown is the frame of an EB901 note about endpoint ep's policy.
func policyUnknown(p *Pass, ep *Endpoint, what, decide string) Unknown {
	prop := policyProp(p, ep)
	return Unknown{Loc: policyLoc(ep), Resource: ep.Name(), Property: prop, Subject: ep.Name() + "/" + prop, What: what, Decide: decide}
}

// reportS3Policy reports the needs an S3 endpoint's policy denies.
func reportS3Policy(p *Pass, e *Env, c *policyCheck, missing []needResult) {
	var pairs, denies []string
	for _, r := range missing {
		pairs = append(pairs, r.need.action+" on "+r.resource+" ("+r.need.purpose+")")
		if r.d.Answer == policy.ExplicitDeny {
			for _, by := range r.d.By {
				denies = append(denies, fmt.Sprintf("%s denies %s on %s", by, r.need.action, r.resource))
			}
		}
	}
	kind := "gateway"
	if c.ep.IsInterface() {
		kind = "interface"
	}
	var purposes []string
	for _, r := range missing {
		purposes = append(purposes, r.need.purpose)
	}
	impact := "the deployment fails with " + errFailedToCommunicate + " or \"The following resource(s) failed to create: [AWSEBInstanceLaunchWaitCondition]\""
	if missing[0].need.rule == "EB602" {
		impact = "pulling the image fails with CannotPullContainerError and the deployment fails"
	}
	msg := fmt.Sprintf("The policy of S3 %s endpoint %s, which carries the S3 traffic of environment %s's instance subnets %s, does not allow %s. The instances' requests for %s are rejected, and %s.",
		kind, c.ep.Name(), e.Name(), describeSubnets(c.users), strings.Join(pairs, "; "), strings.Join(query.Uniq(purposes), ", "), impact)
	if len(denies) > 0 {
		if allDenied(missing) {
			var refs []string
			for _, r := range missing {
				for _, by := range r.d.By {
					refs = append(refs, by.String())
				}
			}
			denies = []string{strings.Join(query.Uniq(refs), ", ") + " denies them"}
		}
		msg += " " + strings.Join(query.Uniq(denies), "; ") + ": an explicit Deny wins over any Allow, so narrow it."
	}
	switch {
	case len(denies) > 0 && allDenied(missing):
	case c.hasAllow == no:
		msg += " The policy has no Allow statement: replace it with the minimal policy of the fix."
	default:
		msg += " Add a statement that allows them."
	}
	loc := policyLoc(c.ep)
	for _, r := range missing {
		if r.d.Answer == policy.ExplicitDeny && len(r.d.By) > 0 {
			loc = statementLoc(c.ep.Policy, r.d.By[0].Index, loc)
			break
		}
	}
	f := policyFinding(p, e, c.ep)
	f.Message, f.Loc, f.Subject = msg, loc, c.ep.Name()+"/"+strings.ToLower(missing[0].need.rule)
	p.Report(f, p.a.s3PolicyFix(e, c, missing), c.ep.Node, e.Node)
}

// checkInterfacePolicies reports EB603.
func checkInterfacePolicies(p *Pass) {
	for _, e := range p.Environments() {
		for _, c := range p.a.policies(e).iface {
			f := policyFinding(p, e, c.ep)
			svc := endpointName(e.Region, c.ep.Service)
			if c.ep.Service == "elasticbeanstalk-health" {
				f.Message = fmt.Sprintf("Endpoint %s for %s has a policy, and the enhanced health service does not support endpoint policies. Environment %s's instances (subnets %s) send their health reports through it; remove the policy.",
					c.ep.Name(), svc, e.Name(), subnetNames(c.users))
				p.Report(f, removePolicyFix(c.ep), c.ep.Node, e.Node)
				continue
			}
			prefix := serviceActionPrefix(c.ep.Service)
			if prefix == "" || unreadablePolicy(p, e, c) {
				continue
			}
			d := c.pol.Evaluate(policy.Request{
				Action:   policy.Join(policy.Lit(prefix+":"), policy.Unknown("the action")),
				Resource: policy.Unknown("the resource"),
			})
			if !denied(d) {
				continue
			}
			why := "allows no " + prefix + ":* action to any principal"
			if d.Answer == policy.ExplicitDeny {
				var by []string
				for _, r := range d.By {
					by = append(by, r.String())
				}
				why = "denies every " + prefix + ":* action (" + strings.Join(by, ", ") + ")"
			}
			f.Message = fmt.Sprintf("The policy of interface endpoint %s for %s %s, so the instances of environment %s (subnets %s) cannot call %s through it: %s. Allow the service's actions in the endpoint's policy (an endpoint has one policy: combine every permission in it).",
				c.ep.Name(), svc, why, e.Name(), subnetNames(c.users), svc, serviceImpact(c.ep.Service))
			p.Report(f, p.a.servicePolicyFix(c.ep, prefix, c.hasAllow), c.ep.Node, e.Node)
		}
	}
}

// checkUndecidedPolicies reports EB902: the needs of EB601 and EB602 that
// an S3 endpoint's policy may or may not allow.
func checkUndecidedPolicies(p *Pass) {
	for _, e := range p.Environments() {
		for _, c := range p.a.policies(e).s3 {
			var pairs, reasons []string
			var rules []string
			signers := map[signer]bool{}
			for _, r := range c.results {
				if r.d.Answer != policy.CannotDecide || r.need.rule == "EB602" && e.Platform.Kind == PlatformUnknown {
					continue
				}
				pairs = append(pairs, r.need.action+" on "+r.resource)
				rules = append(rules, r.need.rule)
				signers[r.need.signer] = true
				for _, why := range r.d.Reasons {
					reasons = append(reasons, why.String())
				}
			}
			if len(pairs) == 0 {
				continue
			}
			if c.ep.Policy.HoldsSecret() {
				reasons = []string{"the policy holds a sensitive value, not shown"}
			}
			var who []string
			if signers[instanceRole] {
				who = append(who, "requests to the Beanstalk buckets and the environment's bucket are signed by the role of the environment's instance profile, which the inputs do not relate to the policy's principals")
			}
			if signers[presigned] {
				who = append(who, "the CloudFormation wait-condition reply and ECR image layers are fetched through URLs presigned by the service, a principal outside the account")
			}
			f := policyFinding(p, e, c.ep)
			f.Message = fmt.Sprintf("Cannot verify that the policy of S3 endpoint %s allows %s for environment %s (%s): %s. Of the requests, %s. Make sure the instances' requests satisfy it, or allow these pairs in a statement with Principal \"*\" and no condition.",
				c.ep.Name(), strings.Join(pairs, "; "), e.Name(), strings.Join(query.Uniq(rules), ", "), strings.Join(query.Uniq(reasons), "; "), strings.Join(who, "; "))
			p.Report(f, Fix{}, c.ep.Node, e.Node)
		}
	}
}

// needGroups returns the fix statement groups of the missing needs, in
// s3Needs order.
func needGroups(missing []needResult) []string {
	var out []string
	for _, r := range missing {
		if !slices.Contains(out, r.need.group) {
			out = append(out, r.need.group)
		}
	}
	return out
}

// allDenied reports whether every missing need is explicitly denied.
func allDenied(missing []needResult) bool {
	for _, r := range missing {
		if r.d.Answer != policy.ExplicitDeny {
			return false
		}
	}
	return true
}

// statementLoc is where statement i of a policy given as data is, or
// fallback.
func statementLoc(v parsers.Value, i int, fallback parsers.Location) parsers.Location {
	st := v.Get("Statement")
	if st.Kind == parsers.List && i >= 0 && i < len(st.Items()) && !st.Items()[i].Loc.IsZero() && st.Items()[i].Loc.File == fallback.File {
		return st.Items()[i].Loc
	}
	return fallback
}
