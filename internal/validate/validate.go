// Package validate runs the per-report checks of SPEC §3 on a parsed
// report: it fills Derived, Checks and Badge and never edits the tables.
package validate

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"gongkai/internal/report"
)

// Report computes derived sums, every per-report check in SPEC order, and the badge.
func Report(r *report.Report) {
	t := r.TemplateDef()
	r.Derived = Derived(r)
	r.Checks = []report.Check{
		sections(r),
		tables(r),
		cells(r, t),
		balance(r),
		rowSum(r, t.Table("requests"), "requests.row_sum", "各申请人之和"),
		outcomeSum(r, t),
		rowSum(r, t.Table("review"), "review.row_sum", "各项结果之和"),
		metaYear(r),
		metaTemplate(r),
		narrative(r),
		inferred(r),
	}
	r.Badge = Badge(r.Checks)
}

// Badge is fail if any check fails, else warn if any warns, else pass.
func Badge(checks []report.Check) string {
	b := report.Pass
	for _, c := range checks {
		switch c.Status {
		case report.Fail:
			return report.Fail
		case report.Warn:
			b = report.Warn
		}
	}
	return b
}

// outcomeRows are the rows of table 三 that add up to （七）总计.
func outcomeRows(t *report.Template) []string {
	var out []string
	for _, row := range t.Table("requests").Rows {
		switch row.Key {
		case "new", "carried_over", "total", "carried_forward":
			continue
		}
		out = append(out, row.Key)
	}
	return out
}

// Derived computes the sums of SPEC §2.3; a sum over a null cell is null.
func Derived(r *report.Report) report.Cells {
	var out report.Cells
	for _, d := range planOf(r.TemplateDef()).derived {
		sum, ok := 0.0, len(d.parts) > 0
		for _, p := range d.parts {
			v, has := r.Tables.GetKey(p)
			if !has {
				ok = false
				break
			}
			sum += v
		}
		if ok {
			out.Set(d.path(), sum)
		}
	}
	return out
}

// plan is the cell paths a template's checks read, made once per template:
// every report of a national corpus is checked, and building the same
// paths for each was a good part of the time.
type plan struct {
	derived []sumPlan            // SPEC §2.3, in DerivedRows × RequestColumns order
	rowSums map[string][]sumPlan // table key → per row: its columns add up to its last
	outcome []sumPlan            // per column of table 三: the outcome rows add up to （七）总计
}

// sumPlan: the cells at parts add up to the cell at total[0].
type sumPlan struct {
	total []report.Key // one
	parts []report.Key
	row   *report.Row
	col   report.Column
}

func (sp *sumPlan) path() string { return sp.total[0].Path }

func newSumPlan(path string, parts []string) sumPlan {
	return sumPlan{total: []report.Key{report.KeyOf(path)}, parts: report.KeysOf(parts)}
}

var plans sync.Map // *report.Template → *plan

func planOf(t *report.Template) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	groups := map[string][]string{}
	for _, row := range t.Table("requests").Rows {
		switch {
		case strings.HasPrefix(row.Key, "denied_"):
			groups["denied"] = append(groups["denied"], row.Key)
		case strings.HasPrefix(row.Key, "unavailable_"):
			groups["unavailable"] = append(groups["unavailable"], row.Key)
		case strings.HasPrefix(row.Key, "rejected_"):
			groups["rejected"] = append(groups["rejected"], row.Key)
		case row.Key == "other" || strings.HasPrefix(row.Key, "other_"):
			groups["other"] = append(groups["other"], row.Key)
		}
	}
	groups["outcomes"] = outcomeRows(t)
	p := &plan{rowSums: map[string][]sumPlan{}}
	for _, d := range report.DerivedRows {
		for _, c := range report.RequestColumns {
			var parts []string
			for _, row := range groups[d.Key] {
				parts = append(parts, "requests."+row+"."+c.Key)
			}
			sp := newSumPlan("requests."+d.Key+"."+c.Key, parts)
			sp.col = c
			p.derived = append(p.derived, sp)
		}
	}
	for _, c := range report.RequestColumns {
		var parts []string
		for _, row := range groups["outcomes"] {
			parts = append(parts, "requests."+row+"."+c.Key)
		}
		sp := newSumPlan("requests.total."+c.Key, parts)
		sp.col = c
		p.outcome = append(p.outcome, sp)
	}
	for key, cols := range map[string][]report.Column{"requests": report.RequestColumns, "review": report.ReviewColumns} {
		tb := t.Table(key)
		if tb == nil {
			continue
		}
		for i := range tb.Rows {
			row := &tb.Rows[i]
			var parts []string
			for _, col := range cols[:len(cols)-1] {
				parts = append(parts, tb.Key+"."+row.Key+"."+col.Key)
			}
			sp := newSumPlan(tb.Key+"."+row.Key+"."+cols[len(cols)-1].Key, parts)
			sp.row = row
			p.rowSums[key] = append(p.rowSums[key], sp)
		}
	}
	got, _ := plans.LoadOrStore(t, p)
	return got.(*plan)
}

