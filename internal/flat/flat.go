// Package flat reads table rows whose cell boundaries were lost when a web
// page was flattened to text ("640020470" for 64,0,0,2,0,4,70). It keeps a
// value only when exactly one reading survives the row and table identities;
// a wrong number is worse than a missing one.
package flat

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Run is the raw text printed after one row's label, e.g. "640020470",
// "500000 5", "2648-18538", "24252.311082", "13575394432.52元".
type Run struct {
	Key  string
	Text string
	// Known, when set, holds the values of a row whose cells were read
	// cleanly elsewhere (one per column); Text is then ignored. Such a row is
	// context for the identities, taken as printed. Use it rather than joining
	// the values with spaces: spaces prove nothing here.
	Known []float64
}

// Ambiguity is a row (or some of its cells) left null.
type Ambiguity struct {
	Row      string      // row key
	Readings [][]float64 // the readings that survived, at most maxShown of them
	Count    int         // how many readings survived (saturates at maxCount)
	Label    string      // the row's printed label, for messages
	Reason   string      // set when no reading can be given at all (Count 0) or a hint was dropped
}

// Result is what a solver settled.
type Result struct {
	Cells     map[string]float64 // "row.col" -> value, only cells with exactly one surviving value
	Inferred  []string           // "row.col" valued although the run had more than one split ignoring sums; template order
	Ambiguous []Ambiguity        // rows (or cells) left null, with the readings that remained
}

const (
	maxShown  = 10      // readings listed in an Ambiguity
	maxEnum   = 10000   // readings enumerated from a DP table; beyond this a row is left null
	maxCombos = 1000000 // combinations of ambiguous rows tried by the joint step
	maxCount  = 1 << 40 // counts saturate here so they never overflow
	maxInt    = 15      // digits of an integer part: beyond this float64 loses exactness
	maxStates = 200000  // DP states one row (or table 四) may visit before it is given up as too many
	maxFrac   = 12      // digits after a decimal point
)

// Message renders the ambiguities as a short Chinese sentence, e.g.
// "（七）总计 有 2 种读法：63,0,0,2,0,4,69 / 6,30,…".
func (r Result) Message() string {
	var parts []string
	for _, a := range r.Ambiguous {
		label := a.Label
		if label == "" {
			label = a.Row
		}
		var b strings.Builder
		b.WriteString(label)
		switch {
		case a.Count == 0:
			b.WriteString(" 无法读出")
		case a.Count >= maxCount:
			b.WriteString(" 读法过多")
		default:
			fmt.Fprintf(&b, " 有 %d 种读法", a.Count)
		}
		if a.Reason != "" {
			b.WriteString("（" + a.Reason + "）")
		}
		if len(a.Readings) > 0 {
			b.WriteString("：")
			n := min(len(a.Readings), 3)
			for i := range n {
				if i > 0 {
					b.WriteString(" / ")
				}
				b.WriteString(joinNums(a.Readings[i]))
			}
			if a.Count > n {
				b.WriteString(" / …")
			}
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, "；")
}

func joinNums(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strings.Join(s, ",")
}

// Readings returns every reading of run as exactly n numbers, any number
// allowed to be negative or decimal. A trailing unit (元, 万元) is dropped and
// values are not converted. It returns nil when there is no reading or more
// than maxEnum of them (use the solvers, which report the count).
func Readings(run string, n int) [][]float64 {
	s, _, ok := clean(run)
	if !ok || n <= 0 {
		return nil
	}
	cols := make([]colSpec, n)
	for i := range cols {
		cols[i] = colSpec{neg: true, dec: true}
	}
	reads, count := newSplitter(s, cols).enumerate(maxEnum)
	if count > maxEnum {
		return nil
	}
	return reads
}

// sym values in a cleaned run besides '0'-'9', '.' and '-'.
const zeroMark = 'z' // a cell printed as —, /, 无 or a lone -, which means 0

// clean turns a run into symbols: digits, '.', '-' (only directly before a
// digit) and zeroMark. Spaces are dropped: they are hints, never proof.
// unit is "元" or "万元" when the run ends with one; ok is false when the run
// holds anything else.
func clean(text string) (s []byte, unit string, ok bool) {
	t := strings.TrimRight(text, " \t\r\n\u3000\u00a0")
	for _, u := range []string{"万元", "元"} {
		if strings.HasSuffix(t, u) {
			t, unit = strings.TrimSuffix(t, u), u
			break
		}
	}
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			s = append(s, byte(r))
		case r >= '０' && r <= '９':
			s = append(s, byte('0'+r-'０'))
		case r == '.' || r == '．':
			s = append(s, '.')
		case r == '-' || r == '－' || r == '−':
			s = append(s, '-')
		case r == '—' || r == '–' || r == '/' || r == '／' || r == '无':
			s = append(s, zeroMark)
		case r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\u3000' || r == '\u00a0':
		default:
			return nil, unit, false
		}
	}
	for i := range s {
		if s[i] == '-' && (i+1 == len(s) || !isDigit(s[i+1])) {
			s[i] = zeroMark
		}
	}
	return s, unit, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// colSpec says which numbers a column accepts.
