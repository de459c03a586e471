package render

import (
	"bytes"
	"html/template"
	"strconv"

	"gongkai/internal/report"
)

// writeCell writes one cell of a statutory table (tableHTML): a report page
// has some 230, and executing a template partial per cell (html/template
// calls an escaper by reflection for every value) was the largest cost of a
// site build. TestCellsHTML checks it against that partial, kept in the
// test as the reference.
func writeCell(b *bytes.Buffer, c *Cell) {
	if c.Header {
		b.WriteString("<th")
		if c.Scope != "" {
			b.WriteString(` scope="`)
			escapeHTML(b, c.Scope)
			b.WriteByte('"')
		}
		if c.Rowspan > 1 {
			b.WriteString(` rowspan="`)
			b.WriteString(strconv.Itoa(c.Rowspan))
			b.WriteByte('"')
		}
		if c.Colspan > 1 {
			b.WriteString(` colspan="`)
			b.WriteString(strconv.Itoa(c.Colspan))
			b.WriteByte('"')
		}
		if c.Class != "" {
			b.WriteString(` class="`)
			escapeHTML(b, c.Class)
			b.WriteByte('"')
		}
		b.WriteByte('>')
		escapeHTML(b, c.Text)
		b.WriteString("</th>")
		return
	}
	b.WriteString(`<td`)
	if c.ID != "" {
		b.WriteString(` id="`)
		escapeHTML(b, c.ID)
		b.WriteByte('"')
	}
	if c.Class != "" {
		b.WriteString(` class="`)
		escapeHTML(b, c.Class)
		b.WriteByte('"')
	}
	if c.Colspan > 1 {
		b.WriteString(` colspan="`)
		b.WriteString(strconv.Itoa(c.Colspan))
		b.WriteByte('"')
	}
	if c.Title != "" {
		b.WriteString(` title="`)
		escapeHTML(b, c.Title)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	if c.Null {
		b.WriteString(nullHTML)
	} else {
		escapeHTML(b, c.Text)
	}
	for _, n := range c.Notes {
		s := strconv.Itoa(n)
		b.WriteString(`<sup><a href="#note-`)
		escapeURLPart(b, c.NoteTable())
		b.WriteByte('-')
		b.WriteString(s)
		b.WriteString(`" aria-label="说明 `)
		b.WriteString(s)
		b.WriteString(`">`)
		b.WriteString(s)
		b.WriteString("</a></sup>")
	}
	b.WriteString("</td>")
}

// writePlainCell is writeCell(dataCell(...)) for the cells of most
// reports: no check names them and none was inferred, so they are the
// number (digits, "-" and "." need no escaping) or the blank mark.
func writePlainCell(b *bytes.Buffer, r *report.Report, k report.Key, colspan int) {
	v, ok := r.Tables.GetKey(k)
	if ok {
		b.WriteString(`<td`)
	} else {
		b.WriteString(`<td class="null"`)
	}
	if colspan > 1 {
		b.WriteString(` colspan="`)
		b.WriteString(strconv.Itoa(colspan))
		b.WriteByte('"')
	}
	b.WriteByte('>')
	if ok {
		b.Write(report.AppendNumber(b.AvailableBuffer(), v))
	} else {
		b.WriteString(nullHTML)
	}
	b.WriteString("</td>")
}

// escapeHTML is html/template's escaper for text and quoted attribute
// values.
func escapeHTML(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if rep := htmlEscapes[s[i]]; rep != "" {
			b.WriteString(s[last:i])
			b.WriteString(rep)
			last = i + 1
		}
	}
	b.WriteString(s[last:])
}

var htmlEscapes = [256]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// escapeURLPart is html/template's escaper for a value in a URL's fragment
// (percent-encoding all but unreserved characters), then for the quoted
// attribute.
func escapeURLPart(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}

// tableHTML is one statutory table with the notes of its flagged cells:
// the "table" of the report page, written in one piece (a report page has
// three, of ~230 cells).
func (a arena) tableHTML(tv TableView) template.HTML {
	b := a.buf()
	writeTable(b, &tv)
	return a.html(b)
}

func writeTable(b *bytes.Buffer, tv *TableView) {
	if fl := tv.fill; fl != nil {
		for _, p := range layoutOf(fl.def) {
			b.WriteString(p.html)
			switch {
			case p.key.Path == "":
			case !fl.f.linked[p.key.Path] && !fl.inferred[p.key.Path]:
				writePlainCell(b, fl.r, p.key, p.colspan)
			default:
				c := dataCell(fl.r, fl.f, fl.inferred, p.key)
				c.Colspan = p.colspan
				writeCell(b, &c)
			}
		}
	} else {
		writeGrid(b, tv, func(c *Cell) { writeCell(b, c) })
	}
	if len(tv.Notes) > 0 {
		b.WriteString(`<ol class="notes" aria-label="标出的单元格">`)
		for _, n := range tv.Notes {
			b.WriteString(`<li id="`)
			escapeHTML(b, n.ID)
			b.WriteString(`" value="`)
			b.WriteString(strconv.Itoa(n.N))
			b.WriteString(`">`)
			writeBadge(b, n.Status)
			b.WriteByte(' ')
			escapeHTML(b, n.Message)
			b.WriteString(` <a href="#check-`)
			escapeURLPart(b, n.CheckID)
			b.WriteString(`">（校验项）</a></li>`)
		}
		b.WriteString(`</ol>`)
	}
}

// writeGrid writes a table view up to its notes, handing each data cell
// to data (tableLayout leaves them out).
func writeGrid(b *bytes.Buffer, tv *TableView, data func(*Cell)) {
	b.WriteString(`<div class="table-wrap" role="region" aria-label="`)
	escapeHTML(b, tv.Title)
	b.WriteString(`" tabindex="0"><table class="stat stat-`)
	escapeHTML(b, tv.Key)
	b.WriteString(`"><caption class="vh">`)
	escapeHTML(b, tv.Title)
	b.WriteString(`</caption>`)
	rows := func(rs []Row) {
		for i := range rs {
			b.WriteString(`<tr>`)
			for j := range rs[i] {
				if c := &rs[i][j]; c.Header {
					writeCell(b, c)
				} else {
					data(c)
				}
			}
			b.WriteString(`</tr>`)
		}
	}
	if len(tv.Head) > 0 {
		b.WriteString(`<thead>`)
		rows(tv.Head)
		b.WriteString(`</thead>`)
	}
	for _, body := range tv.Bodies {
		b.WriteString(`<tbody>`)
		rows(body)
		b.WriteString(`</tbody>`)
	}
	b.WriteString(`</table></div>`)
}
