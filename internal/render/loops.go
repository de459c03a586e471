package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"gongkai/internal/chart"
	"gongkai/internal/report"
)

// The loops of the report and agency pages, written here rather than by
// template (see values.go): html/template calls every field, function and
// escaper of a loop body by reflection, and these loops were most of the
// time spent executing those pages. Each writes exactly what the layout's
// loop wrote before; TestLoopsMatchLayouts holds them to the former
// layouts, kept in testdata/.

// tocHTML is the report page's table of contents: a link per section.
func (a arena) tocHTML(sections []SectionView) template.HTML {
	b := a.buf()
	for i := range sections {
		s := &sections[i]
		b.WriteString(`<li><a href="#s`)
		b.WriteString(strconv.Itoa(s.Number))
		b.WriteString(`">`)
		escapeHTML(b, s.Title)
		b.WriteString(`</a></li>`)
	}
	return a.html(b)
}

// sectionsHTML is the report page's six parts: each with its table (if
// any) and its prose, or a line saying the report has none.
func (a arena) sectionsHTML(p *ReportPage) template.HTML {
	b := a.buf()
	for i := range p.Sections {
		s := &p.Sections[i]
		b.WriteString(`<section id="s`)
		b.WriteString(strconv.Itoa(s.Number))
		b.WriteString(`"><h2>`)
		escapeHTML(b, s.Title)
		b.WriteString(`</h2>`)
		if s.Table != nil {
			b.WriteString(`<p class="legend-null">按年度报告格式排版。“—”表示报告中该栏未填写（不是 0）；标色的单元格未通过校验，原因列在表下。</p>`)
			writeTable(b, s.Table)
		}
		b.WriteByte('\n')
		switch {
		case s.HTML != "":
			b.WriteString(`<div class="prose"`)
			if p.R.Source.Script == "traditional" {
				b.WriteString(` lang="zh-Hant"`)
			}
			b.WriteByte('>')
			b.WriteString(string(s.HTML)) // sanitised by internal/markdown
			b.WriteString(`</div>`)
		case s.Table == nil:
			b.WriteString(`<p class="muted">报告中没有这一部分的文字。</p>`)
		}
		b.WriteString(`</section>`)
	}
	return a.html(b)
}

// yearLinksHTML is a list item per report: its year, linked, and badge.
func (a arena) yearLinksHTML(links []YearLink) template.HTML {
	b := a.buf()
	for i := range links {
		l := &links[i]
		b.WriteString(`<li><a href="`)
		writeURL(b, l.Href)
		b.WriteString(`">`)
		escapeHTML(b, l.Label)
		b.WriteString(`</a> `)
		writeBadge(b, l.Badge)
		b.WriteString(`</li>`)
	}
	return a.html(b)
}

// columnHeadsHTML is the agency table's head cell per report.
func (a arena) columnHeadsHTML(cols []YearLink) template.HTML {
	b := a.buf()
	for i := range cols {
		c := &cols[i]
		b.WriteString(`<th scope="col"><a href="`)
		writeURL(b, c.Href)
		b.WriteString(`">`)
		escapeHTML(b, c.Label)
		b.WriteString(`</a><br>`)
		writeBadge(b, c.Badge)
		b.WriteString(`</th>`)
	}
	return a.html(b)
}

// shareRowsHTML is the body of the outcome shares table: each outcome's
// share and count per report.
func (a arena) shareRowsHTML(rows []ShareRow) template.HTML {
	b := a.buf()
	for i := range rows {
		r := &rows[i]
		b.WriteString(`<tr><th scope="row">`)
		escapeHTML(b, r.Label)
		b.WriteString(`</th>`)
		for _, c := range r.Cells {
			b.WriteString(`<td class="n" data-v="`)
			escapeHTML(b, c.V)
			b.WriteString(`">`)
			if c.Pct != "" {
				escapeHTML(b, c.Pct)
			} else {
				b.WriteString(nullHTML)
			}
			if c.Count != "" {
				b.WriteString(`<small class="cnt">`)
				escapeHTML(b, c.Count)
				b.WriteString(` 件</small>`)
			}
			b.WriteString(`</td>`)
		}
		b.WriteString(`</tr>`)
	}
	return a.html(b)
}

