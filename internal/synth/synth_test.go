package synth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/internal/report"
	"gongkai/internal/textnorm"
)

func TestDeterministic(t *testing.T) {
	for _, i := range []int{0, 1, 17, 123, 4999} {
		n1, d1, t1 := Generate(42, i)
		Generate(42, i+1) // no state carries from one report to the next
		n2, d2, t2 := Generate(42, i)
		if n1 != n2 || !bytes.Equal(d1, d2) || !bytes.Equal(t1.MarshalIndent(), t2.MarshalIndent()) {
			t.Errorf("report %d differs between two runs", i)
		}
	}
	_, a, _ := Generate(1, 5)
	_, b, _ := Generate(2, 5)
	if bytes.Equal(a, b) {
		t.Error("seeds 1 and 2 give the same report 5")
	}
}

// decodeReport returns a report's text as UTF-8.
func decodeReport(t *testing.T, data []byte, tr Truth) string {
	t.Helper()
	if tr.Encoding == "gb18030" {
		s, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			t.Fatal(err)
		}
		return string(s)
	}
	return strings.TrimPrefix(string(data), "\uFEFF")
}

func TestFeaturesAppear(t *testing.T) {
	seen := map[string]int{}
	for i := 0; i < 300; i++ {
		g := newGen(Generator{Seed: 1}, i)
		st := g.st
		seen["shape:"+st.shape]++
		seen["enc:"+st.enc]++
		seen[fmt.Sprintf("title:%d", st.title)]++
		for k, on := range map[string]bool{"trad": st.trad, "crlf": st.crlf, "fullwidth": st.fullwidth, "thousands": st.thousands,
			"zero": st.zero != "", "yuan": st.yuan, "typo": st.typoRepealed, "short": len(g.short) > 0, "fault": g.fault != "",
			"blank": len(g.vals.null) > 0 && len(g.short) == 0, "unknown": len(g.vals.unknown) > 0, "nav": st.nav,
			"2019-late": g.tmpl.ID == "2019" && g.year >= 2021, "narrative-off": g.narrative != int(g.vals.v["requests.new.total"]) && g.narrative != int(g.vals.v["requests.new.total"]+g.vals.v["requests.carried_over.total"])} {
			if on {
				seen[k]++
			}
		}
	}
	for _, s := range Shapes {
		if seen["shape:"+s] == 0 {
			t.Errorf("shape %s missing from the first 300 reports", s)
		}
	}
	for _, k := range []string{"enc:gb18030", "enc:utf-8-bom", "title:0", "title:3", "title:4", "trad", "crlf", "fullwidth", "thousands", "zero",
		"yuan", "typo", "short", "fault", "blank", "unknown", "nav", "2019-late", "narrative-off"} {
		if seen[k] == 0 {
			t.Errorf("%s never drawn in the first 300 reports", k)
		}
	}
	t.Log(seen)
}

func TestShapesRestricted(t *testing.T) {
	gn := Generator{Seed: 3, Shapes: []string{"flat", "pipe"}}
	for i := 0; i < 50; i++ {
		_, _, tr := gn.Generate(i)
		if tr.Shape != "flat" && tr.Shape != "pipe" {
			t.Fatalf("report %d has shape %s", i, tr.Shape)
		}
	}
}

// status recomputes a check from the truth file alone, as score.py's
// reader of the truth would: fail, skip (every instance has a null or "?"), pass.
func status(tb map[string]map[string]map[string]Value, ids []identity) string {
	st := "skip"
	for _, id := range ids {
		sum, ok := 0.0, true
		for k, ps := range [][]string{id.plus, id.minus} {
			for _, p := range ps {
				f := strings.Split(p, ".")
				v := tb[f[0]][f[1]][f[2]]
				ok = ok && !v.Null && !v.Unknown
				sum += map[bool]float64{true: 1, false: -1}[k == 0] * v.Num
			}
		}
		if !ok {
			continue
		}
		if sum != 0 {
			return "fail"
		}
		st = "pass"
	}
	return st
}

