package render

import (
	"bytes"
	"html/template"
	"strings"
)

// The figures of the comparison tables (agency, year, region pages) are
// written here rather than by template: a page has hundreds of them, and
// a template call per cell was most of the time spent on those pages.

// valueHTML is one figure of a sortable table: data-v is its sort key.
func (a arena) valueHTML(v Value) template.HTML {
	b := a.buf()
	writeValue(b, v, true)
	return a.html(b)
}

// yoyHTML is one figure of an agency's year-by-year table with its change
// from the year before: "+4 +100%" (the legend under the table says what
// the small figures are).
func (a arena) yoyHTML(v Value) template.HTML {
	b := a.buf()
	writeYoY(b, &v)
	return a.html(b)
}

func writeYoY(b *bytes.Buffer, v *Value) {
	if v.NA || v.Null || v.Change == nil {
		writeValue(b, *v, false)
		return
	}
	b.WriteString(`<td class="n">`)
	escapeHTML(b, v.Text)
	b.WriteString(`<small class="chg chg-`)
	escapeHTML(b, v.Change.Dir)
	// Screen readers hear "比 2022 年（30）+4 +100%"; the eye sees the
	// figures under the number, the column says the year.
	b.WriteString(`"><span class="vh">`)
	escapeHTML(b, v.Change.Since)
	b.WriteString(`</span>`)
	escapeHTML(b, v.Change.Abs)
	if v.Change.Pct != "" {
		b.WriteByte(' ')
		escapeHTML(b, v.Change.Pct)
	}
	b.WriteString(`</small></td>`)
}

func writeValue(b *bytes.Buffer, v Value, sortKey bool) {
	switch {
	case v.NA:
		b.WriteString(`<td class="null na"`)
		if sortKey {
			b.WriteString(` data-v=""`)
		}
		if v.Title != "" {
			b.WriteString(` title="`)
			escapeHTML(b, v.Title)
			b.WriteByte('"')
		}
		b.WriteString(`><small>不适用</small></td>`)
	case v.Null:
		b.WriteString(`<td class="null"`)
		if sortKey {
			b.WriteString(` data-v=""`)
		}
		b.WriteString(`>` + nullHTML + `</td>`)
	default:
		b.WriteString(`<td class="n"`)
		if sortKey {
			b.WriteString(` data-v="`)
			escapeHTML(b, v.V)
			b.WriteByte('"')
		}
		b.WriteByte('>')
		escapeHTML(b, v.Text)
		b.WriteString(`</td>`)
	}
}

// nullHTML is a blank cell: a dash, and the word for screen readers.
const nullHTML = `<abbr title="未填写">—</abbr><span class="vh">未填写</span>`

// checksHTML is the <li> items of a report's checks (see values.go's
// note: a template call per check and cell was a good part of a report
// page's time). The bundled layouts write them through checkLists.
func (a arena) checksHTML(checks []CheckView) template.HTML {
	b := a.buf()
	writeChecks(b, checks)
	return a.html(b)
}

func writeChecks(b *bytes.Buffer, checks []CheckView) {
	for i := range checks {
		c := &checks[i]
		b.WriteString(`<li id="check-`)
		escapeHTML(b, c.ID)
		b.WriteString(`">`)
		writeBadge(b, c.Status)
		b.WriteString(`<div class="msg"><strong>`)
		escapeHTML(b, c.Title)
		b.WriteString(`</strong> <code>`)
		escapeHTML(b, c.ID)
		b.WriteString(`</code><br>`)
		escapeHTML(b, c.Message)
		if c.English != "" {
			b.WriteString(` <span class="en" lang="en">(`)
			escapeHTML(b, c.English)
			b.WriteString(`)</span>`)
		}
		if len(c.Cells) > 0 {
			b.WriteString(`<br><small>涉及的单元格：`)
			for k, l := range c.Cells {
				if k > 0 {
					b.WriteString(`、`)
				}
				b.WriteString(`<a href="`)
				escapeHTML(b, l.Href)
				b.WriteString(`">`)
				escapeHTML(b, l.Label)
				b.WriteString(`</a>`)
			}
			b.WriteString(`</small>`)
		}
		b.WriteString(`</div></li>`)
	}
}

// writeBadge is the "badge" partial: the status word, never colour alone.
func writeBadge(b *bytes.Buffer, status string) {
	b.WriteString(`<span class="badge badge-`)
	escapeHTML(b, status)
	b.WriteString(`">`)
	escapeHTML(b, BadgeText(status))
	b.WriteString(`</span>`)
}

// yearRowsHTML is the body of a year page's table: a row per report with
// its badge (sort key 2 fail, 1 warn, 0 pass), figures (an outlier marked
// ⚑ with its reason) and rates. A national year has tens of thousands.
func (a arena) yearRowsHTML(rows []YearRow) template.HTML {
	b := a.buf()
	for i := range rows {
		r := &rows[i]
		b.WriteString(`<tr><th scope="row"><a href="`)
		escapeHTML(b, r.Href)
		b.WriteString(`">`)
		escapeHTML(b, r.Name)
		b.WriteString(`</a></th>`)
		writeBadgeCell(b, r.Badge)
		for _, v := range r.Values {
			if v.NA || v.Null || v.Flag == nil {
				writeValue(b, v, true)
				continue
			}
			why := v.Flag.Kind + "：" + v.Flag.Message
			b.WriteString(`<td class="n flagged" data-v="`)
			escapeHTML(b, v.V)
			b.WriteString(`" title="`)
			escapeHTML(b, why)
			b.WriteString(`">`)
			escapeHTML(b, v.Text)
			b.WriteString(`<span aria-hidden="true"> ⚑</span><span class="vh">（`)
			escapeHTML(b, why)
			b.WriteString(`）</span></td>`)
		}
		for _, v := range r.Rates {
			writeValue(b, v, true)
		}
		b.WriteString("</tr>\n")
	}
	return a.html(b)
}

