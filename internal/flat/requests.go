package flat

import (
	"gongkai/internal/report"
)

// rowState is one table-三 row during solving.
type rowState struct {
	key    string
	label  string
	cands  [][]float64 // readings whose first six cells add up to the seventh
	count  int         // len(cands), or the saturated count when too many to list
	multi  bool        // more than one reading when sums are ignored
	reason string
}

func (r *rowState) known() bool { return r.count >= 1 && r.count <= maxEnum }

// Requests solves table 三. rows are in the template's order (rows may be
// missing); each is read as seven non-negative counts whose first six add up
// to the seventh. Rows with several such readings are then settled, where
// possible, by the column identities: new + carried_over = total +
// carried_forward, and the outcome rows add up to total.
func Requests(rows []Run, template string) Result {
	res := Result{Cells: map[string]float64{}}
	tmpl := report.ByID(template)
	if tmpl == nil {
		tmpl = report.T2021
	}
	def := tmpl.Table("requests")
	order := map[string]int{}
	idx := map[string]int{}
	for i, r := range def.Rows {
		idx[r.Key] = i
		for j, c := range r.Columns {
			order[r.Key+"."+c.Key] = i*100 + j
		}
	}
	ncol := len(report.RequestColumns)

	states := make([]*rowState, len(def.Rows)) // by template index; nil = not printed
	for _, run := range rows {
		i, ok := idx[run.Key]
		if !ok || states[i] != nil {
			continue // unknown row, or a second copy: the first wins
		}
		st := &rowState{key: run.Key, label: shortLabel(def.Rows[i].Group, def.Rows[i].Label)}
		states[i] = st
		if run.Known != nil {
			if len(run.Known) == ncol {
				st.cands, st.count = [][]float64{run.Known}, 1
			} else {
				st.reason = "栏数不符"
			}
			continue
		}
		s, _, ok := clean(run.Text)
		if !ok {
			st.reason = "含非数字字符"
			continue
		}
		if len(s) < ncol {
			st.reason = "数字少于栏数"
			continue
		}
		budget := maxStates
		reads, n := sumReadings(s, 0, len(s), ncol, maxEnum, &budget)
		st.count = n
		for _, r := range reads {
			st.cands = append(st.cands, toFloats(r))
		}
		switch {
		case n == 0:
			st.reason = "没有一种读法满足行内合计"
		case n > maxEnum:
			st.reason = "读法过多，无法逐一核对"
		}
		cols := make([]colSpec, ncol)
		st.multi = newSplitter(s, cols).count() > 1
	}

	joint(states, def)

	for _, st := range states {
		if st == nil {
			continue
		}
		vals, ok := agree(st.cands, ncol)
		if !st.known() {
			ok = make([]bool, ncol)
		}
		all := true
		for c, col := range report.RequestColumns {
			if !ok[c] {
				all = false
				continue
			}
			path := st.key + "." + col.Key
			res.Cells[path] = vals[c]
			if st.multi {
				res.Inferred = append(res.Inferred, path)
			}
		}
		if !all {
			res.Ambiguous = append(res.Ambiguous, Ambiguity{
				Row: st.key, Label: st.label, Readings: shown(st.cands), Count: st.count, Reason: st.reason,
			})
		}
	}
	sortPaths(res.Inferred, order)
	return res
}

// equation is one column identity: Σ coef·value over (row, column) = 0.
type equation struct {
	rows  []int // template row indexes
	coefs []int64
	col   int
}

