package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
)

const (
	// sarifSchemaURI is the official SARIF 2.1.0 schema (errata 01), the
	// one the tests validate against (package sarifschema).
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	informationURI = repoURL
	repoURL        = "https://github.com/beanlint/beanlint"
	// fingerprintKey names beanlint's partialFingerprints entry; bump the
	// version if the fingerprint's inputs ever change.
	fingerprintKey = "beanlint/v1"
	parseRuleID    = "EB900"
)

// writeSARIF renders one SARIF 2.1.0 run: every rule of the catalog in
// tool.driver, one result per finding (suppressed ones carry
// suppressions), parse failures also as tool execution notifications.
//
// The log is a tree of JSON objects (object) and arrays holding only the
// properties beanlint sets: no empty arrays or objects (run.results
// excepted, which code scanning requires even when empty) and no "unset"
// sentinels. appendJSON writes it with each object's keys sorted.
func writeSARIF(buf *bytes.Buffer, r *Run) error {
	catalog := sortedRules(r.Rules)
	ruleIndex := make(map[string]int, len(catalog))
	for i, rule := range catalog {
		ruleIndex[rule.ID] = i
	}
	driver := object{
		"name":            "beanlint",
		"informationUri":  informationURI,
		"language":        "en-US",
		"isComprehensive": false,
		"contents":        []any{"localizedData", "nonLocalizedData"},
	}
	builtin := builtinCatalog(catalog)
	if len(catalog) > 0 {
		driver["rules"] = sarifCatalog{rules: catalog, ref: gitRef(r.Version), builtin: builtin}
	}
	if r.Version != "" {
		driver["version"] = r.Version
		if v := semanticVersion(r.Version); v != "" {
			driver["semanticVersion"] = v
		}
	}

	results := []any{}
	for _, f := range sortedFindings(r.Findings) {
		results = append(results, sarifResult(r.Root, f, ruleIndex))
	}

	toolErrors := sortedNotices(errorNotices(r.ToolErrors))
	var notifications []any
	for _, e := range toolErrors {
		n := sarifNotification(r.Root, e, levelError)
		rule := object{"id": parseRuleID}
		if i, ok := ruleIndex[parseRuleID]; ok {
			rule["index"] = i
		}
		n["associatedRule"] = rule
		notifications = append(notifications, n)
	}
	for _, n := range sortedNotices(r.Notices) {
		notifications = append(notifications, sarifNotification(r.Root, n, levelWarning))
	}
	invocation := object{"executionSuccessful": len(toolErrors) == 0}
	if len(notifications) > 0 {
		invocation["toolExecutionNotifications"] = notifications
	}

	run := object{
		"tool":             object{"driver": driver},
		"language":         "en-US",
		"columnKind":       "unicodeCodePoints",
		"newlineSequences": []any{"\r\n", "\n"},
		"results":          results,
		"invocations":      []any{invocation},
	}
	if id := automationID(r.Category); id != "" {
		run["automationDetails"] = object{"id": id}
	}
	log := object{
		"$schema": sarifSchemaURI,
		"version": "2.1.0",
		"runs":    []any{run},
	}
	// The rules (catalogFile, or their help twice, linked and escaped:
	// about 5/4 of the doc, and 2 KB a rule besides), 2 KB a result, up
	// to 1 MiB (a larger log grows its buffer a few times): a small log
	// is encoded into the buffer without growing it again and again, and
	// not copied. The rules are most of a small log: each byte of it
	// written to fresh memory more than once cost more than the rest of a
	// run on a small template.
	size := 2<<10*len(results) + 4<<10
	if builtin {
		size += len(catalogFile)
	} else {
		for _, rule := range catalog {
			size += 2*len(rule.Doc)*5/4 + 2<<10
		}
	}
	buf.Grow(min(size, 1<<20))
	b := appendJSON(buf.AvailableBuffer(), log, "\n")
	buf.Write(append(b, '\n'))
	return nil
}

// object is a SARIF (JSON) object.
type object = map[string]any

// SARIF levels.
const (
	levelError   = "error"
	levelWarning = "warning"
	levelNote    = "note"
)

