package report

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/rules"
)

// PrivatePath is an Elastic Beanstalk environment's private path, for the
// Markdown report's diagram: its instance subnets with their route tables,
// the gateway endpoints on those tables, and the interface endpoints of its
// VPC. Names are as the inputs write them (secrets redacted).
type PrivatePath struct {
	Environment string
	File        string // the file declaring the environment
	Subnets     []PathSubnet
	// Gateway and Interface are the VPC's gateway and interface endpoints.
	Gateway, Interface []PathEndpoint
}

// PathSubnet is an instance subnet: its posture ("isolated", "nat", ...)
// and the route tables that may govern it.
type PathSubnet struct {
	Name, Posture string
	RouteTables   []string
}

// PathEndpoint is a VPC endpoint: its service ("s3", "logs"; "" when
// unknown) and, for a gateway endpoint, the route tables it is on.
type PathEndpoint struct {
	Name, Service string
	RouteTables   []string
}

// writeMarkdown renders a pull-request comment: the totals, then per
// environment (file and name) a table of its findings, a Mermaid flowchart
// of its private path with what is missing or blocked marked, and its
// fixes folded; findings of no environment and notices after. Text is
// escaped for GitHub Markdown and labels for Mermaid.
func writeMarkdown(buf *bytes.Buffer, r *Run) error {
	ref := gitRef(r.Version)
	all := sortedFindings(r.Findings)
	c := countFindings(all)
	buf.WriteString("## beanlint\n\n")
	if c.Errors+c.Warnings+c.Notes == 0 {
		buf.WriteString("No problems found. ")
	}
	fmt.Fprintf(buf, "**%s, %s, %s**, %d suppressed; %s linted.\n",
		plural(c.Errors, "error"), plural(c.Warnings, "warning"), plural(c.Notes, "note"), c.Suppressed, plural(len(r.Inputs), "file"))

	groups := map[envKey][]rules.Finding{}
	var keys []envKey
	add := func(k envKey) {
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
			groups[k] = nil
		}
	}
	for _, f := range all {
		if f.Suppressed() {
			continue
		}
		k := envKey{RelPath(r.Root, f.EnvironmentFile), f.Environment}
		if k.name == "" {
			k.file = ""
		}
		add(k)
		groups[k] = append(groups[k], f)
	}
	paths := map[envKey]PrivatePath{}
	for _, p := range r.Paths {
		k := envKey{RelPath(r.Root, p.File), p.Environment}
		paths[k] = p
	}
	slices.SortFunc(keys, func(a, b envKey) int {
		if (a.name == "") != (b.name == "") {
			if a.name == "" {
				return 1 // findings of no environment last
			}
			return -1
		}
		if c := strings.Compare(a.file, b.file); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	for _, k := range keys {
		buf.WriteString("\n### ")
		if k.name == "" {
			buf.WriteString(noEnvironmentHeading)
		} else {
			if k.file != "" {
				buf.WriteString(mdCode(k.file) + ": ")
			}
			buf.WriteString("environment " + mdCode(k.name))
		}
		buf.WriteString("\n\n")
		markdownTable(buf, r.Root, ref, groups[k])
		if p, ok := paths[k]; ok {
			markdownDiagram(buf, p, groups[k])
		}
		markdownFixes(buf, r.Root, groups[k])
	}
	if notices := sortedNotices(r.Notices); len(notices) > 0 {
		buf.WriteString("\n### Notices\n\n")
		for _, n := range notices {
			buf.WriteString("- ")
			if n.Loc.File != "" {
				buf.WriteString(mdCode(compactLocation(r.Root, n.Loc)) + ": ")
			}
			buf.WriteString(mdText(n.Msg) + "\n")
		}
	}
	return nil
}

// markdownTable writes the findings as a table: severity, rule (linked to
// its page at the binary's version), location and message.
func markdownTable(buf *bytes.Buffer, root, ref string, fs []rules.Finding) {
	buf.WriteString("| Severity | Rule | Location | Finding |\n|---|---|---|---|\n")
	for _, f := range fs {
		fmt.Fprintf(buf, "| %s | [%s](%s) | %s | %s |\n",
			severityBadge(f.Severity), mdText(f.RuleID), RulePageURL(f.RuleID, ref),
			mdCode(compactLocation(root, f.Loc)), mdText(oneLine(f.Message)))
	}
}

func severityBadge(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return ":warning: warning"
	case rules.Note:
		return ":information_source: note"
	}
	return ":x: error"
}

