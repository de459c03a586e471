package flat

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// realFlat is one report of corpus/real-flat: the runs the parser cuts out,
// and the hand-read truth ("?" = must stay null).
type realFlat struct {
	Template     string             `json:"template"`
	Active       [][2]string        `json:"active"`
	Requests     [][2]string        `json:"requests"`
	Review       string             `json:"review"`
	Hints        map[string]float64 `json:"hints"`
	NotDerivable map[string]string  `json:"not_derivable"` // truth cells settled only by another file
	Truth        map[string]any     `json:"truth"`
}

func runs(pairs [][2]string) []Run {
	var out []Run
	for _, p := range pairs {
		out = append(out, Run{Key: p[0], Text: p[1]})
	}
	return out
}

func TestRealFlat(t *testing.T) {
	files, _ := filepath.Glob("testdata/*_flat.json")
	if len(files) != 7 {
		t.Fatalf("want 7 real-flat reports, got %d", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var rf realFlat
			if err := json.Unmarshal(b, &rf); err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			inferred := map[string]bool{}
			var msgs []string
			for table, r := range map[string]Result{
				"active":   Active(runs(rf.Active), rf.Template, rf.Hints),
				"requests": Requests(runs(rf.Requests), rf.Template),
				"review":   Review(rf.Review),
			} {
				for k, v := range r.Cells {
					got[table+"."+k] = v
				}
				for _, k := range r.Inferred {
					if _, ok := r.Cells[k]; !ok {
						t.Errorf("%s.%s inferred but null", table, k)
					}
					inferred[table+"."+k] = true
				}
				if m := r.Message(); m != "" {
					msgs = append(msgs, table+": "+m)
				}
			}
			for path, want := range rf.Truth {
				v, has := got[path]
				switch w := want.(type) {
				case float64:
					if has && v != w {
						t.Errorf("%s = %v, WRONG (truth %v)", path, v, w)
					}
					if !has && rf.NotDerivable[path] == "" {
						t.Errorf("%s missing (truth %v)", path, w)
					}
				case string:
					if has {
						t.Errorf("%s = %v, truth says ambiguous (%q)", path, v, w)
					}
				}
			}
			for path := range got {
				if _, ok := rf.Truth[path]; !ok {
					t.Errorf("%s not in the truth", path)
				}
			}
			// A row printed with one digit per cell needed nothing inferred.
			for _, p := range rf.Requests {
				if len(strings.Join(strings.Fields(p[1]), "")) == 7 && inferred["requests."+p[0]+".natural"] {
					t.Errorf("%s (%q) marked inferred", p[0], p[1])
				}
				if len(strings.Join(strings.Fields(p[1]), "")) > 7 && !inferred["requests."+p[0]+".natural"] {
					t.Errorf("%s (%q) not marked inferred", p[0], p[1])
				}
			}
			t.Logf("%d cells, %d inferred", len(got), len(inferred))
			for _, m := range msgs {
				t.Log(m)
			}
		})
	}
}

func TestReadings(t *testing.T) {
	for _, c := range []struct {
		run  string
		n    int
		want [][]float64
	}{
		{"000", 3, [][]float64{{0, 0, 0}}},
		{"2293 ", 1, [][]float64{{2293}}},
		{"35-15", 2, [][]float64{{35, -15}}},
		{"350", 2, [][]float64{{3, 50}, {35, 0}}},
		{"0.50", 1, [][]float64{{0.5}}},
		{"105", 2, [][]float64{{10, 5}}}, // "1","05" has a leading zero
		{"1.5", 2, nil},                  // a point never starts or ends a number
		{"12", 3, nil},                   // fewer digits than numbers
		{"5—5", 3, [][]float64{{5, 0, 5}}},
		{"5-", 2, [][]float64{{5, 0}}},     // a dash before no digit is a printed 0
		{"5 - 5", 2, [][]float64{{5, -5}}}, // before a digit it is a sign, spaces or not
		{"１２", 1, [][]float64{{12}}},
		{"12a", 1, nil},
		{"9116.36万元", 1, [][]float64{{9116.36}}},
	} {
		got := Readings(c.run, c.n)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Readings(%q, %d) = %v, want %v", c.run, c.n, got, c.want)
		}
	}
	// A long run with no identity: too many readings to list.
	if got := Readings(strings.Repeat("1", 60), 7); got != nil {
		t.Errorf("60 ones into 7: %d readings listed, want none (count explodes)", len(got))
	}
}

