package flat

import (
	"gongkai/internal/report"
)

// Review solves table 四: fifteen non-negative counts in three groups of five
// (review, litigation_direct, litigation_after_review); in each group the
// first four add up to the fifth.
func Review(run string) Result {
	res := Result{Cells: map[string]float64{}}
	def := report.T2021.Table("review")
	ncol := len(report.ReviewColumns)
	nrow := len(def.Rows)

	fail := func(reason string, count int) Result {
		for r := range def.Rows {
			row := &def.Rows[r]
			res.Ambiguous = append(res.Ambiguous, Ambiguity{
				Row: row.Key, Label: shortLabel(row.Group, row.Label), Count: count, Reason: reason,
			})
		}
		return res
	}

	s, _, ok := clean(run)
	if !ok {
		return fail("含非数字字符", 0)
	}
	if len(s) < nrow*ncol {
		return fail("数字少于栏数", 0)
	}

	// Each group is read on its own segment; the groups chain by their ends.
	L := len(s)
	type seg struct {
		reads [][]int64
		count int
	}
	memo := map[[2]int]seg{}
	budget := maxStates
	group := func(a, b int) seg {
		k := [2]int{a, b}
		if g, ok := memo[k]; ok {
			return g
		}
		var g seg
		if b-a >= ncol {
			g.reads, g.count = sumReadings(s, a, b, ncol, maxEnum, &budget)
		}
		memo[k] = g
		return g
	}
	// A group spans at most ncol numbers of maxInt digits (plus zero marks).
	span := ncol * (maxInt + 1)
	total := 0
	var reads [][]float64
	tooMany := false
	for b1 := ncol; b1 <= L-2*ncol && b1 <= span; b1++ {
		g1 := group(0, b1)
		if g1.count == 0 {
			continue
		}
		for b2 := b1 + ncol; b2 <= L-ncol && b2-b1 <= span; b2++ {
			if L-b2 > span {
				continue
			}
			g2 := group(b1, b2)
			if g2.count == 0 {
				continue
			}
			g3 := group(b2, L)
			if g3.count == 0 {
				continue
			}
			n := min(g1.count*g2.count, maxCount)
			n = min(n*g3.count, maxCount)
			total = min(total+n, maxCount)
			if total > maxEnum || g1.reads == nil || g2.reads == nil || g3.reads == nil {
				tooMany = true
				continue
			}
			for _, x := range g1.reads {
				for _, y := range g2.reads {
					for _, z := range g3.reads {
						r := toFloats(append(append(append([]int64{}, x...), y...), z...))
						reads = append(reads, r)
					}
				}
			}
		}
	}
	if total == 0 {
		return fail("没有一种读法满足各行合计", 0)
	}
	if tooMany {
		return fail("", total)
	}

	cols := make([]colSpec, nrow*ncol)
	multi := newSplitter(s, cols).count() > 1
	vals, agreed := agree(reads, nrow*ncol)
	for r := range def.Rows {
		row := &def.Rows[r]
		all := true
		for c, col := range report.ReviewColumns {
			i := r*ncol + c
			if !agreed[i] {
				all = false
				continue
			}
			path := row.Key + "." + col.Key
			res.Cells[path] = vals[i]
			if multi {
				res.Inferred = append(res.Inferred, path)
			}
		}
		if !all {
			var mine [][]float64
			for _, rd := range reads {
				mine = append(mine, rd[r*ncol:(r+1)*ncol])
			}
			mine = dedupe(mine)
			res.Ambiguous = append(res.Ambiguous, Ambiguity{
				Row: row.Key, Label: shortLabel(row.Group, row.Label), Readings: shown(mine), Count: len(mine),
			})
		}
	}
	return res
}
