// Package crosscheck runs the checks that need more than one report of the
// same agency (SPEC §3, second table): two files of one report are merged,
// two different reports for one year both fail, and consecutive years must
// carry their figures over.
package crosscheck

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gongkai/internal/flat"
	"gongkai/internal/report"
	"gongkai/internal/validate"
)

// Agency takes every report of one agency (any order, each already
// validated) and returns them by year with the cross-report checks added
// and the badge recomputed. Files of the same report are merged into one
// report that lists every source; nothing is dropped silently.
func Agency(reps []*report.Report) []*report.Report {
	sort.SliceStable(reps, func(i, j int) bool {
		if reps[i].Year != reps[j].Year {
			return reps[i].Year < reps[j].Year
		}
		return completeness(reps[i]) > completeness(reps[j]) ||
			completeness(reps[i]) == completeness(reps[j]) && reps[i].Source.Path < reps[j].Source.Path
	})
	out, dup := mergeDuplicates(reps)
	byYear := map[int][]*report.Report{}
	for _, r := range out {
		byYear[r.Year] = append(byYear[r.Year], r)
	}
	single := func(y int) *report.Report {
		if len(byYear[y]) == 1 && y > 0 {
			return byYear[y][0]
		}
		return nil
	}
	changed := map[*report.Report]bool{}
	for _, r := range out {
		if settleStock(r, single(r.Year-1), single(r.Year+1)) {
			changed[r] = true
		}
	}
	for _, r := range out {
		if changed[r] || dup[r].Status == report.Info {
			validate.Report(r) // merged or settled cells change the per-report checks
		}
		r.Checks = append(r.Checks, dup[r], carryover(r, single(r.Year-1)), activeStock(r, single(r.Year-1)))
		r.Badge = validate.Badge(r.Checks)
	}
	return out
}

// settleStock reads a flattened 规章/行政规范性文件 row that had several
// readings with the stock identity against the neighbouring years: a
// reading is kept only when it is the one reading that fits.
func settleStock(r, prev, next *report.Report) bool {
	if r.Template != "2021" || len(r.Unread) == 0 {
		return false
	}
	settled := false
	for _, row := range []string{"rules", "normative_docs"} {
		run, ok := r.Unread["active."+row]
		if !ok {
			continue
		}
		p := "active." + row + "."
		var fits [][]float64
		constrained := false
		for _, rd := range flat.Readings(run, 3) {
			issued, repealed, inForce := rd[0], rd[1], rd[2]
			ok := true
			for i, col := range []string{"issued", "repealed", "in_force"} {
				if v, has := r.Tables.Get(p + col); has && math.Abs(v-rd[i]) > 1e-6 {
					ok = false
				}
			}
			if prev != nil && prev.Template == "2021" {
				if before, has := prev.Tables.Get(p + "in_force"); has {
					constrained = true
					ok = ok && math.Abs(before+issued-repealed-inForce) < 1e-6
				}
			}
			if next != nil && next.Template == "2021" {
				ni, a := next.Tables.Get(p + "issued")
				nr, b := next.Tables.Get(p + "repealed")
				nf, c := next.Tables.Get(p + "in_force")
				if a && b && c {
					constrained = true
					ok = ok && math.Abs(inForce+ni-nr-nf) < 1e-6
				}
			}
			if ok {
				fits = append(fits, rd)
			}
		}
		if !constrained || len(fits) != 1 {
			continue
		}
		for i, col := range []string{"issued", "repealed", "in_force"} {
			if _, has := r.Tables.Get(p + col); !has {
				r.Tables.Set(p+col, fits[0][i])
				r.Inferred = append(r.Inferred, p+col)
			}
		}
		delete(r.Unread, "active."+row)
		r.Notes = append(r.Notes, fmt.Sprintf("%s 由相邻年度的现行有效件数推断为 %s", row, joinNums(fits[0])))
		settled = true
	}
	if settled && len(r.Unread) == 0 {
		dropAmbiguityNotes(r)
	}
	return settled
}

func joinNums(v []float64) string {
	var parts []string
	for _, x := range v {
		parts = append(parts, report.FormatNumber(x))
	}
	return strings.Join(parts, "/")
}