// cells is a compact way to write expected cells.
func row7(key string, v ...float64) map[string]float64 {
	cols := []string{"natural", "commercial", "research", "social", "legal", "other", "total"}
	m := map[string]float64{}
	for i, x := range v {
		m[key+"."+cols[i]] = x
	}
	return m
}

func hasAll(t *testing.T, got, want map[string]float64) {
	t.Helper()
	for k, w := range want {
		if v, ok := got[k]; !ok || v != w {
			t.Errorf("%s = %v (present %v), want %v", k, v, ok, w)
		}
	}
}

func hasNone(t *testing.T, got map[string]float64, prefix string) {
	t.Helper()
	for k, v := range got {
		if strings.HasPrefix(k, prefix) {
			t.Errorf("%s = %v, want null", k, v)
		}
	}
}

// zeros21 is a 2021 table 三 with every row zero except the ones given.
func zeros21(set map[string]string) []Run {
	keys := []string{"new", "carried_over", "granted", "partial",
		"denied_state_secret", "denied_prohibited", "denied_security", "denied_third_party",
		"denied_internal", "denied_process", "denied_enforcement_file", "denied_query",
		"unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
		"rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation",
		"other_no_correction", "other_no_fee", "other_other", "total", "carried_forward"}
	var out []Run
	for _, k := range keys {
		text, ok := set[k]
		if !ok {
			text = "0000000"
		}
		out = append(out, Run{Key: k, Text: text})
	}
	return out
}

func TestRequestsUnique(t *testing.T) {
	r := Requests(zeros21(map[string]string{
		"new": "640020470", "granted": "640020470", "total": "640020470",
	}), "2021")
	hasAll(t, r.Cells, row7("new", 64, 0, 0, 2, 0, 4, 70))
	if len(r.Ambiguous) != 0 {
		t.Errorf("ambiguous: %s", r.Message())
	}
	if !slices.Contains(r.Inferred, "new.natural") || slices.Contains(r.Inferred, "carried_over.natural") {
		t.Errorf("inferred = %v", r.Inferred)
	}
	if r.Inferred[0] != "new.natural" || r.Inferred[len(r.Inferred)-1] != "total.total" {
		t.Errorf("inferred not in template order: %v", r.Inferred)
	}
}

// 04's 予以公开 '270020130' reads 27,0,0,2,0,1,30 or 2,7,0,0,20,1,30 under its
// row sum; only the first fits the table's (七)总计 '630020469'.
func TestRequestsColumnIdentities(t *testing.T) {
	r := Requests(zeros21(map[string]string{
		"new": "640020470", "granted": "270020130", "partial": "5000005",
		"denied_internal": "1000001", "denied_enforcement_file": "6000006", "denied_query": "1000001",
		"unavailable_not_held": "220000325", "other_other": "1000001",
		"total": "630020469", "carried_forward": "1000001",
	}), "2021")
	hasAll(t, r.Cells, row7("granted", 27, 0, 0, 2, 0, 1, 30))
	hasAll(t, r.Cells, row7("unavailable_not_held", 22, 0, 0, 0, 0, 3, 25))
	if len(r.Ambiguous) != 0 {
		t.Errorf("ambiguous: %s", r.Message())
	}

	// Without (七)总计 and 结转, nothing settles 予以公开: it stays null, except
	// the cells both readings share.
	rows := zeros21(map[string]string{"granted": "270020130"})
	rows = slices.DeleteFunc(rows, func(r Run) bool { return r.Key == "total" })
	r = Requests(rows, "2021")
	hasAll(t, r.Cells, map[string]float64{"granted.research": 0, "granted.other": 1, "granted.total": 30})
	for _, c := range []string{"natural", "commercial", "social", "legal"} {
		if v, ok := r.Cells["granted."+c]; ok {
			t.Errorf("granted.%s = %v, want null", c, v)
		}
	}
	if len(r.Ambiguous) != 1 || r.Ambiguous[0].Row != "granted" || r.Ambiguous[0].Count != 2 {
		t.Fatalf("ambiguous = %+v", r.Ambiguous)
	}
	m := r.Message()
	if !strings.Contains(m, "（一）予以公开 有 2 种读法") || !strings.Contains(m, "27,0,0,2,0,1,30") {
		t.Errorf("message %q", m)
	}
}

