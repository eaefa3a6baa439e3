package terraform

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// decodeTree decodes JSON as the plan reader does an after_unknown or
// after_sensitive tree (numbers converted to float64).
func decodeTree(t *testing.T, text string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	v, ok := float64s(v)
	if !ok {
		t.Fatalf("%s: a number out of range", text)
	}
	return v
}

// TestShareTrees checks that the plan reader keeps one copy of equal
// trees and never takes one tree for another.
func TestShareTrees(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{`{"id": true, "arn": true}`, `{"arn": true, "id": true}`, true},
		{`{}`, `{}`, true},
		{`{"tags": {}, "list": [true, false]}`, `{"list": [true, false], "tags": {}}`, true},
		{`{"id": true}`, `{"id": false}`, false},
		{`{"id": true}`, `{"id": [true]}`, false},
		{`{"a": "1"}`, `{"a": 1}`, false},
		{`{"a": 1}`, `{"a": 1.5}`, false},
		{`{"a": null}`, `{}`, false},
		{`{"ab": "c"}`, `{"a": "bc"}`, false},
		{`["a", "b"]`, `["a,b"]`, false},
		{`{}`, `[]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.a+" "+tt.b, func(t *testing.T) {
			r := &planReader{shared: map[string]any{}}
			first, _ := r.share(decodeTree(t, tt.a))
			second := decodeTree(t, tt.b)
			got, found := r.share(second)
			if found != tt.same {
				t.Errorf("share(%s) after share(%s) found a copy: %v, want %v", tt.b, tt.a, found, tt.same)
			}
			if !reflect.DeepEqual(got, second) {
				t.Fatalf("share(%s) = %#v, a different tree", tt.b, got)
			}
			if shared := sameTree(got, first); shared != tt.same {
				t.Errorf("share(%s) after share(%s): the first copy %v, want %v", tt.b, tt.a, shared, tt.same)
			}
		})
	}
	large := `{"k": "` + strings.Repeat("x", maxSharedKey) + `"}`
	r := &planReader{shared: map[string]any{}}
	first, _ := r.share(decodeTree(t, large))
	if again, _ := r.share(decodeTree(t, large)); sameTree(again, first) {
		t.Errorf("a tree longer than maxSharedKey was shared")
	}
}

// sameTree reports whether a and b are the same decoded object or array
// (not only equal).
func sameTree(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		return ok && reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
	case []any:
		b, ok := b.([]any)
		return ok && len(a) > 0 && len(b) > 0 && &a[0] == &b[0]
	}
	return false
}

// TestSharedTreesPlan checks that a plan whose resources repeat their
// after_unknown trees reads as before: each resource's own unknown values,
// numbers as float64 also where a repeated text is not decoded again
// (shareTree).
func TestSharedTreesPlan(t *testing.T) {
	plan := `{"format_version": "1.2", "resource_changes": [
	  {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
	   "change": {"actions": ["create"], "after": {"cidr_block": "10.0.1.0/24"}, "after_unknown": {"id": true, "vpc_id": true}, "after_sensitive": {}}},
	  {"address": "aws_subnet.b", "mode": "managed", "type": "aws_subnet", "name": "b",
	   "change": {"actions": ["create"], "after": {"cidr_block": "10.0.2.0/24", "vpc_id": "vpc-1"}, "after_unknown": {"id": true}, "after_sensitive": {}}},
	  {"address": "aws_subnet.c", "mode": "managed", "type": "aws_subnet", "name": "c",
	   "change": {"actions": ["create"], "after": {"cidr_block": "10.0.3.0/24"}, "after_unknown": {"vpc_id": true, "id": true}, "after_sensitive": {}}},
	  {"address": "aws_subnet.d", "mode": "managed", "type": "aws_subnet", "name": "d",
	   "change": {"actions": ["create"], "after": {"cidr_block": "10.0.4.0/24"}, "after_unknown": {"id": true, "vpc_id": true}, "after_sensitive": {"n": [1]}}},
	  {"address": "aws_subnet.e", "mode": "managed", "type": "aws_subnet", "name": "e",
	   "change": {"actions": ["create"], "after": {"cidr_block": "10.0.5.0/24"}, "after_unknown": {"id": true, "vpc_id": true}, "after_sensitive": {"n": [1]}}},
	  {"address": "aws_subnet.f", "mode": "managed", "type": "aws_subnet", "name": "f",
	   "change": {"actions": ["create"], "after": {"cidr_block": "10.0.6.0/24", "vpc_id": "vpc-1"}, "after_unknown": {"id": true}, "after_sensitive": {"n": [1]}}}
	]}`
	p, err := Parse("plan.json", []byte(plan))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"aws_subnet.a": true, "aws_subnet.b": false, "aws_subnet.c": true, "aws_subnet.d": true, "aws_subnet.e": true, "aws_subnet.f": false}
	for addr, unknown := range want {
		in := p.byAddr[addr]
		if in == nil {
			t.Fatalf("%s not read", addr)
		}
		if got := in.vals.field("vpc_id").unknown(); got != unknown {
			t.Errorf("%s: vpc_id unknown = %v, want %v", addr, got, unknown)
		}
	}
	for _, addr := range []string{"aws_subnet.c", "aws_subnet.d", "aws_subnet.e"} {
		if a, c := p.byAddr["aws_subnet.a"].vals.unk, p.byAddr[addr].vals.unk; !sameTree(a, c) {
			t.Errorf("equal after_unknown trees of aws_subnet.a and %s are two copies", addr)
		}
	}
	wantSens := map[string]any{"n": []any{float64(1)}}
	for _, addr := range []string{"aws_subnet.d", "aws_subnet.e", "aws_subnet.f"} {
		if got := p.byAddr[addr].sens; !reflect.DeepEqual(got, wantSens) {
			t.Errorf("%s: after_sensitive %#v, want %#v", addr, got, wantSens)
		}
		if !sameTree(p.byAddr[addr].sens, p.byAddr["aws_subnet.d"].sens) {
			t.Errorf("equal after_sensitive trees of aws_subnet.d and %s are two copies", addr)
		}
	}
}

// TestSharedAfterValues checks that resources whose after values have the
// same JSON text share one decoded value, and that any other text is
// decoded on its own.
func TestSharedAfterValues(t *testing.T) {
	plan := `{"format_version": "1.2", "resource_changes": [
	  {"address": "aws_route_table_association.a", "change": {"actions": ["create"], "after": {"gateway_id": null, "n": [1]}}},
	  {"address": "aws_route_table_association.b", "change": {"actions": ["create"], "after": {"gateway_id": null, "n": [1]}}},
	  {"address": "aws_route_table_association.c", "change": {"actions": ["create"], "after": {"gateway_id": null, "n": [2]}}},
	  {"address": "aws_route_table_association.d", "change": {"actions": ["create"], "after": {"gateway_id": null,  "n": [1]}}}
	]}`
	raw, _, err := readPlan("plan.json", []byte(plan))
	if err != nil {
		t.Fatal(err)
	}
	after := func(i int) any { return raw.ResourceChanges[i].Change.After }
	if !sameTree(after(0), after(1)) {
		t.Errorf("equal after texts decoded twice")
	}
	for i := 2; i <= 3; i++ {
		if sameTree(after(0), after(i)) {
			t.Errorf("after value %d shares the value of another text", i)
		}
	}
	if want := map[string]any{"gateway_id": nil, "n": []any{json.Number("2")}}; !reflect.DeepEqual(after(2), want) {
		t.Errorf("after value 2 = %#v, want %#v", after(2), want)
	}
}
