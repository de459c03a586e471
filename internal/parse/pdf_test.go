package parse_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPDFText: reports printed to PDF and read back by pdftotext
// (testdata/pdf, made by scripts/pdf-fixtures.sh from the seeds and the
// real HTML reports, laid out also from pages printed smaller, larger,
// narrower and wider) never give a wrong number, and read at least the
// share of their cells given here. Laid out (-layout), a table keeps its
// rows but its labels wrap around the values; in reading order each cell
// is a line of its own, and the order of labels and values is the PDF's.
func TestPDFText(t *testing.T) {
	modes := []struct {
		name string
		min  float64
	}{
		{"layout", 95.7}, {"layout-small", 95.7}, {"layout-big", 95.7},
		{"layout-narrow", 95.7}, {"layout-wide", 95.1}, {"raw", 35},
	}
	var pairs []pair
	for _, dir := range []string{"seeds", "real"} {
		pairs = append(pairs, corpus(t, dir)...)
	}
	for _, m := range modes {
		mode, min := m.name, m.min
		var c tally
		read := 0
		for _, p := range pairs {
			name := strings.TrimSuffix(p.name, filepath.Ext(p.name)) + "." + mode + ".txt"
			data, err := os.ReadFile(filepath.Join("testdata", "pdf", name))
			if os.IsNotExist(err) {
				continue // a seed with no tab table (jingxingkuang): nothing to print
			} else if err != nil {
				t.Fatal(err)
			}
			read++
			r := parseChecked(t, name, data)
			if r.Agency != p.truth.Agency || r.Year != p.truth.Year {
				t.Errorf("%s: agency %q year %d, want %q %d", name, r.Agency, r.Year, p.truth.Agency, p.truth.Year)
			}
			c.add(t, name, r, p.truth)
		}
		if read < 6 {
			t.Errorf("%s: %d reports in testdata/pdf, want 6", mode, read)
		}
		if c.pct() < min {
			t.Errorf("%s: %.2f%% of cells right, want ≥ %.1f%%", mode, c.pct(), min)
		}
		t.Logf("%s: %d/%d cells right (%.2f%%)", mode, c.right, c.total, c.pct())
	}
}
