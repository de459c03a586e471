package parse_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/validate"
)

var update = flag.Bool("update", false, "rewrite the golden report JSON under testdata/golden")

// truth is the hand-read answer beside each corpus file (see testdata/corpus/README.md).
type truth struct {
	Agency   string                                       `json:"agency"`
	Year     int                                          `json:"year"`
	Template string                                       `json:"template"`
	Tables   map[string]map[string]map[string]interface{} `json:"tables"`
	Checks   map[string]string                            `json:"checks"`
}

type pair struct {
	name, path string
	data       []byte
	truth      truth
}

// corpus loads every report beside a *.truth.json in testdata/corpus/DIR.
func corpus(t testing.TB, dir string) []pair {
	truths, _ := filepath.Glob(filepath.Join("testdata", "corpus", dir, "*.truth.json"))
	if len(truths) == 0 {
		t.Fatalf("no truths in testdata/corpus/%s", dir)
	}
	var out []pair
	for _, tp := range truths {
		base := strings.TrimSuffix(tp, ".truth.json")
		var src string
		for _, ext := range []string{".txt", ".md", ".html"} {
			if _, err := os.Stat(base + ext); err == nil {
				src = base + ext
			}
		}
		var tr truth
		raw, err := os.ReadFile(tp)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &tr); err != nil {
			t.Fatal(tp, err)
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, pair{name: filepath.Base(src), path: src, data: data, truth: tr})
	}
	return out
}

// diff compares a report with its truth cell by cell: wrong numbers, and
// cells that should have a value (or should be null) but do not.
func diff(r *report.Report, tr truth) (wrong, missed []string, n int) {
	for tname, rows := range tr.Tables {
		for rname, cols := range rows {
			for cname, want := range cols {
				if want == "?" {
					continue
				}
				n++
				path := tname + "." + rname + "." + cname
				got, ok := r.Tables.Get(path)
				switch w := want.(type) {
				case nil:
					if ok {
						wrong = append(wrong, fmt.Sprintf("%s got %v want null", path, got))
					}
				case float64:
					switch {
					case !ok:
						missed = append(missed, fmt.Sprintf("%s got null want %v", path, w))
					case math.Abs(got-w) > 1e-6:
						wrong = append(wrong, fmt.Sprintf("%s got %v want %v", path, got, w))
					}
				}
			}
		}
	}
	sort.Strings(wrong)
	sort.Strings(missed)
	return
}

