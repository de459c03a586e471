package render

import (
	"html/template"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gongkai/internal/aggregate"
	"gongkai/internal/chart"
	"gongkai/internal/export"
	"gongkai/internal/markdown"
	"gongkai/internal/report"
	"gongkai/internal/stats"
)

// Totals are the counts shown on the home and year pages.
type Totals struct {
	Agencies, Reports, Years int
	Pass, Warn, Fail         int
	Errors                   int
}

func totals(reps []*report.Report) Totals {
	t := Totals{Reports: len(reps)}
	ags, ys := map[string]bool{}, map[int]bool{}
	for _, r := range reps {
		ags[r.AgencySlug] = true
		if r.Year != 0 {
			ys[r.Year] = true
		}
		switch r.Badge {
		case report.Pass:
			t.Pass++
		case report.Warn:
			t.Warn++
		case report.Fail:
			t.Fail++
		}
	}
	t.Agencies, t.Years = len(ags), len(ys)
	return t
}

// YearLink links one report from a list.
type YearLink struct {
	Year  int
	Label string
	Href  string
	Badge string
}

// AgencyItem is one entry of the agency list.
type AgencyItem struct {
	Name      string
	Others    []string // other ways the name was written
	Href      string
	Q         string // search data: names, pinyin, initials, slug
	Years     []YearLink
	YearsAttr string
	Latest    YearLink
}

func agencyItems(p *Page, agencies []*aggregate.Agency) []AgencyItem {
	out := make([]AgencyItem, 0, len(agencies))
	for _, a := range agencies {
		it := AgencyItem{Name: a.Name, Href: p.URL("agencies/" + a.Slug + "/")}
		q := []string{}
		for _, n := range a.Names {
			if n != a.Name {
				it.Others = append(it.Others, n)
			}
		}
		for _, n := range append([]string{a.Name}, a.Names...) {
			q = append(q, strings.ToLower(strings.Join(strings.Fields(n), "")))
		}
		q = append(q, a.Pinyin, a.Initials, strings.ReplaceAll(a.Slug, "-", ""))
		it.Q = strings.Join(dedupe(q), " ")
		var ys []string
		for _, r := range a.Reports {
			l := YearLink{Year: r.Year, Label: yearText(r), Href: p.URL(reportPath(r)), Badge: r.Badge}
			it.Years = append(it.Years, l)
			if r.Year != 0 {
				ys = append(ys, strconv.Itoa(r.Year))
			}
		}
		it.YearsAttr = strings.Join(dedupe(ys), " ")
		it.Latest = it.Years[len(it.Years)-1]
		out = append(out, it)
	}
	return out
}