// text is a SARIF message or multiformat message string.
func text(s string) object { return object{"text": s} }

// sarifCatalog is the log's tool.driver.rules: a reportingDescriptor
// for each rule of the catalog, whose help links at the Git revision ref.
type sarifCatalog struct {
	rules   []*rules.Rule
	ref     string
	builtin bool // rules is the built-in catalog (builtinCatalog)
}

// catalogFile is the built-in catalog's tool.driver.rules as a log holds
// it (catalogIndent), with refMark for the Git revision: written in full
// for each run, the rules' help took a quarter of the instructions of a
// run on a small template. TestCatalogFile rewrites it with -update and
// checks that it is what the rules would be written as.
//
//go:embed sarifcatalog.json
var catalogFile string

// catalogIndent is the indentation tool.driver.rules is written at in a
// log (appendJSON's nl): catalogFile is written for it.
const catalogIndent = "\n          "

// refMark stands for the Git revision in catalogFile.
const refMark = "{ref}"

// builtinCatalog reports whether rs (sorted by ID) is the built-in
// catalog, rules.All(), whose tool.driver.rules catalogFile holds.
func builtinCatalog(rs []*rules.Rule) bool {
	return slices.Equal(rs, sortedRules(rules.All()))
}

func (c sarifCatalog) appendJSON(b []byte, nl string) []byte {
	if nl != catalogIndent || !c.builtin {
		return appendJSON(b, c.descriptors(), nl)
	}
	rest := strings.TrimSuffix(catalogFile, "\n")
	for {
		before, after, found := strings.Cut(rest, refMark)
		b = append(b, before...)
		if !found {
			return b
		}
		b = appendJSONChars(b, c.ref)
		rest = after
	}
}

// descriptors are the reportingDescriptors of c's rules.
func (c sarifCatalog) descriptors() []any {
	out := make([]any, len(c.rules))
	for i, rule := range c.rules {
		out[i] = sarifRule(rule, c.ref)
	}
	return out
}

func sarifRule(rule *rules.Rule, ref string) object {
	title := rule.Title
	if title == "" {
		title = rule.ID
	}
	helpURI := RulePageURL(rule.ID, ref)
	d := object{
		"id":                   rule.ID,
		"shortDescription":     text(title),
		"fullDescription":      text(rules.Markdown(firstParagraph(rule.Doc, title))),
		"helpUri":              helpURI,
		"defaultConfiguration": object{"enabled": true, "level": sarifLevel(rule.Severity)},
	}
	if rule.Name != "" {
		d["name"] = rule.Name
	}
	if strings.TrimSpace(rule.Doc) != "" { // linking adds no text to a blank doc
		help := &helpText{doc: rule.Doc}
		d["help"] = object{"text": help, "markdown": help}
	} else {
		d["help"] = text(title + ". See " + helpURI)
	}
	props := object{
		"precision":        precision(rule.Severity),
		"problem.severity": problemSeverity(rule.Severity),
	}
	if rule.SecuritySeverity != "" {
		props["security-severity"] = rule.SecuritySeverity
	}
	if len(rule.Tags) > 0 {
		tags := make([]any, len(rule.Tags))
		for i, t := range rule.Tags {
			tags[i] = t
		}
		props["tags"] = tags
	}
	d["properties"] = props
	return d
}

