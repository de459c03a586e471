package render

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"gongkai/internal/aggregate"
	"gongkai/internal/chart"
	"gongkai/internal/report"
	"gongkai/internal/stats"
)

// ChangeView is a figure's change against the previous year, formatted.
type ChangeView struct {
	Abs   string // "+20", "−5", "±0"
	Pct   string // "+20%", "" when the previous year was 0
	Dir   string // up, down, same
	Title string // the whole sentence
	Since string // "比 2022 年（30）": read out before Abs and Pct
}

// figure turns a comparison row's paths into a stats.Figure.
func (m Metric) figure() stats.Figure {
	f := stats.Figure{Label: m.Label, English: m.English, Paths: map[string][]string{}}
	if m.Sum != nil {
		for _, tpl := range []string{"2019", "2021"} {
			var ps []string
			for _, s := range m.Sum {
				if p := s[tpl]; p != "" {
					ps = append(ps, p)
				}
			}
			if len(ps) == len(m.Sum) {
				f.Paths[tpl] = ps
			}
		}
		return f.Keyed()
	}
	for tpl, p := range m.Paths {
		if p != "" {
			f.Paths[tpl] = []string{p}
		}
	}
	return f.Keyed()
}

// metricFigures are MetricGroups' figures, by group and metric, made once.
var metricFigures = sync.OnceValue(func() [][]stats.Figure {
	var out [][]stats.Figure
	for _, g := range MetricGroups {
		var fs []stats.Figure
		for _, m := range g.Metrics {
			fs = append(fs, m.figure())
		}
		out = append(out, fs)
	}
	return out
})

// signed writes a difference with its sign (U+2212 for minus).
func signed(v float64) string {
	switch {
	case v > 0:
		return "+" + report.FormatNumber(v)
	case v < 0:
		return "−" + report.FormatNumber(-v)
	}
	return "±0"
}

// percent writes a percentage with one decimal at most ("42.9%", "100%").
func percent(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + "%"
}

func signedPct(v float64) string {
	r := math.Round(v*10) / 10
	switch {
	case r > 0:
		return "+" + percent(r)
	case r < 0:
		return "−" + percent(-r)
	}
	return "±0%"
}

func changeView(ch stats.Change, prevYear int) *ChangeView {
	cv := &ChangeView{Abs: signed(ch.Abs), Dir: "same"}
	switch {
	case ch.Abs > 0:
		cv.Dir = "up"
	case ch.Abs < 0:
		cv.Dir = "down"
	}
	if ch.Pct != nil {
		cv.Pct = signedPct(*ch.Pct)
	}
	cv.Since = "比 " + strconv.Itoa(prevYear) + " 年（" + report.FormatNumber(ch.Prev) + "）"
	cv.Title = cv.Since + cv.Abs
	if cv.Pct != "" {
		cv.Title += "，" + cv.Pct
	} else if ch.Prev == 0 && ch.Cur != 0 {
		cv.Title += "（上年为 0，无百分比）"
	}
	return cv
}

// ShareRow is one outcome group's share of handled requests, per year.
type ShareRow struct {
	Label string
	Color string // the chart colour, for the key
	Cells []ShareCell
}

// ShareCell is one year's count and share.
type ShareCell struct {
	Count string // "" when blank
	Pct   string // "" when unknown
	V     string // sort key
}

// OutlierView is a flagged value, explained.
type OutlierView struct {
	Agency, Year, Href, Figure, Kind, Message string
}

var kindText = map[string]string{stats.Rise: "陡增", stats.Fall: "骤降", stats.Zero: "为零"}

func outlierView(p *Page, c *aggregate.Corpus, o stats.Outlier) OutlierView {
	v := OutlierView{Year: yearText(o.Report), Href: p.URL(reportPath(o.Report)), Figure: o.Figure.Label, Kind: kindText[o.Kind]}
	if a := c.AgencyOf[o.Report]; a != nil {
		v.Agency = a.Name
	}
	switch o.Kind {
	case stats.Rise:
		v.Message = "由 " + strconv.Itoa(o.Prev.Year) + " 年的 " + report.FormatNumber(o.Ref) + " 增至 " + report.FormatNumber(o.Cur) +
			"（" + strconv.FormatFloat(math.Round(o.Cur/o.Ref*10)/10, 'f', -1, 64) + " 倍）"
	case stats.Fall:
		v.Message = "由 " + strconv.Itoa(o.Prev.Year) + " 年的 " + report.FormatNumber(o.Ref) + " 降至 " + report.FormatNumber(o.Cur) + "（不足五分之一）"
	case stats.Zero:
		v.Message = "为 0，而该机关其他年度的中位数为 " + report.FormatNumber(o.Ref)
	}
	return v
}