// Two rows that can swap their readings without breaking any identity.
func TestRequestsTrulyAmbiguous(t *testing.T) {
	// granted 2,20,0,0,0,0,22 or 22,0,…,22; partial the same: the column
	// totals only fix the sums, and two combinations stay.
	r := Requests(zeros21(map[string]string{
		"new": "2420000044", "granted": "220000022", "partial": "220000022",
		"total": "2420000044",
	}), "2021")
	if _, ok := r.Cells["granted.natural"]; ok {
		t.Errorf("granted.natural = %v, want null", r.Cells["granted.natural"])
	}
	hasAll(t, r.Cells, row7("new", 24, 20, 0, 0, 0, 0, 44))
	if len(r.Ambiguous) != 2 {
		t.Errorf("ambiguous = %+v", r.Ambiguous)
	}
}

func TestRequestsDashes(t *testing.T) {
	// Cells printed as a dash mean 0; counts are never negative, so a dash
	// before a digit is a 0 here too.
	r := Requests(zeros21(map[string]string{
		"new": "5-----5", "granted": "3 — — — — 1 4", "total": "5/////5",
	}), "2021")
	hasAll(t, r.Cells, row7("new", 5, 0, 0, 0, 0, 0, 5))
	hasAll(t, r.Cells, row7("granted", 3, 0, 0, 0, 0, 1, 4))
	hasAll(t, r.Cells, row7("total", 5, 0, 0, 0, 0, 0, 5))
}

// Rows read cleanly elsewhere are context, not runs: "1 11" joined with
// spaces would read two ways, Known cannot.
func TestRequestsKnownRows(t *testing.T) {
	rows := zeros21(map[string]string{"granted": "111000012"}) // 1,11,0,0,0,0,12 or 11,1,0,0,0,0,12
	for i, r := range rows {
		switch r.Key {
		case "new", "total":
			rows[i] = Run{Key: r.Key, Known: []float64{11, 1, 0, 0, 0, 0, 12}}
		}
	}
	r := Requests(rows, "2021")
	hasAll(t, r.Cells, row7("granted", 11, 1, 0, 0, 0, 0, 12))
	hasAll(t, r.Cells, row7("new", 11, 1, 0, 0, 0, 0, 12))
	for _, p := range r.Inferred {
		if strings.HasPrefix(p, "new.") || strings.HasPrefix(p, "total.") {
			t.Errorf("known cell %s marked inferred", p)
		}
	}
	if len(r.Ambiguous) != 0 {
		t.Errorf("ambiguous: %s", r.Message())
	}
	a := Active([]Run{{Key: "fees", Known: []float64{12.5}}, {Key: "rules", Known: []float64{1}}}, "2021", nil)
	hasAll(t, a.Cells, map[string]float64{"fees.amount": 12.5})
	if len(a.Ambiguous) != 1 || a.Ambiguous[0].Row != "rules" {
		t.Errorf("ambiguous %+v", a.Ambiguous)
	}
}

func TestRequestsBrokenRows(t *testing.T) {
	r := Requests(zeros21(map[string]string{
		"granted":      "123",     // fewer digits than columns
		"partial":      "1000002", // no reading adds up
		"denied_query": "1,00",    // not a number
	}), "2021")
	hasNone(t, r.Cells, "granted.")
	hasNone(t, r.Cells, "partial.")
	hasNone(t, r.Cells, "denied_query.")
	if len(r.Ambiguous) != 3 {
		t.Fatalf("ambiguous = %+v", r.Ambiguous)
	}
	for _, a := range r.Ambiguous {
		if a.Count != 0 || a.Reason == "" {
			t.Errorf("%+v", a)
		}
	}
	if m := r.Message(); !strings.Contains(m, "数字少于栏数") {
		t.Errorf("message %q", m)
	}
}