func TestTruthConsistent(t *testing.T) {
	faults := 0
	for i := 0; i < 2000; i++ {
		_, data, tr := Generate(9, i)
		var back Truth
		if err := json.Unmarshal(tr.MarshalIndent(), &back); err != nil {
			t.Fatal(err)
		}
		tmpl := report.ByID(back.Template)
		for _, p := range tmpl.Paths() {
			f := strings.Split(p, ".")
			if _, ok := back.Tables[f[0]][f[1]][f[2]]; !ok {
				t.Fatalf("report %d: truth lacks %s", i, p)
			}
		}
		ids := identities(tmpl)
		for _, id := range CheckIDs {
			got := status(back.Tables, ids[id])
			if got != back.Checks[id] {
				t.Errorf("report %d: %s is %s on the truth numbers, truth says %s", i, id, got, back.Checks[id])
			}
			if back.Fault == "" && got == "fail" {
				t.Errorf("report %d: no fault injected but %s fails", i, id)
			}
		}
		if back.Fault != "" {
			faults++
		}
		text := decodeReport(t, data, tr)
		if tr.Script == "traditional" {
			text = textnorm.ToSimplified(text)
		}
		if !strings.Contains(text, tr.Agency) {
			t.Errorf("report %d: agency %s not in the text", i, tr.Agency)
		}
		if tr.Year < 2019 || tr.Year > 2024 || (tr.Year < 2021 && tr.Template != "2019") {
			t.Errorf("report %d: year %d template %s", i, tr.Year, tr.Template)
		}
	}
	if faults < 100 {
		t.Errorf("only %d faults in 2000 reports", faults)
	}
}

func TestCarryOver(t *testing.T) {
	// reports 5a..5a+4 are agency a in increasing years
	pairs := 0
	for i := 0; i < 500; i++ {
		if i%perAgency == perAgency-1 {
			continue
		}
		_, _, a := Generate(4, i)
		_, _, b := Generate(4, i+1)
		if a.Agency != b.Agency {
			t.Fatalf("reports %d and %d: agencies %s, %s", i, i+1, a.Agency, b.Agency)
		}
		if b.Year != a.Year+1 {
			continue
		}
		for _, c := range reqCols {
			cf, co := a.Tables["requests"]["carried_forward"][c], b.Tables["requests"]["carried_over"][c]
			if a.Fault == "" && b.Fault == "" && !cf.Null && !co.Null && !cf.Unknown && !co.Unknown && cf.Num != co.Num {
				t.Errorf("%s %d→%d column %s: carried forward %v, carried over %v", a.Agency, a.Year, b.Year, c, cf.Num, co.Num)
			}
		}
		pairs++
	}
	if pairs < 100 {
		t.Errorf("only %d consecutive-year pairs", pairs)
	}
}

func TestAgencyNamesUnique(t *testing.T) {
	// the first 20,000 agencies, and those around the first city named
	// with three syllables
	past := len(syllables) * len(syllables) * perCity
	for _, span := range [][2]int{{0, 20000}, {past - 2000, past + 2000}} {
		names := map[string]int{}
		for a := span[0]; a < span[1]; a++ {
			n := agencyFor(7, a).name
			if b, ok := names[n]; ok {
				t.Fatalf("agencies %d and %d are both %s", a, b, n)
			}
			names[n] = a
		}
	}
}

// TestPlacesShared: agencies share their city or county as often in a
// 20,000-report corpus (4,000 agencies) as in a 100,000-report one, so a
// corpus has region pages in proportion to its size.
func TestPlacesShared(t *testing.T) {
	shared := func(agencies int) float64 {
		city := map[string]int{}
		for a := range agencies {
			name := agencyFor(1, a).name
			i := strings.IndexAny(name, "市县")
			city[name[:i+len("市")]]++
		}
		n := 0
		for _, c := range city {
			if c > 1 {
				n += c
			}
		}
		return float64(n) / float64(agencies)
	}
	small, large := shared(4000), shared(20000)
	if small < 0.9 || large < 0.9 || math.Abs(small-large) > 0.02 {
		t.Errorf("agencies sharing their city or county: %.3f of 4,000, %.3f of 20,000", small, large)
	}
}

