package render

import (
	"bytes"
	"strings"
	"sync"

	"gongkai/internal/report"
)

// The three statutory tables, laid out as 国办公开办函 prints them: grouped
// row headers with rowspan and <th scope>, the applicant header of table 三,
// table 四 as one row of fifteen numbers.

// Cell is one cell of a rendered table; Header cells are <th>.
type Cell struct {
	Header  bool
	Scope   string // col, row, colgroup, rowgroup
	Rowspan int
	Colspan int
	Text    string // header text, or the formatted number
	Class   string
	// Data cells:
	ID       string // anchor id, "c-requests.new.total", only on cells a check links to or inferred ones
	Null     bool   // blank in the report: shown as — with 未填写, never 0
	Inferred bool
	Notes    []int  // footnote numbers of checks that flag this cell
	Title    string // hover text: the reasons
	Path     string
}

// Row is one <tr>.
type Row []Cell

// Body is one <tbody>.
type Body []Row

// TableView is a table ready for the "table" partial.
type TableView struct {
	Key    string
	Title  string // the section title, e.g. 三、收到和处理政府信息公开申请情况
	Note   string // the template's own remark (勾稽关系)
	Head   []Row
	Bodies []Body
	Notes  []Note // reasons of the flagged cells in this table

	fill *tableFill // set instead of Head and Bodies on report pages
}

// Note is the reason beside a flagged cell.
type Note struct {
	N       int
	ID      string // anchor of the note
	CheckID string
	Status  string
	Message string
}

// flags collects, per cell path, the checks that warn or fail on it.
type flags struct {
	byPath map[string][]int // path → note numbers
	notes  []Note           // by number-1
	status map[string]string
	linked map[string]bool // cells a check lists (the report page links to them)
}

func newFlags(r *report.Report) *flags {
	cells := 0
	for _, c := range r.Checks {
		cells += len(c.Cells)
	}
	f := &flags{byPath: map[string][]int{}, status: map[string]string{}, linked: make(map[string]bool, cells)}
	for _, c := range r.Checks {
		for _, p := range c.Cells {
			f.linked[p] = true
		}
		if (c.Status != report.Fail && c.Status != report.Warn) || len(c.Cells) == 0 {
			continue
		}
		n := len(f.notes) + 1
		f.notes = append(f.notes, Note{N: n, ID: "note-" + itoa(n), CheckID: c.ID, Status: c.Status, Message: c.Message})
		for _, p := range c.Cells {
			f.byPath[p] = append(f.byPath[p], n)
			if f.status[p] != report.Fail {
				f.status[p] = c.Status
			}
		}
	}
	return f
}

// notesFor returns the notes that flag a cell of the given table.
func (f *flags) notesFor(table string) []Note {
	seen := map[int]bool{}
	var out []Note
	for p, ns := range f.byPath {
		if !strings.HasPrefix(p, table+".") {
			continue
		}
		for _, n := range ns {
			seen[n] = true
		}
	}
	for _, n := range f.notes {
		if seen[n.N] {
			// a check can flag cells in more than one table: each table's
			// list has its own anchor, so ids stay unique on the page
			n.ID = "note-" + table + "-" + itoa(n.N)
			out = append(out, n)
		}
	}
	return out
}

// NoteTable is the table of a data cell, for the anchors of its notes.
func (c Cell) NoteTable() string {
	t, _, _ := strings.Cut(c.Path, ".")
	return t
}

func dataCell(r *report.Report, f *flags, inferred map[string]bool, k report.Key) Cell {
	path := k.Path
	// A figure has no class (table.stat td is set as a number in app.css):
	// class="n" on ~200 cells a page was 2 KB of every report page.
	c := Cell{Path: path}
	// Only cells a check links to, or that were inferred, get an anchor:
	// an id on all ~230 cells was a quarter of the page.
	if f.linked[path] || inferred[path] {
		c.ID = "c-" + path
	}
	if v, ok := r.Tables.GetKey(k); ok {
		c.Text = report.FormatNumber(v)
	} else {
		c.Null = true
		c.Class = "null"
	}
	if inferred[path] {
		c.Inferred = true
		c.Class = strings.TrimSpace(c.Class + " inferred")
		c.Title = "此数由展平的表格文字推断得出"
	}
	if ns := f.byPath[path]; len(ns) > 0 {
		c.Notes = ns
		c.Class = strings.TrimSpace(c.Class + " flag-" + f.status[path])
		// The reasons are written once, in the notes under the table: a
		// check over 22 blank cells put its whole message on each of them.
		nums := make([]string, len(ns))
		for i, n := range ns {
			nums[i] = itoa(n)
		}
		why := BadgeText(f.status[path]) + "：见表下说明 " + strings.Join(nums, "、")
		if c.Title != "" {
			why = c.Title + "；" + why
		}
		c.Title = why
	}
	return c
}

