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

// syntheticInputs are 200 generated reports of every shape, for the
// benchmarks; it sets the bytes per operation to their mean size.
func syntheticInputs(b *testing.B) (names []string, data [][]byte) {
	size := 0
	for i := 0; i < 200; i++ {
		name, d, _ := synth.Generate(3, i)
		names, data = append(names, name), append(data, d)
		size += len(d)
	}
	b.SetBytes(int64(size / len(data)))
	return names, data
}

// BenchmarkParseSynthetic parses a mix of every shape, as a national corpus would be.
func BenchmarkParseSynthetic(b *testing.B) {
	names, data := syntheticInputs(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := parse.File(names[i%len(names)], data[i%len(data)])
		if err != nil {
			b.Fatal(err)
		}
		validate.Report(r)
	}
}

// BenchmarkFileSynthetic is BenchmarkParseSynthetic without validate.Report:
// the parser's own time per report.
func BenchmarkFileSynthetic(b *testing.B) {
	names, data := syntheticInputs(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := parse.File(names[i%len(names)], data[i%len(data)]); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReportsOutliveScratch: a report is the same after more reports were
// parsed, whose table regions reuse the memory of its own (regionScratch).
func TestReportsOutliveScratch(t *testing.T) {
	var first []string
	var reps []any
	for i := 0; i < 60; i++ {
		name, data, _ := synth.Generate(4, i)
		r, err := parse.File(name, data)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		first, reps = append(first, string(b)), append(reps, r)
	}
	for i := 60; i < 120; i++ {
		name, data, _ := synth.Generate(4, i)
		if _, err := parse.File(name, data); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range reps {
		b, _ := json.Marshal(r)
		if string(b) != first[i] {
			t.Fatalf("report %d changed after later parses", i)
		}
	}
}
