package export

import (
	"math"
	"slices"
	"strings"

	"gongkai/internal/report"
)

// DictEntry describes one cell path for the data dictionary.
type DictEntry struct {
	Path      string   // "requests.new.total" or "derived.requests.denied.total"
	Label     string   // the template's own words
	English   string   // English meaning
	Templates []string // "2019", "2021" — the templates that print (or derive) it
}

// cellCol is one cell column of reports.csv: a dictionary entry plus its type.
type cellCol struct {
	DictEntry
	decimal bool // 万元 amounts; every other cell is a count
}

// columns is the fixed order of every cell path of both templates, then the
// derived sums. Built once: the templates are static.
var columns = buildColumns()

// Dictionary lists every cell path of both templates and every derived sum,
// in the column order of reports.csv.
func Dictionary() []DictEntry {
	out := make([]DictEntry, len(columns))
	for i, c := range columns {
		out[i] = c.DictEntry
		out[i].Templates = slices.Clone(c.Templates)
	}
	return out
}

// cellLabel is the template's wording for one cell: the row's group where the
// row label alone would be ambiguous ("1.属于国家秘密"), the row, the column.
// Article references ("第二十条第（一）项") are left out: they add no meaning.
func cellLabel(row report.Row, col report.Column) string {
	parts := make([]string, 0, 3)
	if row.Group != "" && !strings.HasPrefix(row.Group, "第") {
		parts = append(parts, row.Group)
	}
	return strings.Join(append(parts, row.Label, col.Label), " ")
}

func cellEnglish(row report.Row, col report.Column) string {
	return row.English + " — " + col.English
}

func derivedLabel(row report.Row, col report.Column) string {
	return "（派生合计）" + row.Label + " " + col.Label
}

func derivedEnglish(row report.Row, col report.Column) string {
	return "derived sum, not printed: " + row.English + " — " + col.English
}

func isDecimal(col report.Column) bool { return col.Key == "amount" }

// buildColumns merges the two templates table by table and row by row: rows
// keep the 2021 order, a 2019-only row follows the row it follows in 2019;
// within a row the 2021 columns come first. Labels that differ between the
// templates are both given.
func buildColumns() []cellCol {
	var out []cellCol
	for _, t21 := range report.T2021.Tables {
		t19 := report.T2019.Table(t21.Key)
		rows := mergeRows(t19.Rows, t21.Rows)
		for _, key := range rows {
			r21, r19 := t21.Row(key), t19.Row(key)
			var cols []string
			for _, r := range []*report.Row{r21, r19} {
				if r == nil {
					continue
				}
				for _, c := range r.Columns {
					if !slices.Contains(cols, c.Key) {
						cols = append(cols, c.Key)
					}
				}
			}
			for _, ck := range cols {
				path := t21.Key + "." + key + "." + ck
				var cc cellCol
				cc.Path = path
				for _, tr := range []struct {
					id  string
					row *report.Row
				}{{"2021", r21}, {"2019", r19}} {
					if tr.row == nil {
						continue
					}
					i := slices.IndexFunc(tr.row.Columns, func(c report.Column) bool { return c.Key == ck })
					if i < 0 {
						continue
					}
					col := tr.row.Columns[i]
					label := cellLabel(*tr.row, col)
					switch {
					case cc.Label == "":
						cc.Label, cc.English = label, cellEnglish(*tr.row, col)
					case cc.Label != label:
						cc.Label += "（" + tr.id + "年模板：" + label + "）"
					}
					cc.Templates = append([]string{tr.id}, cc.Templates...) // ends up 2019, 2021
					cc.decimal = isDecimal(col)
				}
				out = append(out, cc)
			}
		}
	}
	for _, row := range report.DerivedRows {
		for _, col := range row.Columns {
			out = append(out, cellCol{DictEntry: DictEntry{
				Path:      "derived.requests." + row.Key + "." + col.Key,
				Label:     derivedLabel(row, col),
				English:   derivedEnglish(row, col),
				Templates: []string{"2019", "2021"},
			}})
		}
	}
	return out
}

// mergeRows returns the row keys of both templates: the 2021 order, with each
// 2019-only row inserted after the row that precedes it in 2019.
func mergeRows(r19, r21 []report.Row) []string {
	var keys []string
	for _, r := range r21 {
		keys = append(keys, r.Key)
	}
	at := 0 // insertion point: after the last 2019 row placed so far
	for _, r := range r19 {
		if i := slices.Index(keys, r.Key); i >= 0 {
			at = i + 1
			continue
		}
		keys = slices.Insert(keys, at, r.Key)
		at++
	}
	return keys
}

// templateCells lists one report's cells in its own template order, then the
// derived sums, with the template's labels: the rows of report.csv and cells.csv.
type tcell struct {
	path, label, english string
	derived              bool
	index                int // report.PathIndex of the path (without "derived.")
}

// value is the cell's value in r and whether it is set.
func (c *tcell) value(r *report.Report) (float64, bool) {
	if c.derived {
		return r.Derived.GetIndex(c.index)
	}
	return r.Tables.GetIndex(c.index)
}

func newTcell(path, label, english string, derived bool) tcell {
	i, ok := report.PathIndex(strings.TrimPrefix(path, "derived."))
	if !ok {
		panic("export: " + path + " is not a template path")
	}
	return tcell{path, label, english, derived, i}
}

var templateCellsCache = map[string][]tcell{
	"2019": buildTemplateCells(report.T2019),
	"2021": buildTemplateCells(report.T2021),
}

func templateCells(r *report.Report) []tcell {
	return templateCellsCache[r.TemplateDef().ID]
}

func buildTemplateCells(t *report.Template) []tcell {
	var out []tcell
	for _, tb := range t.Tables {
		for _, row := range tb.Rows {
			for _, col := range row.Columns {
				out = append(out, newTcell(tb.Key+"."+row.Key+"."+col.Key, cellLabel(row, col), cellEnglish(row, col), false))
			}
		}
	}
	for _, row := range report.DerivedRows {
		for _, col := range row.Columns {
			out = append(out, newTcell("derived.requests."+row.Key+"."+col.Key, derivedLabel(row, col), derivedEnglish(row, col), true))
		}
	}
	return out
}

// isInteger reports whether v can be written as a Table Schema integer.
func isInteger(v float64) bool {
	return v == math.Trunc(v) && math.Abs(v) < 1<<53
}
