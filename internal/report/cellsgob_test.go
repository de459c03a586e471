package report

import (
	"bytes"
	"encoding/gob"
	"maps"
	"math"
	"testing"
	"unsafe"
)

// TestCellsGob: cells survive the cache's gob encoding exactly (known and
// unknown paths, negative, fractional and huge values, empty maps), and
// decoded known paths share the one copy of their string.
func TestCellsGob(t *testing.T) {
	for _, c := range []Cells{
		{},
		{"requests.new.total": 73, "active.fees.amount": 22.7494, "active.licensing.change": -15, "requests.denied.total": math.MaxFloat64},
		{"not.a.path": 1, "requests.carried_over.other": 0},
	} {
		var buf bytes.Buffer
		r := Report{Tables: c, Derived: Cells{"requests.denied.total": 4}}
		if err := gob.NewEncoder(&buf).Encode(&r); err != nil {
			t.Fatal(err)
		}
		var got Report
		if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if len(c) > 0 && !maps.Equal(got.Tables, c) || got.Derived["requests.denied.total"] != 4 {
			t.Errorf("round trip: %v → %v, derived %v", c, got.Tables, got.Derived)
		}
		for k := range got.Tables {
			if i, ok := cellIndex[k]; ok && unsafe.StringData(k) != unsafe.StringData(cellPaths[i]) {
				t.Errorf("%s: decoded key is a copy", k)
			}
		}
	}
}

// FuzzCellsGobDecode: a damaged cache entry is an error, never a panic.
func FuzzCellsGobDecode(f *testing.F) {
	good, _ := Cells{"requests.new.total": 3, "x": 1}.GobEncode()
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Cells
		if err := c.GobDecode(b); err == nil {
			again, _ := c.GobEncode()
			var d Cells
			same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) } // NaN too
			if err := d.GobDecode(again); err != nil || !maps.EqualFunc(c, d, same) {
				t.Fatalf("re-encoded cells differ: %v", err)
			}
		}
	})
}