func sarifResult(root string, f rules.Finding, ruleIndex map[string]int) object {
	res := object{
		"ruleId":              f.RuleID,
		"kind":                "fail",
		"level":               sarifLevel(f.Severity),
		"message":             text(resultText(root, f)),
		"partialFingerprints": object{fingerprintKey: Fingerprint(root, f)},
	}
	if i, ok := ruleIndex[f.RuleID]; ok {
		res["ruleIndex"] = i
	}
	if pl := sarifPhysicalLocation(root, f.Loc); pl != nil {
		res["locations"] = []any{object{"physicalLocation": pl}}
	}
	var related []any
	for i, rel := range f.Related {
		if !shownRelated(rel) {
			continue
		}
		loc := object{"id": i + 1}
		if pl := sarifPhysicalLocation(root, rel.Loc); pl != nil {
			loc["physicalLocation"] = pl
		}
		if rel.Message != "" {
			loc["message"] = text(rel.Message)
		}
		related = append(related, loc)
	}
	if len(related) > 0 {
		res["relatedLocations"] = related
	}
	var suppressions []any
	for _, s := range f.Suppressions {
		kind := string(rules.External)
		if s.Kind == rules.InSource {
			kind = string(rules.InSource)
		}
		sup := object{"kind": kind}
		if s.Reason != "" {
			sup["justification"] = s.Reason
		}
		suppressions = append(suppressions, sup)
	}
	if len(suppressions) > 0 {
		res["suppressions"] = suppressions
	}
	if fix := sarifFix(root, f); fix != nil {
		res["fixes"] = []any{fix}
	}
	return res
}

// sarifFix is the result's fix with the replacements that make it, per
// file (artifactChanges); nil when the fix has no text edits.
func sarifFix(root string, f rules.Finding) object {
	if len(f.Changes) == 0 {
		return nil
	}
	var changes []any
	byFile := map[string]int{}
	for _, c := range f.Changes {
		i, ok := byFile[c.File]
		if !ok {
			i = len(changes)
			byFile[c.File] = i
			changes = append(changes, object{"artifactLocation": object{"uri": artifactURI(root, c.File)}, "replacements": []any{}})
		}
		ch := changes[i].(object)
		ch["replacements"] = append(ch["replacements"].([]any), object{
			"deletedRegion":   object{"startLine": c.StartLine, "startColumn": c.StartCol, "endLine": c.EndLine, "endColumn": c.EndCol},
			"insertedContent": text(c.Text),
		})
	}
	return object{"description": text(f.FixDescription), "artifactChanges": changes}
}

// resultText is message.text: the message, then a line linking each
// related location ("[text](id)", the form code scanning shows related
// locations in), then the fix (code scanning shows only the message, so
// the remedy has to be in it). Brackets of the plain text that would read
// as a link are escaped.
func resultText(root string, f rules.Finding) string {
	msg := escapeLinks(strings.TrimSpace(f.Message))
	if msg == "" {
		msg = f.RuleID
	}
	var links []string
	for i, rel := range f.Related {
		if !shownRelated(rel) {
			continue
		}
		label := rel.Message
		if label == "" {
			label = RelPath(root, rel.Loc.File)
			if rel.Loc.StartLine > 0 {
				label += ":" + strconv.Itoa(int(rel.Loc.StartLine))
			}
		}
		links = append(links, "["+escapeLinkText(label)+"]("+strconv.Itoa(i+1)+")")
	}
	if len(links) > 0 {
		msg += "\n\nRelated: " + strings.Join(links, ", ")
	}
	if fix := strings.TrimRight(f.Fix, "\n"); strings.TrimSpace(fix) != "" {
		msg += "\n\nFix:\n" + escapeLinks(fix)
	}
	return msg
}

// shownRelated reports whether a related location has anything to show: a
// file or a message.
func shownRelated(rel rules.Related) bool { return rel.Loc.File != "" || rel.Message != "" }

// escapeLinks escapes the "](" of plain text, which would otherwise close an
// embedded link (SARIF 3.11.6): "[a](b)" in a message is a link.
func escapeLinks(s string) string { return strings.ReplaceAll(s, "](", `\](`) }

// escapeLinkText escapes the backslashes and square brackets of an embedded
// link's text (SARIF 3.11.6).
func escapeLinkText(s string) string {
	if !strings.ContainsAny(s, `\[]`) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c == '[' || c == ']' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}

// sarifNotification is a tool execution notification of level for a parse
// error or a notice.
func sarifNotification(root string, m parsers.Notice, level string) object {
	n := object{"level": level, "message": text(m.Msg)}
	if pl := sarifPhysicalLocation(root, m.Loc); pl != nil {
		n["locations"] = []any{object{"physicalLocation": pl}}
	}
	return n
}

