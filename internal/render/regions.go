package render

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"html/template"
	"sort"
	"strconv"

	"gongkai/internal/aggregate"
	"gongkai/internal/chart"
	"gongkai/internal/region"
	"gongkai/internal/report"
	"gongkai/internal/stats"
)

// RegionLink is a region path with a link per place.
type RegionLink struct {
	Places []Link
}

// Link is a named link.
type Link struct{ Name, Href string }

// regionHref links a place's page; "" for a place without one (one agency:
// its page is the agency's).
func regionHref(p *Page, r *aggregate.Region) string {
	if !r.Page {
		return ""
	}
	return p.URL("regions/" + r.Slug + "/")
}

func regionLink(p *Page, r *aggregate.Region) *RegionLink {
	if r == nil {
		return nil
	}
	l := &RegionLink{}
	for _, x := range append(r.Ancestors(), r) {
		l.Places = append(l.Places, Link{Name: x.Name, Href: regionHref(p, x)})
	}
	return l
}

var levelText = map[string]string{region.Province: "省级", region.City: "市级", region.County: "县级", region.Township: "乡级"}

// RegionNode is one place in the region index.
type RegionNode struct {
	Name, Href, Level string
	Agencies          int // at or under the place
	Children          []RegionNode
}

// RegionsPage is /regions/: the tree of places.
type RegionsPage struct {
	Page
	Roots   []RegionNode
	Regions int
	Placed  int // agencies with a region
	Total   int // all agencies
}

func regionNode(p *Page, r *aggregate.Region) RegionNode {
	n := RegionNode{Name: r.Name, Href: regionHref(p, r), Level: levelText[r.Level], Agencies: len(r.All())}
	for _, c := range r.Children {
		n.Children = append(n.Children, regionNode(p, c))
	}
	return n
}

// RegionPageNodes is about how many places one page of the place tree
// lists: top-level places are never split, and a page takes the next one
// while it has fewer than this.
const RegionPageNodes = 1000

// regionGroups splits the top-level places, in slug order, into the pages
// of the place tree: a national tree has tens of thousands of places.
func regionGroups(c *aggregate.Corpus) [][]*aggregate.Region {
	var roots []*aggregate.Region
	for _, r := range c.Regions {
		if r.Parent == nil {
			roots = append(roots, r)
		}
	}
	sort.Slice(roots, func(i, j int) bool { return roots[i].Slug < roots[j].Slug })
	var groups [][]*aggregate.Region
	nodes := 0
	for _, r := range roots {
		if len(groups) == 0 || nodes >= RegionPageNodes {
			groups = append(groups, nil)
			nodes = 0
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], r)
		nodes += treeSize(r)
	}
	if len(groups) == 0 {
		groups = [][]*aggregate.Region{nil} // the page says there are none
	}
	return groups
}

func treeSize(r *aggregate.Region) int {
	n := 1
	for _, c := range r.Children {
		n += treeSize(c)
	}
	return n
}

// regionsPage is page n (from 1) of the place tree, split as groups.
func regionsPage(in *Input, groups [][]*aggregate.Region, n int) *RegionsPage {
	p := &RegionsPage{Page: newPage(in, pagePath("regions/", n), pageTitle("按地区浏览", n), "regions")}
	p.Desc = "按行政区划浏览各机关的政府信息公开年度报告数据"
	first := 0
	for _, g := range groups[:n-1] {
		first += len(g)
	}
	for _, r := range groups[n-1] {
		p.Roots = append(p.Roots, regionNode(&p.Page, r))
	}
	if p.Pager = pagerOf(&p.Page, "regions/", n, len(groups)); p.Pager != nil {
		total := first
		for _, g := range groups[n-1:] {
			total += len(g)
		}
		p.Pager.First, p.Pager.Last, p.Pager.Total = first+1, first+len(groups[n-1]), total
	}
	p.Regions, p.Placed, p.Total = len(in.Corpus.Regions), len(in.Corpus.RegionOf), len(in.Corpus.Agencies)
	return p
}

