package stats

import (
	"math"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/synth"
	"gongkai/internal/validate"
)

// outcomes are the total-column counts of one report, by group.
type outcomes struct {
	new, granted, partial, denied, unavailable, rejected, other float64
}

// mk builds a report of one agency whose every cell of table 三 is filled
// (0 where not given): the template follows the year (2019 template for
// 2019–2020), the denied/unavailable/rejected/other groups are split over
// several rows so that the derived sums (SPEC §2.3) are what is compared.
func mk(year int, o outcomes) *report.Report {
	tpl := "2021"
	if year < 2021 {
		tpl = "2019"
	}
	r := &report.Report{Schema: report.Schema, Agency: "某县人民政府", Year: year, Template: tpl, Tables: report.Cells{}}
	for _, p := range r.TemplateDef().Paths() {
		r.Tables.Set(p, 0)
	}
	set := func(row string, v float64) {
		r.Tables.Set("requests."+row+".natural", r.Tables.At("requests."+row+".natural")+v)
		r.Tables.Set("requests."+row+".total", r.Tables.At("requests."+row+".total")+v)
	}
	set("new", o.new)
	set("granted", o.granted)
	set("partial", o.partial)
	// split each group over two rows
	set("denied_state_secret", math.Floor(o.denied/2))
	set("denied_third_party", o.denied-math.Floor(o.denied/2))
	set("unavailable_not_held", o.unavailable)
	set("rejected_petition", o.rejected)
	if tpl == "2021" {
		set("other_no_correction", math.Floor(o.other/2))
		set("other_other", o.other-math.Floor(o.other/2))
	} else {
		set("other", o.other)
	}
	set("total", o.granted+o.partial+o.denied+o.unavailable+o.rejected+o.other)
	validate.Report(r)
	return r
}

// agency is one body over 2019–2023, both templates.
func agency() []*report.Report {
	return []*report.Report{
		mk(2019, outcomes{10, 4, 1, 1, 2, 1, 1}),
		mk(2020, outcomes{20, 10, 2, 2, 3, 2, 1}),
		mk(2021, outcomes{25, 12, 3, 3, 4, 1, 2}),
		mk(2022, outcomes{0, 0, 0, 0, 0, 0, 0}),
		mk(2023, outcomes{30, 15, 3, 3, 6, 1, 2}),
	}
}

func f(v float64) *float64 { return &v }

func TestYearOverYear(t *testing.T) {
	reps := agency()
	prev := Previous(reps)
	if prev[reps[0]] != nil || prev[reps[1]] != reps[0] || prev[reps[4]] != reps[3] {
		t.Fatalf("Previous: %v", prev)
	}
	for _, tc := range []struct {
		fig      Figure
		i        int // report index (year 2019+i)
		prev     float64
		cur, abs float64
		pct      *float64
	}{
		{New, 1, 10, 20, 10, f(100)},
		{Granted, 1, 4, 10, 6, f(150)},
		{OtherHandling, 1, 1, 1, 0, f(0)}, // 2019 template's one "other" row vs 2020's
		{Denied, 2, 2, 3, 1, f(50)},       // 2019 template → 2021 template, on derived.requests.denied
		{OtherHandling, 2, 1, 2, 1, f(100)},
		{Rejected, 2, 2, 1, -1, f(-50)},
		{Handled, 2, 20, 25, 5, f(25)},
		{New, 3, 25, 0, -25, f(-100)},
		{New, 4, 0, 30, 30, nil}, // from 0: no percentage
		{Unavailable, 4, 0, 6, 6, nil},
	} {
		r := reps[tc.i]
		ch, ok := Compare(tc.fig, prev[r], r)
		if !ok {
			t.Errorf("%s %d: no change", tc.fig.Key, r.Year)
			continue
		}
		if ch.Prev != tc.prev || ch.Cur != tc.cur || ch.Abs != tc.abs {
			t.Errorf("%s %d: got %v → %v (%+v), want %v → %v (%+v)", tc.fig.Key, r.Year, ch.Prev, ch.Cur, ch.Abs, tc.prev, tc.cur, tc.abs)
		}
		switch {
		case tc.pct == nil && ch.Pct != nil:
			t.Errorf("%s %d: pct %v, want none", tc.fig.Key, r.Year, *ch.Pct)
		case tc.pct != nil && (ch.Pct == nil || math.Abs(*ch.Pct-*tc.pct) > 1e-9):
			t.Errorf("%s %d: pct %v, want %v", tc.fig.Key, r.Year, ch.Pct, *tc.pct)
		}
	}
	if _, ok := Compare(New, nil, reps[0]); ok {
		t.Error("2019 has no previous year")
	}
	// a blank cell: no change, never a change against 0
	reps[2].Tables.Delete("requests.new.total")
	if _, ok := Compare(New, reps[1], reps[2]); ok {
		t.Error("a change against a blank cell")
	}
}

