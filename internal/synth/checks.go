package synth

import "gongkai/internal/report"

// identity is one instance of a check: plus cells must add up to minus cells.
type identity struct{ plus, minus []string }

// identities lists every instance of the four arithmetic checks of SPEC §3.
func identities(t *report.Template) map[string][]identity {
	req := func(row, col string) string { return "requests." + row + "." + col }
	out := map[string][]identity{}
	for _, c := range reqCols {
		out["requests.balance"] = append(out["requests.balance"], identity{
			plus: []string{req("new", c), req("carried_over", c)}, minus: []string{req("total", c), req("carried_forward", c)}})
	}
	for _, row := range t.Table("requests").Rows {
		id := identity{minus: []string{req(row.Key, "total")}}
		for _, c := range reqCols[:6] {
			id.plus = append(id.plus, req(row.Key, c))
		}
		out["requests.row_sum"] = append(out["requests.row_sum"], id)
	}
	rows := outcomeRows(t)
	for _, c := range reqCols {
		id := identity{minus: []string{req("total", c)}}
		for _, row := range rows {
			id.plus = append(id.plus, req(row, c))
		}
		out["requests.outcome_sum"] = append(out["requests.outcome_sum"], id)
	}
	for _, row := range []string{"review", "litigation_direct", "litigation_after_review"} {
		id := identity{minus: []string{"review." + row + ".total"}}
		for _, c := range revCols[:4] {
			id.plus = append(id.plus, "review."+row+"."+c)
		}
		out["review.row_sum"] = append(out["review.row_sum"], id)
	}
	return out
}

// CheckIDs are the arithmetic checks a truth states.
var CheckIDs = []string{"requests.balance", "requests.row_sum", "requests.outcome_sum", "review.row_sum"}

// checkStatus evaluates one check: fail if an instance without null cells
// does not hold, skip if every instance has a null cell, else pass.
func checkStatus(x *vals, ids []identity) string {
	status := report.Skip
	for _, id := range ids {
		sum, ok := 0.0, true
		for _, p := range id.plus {
			v, k := x.get(p)
			ok = ok && k
			sum += v
		}
		for _, p := range id.minus {
			v, k := x.get(p)
			ok = ok && k
			sum -= v
		}
		if !ok {
			continue
		}
		if sum > 1e-9 || sum < -1e-9 {
			return report.Fail
		}
		status = report.Pass
	}
	return status
}
