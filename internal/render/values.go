package render

import (
	"html/template"
	"strings"
)

// The figures of the comparison tables (agency, year, region pages) are
// written here rather than by template: a page has hundreds of them, and
// a template call per cell was most of the time spent on those pages.

// valueHTML is one figure of a sortable table: data-v is its sort key.
func valueHTML(v Value) template.HTML {
	var b strings.Builder
	writeValue(&b, v, true)
	return template.HTML(b.String())
}

// yoyHTML is one figure of an agency's year-by-year table with its change
// from the year before: "+4 +100%" (the legend under the table says what
// the small figures are).
func yoyHTML(v Value) template.HTML {
	var b strings.Builder
	if v.NA || v.Null || v.Change == nil {
		writeValue(&b, v, false)
		return template.HTML(b.String())
	}
	b.WriteString(`<td class="n">`)
	escapeHTML(&b, v.Text)
	b.WriteString(`<small class="chg chg-`)
	escapeHTML(&b, v.Change.Dir)
	// Screen readers hear "比 2022 年（30）+4 +100%"; the eye sees the
	// figures under the number, the column says the year.
	b.WriteString(`"><span class="vh">`)
	escapeHTML(&b, v.Change.Since)
	b.WriteString(`</span>`)
	escapeHTML(&b, v.Change.Abs)
	if v.Change.Pct != "" {
		b.WriteByte(' ')
		escapeHTML(&b, v.Change.Pct)
	}
	b.WriteString(`</small></td>`)
	return template.HTML(b.String())
}

func writeValue(b *strings.Builder, v Value, sortKey bool) {
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
