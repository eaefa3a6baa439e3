package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// PlatformKind is the platform family that decides extra endpoints
// (DOMAIN.md §3).
type PlatformKind int

// Platform families.
const (
	PlatformUnknown PlatformKind = iota
	PlatformOther                // a known platform with no extra endpoints
	PlatformDocker               // Docker on AL2/AL2023, legacy Docker on AL1
	PlatformECS                  // ECS on AL2/AL2023, legacy Multi-container Docker
)

// Platform is an environment's effective platform.
type Platform struct {
	Kind  PlatformKind
	Value parsers.Value
	// Reason says why the kind is unknown.
	Reason string
}

// classifyPlatform reads a SolutionStackName or PlatformArn.
func classifyPlatform(v parsers.Value) Platform {
	p := Platform{Value: v}
	alts, cond := query.Branches(v)
	kinds := map[PlatformKind]bool{}
	for _, alt := range alts {
		s, ok := alt.Text()
		if !ok {
			p.Reason = "the platform " + query.DescribeMissing(alt, "platform")
			if v.Kind == parsers.Absent {
				p.Reason = "no solution stack name or platform ARN is set on the environment or its configuration templates"
			}
			return p
		}
		kinds[platformKind(strings.TrimSpace(s))] = true
	}
	if len(kinds) != 1 {
		p.Reason = "the platform depends on condition " + cond
		return p
	}
	for k := range kinds {
		p.Kind = k
	}
	return p
}

func platformKind(s string) PlatformKind {
	branch := s
	if strings.HasPrefix(strings.ToLower(s), "arn:") {
		if i := strings.Index(s, ":platform/"); i >= 0 {
			branch = s[i+len(":platform/"):]
			if j := strings.LastIndex(branch, "/"); j >= 0 {
				branch = branch[:j]
			}
		}
	}
	switch {
	case amazonLinuxStack(s, "ECS"), amazonLinuxBranch(branch, "ECS"), multiContainerDocker(s):
		return PlatformECS
	case amazonLinuxStack(s, "Docker"), amazonLinuxBranch(branch, "Docker"), legacyDocker(s):
		return PlatformDocker
	}
	return PlatformOther
}

// Platform names are matched ignoring case, the way a (?i) regular
// expression does (Unicode simple case folding). Each matcher gives the
// expression it stands for.

// amazonLinuxStack matches a current solution stack name running what:
// (?i)^64bit Amazon Linux (2|2023) v[0-9.]+ running <what>$
func amazonLinuxStack(s, what string) bool {
	rest, ok := cutPrefixFold(s, "64bit Amazon Linux ")
	if !ok {
		return false
	}
	for _, release := range []string{"2 ", "2023 "} {
		if r, ok := strings.CutPrefix(rest, release); ok {
			if r, ok := cutVersion(r); ok {
				if r, ok := cutPrefixFold(r, " running "+what); ok && r == "" {
					return true
				}
			}
		}
	}
	return false
}

// amazonLinuxBranch matches the platform branch of an ARN:
// (?i)^<what> running on 64bit Amazon Linux (2|2023)$
func amazonLinuxBranch(branch, what string) bool {
	rest, ok := cutPrefixFold(branch, what+" running on 64bit Amazon Linux ")
	return ok && (rest == "2" || rest == "2023")
}

// multiContainerDocker matches the legacy ECS platform:
// (?i)^64bit Amazon Linux (.*) Multi-container Docker (.*)$
func multiContainerDocker(s string) bool {
	rest, ok := cutPrefixFold(s, "64bit Amazon Linux ")
	if !ok || strings.Contains(rest, "\n") {
		return false
	}
	for i := range len(rest) {
		if _, ok := cutPrefixFold(rest[i:], " Multi-container Docker "); ok {
			return true
		}
	}
	return false
}

