package parse_test

import (
	"bytes"
	"html"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

// htmlShapes are the text shapes an HTML report reaches us in once someone
// has copied or converted it: the real reports' tables have blank cells,
// trailing ones too, which the seeds' text never has.
var htmlShapes = []struct {
	name, ext string
	row       func(cells []string) string
	table     func(rows []string) string
}{
	// A browser's copy of the page: a row's cells joined by tabs, a blank
	// cell kept as an empty field (so a row may end in tabs).
	{"browser-copy", ".txt",
		func(cells []string) string { return strings.Join(cells, "\t") + "\n" },
		func(rows []string) string { return strings.Join(rows, "") }},
	// The HTML-export text of seeds/jingxingkuang: "|" starts a row, each
	// cell is its text and " |" on a line of its own (a blank cell " |").
	{"cell-lines", ".txt",
		func(cells []string) string {
			var b strings.Builder
			b.WriteString("|\n")
			for _, c := range cells {
				b.WriteString(c + " |\n")
			}
			return b.String()
		},
		func(rows []string) string { return strings.Join(rows, "") }},
	// A Markdown pipe table, as an HTML-to-Markdown converter writes it.
	{"pipe-table", ".md",
		func(cells []string) string { return "| " + strings.Join(cells, " | ") + " |\n" },
		func(rows []string) string {
			if len(rows) == 0 {
				return ""
			}
			return rows[0] + "|---|\n" + strings.Join(rows[1:], "")
		}},
}

// TestShapesFromHTML: each real HTML report, turned into each text shape,
// reads exactly as its truth.
func TestShapesFromHTML(t *testing.T) {
	for _, p := range corpus(t, "real") {
		for _, s := range htmlShapes {
			t.Run(p.name+"/"+s.name, func(t *testing.T) {
				text := htmlToText(t, p.data, s.row, s.table, s.name != "browser-copy")
				name := strings.TrimSuffix(p.name, ".html") + "-" + s.name + s.ext
				readsAsTruth(t, name, []byte(text), p.truth)
			})
		}
	}
}

// htmlToText writes the page's title, its paragraphs one a line, and its
// tables row by row with row and table; spans repeats each cell's blank
// colspan columns (a browser's copy does not).
func htmlToText(t *testing.T, page []byte, row func([]string) string, table func([]string) string, spans bool) string {
	doc, err := xhtml.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			out.WriteString(strings.TrimSpace(strings.ReplaceAll(n.Data, "\u00a0", " ")))
			return
		}
		if n.Type != xhtml.ElementNode && n.Type != xhtml.DocumentNode {
			return
		}
		switch n.Data {
		case "script", "style":
			return
		case "title":
			out.WriteString(innerText(n) + "\n")
			return
		case "table":
			var rows []string
			eachRow(n, func(tr *xhtml.Node) {
				var cells []string
				for c := tr.FirstChild; c != nil; c = c.NextSibling {
					if c.Type != xhtml.ElementNode || c.Data != "td" && c.Data != "th" {
						continue
					}
					cells = append(cells, innerText(c))
					for _, a := range c.Attr {
						if k, _ := strconv.Atoi(a.Val); a.Key == "colspan" && spans {
							for ; k > 1; k-- {
								cells = append(cells, "")
							}
						}
					}
				}
				rows = append(rows, row(cells))
			})
			out.WriteString("\n" + table(rows) + "\n")
			return
		case "p", "div", "br", "h1", "h2", "h3":
			out.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out.String()
}

func eachRow(n *xhtml.Node, f func(*xhtml.Node)) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.ElementNode && c.Data == "tr" {
			f(c)
		} else if c.Data != "table" { // not a nested table's rows
			eachRow(c, f)
		}
	}
}

// innerText is a cell's text on one line, runs of white space as one space.
func innerText(n *xhtml.Node) string {
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == xhtml.ElementNode && (n.Data == "br" || n.Data == "p" || n.Data == "div") {
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(strings.ReplaceAll(b.String(), "\u00a0", " ")), " ")
}