type colSpec struct {
	neg  bool     // may be negative (本年增/减)
	dec  bool     // may have decimals (万元 amounts)
	yuan bool     // printed in 元: value is divided by 10000
	fix  *float64 // value known from elsewhere (a hint)
}

type num struct {
	end int
	val float64
}

// numbersAt lists the numbers that can start at s[i] in column c: each ends
// at a different position.
func numbersAt(s []byte, i int, c colSpec) []num {
	return appendNumbersAt(nil, s, i, c)
}

// appendNumbersAt is numbersAt appending to dst: the splitter keeps all its
// numbers in one slice instead of one small slice per position.
func appendNumbersAt(dst []num, s []byte, i int, c colSpec) []num {
	if i >= len(s) {
		return dst
	}
	out := dst
	add := func(end int) {
		var v float64
		switch {
		case s[i] == zeroMark || end == i+1 && s[i] == '-':
		case !c.dec && !c.yuan: // an integer of at most maxInt digits: exact
			var x int64
			for _, ch := range s[i:end] {
				if ch != '-' {
					x = x*10 + int64(ch-'0')
				}
			}
			if v = float64(x); s[i] == '-' {
				v = -v
			}
		default:
			str := string(s[i:end])
			if c.yuan {
				str += "e-4"
			}
			var err error
			if v, err = strconv.ParseFloat(str, 64); err != nil {
				return
			}
		}
		if c.fix != nil && v != *c.fix {
			return
		}
		out = append(out, num{end, v})
	}
	// A dash in a column that cannot be negative can only be a printed 0.
	if s[i] == zeroMark || (s[i] == '-' && !c.neg) {
		add(i + 1)
		return out
	}
	d := i
	if s[i] == '-' {
		d++
	}
	if d >= len(s) || !isDigit(s[d]) {
		return out
	}
	// Integer part: "0" alone, or no leading zero.
	last := d + 1
	if s[d] != '0' {
		last = d
		for last < len(s) && last-d < maxInt && isDigit(s[last]) {
			last++
		}
	}
	for e := d + 1; e <= last; e++ {
		if e < len(s) && s[e] == '.' {
			if !c.dec {
				continue
			}
			for f := e + 2; f <= len(s) && f-e-1 <= maxFrac && isDigit(s[f-1]); f++ {
				add(f)
			}
			continue
		}
		if s[d] == '0' && d > i {
			continue // "-0" is not a number
		}
		add(e)
	}
	return out
}

// splitter reads s as len(cols) numbers, one per column, with no sums.
type splitter struct {
	s    []byte
	cols []colSpec
	nums [][][]num // [k][i]: numbers column k can take at position i
	cnt  [][]int   // [k][i]: readings of s[i:] as cols[k:] (saturating)
}