func TestPreviousWithDuplicateYear(t *testing.T) {
	a, b1, b2, c := mk(2021, outcomes{1, 1, 0, 0, 0, 0, 0}), mk(2022, outcomes{2, 2, 0, 0, 0, 0, 0}), mk(2022, outcomes{3, 3, 0, 0, 0, 0, 0}), mk(2023, outcomes{4, 4, 0, 0, 0, 0, 0})
	prev := Previous([]*report.Report{a, b1, b2, c})
	if prev[b1] != a || prev[b2] != a {
		t.Error("both 2022 reports compare with 2021")
	}
	if prev[c] != nil {
		t.Error("2023 must not compare with either of two disagreeing 2022 reports")
	}
}

func TestShares(t *testing.T) {
	reps := agency()
	want := map[string]float64{"granted": 40, "partial": 10, "denied": 10, "unavailable": 20, "rejected": 10, "other": 10}
	got := Shares(reps[0])
	if len(got) != 6 {
		t.Fatalf("%d shares", len(got))
	}
	sum := 0.0
	for _, s := range got {
		if s.Pct == nil || math.Abs(*s.Pct-want[s.Figure.Key]) > 1e-9 {
			t.Errorf("2019 %s: %v, want %v", s.Figure.Key, s.Pct, want[s.Figure.Key])
			continue
		}
		sum += *s.Pct
	}
	if math.Abs(sum-100) > 1e-9 {
		t.Errorf("shares add up to %v", sum)
	}
	// 2021 (template 2021): other = other_no_correction + other_other = 2 of 25
	for _, s := range Shares(reps[2]) {
		if s.Figure.Key == "other" && (s.Value == nil || *s.Value != 2 || math.Abs(*s.Pct-8) > 1e-9) {
			t.Errorf("2021 other: %v %v", s.Value, s.Pct)
		}
	}
	// nothing handled: counts are 0, shares unknown
	for _, s := range Shares(reps[3]) {
		if s.Value == nil || *s.Value != 0 || s.Pct != nil {
			t.Errorf("2022 %s: %v %v", s.Figure.Key, s.Value, s.Pct)
		}
	}
}

func TestOutliers(t *testing.T) {
	reps := agency()
	got := Outliers(reps, Watched)
	type key struct {
		year int
		fig  string
		kind string
	}
	want := map[key]float64{
		{2022, "new", Zero}:     22.5, // median of 10, 20, 25, 30
		{2022, "granted", Zero}: 11,   // median of 4, 10, 12, 15
		{2022, "handled", Zero}: 22.5,
	}
	if len(got) != len(want) {
		t.Errorf("%d outliers, want %d: %+v", len(got), len(want), got)
	}
	for _, o := range got {
		ref, ok := want[key{o.Report.Year, o.Figure.Key, o.Kind}]
		if !ok || ref != o.Ref {
			t.Errorf("unexpected %d %s %s ref %v", o.Report.Year, o.Figure.Key, o.Kind, o.Ref)
		}
	}

	rise := []*report.Report{mk(2021, outcomes{9, 9, 0, 0, 0, 0, 0}), mk(2022, outcomes{50, 50, 0, 0, 0, 0, 0}), mk(2023, outcomes{9, 9, 0, 0, 0, 0, 0}), mk(2024, outcomes{2, 2, 0, 0, 0, 0, 0})}
	kinds := map[int]string{}
	for _, o := range Outliers(rise, []Figure{New}) {
		kinds[o.Report.Year] = o.Kind
	}
	// 9 → 50 is more than 5×; 50 → 9 is under a fifth; 9 → 2 is small
	if len(kinds) != 2 || kinds[2022] != Rise || kinds[2023] != Fall {
		t.Errorf("rise/fall: %v", kinds)
	}
}

func TestSummarize(t *testing.T) {
	reps := agency()[:3] // 2019–2021: new 10 + 20 + 25
	reps[1].Tables.Delete("requests.partial.total")
	reps[1].Derived = validate.Derived(reps[1])
	s := Summarize(reps)
	if s.Reports != 3 {
		t.Errorf("reports %d", s.Reports)
	}
	if tot := s.Totals["new"]; tot.Sum != 55 || tot.N != 3 || tot.Missing != 0 {
		t.Errorf("new %+v", tot)
	}
	if tot := s.Totals["partial"]; tot.Sum != 4 || tot.N != 2 || tot.Missing != 1 || tot.Complete() {
		t.Errorf("partial %+v", tot)
	}
	// 2020's outcomes total is now null (a blank partial): the share of
	// granted is over 2019 and 2021 only: (4 + 12) / (10 + 25)
	g := s.Shares["granted"]
	if g.N != 2 || g.Num != 16 || g.Den != 35 || g.Pct == nil || math.Abs(*g.Pct-16.0/35*100) > 1e-9 {
		t.Errorf("granted share %+v", g)
	}
	if s.PerReport == nil || math.Abs(*s.PerReport-55.0/3) > 1e-9 {
		t.Errorf("per report %v", s.PerReport)
	}
	if v, ok, na := Litigation.Value(reps[0]); !ok || na || v != 0 {
		t.Errorf("litigation %v %v %v", v, ok, na)
	}
}