func parseChecked(t testing.TB, name string, data []byte) *report.Report {
	t.Helper()
	r, err := parse.File(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	validate.Report(r)
	return r
}

// readsAsTruth parses data as the file name and reports every way the
// report differs from tr: its meta, checks and cells.
func readsAsTruth(t *testing.T, name string, data []byte, tr truth) *report.Report {
	t.Helper()
	r := parseChecked(t, name, data)
	checkMeta(t, r, tr)
	wrong, missed, _ := diff(r, tr)
	for _, w := range append(wrong, missed...) {
		t.Error(w)
	}
	return r
}

// tally counts the cells of reports that may leave some null but must
// never give a wrong number (each wrong one is an error, named by label).
type tally struct{ total, right int }

func (c *tally) add(t *testing.T, label string, r *report.Report, tr truth) {
	t.Helper()
	wrong, missed, n := diff(r, tr)
	for _, w := range wrong {
		t.Errorf("%s: wrong number: %s", label, w)
	}
	c.total += n
	c.right += n - len(wrong) - len(missed)
}

// pct is the share of the cells read right.
func (c *tally) pct() float64 { return 100 * float64(c.right) / float64(c.total) }

func checkMeta(t *testing.T, r *report.Report, tr truth) {
	t.Helper()
	if r.Agency != tr.Agency || r.Year != tr.Year || r.Template != tr.Template {
		t.Errorf("meta (-want +got): agency %q/%q year %d/%d template %s/%s", tr.Agency, r.Agency, tr.Year, r.Year, tr.Template, r.Template)
	}
	got := map[string]string{}
	for _, c := range r.Checks {
		got[c.ID] = c.Status
	}
	for id, want := range tr.Checks {
		if got[id] != want {
			t.Errorf("check %s = %s, want %s", id, got[id], want)
		}
	}
}

// TestCorpus: every seed and real report reads exactly as its truth.
func TestCorpus(t *testing.T) {
	for _, dir := range []string{"seeds", "real"} {
		for _, p := range corpus(t, dir) {
			t.Run(dir+"/"+p.name, func(t *testing.T) {
				r := readsAsTruth(t, p.path, p.data, p.truth)
				golden(t, dir+"-"+p.name, r)
			})
		}
	}
}

// TestFlatCorpus: flattened reports never get a wrong number, and at
// least 95% of their readable cells are found (issue: flattened tables).
func TestFlatCorpus(t *testing.T) {
	var c tally
	for _, p := range corpus(t, "real-flat") {
		r := parseChecked(t, p.path, p.data)
		checkMeta(t, r, p.truth)
		c.add(t, p.name, r, p.truth)
		golden(t, "real-flat-"+p.name, r)
	}
	if pct := c.pct(); pct < 95 {
		t.Errorf("flattened cells right: %.2f%%, want ≥ 95%%", pct)
	} else {
		t.Logf("flattened cells right: %d/%d (%.2f%%)", c.right, c.total, pct)
	}
}

// TestEncodingShapes: the real and flattened reports read the same once
// re-encoded, with CRLF line ends, or with full-width digits (as some CMSs
// print them): the same cells as the file as it is, nulls included.
func TestEncodingShapes(t *testing.T) {
	for _, dir := range []string{"real", "real-flat"} {
		for _, p := range corpus(t, dir) {
			want, err := json.MarshalIndent(parseChecked(t, p.name, p.data).Tables, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range shapes {
				switch s.name {
				case "utf8-bom", "crlf", "gb18030", "fullwidth-digits":
				default:
					continue // shapes that rebuild tab-separated tables
				}
				t.Run(p.name+"/"+s.name, func(t *testing.T) {
					r := parseChecked(t, p.name, s.f(p.data))
					got, err := json.MarshalIndent(r.Tables, "", " ")
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got, want) {
						t.Errorf("cells differ from the file as it is:\n%s", firstDiff(string(want), string(got)))
					}
				})
			}
		}
	}
}

// TestHardWrapped: flattened reports hard-wrapped at a fixed width, which
// can cut a number in two ("24252.311" / "082"), never give a wrong number,
// and keep most cells.
func TestHardWrapped(t *testing.T) {
	for _, width := range []int{40, 77} {
		var c tally
		for _, p := range corpus(t, "real-flat") {
			var b strings.Builder
			for _, line := range strings.Split(string(p.data), "\n") {
				rs := []rune(line)
				for len(rs) > width {
					b.WriteString(string(rs[:width]) + "\n")
					rs = rs[width:]
				}
				b.WriteString(string(rs) + "\n")
			}
			c.add(t, fmt.Sprintf("width %d, %s", width, p.name), parseChecked(t, p.name, []byte(b.String())), p.truth)
		}
		if pct := c.pct(); pct < 90 {
			t.Errorf("width %d: cells right %.2f%%, want ≥ 90%%", width, pct)
		}
	}
}

// TestLabelTypos: the tab seeds with one character dropped from every
// row's label, as a typing slip would (three times, at random places): a label
// found by another of its words reads as before, one that cannot be found
// leaves its row null, and no number is ever wrong.
func TestLabelTypos(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	var c tally
	for trial := range 3 {
		for _, p := range corpus(t, "seeds") {
			if !bytes.Contains(p.data, []byte("\t")) {
				continue
			}
			var out []string
			for _, l := range strings.Split(string(p.data), "\n") {
				cells := strings.Split(l, "\t")
				for k, c := range cells {
					var han []int
					rs := []rune(c)
					for i, r := range rs {
						if unicode.Is(unicode.Han, r) {
							han = append(han, i)
						}
					}
					if len(cells) > 1 && len(han) > 4 {
						i := han[rng.Intn(len(han))]
						cells[k] = string(append(rs[:i:i], rs[i+1:]...))
						break
					}
				}
				out = append(out, strings.Join(cells, "\t"))
			}
			c.add(t, fmt.Sprintf("trial %d, %s", trial, p.name), parseChecked(t, p.name, []byte(strings.Join(out, "\n"))), p.truth)
		}
	}
	if pct := c.pct(); pct < 85 {
		t.Errorf("cells right %.2f%%, want ≥ 85%%", pct)
	} else {
		t.Logf("cells right %.2f%%", pct)
	}
}

// TestTablesAtTheEnd: the tab seeds with their tables taken out of parts
// 二, 三 and 四 and given together at the end (附表), after the prose of
// all six parts, read exactly as their truths.
func TestTablesAtTheEnd(t *testing.T) {
	for _, p := range corpus(t, "seeds") {
		if !bytes.Contains(p.data, []byte("\t")) {
			continue
		}
		t.Run(p.name, func(t *testing.T) {
			var prose, tables []string
			for _, l := range strings.Split(string(p.data), "\n") {
				if strings.Contains(l, "\t") {
					tables = append(tables, l)
				} else {
					prose = append(prose, l)
				}
			}
			text := strings.Join(prose, "\n") + "\n附表：\n" + strings.Join(tables, "\n") + "\n"
			readsAsTruth(t, p.name, []byte(text), p.truth)
		})
	}
}

// TestThousandsSpaces: 1926 printed with a space as thousands separator,
// plain or typographic (thin, narrow no-break, figure), reads 1926 — not
// 1, the digits before an unknown space; with another mark, or a dot, in a
// count column, it is null.
func TestThousandsSpaces(t *testing.T) {
	var seed pair
	for _, p := range corpus(t, "seeds") {
		if strings.HasPrefix(p.name, "jingxingkuang") {
			seed = p
		}
	}
	if !bytes.Contains(seed.data, []byte("1926")) {
		t.Fatal("jingxingkuang's 1926 is gone")
	}
	for _, sep := range []string{" ", "\u2009", "\u202f", "\u2007"} {
		data := bytes.ReplaceAll(seed.data, []byte("1926"), []byte("1"+sep+"926"))
		r := parseChecked(t, seed.name, data)
		if v, ok := r.Tables.Get("active.licensing.decisions"); !ok || v != 1926 {
			t.Errorf("1%q926: licensing %v (known %v), want 1926", sep, v, ok)
		}
	}
	// marks of other habits, and a dot in a count: null, never 1 or 1.926
	for _, sep := range []string{"·", "'", "."} {
		data := bytes.ReplaceAll(seed.data, []byte("1926"), []byte("1"+sep+"926"))
		r := parseChecked(t, seed.name, data)
		if v, ok := r.Tables.Get("active.licensing.decisions"); ok {
			t.Errorf("1%s926: licensing %v, want null", sep, v)
		}
	}
}

// golden compares the whole report object with testdata/golden/NAME.json.
func golden(t *testing.T, name string, r *report.Report) {
	t.Helper()
	got, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	// the path differs between a clone and ../shared; keep it out of the golden file
	got = bytes.ReplaceAll(got, []byte(r.Source.Path), []byte(filepath.Base(r.Source.Path)))
	file := filepath.Join("testdata", "golden", name+".json")
	if *update {
		os.MkdirAll(filepath.Dir(file), 0o755)
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from golden file (go test ./internal/parse -update to accept):\n%s", name, firstDiff(string(want), string(got)))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("length %d vs %d lines", len(al), len(bl))
}

// shapes rewrites a seed into the other input shapes of SPEC §1; each must
// read exactly as the seed's truth.
var shapes = []struct {
	name string
	ext  string
	f    func([]byte) []byte
}{
	{"utf8-bom", ".txt", func(b []byte) []byte { return append([]byte{0xEF, 0xBB, 0xBF}, b...) }},
	{"crlf", ".txt", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }},
	{"gb18030", ".txt", func(b []byte) []byte {
		out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b)
		if err != nil {
			panic(err)
		}
		return out
	}},
	{"fullwidth-digits", ".txt", func(b []byte) []byte {
		return []byte(strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r - '0' + '０'
			}
			return r
		}, string(b)))
	}},
	{"pipe-table", ".md", func(b []byte) []byte {
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "\t") {
				l = "| " + strings.ReplaceAll(strings.TrimRight(l, "\t"), "\t", " | ") + " |"
			}
			out = append(out, l)
		}
		return []byte(strings.Join(out, "\n"))
	}},
	{"box-table", ".txt", func(b []byte) []byte { // a table drawn with box characters, rules between rows
		var out []string
		inTable := false
		for _, l := range strings.Split(string(b), "\n") {
			if !strings.Contains(l, "\t") {
				if inTable {
					out = append(out, "└────┴────┘")
				}
				inTable = false
				out = append(out, l)
				continue
			}
			if inTable {
				out = append(out, "├────┼────┤")
			} else {
				out = append(out, "┌────┬────┐")
			}
			inTable = true
			out = append(out, "│"+strings.ReplaceAll(strings.TrimRight(l, "\t"), "\t", "│")+"│")
		}
		return []byte(strings.Join(out, "\n"))
	}},
	{"grid-table", ".md", func(b []byte) []byte { // pandoc's grid table: each cell's text wrapped at 8 runes
		var out []string
		inTable := false
		for _, l := range strings.Split(string(b), "\n") {
			if !strings.Contains(l, "\t") {
				inTable = false
				out = append(out, l)
				continue
			}
			cells := strings.Split(strings.TrimRight(l, "\t"), "\t")
			rule := "+" + strings.Repeat("--------+", len(cells))
			if !inTable {
				out = append(out, rule)
			}
			inTable = true
			var pieces [][]string
			lines := 1
			for _, c := range cells {
				var p []string
				for rs := []rune(c); len(rs) > 0; rs = rs[min(8, len(rs)):] {
					p = append(p, string(rs[:min(8, len(rs))]))
				}
				pieces = append(pieces, p)
				lines = max(lines, len(p))
			}
			for k := range lines {
				var row []string
				for _, p := range pieces {
					if k < len(p) {
						row = append(row, p[k])
					} else {
						row = append(row, "")
					}
				}
				out = append(out, "| "+strings.Join(row, " | ")+" |")
			}
			out = append(out, rule)
		}
		return []byte(strings.Join(out, "\n"))
	}},
	{"csv-table", ".txt", func(b []byte) []byte { // tables saved from a spreadsheet as CSV
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "\t") {
				var row bytes.Buffer
				w := csv.NewWriter(&row)
				w.Write(strings.Split(l, "\t"))
				w.Flush()
				l = strings.TrimSuffix(row.String(), "\n")
			}
			out = append(out, l)
		}
		return []byte(strings.Join(out, "\n"))
	}},
	{"fullwidth-bar-table", ".txt", func(b []byte) []byte { // ｜ for | (typed with a Chinese input method)
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "\t") {
				l = "｜" + strings.ReplaceAll(strings.TrimRight(l, "\t"), "\t", "｜") + "｜"
			}
			out = append(out, l)
		}
		return []byte(strings.Join(out, "\n"))
	}},
	{"values-per-line", ".txt", func(b []byte) []byte { // text from a PDF: a label line, then one value per line
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			if !strings.Contains(l, "\t") {
				out = append(out, l)
				continue
			}
			var label []string
			var vals []string
			for _, c := range strings.Split(l, "\t") {
				switch c = strings.TrimSpace(c); {
				case c == "":
				case strings.Trim(c, "0123456789.-") == "":
					vals = append(vals, c)
				default:
					label = append(label, c)
				}
			}
			if len(label) > 0 {
				out = append(out, strings.Join(label, " "))
			}
			out = append(out, vals...)
		}
		return []byte(strings.Join(out, "\n"))
	}},
	{"space-columns", ".txt", func(b []byte) []byte { // pdftotext -layout: columns apart by runs of spaces
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			var cells []string
			for _, c := range strings.Split(l, "\t") {
				if c = strings.TrimSpace(c); c != "" {
					cells = append(cells, c)
				}
			}
			out = append(out, strings.Join(cells, "    "))
		}
		return []byte(strings.Join(out, "\n"))
	}},
	{"html-table", ".html", func(b []byte) []byte {
		var out strings.Builder
		out.WriteString("<!DOCTYPE html><html><head><meta charset=utf-8><title>x</title></head><body>\n")
		inTable := false
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "\t") {
				if !inTable {
					out.WriteString("<table>")
					inTable = true
				}
				out.WriteString("<tr>")
				for _, c := range strings.Split(strings.TrimRight(l, "\t"), "\t") {
					fmt.Fprintf(&out, "<td><p><span>%s&nbsp;</span></p></td>", c)
				}
				out.WriteString("</tr>\n")
				continue
			}
			if inTable {
				out.WriteString("</table>\n")
				inTable = false
			}
			fmt.Fprintf(&out, "<p>%s</p>\n", l)
		}
		return []byte(out.String())
	}},
}