// shareTotalsHTML is the foot of the shares table: the handled count per
// report.
func (a arena) shareTotalsHTML(cells []ShareCell) template.HTML {
	b := a.buf()
	for _, c := range cells {
		b.WriteString(`<td class="n">`)
		if c.Count != "" {
			escapeHTML(b, c.Count)
			b.WriteString(` 件`)
		} else {
			b.WriteString(nullHTML)
		}
		b.WriteString(`</td>`)
	}
	return a.html(b)
}

// reportItemsHTML is the agency page's list of reports, newest first, with
// their downloads and the checks that did not pass.
func (a arena) reportItemsHTML(items []ReportItem) template.HTML {
	b := a.buf()
	for i := range items {
		it := &items[i]
		b.WriteString(`<li>`)
		writeBadge(b, it.Badge)
		b.WriteString(`<div class="msg"><a href="`)
		writeURL(b, it.Href)
		b.WriteString(`"><strong>`)
		escapeHTML(b, it.Label)
		b.WriteString(` 年度报告</strong></a> <span class="muted">`)
		escapeHTML(b, it.Template)
		b.WriteString(` 版表格</span> · <a href="`)
		writeURL(b, it.JSON)
		b.WriteString(`">JSON</a> · <a href="`)
		writeURL(b, it.CSV)
		b.WriteString("\">CSV</a>\n")
		if len(it.Problems) > 0 {
			b.WriteString(`<ul>`)
			for _, c := range it.Problems {
				b.WriteString(`<li>`)
				writeBadge(b, c.Status)
				b.WriteString(` <strong>`)
				escapeHTML(b, checkTitle(c.ID))
				b.WriteString(`</strong>：`)
				escapeHTML(b, short(c.Message))
				b.WriteString(`</li>`)
			}
			b.WriteString(`</ul>`)
		}
		b.WriteString(`</div></li>`)
	}
	return a.html(b)
}

// sourcesHTML is a report page's facts about its source files: name and
// copy, hash, format, original address (an untrusted URL: see writeURL).
func (a arena) sourcesHTML(sources []SourceView) template.HTML {
	b := a.buf()
	for i := range sources {
		s := &sources[i]
		b.WriteString(`<dl class="facts"><dt>文件</dt><dd>`)
		escapeHTML(b, s.Name)
		if s.Copy != "" {
			b.WriteString(` · <a href="`)
			writeURL(b, s.Copy)
			b.WriteString(`">查看原文件</a>`)
		}
		b.WriteString(`</dd>`)
		if s.SHA256 != "" {
			b.WriteString(`<dt>SHA-256</dt><dd><code class="hash">`)
			escapeHTML(b, s.SHA256)
			b.WriteString(`</code></dd>`)
		}
		b.WriteString(`<dt>格式</dt><dd>`)
		escapeHTML(b, s.Format)
		if s.Encoding != "" {
			b.WriteString(` · `)
			escapeHTML(b, s.Encoding)
		}
		if s.Script == "traditional" {
			b.WriteString(` · 繁体字`)
		}
		b.WriteString(`</dd>`)
		if s.URL != "" {
			b.WriteString(`<dt>原始网址</dt><dd><a href="`)
			writeURL(b, s.URL)
			b.WriteString(`" rel="external nofollow noopener">`)
			escapeHTML(b, s.URL)
			b.WriteString(`</a></dd>`)
		}
		b.WriteString(`</dl>`)
	}
	return a.html(b)
}

// writeURL is html/template's escaping of a URL that starts an attribute
// value: an address with a scheme other than http, https or mailto becomes
// "#ZgotmplZ", the rest is percent-encoded where a URL may not hold the
// byte as it is, then escaped for the quoted attribute.
func writeURL(b *bytes.Buffer, s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		b.WriteString("#ZgotmplZ")
		return
	}
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var rep string
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("-._~!#$*,/:;=?@[]", c) >= 0:
			continue
		case c == '&':
			rep = "&amp;"
		case c == '+':
			rep = "&#43;"
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue // an escape already
		}
		b.WriteString(s[last:i])
		if rep != "" {
			b.WriteString(rep)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
		last = i + 1
	}
	b.WriteString(s[last:])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// crumbsHTML is a page's trail from the home page: a link per level above
