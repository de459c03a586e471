package decode

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML flattens an HTML document: block elements become lines, each
// table row becomes one Row whose cells follow the grid — a rowspan cell is
// repeated in the rows it covers (so a sub-row keeps its group header), a
// colspan cell counts once (so values keep their positions).
func parseHTML(text string) *Doc {
	doc := &Doc{Format: HTML, Meta: map[string]string{}, Exact: true}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil { // html.Parse only fails on reader errors; keep the text as lines
		return parseText(text)
	}
	w := &htmlWalker{doc: doc}
	w.walk(root)
	w.flush()
	return doc
}

type htmlWalker struct {
	doc *Doc
	buf strings.Builder
}

// flush ends the current text line.
func (w *htmlWalker) flush() {
	s := collapseSpace(w.buf.String())
	w.buf.Reset()
	if s != "" {
		w.doc.Lines = append(w.doc.Lines, Line{Cells: []string{s}})
	}
}

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Tr: true,
	atom.Blockquote: true, atom.Pre: true, atom.Hr: true, atom.Center: true,
}

func (w *htmlWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object:
			return
		case atom.Title:
			if w.doc.Title == "" {
				w.doc.Title = collapseSpace(textOf(n))
			}
			return
		case atom.Meta:
			name, content := attr(n, "name"), attr(n, "content")
			if name != "" && content != "" {
				w.doc.Meta[strings.ToLower(name)] = content
			}
			return
		case atom.Table:
			w.flush()
			w.table(n)
			return
		}
		if blockTags[n.DataAtom] {
			w.flush()
			defer w.flush()
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// span is a rowspan cell still covering rows below.
type span struct {
	text string
	left int
	head bool // the first column of the span: only it is repeated
}

func (w *htmlWalker) table(t *html.Node) {
	var rows []*html.Node
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				rows = append(rows, c)
			case atom.Table: // nested table: its rows join the outer grid's order
				collect(c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				collect(c)
			default:
				collect(c)
			}
		}
	}
	collect(t)
	pending := map[int]*span{}
	for _, tr := range rows {
		var cells []string
		col := 0
		emitPending := func() {
			for {
				s := pending[col]
				if s == nil || s.left == 0 {
					return
				}
				if s.head {
					cells = append(cells, s.text)
				}
				s.left--
				col++
			}
		}
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
				continue
			}
			emitPending()
			text := cellText(c)
			cs, rs := spanAttr(c, "colspan"), spanAttr(c, "rowspan")
			cells = append(cells, text)
			if rs > 1 {
				for k := 0; k < cs; k++ {
					pending[col+k] = &span{text: text, left: rs - 1, head: k == 0}
				}
			}
			col += cs
		}
		emitPending()
		if len(cells) > 0 {
			w.doc.Lines = append(w.doc.Lines, Line{Cells: cells, Row: true})
		}
	}
}

// cellText is a cell's text with words split across <p>, <span> or <br> joined up.
func cellText(n *html.Node) string {
	return strings.ReplaceAll(collapseSpace(textOf(n)), " ", "")
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// spanAttr reads colspan/rowspan, clamped to a sane range.
func spanAttr(n *html.Node, key string) int {
	a := strings.TrimSpace(attr(n, key))
	if a == "" {
		return 1
	}
	v, err := strconv.Atoi(a)
	if err != nil || v < 1 {
		return 1
	}
	return min(v, 200)
}

// collapseSpace folds runs of white space (including NBSP) into one space and trims.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0', '\u3000', '\u200b':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
