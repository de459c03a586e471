package decode

import (
	"strconv"
	"strings"
	"unicode/utf8"

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
	z := newTokenizer(text)
	skip := 0 // depth inside script, style and the like
	for {
		tt := z.next()
		if tt == html.ErrorToken {
			break
		}
		a, hasAttr := z.tagAtom()
		switch tt {
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := z.text()
			switch {
			case w.inTitle:
				w.title.WriteString(t)
			case w.cell != nil:
				w.cellText = append(w.cellText, t...)
			default:
				w.buf = append(w.buf, t...)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			var attrs tagAttrs
			if hasAttr { // only cells and meta tags have attributes we read
				switch a {
				case atom.Td, atom.Th:
					attrs.colspan, attrs.rowspan = z.attrValue("colspan"), z.attrValue("rowspan")
				case atom.Meta:
					attrs.name, attrs.content = z.attrValue("name"), z.attrValue("content")
				}
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

// tagAttrs are the attributes parseHTML reads: a cell's spans, a meta tag's
// name and content ("" when absent).
type tagAttrs struct {
	colspan, rowspan string
	name, content    string
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
	buf     []byte // the text line being gathered outside tables (reused)
	inTitle bool
	title   strings.Builder
	table   *gridTable // the open table, if any
	cell    *gridCell  // the open cell, if any
	// cellText gathers the open cell's text (reused from cell to cell).
	cellText []byte
	nested   int // tables opened inside a cell
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
	s := collapseSpaceBytes(w.buf)
	w.buf = w.buf[:0]
	if s != "" {
		w.doc.Lines = append(w.doc.Lines, Line{Cells: []string{s}})
	}
}

func (w *htmlWalker) start(a atom.Atom, attrs tagAttrs, selfClosing bool) {
	switch a {
	case atom.Title:
		w.inTitle = !selfClosing
		return
	case atom.Meta:
		if attrs.name != "" && attrs.content != "" {
			w.doc.Meta[strings.ToLower(attrs.name)] = attrs.content
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
			w.cell = &gridCell{colspan: spanAttr(attrs.colspan), rowspan: spanAttr(attrs.rowspan)}
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
	text := dropSpace(w.cellText) // as strings.ReplaceAll(collapseSpace(…), " ", "")
	w.cellText = w.cellText[:0]
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
	// the next row likely has as many cells: allocate them at once
	t.row, t.col, t.inRow = make([]string, 0, len(t.row)), 0, false
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
	if !hasCollapsible(s) {
		return s
	}
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

// collapseSpaceBytes is collapseSpace(string(b)) with one copy at most.
func collapseSpaceBytes(b []byte) string {
	if !hasCollapsibleBytes(b) {
		return string(b)
	}
	return collapseSpace(string(b))
}

// dropSpace returns b without the white space collapseSpace folds, and
// with invalid UTF-8 as U+FFFD: what collapseSpace leaves once its single
// spaces are removed.
func dropSpace(b []byte) string {
	if !hasCollapsibleBytes(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	for _, r := range string(b) {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0', '\u3000', '\u200b':
			continue
		}
		out = utf8.AppendRune(out, r)
	}
	return string(out)
}

// hasCollapsible reports whether collapseSpace could change s: it holds
// white space, or invalid UTF-8 (which it rewrites as U+FFFD).
func hasCollapsible(s string) bool {
	for _, r := range s {
		if collapsible(r) {
			return true
		}
	}
	return false
}

// hasCollapsibleBytes is hasCollapsible for bytes.
func hasCollapsibleBytes(b []byte) bool {
	for _, r := range string(b) { // no copy: the compiler ranges over the bytes
		if collapsible(r) {
			return true
		}
	}
	return false
}

func collapsible(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\u00a0', '\u3000', '\u200b', utf8.RuneError:
		return true
	}
	return false
}
