package synth

import "strconv"

// In the flattened shape the numbers of a row run together ("801000081").
// flatUnknowns marks "?" every cell of a row that has more than one reading
// satisfying the row's own sum and the table's column identities: a parser
// cannot tell those cells, so they are not scored.

const maxCands = 64 // more readings than this: give up on the row

// flatUnknowns works on the printed grids, so it sees exactly the digits a
// parser sees.
func (g *gen) flatUnknowns() {
	x := g.vals
	mark := func(paths []string) {
		for _, p := range paths {
			x.unknown[p] = true
		}
	}
	// table 二: no identities, a row is known when only one cut exists
	for _, row := range g.grids[0].rows {
		if !valueRow(row) {
			continue
		}
		run, paths, amount := runOf(row)
		// "政府集中采购15.75" may as well be a blank count and 15.75 万元
		if n := len(cuts(run, amount, nil, 2)); n != 1 || len(paths) > 1 && amount[len(paths)-1] {
			mark(paths)
		}
	}
	// table 四: one run of fifteen numbers, five per row adding up
	for _, row := range g.grids[2].rows {
		if !valueRow(row) {
			continue
		}
		run, paths, _ := runOf(row)
		if reviewCuts(run, 2) != 1 {
			mark(paths)
		}
	}
	// table 三: candidates per row, then the column identities narrow them
	type rowC struct {
		key   string
		paths []string
		cands [][7]int
		many  bool
	}
	var rows []*rowC
	byKey := map[string]*rowC{}
	for _, row := range g.grids[1].rows {
		if !valueRow(row) {
			continue
		}
		run, paths, _ := runOf(row)
		rc := &rowC{paths: paths}
		rc.key = paths[0][len("requests.") : len(paths[0])-len(".natural")]
		rc.cands, rc.many = requestCuts(run)
		rows = append(rows, rc)
		byKey[rc.key] = rc
	}
	type term struct {
		key  string
		sign int
	}
	ids := [][]term{{{"new", 1}, {"carried_over", 1}, {"total", -1}, {"carried_forward", -1}}}
	out := []term{{"total", -1}}
	for _, k := range outcomeRows(g.tmpl) {
		out = append(out, term{k, 1})
	}
	ids = append(ids, out)
	// Keep a row's reading only if some readings of the identity's other
	// open rows complete it; repeat until nothing changes.
	for changed := true; changed; {
		changed = false
		for _, id := range ids {
			var open []*rowC
			var signs []int
			var rest [7]int
			combos := 1
			skip := false
			for _, t := range id {
				rc := byKey[t.key]
				switch {
				case rc.many:
					skip = true
				case len(rc.cands) == 1:
					for c := range rest {
						rest[c] += t.sign * rc.cands[0][c]
					}
				default:
					open, signs = append(open, rc), append(signs, t.sign)
					combos *= len(rc.cands)
				}
			}
			if skip || len(open) == 0 || combos > 1<<14 {
				continue
			}
			used := make([]map[int]bool, len(open))
			for k := range used {
				used[k] = map[int]bool{}
			}
			pickIdx := make([]int, len(open))
			var walk func(k int, sum [7]int)
			walk = func(k int, sum [7]int) {
				if k == len(open) {
					if sum == [7]int{} {
						for j, ix := range pickIdx {
							used[j][ix] = true
						}
					}
					return
				}
				for ix, cand := range open[k].cands {
					pickIdx[k] = ix
					s := sum
					for c := range s {
						s[c] += signs[k] * cand[c]
					}
					walk(k+1, s)
				}
			}
			walk(0, rest)
			for k, rc := range open {
				var keep [][7]int
				for ix, cand := range rc.cands {
					if used[k][ix] {
						keep = append(keep, cand)
					}
				}
				if len(keep) > 0 && len(keep) < len(rc.cands) {
					rc.cands, changed = keep, true
				}
			}
		}
	}
	for _, rc := range rows {
		if rc.many || len(rc.cands) != 1 {
			mark(rc.paths)
		}
	}
}

// runOf returns a printed row's digits run together, its cell paths and
// which of them are amounts.
func runOf(row []gcell) (string, []string, []bool) {
	run := ""
	var paths []string
	var amount []bool
	for _, c := range row {
		if c.path == "" {
			continue
		}
		run += c.text
		paths = append(paths, c.path)
		amount = append(amount, c.path == "active.fees.amount" || c.path == "active.procurement.amount")
	}
	return run, paths, amount
}

// piece parses one cell's digits: no leading zeros, a decimal point only in amounts.
func piece(s string, amount bool) (float64, bool) {
	if s == "" || len(s) > 1 && s[0] == '0' && s[1] != '.' || s[0] == '.' || s[len(s)-1] == '.' {
		return 0, false
	}
	dots := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			dots++
		} else if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	if dots > 1 || dots == 1 && !amount {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// cuts lists up to max ways to cut run into len(amount) numbers.
func cuts(run string, amount []bool, cur []float64, max int) [][]float64 {
	k := len(cur)
	if k == len(amount) {
		if run == "" {
			return [][]float64{append([]float64(nil), cur...)}
		}
		return nil
	}
	var out [][]float64
	for end := 1; end <= len(run)-(len(amount)-k-1); end++ {
		v, ok := piece(run[:end], amount[k])
		if !ok {
			continue
		}
		out = append(out, cuts(run[end:], amount, append(cur, v), max-len(out))...)
		if len(out) >= max {
			break
		}
	}
	return out
}

// requestCuts lists the readings of a table 三 row: six numbers and their total.
func requestCuts(run string) ([][7]int, bool) {
	var out [][7]int
	var cur [7]int
	var rec func(s string, k, left int) bool
	rec = func(s string, k, left int) bool {
		if k == 6 {
			if s == "" && left == 0 {
				out = append(out, cur)
			}
			return len(out) <= maxCands
		}
		for end := 1; end <= len(s)-(5-k); end++ {
			v, ok := piece(s[:end], false)
			if !ok || int(v) > left {
				break
			}
			cur[k] = int(v)
			if !rec(s[end:], k+1, left-int(v)) {
				return false
			}
		}
		return true
	}
	for lt := 1; lt <= len(run)-6; lt++ {
		t, ok := piece(run[len(run)-lt:], false)
		if !ok {
			continue
		}
		cur[6] = int(t)
		if !rec(run[:len(run)-lt], 0, int(t)) {
			return nil, true
		}
	}
	return out, false
}

// reviewCuts counts, up to max, the readings of table 四's run: three rows
// of four numbers followed by their total.
func reviewCuts(run string, max int) int {
	n := 0
	var rec func(s string, k, sum int)
	rec = func(s string, k, sum int) {
		if n >= max {
			return
		}
		if k%5 == 4 { // the total must be the sum, printed next
			t := strconv.Itoa(sum)
			if len(s) >= len(t) && s[:len(t)] == t {
				if k == 14 {
					if len(s) == len(t) {
						n++
					}
					return
				}
				rec(s[len(t):], k+1, 0)
			}
			return
		}
		for end := 1; end <= len(s) && end <= 7; end++ {
			v, ok := piece(s[:end], false)
			if !ok {
				break
			}
			rec(s[end:], k+1, sum+int(v))
		}
	}
	rec(run, 0, 0)
	return n
}