// legacyDocker matches Docker on Amazon Linux AMI (a prefix):
// (?i)^64bit Amazon Linux 20[0-9]{2}\.[0-9]{2} v[0-9.]+ running Docker
func legacyDocker(s string) bool {
	rest, ok := cutPrefixFold(s, "64bit Amazon Linux 20")
	if !ok || len(rest) < 5 || !isDigits(rest[:2]) || rest[2] != '.' || !isDigits(rest[3:5]) {
		return false
	}
	rest, ok = cutPrefixFold(rest[5:], " ")
	if !ok {
		return false
	}
	if rest, ok = cutVersion(rest); !ok {
		return false
	}
	_, ok = cutPrefixFold(rest, " running Docker")
	return ok
}

// cutVersion cuts v[0-9.]+ from the start of s.
func cutVersion(s string) (string, bool) {
	s, ok := cutPrefixFold(s, "v")
	n := 0
	for n < len(s) && (s[n] == '.' || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	return s[n:], ok && n > 0
}

// cutPrefixFold is strings.CutPrefix ignoring case as a (?i) regular
// expression does: "k" also matches the Kelvin sign, "s" the long s.
func cutPrefixFold(s, prefix string) (string, bool) {
	for _, p := range prefix {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || !equalFold(r, p) {
			return s, false
		}
		s = s[size:]
	}
	return s, true
}

// equalFold reports whether r is p or in p's case folding orbit.
func equalFold(r, p rune) bool {
	for f := p; ; {
		if f == r {
			return true
		}
		if f = unicode.SimpleFold(f); f == p {
			return false
		}
	}
}

func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Requirement is an endpoint service an environment needs.
type Requirement struct {
	Service  string // suffix after com.amazonaws.<region>., e.g. "ecr.dkr"
	Severity Severity
	// Why says what needs it: "every platform", "the Docker platform".
	Why string
	// Setting is the option setting that decides the requirement, when
	// one does (SystemType for elasticbeanstalk-health).
	Setting *parsers.OptionSetting
}

// Required returns the endpoint services the environment needs besides
// S3 (RULES.md EB3xx table).
func (e *Env) Required() []Requirement { return e.required }

// requirements computes the required services and records what could not
// be decided.
func (a *analysis) requirements(e *Env) []Requirement {
	var out []Requirement
	add := func(sev Severity, why string, svcs ...string) {
		for _, s := range svcs {
			out = append(out, Requirement{Service: s, Severity: sev, Why: why})
		}
	}
	add(Error, "every platform", "elasticbeanstalk", "cloudformation", "sqs", "logs")
	switch health, decided := systemType(e.Settings.Value(nsHealth, "SystemType")); {
	case health.IsAbsent():
		add(Warning, "enhanced health, which the console and EB CLI turn on (SystemType is unset)", "elasticbeanstalk-health")
	case decided == "enhanced":
		o, _ := e.Settings.Get(nsHealth, "SystemType")
		out = append(out, Requirement{Service: "elasticbeanstalk-health", Severity: Error, Setting: &o,
			Why: "enhanced health (SystemType = enhanced" + a.settingOrigin(o) + ")"})
	case decided == "":
		o, _ := e.Settings.Get(nsHealth, "SystemType")
		e.notes = append(e.notes, envNote{fact: FactServices, Unknown: Unknown{
			Loc: locOr(health.Loc, e.Node.Loc), Resource: a.ownerName(o), Property: health.Prop, Subject: nsHealth + "/SystemType",
			What: "SystemType of environment " + e.Name() + " is " + health.Describe() + ", so whether the elasticbeanstalk-health endpoint (needed for enhanced health) is required is unknown",
			Decide: a.say(e.Node, "Pass the parameter value that decides SystemType (enhanced or basic)",
				"Set SystemType (enhanced or basic) literally"+a.planAdvice(e.Node, health.Describe())),
		}})
	}
	switch e.Platform.Kind {
	case PlatformDocker:
		add(Error, "the Docker platform", "ecr.api", "ecr.dkr")
	case PlatformECS:
		add(Error, "the ECS platform", "ecs", "ecs-agent", "ecs-telemetry", "ecr.api", "ecr.dkr")
	case PlatformUnknown:
		e.notes = append(e.notes, envNote{fact: FactServices, Unknown: Unknown{
			Loc: locOr(e.Platform.Value.Loc, e.Node.Loc), Resource: a.platformOwner(e), Property: e.Platform.Value.Prop,
			Subject: "platform",
			What:    "the platform of environment " + e.Name() + " is unknown (" + e.Platform.Reason + "), so only the endpoints every platform needs were checked; Docker needs ecr.api and ecr.dkr too, ECS also ecs, ecs-agent and ecs-telemetry",
			Decide: a.say(e.Node, "Set SolutionStackName or PlatformArn literally, or pass the parameter that holds it",
				"Set solution_stack_name or platform_arn literally"+a.planAdvice(e.Node, e.Platform.Reason)),
		}})
	}
	if xray, ok := e.Settings.Get(nsXRay, "XRayEnabled"); ok {
		on, known := xray.Value.Bool()
		switch {
		case known && on:
			add(Warning, "X-Ray (XRayEnabled = true)", "xray")
		case !known:
			e.notes = append(e.notes, envNote{fact: FactServices, Unknown: Unknown{
				Loc: locOr(xray.Value.Loc, xray.Loc), Resource: a.ownerName(xray), Property: xray.Value.Prop, Subject: "aws:elasticbeanstalk:xray/XRayEnabled",
				What: "XRayEnabled of environment " + e.Name() + " is " + xray.Value.Describe() + ", so whether the xray endpoint is needed is unknown",
				Decide: a.say(e.Node, "Pass the parameter value that decides XRayEnabled",
					"Set XRayEnabled literally"+a.planAdvice(e.Node, xray.Value.Describe())),
			}})
		}
	}
	secretSvcs := map[string]bool{}
	for _, o := range e.Settings.Namespace(nsSecrets) {
		for _, alt := range o.Value.Elems() {
			svc, why := a.secretService(alt)
			if svc == "" {
				e.notes = append(e.notes, envNote{fact: FactServices, Unknown: Unknown{
					Loc: locOr(alt.Loc, o.Loc), Resource: a.ownerName(o), Property: o.Value.Prop, Subject: "environmentsecrets/" + o.Name,
					What: "environment secret " + o.Name + " of environment " + e.Name() + " " + why + ", so whether the secretsmanager or ssm endpoint is needed is unknown",
					Decide: a.say(e.Node, "Give the secret's ARN (literally or with !Sub arn:${AWS::Partition}:secretsmanager:…) or pass the parameter value",
						"Give the secret's ARN literally, or from a secret or parameter resource in the plan"),
				}})
				continue
			}
			if !secretSvcs[svc] {
				secretSvcs[svc] = true
				add(Warning, "environment secrets ("+nsSecrets+")", svc)
			}
		}
	}
	return dedupeRequirements(out)
}

// platformOwner names the resource whose SolutionStackName or
// PlatformArn decides the environment's platform: the environment, else
// the nearest configuration template that names one.
func (a *analysis) platformOwner(e *Env) string {
	n := e.Node
	if !n.SolutionStackName.IsAbsent() || !n.PlatformArn.IsAbsent() {
		return n.Name
	}
	for _, t := range e.Settings.Chain {
		if !t.SolutionStackName.IsAbsent() || !t.PlatformArn.IsAbsent() {
			return t.Name
		}
	}
	return n.Name
}

// dedupeRequirements keeps one requirement per service, the most severe.
func dedupeRequirements(rs []Requirement) []Requirement {
	var out []Requirement
	idx := map[string]int{}
	for _, r := range rs {
		if i, ok := idx[r.Service]; ok {
			if r.Severity > out[i].Severity {
				out[i] = r
			}
			continue
		}
		idx[r.Service] = len(out)
		out = append(out, r)
	}
	return out
}

// systemType reads aws:elasticbeanstalk:healthreporting:system SystemType:
// "enhanced" or "basic" (lower case) when every condition branch agrees,
// "" when the inputs do not decide it.
func systemType(v parsers.Value) (parsers.Value, string) {
	alts, _ := query.Branches(v)
	decided := ""
	for i, alt := range alts {
		s, ok := alt.Text()
		if alt.Kind != parsers.Known || !ok || (i > 0 && !strings.EqualFold(strings.TrimSpace(s), decided)) {
			return v, ""
		}
		decided = strings.ToLower(strings.TrimSpace(s))
	}
	return v, decided
}

// secretService returns "secretsmanager" or "ssm" for an environment
// secret's ARN, or "" and why it cannot tell. The ARN's service field must
// be literal; its other fields may be pseudo parameters or unknown
// (!Sub arn:${AWS::Partition}:secretsmanager:${AWS::Region}:…).
func (a *analysis) secretService(v parsers.Value) (string, string) {
	if v.Kind == parsers.Ref && !v.IsPseudo() {
		return "", "refers to " + query.DisplayName(v) + ", a resource whose ARN the linter does not model"
	}
	fields := strings.SplitN(textWithHoles(v), ":", 4)
	if len(fields) < 4 || fields[0] != "arn" || strings.Contains(fields[2], hole) {
		return "", "is " + query.DisplayName(v) + ", not an ARN whose service the linter can read"
	}
	switch fields[2] {
	case "secretsmanager", "ssm":
		return fields[2], ""
	}
	return "", "is " + query.DisplayName(v) + ", not a Secrets Manager or SSM Parameter Store ARN"
}

// hole stands for a part of a string the inputs do not give.
const hole = "\x00"

// textWithHoles renders a string value with every non-literal part
// (pseudo parameter, reference, unknown) replaced by hole.
func textWithHoles(v parsers.Value) string {
	switch v.Kind {
	case parsers.Known:
		return v.Str
	case parsers.Concat:
		var b strings.Builder
		for _, p := range v.Parts() {
			b.WriteString(textWithHoles(p))
		}
		return b.String()
	}
	return hole
}

// ServiceName is a parsed endpoint service name (DOMAIN.md §2.2); the
// query layer classifies endpoints with ParseServiceName.
type ServiceName = query.ServiceName

// ParseServiceName splits "<prefix>.<region>.<svc>". The region is the
// first label matching the region pattern, or a ${...} placeholder; ok is
// false when there is none.
func ParseServiceName(s string) (ServiceName, bool) {
	labels := splitLabels(s)
	for i, l := range labels {
		symbolic := strings.HasPrefix(l, "${") && strings.HasSuffix(l, "}")
		if i == 0 || i == len(labels)-1 || !(symbolic || isRegion(l)) {
			continue
		}
		sn := ServiceName{Prefix: strings.Join(labels[:i], "."), Service: strings.Join(labels[i+1:], ".")}
		if !symbolic {
			sn.Region = l
		}
		return sn, true
	}
	return ServiceName{}, false
}

// isRegion reports whether s is a region name:
// ^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$ ("us-east-1", "us-gov-west-1",
// "us-isob-east-1").
func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	n := len(parts)
	if n < 3 || n > 4 || len(parts[0]) != 2 || !isLower(parts[0]) || !isLower(parts[n-2]) || !isDigits(parts[n-1]) {
		return false
	}
	return n == 3 || parts[1] == "gov" || strings.HasPrefix(parts[1], "iso") && isLower(parts[1])
}

func isLower(s string) bool {
	for i := range len(s) {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// splitLabels splits at dots outside ${...}.
func splitLabels(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == '.' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// endpointName renders the service name of svc for messages, with the
// region filled in when known.
func endpointName(region, svc string) string {
	if region == "" {
		region = "<region>"
	}
	return "com.amazonaws." + region + "." + svc
}
