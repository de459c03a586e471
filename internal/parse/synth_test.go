package parse_test

import (
	"encoding/json"
	"flag"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/synth"
	"gongkai/internal/validate"
)

// TestSynthetic parses generated reports in every shape, with injected
// faults and blank cells, against the values they were generated from.
var (
	syntheticN    = flag.Int("synthetic", 600, "how many generated reports TestSynthetic reads, e.g. 40000 for a sweep")
	syntheticSeed = flag.Int64("synthetic-seed", 1, "the generator's seed for TestSynthetic")
)

// syntheticRegressions are generated reports that larger sweeps than
// TestSynthetic's once read wrong: seed and index.
var syntheticRegressions = [][2]int{
	// pipe tables pad a row to the table's width after its values
	{8, 4025},  // "| 行政事业性收费 | 13 |  |  |" read as the run 1, 3
	{1, 10586}, // the same, 15
	{1, 8775},  // "| 政府集中采购 |  | 161.18152 |  |": the amount read as the projects
	{1, 22119}, // "| 行政事业性收费 |  | 2 |  |": the change read as last year's items
}

func TestSynthetic(t *testing.T) {
	n := *syntheticN
	if testing.Short() {
		n = 120
	}
	cells, right, wrongN := 0, 0, 0
	perShape := map[string][2]int{}
	for i := 0; i < n+len(syntheticRegressions); i++ {
		seed, k := *syntheticSeed, i
		if i >= n {
			seed, k = int64(syntheticRegressions[i-n][0]), syntheticRegressions[i-n][1]
		}
		name, data, st := synth.Generate(seed, k)
		tr := synthTruth(t, st)
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
	t.Logf("%d synthetic reports: %d/%d cells right (%.2f%%), %d wrong; by shape %v", n+len(syntheticRegressions), right, cells, pct, wrongN, perShape)
	if pct < 99.5 {
		t.Errorf("cells right %.2f%%, want ≥ 99.5%%", pct)
	}
}

// synthTruth is a generated report's truth as the corpus's truths read.
func synthTruth(t *testing.T, st synth.Truth) truth {
	t.Helper()
	raw, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var tr truth
	if err := json.Unmarshal(raw, &tr); err != nil {
		t.Fatal(err)
	}
	return tr
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
