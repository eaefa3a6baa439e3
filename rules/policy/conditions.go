package policy

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// operator is a condition operator without its set and IfExists parts
// [iam-condops].
type operator struct {
	family  family
	negated bool // StringNotEquals, NotIpAddress, ...: a NOR of the values
	fold    bool // ...IgnoreCase
	like    bool // StringLike, StringNotLike: wildcards
	cmp     comparison
}

type family uint8

const (
	fString family = iota
	fNumeric
	fDate
	fBool
	fBinary
	fIP
	fARN
	fNull
)

type comparison uint8

const (
	eq comparison = iota
	lt
	le
	gt
	ge
)

// setOp is a set operator qualifying an operator [iam-multi].
type setOp uint8

const (
	single setOp = iota
	forAllValues
	forAnyValue
)

// condition is one key of one operator in a Condition block.
type condition struct {
	name     string // the operator as written, "ForAnyValue:StringLike"
	op       operator
	set      setOp
	ifExists bool
	key      string
	unknown  string // the key's values, or the operator's keys, are not known
	values   []condValue
}

// condValue is a condition value, with its number, date or address when
// the operator compares those.
type condValue struct {
	text Text
	num  float64
	date time.Time
	ip   netip.Prefix
}

// parseOperator reads an operator name: an optional "ForAllValues:" or
// "ForAnyValue:", an operator, an optional "IfExists" (not on Null). It
// returns a condition without its key and values.
func parseOperator(name string) (condition, bool) {
	c := condition{name: name}
	rest := name
	if r, found := strings.CutPrefix(rest, "ForAllValues:"); found {
		rest, c.set = r, forAllValues
	} else if r, found := strings.CutPrefix(rest, "ForAnyValue:"); found {
		rest, c.set = r, forAnyValue
	}
	rest, c.ifExists = strings.CutSuffix(rest, "IfExists")
	var ok bool
	c.op, ok = baseOperator(rest)
	return c, ok && !(c.op.family == fNull && c.ifExists)
}

// baseOperator reads an operator of [iam-condops] without its set and
// IfExists parts.
func baseOperator(name string) (operator, bool) {
	switch name {
	case "Bool":
		return operator{family: fBool}, true
	case "BinaryEquals":
		return operator{family: fBinary}, true
	case "IpAddress", "NotIpAddress":
		return operator{family: fIP, negated: name == "NotIpAddress"}, true
	case "Null":
		return operator{family: fNull}, true
	}
	comparisons := map[string]comparison{"Equals": eq, "NotEquals": eq, "LessThan": lt, "LessThanEquals": le, "GreaterThan": gt, "GreaterThanEquals": ge}
	if r, found := strings.CutPrefix(name, "String"); found {
		r, fold := strings.CutSuffix(r, "IgnoreCase")
		switch {
		case r == "Equals" || r == "NotEquals":
			return operator{family: fString, negated: r == "NotEquals", fold: fold}, true
		case (r == "Like" || r == "NotLike") && !fold:
			return operator{family: fString, negated: r == "NotLike", like: true}, true
		}
	} else if r, found := strings.CutPrefix(name, "Arn"); found {
		if r == "Equals" || r == "Like" || r == "NotEquals" || r == "NotLike" {
			return operator{family: fARN, negated: strings.HasPrefix(r, "Not")}, true
		}
	} else if r, found := strings.CutPrefix(name, "Numeric"); found {
		if c, known := comparisons[r]; known {
			return operator{family: fNumeric, cmp: c, negated: r == "NotEquals"}, true
		}
	} else if r, found := strings.CutPrefix(name, "Date"); found {
		if c, known := comparisons[r]; known {
			return operator{family: fDate, cmp: c, negated: r == "NotEquals"}, true
		}
	}
	return operator{}, false
}

// parseConditions reads a Condition block: operators to keys to values.
func parseConditions(n Node, path string) ([]condition, error) {
	if n.Kind == UnknownNode {
		return []condition{{unknown: path + " is not known: " + n.Reason}}, nil
	}
	if n.Kind != MapNode {
		return nil, errorf(path, "must be a map of condition operators")
	}
	if err := checkMap(n, path); err != nil {
		return nil, err
	}
	var cs []condition
	for _, f := range n.Fields {
		at := join(path, f.Key)
		proto, ok := parseOperator(f.Key)
		if !ok {
			return nil, errorf(path, "unknown condition operator %q [iam-condops]", f.Key)
		}
		if f.Value.Kind == UnknownNode {
			cs = append(cs, condition{name: f.Key, unknown: at + " is not known: " + f.Value.Reason})
			continue
		}
		if f.Value.Kind != MapNode {
			return nil, errorf(at, "must be a map of condition keys to values")
		}
		if err := checkMap(f.Value, at); err != nil {
			return nil, err
		}
		for _, kv := range f.Value.Fields {
			c := proto
			c.key = kv.Key
			texts, err := strs(kv.Value, join(at, kv.Key))
			if err != nil {
				return nil, err
			}
			for _, t := range texts {
				v, err := c.op.value(t)
				if err != nil {
					return nil, errorf(join(at, kv.Key), "%v", err)
				}
				c.values = append(c.values, v)
			}
			cs = append(cs, c)
		}
	}
	return cs, nil
}