func TestRequests2019(t *testing.T) {
	// 03: the outcome rows do not add up to (七)总计 in the natural-person
	// column (a misprint); every row is still read as printed.
	b, _ := os.ReadFile("testdata/03_pingtan_2020_flat.json")
	var rf realFlat
	if err := json.Unmarshal(b, &rf); err != nil {
		t.Fatal(err)
	}
	r := Requests(runs(rf.Requests), "2019")
	hasAll(t, r.Cells, row7("other", 4, 0, 0, 0, 0, 0, 4))
	hasAll(t, r.Cells, row7("total", 20, 0, 0, 0, 0, 1, 21))
}

func TestReview(t *testing.T) {
	for _, c := range []struct {
		run  string
		want []float64 // nil: all null
	}{
		{"10203120001200000", []float64{1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0}},
		{"21317000001324019", []float64{2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19}},
		{"25380363300630003", []float64{25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3}},
		{"110024001510102", []float64{1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2}},
		{" 0 1 1 0 2 1 0 0 0 1 0 0 0 0 0 ", []float64{0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0}},
		{"00000", nil},
		{"1111111111111111111111111", nil},
	} {
		r := Review(c.run)
		keys := []string{"review", "litigation_direct", "litigation_after_review"}
		cols := []string{"upheld", "corrected", "other", "pending", "total"}
		for i, w := range c.want {
			k := keys[i/5] + "." + cols[i%5]
			if v, ok := r.Cells[k]; !ok || v != w {
				t.Errorf("Review(%q) %s = %v (present %v), want %v", c.run, k, v, ok, w)
			}
		}
		if c.want == nil && len(r.Cells) != 0 {
			t.Errorf("Review(%q) = %v, want all null", c.run, r.Cells)
		}
		if c.want == nil && len(r.Ambiguous) != 3 {
			t.Errorf("Review(%q) ambiguous = %+v", c.run, r.Ambiguous)
		}
		if c.want != nil && len(r.Ambiguous) != 0 {
			t.Errorf("Review(%q): %s", c.run, r.Message())
		}
	}
	// 15 digits for 15 cells: nothing had to be inferred; 17 digits: all.
	if r := Review("110024001510102"); len(r.Inferred) != 0 {
		t.Errorf("inferred %v", r.Inferred)
	}
	if r := Review("10203120001200000"); len(r.Inferred) != 15 || r.Inferred[0] != "review.upheld" {
		t.Errorf("inferred %v", r.Inferred)
	}
}

func TestActive(t *testing.T) {
	rows := []Run{
		{Key: "rules", Text: "000"},
		{Key: "normative_docs", Text: "8855698"},
		{Key: "licensing", Text: "2293 "},
		{Key: "penalties", Text: "1282"},
		{Key: "enforcement", Text: "0"},
		{Key: "fees", Text: "251000元"},
	}
	r := Active(rows, "2021", map[string]float64{"normative_docs.issued": 88, "normative_docs.in_force": 698})
	hasAll(t, r.Cells, map[string]float64{
		"rules.issued": 0, "rules.repealed": 0, "rules.in_force": 0,
		"normative_docs.issued": 88, "normative_docs.repealed": 55, "normative_docs.in_force": 698,
		"licensing.decisions": 2293, "penalties.decisions": 1282, "enforcement.decisions": 0,
		"fees.amount": 25.1,
	})
	if !reflect.DeepEqual(r.Inferred, []string{"normative_docs.issued", "normative_docs.repealed", "normative_docs.in_force"}) {
		t.Errorf("inferred %v", r.Inferred)
	}

	// Without the hints the row is ambiguous; a hint that fits no reading is
	// dropped and reported, the others still apply (06: 393 ≠ any split).
	r = Active([]Run{{Key: "normative_docs", Text: "77132470"}}, "2021",
		map[string]float64{"normative_docs.issued": 77, "normative_docs.in_force": 393})
	hasAll(t, r.Cells, map[string]float64{"normative_docs.issued": 77})
	hasNone(t, r.Cells, "normative_docs.repealed")
	hasNone(t, r.Cells, "normative_docs.in_force")
	if len(r.Ambiguous) != 1 || r.Ambiguous[0].Count != 5 || !strings.Contains(r.Ambiguous[0].Reason, "393") {
		t.Errorf("ambiguous %+v", r.Ambiguous)
	}

	// 2019: signs only in 本年增/减, decimals only in amounts, 元 → 万元.
	r = Active([]Run{
		{Key: "penalties", Text: "2648-18538"},
		{Key: "fees", Text: "35-15"},
		{Key: "other_services", Text: "100153"},
		{Key: "procurement", Text: "075394432.52元"}, // 0 projects: "0" cannot lead a number
		{Key: "enforcement", Text: "5-"},            // too few numbers
	}, "2019", nil)
	hasAll(t, r.Cells, map[string]float64{
		"penalties.prev_items": 2648, "fees.prev_items": 35, "fees.change": -15,
		"procurement.projects": 0, "procurement.amount": 7539.443252,
	})
	hasNone(t, r.Cells, "penalties.change")
	hasNone(t, r.Cells, "other_services.")
	hasNone(t, r.Cells, "enforcement.")

	// A decimal in a count column, 元 outside an amount: no reading.
	r = Active([]Run{{Key: "licensing", Text: "22.5"}, {Key: "penalties", Text: "100元"}}, "2021", nil)
	if len(r.Cells) != 0 || len(r.Ambiguous) != 2 {
		t.Errorf("cells %v, ambiguous %+v", r.Cells, r.Ambiguous)
	}
	// Decimals in 万元, one column: unique.
	r = Active([]Run{{Key: "fees", Text: "24252.311082"}}, "2021", nil)
	hasAll(t, r.Cells, map[string]float64{"fees.amount": 24252.311082})
	if len(r.Inferred) != 0 {
		t.Errorf("inferred %v", r.Inferred)
	}
}