// sarifPhysicalLocation is l's file and region; nil without a file. The
// region is left out when the line is unknown, and end positions that do
// not follow the start are dropped rather than written inverted.
func sarifPhysicalLocation(root string, l parsers.Location) object {
	if l.File == "" {
		return nil
	}
	pl := object{"artifactLocation": object{"uri": artifactURI(root, l.File)}}
	if l.StartLine <= 0 {
		return pl
	}
	reg := object{"startLine": int(l.StartLine)}
	if l.StartCol > 0 {
		reg["startColumn"] = int(l.StartCol)
	}
	if l.EndLine >= l.StartLine {
		reg["endLine"] = int(l.EndLine)
		if l.EndCol > 0 && (l.EndLine > l.StartLine || l.EndCol >= l.StartCol) {
			reg["endColumn"] = int(l.EndCol)
		}
	}
	pl["region"] = reg
	return pl
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return levelWarning
	case rules.Note:
		return levelNote
	}
	return levelError
}

// precision is how often a rule's findings are true problems, as code
// scanning ranks it: errors are decided by the inputs; warnings and notes
// depend on what lies beyond them (transit egress, values the inputs do
// not decide).
func precision(s rules.Severity) string {
	if s == rules.Error {
		return "very-high"
	}
	return "high"
}

// problemSeverity is the severity code scanning shows an alert that is not
// a security alert with: error, warning or recommendation.
func problemSeverity(s rules.Severity) string {
	switch s {
	case rules.Warning:
		return "warning"
	case rules.Note:
		return "recommendation"
	}
	return "error"
}

// gitRef is the Git revision of the repository a beanlint version was built
// from: the tag of a release ("v1.2.3", also for "1.2.3" as GoReleaser
// stamps it), the commit of a pseudo-version or of a commit hash (the
// GitHub Action stamps the ref it is used at), else main (a build from a
// checkout, "(devel)").
func gitRef(version string) string {
	if isCommitHash(version) {
		return version
	}
	v := version
	if v != "" && !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	if semanticVersion(v) == "" {
		return "main"
	}
	if module.IsPseudoVersion(v) {
		if rev, err := module.PseudoVersionRev(v); err == nil {
			return rev
		}
		return "main"
	}
	return strings.TrimSuffix(v, semver.Build(v)) // v1.2.3+dirty -> v1.2.3
}

// isCommitHash reports whether s is an abbreviated or full Git commit
// hash: 7 to 40 lower-case hex digits.
func isCommitHash(s string) bool {
	if len(s) < 7 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// semanticVersion is version as SARIF's semanticVersion (Semantic
// Versioning 2.0, no "v"); "" when version is not one.
func semanticVersion(version string) string {
	v := version
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	if !semver.IsValid(v) || semver.Canonical(v) != strings.TrimSuffix(v, semver.Build(v)) {
		return "" // v1.2 is valid to x/mod but not a full semantic version
	}
	return strings.TrimPrefix(v, "v")
}

// RulePageURL is the address of a rule's page (docs/rules/EBnnn.md) in the
// repository at the Git revision ref.
func RulePageURL(id, ref string) string {
	return repoURL + "/blob/" + ref + "/docs/rules/" + id + ".md"
}

// automationID is the automationDetails.id of a run in category: the
// category followed by "/", as upload-sarif's category input writes it
// (code scanning reads the id up to its last "/" as the category).
func automationID(category string) string {
	category = strings.TrimSpace(category)
	if category == "" || strings.HasSuffix(category, "/") {
		return category
	}
	return category + "/"
}

// firstParagraph is the first prose paragraph of a Markdown doc (headings
// skipped, lines joined), or fallback when there is none.
func firstParagraph(doc, fallback string) string {
	var para []string
	for line := range strings.Lines(doc) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#") && len(para) == 0:
			continue
		case line == "":
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
			continue
		}
		para = append(para, line)
	}
	if len(para) > 0 {
		return strings.Join(para, " ")
	}
	return fallback
}