func TestGB18030NotUTF8(t *testing.T) {
	n := 0
	for i := 0; i < 400; i++ {
		_, data, tr := Generate(5, i)
		if tr.Encoding == "gb18030" {
			n++
			if utf8.Valid(data) {
				t.Errorf("report %d is GB18030 but valid UTF-8", i)
			}
		} else if !utf8.Valid(data) {
			t.Errorf("report %d is %s but not valid UTF-8", i, tr.Encoding)
		}
	}
	if n == 0 {
		t.Error("no GB18030 report in 400")
	}
}

// keepSimplified are characters whose Traditional form depends on the word
// (制度 vs 製作, 只计 vs 隻): this package prints them unchanged.
const keepSimplified = "表出制升卷只合同家局峰布教查核溪群逾面真系秘了"

func TestTraditional(t *testing.T) {
	hasTrad := map[rune]rune{} // Simplified → one Traditional form, per OpenCC
	for c := rune(0x3400); c < 0xA000; c++ {
		if s := []rune(textnorm.ToSimplified(string(c))); len(s) == 1 && s[0] != c {
			hasTrad[s[0]] = c
		}
	}
	for i := 0; i < 300; i++ {
		g := newGen(Generator{Seed: 11}, i)
		s := g.encodeNone()
		if back := textnorm.ToSimplified(toTrad(s)); back != s {
			t.Fatalf("report %d: Traditional text does not convert back to its Simplified source", i)
		}
		for _, r := range s {
			if _, ok := s2t[r]; !ok && hasTrad[r] != 0 && !strings.ContainsRune(keepSimplified, r) {
				t.Fatalf("report %d: %c has the Traditional form %c but s2t lacks it", i, r, hasTrad[r])
			}
		}
	}
	if got := toTrad("井陉矿区政府信息公开"); got != "井陘礦區政府信息公開" && !strings.Contains(got, "區") {
		t.Errorf("toTrad: %s", got)
	}
}

func TestFlatCuts(t *testing.T) {
	for _, c := range []struct {
		run  string
		want int
	}{{"77132470", 2}, {"0012", 1}, {"000", 1}} {
		if n := len(cuts(c.run, []bool{false, false, false}, nil, 2)); n != c.want {
			t.Errorf("cuts(%s) = %d readings, want %d", c.run, n, c.want)
		}
	}
	if n := len(cuts("126.5", []bool{false, true}, nil, 5)); n != 2 {
		t.Errorf("cuts(126.5) = %d readings, want 2", n)
	}
	for _, c := range []struct {
		run  string
		want int
	}{{"801000081", 1}, {"220000022", 2}, {"0000000", 1}, {"640020470", 1}} {
		cands, many := requestCuts(c.run)
		if many || len(cands) != c.want {
			t.Errorf("requestCuts(%s) = %v, want %d readings", c.run, cands, c.want)
		}
	}
	if n := reviewCuts("110024001510102", 5); n != 1 {
		t.Errorf("reviewCuts = %d, want 1", n)
	}
	// flattened reports: every scored cell is the truth's only reading
	found := 0
	for i := 0; i < 200; i++ {
		g := newGen(Generator{Seed: 2, Shapes: []string{"flat"}}, i)
		for _, row := range g.grids[1].rows {
			if !valueRow(row) {
				continue
			}
			run, paths, _ := runOf(row)
			cands, many := requestCuts(run)
			var want [7]int
			for k, p := range paths {
				want[k] = int(g.vals.v[p])
			}
			if !many && !slices.Contains(cands, want) {
				t.Fatalf("report %d: %s: the printed values %v are not among the readings %v", i, run, want, cands)
			}
		}
		if len(g.vals.unknown) > 0 {
			found++
		}
	}
	if found == 0 {
		t.Error("no flattened report with an ambiguous row")
	}
}
