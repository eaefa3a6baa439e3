package parsers

import (
	"cmp"
	"strings"
)

// SplitTerraformAddress splits a Terraform resource instance address into
// its module instance path and the address within that module:
// module.vpc[0].aws_subnet.x[1] → "module.vpc[0]", "aws_subnet.x[1]"; a root
// address has module "". ok is false when addr does not end in a resource
// address (an unclosed key, or nothing after the last module call); module
// then holds the module calls read so far and local is "".
func SplitTerraformAddress(addr string) (module, local string, ok bool) {
	end := 0
	rest := addr
	for strings.HasPrefix(rest, "module.") {
		i := len("module.")
		for i < len(rest) && rest[i] != '.' && rest[i] != '[' {
			i++
		}
		if i < len(rest) && rest[i] == '[' {
			j := closingBracket(rest, i)
			if j < 0 {
				return strings.TrimSuffix(addr[:end], "."), "", false
			}
			i = j + 1
		}
		end += i
		if i >= len(rest) || rest[i] != '.' {
			return strings.TrimSuffix(addr[:end], "."), "", false
		}
		end++
		rest = rest[i+1:]
	}
	return strings.TrimSuffix(addr[:end], "."), rest, true
}

// StripInstanceKeys removes instance keys ("[0]", `["a"]`) from a Terraform
// address, giving the configuration address: module.vpc[0].aws_subnet.x[1]
// → module.vpc.aws_subnet.x. Text without keys is returned unchanged.
func StripInstanceKeys(addr string) string {
	if !strings.Contains(addr, "[") {
		return addr
	}
	var b strings.Builder
	for i := 0; i < len(addr); i++ {
		if addr[i] == '[' {
			if j := closingBracket(addr, i); j >= 0 {
				i = j
				continue
			}
		}
		b.WriteByte(addr[i])
	}
	return b.String()
}

// closingBracket returns the index of the "]" closing the "[" at i,
// skipping quoted keys; -1 when there is none.
func closingBracket(s string, i int) int {
	quoted := false
	for j := i + 1; j < len(s); j++ {
		switch {
		case quoted && s[j] == '\\':
			j++
		case s[j] == '"':
			quoted = !quoted
		case !quoted && s[j] == ']':
			return j
		}
	}
	return -1
}

// CompareNames orders resource names (Terraform addresses, CloudFormation
// logical IDs) the way messages list them: in natural order, where a run
// of digits compares by its number, so aws_subnet.private[2] comes before
// aws_subnet.private[10] and PrivateSubnet2 before PrivateSubnet10; other
// characters compare byte by byte. Names that differ only in leading
// zeros compare by length, so the order is total.
func CompareNames(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			if c := cmp.Compare(da, db); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// digitRun is the length of the run of ASCII digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