// RegionColumns are the figures of a region's year table.
var RegionColumns = []stats.Figure{stats.New, stats.Granted, stats.Partial, stats.Denied, stats.Unavailable,
	stats.Rejected, stats.OtherHandling, stats.Handled, stats.Review, stats.Litigation}

// RegionRow is one report in a region's year table, or a total.
type RegionRow struct {
	Name, Href, Badge string
	Gov               bool
	Place             bool // the total of a place below, linking to its page
	Values            []Value
	Rates             []Value // share granted, share denied
}

// RegionYear is one year of a region: every report under it.
type RegionYear struct {
	Year      int
	Rows      []RegionRow
	Total     RegionRow
	Others    *RegionRow // the total without the government's own report
	Check     *report.Check
	PerReport string
}

// RegionPage is /regions/<slug>/.
type RegionPage struct {
	Page
	R         *aggregate.Region
	Crumbs    []Link
	Level     string
	Children  []RegionNode
	Gov       *Link
	Agencies  []AgencyItem // directly at this place
	Under     int          // agencies at or below it
	Columns   []stats.Figure
	Years     []RegionYear
	Trend     []RegionTrend
	Chart     template.HTML
	Legend    []chart.LegendItem
	HasGovSum bool
}

// RegionTrend is one year of the region's totals, beside the line chart.
type RegionTrend struct {
	Year                  int
	Reports               int
	New, Handled          string
	GrantedPct, DeniedPct string
	PerReport             string
}

func totalValue(t stats.Total) Value {
	if t.N == 0 {
		return Value{Null: true, Title: "均未填写"}
	}
	s := report.FormatNumber(t.Sum)
	v := Value{Text: s, V: s}
	if t.Missing > 0 {
		v.Title = strconv.Itoa(t.N) + " 份报告填写了此项，" + strconv.Itoa(t.Missing) + " 份未填写"
	}
	return v
}

func rateValue(q stats.Ratio) Value {
	if q.Pct == nil {
		return Value{Null: true, Title: "无法计算"}
	}
	return Value{Text: percent(*q.Pct), V: strconv.FormatFloat(*q.Pct, 'f', 4, 64),
		Title: report.FormatNumber(q.Num) + " / " + report.FormatNumber(q.Den)}
}

func figureValue(r *report.Report, f stats.Figure) Value {
	v, ok, na := f.Value(r)
	switch {
	case na:
		return Value{NA: true, Title: r.TemplateDef().ID + " 版模板无此项"}
	case !ok:
		return Value{Null: true, Title: "未填写"}
	}
	s := report.FormatNumber(v)
	return Value{Text: s, V: s}
}

func summaryRow(name string, reps []*report.Report) RegionRow {
	return summaryRowOf(name, stats.Summarize(reps))
}

// summaryRowOf is summaryRow of reports already summarized.
func summaryRowOf(name string, sum stats.Summary) RegionRow {
	row := RegionRow{Name: name}
	for _, f := range RegionColumns {
		row.Values = append(row.Values, totalValue(sum.Totals[f.Key]))
	}
	row.Rates = []Value{rateValue(sum.Shares[stats.Granted.Key]), rateValue(sum.Shares[stats.Denied.Key])}
	return row
}

