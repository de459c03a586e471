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
//
// It reads the token stream rather than building a DOM: reports are large,
// their markup is simple, and a new <td> or <tr> closes the one before, as
// browsers do. A table inside a cell adds its text to that cell.
func parseHTML(text string) *Doc {
	doc := &Doc{Format: HTML, Meta: map[string]string{}, Exact: true}
	w := &htmlWalker{doc: doc}
	z := html.NewTokenizer(strings.NewReader(text))
	z.SetMaxBuf(64 << 20)
	skip := 0 // depth inside script, style and the like
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		switch tt {
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := string(z.Text())
			switch {
			case w.inTitle:
				w.title.WriteString(t)
			case w.cell != nil:
				w.cell.text.WriteString(t)
			default:
				w.buf.WriteString(t)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			var attrs map[string]string
			if a == atom.Td || a == atom.Th || a == atom.Meta {
				attrs = map[string]string{}
			} else {
				hasAttr = false // only cells and meta tags have attributes we read
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			if skipTags[a] {
				if tt == html.StartTagToken {
					skip++
				}
				continue
			}
			if skip > 0 {
				continue
			}
			w.start(a, attrs, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			if skipTags[a] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			w.end(a)
		}
	}
	for w.table != nil {
		w.endTable()
	}
	w.flush()
	return doc
}

var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true, atom.Object: true,
}

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Tr: true,
	atom.Blockquote: true, atom.Pre: true, atom.Hr: true, atom.Center: true,
}

type htmlWalker struct {
	doc     *Doc
	buf     strings.Builder // the text line being gathered outside tables
	inTitle bool
	title   strings.Builder
	table   *gridTable // the open table, if any
	cell    *gridCell  // the open cell, if any
	nested  int        // tables opened inside a cell
}

// gridTable is a table being read row by row.
type gridTable struct {
	row     []string
	col     int
	inRow   bool
	pending map[int]*span
	outer   *gridTable
}

type gridCell struct {
	text             strings.Builder
	colspan, rowspan int
}

// span is a rowspan cell still covering rows below.
type span struct {
	text string
	left int
	head bool // the first column of the span: only it is repeated
}

// flush ends the current text line.
func (w *htmlWalker) flush() {
	s := collapseSpace(w.buf.String())
	w.buf.Reset()
	if s != "" {
		w.doc.Lines = append(w.doc.Lines, Line{Cells: []string{s}})
	}
}

func (w *htmlWalker) start(a atom.Atom, attrs map[string]string, selfClosing bool) {
	switch a {
	case atom.Title:
		w.inTitle = !selfClosing
		return
	case atom.Meta:
		if attrs["name"] != "" && attrs["content"] != "" {
			w.doc.Meta[strings.ToLower(attrs["name"])] = attrs["content"]
		}
		return
	case atom.Table:
		if w.cell != nil {
			w.nested++
			return
		}
		w.flush()
		w.table = &gridTable{pending: map[int]*span{}, outer: w.table}
		return
	}
	if w.table != nil && w.nested == 0 {
		switch a {
		case atom.Tr:
			w.endRow()
			w.table.inRow = true
			return
		case atom.Td, atom.Th:
			w.endCell()
			if !w.table.inRow {
				w.table.inRow = true
			}
			w.cell = &gridCell{colspan: spanAttr(attrs["colspan"]), rowspan: spanAttr(attrs["rowspan"])}
			return
		}
	}
	if w.cell == nil && blockTags[a] {
		w.flush()
	}
}

func (w *htmlWalker) end(a atom.Atom) {
	switch a {
	case atom.Title:
		if w.inTitle && w.doc.Title == "" {
			w.doc.Title = collapseSpace(w.title.String())
		}
		w.inTitle = false
		return
	case atom.Table:
		if w.nested > 0 {
			w.nested--
			return
		}
		if w.table != nil {
			w.endTable()
		}
		return
	}
	if w.table != nil && w.nested == 0 {
		switch a {
		case atom.Td, atom.Th:
			w.endCell()
			return
		case atom.Tr:
			w.endRow()
			return
		}
	}
	if w.cell == nil && blockTags[a] {
		w.flush()
	}
}

// emitPending repeats the rowspan cells that cover the current column.
func (t *gridTable) emitPending() {
	for {
		s := t.pending[t.col]
		if s == nil || s.left == 0 {
			return
		}
		if s.head {
			t.row = append(t.row, s.text)
		}
		s.left--
		t.col++
	}
}

func (w *htmlWalker) endCell() {
	t, c := w.table, w.cell
	if t == nil || c == nil {
		return
	}
	w.cell = nil
	t.emitPending()
	text := strings.ReplaceAll(collapseSpace(c.text.String()), " ", "")
	t.row = append(t.row, text)
	if c.rowspan > 1 {
		for k := 0; k < c.colspan; k++ {
			t.pending[t.col+k] = &span{text: text, left: c.rowspan - 1, head: k == 0}
		}
	}
	t.col += c.colspan
}

func (w *htmlWalker) endRow() {
	w.endCell()
	t := w.table
	if t == nil || !t.inRow {
		return
	}
	t.emitPending()
	if len(t.row) > 0 {
		w.doc.Lines = append(w.doc.Lines, Line{Cells: t.row, Row: true})
	}
	t.row, t.col, t.inRow = nil, 0, false
}

func (w *htmlWalker) endTable() {
	w.endRow()
	w.table = w.table.outer
}

// spanAttr reads colspan/rowspan, clamped to a sane range.
func spanAttr(a string) int {
	a = strings.TrimSpace(a)
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
	b.Grow(len(s))
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
