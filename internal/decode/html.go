package decode

import (
	"slices"
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
// browsers do. A table inside a cell adds its text to that cell, unless
// it is a table of rows in a page laid out in tables (layoutTables).
func parseHTML(text []byte) *Doc {
	doc, nested := walkHTML(text, nil)
	if nested { // rare: a second pass finds the layout tables, a third reads them
		if layout := layoutTables(text); slices.Contains(layout, true) {
			doc, _ = walkHTML(text, layout)
		}
	}
	return doc
}

// walkHTML is parseHTML with the layout tables known; nested reports a
// table that started in a cell of another.
func walkHTML(text []byte, layout []bool) (doc *Doc, nested bool) {
	doc = &Doc{Format: HTML, Meta: map[string]string{}, Exact: true}
	w := &htmlWalker{doc: doc, layout: layout}
	z := newTokenizer(text)
	skip := 0 // depth inside script, style and the like
	for {
		tt := z.next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			if skip > 0 {
				continue
			}
			w.addText(z.text())
		case html.StartTagToken, html.SelfClosingTagToken:
			a := z.tagAtom(tt)
			if isSkipTag(a) {
				if tt == html.StartTagToken {
					skip++
				}
				continue
			}
			if skip > 0 {
				continue
			}
			var attrs tagAttrs // those of cells and meta tags are the only ones read
			if (a == atom.Td || a == atom.Th) && z.mayHaveAttr("span") || a == atom.Meta && z.mayHaveAttr("content") {
				attrs = z.attrs()
			}
			w.start(a, attrs, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			a := z.tagAtom(tt)
			if isSkipTag(a) {
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
	w.finish()
	return doc, w.sawNested
}

// finish closes what the document left open.
func (w *htmlWalker) finish() {
	for w.table != nil {
		w.endTable()
	}
	w.flush()
	w.endPre()
	if w.preRows > 0 && w.gridRows == 0 {
		// a text report pasted into <pre>: its rows are delimited as in text
		w.doc.Exact = w.preExact
	}
}

// addText takes a text token.
func (w *htmlWalker) addText(t []byte) {
	switch {
	case w.inTitle:
		w.title = append(w.title, t...)
	case w.inCell:
		w.cellText = append(w.cellText, t...)
	case w.pre > 0:
		w.preText = append(w.preText, t...)
	default:
		w.buf = append(w.buf, t...)
	}
}

// endPre reads the text of a <pre> block as a text report's lines: its
// line breaks and tabs are the rows and cells of the report pasted in
// (collapsed as other HTML text is, they ran together).
func (w *htmlWalker) endPre() {
	if len(w.preText) == 0 {
		return
	}
	d := parseText(lineFeeds(w.preText))
	for _, l := range d.Lines {
		l.No = 0
		w.doc.Lines = append(w.doc.Lines, l)
		if l.Row {
			w.preRows++
		}
	}
	w.preExact = w.preExact || d.Exact
	w.preText = w.preText[:0]
}

// tagAttrs are the attributes parseHTML reads: a cell's spans, a meta tag's
// name and content ("" when absent).
type tagAttrs struct {
	colspan, rowspan string
	name, content    string
}

// isSkipTag reports the elements whose content is not report text.
func isSkipTag(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object:
		return true
	}
	return false
}

// isBlock reports the elements that end a line of text.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Tr,
		atom.Blockquote, atom.Pre, atom.Hr, atom.Center:
		return true
	}
	return false
}

type htmlWalker struct {
	doc     *Doc
	buf     []byte // the text line being gathered outside tables (reused)
	inTitle bool
	title   []byte
	table   *gridTable // the open table, if any
	inCell  bool       // a cell of table is open
	cell    gridCell   // the open cell
	// cellText gathers the open cell's text (reused from cell to cell).
	cellText []byte
	nested   int      // tables opened inside a cell
	slab     cellSlab // where the cells of lines are kept
	// layout says, by the order the tables start in, which are layout
	// tables (layoutTables); tables counts the tables started so far, and
	// open says of each open table outside cells whether it is one.
	layout    []bool
	tables    int
	open      []bool
	sawNested bool // a table started in a cell
	// pre counts the <pre> elements open outside cells; preText gathers
	// their text as it is.
	pre      int
	preText  []byte
	preRows  int  // rows read from <pre> text
	preExact bool // and whether that text delimits its cells on both sides
	gridRows int  // rows read from tables
}

// gridTable is a table being read row by row.
type gridTable struct {
	row     []string
	col     int
	inRow   bool
	pending map[int]span // by column; nil until a rowspan
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
		w.doc.Lines = append(w.doc.Lines, Line{Cells: w.slab.keep(s)})
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
	case atom.Pre:
		if !w.inCell && !selfClosing {
			w.flush()
			w.pre++
			return
		}
	case atom.Br:
		if w.pre > 0 && !w.inCell {
			w.preText = append(w.preText, '\n')
			return
		}
	case atom.Table:
		k := w.tables
		w.tables++
		if w.inCell {
			w.nested++
			w.sawNested = true
			return
		}
		w.flush()
		isLayout := k < len(w.layout) && w.layout[k]
		w.open = append(w.open, isLayout)
		if !isLayout {
			w.table = &gridTable{outer: w.table}
		}
		return
	}
	if w.inLayout() {
		switch a {
		case atom.Tr, atom.Td, atom.Th: // a layout cell is a block of text
			w.flush()
			return
		}
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
			w.inCell, w.cell = true, gridCell{colspan: spanAttr(attrs.colspan), rowspan: spanAttr(attrs.rowspan)}
			return
		}
	}
	if !w.inCell && isBlock(a) {
		w.flush()
	}
}

