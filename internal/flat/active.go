package flat

import (
	"strconv"

	"gongkai/internal/report"
)

// Active reads table 二 rows, which have no sums: a cell gets a value only
// when every reading of its row into the row's columns agrees on it. Only
// 本年增/减 may be negative and only 万元 amounts may have decimals; an amount
// printed in 元 is converted to 万元. hints ("row.col" -> value, from the
// report's prose) fix cells and may make the rest unique; a hint that fits no
// reading of its row is ignored and reported.
func Active(rows []Run, template string, hints map[string]float64) Result {
	res := Result{Cells: map[string]float64{}}
	tmpl := report.ByID(template)
	if tmpl == nil {
		tmpl = report.T2021
	}
	def := tmpl.Table("active")
	order := map[string]int{}
	for i, r := range def.Rows {
		for j, c := range r.Columns {
			order[r.Key+"."+c.Key] = i*100 + j
		}
	}
	done := map[string]bool{}
	for _, run := range rows {
		row := def.Row(run.Key)
		if row == nil || done[run.Key] {
			continue
		}
		done[run.Key] = true
		amb := Ambiguity{Row: row.Key, Label: row.Label}
		if run.Known != nil {
			if len(run.Known) != len(row.Columns) {
				amb.Reason = "栏数不符"
				res.Ambiguous = append(res.Ambiguous, amb)
				continue
			}
			for j, c := range row.Columns {
				res.Cells[row.Key+"."+c.Key] = run.Known[j]
			}
			continue
		}
		s, unit, ok := clean(run.Text)
		n := len(row.Columns)
		cols := make([]colSpec, n)
		for j, c := range row.Columns {
			cols[j] = colSpec{neg: c.Key == "change", dec: c.Key == "amount"}
		}
		switch {
		case !ok:
			amb.Reason = "含非数字字符"
		case unit == "元" && row.Columns[n-1].Key != "amount":
			amb.Reason = "单位不符"
			ok = false
		case unit == "元":
			cols[n-1].yuan = true
		}
		if !ok {
			res.Ambiguous = append(res.Ambiguous, amb)
			continue
		}
		multi := newSplitter(s, cols).count() > 1

		// Hints, each kept only if some reading of the row has it.
		for j, c := range row.Columns {
			v, ok := hints[row.Key+"."+c.Key]
			if !ok {
				continue
			}
			try := append([]colSpec(nil), cols...)
			try[j].fix = &v
			if newSplitter(s, try).count() > 0 {
				cols[j].fix = &v
			} else {
				amb.Reason = joinReason(amb.Reason, "正文数字"+strconv.FormatFloat(v, 'f', -1, 64)+"与表格不符，未采用")
			}
		}

		reads, count := newSplitter(s, cols).enumerate(maxEnum)
		amb.Count, amb.Readings = count, shown(reads)
		if count == 0 && amb.Reason == "" {
			if len(s) < n {
				amb.Reason = "数字少于栏数"
			} else {
				amb.Reason = "没有合乎栏目的读法"
			}
		}
		vals, agreed := agree(reads, n)
		all := true
		for j, c := range row.Columns {
			if !agreed[j] {
				all = false
				continue
			}
			path := row.Key + "." + c.Key
			res.Cells[path] = vals[j]
			if multi {
				res.Inferred = append(res.Inferred, path)
			}
		}
		if !all || amb.Reason != "" {
			res.Ambiguous = append(res.Ambiguous, amb)
		}
	}
	sortPaths(res.Inferred, order)
	return res
}

func joinReason(a, b string) string {
	if a == "" {
		return b
	}
	return a + "；" + b
}