// appendJSON appends v, a tree of objects, []any, strings, ints and bools,
// to b as indented JSON with sorted keys, byte for byte as json.Encoder with
// SetIndent("", "  ") and SetEscapeHTML(false) writes it, except that a byte
// that is not UTF-8 is written as U+FFFD itself rather than as \ufffd.
// nl is a newline followed by the current indentation. Encoding the tree
// in one pass costs a third of encoding it with encoding/json, which
// re-scans its output to indent it.
func appendJSON(b []byte, v any, nl string) []byte {
	inner := nl + "  "
	switch v := v.(type) {
	case object:
		if len(v) == 0 {
			return append(b, "{}"...)
		}
		b = append(b, '{')
		for i, k := range slices.Sorted(maps.Keys(v)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, inner...)
			b = appendJSONString(b, k)
			b = append(b, ": "...)
			b = appendJSON(b, v[k], inner)
		}
		return append(append(b, nl...), '}')
	case []any:
		if len(v) == 0 {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		for i, item := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, inner...)
			b = appendJSON(b, item, inner)
		}
		return append(append(b, nl...), ']')
	case string:
		return appendJSONString(b, v)
	case sarifCatalog:
		return v.appendJSON(b, nl)
	case *helpText:
		if v.written {
			return append(b, b[v.start:v.end]...)
		}
		v.start = len(b)
		b = append(b, '"')
		for piece := range rules.LinkedPieces(v.doc) {
			b = appendJSONChars(b, piece)
		}
		b = append(b, '"')
		v.end, v.written = len(b), true
		return b
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case bool:
		return strconv.AppendBool(b, v)
	}
	panic(fmt.Sprintf("appendJSON: unexpected %T", v))
}

// helpText is a rule's help, rules.LinkSources(doc), in the SARIF log
// twice (help.text and help.markdown): appendJSON escapes it into the log
// piece by piece (rules.LinkedPieces) the first time, and copies what it
// wrote the second time, so the help is never built as a string of its
// own nor escaped twice. It remembers where in the log it was written:
// a tree holding one is written once, in one call of appendJSON from the
// start of the buffer.
type helpText struct {
	doc        string
	written    bool
	start, end int // where the first copy is in the log being written
}

// jsonPlain holds the ASCII bytes a JSON string holds as they are:
// printable, not a quote or a backslash (a table: appendJSONString's loop
// is most of the time of writing a SARIF report, whose rule help is long).
var jsonPlain = func() (t [256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it without HTML escaping: quotes, backslashes, control
// characters and U+2028/U+2029; a byte that is not UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONChars(b, s)
	return append(b, '"')
}

// jsonPlainPrefix is the length of the longest start of s, in words of eight
// bytes, that is all printable ASCII other than quotes and backslashes
// (jsonPlain), testing a word's bytes at once: a rule's help is most of a
// small run's SARIF log, and a byte at a time its escaping took an eighth
// of such a run.
func jsonPlainPrefix(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		// A byte of v below n sets the high bit of its byte in
		// (v - ones*n) &^ v, and a zero byte of v in (v - ones) &^ v
		// (exact as a whole for bytes below 0x80, which x has once
		// x&highs is zero).
		quote, backslash := x^(ones*'"'), x^(ones*'\\')
		control := (x - ones*' ') &^ x
		quote = (quote - ones) &^ quote
		backslash = (backslash - ones) &^ backslash
		if (x|control|quote|backslash)&highs != 0 {
			break
		}
	}
	return i
}

// appendJSONChars appends the characters of s as appendJSONString writes
// them inside the quotes. A string in pieces cut at character boundaries
// is written the same piece by piece.
func appendJSONChars(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0 // s[start:i] is still to be copied as it is
	for i := 0; i < len(s); {
		// The common case first: printable ASCII, written as it is, eight
		// bytes at a time, then a byte at a time up to the byte of the
		// last eight that needs a look (or the end).
		i += jsonPlainPrefix(s[i:])
		for i < len(s) && jsonPlain[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != '\u2028' && r != '\u2029' && (r != utf8.RuneError || size > 1) {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = utf8.AppendRune(b, r)
			} else {
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			}
			i += size
			start = i
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		i++
		start = i
	}
	return append(b, s[start:]...)
}
