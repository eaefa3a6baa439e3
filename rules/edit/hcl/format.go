package hcl

import (
	"bytes"

	"github.com/apparentlymart/go-textseg/v15/textseg"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// format lays out HCL native syntax as terraform fmt does (the layout of
// hclwrite.Format, which this package does not import: it pulls in go-cmp,
// whose initialisation every beanlint run would pay). Only the spaces
// before tokens change: a line is indented two spaces per bracket level it
// is nested in, tokens on a line are spaced by the rules of spaced, the "="
// of runs of one-line arguments and object items is aligned, and so are
// the comments ending runs of lines. The text of heredocs and quoted
// strings is a token of its own and stays as it is.
func format(src []byte) []byte {
	toks := lex(src)
	lines := splitLines(toks)
	indent(toks, lines)
	space(toks, lines)
	align(toks, lines)
	var out bytes.Buffer
	out.Grow(len(src))
	for _, t := range toks {
		for range t.spaces {
			out.WriteByte(' ')
		}
		out.Write(t.text)
	}
	return out.Bytes()
}

// token is a lexed token and the number of spaces written before it.
type token struct {
	typ    hclsyntax.TokenType
	text   []byte
	spaces int
}

// lex returns the tokens of src, each with the gap before it in src as its
// spaces (only the EOF token, which ends no line, keeps it).
func lex(src []byte) []token {
	native, _ := hclsyntax.LexConfig(src, "", hcl.Pos{Byte: 0, Line: 1, Column: 1})
	out := make([]token, len(native))
	end := 0
	for i, t := range native {
		out[i] = token{typ: t.Type, text: t.Bytes, spaces: t.Range.Start.Byte - end}
		end = t.Range.End.Byte
	}
	return out
}

// line is one line of tokens, as three cells of indexes into the token
// slice: lead [start, assign), assign [assign, comment) (an "=" and the
// one-line expression after it; empty when the line has none) and a
// trailing comment [comment, end).
type line struct {
	start, assign, comment, end int
}

func (l line) hasAssign() bool  { return l.assign < l.comment }
func (l line) hasComment() bool { return l.comment < l.end }

// endsLine reports whether t ends a line: a newline, or a line comment
// (which holds its newline).
func endsLine(t token) bool {
	return t.typ == hclsyntax.TokenNewline ||
		t.typ == hclsyntax.TokenComment && bytes.HasSuffix(t.text, []byte("\n"))
}

// depthChange is +1 for a token opening a bracket level, -1 for one
// closing it.
func depthChange(t hclsyntax.TokenType) int {
	switch t {
	case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
		hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
		return 1
	case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
		hclsyntax.TokenTemplateSeqEnd:
		return -1
	}
	return 0
}

// netDepth is the bracket levels toks open (negative: close), counted up
// to a heredoc's opening, whose template is on lines of its own.
func netDepth(toks []token) int {
	n := 0
	for _, t := range toks {
		n += depthChange(t.typ)
		if t.typ == hclsyntax.TokenOHeredoc {
			break
		}
	}
	return n
}

// splitLines cuts toks (the EOF token left out) into lines and their
// cells. An "=" after the first token starts the assign cell when what
// follows it on the line closes every bracket it opens; a comment ending
// a line of other tokens is its comment cell.
func splitLines(toks []token) []line {
	var lines []line
	start := 0
	for i, t := range toks {
		if t.typ == hclsyntax.TokenEOF {
			if i > start {
				lines = append(lines, line{start, i, i, i})
			}
			break
		}
		if endsLine(t) {
			lines = append(lines, line{start, i + 1, i + 1, i + 1})
			start = i + 1
		}
	}
	if n := len(toks); start < n && toks[n-1].typ != hclsyntax.TokenEOF {
		lines = append(lines, line{start, n, n, n})
	}
	for k := range lines {
		l := &lines[k]
		if l.end-l.start > 1 && toks[l.end-1].typ == hclsyntax.TokenComment {
			l.assign, l.comment = l.end-1, l.end-1
		}
		for i := l.start + 1; i < l.assign; i++ {
			if toks[i].typ != hclsyntax.TokenEqual {
				continue
			}
			if netDepth(toks[i:l.assign]) == 0 {
				l.assign = i
			}
			break
		}
	}
	return lines
}

// indent sets the spaces before the first token of each line: two per
// bracket level open. A line opening levels indents what follows by one
// step, however many it opens; lines closing them step back as many
// steps as they close.
func indent(toks []token, lines []line) {
	var steps []int // the levels each indentation step stands for
	for _, l := range lines {
		first := &toks[l.start]
		if first.typ == hclsyntax.TokenNewline {
			first.spaces = 0
			continue
		}
		n := netDepth(toks[l.start:l.assign]) + netDepth(toks[l.assign:l.comment])
		if n > 0 {
			first.spaces = 2 * len(steps)
			steps = append(steps, n)
			continue
		}
		for closed := -n; closed > 0 && len(steps) > 0; {
			top := &steps[len(steps)-1]
			if closed < *top {
				*top -= closed
				break
			}
			closed -= *top
			steps = steps[:len(steps)-1]
		}
		first.spaces = 2 * len(steps)
	}
}

// space sets the spaces between the tokens of the lead and the assign
// cell of each line; the assign cell starts one space after the lead.
func space(toks []token, lines []line) {
	for _, l := range lines {
		spaceCell(toks, l.start, l.assign)
		if l.hasAssign() {
			toks[l.assign].spaces = 1
			spaceCell(toks, l.assign, l.comment)
		}
	}
}

// spaceCell sets the spaces before each token of toks[from:to] but the
// first.
func spaceCell(toks []token, from, to int) {
	for i := from + 1; i < to; i++ {
		prev := hclsyntax.TokenNil
		if i-1 > from {
			prev = toks[i-2].typ
		}
		toks[i].spaces = 0
		if spaced(prev, toks[i-1].typ, toks[i].typ, toks[i-1].text) {
			toks[i].spaces = 1
		}
	}
}

// spaced reports whether a space goes between tokens a and b (text of a:
// at), when p comes before a (TokenNil: a starts its cell).
func spaced(p, a, b hclsyntax.TokenType, at []byte) bool {
	switch {
	case b == hclsyntax.TokenNewline || b == hclsyntax.TokenNil:
		return false
	case a == hclsyntax.TokenIdent && (b == hclsyntax.TokenOParen || b == hclsyntax.TokenDoubleColon),
		a == hclsyntax.TokenDoubleColon && b == hclsyntax.TokenIdent:
		return false // a function call and its namespaces
	case a == hclsyntax.TokenDot || b == hclsyntax.TokenDot:
		return false // attribute access
	case b == hclsyntax.TokenComma || b == hclsyntax.TokenEllipsis:
		return false
	case a == hclsyntax.TokenComma:
		return true
	case inTemplate(a, b):
		return false
	case a == hclsyntax.TokenIdent && string(at) == "in" && p == hclsyntax.TokenIdent:
		return true // for x in [...]: the keyword, not an index
	case b == hclsyntax.TokenOBrack && (a == hclsyntax.TokenIdent || a == hclsyntax.TokenNumberLit || depthChange(a) < 0):
		return false // an index
	case a == hclsyntax.TokenBang:
		return false
	case a == hclsyntax.TokenMinus:
		return !negates(p)
	case a == hclsyntax.TokenOBrace || b == hclsyntax.TokenCBrace:
		return !(a == hclsyntax.TokenOBrace && b == hclsyntax.TokenCBrace) // { a = 1 }, but {}
	case (a == hclsyntax.TokenTemplateInterp || a == hclsyntax.TokenTemplateControl) && b == hclsyntax.TokenOBrace,
		a == hclsyntax.TokenCBrace && b == hclsyntax.TokenTemplateSeqEnd:
		return true // ${ {...} }
	case a == hclsyntax.TokenTemplateSeqEnd && (b == hclsyntax.TokenTemplateInterp || b == hclsyntax.TokenTemplateControl):
		return false
	case depthChange(a) > 0 || depthChange(b) < 0:
		return false // inside brackets
	}
	return true
}

// inTemplate reports whether a and b are next to each other in a
// template: no space goes around its literal text or inside its quotes.
func inTemplate(a, b hclsyntax.TokenType) bool {
	switch a {
	case hclsyntax.TokenQuotedLit, hclsyntax.TokenStringLit, hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
		return true
	}
	switch b {
	case hclsyntax.TokenQuotedLit, hclsyntax.TokenStringLit, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
		return true
	}
	return false
}

// negates reports whether a minus after a token of type p negates (no
// space after it) rather than subtracts: p cannot end an operand.
func negates(p hclsyntax.TokenType) bool {
	switch p {
	case hclsyntax.TokenNil,
		hclsyntax.TokenOParen, hclsyntax.TokenOBrace, hclsyntax.TokenOBrack,
		hclsyntax.TokenEqual, hclsyntax.TokenColon, hclsyntax.TokenComma, hclsyntax.TokenQuestion,
		hclsyntax.TokenPlus, hclsyntax.TokenStar, hclsyntax.TokenSlash, hclsyntax.TokenPercent, hclsyntax.TokenMinus,
		hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual,
		hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq, hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq,
		hclsyntax.TokenAnd, hclsyntax.TokenOr, hclsyntax.TokenBang:
		return true
	}
	return false
}

// align lines up the "=" of each run of consecutive lines with an assign
// cell one space after the longest lead of the run, then the comments of
// each run of lines ending in one one space after the longest text before
// them.
func align(toks []token, lines []line) {
	alignRuns(toks, lines, line.hasAssign, func(l line) (int, int) { return l.assign, width(toks[l.start:l.assign]) })
	alignRuns(toks, lines, line.hasComment, func(l line) (int, int) { return l.comment, width(toks[l.start:l.comment]) })
}

// alignRuns sets, in each run of lines that has, the spaces before the
// token at of each line so that they all start one column after the
// widest text before it.
func alignRuns(toks []token, lines []line, has func(line) bool, at func(line) (tok, before int)) {
	for i := 0; i < len(lines); {
		if !has(lines[i]) {
			i++
			continue
		}
		j, widest := i, 0
		for ; j < len(lines) && has(lines[j]); j++ {
			_, w := at(lines[j])
			widest = max(widest, w)
		}
		for _, l := range lines[i:j] {
			t, w := at(l)
			toks[t].spaces = widest - w + 1
		}
		i = j
	}
}

// width is the columns toks take on a line: their spaces and grapheme
// clusters.
func width(toks []token) int {
	n := 0
	for _, t := range toks {
		c, _ := textseg.TokenCount(t.text, textseg.ScanGraphemeClusters)
		n += t.spaces + c
	}
	return n
}