// markdownFixes writes the findings' fixes folded, each in a fenced block
// of its file's language.
func markdownFixes(buf *bytes.Buffer, root string, fs []rules.Finding) {
	var withFix []rules.Finding
	for _, f := range fs {
		if strings.TrimSpace(f.Fix) != "" {
			withFix = append(withFix, f)
		}
	}
	if len(withFix) == 0 {
		return
	}
	fmt.Fprintf(buf, "\n<details><summary>Fixes (%d)</summary>\n\n", len(withFix))
	shown := map[string]string{} // rule and fix -> where it was shown
	for _, f := range withFix {
		fix := strings.TrimRight(f.Fix, "\n")
		where := mdCode(compactLocation(root, f.Loc))
		if at, ok := shown[f.RuleID+"\x00"+fix]; ok {
			fmt.Fprintf(buf, "%s at %s: the fix shown at %s.\n\n", mdText(f.RuleID), where, at)
			continue
		}
		shown[f.RuleID+"\x00"+fix] = where
		fence := strings.Repeat("~", max(3, longestRun(fix, '~')+1))
		lang := "yaml"
		switch strings.ToLower(path.Ext(f.Loc.File)) {
		case ".tf", ".hcl":
			lang = "hcl"
		case ".json":
			lang = "json"
		}
		fmt.Fprintf(buf, "%s at %s:\n\n%s%s\n%s\n%s\n\n", mdText(f.RuleID), where, fence, lang, fix, fence)
	}
	buf.WriteString("</details>\n")
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// markdownDiagram writes the Mermaid flowchart of p: instances -> instance
// subnets -> route tables -> gateway endpoints, and instances -> interface
// endpoints. A node that a finding is about (its resource or subject) is
// marked with the rule IDs; an endpoint a finding says is missing is drawn
// as a missing node; a route table not on the VPC's S3 gateway endpoint is
// linked to it by a crossed edge.
func markdownDiagram(buf *bytes.Buffer, p PrivatePath, fs []rules.Finding) {
	// The service of an endpoint service name (the subject of the findings
	// that say an endpoint is missing).
	missingService := regexp.MustCompile(`^[a-z.]*amazonaws\.[^.]+\.(.+)$`)
	about := map[string][]string{} // resource or subject -> rule IDs
	var missing []string           // "logs", "s3"
	for _, f := range fs {
		if f.RuleID == "EB301" || f.RuleID == "EB302" {
			if m := missingService.FindStringSubmatch(f.Subject); m != nil {
				if !slices.Contains(missing, m[1]) {
					missing = append(missing, m[1])
				}
				continue // drawn as a missing endpoint
			}
		}
		for _, name := range []string{f.Resource, f.Subject} {
			if name != "" && !slices.Contains(about[name], f.RuleID) {
				about[name] = append(about[name], f.RuleID)
			}
		}
	}
	var b strings.Builder
	ids := map[string]string{}
	node := func(key, label string, marked []string) string {
		if id, ok := ids[key]; ok {
			return id
		}
		id := "n" + strconv.Itoa(len(ids))
		ids[key] = id
		if len(marked) > 0 {
			label += "\n" + strings.Join(marked, ", ")
		}
		fmt.Fprintf(&b, "  %s[\"%s\"]", id, mermaidText(label))
		if len(marked) > 0 {
			b.WriteString(":::problem")
		}
		b.WriteByte('\n')
		return id
	}
	env := node("env", "instances of "+p.Environment, about[p.Environment])
	for _, g := range p.Gateway {
		node("gw:"+g.Name, "gateway endpoint "+g.Name+serviceSuffix(g.Service), about[g.Name])
	}
	for _, s := range p.Subnets {
		sid := node("subnet:"+s.Name, "subnet "+s.Name+"\n"+s.Posture, about[s.Name])
		fmt.Fprintf(&b, "  %s --> %s\n", env, sid)
		for _, rt := range s.RouteTables {
			known := ids["rt:"+rt] != ""
			rid := node("rt:"+rt, "route table "+rt, about[rt])
			fmt.Fprintf(&b, "  %s --> %s\n", sid, rid)
			if known {
				continue
			}
			for _, g := range p.Gateway {
				gid := ids["gw:"+g.Name]
				switch {
				case slices.Contains(g.RouteTables, rt):
					fmt.Fprintf(&b, "  %s --> %s\n", rid, gid)
				case g.Service == "s3":
					fmt.Fprintf(&b, "  %s -.-x|not associated| %s\n", rid, gid)
				}
			}
		}
	}
	for _, ep := range p.Interface {
		marked := about[ep.Name]
		id := node("if:"+ep.Name, "interface endpoint "+ep.Name+serviceSuffix(ep.Service), marked)
		if len(marked) > 0 {
			fmt.Fprintf(&b, "  %s -.-x|%s| %s\n", env, strings.Join(marked, " "), id)
		} else {
			fmt.Fprintf(&b, "  %s --> %s\n", env, id)
		}
	}
	for _, svc := range missing {
		id := "m" + strconv.Itoa(slices.Index(missing, svc))
		fmt.Fprintf(&b, "  %s[\"%s\"]:::missing\n", id, mermaidText(svc+" endpoint: missing"))
		fmt.Fprintf(&b, "  %s -.-x|missing| %s\n", env, id)
	}
	buf.WriteString("\n```mermaid\nflowchart LR\n")
	buf.WriteString(b.String())
	buf.WriteString("  classDef problem stroke:#d73a49,stroke-width:3px\n")
	buf.WriteString("  classDef missing stroke:#d73a49,stroke-width:2px,stroke-dasharray:5 5\n")
	buf.WriteString("```\n")
}

func serviceSuffix(svc string) string {
	if svc == "" {
		return ""
	}
	return "\n" + svc
}

// mermaidText escapes a Mermaid node or edge label written in double
// quotes: entity codes for the characters that would end or break it, and
// <br/> for line breaks.
func mermaidText(s string) string {
	s = strings.NewReplacer("#", "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "`", "#96;", "|", "#124;", "\r", "").Replace(s)
	return strings.ReplaceAll(s, "\n", "<br/>")
}

// mdText escapes text for GitHub Markdown, also inside a table cell: HTML
// characters as entities; backslash, backtick, emphasis, link brackets,
// strikethrough and the pipe with a backslash; line breaks become spaces.
// The text never starts a line, so block markers (#, -, 1.) need none.
func mdText(s string) string {
	s = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(oneLine(s))
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCode is s as inline code: a code span whose fence is longer than any
// run of backticks in s.
func mdCode(s string) string {
	s = oneLine(s)
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + strings.ReplaceAll(s, "|", "\\|") + pad + fence
}