// TestSummarizeIsSumAndRatioOf: Summarize's one pass gives, bit for bit,
// what Sum and RatioOf give figure by figure, over synthetic reports of
// both templates with blank and unreadable cells.
func TestSummarizeIsSumAndRatioOf(t *testing.T) {
	reps := synthReports(t, 300)
	for i, r := range reps {
		if i%7 == 0 { // a blank outcome: Handled becomes null
			r.Tables.Delete("requests.partial.total")
			r.Derived = validate.Derived(r)
		}
	}
	for _, set := range [][]*report.Report{reps, reps[:1], reps[5:90], nil} {
		s := Summarize(set)
		if s.Reports != len(set) {
			t.Fatalf("reports %d, want %d", s.Reports, len(set))
		}
		for _, f := range append(append([]Figure{}, Requests...), Review, Corrected, Litigation) {
			if got, want := s.Totals[f.Key], Sum(f, set); got != want {
				t.Errorf("%s: total %+v, Sum gives %+v", f.Key, got, want)
			}
		}
		for _, f := range Outcomes {
			got, want := s.Shares[f.Key], RatioOf(f, Handled, set)
			if got.Num != want.Num || got.Den != want.Den || got.N != want.N || (got.Pct == nil) != (want.Pct == nil) || got.Pct != nil && *got.Pct != *want.Pct {
				t.Errorf("%s: share %+v, RatioOf gives %+v", f.Key, got, want)
			}
		}
		if len(s.Totals) != 13 || len(s.Shares) != len(Outcomes) {
			t.Errorf("%d totals, %d shares", len(s.Totals), len(s.Shares))
		}
	}
}

// BenchmarkSummarize: one pass against the figure-by-figure Sum and RatioOf
// it replaced, over 300 synthetic reports.
func BenchmarkSummarize(b *testing.B) {
	reps := synthReports(b, 300)
	b.Run("one-pass", func(b *testing.B) {
		for b.Loop() {
			Summarize(reps)
		}
	})
	b.Run("by-figure", func(b *testing.B) {
		for b.Loop() {
			for _, f := range summaryFigures {
				Sum(f, reps)
			}
			for _, f := range Outcomes {
				RatioOf(f, Handled, reps)
			}
		}
	})
}

// synthReports parses n synthetic reports of every shape and both templates.
func synthReports(tb testing.TB, n int) []*report.Report {
	tb.Helper()
	var reps []*report.Report
	for i := range n {
		name, data, _ := synth.Generate(3, i)
		r, err := parse.File(name, data)
		if err != nil {
			tb.Fatal(err)
		}
		reps = append(reps, r)
	}
	return reps
}

// TestKeyedFigures: a figure read by its cells' positions (Keyed) gives
// what it gives read by path, for every figure, over synthetic reports of
// both templates with blank cells, and a report of an unknown template.
func TestKeyedFigures(t *testing.T) {
	var reps []*report.Report
	for i := 0; i < 120; i++ {
		name, data, _ := synth.Generate(9, i)
		r, err := parse.File(name, data)
		if err != nil {
			t.Fatal(err)
		}
		validate.Report(r)
		reps = append(reps, r)
	}
	reps = append(reps, &report.Report{Template: "1999"})
	figs := append(append(append([]Figure{}, Requests...), Watched...), Corrected)
	figs = append(figs, Figure{Key: "sum", Paths: map[string][]string{"2021": {"requests.new.natural", "derived.requests.denied.total"}, "2019": {}}})
	seen := map[[2]bool]bool{}
	for _, f := range figs {
		keyed := f.Keyed()
		for _, r := range reps {
			v1, ok1, na1 := valueByPath(f, r)
			v2, ok2, na2 := keyed.Value(r)
			if v1 != v2 || ok1 != ok2 || na1 != na2 {
				t.Fatalf("%s of %s: by path %v %v %v, keyed %v %v %v", f.Key, r.ID, v1, ok1, na1, v2, ok2, na2)
			}
			seen[[2]bool{ok1, na1}] = true
		}
	}
	if len(seen) < 3 {
		t.Errorf("only %d kinds of result (known, blank, not in the template): %v", len(seen), seen)
	}
}

// valueByPath is Figure.Value reading each cell by its path, as it did
// before figures were keyed.
func valueByPath(f Figure, r *report.Report) (v float64, ok, na bool) {
	paths, has := f.Paths[r.TemplateDef().ID]
	if !has || len(paths) == 0 {
		return 0, false, true
	}
	for _, p := range paths {
		x, known := r.Value(p)
		if !known {
			return 0, false, false
		}
		v += x
	}
	return v, true, false
}