func th(text, scope string) Cell { return Cell{Header: true, Text: text, Scope: scope} }

// Tables lays out the report's three tables.
func Tables(r *report.Report) []TableView { return tables(r, true) }

// tables is Tables; without cells, the views leave Head and Bodies out and
// tableHTML writes them from the template's tableLayout: a report page's
// ~230 cells laid out as structs per report were a good part of its time.
func tables(r *report.Report, cells bool) []TableView {
	t := r.TemplateDef()
	f := newFlags(r)
	var inferred map[string]bool
	if len(r.Inferred) > 0 {
		inferred = make(map[string]bool, len(r.Inferred))
		for _, p := range r.Inferred {
			inferred[p] = true
		}
	}
	out := make([]TableView, 0, len(t.Tables))
	for i := range t.Tables {
		def := &t.Tables[i]
		var tv TableView
		if cells {
			tv = layTable(r, def, f, inferred)
		} else {
			tv.fill = &tableFill{r: r, def: def, f: f, inferred: inferred}
		}
		tv.Key, tv.Title = def.Key, def.Title
		tv.Notes = f.notesFor(def.Key)
		out = append(out, tv)
	}
	return out
}

func layTable(r *report.Report, def *report.TableDef, f *flags, inferred map[string]bool) TableView {
	switch def.Key {
	case "active":
		return activeTable(r, def, f, inferred)
	case "requests":
		return requestsTable(r, def, f, inferred)
	case "review":
		return reviewTable(r, def, f, inferred)
	}
	return TableView{}
}

// tableFill is what a view without cells is written from.
type tableFill struct {
	r        *report.Report
	def      *report.TableDef
	f        *flags
	inferred map[string]bool
}

// tableLayout is a table's markup up to its notes with the data cells left
// out: the header cells, row headers and spans depend on the template
// only. Each piece is the markup before one data cell; the last has none.
type tableLayout []tablePiece

type tablePiece struct {
	html    string
	key     report.Key // the data cell after html (no Path for the last piece)
	colspan int
}

var tableLayouts sync.Map // *report.TableDef → tableLayout

func layoutOf(def *report.TableDef) tableLayout {
	if l, ok := tableLayouts.Load(def); ok {
		return l.(tableLayout)
	}
	// The layout functions on a report without values or checks give every
	// cell but the data cells as any report has them.
	empty := &report.Report{}
	tv := layTable(empty, def, newFlags(empty), nil)
	tv.Key, tv.Title = def.Key, def.Title
	var l tableLayout
	b := new(bytes.Buffer)
	writeGrid(b, &tv, func(c *Cell) {
		l = append(l, tablePiece{html: b.String(), key: report.KeyOf(c.Path), colspan: c.Colspan})
		b.Reset()
	})
	l = append(l, tablePiece{html: b.String()})
	tableLayouts.Store(def, l)
	return l
}

// activeTable: each 第二十条 item is a block with its own column header.
func activeTable(r *report.Report, def *report.TableDef, f *flags, inf map[string]bool) TableView {
	width := 0
	for _, row := range def.Rows {
		width = max(width, len(row.Columns))
	}
	var tv TableView
	for i := 0; i < len(def.Rows); {
		j := i
		for j < len(def.Rows) && def.Rows[j].Group == def.Rows[i].Group && sameCols(def.Rows[j], def.Rows[i]) {
			j++
		}
		rows := def.Rows[i:j]
		var body Body
		g := th(rows[0].Group, "colgroup")
		g.Colspan, g.Class = width+1, "group"
		body = append(body, Row{g})
		head := Row{th("信息内容", "col")}
		for k, col := range rows[0].Columns {
			h := th(col.Label, "col")
			if k == len(rows[0].Columns)-1 {
				h.Colspan = width - len(rows[0].Columns) + 1
			}
			head = append(head, h)
		}
		body = append(body, head)
		for _, row := range rows {
			tr := Row{th(row.Label, "row")}
			for k, col := range row.Columns {
				c := dataCell(r, f, inf, report.KeyOf(def.Key+"."+row.Key+"."+col.Key))
				if k == len(row.Columns)-1 {
					c.Colspan = width - len(row.Columns) + 1
				}
				tr = append(tr, c)
			}
			body = append(body, tr)
		}
		tv.Bodies = append(tv.Bodies, body)
		i = j
	}
	return tv
}