// value reads a condition value in the operator's format, when known.
func (op operator) value(t Text) (condValue, error) {
	v := condValue{text: t}
	s, known := t.Known()
	if !known {
		return v, nil
	}
	var ok bool
	switch op.family {
	case fNumeric:
		if v.num, ok = parseNumber(s); !ok {
			return v, fmt.Errorf("%q is not a number", s)
		}
	case fDate:
		if v.date, ok = parseDate(s); !ok {
			return v, fmt.Errorf("%q is not a date (ISO 8601 or epoch seconds; no wildcards)", s)
		}
	case fIP:
		if v.ip, ok = parsePrefix(s); !ok {
			return v, fmt.Errorf("%q is not an IP address or CIDR range", s)
		}
	case fNull:
		if !strings.EqualFold(s, "true") && !strings.EqualFold(s, "false") {
			return v, fmt.Errorf(`%q: Null takes "true" or "false"`, s)
		}
	}
	return v, nil
}

// conditions says whether every condition holds: operators and keys are
// an AND [iam-multi].
func (e *evaluation) conditions(cs []condition) verdict {
	v := vYes
	for _, c := range cs {
		if v = v.and(e.condition(c)); v.t == no {
			break
		}
	}
	return v
}

// condition evaluates one key of one operator. "If the key that you
// specify in a policy condition is not present in the request context,
// the values do not match and the condition is false", unless the
// operator is negated, ...IfExists or Null [iam-condops]; ForAllValues is
// true and ForAnyValue false for an absent key [iam-multi].
func (e *evaluation) condition(c condition) verdict {
	if c.unknown != "" {
		return vMaybe(c.unknown)
	}
	vals, known := e.ctx.lookup(c.key)
	absent := len(vals) == 0
	switch {
	case !known:
		return vMaybe(fmt.Sprintf("condition key %s (%s) is not known", c.key, c.name))
	case c.op.family == fNull:
		return c.null(absent)
	case absent:
		return vBool(c.ifExists || c.set == forAllValues || c.set == single && c.op.negated)
	case c.set == single && len(vals) > 1:
		return vMaybe(fmt.Sprintf("condition key %s has %d values in the request, and %s without ForAllValues or ForAnyValue is not documented for several",
			c.key, len(vals), c.name))
	}
	v := vBool(c.set == forAllValues) // the identity of AND, or of OR
	for _, rv := range vals {
		m := vNo // does rv match some value? "values are evaluated using a logical OR"
		for _, pv := range c.values {
			if m = m.or(e.value(c, pv, rv)); m.t == yes {
				break
			}
		}
		if c.op.negated { // a NOR of the values
			m = m.not()
		}
		if c.set == forAllValues {
			v = v.and(m)
		} else {
			v = v.or(m)
		}
	}
	return v
}

// null evaluates Null: "true" holds when the key is absent, "false" when
// it is present [iam-condops].
func (c condition) null(absent bool) verdict {
	v := vNo
	for _, pv := range c.values {
		s, known := pv.text.Known()
		if !known {
			v = v.or(vMaybe(fmt.Sprintf("condition Null %s %q is not known", c.key, pv.text)))
			continue
		}
		v = v.or(vBool(strings.EqualFold(s, "true") == absent))
	}
	return v
}

// value says whether the request's value rv matches the policy's value pv
// under c's operator. Policy variables are substituted in string, ARN and
// Bool values [iam-condops]; a variable with no value matches nothing,
// so a negated operator holds [iam-vars].
func (e *evaluation) value(c condition, pv condValue, rv Text) verdict {
	what := fmt.Sprintf("condition %s %s", c.name, c.key)
	switch c.op.family {
	case fString, fARN, fBool, fBinary:
		pt := pv.text
		if c.op.family != fBinary {
			var ok bool
			if pt, ok = expand(pt, e.v, e.ctx); !ok {
				return vNo
			}
		}
		switch {
		case c.op.family == fARN:
			return matchText(pt, rv, arnCondition, false, what)
		case c.op.like:
			return matchText(pt, rv, plain, false, what)
		}
		return matchText(pt, rv, exact, c.op.fold || c.op.family == fBool, what)
	}
	r, rKnown := rv.Known()
	if _, pKnown := pv.text.Known(); !rKnown || !pKnown {
		return vMaybe(fmt.Sprintf("%s compares %q with %q: not known", what, rv, pv.text))
	}
	switch c.op.family {
	case fNumeric:
		x, ok := parseNumber(r)
		return vBool(ok && c.op.cmp.holds(cmpFloat(x, pv.num)))
	case fDate:
		t, ok := parseDate(r)
		return vBool(ok && c.op.cmp.holds(t.Compare(pv.date)))
	case fIP:
		a, err := netip.ParseAddr(r)
		return vBool(err == nil && pv.ip.Contains(a.Unmap()))
	}
	return vNo
}

// holds says whether the comparison holds of a request value that compares
// to the policy value as c (-1, 0, +1).
func (cmp comparison) holds(c int) bool {
	switch cmp {
	case lt:
		return c < 0
	case le:
		return c <= 0
	case gt:
		return c > 0
	case ge:
		return c >= 0
	}
	return c == 0
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// parseNumber reads an integer or decimal value [iam-condops].
func parseNumber(s string) (float64, bool) {
	digits := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, _ := strings.Cut(digits, ".")
	if whole+frac == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// parseDate reads "one of the W3C implementations of the ISO 8601 date
// formats or in epoch (UNIX) time" [iam-condops]. All digits are epoch
// seconds, so a bare year ("2020") is read as a time in 1970.
func parseDate(s string) (time.Time, bool) {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		n, err := strconv.ParseInt(s, 10, 64)
		return time.Unix(n, 0), err == nil
	}
	// time.Parse takes fractional seconds after the seconds of a layout.
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parsePrefix reads a CIDR range, or an address as its /32 (or /128):
// "If you specify an IP address without the associated routing prefix,
// IAM uses the default prefix value of /32" [iam-condops].
func parsePrefix(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), true
}