// dropAmbiguityNotes removes the parser's notes about unread rows once every row is read.
func dropAmbiguityNotes(r *report.Report) {
	var notes []string
	for _, n := range r.Notes {
		if !strings.Contains(n, "读法") && !strings.Contains(n, "未读取") {
			notes = append(notes, n)
		}
	}
	r.Notes = notes
}

// completeness counts the cells a report has a value for.
func completeness(r *report.Report) int { return r.Tables.Len() }

// sameReport reports whether two reports agree wherever both have a value.
func sameReport(a, b *report.Report) bool {
	if a.Year != b.Year || a.Template != b.Template {
		return false
	}
	shared := 0
	for p, v := range a.Tables.All() {
		if w, ok := b.Tables.Get(p); ok {
			if math.Abs(v-w) > 1e-6 {
				return false
			}
			shared++
		}
	}
	return shared > 0
}

// mergeDuplicates folds files of the same report into one and marks
// conflicting reports of one year; reps is sorted by year, most complete
// first. It returns the reports kept and each one's meta.duplicate result.
func mergeDuplicates(reps []*report.Report) ([]*report.Report, map[*report.Report]report.Check) {
	var out []*report.Report
	checks := map[*report.Report]report.Check{}
	for i := 0; i < len(reps); {
		j := i
		for j < len(reps) && reps[j].Year == reps[i].Year {
			j++
		}
		group := reps[i:j]
		i = j
		var kept []*report.Report
		merged := map[*report.Report][]string{}
	next:
		for _, r := range group {
			for _, k := range kept {
				if sameReport(k, r) {
					merge(k, r)
					merged[k] = append(merged[k], r.Source.Path)
					continue next
				}
			}
			kept = append(kept, r)
		}
		for _, k := range kept {
			checks[k] = duplicateCheck(k, kept, merged[k])
			out = append(out, k)
		}
	}
	return out, checks
}

// merge fills into the more complete report a the cells only b has, and
// lists b's source.
func merge(a, b *report.Report) {
	for p, v := range b.Tables.All() {
		if _, ok := a.Tables.Get(p); !ok {
			a.Tables.Set(p, v)
		}
	}
	// a cell inferred in one file but printed in the other is no longer inferred
	var inferred []string
	for _, p := range a.Inferred {
		if contains(b.Inferred, p) || !hasCell(b, p) {
			inferred = append(inferred, p)
		}
	}
	a.Inferred = inferred
	for row := range a.Unread {
		if rowComplete(a, row) {
			delete(a.Unread, row)
		}
	}
	if len(a.Unread) == 0 {
		dropAmbiguityNotes(a)
	}
	a.Sources = append(a.Sources, b.Source)
	a.Sources = append(a.Sources, b.Sources...)
	if a.Source.URL == "" {
		a.Source.URL = b.Source.URL
	}
	if len(a.Sections) < len(b.Sections) {
		a.Sections = b.Sections
	}
}

// rowComplete reports whether every cell of "table.row" has a value.
func rowComplete(r *report.Report, row string) bool {
	parts := strings.SplitN(row, ".", 2)
	def := r.TemplateDef().Table(parts[0])
	if def == nil || def.Row(parts[1]) == nil {
		return false
	}
	for _, c := range def.Row(parts[1]).Columns {
		if !hasCell(r, row+"."+c.Key) {
			return false
		}
	}
	return true
}

func hasCell(r *report.Report, p string) bool { _, ok := r.Tables.Get(p); return ok }

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func duplicateCheck(r *report.Report, kept []*report.Report, merged []string) report.Check {
	const id = "meta.duplicate"
	var others []string
	for _, k := range kept {
		if k != r {
			others = append(others, k.Source.Path)
		}
	}
	switch {
	case len(others) > 0:
		return report.Check{ID: id, Status: report.Fail,
			Message: fmt.Sprintf("%d 年度另有报告数字不同：%s", r.Year, strings.Join(others, "、")),
			English: fmt.Sprintf("another report for %d has different figures: %s", r.Year, strings.Join(others, ", "))}
	case len(merged) > 0:
		return report.Check{ID: id, Status: report.Info,
			Message: fmt.Sprintf("同一报告的另一文件已合并：%s", strings.Join(merged, "、")),
			English: "another file of the same report was merged: " + strings.Join(merged, ", ")}
	}
	return report.Check{ID: id, Status: report.Pass, Message: "本年度只有一份报告"}
}

