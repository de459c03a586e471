package report

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCells: Set, Get, Delete and All behave as a map would, for template
// paths and others, in any order of insertion.
func TestCells(t *testing.T) {
	var c Cells
	want := map[string]float64{}
	ops := []struct {
		path string
		v    float64
		del  bool
	}{
		{path: "requests.new.total", v: 73},
		{path: "active.rules.made", v: 1},
		{path: "review.review.total", v: 5},
		{path: "not.a.path", v: 9},
		{path: "requests.new.total", v: 74}, // overwrite
		{path: "active.rules.made", del: true},
		{path: "active.rules.made", v: 0},
		{path: "requests.denied.total", v: -2.5},
		{path: "not.a.path", del: true},
		{path: "absent.path", del: true},
	}
	for _, op := range ops {
		if op.del {
			c.Delete(op.path)
			delete(want, op.path)
		} else {
			c.Set(op.path, op.v)
			want[op.path] = op.v
		}
		if got := c.Map(); !maps.Equal(got, want) {
			t.Fatalf("after %+v: %v, want %v", op, got, want)
		}
		if c.Len() != len(want) {
			t.Fatalf("Len %d, want %d", c.Len(), len(want))
		}
	}
	for p, v := range want {
		if got, ok := c.Get(p); !ok || got != v || !c.Has(p) {
			t.Errorf("Get(%s) = %v, %v", p, got, ok)
		}
	}
	if _, ok := c.Get("requests.new.natural"); ok {
		t.Error("an unset path is set")
	}
	// All yields template paths in the templates' order.
	last := -1
	for p := range c.All() {
		if i, ok := cellIndex[p]; ok {
			if i <= last {
				t.Errorf("All out of order at %s", p)
			}
			last = i
		}
	}
	// A clone shares nothing.
	d := c.Clone()
	d.Set("requests.new.total", 1)
	if v, _ := c.Get("requests.new.total"); v != 74 || c.Equal(d) {
		t.Error("a clone's change reached the original")
	}
}

// TestCellsGob: cells survive the cache's gob encoding exactly (known and
// unknown paths, negative, fractional and huge values, none at all).
func TestCellsGob(t *testing.T) {
	for _, m := range []map[string]float64{
		{},
		{"requests.new.total": 73, "active.fees.amount": 22.7494, "active.licensing.change": -15, "requests.denied.total": math.MaxFloat64},
		{"not.a.path": 1, "requests.carried_over.other": 0},
	} {
		c := CellsOf(m)
		var buf bytes.Buffer
		r := Report{Tables: c, Derived: CellsOf(map[string]float64{"requests.denied.total": 4})}
		if err := gob.NewEncoder(&buf).Encode(&r); err != nil {
			t.Fatal(err)
		}
		var got Report
		if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got.Tables.Map(), m) || !got.Tables.Equal(c) {
			t.Errorf("round trip: %v → %v", m, got.Tables.Map())
		}
		if v, _ := got.Derived.Get("requests.denied.total"); v != 4 {
			t.Errorf("derived: %v", got.Derived.Map())
		}
	}
}

// TestCellsJSON: the flat JSON form round-trips and refuses NaN.
func TestCellsJSON(t *testing.T) {
	c := CellsOf(map[string]float64{"requests.new.total": 3, "x.y.z": 1.5})
	b, err := json.Marshal(c)
	if err != nil || string(b) != `{"requests.new.total":3,"x.y.z":1.5}` {
		t.Fatalf("%s %v", b, err)
	}
	var d Cells
	if err := json.Unmarshal(b, &d); err != nil || !d.Equal(c) {
		t.Fatalf("%v %v", d.Map(), err)
	}
	c.Set("x.y.z", math.NaN())
	if _, err := json.Marshal(c); err == nil {
		t.Error("NaN marshalled")
	}
}

// FuzzCellsGobDecode: a damaged cache entry is an error, never a panic, and
// what decodes re-encodes to the same cells.
func FuzzCellsGobDecode(f *testing.F) {
	good, _ := CellsOf(map[string]float64{"requests.new.total": 3, "x": 1}).GobEncode()
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Cells
		if err := c.GobDecode(b); err == nil {
			again, _ := c.GobEncode()
			var d Cells
			same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) } // NaN too
			if err := d.GobDecode(again); err != nil || !maps.EqualFunc(c.Map(), d.Map(), same) {
				t.Fatalf("re-encoded cells differ: %v", err)
			}
		}
	})
}

func BenchmarkCellsGet(b *testing.B) {
	var c Cells
	for _, p := range T2021.Paths() {
		c.Set(p, 1)
	}
	paths := T2021.Paths()
	for b.Loop() {
		for _, p := range paths {
			c.Get(p)
		}
	}
}

// TestCellsRandom: random sets (zeros, -0 and others), deletes and gob
// round trips agree with a map at every step.
func TestCellsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := []float64{0, math.Copysign(0, -1), 1, -3, 22.75, 1e9}
	var c Cells
	want := map[string]float64{}
	for step := range 5000 {
		p := cellPaths[rng.IntN(len(cellPaths))]
		if rng.IntN(4) == 0 {
			c.Delete(p)
			delete(want, p)
		} else {
			v := values[rng.IntN(len(values))]
			c.Set(p, v)
			want[p] = v
		}
		if step%97 == 0 {
			b, _ := c.GobEncode()
			var d Cells
			if err := d.GobDecode(b); err != nil || !d.Equal(c) {
				t.Fatalf("step %d: gob round trip differs (%v)", step, err)
			}
		}
		got := c.Map()
		same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
		if !maps.EqualFunc(got, want, same) || c.Len() != len(want) {
			t.Fatalf("step %d: %d cells, want %d", step, len(got), len(want))
		}
	}
}

// TestGetKey: GetKey reads what Get reads, for every template path, a
// path of no template and the zero Key, and Template.Keys follows Paths.
func TestGetKey(t *testing.T) {
	var c Cells
	for i, p := range cellPaths {
		if i%3 != 0 {
			c.Set(p, float64(i%5))
		}
	}
	c.Set("requests.odd.path", 7)
	paths := append(slices.Clone(cellPaths), "requests.odd.path", "no.such.cell", "")
	for _, p := range paths {
		wv, wok := c.Get(p)
		if v, ok := c.GetKey(KeyOf(p)); v != wv || ok != wok {
			t.Errorf("%q: GetKey %v %v, Get %v %v", p, v, ok, wv, wok)
		}
	}
	if v, ok := c.GetKey(Key{}); ok {
		t.Errorf("the zero Key reads %v", v)
	}
	for _, tp := range []*Template{T2019, T2021} {
		keys := tp.Keys()
		if len(keys) != len(tp.Paths()) {
			t.Fatalf("%s: %d keys, %d paths", tp.ID, len(keys), len(tp.Paths()))
		}
		for i, k := range keys {
			if k.Path != tp.Paths()[i] || k != KeyOf(k.Path) {
				t.Errorf("%s: key %d is %+v", tp.ID, i, k)
			}
		}
	}
}
