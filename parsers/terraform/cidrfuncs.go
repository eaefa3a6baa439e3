package terraform

import (
	"fmt"
	"math/big"
	"net/netip"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// cidrsubnetFunc is Terraform's cidrsubnet(prefix, newbits, netnum): the
// netnum-th subnet of prefix with newbits more prefix bits.
var cidrsubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "newbits", Type: cty.Number}, {Name: "netnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := netip.ParsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "invalid CIDR prefix: %v", err)
		}
		newbits, acc := args[1].AsBigFloat().Int64()
		if acc != big.Exact || newbits < 0 {
			return cty.NilVal, function.NewArgErrorf(1, "newbits must be a whole non-negative number")
		}
		width := int64(p.Addr().BitLen())
		size := int64(p.Bits()) + newbits
		if size > width {
			return cty.NilVal, function.NewArgErrorf(1, "%d bits do not fit in a %d-bit address", size, width)
		}
		netnum, accN := args[2].AsBigFloat().Int(nil)
		if accN != big.Exact || netnum.Sign() < 0 || netnum.BitLen() > int(newbits) {
			return cty.NilVal, function.NewArgErrorf(2, "netnum must be a whole number from 0 to 2^newbits-1")
		}
		addr := addrAdd(p.Masked().Addr(), new(big.Int).Lsh(netnum, uint(width-size)))
		return cty.StringVal(netip.PrefixFrom(addr, int(size)).String()), nil
	},
})

// cidrhostFunc is Terraform's cidrhost(prefix, hostnum) for a non-negative
// hostnum: the hostnum-th address of prefix.
var cidrhostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := netip.ParsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "invalid CIDR prefix: %v", err)
		}
		host, acc := args[1].AsBigFloat().Int(nil)
		if acc != big.Exact || host.Sign() < 0 || host.BitLen() > p.Addr().BitLen()-p.Bits() {
			return cty.NilVal, function.NewArgErrorf(1, "hostnum must be a whole number within the prefix (beanlint does not count from the end)")
		}
		return cty.StringVal(addrAdd(p.Masked().Addr(), host).String()), nil
	},
})

// addrAdd adds n to an address (n fits in the host part).
func addrAdd(a netip.Addr, n *big.Int) netip.Addr {
	b := a.AsSlice()
	sum := new(big.Int).Add(new(big.Int).SetBytes(b), n)
	out := sum.FillBytes(make([]byte, len(b)))
	r, ok := netip.AddrFromSlice(out)
	if !ok {
		panic(fmt.Sprintf("address of %d bytes", len(out))) // unreachable: same length as a
	}
	return r
}

// cidrsubnetsFunc is Terraform's cidrsubnets(prefix, newbits...): subnets
// of prefix allocated one after the other, each newbits[i] bits longer
// than prefix, a subnet starting at the first address aligned to its size
// after the previous one (as Terraform's go-cidr NextSubnet computes).
var cidrsubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := netip.ParsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "invalid CIDR prefix: %v", err)
		}
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		width := p.Addr().BitLen()
		start := new(big.Int).SetBytes(p.Masked().Addr().AsSlice())
		space := new(big.Int).Lsh(big.NewInt(1), uint(width))
		end := new(big.Int).Add(start, new(big.Int).Lsh(big.NewInt(1), uint(width-p.Bits())))
		lengths := make([]int, len(args)-1)
		for i, a := range args[1:] {
			n, acc := a.AsBigFloat().Int64()
			switch {
			case acc != big.Exact || n < 1:
				return cty.NilVal, function.NewArgErrorf(i+1, "must extend prefix by at least one bit")
			case int64(p.Bits())+n > int64(width):
				return cty.NilVal, function.NewArgErrorf(i+1, "would extend prefix to %d bits, which is too long for a %d-bit address", int64(p.Bits())+n, width)
			}
			lengths[i] = p.Bits() + int(n)
		}
		// The subnet before the first: the address before prefix, aligned.
		cur := alignDown(new(big.Int).Mod(new(big.Int).Sub(start, big.NewInt(1)), space), width, lengths[0])
		curLen := lengths[0]
		out := make([]cty.Value, len(lengths))
		for i, l := range lengths {
			last := lastAddr(cur, width, curLen)
			next := new(big.Int).Add(lastAddr(alignDown(last, width, l), width, l), big.NewInt(1))
			next.Mod(next, space)
			if next.Sign() == 0 || next.Cmp(start) < 0 || next.Cmp(end) >= 0 {
				return cty.NilVal, function.NewArgErrorf(i+1, "not enough remaining address space for a subnet with a prefix of %d bits after %s", l, prefixText(cur, width, curLen))
			}
			cur, curLen = next, l
			out[i] = cty.StringVal(prefixText(cur, width, curLen))
		}
		return cty.ListVal(out), nil
	},
})

// alignDown clears the host bits of a (a width-bit address) for a prefix
// of bits bits.
func alignDown(a *big.Int, width, bits int) *big.Int {
	host := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(width-bits)), big.NewInt(1))
	return new(big.Int).AndNot(a, host)
}

// lastAddr is the last address of the prefix of bits bits at a.
func lastAddr(a *big.Int, width, bits int) *big.Int {
	host := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(width-bits)), big.NewInt(1))
	return new(big.Int).Or(a, host)
}

// prefixText renders the prefix of bits bits at address a.
func prefixText(a *big.Int, width, bits int) string {
	addr, _ := netip.AddrFromSlice(a.FillBytes(make([]byte, width/8)))
	return netip.PrefixFrom(addr, bits).String()
}

// cidrnetmaskFunc is Terraform's cidrnetmask(prefix): the IPv4 subnet mask
// of prefix in dotted-decimal form.
var cidrnetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := netip.ParsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "invalid CIDR prefix: %v", err)
		}
		if !p.Addr().Is4() {
			return cty.NilVal, function.NewArgErrorf(0, "IPv6 addresses cannot have a netmask: %s", args[0].AsString())
		}
		ones := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 32), big.NewInt(1))
		mask, _ := netip.AddrFromSlice(alignDown(ones, 32, p.Bits()).FillBytes(make([]byte, 4)))
		return cty.StringVal(mask.String()), nil
	},
})