func regionPage(in *Input, reg *aggregate.Region) *RegionPage {
	p := &RegionPage{Page: newPage(in, "regions/"+reg.Slug+"/", reg.Title(), "regions"), R: reg, Columns: RegionColumns}
	p.Desc = reg.Title() + " 各机关政府信息公开年度报告数据与合计"
	p.Level = levelText[reg.Level]
	for _, a := range reg.Ancestors() {
		p.Crumbs = append(p.Crumbs, Link{Name: a.Name, Href: regionHref(&p.Page, a)})
	}
	for _, c := range reg.Children {
		p.Children = append(p.Children, regionNode(&p.Page, c))
	}
	if reg.Gov != nil {
		p.Gov = &Link{Name: reg.Gov.Name, Href: p.URL("agencies/" + reg.Gov.Slug + "/")}
	}
	all := reg.All()
	p.Under = len(all)
	for _, a := range reg.Agencies {
		p.Agencies = append(p.Agencies, agencyItem(&p.Page, a))
	}
	byYear := map[int][]*report.Report{}
	for _, a := range all {
		for _, r := range a.Reports {
			if r.Year != 0 {
				byYear[r.Year] = append(byYear[r.Year], r)
			}
		}
	}
	var years []int
	for y := range byYear {
		years = append(years, y)
	}
	sort.Ints(years)
	var labels []string
	newS, handledS := chart.Series{Name: stats.New.Label + "（合计）"}, chart.Series{Name: stats.Handled.Label + "（合计）"}
	// Each year's sum over every report under the region serves its trend,
	// its table's total row and its reports' mean: summarizing a province's
	// reports once per use was a good part of a national build's region pages.
	sums := make(map[int]stats.Summary, len(years))
	for _, y := range years {
		reps := byYear[y]
		sum := stats.Summarize(reps)
		sums[y] = sum
		tr := RegionTrend{Year: y, Reports: len(reps), New: totalValue(sum.Totals[stats.New.Key]).Text,
			Handled:    totalValue(sum.Totals[stats.Handled.Key]).Text,
			GrantedPct: rateValue(sum.Shares[stats.Granted.Key]).Text, DeniedPct: rateValue(sum.Shares[stats.Denied.Key]).Text}
		if sum.PerReport != nil {
			tr.PerReport = strconv.FormatFloat(*sum.PerReport, 'f', 1, 64)
		}
		p.Trend = append(p.Trend, tr)
		labels = append(labels, strconv.Itoa(y))
		if t := sum.Totals[stats.New.Key]; t.N > 0 {
			v := t.Sum
			newS.Values = append(newS.Values, &v)
		} else {
			newS.Values = append(newS.Values, nil)
		}
		if t := sum.Totals[stats.Handled.Key]; t.N > 0 {
			v := t.Sum
			handledS.Values = append(handledS.Values, &v)
		} else {
			handledS.Values = append(handledS.Values, nil)
		}
	}
	lines := chart.Lines{ID: "region-trend", Title: reg.Title() + "：辖区内各机关历年合计", Labels: labels, Series: []chart.Series{newS, handledS}}
	p.Chart, p.Legend = lines.SVG(), lines.Legend()

	for i := len(years) - 1; i >= 0; i-- {
		y := years[i]
		reps := byYear[y]
		ry := RegionYear{Year: y}
		var govReps, rest []*report.Report
		below := map[*aggregate.Region][]*report.Report{}
		for _, r := range reps {
			a := in.Corpus.AgencyOf[r]
			if a != nil && in.Corpus.RegionOf[a] != reg {
				// an agency of a place below: counted in that place's row
				if child := childOf(reg, in.Corpus.RegionOf[a]); child != nil {
					below[child] = append(below[child], r)
					rest = append(rest, r)
					continue
				}
			}
			row := RegionRow{Name: r.Agency, Href: p.URL(reportPath(r)), Badge: r.Badge, Gov: a != nil && a == reg.Gov}
			if a != nil {
				row.Name = a.Name
			}
			if d := aggregate.Dir(r); d != strconv.Itoa(r.Year) {
				row.Name += "（" + yearText(r) + "）"
			}
			for _, f := range RegionColumns {
				row.Values = append(row.Values, figureValue(r, f))
			}
			one := stats.Summarize([]*report.Report{r})
			row.Rates = []Value{rateValue(one.Shares[stats.Granted.Key]), rateValue(one.Shares[stats.Denied.Key])}
			ry.Rows = append(ry.Rows, row)
			if row.Gov {
				govReps = append(govReps, r)
				for ci := range r.Checks {
					if r.Checks[ci].ID == "region.sum" {
						c := r.Checks[ci]
						ry.Check = &c
						p.HasGovSum = true
					}
				}
			} else {
				rest = append(rest, r)
			}
		}
		sort.SliceStable(ry.Rows, func(i, j int) bool { return ry.Rows[i].Gov && !ry.Rows[j].Gov })
		for _, child := range reg.Children {
			if rs := below[child]; len(rs) > 0 {
				row := summaryRow(child.Name+"（"+strconv.Itoa(len(rs))+" 份报告合计）", rs)
				row.Href, row.Place = regionHref(&p.Page, child), true
				ry.Rows = append(ry.Rows, row)
			}
		}
		ry.Total = summaryRowOf("合计（"+strconv.Itoa(len(reps))+" 份报告）", sums[y])
		if len(govReps) > 0 && len(rest) > 0 {
			o := summaryRow("其中本级以外（"+strconv.Itoa(len(rest))+" 份）", rest)
			ry.Others = &o
		}
		if s := sums[y]; s.PerReport != nil {
			ry.PerReport = strconv.FormatFloat(*s.PerReport, 'f', 1, 64)
		}
		p.Years = append(p.Years, ry)
	}
	return p
}