// yoyAgency fills the agency page's changes, shares, charts and flags.
func yoyAgency(p *AgencyPage, c *aggregate.Corpus, a *aggregate.Agency) {
	prev := stats.Previous(a.Reports)
	figs := metricFigures()
	gi := 0
	for _, g := range MetricGroups {
		for mi := range g.Metrics {
			f := figs[gi][mi]
			for ri, r := range a.Reports {
				if ch, ok := stats.Compare(f, prev[r], r); ok {
					p.Groups[gi].Rows[mi].Values[ri].Change = changeView(ch, prev[r].Year)
				}
			}
		}
		gi++
	}

	n := len(a.Reports) // slices made at their length, as in agencyPage
	labels := make([]string, 0, n)
	for _, r := range a.Reports {
		labels = append(labels, yearText(r))
	}
	sh := chart.Shares{ID: "shares", Title: a.Name + "：历年办理结果构成（占办理结果合计的百分比）", Labels: labels}
	shares := make([][]stats.Share, len(a.Reports))
	for ri, r := range a.Reports {
		shares[ri] = stats.Shares(r)
	}
	p.ShareRows = make([]ShareRow, 0, len(stats.Outcomes))
	sh.Series = make([]chart.Series, 0, len(stats.Outcomes))
	for i, f := range stats.Outcomes {
		row := ShareRow{Label: f.Label, Color: chart.Palette[i%len(chart.Palette)], Cells: make([]ShareCell, 0, n)}
		ser := chart.Series{Name: f.Label, Values: make([]*float64, 0, n)}
		for ri := range a.Reports {
			s := shares[ri][i]
			cell := ShareCell{}
			if s.Value != nil {
				cell.Count = report.FormatNumber(*s.Value)
			}
			if s.Pct != nil {
				cell.Pct = percent(*s.Pct)
				cell.V = strconv.FormatFloat(*s.Pct, 'f', 4, 64)
			}
			row.Cells = append(row.Cells, cell)
			ser.Values = append(ser.Values, s.Pct)
		}
		p.ShareRows = append(p.ShareRows, row)
		sh.Series = append(sh.Series, ser)
	}
	total := ShareRow{Label: stats.Handled.Label, Cells: make([]ShareCell, 0, n)}
	for _, r := range a.Reports {
		cell := ShareCell{}
		if v := stats.Handled.Get(r); v != nil {
			cell.Count = report.FormatNumber(*v)
			if *v != 0 {
				cell.Pct = "100%"
			}
		}
		total.Cells = append(total.Cells, cell)
	}
	p.ShareTotal = total
	p.ShareChart, p.ShareLegend = sh.SVG(), sh.Legend()

	for _, o := range stats.Outliers(a.Reports, stats.Watched) {
		p.Outliers = append(p.Outliers, outlierView(&p.Page, c, o))
	}
	p.CompareHref = p.URL("compare/") + "?a=" + a.Slug
}

// corpusOutliers flags every agency's values (stats.Outliers), by report.
func corpusOutliers(c *aggregate.Corpus) map[*report.Report][]stats.Outlier {
	out := map[*report.Report][]stats.Outlier{}
	for _, a := range c.Agencies {
		for _, o := range stats.Outliers(a.Reports, stats.Watched) {
			out[o.Report] = append(out[o.Report], o)
		}
	}
	return out
}

// sameFigure reports whether two figures read the same paths.
func sameFigure(a, b stats.Figure) bool {
	for _, tpl := range []string{"2019", "2021"} {
		if strings.Join(a.Paths[tpl], "+") != strings.Join(b.Paths[tpl], "+") {
			return false
		}
	}
	return true
}