// joint narrows the readings of rows that have several, keeping only those
// that appear in a combination satisfying every column identity that some
// combination can satisfy. An identity no combination satisfies is broken in
// the source itself (a misprint); it is left out rather than letting it
// void the others, and the checks report it.
func joint(states []*rowState, def *report.TableDef) {
	at := func(key string) int {
		for i, r := range def.Rows {
			if r.Key == key {
				return i
			}
		}
		return -1
	}
	ncol := len(report.RequestColumns)
	var eqs []equation
	addEq := func(rows []int, coefs []int64) {
		for _, r := range rows {
			if r < 0 || states[r] == nil || !states[r].known() {
				return // an identity over a missing or unread row says nothing
			}
		}
		for c := range ncol {
			eqs = append(eqs, equation{rows: rows, coefs: coefs, col: c})
		}
	}
	addEq([]int{at("new"), at("carried_over"), at("total"), at("carried_forward")}, []int64{1, 1, -1, -1})
	var outRows []int
	var outCoefs []int64
	for i, r := range def.Rows {
		switch r.Key {
		case "new", "carried_over", "total", "carried_forward":
		default:
			outRows = append(outRows, i)
			outCoefs = append(outCoefs, 1)
		}
	}
	addEq(append(outRows, at("total")), append(outCoefs, -1))

	// The rows to combine: those with several readings that an identity touches.
	var amb []int
	pos := map[int]int{} // template index -> depth in amb
	for _, e := range eqs {
		for _, r := range e.rows {
			if _, seen := pos[r]; !seen && len(states[r].cands) > 1 {
				pos[r] = len(amb)
				amb = append(amb, r)
			}
		}
	}
	if len(amb) == 0 {
		return
	}
	product := 1
	for _, r := range amb {
		product *= len(states[r].cands)
		if product > maxCombos {
			return // too many: the rows stay as ambiguous as they are
		}
	}

	// Each equation: its constant part from single-reading rows, and the depth
	// after which all its ambiguous rows are chosen.
	type eqRun struct {
		base  int64
		terms [][2]int64 // (depth, coef) for ambiguous rows
		done  int        // depth at which it can be checked
	}
	ers := make([]eqRun, len(eqs))
	for i, e := range eqs {
		er := eqRun{done: -1}
		for j, r := range e.rows {
			if d, ok := pos[r]; ok {
				er.terms = append(er.terms, [2]int64{int64(d), e.coefs[j]})
				er.done = max(er.done, d)
			} else {
				er.base += e.coefs[j] * int64(states[r].cands[0][e.col])
			}
		}
		ers[i] = er
	}
	holds := func(i int, choice []int) bool {
		e := eqs[i]
		sum := ers[i].base
		for _, t := range ers[i].terms {
			r := amb[t[0]]
			sum += t[1] * int64(states[r].cands[choice[t[0]]][e.col])
		}
		return sum == 0
	}

	choice := make([]int, len(amb))
	// Pass 1: which identities can hold at all.
	satisfiable := make([]bool, len(eqs))
	var walk1 func(d int)
	walk1 = func(d int) {
		if d == len(amb) {
			for i := range eqs {
				if !satisfiable[i] && holds(i, choice) {
					satisfiable[i] = true
				}
			}
			return
		}
		for c := range states[amb[d]].cands {
			choice[d] = c
			walk1(d + 1)
		}
	}
	walk1(0)

	// Pass 2: the combinations where all of those hold, pruned as soon as an
	// identity's rows are all chosen.
	checkAt := make([][]int, len(amb))
	for i := range eqs {
		if satisfiable[i] && ers[i].done >= 0 {
			checkAt[ers[i].done] = append(checkAt[ers[i].done], i)
		}
	}
	used := make([][]bool, len(amb))
	for d, r := range amb {
		used[d] = make([]bool, len(states[r].cands))
	}
	var walk2 func(d int)
	walk2 = func(d int) {
		if d == len(amb) {
			for dd, c := range choice {
				used[dd][c] = true
			}
			return
		}
		for c := range states[amb[d]].cands {
			choice[d] = c
			ok := true
			for _, i := range checkAt[d] {
				if !holds(i, choice) {
					ok = false
					break
				}
			}
			if ok {
				walk2(d + 1)
			}
		}
	}
	walk2(0)

	for d, r := range amb {
		st := states[r]
		var keep [][]float64
		for c, u := range used[d] {
			if u {
				keep = append(keep, st.cands[c])
			}
		}
		if len(keep) == 0 {
			st.reason = "各读法都不满足表内勾稽关系"
			continue // keep every reading: nothing can be chosen
		}
		st.cands, st.count = keep, len(keep)
	}
}