// it, then its own name (a Link without Href).
func (a arena) crumbsHTML(links []Link) template.HTML {
	b := a.buf()
	b.WriteString(`<p class="crumbs">`)
	for i := range links {
		if i > 0 {
			b.WriteString(` › `)
		}
		writeLink(b, &links[i])
	}
	b.WriteString(`</p>`)
	return a.html(b)
}

// linksHTML is a list item per link.
func (a arena) linksHTML(links []Link) template.HTML {
	b := a.buf()
	for i := range links {
		b.WriteString(`<li>`)
		writeLink(b, &links[i])
		b.WriteString(`</li>`)
	}
	return a.html(b)
}

// writeLink writes a link, or its name alone when it has no address (the
// "link" of partials.html).
func writeLink(b *bytes.Buffer, l *Link) {
	if l.Href == "" {
		escapeHTML(b, l.Name)
		return
	}
	b.WriteString(`<a href="`)
	writeURL(b, l.Href)
	b.WriteString(`">`)
	escapeHTML(b, l.Name)
	b.WriteString(`</a>`)
}

// reportFactsHTML is the report page's facts under its title: the agency
// as the report writes it, the period, the table format and the source.
func (a arena) reportFactsHTML(p *ReportPage) template.HTML {
	b := a.buf()
	b.WriteString(`<dl class="facts"><dt>报告原文中的机关名称</dt><dd`)
	if p.R.Source.Script == "traditional" {
		b.WriteString(` lang="zh-Hant"`)
	}
	b.WriteByte('>')
	escapeHTML(b, p.R.AgencyAsWritten)
	b.WriteString(`</dd>`)
	if p.Period != "" {
		b.WriteString(`<dt>统计期限</dt><dd>`)
		escapeHTML(b, p.Period)
		b.WriteString(`</dd>`)
	}
	b.WriteString(`<dt>表格格式</dt><dd>`)
	switch p.R.Template {
	case "2019":
		b.WriteString(`2019 版（国办公开办函〔2019〕60号）`)
	case "2021":
		b.WriteString(`2021 版（国办公开办函〔2021〕30号）`)
	default:
		b.WriteString(`未识别`)
	}
	b.WriteString(`</dd><dt>来源文件</dt><dd><a href="#source">`)
	if len(p.Sources) > 0 {
		escapeHTML(b, p.Sources[0].Name)
	}
	b.WriteString(`</a></dd></dl>`)
	return a.html(b)
}

// pageHeadHTML is the start of a page's head that differs from page to
// page: its title, description and canonical address. data is the page.
func (a arena) pageHeadHTML(data any) (template.HTML, error) {
	pg, ok := data.(interface{ basePage() *Page })
	if !ok {
		return "", fmt.Errorf("pageHead: %T is not a page", data)
	}
	p := pg.basePage()
	b := a.buf()
	b.WriteString(`<title>`)
	if p.Nav != "home" {
		escapeHTML(b, p.Title)
		b.WriteString(` · `)
	}
	escapeHTML(b, p.Site.Config.Title)
	b.WriteString(`</title>`)
	if p.Desc != "" {
		b.WriteString(`<meta name="description" content="`)
		escapeHTML(b, p.Desc)
		b.WriteString(`">`)
	}
	if c := p.Canonical(); c != "" {
		b.WriteString(`<link rel="canonical" href="`)
		writeURL(b, c)
		b.WriteString(`">`)
	}
	return a.html(b), nil
}

// compareBodiesHTML is the agency table's body: per group, a heading row
// spanning the table, then a row per figure with its value and change
// from the year before in each report.
func (a arena) compareBodiesHTML(p *AgencyPage) template.HTML {
	b := a.buf()
	span := strconv.Itoa(len(p.Columns) + 1)
	for i := range p.Groups {
		g := &p.Groups[i]
		b.WriteString(`<tbody><tr><th scope="colgroup" colspan="`)
		b.WriteString(span)
		b.WriteString(`" class="group">`)
		escapeHTML(b, g.Title)
		b.WriteString(`</th></tr>`)
		for j := range g.Rows {
			r := &g.Rows[j]
			b.WriteString(`<tr><th scope="row">`)
			escapeHTML(b, r.Label)
			b.WriteString(`</th>`)
			for k := range r.Values {
				writeYoY(b, &r.Values[k])
			}
			b.WriteString(`</tr>`)
		}
		b.WriteString(`</tbody>`)
	}
	return a.html(b)
}

