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