func newSplitter(s []byte, cols []colSpec) *splitter {
	n, L := len(cols), len(s)
	sp := &splitter{s: s, cols: cols, nums: make([][][]num, n), cnt: make([][]int, n+1)}
	cnt := make([]int, (n+1)*(L+1)) // one allocation for all the rows of cnt
	for k := range n + 1 {
		sp.cnt[k] = cnt[k*(L+1) : (k+1)*(L+1) : (k+1)*(L+1)]
	}
	sp.cnt[n][L] = 1
	nums := make([][]num, n*(L+1))
	buf := make([]num, 0, 4*L) // every nums[k][i], one after the other
	for k := n - 1; k >= 0; k-- {
		if k == n-2 && cap(buf) < len(buf)*n {
			// the other columns read about as many numbers as the last: make
			// room for them at once (the slices taken keep the old array)
			buf = append(make([]num, 0, len(buf)*n+L), buf...)
		}
		sp.nums[k] = nums[k*(L+1) : (k+1)*(L+1) : (k+1)*(L+1)] // nums[k][L] stays empty
		for i := L - 1; i >= 0; i-- {
			start := len(buf)
			buf = appendNumbersAt(buf, s, i, cols[k])
			sp.nums[k][i] = buf[start:len(buf):len(buf)]
			c := 0
			for _, x := range sp.nums[k][i] {
				c = min(c+sp.cnt[k+1][x.end], maxCount)
			}
			sp.cnt[k][i] = c
		}
	}
	return sp
}

func (sp *splitter) count() int {
	if len(sp.cols) == 0 {
		return 0
	}
	return sp.cnt[0][0]
}

// enumerate lists the distinct readings when there are at most limit of them,
// and returns the count either way.
func (sp *splitter) enumerate(limit int) ([][]float64, int) {
	total := sp.count()
	if total == 0 || total > limit {
		return nil, total
	}
	var out [][]float64
	cur := make([]float64, 0, len(sp.cols))
	var walk func(k, i int)
	walk = func(k, i int) {
		if k == len(sp.cols) {
			out = append(out, append([]float64(nil), cur...))
			return
		}
		for _, x := range sp.nums[k][i] {
			if sp.cnt[k+1][x.end] > 0 {
				cur = append(cur, x.val)
				walk(k+1, x.end)
				cur = cur[:len(cur)-1]
			}
		}
	}
	walk(0, 0)
	out = dedupe(out)
	return out, len(out)
}

