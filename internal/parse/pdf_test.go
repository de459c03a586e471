package parse_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/synth"
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
	for _, m := range modes {
		mode, min := m.name, m.min
		// a seed with no tab table (jingxingkuang) has nothing to print
		c, read := tallyDerived(t, "pdf", "."+mode+".txt", nil)
		if read < 6 {
			t.Errorf("%s: %d reports in testdata/pdf, want 6", mode, read)
		}
		if c.pct() < min {
			t.Errorf("%s: %.2f%% of cells right, want ≥ %.1f%%", mode, c.pct(), min)
		}
		t.Logf("%s: %d/%d cells right (%.2f%%)", mode, c.right, c.total, c.pct())
	}
}

// TestPDFSynthetic: generated HTML reports (seed 11, as cmd/gkgen -seed 11
// -shapes html writes them) printed to PDF and read back laid out
// (testdata/pdf/synthetic, by scripts/pdf-fixtures.sh), against the values
// they were generated from: blank cells anywhere, 无 and / for zero, both
// templates, Traditional characters, full-width digits. None may be wrong.
func TestPDFSynthetic(t *testing.T) {
	gen := synth.Generator{Seed: 11, Shapes: []string{"html"}}
	var c tally
	for k := range 30 {
		name, _, st := gen.Generate(k)
		name = strings.TrimSuffix(name, filepath.Ext(name)) + ".txt"
		data, err := os.ReadFile(filepath.Join("testdata", "pdf", "synthetic", name))
		if err != nil {
			t.Fatal(err)
		}
		tr := synthTruth(t, st)
		r := parseChecked(t, name, data)
		if r.Agency != tr.Agency || r.Year != tr.Year || r.Template != tr.Template {
			t.Errorf("%s: meta %q %d %s, want %q %d %s", name, r.Agency, r.Year, r.Template, tr.Agency, tr.Year, tr.Template)
		}
		c.add(t, name, r, tr)
	}
	if c.pct() < 92.5 {
		t.Errorf("%.2f%% of cells right, want ≥ 92.5%%", c.pct())
	}
	t.Logf("%d/%d cells right (%.2f%%)", c.right, c.total, c.pct())
}

// TestWordText: the seeds and real reports opened as a Word document and
// saved as text (testdata/word, by scripts/word-fixtures.sh), which prints
// a table one cell per line and a blank cell as an empty line, never give
// a wrong number. haizhou is left out: its rows one cell short are padded
// by the page to full rows whose last cell is blank, and read as such.
func TestWordText(t *testing.T) {
	c, read := tallyDerived(t, "word", ".txt", func(name string) bool { return strings.HasPrefix(name, "haizhou") })
	if read < 5 {
		t.Errorf("%d reports in testdata/word, want 5", read)
	}
	if c.pct() < 100 {
		t.Errorf("%.2f%% of cells right, want 100%%", c.pct())
	}
	t.Logf("%d/%d cells right (%.2f%%)", c.right, c.total, c.pct())
}

// tallyDerived reads, for each seed and real report, the file made from it
// in testdata/DIR (its name, less its extension, and suffix), where there is
// one and skip (if any) keeps it: its agency and year checked and its cells
// tallied. read is how many were read.
func tallyDerived(t *testing.T, dir, suffix string, skip func(name string) bool) (c tally, read int) {
	t.Helper()
	for _, cdir := range []string{"seeds", "real"} {
		for _, p := range corpus(t, cdir) {
			name := strings.TrimSuffix(p.name, filepath.Ext(p.name)) + suffix
			data, err := os.ReadFile(filepath.Join("testdata", dir, name))
			if os.IsNotExist(err) || skip != nil && skip(name) {
				continue
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
	}
	return c, read
}
