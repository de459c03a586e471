// Package stats computes the numbers that compare reports: a figure's
// change against the previous year, the share of each outcome group of all
// handled requests, sums and rates over a set of reports, and the values
// that jumped or vanished from one year to the next. Everything is on the
// shared axis of SPEC §2.3 (derived.requests.*), so 2019- and
// 2021-template years compare. Pages show these numbers; they never compute
// them in templates.
package stats

import (
	"math"
	"sort"
	"strings"

	"gongkai/internal/report"
)

// Figure is one number read from a report: the sum of one or more cell
// paths per template (all must be known, else null). A template missing
// from Paths does not have the figure at all.
type Figure struct {
	Key     string // stable id, e.g. "new" (used in URLs, data attributes, JSON)
	Label   string // Chinese, as on the pages
	English string
	Paths   map[string][]string // template id → paths added up
	// cells are Paths with each cell's position found once (Keyed); nil
	// for a figure that reads its paths by name.
	cells map[string][]figureCell
}

// figureCell is a path of a figure: the report's table cell, or its
// derived sum when derived.
type figureCell struct {
	derived bool
	key     report.Key
}

// Keyed returns f with its cells' positions found once (report.Key), for
// a figure read from every report: reading a cell by its path hashes the
// path each time.
func (f Figure) Keyed() Figure {
	f.cells = make(map[string][]figureCell, len(f.Paths))
	for tpl, paths := range f.Paths {
		cs := make([]figureCell, len(paths))
		for i, p := range paths {
			rest, derived := strings.CutPrefix(p, "derived.")
			cs[i] = figureCell{derived: derived, key: report.KeyOf(rest)}
		}
		f.cells[tpl] = cs
	}
	return f
}

func figure(key, label, english string, paths map[string][]string) Figure {
	return Figure{Key: key, Label: label, English: english, Paths: paths}.Keyed()
}

func both(paths ...string) map[string][]string {
	return map[string][]string{"2019": paths, "2021": paths}
}

// The figures of table 三 on the shared axis, and of table 四.
var (
	New            = figure("new", "新收申请", "new requests", both("requests.new.total"))
	CarriedOver    = figure("carried_over", "上年结转", "carried over", both("requests.carried_over.total"))
	Granted        = figure("granted", "予以公开", "granted", both("requests.granted.total"))
	Partial        = figure("partial", "部分公开", "granted in part", both("requests.partial.total"))
	Denied         = figure("denied", "不予公开", "denied", both("derived.requests.denied.total"))
	Unavailable    = figure("unavailable", "无法提供", "unavailable", both("derived.requests.unavailable.total"))
	Rejected       = figure("rejected", "不予处理", "not processed", both("derived.requests.rejected.total"))
	OtherHandling  = figure("other", "其他处理", "other handling", both("derived.requests.other.total"))
	Handled        = figure("handled", "办理结果合计", "all outcomes (sum of the six groups)", both("derived.requests.outcomes.total"))
	CarriedForward = figure("carried_forward", "结转下年度", "carried forward", both("requests.carried_forward.total"))
	Review         = figure("review", "行政复议", "administrative review", both("review.review.total"))
	Corrected      = figure("review_corrected", "行政复议结果纠正", "review: corrected", both("review.review.corrected"))
	Litigation     = figure("litigation", "行政诉讼", "litigation", both("review.litigation_direct.total", "review.litigation_after_review.total"))
)

// Outcomes are the six outcome groups whose shares of Handled are shown.
var Outcomes = []Figure{Granted, Partial, Denied, Unavailable, Rejected, OtherHandling}

// Requests are the figures of table 三 compared across years and agencies.
var Requests = []Figure{New, CarriedOver, Granted, Partial, Denied, Unavailable, Rejected, OtherHandling, Handled, CarriedForward}

// Watched are the figures checked for outliers.
var Watched = []Figure{New, Granted, Partial, Denied, Unavailable, Rejected, OtherHandling, Handled, Review, Litigation}

// Value reads the figure from r. na is true when r's template has no such
// figure; ok is false when it has, but a cell is blank. A figure not made
// Keyed finds its cells on each call.
func (f Figure) Value(r *report.Report) (v float64, ok, na bool) {
	if f.cells == nil {
		f = f.Keyed()
	}
	cells, has := f.cells[r.TemplateDef().ID]
	if !has || len(cells) == 0 {
		return 0, false, true
	}
	for _, c := range cells {
		m := &r.Tables
		if c.derived {
			m = &r.Derived
		}
		x, known := m.GetKey(c.key)
		if !known {
			return 0, false, false
		}
		v += x
	}
	return v, true, false
}