func sameCols(a, b report.Row) bool {
	if len(a.Columns) != len(b.Columns) {
		return false
	}
	for i := range a.Columns {
		if a.Columns[i].Key != b.Columns[i].Key {
			return false
		}
	}
	return true
}

// requestsTable: the applicant header, then rows under nested row groups
// (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密).
func requestsTable(r *report.Report, def *report.TableDef, f *flags, inf map[string]bool) TableView {
	levels := func(row report.Row) []string {
		var l []string
		if row.Group != "" {
			l = strings.Split(row.Group, " ")
		}
		return append(l, row.Label)
	}
	// Each row's levels, once: the spans below compare every row with
	// its neighbours.
	lvs := make([][]string, len(def.Rows))
	depth := 0
	for i, row := range def.Rows {
		lvs[i] = levels(row)
		depth = max(depth, len(lvs[i]))
	}
	cols := def.Rows[0].Columns
	note := th("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "")
	note.Colspan, note.Rowspan, note.Class = depth, 3, "muted"
	applicants := th("申请人情况", "colgroup")
	applicants.Colspan = len(cols)
	natural := th(cols[0].Label, "col")
	natural.Rowspan = 2
	legal := th("法人或其他组织", "colgroup")
	legal.Colspan = len(cols) - 2
	total := th(cols[len(cols)-1].Label, "col")
	total.Rowspan = 2
	third := Row{}
	for _, c := range cols[1 : len(cols)-1] {
		third = append(third, th(c.Label, "col"))
	}
	tv := TableView{Head: []Row{{note, applicants}, {natural, legal, total}, third}}

	body := make(Body, 0, len(def.Rows))
	for i, row := range def.Rows {
		lv := lvs[i]
		tr := make(Row, 0, len(lv)+len(row.Columns))
		for k := 0; k < len(lv)-1; k++ {
			if i > 0 && prefixEq(lvs[i-1], lv, k+1) {
				continue // covered by the rowspan above
			}
			span := 1
			for j := i + 1; j < len(def.Rows) && prefixEq(lvs[j], lv, k+1); j++ {
				span++
			}
			h := th(lv[k], "rowgroup")
			h.Rowspan = span
			if span == 1 {
				h.Scope = "row"
			}
			tr = append(tr, h)
		}
		label := th(lv[len(lv)-1], "row")
		label.Colspan = depth - (len(lv) - 1)
		tr = append(tr, label)
		for _, col := range row.Columns {
			tr = append(tr, dataCell(r, f, inf, report.KeyOf(def.Key+"."+row.Key+"."+col.Key)))
		}
		body = append(body, tr)
	}
	tv.Bodies = []Body{body}
	return tv
}

// prefixEq reports whether a and b share their first n levels (and both
// have more than n levels, i.e. the n-th is a group, not the label).
func prefixEq(a, b []string, n int) bool {
	if len(a) <= n || len(b) <= n {
		return false
	}
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// reviewTable: 行政复议 (5) | 行政诉讼: 未经复议直接起诉 (5), 复议后起诉 (5),
// one row of fifteen numbers.
func reviewTable(r *report.Report, def *report.TableDef, f *flags, inf map[string]bool) TableView {
	var h1, h2, h3 Row
	var data Row
	for _, row := range def.Rows {
		n := len(row.Columns)
		switch row.Group {
		case "":
			g := th(row.Label, "colgroup")
			g.Colspan = n
			h1 = append(h1, g)
			for _, col := range row.Columns {
				c := th(col.Label, "col")
				c.Rowspan = 2
				h2 = append(h2, c)
			}
		default:
			if len(h1) == 0 || h1[len(h1)-1].Text != row.Group {
				g := th(row.Group, "colgroup")
				h1 = append(h1, g)
			}
			h1[len(h1)-1].Colspan += n
			g := th(row.Label, "colgroup")
			g.Colspan = n
			h2 = append(h2, g)
			for _, col := range row.Columns {
				h3 = append(h3, th(col.Label, "col"))
			}
		}
		for _, col := range row.Columns {
			data = append(data, dataCell(r, f, inf, report.KeyOf(def.Key+"."+row.Key+"."+col.Key)))
		}
	}
	return TableView{Head: []Row{h1, h2, h3}, Bodies: []Body{{data}}}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
