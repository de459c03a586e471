package parse_test

import (
	"encoding/json"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/synth"
	"gongkai/internal/validate"
)

// TestSynthetic parses generated reports in every shape, with injected
// faults and blank cells, against the values they were generated from.
func TestSynthetic(t *testing.T) {
	n := 600
	if testing.Short() {
		n = 120
	}
	cells, right, wrongN := 0, 0, 0
	perShape := map[string][2]int{}
	for i := 0; i < n; i++ {
		name, data, st := synth.Generate(1, i)
		raw, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		var tr truth
		if err := json.Unmarshal(raw, &tr); err != nil {
			t.Fatal(err)
		}
		r := parseChecked(t, name, data)
		wrong, missed, k := diff(r, tr)
		for _, w := range wrong {
			t.Errorf("%s (%s): wrong number: %s", name, st.Shape, w)
		}
		cells += k
		right += k - len(wrong) - len(missed)
		wrongN += len(wrong)
		s := perShape[st.Shape]
		perShape[st.Shape] = [2]int{s[0] + k, s[1] + k - len(wrong) - len(missed)}
		if r.Agency != tr.Agency || r.Year != tr.Year || r.Template != tr.Template {
			t.Errorf("%s: meta %q %d %s, want %q %d %s", name, r.Agency, r.Year, r.Template, tr.Agency, tr.Year, tr.Template)
		}
	}
	pct := 100 * float64(right) / float64(cells)
	t.Logf("%d synthetic reports: %d/%d cells right (%.2f%%), %d wrong; by shape %v", n, right, cells, pct, wrongN, perShape)
	if pct < 99.5 {
		t.Errorf("cells right %.2f%%, want ≥ 99.5%%", pct)
	}
}

// BenchmarkParseSynthetic parses a mix of every shape, as a national corpus would be.
func BenchmarkParseSynthetic(b *testing.B) {
	type in struct {
		name string
		data []byte
	}
	var ins []in
	size := 0
	for i := 0; i < 200; i++ {
		name, data, _ := synth.Generate(3, i)
		ins = append(ins, in{name, data})
		size += len(data)
	}
	b.SetBytes(int64(size / len(ins)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x := ins[i%len(ins)]
		r, err := parse.File(x.name, x.data)
		if err != nil {
			b.Fatal(err)
		}
		validate.Report(r)
	}
}