func TestStraySpaces(t *testing.T) {
	// Spaces never decide: '230 000023' reads as if the space were absent,
	// and a space inside a number ("2 3") does not split it.
	r := Requests(zeros21(map[string]string{
		"new": "230 000023", "granted": "2 3 0 00 0 0 23", "total": "23 0 00 0 023",
	}), "2021")
	hasAll(t, r.Cells, row7("new", 23, 0, 0, 0, 0, 0, 23))
	hasAll(t, r.Cells, row7("granted", 23, 0, 0, 0, 0, 0, 23))
	hasAll(t, r.Cells, row7("total", 23, 0, 0, 0, 0, 0, 23))
}

// sameDigits says whether the numbers, written back, spell the run.
func spells(run string, reading []float64) bool {
	s, _, ok := clean(run)
	if !ok {
		return false
	}
	var b strings.Builder
	for _, v := range reading {
		b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
	}
	want := strings.ReplaceAll(string(s), string(rune(zeroMark)), "0")
	return b.String() == want
}

func FuzzReadings(f *testing.F) {
	for _, s := range []string{"640020470", "2648-18538", "24252.311082", "13575394432.52元", "500000 5", "0.50", "—-5", "-", "1..2"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, run string, n int) {
		n = int(uint(n)%20) + 1
		s, _, ok := clean(run)
		cols := make([]colSpec, n)
		for i := range cols {
			cols[i] = colSpec{neg: true, dec: true}
		}
		for _, r := range Readings(run, n) {
			if len(r) != n {
				t.Fatalf("%q: reading %v has %d numbers", run, r, len(r))
			}
			if !ok {
				t.Fatalf("%q: reading of an unclean run", run)
			}
			// Integers (and decimals without trailing zeros) must spell the run back.
			if !strings.Contains(string(s), ".") && !spells(run, r) {
				t.Fatalf("%q: reading %v does not spell the run", run, r)
			}
		}
		if ok {
			sp := newSplitter(s, cols)
			sp.checkTiles(t, run)
		}
	})
}

// checkTiles walks the splitter's readings as spans and checks that they tile
// the run exactly.
func (sp *splitter) checkTiles(t *testing.T, run string) {
	if sp.count() > 2000 {
		return
	}
	var walk func(k, i int)
	walk = func(k, i int) {
		if k == len(sp.cols) {
			if i != len(sp.s) {
				t.Fatalf("%q: reading ends at %d of %d", run, i, len(sp.s))
			}
			return
		}
		for _, x := range sp.nums[k][i] {
			if x.end <= i {
				t.Fatalf("%q: empty number at %d", run, i)
			}
			tok := string(sp.s[i:x.end])
			if tok != string(rune(zeroMark)) {
				v, err := strconv.ParseFloat(tok, 64)
				if err != nil || v != x.val {
					t.Fatalf("%q: span %q read as %v", run, tok, x.val)
				}
			}
			if sp.cnt[k+1][x.end] > 0 {
				walk(k+1, x.end)
			}
		}
	}
	walk(0, 0)
}

