package parse

import (
	"strings"
	"unicode"
)

// Word's and LibreOffice's "save as text" print a table one cell per line:
// a row's label, then each of its values on a line of its own, a blank
// cell as an empty line. The empty lines keep every value's column, but
// read as lines they end a row early; perLineRows puts such rows back on
// one line, their cells apart by tabs and placed (lineT.Placed).

// perLineRows returns the lines of a table region with each row printed
// one cell per line (a label line, then the next ncols source lines each
// one value or empty, then no further value) joined onto its label's
// line; and whether there were minRows such rows or more, the region's
// shape (table 三 has many rows, table 四 one). Empty lines are not among the lines, so the cells are found by
// their source line numbers. Any other region is returned as it is.
func perLineRows(lines []lineT, ncols, minRows int) ([]lineT, bool) {
	for _, l := range lines {
		if strings.IndexByte(l.Text, '\t') >= 0 || strings.IndexByte(l.Text, '|') >= 0 {
			return lines, false
		}
	}
	oneValue := func(l lineT) bool {
		rs := []rune(strings.TrimSpace(l.Simp))
		return len(rs) > 0 && !strings.ContainsAny(string(rs), " \u3000") && valueWord(rs, 0, len(rs))
	}
	type row struct {
		label int
		cells []string // by column, "" blank
		text  []string
		used  []int
	}
	var rows []row
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if oneValue(l) || rowNumberLine([]rune(l.Simp)) {
			continue
		}
		r := row{label: i, cells: make([]string, ncols), text: make([]string, ncols)}
		j := i + 1
		for ; j < len(lines) && lines[j].No > l.No && lines[j].No <= l.No+ncols && oneValue(lines[j]); j++ {
			c := lines[j].No - l.No - 1
			r.cells[c], r.text[c] = strings.TrimSpace(lines[j].Simp), strings.TrimSpace(lines[j].Text)
			r.used = append(r.used, j)
		}
		if len(r.used) == 0 || j < len(lines) && lines[j].No <= l.No+ncols+1 && oneValue(lines[j]) {
			continue // no values, words among them, or more values than columns
		}
		if j < len(lines) && lines[j].No <= l.No+ncols {
			continue // words among the cells
		}
		rows = append(rows, r)
		i = j - 1
	}
	if len(rows) < minRows {
		return lines, false
	}
	out := make([]lineT, len(lines))
	copy(out, lines)
	for _, r := range rows {
		l := &out[r.label]
		l.Text = strings.TrimRightFunc(l.Text, unicode.IsSpace) + "\t" + strings.Join(r.text, "\t")
		l.Simp = strings.TrimRightFunc(l.Simp, unicode.IsSpace) + "\t" + strings.Join(r.cells, "\t")
		l.Placed = true
		for _, k := range r.used {
			out[k].Text, out[k].Simp = "", ""
		}
	}
	return out, true
}