// Get is Value without the template distinction: nil when unknown.
func (f Figure) Get(r *report.Report) *float64 {
	if v, ok, _ := f.Value(r); ok {
		return &v
	}
	return nil
}

// Change is a figure against the previous year.
type Change struct {
	Prev, Cur float64
	Abs       float64  // Cur − Prev
	Pct       *float64 // (Cur − Prev) / Prev × 100; nil when Prev is 0
}

// Compare returns the change of f from prev to cur; ok is false when either
// report is missing or either value is blank.
func Compare(f Figure, prev, cur *report.Report) (Change, bool) {
	if prev == nil || cur == nil {
		return Change{}, false
	}
	p, c := f.Get(prev), f.Get(cur)
	if p == nil || c == nil {
		return Change{}, false
	}
	ch := Change{Prev: *p, Cur: *c, Abs: round(*c - *p)}
	if *p != 0 {
		pct := (*c - *p) / *p * 100
		ch.Pct = &pct
	}
	return ch, true
}

// round drops float noise from sums of decimal amounts (0.1 + 0.2).
func round(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// Previous maps each report to the same agency's report of the year before,
// when that year has exactly one report (two reports that disagree —
// meta.duplicate — give no reference). reps are one agency's reports.
func Previous(reps []*report.Report) map[*report.Report]*report.Report {
	byYear := map[int][]*report.Report{}
	for _, r := range reps {
		if r.Year != 0 {
			byYear[r.Year] = append(byYear[r.Year], r)
		}
	}
	out := map[*report.Report]*report.Report{}
	for _, r := range reps {
		if r.Year == 0 {
			continue
		}
		if ps := byYear[r.Year-1]; len(ps) == 1 {
			out[r] = ps[0]
		}
	}
	return out
}

// Share is one outcome group's part of all handled requests.
type Share struct {
	Figure Figure
	Value  *float64 // the group's count
	Pct    *float64 // Value / handled × 100; nil when either is unknown or handled is 0
}

// Shares returns the six outcome groups of r with their share of
// derived.requests.outcomes.total.
func Shares(r *report.Report) []Share {
	h := Handled.Get(r)
	var out []Share
	for _, f := range Outcomes {
		s := Share{Figure: f, Value: f.Get(r)}
		if s.Value != nil && h != nil && *h != 0 {
			p := *s.Value / *h * 100
			s.Pct = &p
		}
		out = append(out, s)
	}
	return out
}

// Total is a figure added up over several reports.
type Total struct {
	Sum     float64
	N       int // reports with a value
	Missing int // reports where it is blank (not counting templates without it)
}

// Complete reports whether every report had a value.
func (t Total) Complete() bool { return t.N > 0 && t.Missing == 0 }

// Sum adds f over reps.
func Sum(f Figure, reps []*report.Report) Total {
	var t Total
	for _, r := range reps {
		v, ok, na := f.Value(r)
		switch {
		case ok:
			t.Sum += v
			t.N++
		case !na:
			t.Missing++
		}
	}
	t.Sum = round(t.Sum)
	return t
}

// Ratio is num/den over the reports where both are known.
type Ratio struct {
	Num, Den float64
	N        int      // reports counted
	Pct      *float64 // Num / Den × 100; nil when Den is 0 or no report counts
}

// RatioOf returns the share of num in den, over the reports that have both.
func RatioOf(num, den Figure, reps []*report.Report) Ratio {
	var q Ratio
	for _, r := range reps {
		a, b := num.Get(r), den.Get(r)
		if a == nil || b == nil {
			continue
		}
		q.Num += *a
		q.Den += *b
		q.N++
	}
	q.Num, q.Den = round(q.Num), round(q.Den)
	if q.N > 0 && q.Den != 0 {
		p := q.Num / q.Den * 100
		q.Pct = &p
	}
	return q
}

// Summary is a set of reports (a year, a region's year) added up.
type Summary struct {
	Reports int
	Totals  map[string]Total // by figure key, for Requests + Review + Litigation
	Shares  map[string]Ratio // outcome group key → share of Handled
	// PerReport is new requests per report that states them.
	PerReport *float64
}

// summaryFigures are the figures Summarize adds up; outcomeAt[i] is the
// position of Outcomes[i] among them, handledAt that of Handled.
var (
	summaryFigures = append(append([]Figure{}, Requests...), Review, Corrected, Litigation)
	outcomeAt      = func() []int {
		at := make([]int, len(Outcomes))
		for i, o := range Outcomes {
			at[i] = figureAt(o)
		}
		return at
	}()
	handledAt = figureAt(Handled)
)

func figureAt(f Figure) int {
	for i, g := range summaryFigures {
		if g.Key == f.Key {
			return i
		}
	}
	panic("stats: " + f.Key + " is not summarized")
}

// Summarize adds up reps: for each figure what Sum gives, for each outcome
// group what RatioOf gives against Handled (TestSummarizeIsSumAndRatioOf),
// in one pass that reads each figure of a report once. A national corpus
// summarizes every region's reports for each place above them, and reading
// Handled again for each of the six groups was half the work.
func Summarize(reps []*report.Report) Summary {
	s := Summary{Reports: len(reps), Totals: make(map[string]Total, len(summaryFigures)), Shares: make(map[string]Ratio, len(Outcomes))}
	type value struct {
		v      float64
		ok, na bool
	}
	vals := make([]value, len(summaryFigures))
	totals := make([]Total, len(summaryFigures))
	shares := make([]Ratio, len(Outcomes))
	for _, r := range reps {
		for i, f := range summaryFigures {
			v := &vals[i]
			v.v, v.ok, v.na = f.Value(r)
			switch {
			case v.ok:
				totals[i].Sum += v.v
				totals[i].N++
			case !v.na:
				totals[i].Missing++
			}
		}
		den := vals[handledAt]
		if !den.ok {
			continue
		}
		for i, at := range outcomeAt {
			if num := vals[at]; num.ok {
				shares[i].Num += num.v
				shares[i].Den += den.v
				shares[i].N++
			}
		}
	}
	for i, f := range summaryFigures {
		t := totals[i]
		t.Sum = round(t.Sum)
		s.Totals[f.Key] = t
	}
	for i, f := range Outcomes {
		q := shares[i]
		q.Num, q.Den = round(q.Num), round(q.Den)
		if q.N > 0 && q.Den != 0 {
			p := q.Num / q.Den * 100
			q.Pct = &p
		}
		s.Shares[f.Key] = q
	}
	if t := s.Totals[New.Key]; t.N > 0 {
		v := t.Sum / float64(t.N)
		s.PerReport = &v
	}
	return s
}

// Outlier kinds.
const (
	Rise = "rise" // more than 5× the previous year
	Fall = "fall" // under a fifth of the previous year
	Zero = "zero" // 0 where the agency's other years are large
)

// Thresholds of the outlier flags. A change among small numbers (2 → 11)
// is not worth a flag: the larger of the two values must reach MinLarge.
const (
	Factor   = 5.0
	MinLarge = 10.0
)

// Outlier is a value that changed suspiciously from one year to the next.
type Outlier struct {
	Report *report.Report
	Prev   *report.Report // nil for Zero
	Figure Figure
	Kind   string
	Cur    float64
	Ref    float64 // the previous year's value (Rise, Fall) or the median of the other years (Zero)
}

// Outliers flags, for one agency's reports, every watched figure that rose
// more than 5× or fell under a fifth against the previous year (the larger
// value at least MinLarge), and every 0 where the median of the agency's
// other years is at least MinLarge. A value gets one flag at most (Zero
// first). The result is in report order, then figure order.
func Outliers(reps []*report.Report, figs []Figure) []Outlier {
	prev := Previous(reps)
	var out []Outlier
	for _, r := range reps {
		if r.Year == 0 {
			continue
		}
		for _, f := range figs {
			c := f.Get(r)
			if c == nil {
				continue
			}
			if *c == 0 {
				var others []float64
				for _, o := range reps {
					if o.Year != 0 && o.Year != r.Year {
						if v := f.Get(o); v != nil {
							others = append(others, *v)
						}
					}
				}
				if m, ok := median(others); ok && m >= MinLarge {
					out = append(out, Outlier{Report: r, Figure: f, Kind: Zero, Cur: 0, Ref: m})
					continue
				}
			}
			p := prev[r]
			if p == nil {
				continue
			}
			pv := f.Get(p)
			if pv == nil || *pv <= 0 || *c < 0 {
				continue
			}
			switch {
			case *c > Factor**pv && *c >= MinLarge:
				out = append(out, Outlier{Report: r, Prev: p, Figure: f, Kind: Rise, Cur: *c, Ref: *pv})
			case *c*Factor < *pv && *pv >= MinLarge:
				out = append(out, Outlier{Report: r, Prev: p, Figure: f, Kind: Fall, Cur: *c, Ref: *pv})
			}
		}
	}
	return out
}

func median(v []float64) (float64, bool) {
	if len(v) == 0 {
		return 0, false
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2], true
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
}