// label names a cell for a message: row label · column label.
func label(r *report.Report, path string) string {
	parts := strings.Split(path, ".")
	if len(parts) != 3 {
		return path
	}
	tb := r.TemplateDef().Table(parts[0])
	if tb == nil {
		return path
	}
	row := tb.Row(parts[1])
	if row == nil {
		return path
	}
	for _, c := range row.Columns {
		if c.Key == parts[2] {
			name := row.Label
			if i := strings.Index(name, "（区分"); i > 0 { // the long note of （二）部分公开 is not needed in a message
				name = name[:i]
			}
			if parts[0] == "review" {
				name = strings.TrimSpace(row.Group + row.Label)
			}
			return name + "·" + c.Label
		}
	}
	return path
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func fmtN(v float64) string { return report.FormatNumber(v) }

// identity gathers the instances of one arithmetic check.
type identity struct {
	id       string
	fails    []string
	failCell []string
	en       []string
	passed   int
}

// add records one instance: lhs cells must add up to rhs cells. A null cell skips it.
func (c *identity) add(r *report.Report, lhs, rhs []report.Key, msg func(l, rv float64) (string, string)) {
	sum := func(keys []report.Key) (float64, bool) {
		s := 0.0
		for _, k := range keys {
			v, ok := r.Tables.GetKey(k)
			if !ok {
				return 0, false
			}
			s += v
		}
		return s, true
	}
	l, ok1 := sum(lhs)
	rv, ok2 := sum(rhs)
	if !ok1 || !ok2 {
		return
	}
	if near(l, rv) {
		c.passed++
		return
	}
	zh, en := msg(l, rv)
	c.fails = append(c.fails, zh)
	c.en = append(c.en, en)
	for _, k := range lhs {
		c.failCell = append(c.failCell, k.Path)
	}
	for _, k := range rhs {
		c.failCell = append(c.failCell, k.Path)
	}
}

func (c *identity) check(failStatus, okMsg string) report.Check {
	switch {
	case len(c.fails) > 0:
		return report.Check{ID: c.id, Status: failStatus, Message: strings.Join(c.fails, "；"), English: strings.Join(c.en, "; "), Cells: dedupe(c.failCell)}
	case c.passed > 0:
		return report.Check{ID: c.id, Status: report.Pass, Message: okMsg}
	}
	return report.Check{ID: c.id, Status: report.Skip, Message: "有关单元格未填写，无法核对"}
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// balanceKeys are, per request column, the cells of new + carried over
// = total + carried forward.
var balanceKeys = func() [][]report.Key {
	var out [][]report.Key
	for _, col := range report.RequestColumns {
		p := func(row string) string { return "requests." + row + "." + col.Key }
		out = append(out, report.KeysOf([]string{p("new"), p("carried_over"), p("total"), p("carried_forward")}))
	}
	return out
}()

func balance(r *report.Report) report.Check {
	c := &identity{id: "requests.balance"}
	for i, col := range report.RequestColumns {
		c.add(r, balanceKeys[i][:2], balanceKeys[i][2:], func(l, rv float64) (string, string) {
			return fmt.Sprintf("%s：新收加上年结转为 %s，但办理总计加结转下年度为 %s", col.Label, fmtN(l), fmtN(rv)),
				fmt.Sprintf("%s: new + carried over = %s, but total + carried forward = %s", col.English, fmtN(l), fmtN(rv))
		})
	}
	return c.check(report.Fail, "各列：新收 + 上年结转 = 办理总计 + 结转下年度")
}

func rowSum(r *report.Report, tb *report.TableDef, id, what string) report.Check {
	c := &identity{id: id}
	for _, sp := range planOf(r.TemplateDef()).rowSums[tb.Key] {
		c.add(r, sp.parts, sp.total, func(l, rv float64) (string, string) {
			return fmt.Sprintf("%s 为 %s，但%s为 %s", label(r, sp.path()), fmtN(rv), what, fmtN(l)),
				fmt.Sprintf("%s total is %s, but its parts add up to %s", sp.row.English, fmtN(rv), fmtN(l))
		})
	}
	return c.check(report.Fail, "每行各项之和等于总计")
}

func outcomeSum(r *report.Report, t *report.Template) report.Check {
	c := &identity{id: "requests.outcome_sum"}
	for _, sp := range planOf(t).outcome {
		c.add(r, sp.parts, sp.total, func(l, rv float64) (string, string) {
			return fmt.Sprintf("%s 为 %s，但各项办理结果之和为 %s", label(r, sp.path()), fmtN(rv), fmtN(l)),
				fmt.Sprintf("total handled (%s) is %s, but the outcomes add up to %s", sp.col.English, fmtN(rv), fmtN(l))
		})
	}
	return c.check(report.Fail, "各列：各项办理结果之和等于（七）总计")
}

var partNames = []string{"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"}

func sections(r *report.Report) report.Check {
	have := map[int]bool{}
	for _, s := range r.Sections {
		have[s.Number] = true
	}
	var missing []string
	for i, n := range partNames {
		if !have[i+1] {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return report.Check{ID: "structure.sections", Status: report.Pass, Message: "六个部分齐全"}
	}
	return report.Check{ID: "structure.sections", Status: report.Warn,
		Message: "未找到：" + strings.Join(missing, "、"), English: fmt.Sprintf("%d of the six parts not found", len(missing))}
}

var tableNames = map[string]string{"active": "表二 主动公开政府信息情况", "requests": "表三 收到和处理政府信息公开申请情况", "review": "表四 行政复议、行政诉讼情况"}

func tables(r *report.Report) report.Check {
	var missing []string
	for _, t := range []string{"active", "requests", "review"} {
		found := false
		for p := range r.Tables.All() {
			if strings.HasPrefix(p, t+".") {
				found = true
				break
			}
		}
		for _, f := range r.TablesFound {
			found = found || f == t
		}
		if !found {
			missing = append(missing, tableNames[t])
		}
	}
	if len(missing) == 0 {
		return report.Check{ID: "structure.tables", Status: report.Pass, Message: "三张统计表齐全"}
	}
	return report.Check{ID: "structure.tables", Status: report.Fail, Message: "未找到：" + strings.Join(missing, "、"), English: "statistics table(s) not found"}
}

func cells(r *report.Report, t *report.Template) report.Check {
	var nulls []string
	for _, k := range t.Keys() {
		if _, ok := r.Tables.GetKey(k); !ok {
			nulls = append(nulls, k.Path)
		}
	}
	if len(nulls) == 0 {
		return report.Check{ID: "structure.cells", Status: report.Pass, Message: "所有单元格均有数值"}
	}
	var names []string
	for i, p := range nulls {
		if i == 20 {
			names = append(names, fmt.Sprintf("等共 %d 个", len(nulls)))
			break
		}
		names = append(names, label(r, p))
	}
	return report.Check{ID: "structure.cells", Status: report.Warn, Message: "未填写的单元格：" + strings.Join(names, "、"),
		English: fmt.Sprintf("%d blank cell(s)", len(nulls)), Cells: nulls}
}

func metaYear(r *report.Report) report.Check {
	if r.Year >= 1990 && r.Year <= 2100 {
		return report.Check{ID: "meta.year", Status: report.Pass, Message: fmt.Sprintf("年度 %d", r.Year)}
	}
	return report.Check{ID: "meta.year", Status: report.Fail, Message: "标题和统计期限中都未找到年度", English: "no year in the title or the statistics period"}
}

func metaTemplate(r *report.Report) report.Check {
	if r.Year == 0 {
		return report.Check{ID: "meta.template", Status: report.Skip, Message: "年度未知"}
	}
	want := "2021"
	if r.Year < 2021 {
		want = "2019"
	}
	if r.Template == want {
		return report.Check{ID: "meta.template", Status: report.Pass, Message: "使用 " + want + " 版表格格式"}
	}
	return report.Check{ID: "meta.template", Status: report.Warn,
		Message: fmt.Sprintf("%d 年度报告应使用 %s 版格式，但表格为 %s 版", r.Year, want, r.Template),
		English: fmt.Sprintf("a %d report should use the %s template, but its tables are %s", r.Year, want, r.Template)}
}

func inferred(r *report.Report) report.Check {
	var amb []string
	for _, n := range r.Notes {
		if strings.Contains(n, "读法") || strings.Contains(n, "未读取") {
			amb = append(amb, n)
		}
	}
	if len(r.Inferred) == 0 && len(amb) == 0 {
		return report.Check{ID: "structure.inferred", Status: report.Pass, Message: "无需推断单元格"}
	}
	var parts []string
	if len(r.Inferred) > 0 {
		// name the rows, not every cell: the cells are listed in Cells and marked on the page
		var rows []string
		seen := map[string]bool{}
		for _, p := range r.Inferred {
			row := strings.SplitN(label(r, p), "·", 2)[0]
			if !seen[row] {
				seen[row] = true
				rows = append(rows, row)
			}
		}
		parts = append(parts, fmt.Sprintf("%d 个单元格由连续数字推断（%d 行：%s）", len(r.Inferred), len(rows), strings.Join(rows, "、")))
	}
	parts = append(parts, amb...)
	return report.Check{ID: "structure.inferred", Status: report.Warn, Message: strings.Join(parts, "；"),
		English: fmt.Sprintf("%d cell(s) inferred from run-together digits; %d row(s) left unread", len(r.Inferred), len(amb)), Cells: r.Inferred}
}