// yearHeadsHTML is a head cell per report, its year as the label.
func (a arena) yearHeadsHTML(cols []YearLink) template.HTML {
	b := a.buf()
	for i := range cols {
		b.WriteString(`<th scope="col">`)
		escapeHTML(b, cols[i].Label)
		b.WriteString(`</th>`)
	}
	return a.html(b)
}

// legendHTML is a chart's key: a swatch of each series' colour and its
// name; with lines, the swatch of a line series is drawn as a line.
func (a arena) legendHTML(items []chart.LegendItem, lines bool) template.HTML {
	b := a.buf()
	for i := range items {
		it := &items[i]
		b.WriteString(`<li><i `)
		if lines {
			b.WriteString(`class="`)
			if it.Line {
				b.WriteString(`line`)
			}
			b.WriteString(`" `)
		}
		b.WriteString(`style="background-color: `)
		writeCSSColor(b, it.Color)
		b.WriteString(`"></i>`)
		escapeHTML(b, it.Name)
		b.WriteString(`</li>`)
	}
	return a.html(b)
}

// writeCSSColor writes a "#rrggbb" colour as html/template writes it in a
// style attribute; anything else as the "ZgotmplZ" it puts in place of a
// value it refuses.
func writeCSSColor(b *bytes.Buffer, c string) {
	ok := len(c) > 1 && c[0] == '#'
	for i := 1; ok && i < len(c); i++ {
		ok = isHex(c[i])
	}
	if !ok {
		b.WriteString("ZgotmplZ")
		return
	}
	b.WriteString(c)
}

// outliersHTML is the agency page's list of values that changed sharply.
func (a arena) outliersHTML(outliers []OutlierView) template.HTML {
	b := a.buf()
	for i := range outliers {
		o := &outliers[i]
		b.WriteString(`<li>`)
		writeBadge(b, report.Info)
		b.WriteString(` <a href="`)
		writeURL(b, o.Href)
		b.WriteString(`">`)
		escapeHTML(b, o.Year)
		b.WriteString(` 年度</a> · <strong>`)
		escapeHTML(b, o.Figure)
		b.WriteString(`</strong>（`)
		escapeHTML(b, o.Kind)
		b.WriteString(`）：`)
		escapeHTML(b, o.Message)
		b.WriteString(`</li>`)
	}
	return a.html(b)
}

// regionTrailHTML is an agency's region, each place linked when it has a
// page, the places joined by " › ".
func (a arena) regionTrailHTML(r *RegionLink) template.HTML {
	b := a.buf()
	for i := range r.Places {
		if i > 0 {
			b.WriteString(` › `)
		}
		writeLink(b, &r.Places[i])
	}
	return a.html(b)
}

// verdictHTML is what a report page says of its checks under its title:
// the badge, then how many need a look, or that all agree.
func (a arena) verdictHTML(p *ReportPage) template.HTML {
	b := a.buf()
	writeBadge(b, p.R.Badge)
	if len(p.Problems) > 0 {
		b.WriteString(` 有 `)
		b.WriteString(strconv.Itoa(len(p.Problems)))
		b.WriteString(` 项需要留意，见<a href="#checks">校验结果</a>。`)
	} else {
		b.WriteString(` 各项核对无误。`)
	}
	return a.html(b)
}

// checkListsHTML is a report page's checks: those that warn or fail, then
// the rest folded (open when nothing needs a look).
func (a arena) checkListsHTML(p *ReportPage) template.HTML {
	b := a.buf()
	if len(p.Problems) > 0 {
		b.WriteString(`<ul class="checks">`)
		writeChecks(b, p.Problems)
		b.WriteString(`</ul>`)
	}
	b.WriteByte('\n')
	if len(p.Passed) > 0 {
		b.WriteString(`<details class="more"`)
		if len(p.Problems) == 0 {
			b.WriteString(` open`)
		}
		b.WriteString(`><summary>其余 `)
		b.WriteString(strconv.Itoa(len(p.Passed)))
		b.WriteString(` 项：通过、跳过或说明</summary><ul class="checks">`)
		writeChecks(b, p.Passed)
		b.WriteString(`</ul></details>`)
	}
	return a.html(b)
}