// writeBadgeCell is a table cell with a report's badge, sorting fail (2)
// before warn (1) before the rest (0).
func writeBadgeCell(b *bytes.Buffer, badge string) {
	b.WriteString(`<td data-v="`)
	switch badge {
	case "fail":
		b.WriteByte('2')
	case "warn":
		b.WriteByte('1')
	default:
		b.WriteByte('0')
	}
	b.WriteString(`">`)
	writeBadge(b, badge)
	b.WriteString(`</td>`)
}

// regionRowsHTML is the body of a region page's table for one year: a row
// per agency under the region (its own government marked 本级) or per place
// below it (its total), with badge, figures and rates. A province's page
// has a row per report under it; national corpora have thousands of
// region pages.
func (a arena) regionRowsHTML(rows []RegionRow) template.HTML {
	b := a.buf()
	for i := range rows {
		r := &rows[i]
		b.WriteString(`<tr><th scope="row">`)
		if r.Href != "" {
			b.WriteString(`<a href="`)
			writeURL(b, r.Href)
			b.WriteString(`">`)
			escapeHTML(b, r.Name)
			b.WriteString(`</a>`)
		} else {
			escapeHTML(b, r.Name)
		}
		if r.Gov {
			b.WriteString(` <small class="muted">本级</small>`)
		}
		b.WriteString(`</th>`)
		if r.Place {
			b.WriteString(`<td data-v><small class="muted">下辖地区</small></td>`) // as the minified layout had it
		} else {
			writeBadgeCell(b, r.Badge)
		}
		for _, v := range r.Values {
			writeValue(b, v, true)
		}
		for _, v := range r.Rates {
			writeValue(b, v, true)
		}
		b.WriteString("</tr>")
	}
	return a.html(b)
}

// regionTotalHTML is a foot row of a region page's table for one year:
// the total of every report under the region, or of all but its
// government's own. A page has two a year and thousands of pages a
// national corpus: by template, a call per figure, they were most of the
// time spent executing region pages.
func (a arena) regionTotalHTML(r RegionRow) template.HTML {
	b := a.buf()
	b.WriteString(`<tr><th scope="row">`)
	escapeHTML(b, r.Name)
	b.WriteString(`</th><td></td>`)
	for _, vs := range [][]Value{r.Values, r.Rates} {
		for _, v := range vs {
			writeCell(b, &Cell{Class: "n", Title: v.Title, Text: v.Text, Null: v.Null})
		}
	}
	b.WriteString(`</tr>`)
	return a.html(b)
}

// regionAgenciesHTML is the list items of a region page's own agencies:
// the name, each year's report with its badge in the link title, and the
// latest badge.
func (a arena) regionAgenciesHTML(items []AgencyItem) template.HTML {
	b := a.buf()
	for i := range items {
		it := &items[i]
		b.WriteString(`<li><a class="name" href="`)
		writeURL(b, it.Href)
		b.WriteString(`">`)
		escapeHTML(b, it.Name)
		b.WriteString("</a>\n<span class=\"years\">")
		writeYearLinks(b, it.Years, writeURL)
		b.WriteString("</span>\n<span><span class=\"vh\">最新一份报告（")
		escapeHTML(b, it.Latest.Label)
		b.WriteString(`）校验：</span>`)
		writeBadge(b, it.Latest.Badge)
		b.WriteString(`</span></li>`)
	}
	return a.html(b)
}

// writeYearLinks is an agency item's link per report year, its badge in
// the title; href writes each link's address as its layout did (a region
// page's as a URL, an agency list's as attribute text).
func writeYearLinks(b *bytes.Buffer, years []YearLink, href func(*bytes.Buffer, string)) {
	for _, y := range years {
		b.WriteString(`<a href="`)
		href(b, y.Href)
		b.WriteString(`" title="`)
		escapeHTML(b, y.Label+" 年度报告："+BadgeText(y.Badge))
		b.WriteString(`">`)
		escapeHTML(b, y.Label)
		b.WriteString(`</a>`)
	}
}

// agencyListHTML is the <li> items of an agency list (home, /agencies/):
// the name, the years with their badges in the link title, the latest
// badge, and the other names. data-q, data-years and data-badge are what
// assets/filter.ts searches and filters on. A national list has tens of
// thousands.
func (a arena) agencyListHTML(items []AgencyItem) template.HTML {
	b := a.buf()
	for i := range items {
		it := &items[i]
		b.WriteString(`<li data-q="`)
		escapeHTML(b, it.Q)
		b.WriteString(`" data-years="`)
		escapeHTML(b, it.YearsAttr)
		b.WriteString(`" data-badge="`)
		escapeHTML(b, it.Latest.Badge)
		b.WriteString(`"><a class="name" href="`)
		escapeHTML(b, it.Href)
		b.WriteString(`">`)
		escapeHTML(b, it.Name)
		b.WriteString(`</a> <span class="years">`)
		writeYearLinks(b, it.Years, escapeHTML)
		b.WriteString(`</span> <span><span class="vh">最新一份报告（`)
		escapeHTML(b, it.Latest.Label)
		b.WriteString(`）校验：</span>`)
		writeBadge(b, it.Latest.Badge)
		b.WriteString(`</span>`)
		if len(it.Others) > 0 {
			b.WriteString(` <small class="muted also">报告中也写作：`)
			escapeHTML(b, strings.Join(it.Others, "、"))
			b.WriteString(`</small>`)
		}
		b.WriteString("</li>\n")
	}
	return a.html(b)
}
