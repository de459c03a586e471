package synth

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// render prints the report in its shape and encodes it.
func (g *gen) render() []byte {
	bs := g.blocks()
	var s string
	switch g.st.shape {
	case "tab":
		s = g.renderText(bs, false, false)
	case "md":
		s = g.renderText(bs, true, false)
	case "pipe":
		s = g.renderText(bs, true, true)
	case "cells":
		s = g.renderCells(bs)
	case "html":
		s = g.renderHTML(bs)
	default:
		s = g.renderFlat(bs)
	}
	return g.encode(s)
}

// renderText prints plain text (tab-separated tables, like the seeds), or
// Markdown with # headings and tab or pipe tables.
func (g *gen) renderText(bs []block, md, pipe bool) string {
	var b strings.Builder
	b.WriteString("\n")
	h := func(level string) string {
		if md {
			return level + " "
		}
		return ""
	}
	for _, bl := range bs {
		switch bl.kind {
		case bNav:
			for _, l := range bl.lines {
				b.WriteString(l + "\n")
			}
		case bTitle:
			for _, l := range bl.lines {
				b.WriteString(h("#") + l + "\n")
			}
		case bHead:
			b.WriteString(h(pick(g.r, "##", "##", "####")) + bl.text + "\n")
		case bSub:
			if g.st.subHeads {
				b.WriteString(h("###") + strings.TrimSuffix(bl.head, "。") + "\n\n" + bl.text + "\n")
			} else {
				b.WriteString(bl.head + bl.text + "\n")
			}
		case bPara:
			b.WriteString(bl.text + "\n")
		case bTable:
			if pipe {
				g.pipeRows(&b, bl.tbl)
			} else {
				g.tabRows(&b, bl.tbl)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// tabRows prints a table as tab-separated rows; value rows are shifted
// left or right by empty cells as in copies from word processors.
func (g *gen) tabRows(b *strings.Builder, gr *grid) {
	for i, row := range gr.expand() {
		phys := gr.rows[i]
		if g.st.shift && gr.width != 15 && valueRow(phys) && g.r.Float64() < 0.35 {
			nv := 0
			for _, c := range phys {
				if c.path != "" {
					nv += c.cs
				}
			}
			first := len(row) - nv
			switch g.r.IntN(4) {
			case 0: // left: leading empties move to the end
				k := 0
				for k < first && row[k] == "" {
					k++
				}
				row = append(row[k:], make([]string, k)...)
			case 1: // right
				row = append([]string{""}, row...)
			case 2: // a gap between label and numbers
				row = append(row[:first], append([]string{""}, row[first:]...)...)
			default:
				row = append(row, "")
			}
		}
		b.WriteString(strings.Join(row, "\t") + "\n")
	}
}

// pipeRows prints a Markdown pipe table; spanned positions are empty cells.
func (g *gen) pipeRows(b *strings.Builder, gr *grid) {
	for i, row := range gr.expand() {
		for len(row) < gr.width {
			row = append(row, "")
		}
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat(" --- |", gr.width) + "\n")
		}
	}
}

// renderCells prints text exported from HTML: every cell on its own line
// ending in " |", a row opened by a lone "|", missing positions as extra pipes.
func (g *gen) renderCells(bs []block) string {
	var b strings.Builder
	for _, bl := range bs {
		switch bl.kind {
		case bNav, bTitle:
			for _, l := range bl.lines {
				b.WriteString(l + "\n")
			}
		case bSub:
			b.WriteString(bl.head + bl.text + "\n")
		case bHead, bPara:
			b.WriteString(bl.text + "\n")
		case bTable:
			for _, row := range bl.tbl.rows {
				b.WriteString("|\n")
				for k, c := range row {
					b.WriteString(c.text + " |")
					if k == len(row)-1 && len(row) < bl.tbl.width {
						b.WriteString(" " + strings.Repeat("|", bl.tbl.width-len(row)))
					}
					b.WriteString("\n")
				}
			}
		}
	}
	return b.String() + strings.Repeat("\n", g.r.IntN(8))
}

var htmlEsc = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = htmlEsc.Replace(l)
	}
	return out
}

const tdStyle = `padding: 5px;border-left: 1px solid windowtext;border-right: 1px solid windowtext;border-top: none;border-bottom: 1px solid windowtext`