func yearText(r *report.Report) string {
	if r.Year == 0 {
		return "年度不明"
	}
	d := aggregate.Dir(r)
	if i := strings.IndexByte(d, '-'); i > 0 {
		return d[:i] + "（" + d[i+1:] + "）"
	}
	return d
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// HomePage is the overview.
type HomePage struct {
	Page
	Intro    template.HTML
	Totals   Totals
	Years    []int
	Agencies []AgencyItem
	// AllAgencies is the number of agencies; more than len(Agencies) when
	// the home page lists only the first ones.
	AllAgencies int
	Latest      []YearLink // newest year pages
}

func homePage(in *Input) *HomePage {
	p := &HomePage{Page: newPage(in, "", in.Config.Title, "home")}
	p.Desc = in.Config.Description
	if in.Intro != "" {
		p.Intro = markdown.RenderAt(in.Intro, 2) // under the page's <h1>
	}
	p.Totals = totals(in.Corpus.Reports)
	p.Totals.Errors = len(in.Errors)
	for i := len(in.Corpus.Years) - 1; i >= 0; i-- {
		p.Years = append(p.Years, in.Corpus.Years[i].Year)
	}
	all := in.Corpus.Agencies
	p.AllAgencies = len(all)
	if len(all) > HomeAgencies {
		// A national corpus has tens of thousands of bodies: the home page
		// shows the first ones and its search goes to the full list.
		all = all[:HomeAgencies]
		p.FilterAction = p.URL("agencies/")
	}
	p.Agencies = agencyItems(&p.Page, all)
	return p
}

// HomeAgencies is how many agencies the home page lists itself.
const HomeAgencies = 200

// AgenciesPage lists every agency (the home list without the overview).
type AgenciesPage struct {
	Page
	Years    []int
	Agencies []AgencyItem // this page's
	// Index is agencies/index.json, which the search reads when the list is
	// split over pages; Initials jump to where each pinyin initial begins.
	Index    string
	Initials []PagerLink
}

// agenciesPage is page n (from 1) of the list of agencies; the search on
// every page looks through all of them (agencies/index.json). initials
// gives where each initial begins (see initials), the same for every page.
func agenciesPage(in *Input, n int, initials func() []initial) *AgenciesPage {
	p := &AgenciesPage{Page: newPage(in, pagePath("agencies/", n), pageTitle("全部机关", n), "agencies")}
	p.Desc = "按名称或拼音查找发布政府信息公开工作年度报告的全部机关"
	for i := len(in.Corpus.Years) - 1; i >= 0; i-- {
		p.Years = append(p.Years, in.Corpus.Years[i].Year)
	}
	all := in.Corpus.Agencies
	p.Pager = newPager(&p.Page, "agencies/", n, len(all))
	lo, hi := pageRange(n, len(all))
	p.Agencies = agencyItems(&p.Page, all[lo:hi])
	if p.Pager != nil {
		p.Index = p.URL("agencies/index.json")
		for _, ini := range initials() {
			p.Initials = append(p.Initials, PagerLink{Number: ini.page, Href: p.URL(pagePath("agencies/", ini.page)), Label: ini.label})
		}
	}
	return p
}

// initial is where the agencies of one initial begin in the list.
type initial struct {
	label string
	page  int
}

// initials are the first letters of the agencies' slugs (pinyin, the
// order of the list), each with the page where its agencies begin. Made
// once for all the pages of the list: made for each, they were a pass over
// every agency per page, 0.3 s of a 100,000-report rebuild.
func initials(all []*aggregate.Agency) []initial {
	var out []initial
	last := ""
	for i, a := range all {
		k := "#"
		if a.Slug != "" && a.Slug[0] >= 'a' && a.Slug[0] <= 'z' {
			k = strings.ToUpper(a.Slug[:1])
		}
		if k == last {
			continue
		}
		last = k
		out = append(out, initial{label: k, page: i/PageSize + 1})
	}
	return out
}

// Metric is one figure compared across reports: a path per template.
type Metric struct {
	Label, English string
	Paths          map[string]string // template → cell path ("" = not in that template)
	// Sum adds paths (all must be known, else null), for litigation totals.
	Sum []map[string]string
}

func both(p string) map[string]string { return map[string]string{"2019": p, "2021": p} }

// MetricGroups are the rows of the agency comparison table.
var MetricGroups = []struct {
	Title   string
	Metrics []Metric
}{
	{"依申请公开（表三，总计列）", []Metric{
		{"新收申请", "new requests", both("requests.new.total"), nil},
		{"上年结转", "carried over", both("requests.carried_over.total"), nil},
		{"予以公开", "granted", both("requests.granted.total"), nil},
		{"部分公开", "granted in part", both("requests.partial.total"), nil},
		{"不予公开", "denied", both("derived.requests.denied.total"), nil},
		{"无法提供", "unavailable", both("derived.requests.unavailable.total"), nil},
		{"不予处理", "not processed", both("derived.requests.rejected.total"), nil},
		{"其他处理", "other handling", both("derived.requests.other.total"), nil},
		{"办理结果总计", "total handled", both("requests.total.total"), nil},
		{"结转下年度", "carried forward", both("requests.carried_forward.total"), nil},
	}},
	{"行政复议与行政诉讼（表四，总计）", []Metric{
		{"行政复议", "administrative review", both("review.review.total"), nil},
		{"其中：结果纠正", "of which corrected", both("review.review.corrected"), nil},
		{"行政诉讼（未经复议）", "litigation without review", both("review.litigation_direct.total"), nil},
		{"行政诉讼（复议后）", "litigation after review", both("review.litigation_after_review.total"), nil},
	}},
	{"主动公开（表二）", []Metric{
		{"规章：本年制发（2019 版：新制作）", "rules issued", map[string]string{"2021": "active.rules.issued", "2019": "active.rules.made"}, nil},
		{"规章：现行有效（2021 版）", "rules in force", map[string]string{"2021": "active.rules.in_force"}, nil},
		{"规范性文件：本年制发（2019 版：新制作）", "normative documents issued", map[string]string{"2021": "active.normative_docs.issued", "2019": "active.normative_docs.made"}, nil},
		{"规范性文件：现行有效（2021 版）", "normative documents in force", map[string]string{"2021": "active.normative_docs.in_force"}, nil},
		{"行政许可处理决定", "licensing decisions", both("active.licensing.decisions"), nil},
		{"行政处罚决定", "penalty decisions", both("active.penalties.decisions"), nil},
		{"行政强制决定", "enforcement decisions", both("active.enforcement.decisions"), nil},
		{"行政事业性收费（万元，2021 版）", "fees (10,000 yuan)", map[string]string{"2021": "active.fees.amount"}, nil},
	}},
}

// Value is one number in a comparison, or why there is none.
//
// Its fields are left out of JSON when empty: a page's key (dataKey) is
// the JSON of its data, and a year page holds tens of thousands of values.
type Value struct {
	Text  string `json:",omitempty"` // formatted number
	V     string `json:",omitempty"` // sort key: the number, "" when none
	Null  bool   `json:",omitempty"` // blank in the report
	NA    bool   `json:",omitempty"` // not part of that report's template
	Title string `json:",omitempty"`
	// Change is the difference from the previous year (agency page only).
	Change *ChangeView `json:",omitempty"`
	// Flag marks an outlier (year page only).
	Flag *OutlierView `json:",omitempty"`
}

func metricValue(r *report.Report, m Metric) Value {
	id := r.TemplateDef().ID
	p, ok := m.Paths[id]
	if !ok || p == "" {
		return Value{NA: true, Title: id + " 版模板无此项"}
	}
	if v, ok := r.Value(p); ok {
		s := report.FormatNumber(v)
		return Value{Text: s, V: s}
	}
	return Value{Null: true, Title: "未填写"}
}

// CompareRow is one metric across the agency's reports.
type CompareRow struct {
	Label, English string
	Values         []Value
}

// CompareGroup is a titled block of rows.
type CompareGroup struct {
	Title string
	Rows  []CompareRow
}

// AgencyPage shows one agency's years side by side.
type AgencyPage struct {
	Page
	A         *aggregate.Agency
	Others    []string
	Columns   []YearLink
	Groups    []CompareGroup
	Chart     template.HTML
	Legend    []chart.LegendItem
	Reports   []ReportItem
	BadgeHref string
	BadgeAbs  string
	PageAbs   string
	// Outcome shares by year (stats.Shares), their chart, and the flags.
	ShareRows   []ShareRow
	ShareTotal  ShareRow
	ShareChart  template.HTML
	ShareLegend []chart.LegendItem
	Outliers    []OutlierView
	CompareHref string
	Region      *RegionLink
	Crumbs      []Link
	Downloads   []Link
}

// ReportItem is a report in a list, with its failing checks.
type ReportItem struct {
	YearLink
	Template string
	Problems []report.Check
	Agency   string
	JSON     string
	CSV      string
}

func reportItem(p *Page, r *report.Report) ReportItem {
	it := ReportItem{YearLink: YearLink{Year: r.Year, Label: yearText(r), Href: p.URL(reportPath(r)), Badge: r.Badge},
		Template: r.Template, Agency: r.Agency, JSON: p.URL(reportPath(r) + "report.json"), CSV: p.URL(reportPath(r) + "report.csv")}
	for _, c := range r.Checks {
		if c.Status == report.Fail || c.Status == report.Warn {
			it.Problems = append(it.Problems, c)
		}
	}
	return it
}

func agencyPage(in *Input, a *aggregate.Agency) *AgencyPage {
	p := &AgencyPage{Page: newPage(in, "agencies/"+a.Slug+"/", a.Name, "agencies"), A: a}
	p.Desc = a.Name + " 历年政府信息公开工作年度报告数据"
	for _, n := range a.Names {
		if n != a.Name {
			p.Others = append(p.Others, n)
		}
	}
	// Slices made at their length: an agency page is made for every
	// agency, and growing them by appending allocated twice over.
	n := len(a.Reports)
	labels := make([]string, 0, n)
	p.Columns = make([]YearLink, 0, n)
	for _, r := range a.Reports {
		p.Columns = append(p.Columns, YearLink{Year: r.Year, Label: yearText(r), Href: p.URL(reportPath(r)), Badge: r.Badge})
		labels = append(labels, yearText(r))
	}
	p.Groups = make([]CompareGroup, 0, len(MetricGroups))
	for _, g := range MetricGroups {
		cg := CompareGroup{Title: g.Title, Rows: make([]CompareRow, 0, len(g.Metrics))}
		for _, m := range g.Metrics {
			row := CompareRow{Label: m.Label, English: m.English, Values: make([]Value, 0, len(a.Reports))}
			for _, r := range a.Reports {
				row.Values = append(row.Values, metricValue(r, m))
			}
			cg.Rows = append(cg.Rows, row)
		}
		p.Groups = append(p.Groups, cg)
	}
	ch := chart.Chart{ID: "trend", Title: a.Name + "：历年新收申请与办理结果", Labels: labels}
	// The six outcome groups stacked, new requests as a line.
	ch.Stacks = make([]chart.Series, 0, len(stats.Outcomes))
	for _, f := range stats.Outcomes {
		ser := chart.Series{Name: f.Label, Values: make([]*float64, 0, n)}
		for _, r := range a.Reports {
			ser.Values = append(ser.Values, f.Get(r))
		}
		ch.Stacks = append(ch.Stacks, ser)
	}
	line := chart.Series{Name: stats.New.Label, Values: make([]*float64, 0, n)}
	for _, r := range a.Reports {
		line.Values = append(line.Values, stats.New.Get(r))
	}
	ch.Line = &line
	p.Chart, p.Legend = ch.SVG(), ch.Legend()
	p.Reports = make([]ReportItem, 0, n)
	for i := len(a.Reports) - 1; i >= 0; i-- {
		p.Reports = append(p.Reports, reportItem(&p.Page, a.Reports[i]))
	}
	p.BadgeHref = p.URL("badges/" + a.Slug + ".svg")
	p.BadgeAbs = in.Config.AbsURL("badges/" + a.Slug + ".svg")
	p.PageAbs = in.Config.AbsURL(p.Path)
	yoyAgency(p, in.Corpus, a)
	p.Region = regionLink(&p.Page, in.Corpus.RegionOf[a])
	p.Crumbs = []Link{{"首页", p.URL("")}, {"机关", p.URL("agencies/")}, {a.Name, ""}}
	p.Downloads = []Link{{"历年数据 data.json", p.URL("agencies/" + a.Slug + "/data.json")},
		{"历年数据 data.csv", p.URL("agencies/" + a.Slug + "/data.csv")}, {"全部机关的数据", p.URL("data/")}}
	return p
}

// SectionView is one of the six parts: prose, or the table it holds.
type SectionView struct {
	Number int
	Title  string
	HTML   template.HTML
	Table  *TableView
}

// CheckView is a check with links to the cells it names.
type CheckView struct {
	// The report's own check: a copy for each of a corpus's checks was a
	// tenth of what report pages allocated.
	*report.Check
	Title string
	Cells []CellLink
}

// CellLink names a cell and links to it on the page.
type CellLink struct {
	Path, Label, Href string
}

// SourceView describes one source file.
type SourceView struct {
	report.Source
	Name string
	Copy string // link to the published copy ("" when off)
}

// ReportPage is one report.
type ReportPage struct {
	Page
	R          *report.Report
	A          *aggregate.Agency
	Sections   []SectionView
	Problems   []CheckView // checks that warn or fail, first
	Passed     []CheckView // the rest, in SPEC order
	Sources    []SourceView
	Others     []YearLink // the agency's other reports
	JSON       string
	CSV        string
	AgencyHref string
	Period     string
	Crumbs     []Link
	Downloads  []Link
}

// CheckTitles are the Chinese names of the checks (SPEC §3).
var CheckTitles = map[string]string{
	"structure.sections":   "六个部分是否齐全",
	"structure.tables":     "三张统计表是否齐全",
	"structure.cells":      "表格是否填写完整",
	"requests.balance":     "申请表勾稽关系（新收 + 结转 = 办结 + 结转下年）",
	"requests.row_sum":     "申请表每行合计",
	"requests.outcome_sum": "办理结果之和等于总计",
	"review.row_sum":       "复议诉讼每行合计",
	"meta.year":            "报告年度",
	"meta.template":        "表格模板与年度相符",
	"narrative.requests":   "正文所述申请数与表格一致",
	"structure.inferred":   "是否有推断得出的单元格",
	"requests.carryover":   "上年结转与上一年报告衔接",
	"active.stock":         "现行有效件数与上一年衔接",
	"meta.duplicate":       "同一机关同一年度是否重复",
	"region.sum":           "与下级机关合计比对",
}

// CheckOrder is SPEC §3's order, for grouping.
var CheckOrder = []string{"structure.sections", "structure.tables", "structure.cells", "requests.balance", "requests.row_sum",
	"requests.outcome_sum", "review.row_sum", "meta.year", "meta.template", "narrative.requests", "structure.inferred",
	"requests.carryover", "active.stock", "meta.duplicate", "region.sum"}

// cellLinksOf caches cellLinks: checks name up to every cell of a table,
// and a label per cell and report was a good part of a report page's
// allocations.
var cellLinksOf sync.Map // *report.Template → map[string]CellLink

// cellLinks are the links to every cell of a template's tables, by path
// (a path outside them links to itself, labelled with the path).
func cellLinks(t *report.Template) map[string]CellLink {
	if m, ok := cellLinksOf.Load(t); ok {
		return m.(map[string]CellLink)
	}
	m := map[string]CellLink{}
	for _, tb := range t.Tables {
		for _, row := range tb.Rows {
			for _, col := range row.Columns {
				path := tb.Key + "." + row.Key + "." + col.Key
				m[path] = CellLink{Path: path, Label: cellLabel(t, path), Href: "#c-" + path}
			}
		}
	}
	cellLinksOf.Store(t, m)
	return m
}

// cellLabel names a cell path in the template's words.
func cellLabel(t *report.Template, path string) string {
	parts := strings.Split(path, ".")
	if len(parts) != 3 {
		return path
	}
	td := t.Table(parts[0])
	if td == nil {
		return path
	}
	row := td.Row(parts[1])
	if row == nil {
		return path
	}
	for _, c := range row.Columns {
		if c.Key == parts[2] {
			return strings.TrimSpace(row.Label) + " · " + c.Label
		}
	}
	return path
}

func fileName(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

func reportPage(in *Input, a *aggregate.Agency, r *report.Report) *ReportPage {
	title := a.Name + " " + yearText(r) + " 年度报告"
	if r.Year == 0 {
		title = a.Name + " 年度报告（年度不明）"
	}
	p := &ReportPage{Page: newPage(in, reportPath(r), title, "agencies"), R: r, A: a}
	p.Desc = title + "：统计表、校验结果与原文"
	p.AgencyHref = p.URL("agencies/" + a.Slug + "/")
	p.JSON, p.CSV = p.URL(reportPath(r)+"report.json"), p.URL(reportPath(r)+"report.csv")
	if r.Period != nil && (r.Period.From != "" || r.Period.To != "") {
		p.Period = r.Period.From + " 至 " + r.Period.To
	}
	var bySection [7]*TableView
	tvs := tables(r, false)
	for i := range tvs {
		switch tvs[i].Key {
		case "active":
			bySection[2] = &tvs[i]
		case "requests":
			bySection[3] = &tvs[i]
		case "review":
			bySection[4] = &tvs[i]
		}
	}
	prose := map[int]report.Section{}
	for _, s := range r.Sections {
		prose[s.Number] = s
	}
	p.Sections = make([]SectionView, 0, 6)
	for n := 1; n <= 6; n++ {
		s, ok := prose[n]
		sv := SectionView{Number: n, Title: s.Title, Table: bySection[n]}
		if !ok || sv.Title == "" {
			sv.Title = defaultTitles[n-1]
		}
		if strings.TrimSpace(s.Text) != "" {
			if r.Source.Format == "markdown" {
				sv.HTML = markdown.Render(s.Text)
			} else {
				sv.HTML = markdown.Text(s.Text)
			}
		}
		p.Sections = append(p.Sections, sv)
	}
	links := cellLinks(r.TemplateDef())
	problems := 0
	for _, c := range r.Checks {
		if c.Status == report.Fail || c.Status == report.Warn {
			problems++
		}
	}
	if problems > 0 {
		p.Problems = make([]CheckView, 0, problems)
	}
	if problems < len(r.Checks) {
		p.Passed = make([]CheckView, 0, len(r.Checks)-problems)
	}
	for i := range r.Checks {
		c := &r.Checks[i]
		cv := CheckView{Check: c, Title: CheckTitles[c.ID]}
		if len(c.Cells) > 0 {
			cv.Cells = make([]CellLink, len(c.Cells))
			for i, path := range c.Cells {
				l, ok := links[path]
				if !ok {
					l = CellLink{Path: path, Label: path, Href: "#c-" + path}
				}
				cv.Cells[i] = l
			}
		}
		if cv.Title == "" {
			cv.Title = c.ID
		}
		if c.Status == report.Fail || c.Status == report.Warn {
			p.Problems = append(p.Problems, cv)
		} else {
			p.Passed = append(p.Passed, cv)
		}
	}
	for _, s := range append([]report.Source{r.Source}, r.Sources...) {
		sv := SourceView{Source: s, Name: fileName(s.Path)}
		if cp, ok := in.Copies[s.Path]; ok {
			sv.Copy = p.URL(cp)
		}
		p.Sources = append(p.Sources, sv)
	}
	for _, o := range a.Reports {
		if o != r {
			p.Others = append(p.Others, YearLink{Year: o.Year, Label: yearText(o), Href: p.URL(reportPath(o)), Badge: o.Badge})
		}
	}
	p.Crumbs = []Link{{"首页", p.URL("")}, {"机关", p.URL("agencies/")}, {a.Name, p.AgencyHref}, {yearLabel(r.Year), ""}}
	p.Downloads = []Link{{"report.json", p.JSON}, {"report.csv", p.CSV}, {"该机关历年对比", p.AgencyHref}}
	return p
}

var defaultTitles = []string{"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"}

// YearColumns are the columns of the year table.
var YearColumns = []Metric{
	{"新收申请", "new", both("requests.new.total"), nil},
	{"上年结转", "carried over", both("requests.carried_over.total"), nil},
	{"予以公开", "granted", both("requests.granted.total"), nil},
	{"部分公开", "partial", both("requests.partial.total"), nil},
	{"不予公开", "denied", both("derived.requests.denied.total"), nil},
	{"无法提供", "unavailable", both("derived.requests.unavailable.total"), nil},
	{"不予处理", "not processed", both("derived.requests.rejected.total"), nil},
	{"其他处理", "other", both("derived.requests.other.total"), nil},
	{"办理总计", "total", both("requests.total.total"), nil},
	{"结转下年", "carried forward", both("requests.carried_forward.total"), nil},
	{"行政复议", "review", both("review.review.total"), nil},
	{"行政诉讼", "litigation", nil, []map[string]string{both("review.litigation_direct.total"), both("review.litigation_after_review.total")}},
}

func yearValue(r *report.Report, m Metric) Value {
	if m.Sum == nil {
		return metricValue(r, m)
	}
	sum := 0.0
	for _, ps := range m.Sum {
		v, ok := r.Value(ps[r.TemplateDef().ID])
		if !ok {
			return Value{Null: true, Title: "有未填写的栏目"}
		}
		sum += v
	}
	s := report.FormatNumber(sum)
	return Value{Text: s, V: s}
}

// yearFigures are YearColumns' figures, made once: the year page compares
// each outlier flag with every column.
var yearFigures = sync.OnceValue(func() []stats.Figure {
	out := make([]stats.Figure, len(YearColumns))
	for i, m := range YearColumns {
		out[i] = m.figure()
	}
	return out
})

// YearRow is one agency in the year table.
type YearRow struct {
	Name, Href, Badge, Template string
	Values                      []Value
	Rates                       []Value // RateColumns
}

// RateColumns are the rates of the year table, after YearColumns.
var RateColumns = []string{"予以公开占比", "不予公开占比"}

// YearTotal is a column total with how many reports it covers.
type YearTotal struct {
	Value
	Count int
}

// YearPage compares every agency of one year.
type YearPage struct {
	Page
	Year    int
	Columns []Metric
	Rows    []YearRow
	Totals  []YearTotal
	Stats   Totals
	Prev    string
	Next    string
	N       int
	// Rates over the column sums, new requests per report, and the flags.
	RateTotals []Value
	Rates      []string
	PerReport  string
	Outliers   []OutlierView
}

// yearSums is what every page of a year shows about the whole year: the
// totals row, the rates over it and the boxes above the table. It is worked
// out once per year, not once per page.
type yearSums struct {
	Stats      Totals
	N          int
	Totals     []YearTotal
	RateTotals []Value
	PerReport  string
}

func newYearSums(y *aggregate.Year) *yearSums {
	t := &yearSums{Stats: totals(y.Reports), N: len(y.Reports)}
	t.Stats.Years = 0 // one year: not worth a box
	sums := make([]float64, len(YearColumns))
	counts := make([]int, len(YearColumns))
	for _, r := range y.Reports {
		for i, m := range YearColumns {
			if v := yearValue(r, m); v.V != "" {
				f, _ := strconv.ParseFloat(v.V, 64)
				sums[i] += f
				counts[i]++
			}
		}
	}
	for i := range YearColumns {
		s := report.FormatNumber(sums[i])
		t.Totals = append(t.Totals, YearTotal{Value: Value{Text: s, V: s}, Count: counts[i]})
	}
	sum := stats.Summarize(y.Reports)
	t.RateTotals = []Value{rateValue(sum.Shares[stats.Granted.Key]), rateValue(sum.Shares[stats.Denied.Key])}
	if sum.PerReport != nil {
		t.PerReport = strconv.FormatFloat(*sum.PerReport, 'f', 1, 64)
	}
	return t
}

// yearPage is page n (from 1) of a year's table: PageSize reports, with the
// totals of the whole year (sums, from newYearSums).
func yearPage(in *Input, y *aggregate.Year, sums *yearSums, flags map[*report.Report][]stats.Outlier, n int) *YearPage {
	base := "years/" + strconv.Itoa(y.Year) + "/"
	p := &YearPage{Page: newPage(in, pagePath(base, n), pageTitle(strconv.Itoa(y.Year)+" 年度全部机关", n), "years"), Year: y.Year, Columns: YearColumns, Rates: RateColumns}
	p.Pager = newPager(&p.Page, base, n, len(y.Reports))
	lo, hi := pageRange(n, len(y.Reports))
	p.Desc = strconv.Itoa(y.Year) + " 年度各机关政府信息公开工作年度报告的申请、办理与复议诉讼数据对比"
	p.Stats, p.N, p.Totals, p.RateTotals, p.PerReport = sums.Stats, sums.N, sums.Totals, sums.RateTotals, sums.PerReport
	p.Rows = make([]YearRow, 0, hi-lo)
	for _, r := range y.Reports[lo:hi] {
		row := YearRow{Name: r.Agency, Href: p.URL(reportPath(r)), Badge: r.Badge, Template: r.Template, Values: make([]Value, 0, len(YearColumns))}
		if a := in.Corpus.AgencyOf[r]; a != nil {
			row.Name = a.Name
		}
		for _, m := range YearColumns {
			row.Values = append(row.Values, yearValue(r, m))
		}
		for _, o := range flags[r] {
			ov := outlierView(&p.Page, in.Corpus, o)
			p.Outliers = append(p.Outliers, ov)
			for i, f := range yearFigures() {
				if sameFigure(f, o.Figure) && row.Values[i].Flag == nil {
					row.Values[i].Flag = &ov
				}
			}
		}
		// The two rates of the row, not a whole Summarize per report.
		one := []*report.Report{r}
		row.Rates = []Value{rateValue(stats.RatioOf(stats.Granted, stats.Handled, one)), rateValue(stats.RatioOf(stats.Denied, stats.Handled, one))}
		p.Rows = append(p.Rows, row)
	}
	for i, yy := range in.Corpus.Years {
		if yy == y {
			if i > 0 {
				p.Prev = strconv.Itoa(in.Corpus.Years[i-1].Year)
			}
			if i+1 < len(in.Corpus.Years) {
				p.Next = strconv.Itoa(in.Corpus.Years[i+1].Year)
			}
		}
	}
	return p
}

// YearsPage lists the years.
type YearsPage struct {
	Page
	Years []YearSummary
}

// YearSummary is one line of the years list.
type YearSummary struct {
	Year   int
	Href   string
	Totals Totals
}

func yearsPage(in *Input) *YearsPage {
	p := &YearsPage{Page: newPage(in, "years/", "按年度浏览", "years")}
	p.Desc = "按年度浏览各机关的政府信息公开工作年度报告与校验结果"
	for i := len(in.Corpus.Years) - 1; i >= 0; i-- {
		y := in.Corpus.Years[i]
		p.Years = append(p.Years, YearSummary{Year: y.Year, Href: p.URL("years/" + strconv.Itoa(y.Year) + "/"), Totals: totals(y.Reports)})
	}
	return p
}

// ValidationGroup is one check with the reports that fail or warn on it:
// all of them on its own page, the first ValidationPreview on /validation/.
type ValidationGroup struct {
	ID, Title  string
	Fail, Warn int
	Items      []ValidationItem
	More       string // the check's own page, when Items are only the first
}

// Total is how many reports fail or warn on the check.
func (v ValidationGroup) Total() int { return v.Fail + v.Warn }

// ValidationItem is one report under a check.
type ValidationItem struct {
	Agency, Year, Href, Status, Message string
}

// ValidationPreview is how many reports /validation/ lists under a check
// that has its own pages.
const ValidationPreview = 20

// checkGroup is a check and the reports failing or warning on it, fails
// first, each in corpus order.
type checkGroup struct {
	ID         string
	Fail, Warn int
	Entries    []checkEntry
}

type checkEntry struct {
	r *report.Report
	c *report.Check
}

// checkGroups groups the failed and warned checks of the corpus by check,
// in CheckOrder (then by id).
func checkGroups(c *aggregate.Corpus) []*checkGroup {
	byID := map[string]*checkGroup{}
	var out []*checkGroup
	for _, r := range c.Reports {
		for i := range r.Checks {
			ch := &r.Checks[i]
			if ch.Status != report.Fail && ch.Status != report.Warn {
				continue
			}
			g := byID[ch.ID]
			if g == nil {
				g = &checkGroup{ID: ch.ID}
				byID[ch.ID] = g
				out = append(out, g)
			}
			if ch.Status == report.Fail {
				g.Fail++
			} else {
				g.Warn++
			}
			g.Entries = append(g.Entries, checkEntry{r, ch})
		}
	}
	rank := map[string]int{}
	for i, id := range CheckOrder {
		rank[id] = i + 1
	}
	for _, g := range out {
		sort.SliceStable(g.Entries, func(i, j int) bool {
			return g.Entries[i].c.Status == report.Fail && g.Entries[j].c.Status != report.Fail
		})
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := rank[out[i].ID], rank[out[j].ID]
		if ri == 0 {
			ri = 1000
		}
		if rj == 0 {
			rj = 1000
		}
		if ri != rj {
			return ri < rj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// checkPaged tells whether a check has pages of its own: more reports than
// the preview, and an id that is safe as a directory name.
func checkPaged(g *checkGroup) bool {
	if len(g.Entries) <= ValidationPreview || g.ID == "" {
		return false
	}
	for _, c := range g.ID {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return g.ID[0] != '.'
}

// checkBase is the site directory of a check's own pages.
func checkBase(g *checkGroup) string { return "validation/" + g.ID + "/" }

// group is g as shown on p: the entries [lo, hi) as items.
func (g *checkGroup) group(in *Input, p *Page, lo, hi int) ValidationGroup {
	v := ValidationGroup{ID: g.ID, Title: CheckTitles[g.ID], Fail: g.Fail, Warn: g.Warn, Items: make([]ValidationItem, 0, hi-lo)}
	for _, e := range g.Entries[lo:hi] {
		name := e.r.Agency
		if a := in.Corpus.AgencyOf[e.r]; a != nil {
			name = a.Name
		}
		v.Items = append(v.Items, ValidationItem{Agency: name, Year: yearText(e.r), Href: p.URL(reportPath(e.r)), Status: e.c.Status, Message: e.c.Message})
	}
	return v
}

// ValidationPage lists the problems.
type ValidationPage struct {
	Page
	Groups []ValidationGroup
	Errors []FileError
	Totals Totals
}

func validationPage(in *Input, groups []*checkGroup) *ValidationPage {
	p := &ValidationPage{Page: newPage(in, "validation/", "校验结果", "validation"), Errors: in.Errors}
	p.Desc = "逐项核对年度报告表内勾稽关系的结果：未通过、有警告的报告与无法读取的文件"
	p.Totals = totals(in.Corpus.Reports)
	p.Totals.Errors = len(in.Errors)
	for _, g := range groups {
		hi := len(g.Entries)
		more := ""
		if checkPaged(g) {
			hi, more = ValidationPreview, p.URL(checkBase(g))
		}
		v := g.group(in, &p.Page, 0, hi)
		v.More = more
		p.Groups = append(p.Groups, v)
	}
	return p
}

// CheckPage is page n of the reports failing or warning on one check.
type CheckPage struct {
	Page
	Group ValidationGroup
}

func checkPage(in *Input, g *checkGroup, n int) *CheckPage {
	title := CheckTitles[g.ID]
	if title == "" {
		title = g.ID
	}
	p := &CheckPage{Page: newPage(in, pagePath(checkBase(g), n), pageTitle("校验项："+title, n), "validation")}
	p.Desc = "未通过或有警告的年度报告：" + g.ID
	p.Pager = newPager(&p.Page, checkBase(g), n, len(g.Entries))
	lo, hi := pageRange(n, len(g.Entries))
	p.Group = g.group(in, &p.Page, lo, hi)
	return p
}

// DataPage describes the downloads.
type DataPage struct {
	Page
	Files      []DataFile
	Dictionary []export.DictEntry
	Cite       string
	Feed       string
	Gzipped    bool // some files are published as .gz
}

// DataFile is one download with its link.
type DataFile struct {
	export.FileInfo
	Href string
}

func dataPage(in *Input) *DataPage {
	p := &DataPage{Page: newPage(in, "data/", "数据下载与字典", "data"), Dictionary: in.Dictionary}
	p.Desc = "下载全部年度报告数据（CSV、JSON、SQLite）及数据字典"
	for _, f := range in.DataFiles {
		p.Files = append(p.Files, DataFile{FileInfo: f, Href: p.URL("data/" + f.Name)})
		p.Gzipped = p.Gzipped || strings.HasSuffix(f.Name, ".gz")
	}
	p.Cite = in.Config.Cite
	if p.Cite == "" {
		p.Cite = in.Config.Title + "，" + in.Config.AbsURL("data/") + "，数据截至 " + in.BuildDate + "。"
	}
	p.Feed = p.URL("feed.xml")
	return p
}