// sumReadings lists the readings of s[a:b] as m non-negative integers whose
// first m-1 add up to the last (a row and its 总计). It is a DP over
// (position, numbers taken, remainder), pruned by digit-count bounds; count
// saturates, and readings are listed only when there are at most limit of
// them. budget caps the DP states visited (shared across calls): when it runs
// out the count is maxCount, i.e. too many to tell apart.
func sumReadings(s []byte, a, b, m, limit int, budget *int) ([][]int64, int) {
	type key struct {
		i, k int
		rem  int64
	}
	// The integers starting at each position, cut off at end. s[end] is
	// always the start of another number, so cutting does not change them.
	ints := make([][]num, b-a)
	intAt := func(i, end int) []num {
		if ints[i-a] == nil {
			ints[i-a] = append(numbersAt(s[:b], i, colSpec{}), num{}) // non-nil once computed
		}
		all := ints[i-a][:len(ints[i-a])-1]
		n := 0
		for n < len(all) && all[n].end <= end {
			n++ // numbersAt lists ends in increasing order
		}
		return all[:n]
	}
	type plan struct {
		c    int   // where the last number (the row's total) starts
		t    int64 // its value
		memo map[key]int
	}
	total := 0
	var plans []plan
	for c := a; c < b && *budget >= 0; c++ {
		for _, x := range intAt(c, b) {
			if x.end != b {
				continue
			}
			p := plan{c: c, t: int64(x.val), memo: map[key]int{}}
			var f func(i, k int, rem int64) int
			f = func(i, k int, rem int64) int {
				j, left := m-1-k, p.c-i // numbers still to take, digits left for them
				if j == 0 {
					if left == 0 && rem == 0 {
						return 1
					}
					return 0
				}
				// Each number is at most rem, so at most digits(rem) long; the
				// longest of them is at most left-j+1 digits long.
				if left < j || left > j*digits(rem) || (left-j+1 < 16 && rem >= int64(j)*pow10[left-j+1]) {
					return 0
				}
				kk := key{i, k, rem}
				if v, ok := p.memo[kk]; ok {
					return v
				}
				if *budget--; *budget < 0 {
					return 0
				}
				n := 0
				for _, y := range intAt(i, p.c) {
					if v := int64(y.val); v <= rem {
						n = min(n+f(y.end, k+1, rem-v), maxCount)
					}
				}
				p.memo[kk] = n
				return n
			}
			if n := f(a, 0, p.t); n > 0 {
				total = min(total+n, maxCount)
				plans = append(plans, p)
			}
		}
	}
	if *budget < 0 {
		return nil, maxCount
	}
	if total == 0 || total > limit {
		return nil, total
	}
	var out [][]int64
	cur := make([]int64, 0, m)
	for _, p := range plans {
		var walk func(i, k int, rem int64)
		walk = func(i, k int, rem int64) {
			if k == m-1 {
				out = append(out, append(append([]int64(nil), cur...), p.t))
				return
			}
			for _, x := range intAt(i, p.c) {
				v := int64(x.val)
				if v > rem {
					continue
				}
				ok := false
				if k+1 == m-1 {
					ok = x.end == p.c && rem == v
				} else {
					ok = p.memo[key{x.end, k + 1, rem - v}] > 0
				}
				if ok {
					cur = append(cur, v)
					walk(x.end, k+1, rem-v)
					cur = cur[:len(cur)-1]
				}
			}
		}
		walk(a, 0, p.t)
	}
	return out, len(out)
}

var pow10 = func() (p [16]int64) {
	p[0] = 1
	for i := 1; i < 16; i++ {
		p[i] = p[i-1] * 10
	}
	return
}()

// digits is the number of decimal digits of x ≥ 0.
func digits(x int64) int {
	n := 1
	for x >= 10 {
		x /= 10
		n++
	}
	return n
}

func dedupe(rs [][]float64) [][]float64 {
	seen := map[string]bool{}
	out := rs[:0]
	for _, r := range rs {
		k := fmt.Sprint(r)
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

func toFloats(r []int64) []float64 {
	out := make([]float64, len(r))
	for i, v := range r {
		out[i] = float64(v)
	}
	return out
}

// agree returns, per column, the value all readings share (ok false where
// they differ or there are none).
func agree(rs [][]float64, n int) (vals []float64, ok []bool) {
	vals, ok = make([]float64, n), make([]bool, n)
	if len(rs) == 0 {
		return
	}
	for c := range n {
		ok[c] = true
		vals[c] = rs[0][c]
		for _, r := range rs[1:] {
			if r[c] != vals[c] {
				ok[c] = false
				break
			}
		}
	}
	return
}

func shown(rs [][]float64) [][]float64 {
	if len(rs) > maxShown {
		return rs[:maxShown]
	}
	return rs
}

// sortPaths orders "row.col" paths by their template position.
func sortPaths(paths []string, order map[string]int) {
	sort.SliceStable(paths, func(i, j int) bool { return order[paths[i]] < order[paths[j]] })
}

// shortLabel is a row label fit for a message: the sub-group it sits in
// (（三）不予公开) before a numbered label, parentheticals and long tails cut.
func shortLabel(group, label string) string {
	if i := strings.Index(label, "（区分"); i > 0 {
		label = label[:i]
	}
	if j := strings.LastIndex(group, " "); j >= 0 {
		label = group[j+1:] + " " + label
	} else if group == "行政诉讼" {
		label = group + " " + label
	}
	if r := []rune(label); len(r) > 24 {
		label = string(r[:24]) + "…"
	}
	return label
}