// renderHTML prints a CMS article page: <title>, a TRS_Editor div, tables
// with colspan/rowspan, cells wrapped in <p><span>, &nbsp; padding.
func (g *gen) renderHTML(bs []block) string {
	r, st := g.r, &g.st
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head>")
	if st.enc == "gb18030" {
		b.WriteString(pick(r, `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, `<meta charset="gbk">`, `<meta charset="gb18030">`))
	} else {
		b.WriteString(`<meta charset="utf-8">`)
	}
	b.WriteString("<title>" + htmlEsc.Replace(g.titleText()) + "</title></head><body>\n")
	opened := false
	open := func() {
		if !opened {
			b.WriteString("<div class=TRS_Editor>")
			opened = true
		}
	}
	for _, bl := range bs {
		switch bl.kind {
		case bNav:
			if opened {
				b.WriteString("</div>\n")
				opened = false
			}
			b.WriteString(`<div class="crumb">` + htmlEsc.Replace(strings.Join(bl.lines, " ")) + "</div>\n")
		case bTitle:
			if r.Float64() < 0.5 {
				b.WriteString(`<div class="title" style="text-align: center;"><h1>` + strings.Join(escAll(bl.lines), "<br/>") + "</h1></div>\n")
			}
			open()
		case bHead:
			open()
			switch st.html {
			case 0:
				b.WriteString(`<p style="text-indent: 2em;"><span style="font-family: 黑体, SimHei;">` + htmlEsc.Replace(bl.text) + "&nbsp;</span></p>")
			case 1:
				b.WriteString("<p><strong>" + htmlEsc.Replace(bl.text) + "</strong></p>\n")
			default:
				b.WriteString("<h3>" + htmlEsc.Replace(bl.text) + "</h3>\n")
			}
		case bSub:
			open()
			b.WriteString(`<p style="text-indent: 2em;"><span style="font-family: 楷体, 楷体_GB2312, SimKai;">` + htmlEsc.Replace(bl.head) + "</span>" + htmlEsc.Replace(bl.text) + "</p>")
		case bPara:
			open()
			b.WriteString(`<p style="text-indent: 2em;">` + htmlEsc.Replace(bl.text) + "</p>")
		case bTable:
			open()
			g.htmlTable(&b, bl.tbl)
		}
	}
	if opened {
		b.WriteString(`<p style="text-indent: 2em;">&nbsp;</p><p><br/></p></div>` + "\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

func (g *gen) htmlTable(b *strings.Builder, gr *grid) {
	r, st := g.r, &g.st
	b.WriteString(`<table style="font-family: 'Times New Roman';font-size: 13px;border-collapse: collapse;border: none;width: auto !important;margin: 0 auto;" cellspacing="0" align="center" border="1"><tbody>`)
	for i, row := range gr.rows {
		if i == 0 {
			b.WriteString(`<tr style="height: 19px" class="firstRow">`)
		} else {
			b.WriteString(`<tr style="height: 19px">`)
		}
		for _, c := range row {
			b.WriteString("<td")
			if c.cs > 1 {
				fmt.Fprintf(b, ` colspan="%d"`, c.cs)
			}
			if c.rs > 1 {
				fmt.Fprintf(b, ` rowspan="%d"`, c.rs)
			}
			if st.html != 2 {
				b.WriteString(` style="` + tdStyle + `" valign="center"`)
			}
			b.WriteString(">")
			text := htmlEsc.Replace(c.text)
			switch {
			case c.text == "":
				b.WriteString(pick(r, "&nbsp;", "", "<p>&nbsp;</p>"))
			case st.html == 0:
				b.WriteString(`<p style="text-indent: 0em;">` + text + "</p>")
			case st.html == 1 && c.path == "":
				b.WriteString(splitLabel(r.Float64(), text))
			case st.html == 1:
				b.WriteString("<p><span>" + text + "</span></p>")
			default:
				b.WriteString(strings.ReplaceAll(text, " ", "<br/>"))
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
		if r.Float64() < 0.3 {
			b.WriteString("\n")
		}
	}
	b.WriteString("</tbody></table>")
}

// splitLabel spreads a header across <p> elements with &nbsp; padding, as
// word processors do ("商业</p><p>企业").
func splitLabel(p float64, text string) string {
	n := utf8.RuneCountInString(text)
	switch {
	case strings.Contains(text, " "):
		return "<p>" + strings.ReplaceAll(text, " ", "<br/>") + "</p>"
	case p < 0.3 && n >= 4 && n <= 12:
		rs := []rune(text)
		return "<p>" + string(rs[:n/2]) + "</p><p><span>" + string(rs[n/2:]) + "</span>\n &nbsp; &nbsp; &nbsp; &nbsp;</p>"
	case p < 0.45:
		return "<p><span>" + text + "</span>\n &nbsp; &nbsp; &nbsp; &nbsp;</p>"
	}
	return "<p>" + text + "</p>"
}

// renderFlat prints crawled page text: crawler metadata, then the body on
// one line with the cells of every table run together.
func (g *gen) renderFlat(bs []block) string {
	r, y := g.r, g.year
	tr := func(s string) string { // the crawler's own labels stay Simplified
		if g.st.trad {
			return toTrad(s)
		}
		return s
	}
	var b, body strings.Builder
	fmt.Fprintf(&b, "标题: %s\n发布时间: %d-%02d-%02d %02d:%02d\n文号: \n发布机构: %s\n栏目: 政府信息公开年报\n", tr(g.titleText()), y+1, 1+r.IntN(3), 1+r.IntN(28), 8+r.IntN(10), r.IntN(60), tr(g.ag.name))
	path := fmt.Sprintf("zwgk/zfxxgk/zfxxgknb/%d03/%d", y+1, 10000+g.i)
	fmt.Fprintf(&b, "原文链接: https://www.z%04d.gov.cn/%s.htm\n本地目录: %s\n页面链接与图片详见 links.tsv(同目录)\n==================== 正文 ====================\n", g.a%10000, path, path)
	for k, bl := range bs {
		if k > 0 && r.Float64() < 0.2 {
			body.WriteString(" ")
		}
		switch bl.kind {
		case bTitle:
			if r.Float64() < 0.3 {
				body.WriteString(strings.Join(bl.lines, ""))
			}
		case bHead, bPara:
			body.WriteString(bl.text)
		case bSub:
			body.WriteString(bl.head + bl.text)
		case bTable:
			for _, row := range bl.tbl.rows {
				for _, c := range row {
					body.WriteString(c.text)
				}
			}
		}
	}
	b.WriteString(tr(body.String()) + "\n")
	return b.String()
}

// encodeNone is the rendered text before script and encoding (tests).
func (g *gen) encodeNone() string {
	st := g.st
	g.st.trad, g.st.crlf, g.st.enc = false, false, "utf-8"
	s := string(g.render())
	g.st = st
	return s
}