func TestShapes(t *testing.T) {
	for _, p := range corpus(t, "seeds") {
		for _, s := range shapes {
			if s.name == "html-table" && strings.HasPrefix(p.name, "haizhou") {
				continue // its short rows are only readable as shifted tab text
			}
			if s.name == "values-per-line" && strings.HasPrefix(p.name, "haizhou") || strings.HasPrefix(p.name, "zhanhe") && (s.name == "values-per-line" || s.name == "space-columns") {
				continue // blank cells and short rows cannot be told apart once each value has its own line
			}
			if (strings.HasSuffix(s.name, "-table") || s.name == "values-per-line" || s.name == "space-columns") && !bytes.Contains(p.data, []byte("\t")) {
				continue // not a tab-separated seed: nothing to turn into a table
			}
			t.Run(p.name+"/"+s.name, func(t *testing.T) {
				name := strings.TrimSuffix(p.name, filepath.Ext(p.name)) + "-" + s.name + s.ext
				r := readsAsTruth(t, name, s.f(p.data), p.truth)
				if s.name == "gb18030" && r.Source.Encoding != "gb18030" {
					t.Errorf("encoding %q, want gb18030", r.Source.Encoding)
				}
			})
		}
	}
}

func BenchmarkParse(b *testing.B) {
	for _, dir := range []string{"seeds", "real", "real-flat"} {
		for _, p := range corpus(b, dir) {
			b.Run(p.name, func(b *testing.B) {
				b.SetBytes(int64(len(p.data)))
				for i := 0; i < b.N; i++ {
					r, err := parse.File(p.path, p.data)
					if err != nil {
						b.Fatal(err)
					}
					validate.Report(r)
				}
			})
		}
	}
}