func (w *htmlWalker) end(a atom.Atom) {
	switch a {
	case atom.Title:
		if w.inTitle && w.doc.Title == "" {
			w.doc.Title = collapseSpaceBytes(w.title)
		}
		w.inTitle = false
		return
	case atom.Pre:
		if w.pre > 0 && !w.inCell {
			if w.pre--; w.pre == 0 {
				w.endPre()
			}
			return
		}
	case atom.Table:
		if w.nested > 0 {
			w.nested--
			return
		}
		if n := len(w.open); n > 0 {
			isLayout := w.open[n-1]
			w.open = w.open[:n-1]
			if isLayout {
				w.flush()
				return
			}
		}
		if w.table != nil {
			w.endTable()
		}
		return
	}
	if w.inLayout() {
		switch a {
		case atom.Tr, atom.Td, atom.Th:
			w.flush()
			return
		}
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
	if !w.inCell && isBlock(a) {
		w.flush()
	}
}

// inLayout reports that the innermost open table is a layout table.
func (w *htmlWalker) inLayout() bool {
	return w.nested == 0 && len(w.open) > 0 && w.open[len(w.open)-1]
}

// layoutTables says, by the order their start tags come in, which tables
// lay out a page rather than hold figures: those with a table of three rows
// or more in one of their cells. Old CMS pages put the whole article,
// report tables and all, in a cell of a layout table; read as a grid, the
// report became one cell. Layout tables are read as blocks of text, the
// tables inside them as grids. A small table in a cell (one or two rows)
// still adds its text to the cell.
func layoutTables(text []byte) []bool {
	var s layoutScan
	z := newTokenizer(text)
	for {
		tt := z.next()
		if tt == html.ErrorToken {
			return s.layout
		}
		s.tag(tt, z.tagAtom(tt))
	}
}

// layoutScan follows the tables of a token stream for layoutTables.
type layoutScan struct {
	layout []bool
	open   []scanTable
	skip   int // depth inside script, style and the like
}

type scanTable struct {
	index, rows int
	cell        bool // a cell of it is open
	inCell      bool // it started in a cell of the table around it
}

// tag takes one token: its type and its tag's atom (0 for other tokens).
func (s *layoutScan) tag(tt html.TokenType, a atom.Atom) {
	start, end := tt == html.StartTagToken || tt == html.SelfClosingTagToken, tt == html.EndTagToken
	if isSkipTag(a) {
		if tt == html.StartTagToken {
			s.skip++
		} else if end && s.skip > 0 {
			s.skip--
		}
		return
	}
	if s.skip > 0 || !start && !end {
		return
	}
	var top *scanTable
	if len(s.open) > 0 {
		top = &s.open[len(s.open)-1]
	}
	switch {
	case a == atom.Table && start:
		s.open = append(s.open, scanTable{index: len(s.layout), inCell: top != nil && top.cell})
		s.layout = append(s.layout, false)
	case a == atom.Table && end && top != nil:
		inner := *top
		s.open = s.open[:len(s.open)-1]
		if inner.inCell && inner.rows >= 3 {
			for _, t := range s.open {
				s.layout[t.index] = true
			}
		}
	case top == nil:
	case a == atom.Tr:
		top.cell = false
		if start {
			top.rows++
		}
	case a == atom.Td || a == atom.Th:
		top.cell = start
	}
}

// emitPending repeats the rowspan cells that cover the current column.
func (t *gridTable) emitPending() {
	for {
		s, ok := t.pending[t.col]
		if !ok || s.left == 0 {
			return
		}
		if s.head {
			t.row = append(t.row, s.text)
		}
		s.left--
		t.pending[t.col] = s
		t.col++
	}
}

func (w *htmlWalker) endCell() {
	t, c := w.table, w.cell
	if t == nil || !w.inCell {
		return
	}
	w.inCell = false
	t.emitPending()
	text := dropSpace(w.cellText) // as strings.ReplaceAll(collapseSpace(…), " ", "")
	w.cellText = w.cellText[:0]
	t.row = append(t.row, text)
	if c.rowspan > 1 {
		if t.pending == nil {
			t.pending = map[int]span{}
		}
		for k := 0; k < c.colspan; k++ {
			t.pending[t.col+k] = span{text: text, left: c.rowspan - 1, head: k == 0}
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
		w.doc.Lines = append(w.doc.Lines, Line{Cells: w.slab.keep(t.row...), Row: true})
		w.gridRows++
	}
	t.row, t.col, t.inRow = t.row[:0], 0, false
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

// isSpace reports the white space collapseSpaceBytes folds (NBSP,
// ideographic and zero-width spaces too).
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\u00a0', '\u3000', '\u200b':
		return true
	}
	return false
}

// nextRune decodes the first rune of b as ranging over string(b) would:
// an invalid byte is a RuneError one byte wide.
func nextRune(b []byte) (rune, int) {
	if b[0] < utf8.RuneSelf {
		return rune(b[0]), 1
	}
	return utf8.DecodeRune(b)
}

// collapseSpaceBytes folds runs of white space into one space and trims,
// and writes invalid UTF-8 as U+FFFD.
func collapseSpaceBytes(b []byte) string {
	if !hasCollapsibleBytes(b) {
		return string(b)
	}
	var s strings.Builder
	s.Grow(len(b))
	space := false
	for i := 0; i < len(b); {
		r, n := nextRune(b[i:])
		i += n
		if isSpace(r) {
			space = true
			continue
		}
		if space && s.Len() > 0 {
			s.WriteByte(' ')
		}
		space = false
		s.WriteRune(r)
	}
	return s.String()
}

// dropSpace returns b without the white space collapseSpaceBytes folds, and
// with invalid UTF-8 as U+FFFD: what collapseSpaceBytes leaves once its
// single spaces are removed.
func dropSpace(b []byte) string {
	if !hasCollapsibleBytes(b) {
		return string(b)
	}
	var s strings.Builder
	s.Grow(len(b))
	for i := 0; i < len(b); {
		r, n := nextRune(b[i:])
		i += n
		if !isSpace(r) {
			s.WriteRune(r)
		}
	}
	return s.String()
}

// hasCollapsibleBytes reports whether collapseSpaceBytes could change b: it
// holds white space, or invalid UTF-8 (or U+FFFD, which is as costly to tell
// apart).
func hasCollapsibleBytes(b []byte) bool {
	for i := 0; i < len(b); {
		r, n := nextRune(b[i:])
		i += n
		if isSpace(r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}