// childOf returns the child of reg on the way down to r (nil when r is not below reg).
func childOf(reg, r *aggregate.Region) *aggregate.Region {
	for ; r != nil; r = r.Parent {
		if r.Parent == reg {
			return r
		}
	}
	return nil
}

// agencyItem is one agency in a list (see agencyItems).
func agencyItem(p *Page, a *aggregate.Agency) AgencyItem {
	it := AgencyItem{Name: a.Name, Href: p.URL("agencies/" + a.Slug + "/")}
	for _, r := range a.Reports {
		it.Years = append(it.Years, YearLink{Year: r.Year, Label: yearText(r), Href: p.URL(reportPath(r)), Badge: r.Badge})
	}
	it.Latest = it.Years[len(it.Years)-1]
	return it
}

// regionKey is a key of everything a region's page is made from: the place,
// its ancestors, the places below it, and the keys of every agency at or
// below it (their names, regions and reports, region.sum of a government
// included). ok is false when an agency has no key.
func regionKey(in *Input, reg *aggregate.Region) (string, bool) {
	h, add := keyHasher()
	add("region/1", reg.Title())
	for _, a := range reg.Ancestors() {
		add("up", a.Slug, a.Name, a.Level)
	}
	var walk func(r *aggregate.Region)
	walk = func(r *aggregate.Region) {
		add("place", r.Slug, r.Name, r.Level, strconv.Itoa(len(r.All())))
		if r.Gov != nil {
			add("gov", r.Gov.Slug)
		}
		for _, a := range r.Agencies {
			add("at", a.Slug)
		}
		for _, c := range r.Children {
			walk(c)
		}
		add("end")
	}
	walk(reg)
	for _, a := range reg.All() {
		k, ok := in.AgencyKeys[a]
		if !ok {
			return "", false
		}
		add("agency", a.Slug, k)
	}
	return hexSum(h), true
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)[:16]) }

// yearKey is what a year page is made from: the years of the corpus (its
// links) and the key of every agency with a report that year (their names,
// reports and neighbouring years, which the outlier flags compare). ok is
// false when an agency has no key.
func yearKey(in *Input, y *aggregate.Year) (string, bool) {
	h, add := keyHasher()
	add("year/2") // 2: split over pages of PageSize
	add(strconv.Itoa(y.Year))
	for _, x := range in.Corpus.Years {
		add(strconv.Itoa(x.Year))
	}
	add("reports")
	var last *aggregate.Agency
	for _, r := range y.Reports {
		a := in.Corpus.AgencyOf[r]
		if a == nil {
			return "", false
		}
		add(r.ID)
		if a == last {
			continue
		}
		last = a
		k, ok := in.AgencyKeys[a]
		if !ok {
			return "", false
		}
		add(k)
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// keyHasher is a sha256 of strings written with their lengths, so that no
// two lists of strings hash alike.
func keyHasher() (hash.Hash, func(...string)) {
	h := sha256.New()
	return h, func(ss ...string) {
		for _, s := range ss {
			var n [8]byte
			for i := range n {
				n[i] = byte(len(s) >> (8 * i))
			}
			h.Write(n[:])
			h.Write([]byte(s))
		}
	}
}