func FuzzRequests(f *testing.F) {
	f.Add("640020470", "270020130", "630020469", "1000001")
	f.Add("230 000023", "7000007", "23 0 00 0 023", " 0 0 00 00 0 ")
	f.Add("", "1", "-5", "1.5元")
	f.Fuzz(func(t *testing.T, a, b, c, d string) {
		r := Requests(zeros21(map[string]string{"new": a, "granted": b, "total": c, "carried_forward": d}), "2021")
		// Every complete row read must add up.
		for _, key := range []string{"new", "granted", "total", "carried_forward"} {
			sum, n := 0.0, 0
			for _, col := range []string{"natural", "commercial", "research", "social", "legal", "other"} {
				if v, ok := r.Cells[key+"."+col]; ok {
					sum += v
					n++
					if v < 0 || v != float64(int64(v)) {
						t.Fatalf("%s.%s = %v", key, col, v)
					}
				}
			}
			if tot, ok := r.Cells[key+".total"]; ok && n == 6 && sum != tot {
				t.Fatalf("%s: cells add up to %v, total %v", key, sum, tot)
			}
		}
		_ = r.Message()
		_ = Review(a + b + c)
	})
}

func benchRows(b *testing.B, name string) realFlat {
	data, err := os.ReadFile("testdata/" + name + ".json")
	if err != nil {
		b.Fatal(err)
	}
	var rf realFlat
	if err := json.Unmarshal(data, &rf); err != nil {
		b.Fatal(err)
	}
	return rf
}

func BenchmarkRequests(b *testing.B) {
	rf := benchRows(b, "09_pingtan_2025_flat")
	rows := runs(rf.Requests)
	for b.Loop() {
		Requests(rows, rf.Template)
	}
}

func BenchmarkRequests04(b *testing.B) {
	rf := benchRows(b, "04_pingtan_2021_flat") // two rows settled by the joint step
	rows := runs(rf.Requests)
	for b.Loop() {
		Requests(rows, rf.Template)
	}
}

func BenchmarkReview(b *testing.B) {
	rf := benchRows(b, "09_pingtan_2025_flat")
	for b.Loop() {
		Review(rf.Review)
	}
}

func BenchmarkActive(b *testing.B) {
	rf := benchRows(b, "02_pingtan_2019_flat")
	rows := runs(rf.Active)
	for b.Loop() {
		Active(rows, rf.Template, nil)
	}
}

// The sum DP must find exactly what brute force over all splits finds.
func TestSumReadingsBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	found := 0
	for range 3000 {
		m := 2 + rng.IntN(6)
		var b []byte
		if rng.IntN(2) == 0 { // a row that adds up, like the real ones
			sum := 0
			for range m - 1 {
				v := []int{0, 0, 0, 1, 2, 3, 7, 10, 12, 20, 45, 100, 301}[rng.IntN(13)]
				sum += v
				b = strconv.AppendInt(b, int64(v), 10)
			}
			b = strconv.AppendInt(b, int64(sum), 10)
		} else {
			b = make([]byte, m+rng.IntN(8))
			for i := range b {
				b[i] = "0000111223456789"[rng.IntN(16)]
			}
		}
		n := len(b)
		run := string(b)
		var want [][]float64
		for _, r := range Readings(run, m) {
			ok, sum := true, 0.0
			for _, v := range r[:m-1] {
				if v < 0 || v != float64(int64(v)) {
					ok = false
				}
				sum += v
			}
			if ok && sum == r[m-1] {
				want = append(want, r)
			}
		}
		budget := maxStates
		reads, count := sumReadings(b, 0, n, m, maxEnum, &budget)
		var got [][]float64
		for _, r := range reads {
			got = append(got, toFloats(r))
		}
		sortReads(got)
		sortReads(want)
		if count != len(want) || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q into %d: got %v (count %d), want %v", run, m, got, count, want)
		}
		if count > 0 {
			found++
		}
	}
	if found < 300 {
		t.Errorf("only %d of the random runs had a reading: the test proves little", found)
	}
}

func sortReads(rs [][]float64) {
	slices.SortFunc(rs, func(a, b []float64) int { return slices.Compare(a, b) })
}