// TestLayoutPage: each real HTML report, saved as a whole page of an old
// CMS that lays out in tables (navigation, a sidebar table, a footer with
// figures of its own, the article in a cell), reads exactly as its truth.
func TestLayoutPage(t *testing.T) {
	const head = `<table width="1000"><tr><td colspan="2"><div class="nav">首页 | 政务公开 | 访问量：123456</div></td></tr>` +
		`<tr><td width="200"><table><tr><td>相关链接</td></tr><tr><td>2023年报</td></tr></table></td><td>`
	const foot = `</td></tr><tr><td colspan="2">版权所有 ICP备05012345号 网站标识码3501000012</td></tr></table>`
	for _, p := range corpus(t, "real") {
		t.Run(p.name, func(t *testing.T) {
			page := head + string(p.data) + foot // a fragment (01_shanghai)
			i, j := strings.Index(string(p.data), "<body>"), strings.LastIndex(string(p.data), "</body>")
			if i >= 0 && j > i {
				page = string(p.data[:i+len("<body>")]) + head + string(p.data[i+len("<body>"):j]) + foot + string(p.data[j:])
			}
			readsAsTruth(t, p.name, []byte(page), p.truth)
		})
	}
}

// countCell is a table cell whose text is a whole number, with the markup
// around it.
var countCell = regexp.MustCompile(`(<td[^>]*>(?:\s*<[^>/][^>]*>)*\s*)(\d+)(\s*(?:</[^>]+>\s*)*</td>)`)

// TestCountUnits: each real HTML report with 件 after every whole number in
// its tables (71件), as some offices print them, reads exactly as its truth.
func TestCountUnits(t *testing.T) {
	for _, p := range corpus(t, "real") {
		t.Run(p.name, func(t *testing.T) {
			page := countCell.ReplaceAllString(string(p.data), "${1}${2}件${3}")
			if page == string(p.data) {
				t.Fatal("no whole number in a cell")
			}
			readsAsTruth(t, p.name, []byte(page), p.truth)
		})
	}
}

var (
	tableBlock = regexp.MustCompile(`(?s)<table.*?</table>`)
	paraEnd    = regexp.MustCompile(`(?i)</p>|<br\s*/?>`)
	anyTag     = regexp.MustCompile(`<[^>]+>`)
	titleTag   = regexp.MustCompile(`(?s)<title>(.*?)</title>`)
)

// TestMarkdownHTMLTables: each real HTML report as Markdown whose tables
// stay HTML (what converters write where cells span) reads exactly as its
// truth: the tables' rows are rows, and their markup (padding: 5px,
// colspan="3") gives no numbers.
func TestMarkdownHTMLTables(t *testing.T) {
	for _, p := range corpus(t, "real") {
		t.Run(p.name, func(t *testing.T) {
			page := string(p.data)
			var md strings.Builder
			if m := titleTag.FindStringSubmatch(page); m != nil {
				md.WriteString("# " + m[1] + "\n\n")
				page = strings.Replace(page, m[0], "", 1)
			}
			prose := func(s string) {
				s = anyTag.ReplaceAllString(paraEnd.ReplaceAllString(s, "\n\n"), "")
				md.WriteString(strings.ReplaceAll(s, "&nbsp;", " "))
			}
			last := 0
			for _, loc := range tableBlock.FindAllStringIndex(page, -1) {
				prose(page[last:loc[0]])
				md.WriteString("\n" + page[loc[0]:loc[1]] + "\n")
				last = loc[1]
			}
			prose(page[last:])
			readsAsTruth(t, strings.TrimSuffix(p.name, ".html")+".md", []byte(md.String()), p.truth)
		})
	}
}

// TestPreShapes: each seed pasted into a web page's <pre> block (its line
// breaks and tabs kept, its characters escaped) reads exactly as its truth.
func TestPreShapes(t *testing.T) {
	for _, p := range corpus(t, "seeds") {
		t.Run(p.name, func(t *testing.T) {
			page := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年报</title></head><body><div class=\"nav\">首页 &gt; 政务公开</div><pre>" +
				html.EscapeString(string(p.data)) + "</pre><p>打印本页</p></body></html>"
			readsAsTruth(t, strings.TrimSuffix(p.name, filepath.Ext(p.name))+".html", []byte(page), p.truth)
		})
	}
}