// carryover: this year's 上年结转 equals last year's 结转下年度, per column.
func carryover(r, prev *report.Report) report.Check {
	const id = "requests.carryover"
	if prev == nil {
		return report.Check{ID: id, Status: report.Skip, Message: "无上一年度报告"}
	}
	var bad, cells []string
	var en []string
	passed := 0
	for _, c := range report.RequestColumns {
		now, ok1 := r.Tables.Get("requests.carried_over." + c.Key)
		before, ok2 := prev.Tables.Get("requests.carried_forward." + c.Key)
		if !ok1 || !ok2 {
			continue
		}
		if math.Abs(now-before) < 1e-6 {
			passed++
			continue
		}
		bad = append(bad, fmt.Sprintf("%s：本年上年结转为 %s，但 %d 年度报告结转下年度为 %s", c.Label, report.FormatNumber(now), prev.Year, report.FormatNumber(before)))
		en = append(en, fmt.Sprintf("%s: carried over %s, but the %d report carried forward %s", c.English, report.FormatNumber(now), prev.Year, report.FormatNumber(before)))
		cells = append(cells, "requests.carried_over."+c.Key)
	}
	switch {
	case len(bad) > 0:
		return report.Check{ID: id, Status: report.Warn, Message: strings.Join(bad, "；"), English: strings.Join(en, "; "), Cells: cells}
	case passed > 0:
		return report.Check{ID: id, Status: report.Pass, Message: fmt.Sprintf("上年结转与 %d 年度报告的结转下年度一致", prev.Year)}
	}
	return report.Check{ID: id, Status: report.Skip, Message: "有关单元格未填写，无法核对"}
}

// activeStock: last year's 现行有效 + 本年制发 − 本年废止 = 现行有效 (template 2021 both years).
func activeStock(r, prev *report.Report) report.Check {
	const id = "active.stock"
	if prev == nil || r.Template != "2021" || prev.Template != "2021" {
		return report.Check{ID: id, Status: report.Skip, Message: "无上一年度 2021 版报告"}
	}
	var bad, en, cells []string
	passed := 0
	for _, row := range []string{"rules", "normative_docs"} {
		p := "active." + row + "."
		before, ok1 := prev.Tables.Get(p + "in_force")
		issued, ok2 := r.Tables.Get(p + "issued")
		repealed, ok3 := r.Tables.Get(p + "repealed")
		now, ok4 := r.Tables.Get(p + "in_force")
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		if math.Abs(before+issued-repealed-now) < 1e-6 {
			passed++
			continue
		}
		label := r.TemplateDef().Table("active").Row(row).Label
		bad = append(bad, fmt.Sprintf("%s：上年现行有效 %s + 本年制发 %s − 本年废止 %s = %s，但现行有效件数为 %s", label,
			report.FormatNumber(before), report.FormatNumber(issued), report.FormatNumber(repealed), report.FormatNumber(before+issued-repealed), report.FormatNumber(now)))
		en = append(en, fmt.Sprintf("%s: %s in force last year + %s issued − %s repealed ≠ %s in force", row,
			report.FormatNumber(before), report.FormatNumber(issued), report.FormatNumber(repealed), report.FormatNumber(now)))
		cells = append(cells, p+"issued", p+"repealed", p+"in_force")
	}
	switch {
	case len(bad) > 0:
		return report.Check{ID: id, Status: report.Warn, Message: strings.Join(bad, "；"), English: strings.Join(en, "; "), Cells: cells}
	case passed > 0:
		return report.Check{ID: id, Status: report.Pass, Message: "现行有效件数与上一年度衔接"}
	}
	return report.Check{ID: id, Status: report.Skip, Message: "有关单元格未填写，无法核对"}
}
