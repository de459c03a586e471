package parse

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Text from a PDF laid out by spaces (pdftotext -layout) keeps a table's
// rows as lines, but wraps each label inside its column: the values sit
// on one line of the label, with the rest of the label on the lines below
// (1. 属于国家秘 0 0 … / 密), and a group's label beside them
// ((三) 不予公开). Label patterns are matched across lines, not across the
// values, so relayout puts each label back together before its values.

// laidOut reports a table region printed so: no tabs or bars, and at least
// three lines of label words and then three values or more apart by spaces.
func laidOut(lines []lineT) bool {
	for _, l := range lines { // most tables: cells apart by tabs or bars
		t := l.Text
		if strings.IndexByte(t, '\t') >= 0 || strings.IndexByte(t, '|') >= 0 || strings.Contains(t, "｜") || strings.Contains(t, "│") {
			return false
		}
	}
	n := 0
	for _, l := range lines {
		if !strings.Contains(l.Simp, " ") {
			continue // values apart by spaces, or not laid out
		}
		rs := []rune(l.Simp)
		segs, vals := splitLaid(rs)
		if len(segs) > 0 && vals < len(rs) && len(strings.Fields(string(rs[vals:]))) >= 3 {
			if n++; n == 3 {
				return true
			}
		}
	}
	return false
}

func isLayoutSpace(r rune) bool { return r == ' ' || r == '\u3000' || r == '\u00a0' }

// splitLaid splits a laid-out line into its label's segments (apart by two
// spaces or more), as rune ranges, and the start of its values: the
// trailing words that are all values (len(rs) when there are none). A
// line that is only a row's number ("1.") is a label.
func splitLaid(rs []rune) (segs [][2]int, vals int) {
	vals = len(rs)
	end := len(rs)
	for end > 0 {
		for end > 0 && isLayoutSpace(rs[end-1]) {
			end--
		}
		start := end
		for start > 0 && !isLayoutSpace(rs[start-1]) {
			start--
		}
		if start == end || !valueWord(rs, start, end) {
			break
		}
		vals = start
		end = start
	}
	if vals < len(rs) {
		// a row's number before the values is the label's (3.   0 0 …)
		end := vals
		for end < len(rs) && !isLayoutSpace(rs[end]) {
			end++
		}
		if rowNumberLine(rs[vals:end]) {
			vals = end
			for vals < len(rs) && isLayoutSpace(rs[vals]) {
				vals++
			}
		}
	}
	for i := 0; i < vals; {
		for i < vals && isLayoutSpace(rs[i]) {
			i++
		}
		if i == vals {
			break
		}
		j := i
		for j < vals && !(isLayoutSpace(rs[j]) && (j+1 == vals || isLayoutSpace(rs[j+1]))) {
			j++
		}
		segs = append(segs, [2]int{i, j})
		i = j
	}
	return segs, vals
}

// valueWord reports a word of values: a figure, or a dash or 无 for zero.
func valueWord(rs []rune, a, b int) bool {
	digit := false
	for k := a; k < b; k++ {
		if !isValueRune(rs[:b], k) {
			return false
		}
		digit = digit || isDigitRune(rs[k])
	}
	if digit {
		return true
	}
	w := string(rs[a:b])
	return w == "—" || w == "-" || w == "－" || w == "/" || w == "无" || w == "——"
}

// rowStart reports label words that begin a row of their own: 1. or 1、,
// （一）, 一、.
func rowStart(rs []rune) bool {
	if len(rs) == 0 {
		return false
	}
	k := 0
	for k < len(rs) && isDigitRune(rs[k]) {
		k++
	}
	if k > 0 {
		return k < len(rs) && strings.ContainsRune(".．、", rs[k])
	}
	if rs[0] == '(' || rs[0] == '（' { // （一） or (1), not （区分处理的…）
		k = 1
		for k < len(rs) && (strings.ContainsRune("一二三四五六七八九十", rs[k]) || isDigitRune(rs[k])) {
			k++
		}
		return k > 1 && k < len(rs) && (rs[k] == ')' || rs[k] == '）')
	}
	return hasRowNumber(rs)
}

// relayout returns the lines of a laid-out table with each row's label
// put back together before its values:
//
//   - a group's label beside a row's is dropped ((三) 不予公开);
//   - a number a narrow cell wrapped is joined (１０ / １);
//   - a row's values split over two lines, the rest right of the first
//     part (部分公开（区分处理的，只计这一 29 / 情形，不计其他情形） 0 0 0 0 0 29),
//     are one row;
//   - a row's number printed apart from its label (危及“三安全一稳定” / 3. 0 0 …)
//     goes before the label;
//   - the label's words below a line of values join it (1. 属于国家秘 0 0 … / 密),
//     and a label begun on the line above a row's values joins them;
//   - with ncols > 0, a row that prints fewer values than ncols has them
//     placed in their columns (placeValues), and is read as positioned
//     (lineT.Placed).
//
// Lines keep their number and place (a joined line is left empty), so line
// numbers still point into the file.
func relayout(lines []lineT, specs []rowSpec, ncols int) []lineT {
	ls := make([]laidLine, len(lines))
	for i, l := range lines {
		ls[i] = newLaidLine(l)
	}
	rl := relaid{ls: ls, specs: specs}
	rl.joinWrappedNumbers()
	rl.moveRowNumbers()
	rl.joinSplitValues()
	rl.joinWordsBelow()
	rl.joinWordsAbove()
	rl.joinLabelPastValues()
	if ncols > 0 {
		rl.placeValues(ncols)
	}
	out := make([]lineT, len(lines))
	copy(out, lines)
	for i, l := range ls {
		switch {
		case l.gone:
			out[i].Text, out[i].Simp = "", ""
		case l.placed != nil:
			out[i].Text, out[i].Simp = l.text+"\t"+strings.Join(l.placed, "\t"), l.simp+"\t"+strings.Join(l.placed, "\t")
			out[i].Placed = true
		case !l.changed:
		case l.valSimp != "":
			out[i].Text, out[i].Simp = l.text+"  "+l.valText, l.simp+"  "+l.valSimp
		default:
			out[i].Text, out[i].Simp = l.text, l.simp
		}
	}
	return out
}

// laidLine is a line of a laid-out table: the label words it keeps and its
// values, in the line's text and in its simplified form (rune for rune).
type laidLine struct {
	text, simp       string // label words
	valText, valSimp string // values, "" if none
	from, to         int    // the values' columns: first rune, one past the last
	words            int    // label segments kept
	toks             []laidTok
	placed           []string // the values in their columns, "" blank (placeValues)
	blank            bool     // nothing but spaces
	gone             bool     // joined into another line
	changed          bool
}

func newLaidLine(l lineT) laidLine {
	text, simp := []rune(l.Text), []rune(l.Simp)
	if len(text) != len(simp) { // Simp is rune for rune; if not, use the text
		simp = text
	}
	segs, vals := splitLaid(simp)
	out := laidLine{blank: allSpace(simp), from: vals, to: len(simp)}
	for out.to > vals && isLayoutSpace(simp[out.to-1]) {
		out.to--
	}
	if vals < len(simp) {
		out.valText, out.valSimp = string(text[vals:out.to]), string(simp[vals:out.to])
		for k := vals; k < out.to; {
			for k < out.to && isLayoutSpace(simp[k]) {
				k++
			}
			e := k
			for e < out.to && !isLayoutSpace(simp[e]) {
				e++
			}
			if e > k {
				out.toks = append(out.toks, laidTok{simp: string(simp[k:e]), at: k, end: e})
			}
			k = e
		}
	}
	// The label words kept: beside values, the last segment (the row's
	// own, not its group's); on a line of words only, all but a short
	// fragment of a group's label before them (理      用、).
	keep := segs
	switch {
	case len(segs) < 2:
	case vals < len(simp):
		keep = segs[len(segs)-1:]
	case !rowStart(simp[segs[0][0]:segs[0][1]]) && segs[0][1]-segs[0][0] <= 6:
		keep = segs[1:]
	}
	out.changed = len(keep) != len(segs) || vals < len(simp)
	out.words = len(keep)
	for k, sg := range keep {
		if k == 0 {
			// a group's label one space before the row's words:
			// (四) 无法提供 握相关政府信息 0 0 …
			if m := groupLabel.FindStringIndex(string(simp[sg[0]:sg[1]])); m != nil && m[1] < len(string(simp[sg[0]:sg[1]])) {
				sg[0] += utf8.RuneCountInString(string(simp[sg[0]:sg[1]])[:m[1]])
				out.changed = true
			}
		}
		if k > 0 {
			out.text += " "
			out.simp += " "
		}
		out.text += string(text[sg[0]:sg[1]])
		out.simp += string(simp[sg[0]:sg[1]])
	}
	return out
}

// groupPiece is a group's label, or its start, alone: (四) 无法.
var groupPiece = regexp.MustCompile(`^[（(][三四五六][）)]\s*(不予公?开?|无法提?供?|不予处?理?|其他处?理?)$`)

// groupLabel is the label of a group of rows in table 三 and a space after
// it (its last character perhaps wrapped onto the next line): the groups'
// labels span their rows, so laid out they sit beside one.
var groupLabel = regexp.MustCompile(`^[（(][三四五六][）)]\s*(不予公开?|无法提供?|不予处理?|其他处理?) +`)

// laidTok is a value as laid out: its words and its columns [at, end).
type laidTok struct {
	simp    string
	at, end int
}

func (t laidTok) center() float64 { return float64(t.at+t.end) / 2 }

// relaid is a laid-out table being put back together.
type relaid struct {
	ls    []laidLine
	specs []rowSpec
}

// next is the first line after i that is neither blank nor joined, or -1.
func (rl *relaid) next(i int) int {
	for j := i + 1; j < len(rl.ls); j++ {
		if !rl.ls[j].blank && !rl.ls[j].gone {
			return j
		}
	}
	return -1
}

// prev is the last line before i that is neither blank nor joined, or -1.
func (rl *relaid) prev(i int) int {
	for j := i - 1; j >= 0; j-- {
		if !rl.ls[j].blank && !rl.ls[j].gone {
			return j
		}
	}
	return -1
}

// ownLabel reports words that hold a row's label words (its pattern).
func (rl *relaid) ownLabel(w string) bool {
	key := keyOf([]rune(w))
	for _, s := range rl.specs {
		if s.re.MatchString(key) {
			return true
		}
	}
	return false
}

// continues reports label words that may end the label above them: words
// that finish a row's label begun above (属于行政执 / 法案卷), surely its,
// or a few that start no row of their own.
func (rl *relaid) continues(above string, l laidLine) (ok, finishes bool) {
	w := l.simp
	rs := []rune(w)
	if l.words != 1 || hasFigure(rs) || rowStart(rs) || len(rs) > 24 {
		return false, false
	}
	a := keyOf([]rune(above))
	both := a + keyOf(rs)
	for _, s := range rl.specs {
		for _, m := range s.re.FindAllStringIndex(both) {
			if m[0] < len(a) && m[1] > len(a) {
				return true, true
			}
		}
	}
	return !rl.ownLabel(w), false
}

// startsRow reports a line whose label begins a row: its number, or a
// row's own label words.
func (rl *relaid) startsRow(l laidLine) bool {
	return rowStart([]rune(l.simp)) || rl.ownLabel(l.simp)
}

// danglingNumber reports a line n that is only the number of a row whose
// label a starts with the number's point (．申请人… / 1): a PDF can set
// the digits apart from the point.
func danglingNumber(a, n laidLine) bool {
	w := strings.TrimSpace(a.simp)
	return (strings.HasPrefix(w, ".") || strings.HasPrefix(w, "．")) && n.simp == "" &&
		len(n.toks) == 1 && len(n.toks[0].simp) <= 2 && allDigits(n.toks[0].simp)
}

// onlyNumber reports label words that are only a row's number ("3.").
func onlyNumber(l laidLine) bool { return rowNumberLine([]rune(l.simp)) }

// joinWrappedNumbers joins the digits a narrow cell wrapped onto the next
// line (１０ / １ for 101) to the number above them: a line of digits alone
// (or beside a piece of a group's label), one or two, each starting where
// one of the numbers above starts.
func (rl *relaid) joinWrappedNumbers() {
	for i := range rl.ls {
		a := &rl.ls[i]
		if a.gone || len(a.toks) < 2 {
			continue
		}
		j := i + 1 // the very next line
		if j == len(rl.ls) || rl.ls[j].gone {
			continue
		}
		b := &rl.ls[j]
		if b.simp != "" && !groupPiece.MatchString(b.simp) || len(b.toks) == 0 || len(b.toks) > 2 || len(b.toks) >= len(a.toks) {
			continue // words of a row's own: its values, not the rest of these
		}
		under := make([]int, len(b.toks))
		for k, t := range b.toks {
			under[k] = -1
			for n, u := range a.toks {
				if t.at == u.at && t.simp != "" && allDigits(t.simp) && allDigits(u.simp) {
					under[k] = n
				}
			}
			if under[k] < 0 {
				break
			}
		}
		if slices.Contains(under, -1) {
			continue
		}
		for k, n := range under {
			a.toks[n].simp += b.toks[k].simp
			a.toks[n].end = max(a.toks[n].end, b.toks[k].end)
		}
		words := make([]string, len(a.toks))
		for n, t := range a.toks {
			words[n] = t.simp
		}
		a.valText = strings.Join(words, "  ")
		a.valSimp, a.changed, b.gone = a.valText, true, true
	}
}

// joinSplitValues joins a row whose values a PDF printed on two lines,
// the second part right of the first, perhaps with the row's number on a
// line between: 要求行政机关确认或重新出 0 / 5. / 具已获取信息   0 0 0 0 0 0.
// The second line's words must go on the label (or be its number), so
// that it is not the next row.
func (rl *relaid) joinSplitValues() {
	for i := range rl.ls {
		a := &rl.ls[i]
		if a.gone || a.valSimp == "" {
			continue
		}
		j := rl.next(i)
		num, mid := -1, -1
		if j >= 0 && (rl.ls[j].valSimp == "" && onlyNumber(rl.ls[j]) || danglingNumber(*a, rl.ls[j])) {
			num, j = j, rl.next(j)
		} else if j >= 0 && rl.ls[j].valSimp == "" {
			// the label's words on a line between: 只 29 / 计这一情形… / 0 0 0 0 0 29
			k := rl.next(j)
			if ok, _ := rl.continues(a.simp, rl.ls[j]); ok && k >= 0 && rl.ls[k].simp == "" {
				mid, j = j, k
			}
		}
		if j < 0 {
			continue
		}
		b := &rl.ls[j]
		if b.valSimp == "" || b.from <= a.to {
			continue
		}
		words, wordsSimp := b.text, b.simp
		switch {
		case mid >= 0:
			words, wordsSimp = rl.ls[mid].text, rl.ls[mid].simp
			rl.ls[mid].gone = true
		case b.simp == "":
		case onlyNumber(*b) && num < 0:
			a.text, a.simp = b.text+a.text, b.simp+a.simp
			words, wordsSimp = "", ""
		default:
			if ok, _ := rl.continues(a.simp, *b); !ok {
				continue
			}
		}
		if num >= 0 {
			n := &rl.ls[num]
			if n.simp == "" { // the number alone, its point left on the label
				n.text, n.simp = n.valText, n.valSimp
			}
			a.text, a.simp = n.text+a.text, n.simp+a.simp
			n.gone = true
		}
		a.text, a.simp = a.text+words, a.simp+wordsSimp
		a.valText, a.valSimp = a.valText+"  "+b.valText, a.valSimp+"  "+b.valSimp
		a.toks = append(a.toks, b.toks...)
		a.to, a.changed, b.gone = b.to, true, true
	}
}

// moveRowNumbers puts a row's number printed apart, alone or before the
// values, in front of its label on the line above (危及“三安全一稳定” / 3. 0 0 …;
// 申请人无正当理由逾期不补 / 1. / 正、行政机关 …).
func (rl *relaid) moveRowNumbers() {
	for i := range rl.ls {
		l := &rl.ls[i]
		if l.gone {
			continue
		}
		p := rl.prev(i)
		if p < 0 || rl.ls[p].valSimp != "" || rowStart([]rune(rl.ls[p].simp)) || rl.ls[p].simp == "" {
			continue
		}
		q := &rl.ls[p]
		switch {
		case onlyNumber(*l):
			q.text, q.simp, q.changed = l.text+q.text, l.simp+q.simp, true
			l.text, l.simp, l.changed = "", "", true
			if l.valSimp == "" {
				l.gone = true
			}
		case danglingNumber(*q, *l): // ．危及“三 / 3 / 0 0 0 …: the digits apart from their point
			q.text, q.simp, q.changed = l.valText+q.text, l.valSimp+q.simp, true
			l.gone = true
		}
	}
}

// joinWordsAbove joins to a line of values whose words go on a label the
// label begun on the line above ((二) 部分公开 (区分处理 / 的, 只计… 0 0 …).
func (rl *relaid) joinWordsAbove() {
	for i := range rl.ls {
		l := &rl.ls[i]
		if l.gone || l.valSimp == "" || l.simp == "" {
			continue
		}
		p := rl.prev(i)
		if p < 0 || rl.ls[p].valSimp != "" || rl.ls[p].simp == "" {
			continue
		}
		if ok, _ := rl.continues(rl.ls[p].simp, *l); !ok {
			continue
		}
		q := &rl.ls[p]
		l.text, l.simp, l.changed = q.text+l.text, q.simp+l.simp, true
		q.gone = true
	}
}

// joinLabelPastValues joins to a label the end of it printed with values
// below a line of values only (2.申请人…缴纳费用、行政机 / 3 0 0 0 0 0 3 /
// 关不再处理其政府信息公开申请 0 0 0 0 0 0 0): those are its values, when the
// words finish its label; the values between are another row's, out of
// place, and are left to no row.
func (rl *relaid) joinLabelPastValues() {
	for i := range rl.ls {
		l := &rl.ls[i]
		if l.gone || l.simp == "" || l.valSimp != "" {
			continue
		}
		j := rl.next(i)
		if j < 0 || rl.ls[j].simp != "" || rl.ls[j].valSimp == "" {
			continue
		}
		k := rl.next(j)
		if k < 0 || rl.ls[k].valSimp == "" {
			continue
		}
		w := &rl.ls[k]
		if _, finishes := rl.continues(l.simp, *w); !finishes {
			continue
		}
		l.text, l.simp = l.text+w.text, l.simp+w.simp
		l.valText, l.valSimp, l.toks = w.valText, w.valSimp, w.toks
		l.from, l.to, l.changed, w.gone = w.from, w.to, true, true
		v := &rl.ls[j] // the values out of place: no row's
		v.valText, v.valSimp, v.toks, v.changed = "", "", nil, true
	}
}

// joinWordsBelow joins to a line of values the label's words on the lines
// below it (1. 属于国家秘 0 0 … / 密), up to the next row. Words that a
// line of values with a label of its own follows may be that row's label,
// printed above its values: those stay, unless they finish the label.
func (rl *relaid) joinWordsBelow() {
	for i := range rl.ls {
		l := &rl.ls[i]
		if l.gone || l.valSimp == "" {
			continue
		}
		var joined []int
		text, simp, sure := "", "", false
		above := l.simp
		if p := rl.prev(i); above == "" && p >= 0 && rl.ls[p].valSimp == "" {
			above = rl.ls[p].simp // 行政規 / 10 2 162 / 範性文件: the label began above
		}
		j := rl.next(i)
		for ; j >= 0 && len(joined) < 3; j = rl.next(j) {
			b := rl.ls[j]
			if b.valSimp != "" {
				break
			}
			ok, finishes := rl.continues(above+simp, b)
			if !ok {
				break
			}
			sure = sure || finishes
			joined = append(joined, j)
			text, simp = text+b.text, simp+b.simp
		}
		if len(joined) == 0 || !sure && j >= 0 && rl.ls[j].valSimp != "" && !rl.startsRow(rl.ls[j]) {
			continue
		}
		for _, k := range joined {
			rl.ls[k].gone = true
		}
		l.text, l.simp, l.changed = l.text+text, l.simp+simp, true
	}
}

// placeValues puts the values of rows that print fewer than ncols in the
// columns where they print, so that a blank cell stays blank instead of
// the values after it moving left into it. A column spans where the rows
// that print all ncols values put its values; where those spans touch, or
// a value is not inside one column (half the gap to the next on each
// side), or is wider than that column's values (digits run together:
// 0 000000), the row is left as it is.
func (rl *relaid) placeValues(ncols int) {
	lo, hi, width := make([]float64, ncols), make([]float64, ncols), make([]int, ncols)
	full := 0
	for _, l := range rl.ls {
		if l.gone || len(l.toks) != ncols {
			continue
		}
		for c, t := range l.toks {
			x := t.center()
			if full == 0 || x < lo[c] {
				lo[c] = x
			}
			if full == 0 || x > hi[c] {
				hi[c] = x
			}
			width[c] = max(width[c], utf8.RuneCountInString(t.simp))
		}
		full++
	}
	if full < 2 {
		return
	}
	margin := make([]float64, ncols+1) // margin[c]: half the gap before column c
	for c := 1; c < ncols; c++ {
		if margin[c] = (lo[c] - hi[c-1]) / 2; margin[c] < 1 {
			return // columns too close to tell apart
		}
	}
	margin[0], margin[ncols] = margin[1], margin[ncols-1]
	column := func(t laidTok) int {
		x := t.center()
		for c := range ncols {
			if x > lo[c]-margin[c] && x < hi[c]+margin[c+1] {
				return c
			}
		}
		return -1
	}
	place := func(toks []laidTok) []string {
		placed, last := make([]string, ncols), -1
		for _, t := range toks {
			c := column(t)
			if c <= last || utf8.RuneCountInString(t.simp) > width[c]+1 {
				return nil
			}
			placed[c], last = t.simp, c
		}
		return placed
	}
	short := func(l laidLine) bool { return !l.gone && len(l.toks) > 0 && len(l.toks) < ncols }
	for i := range rl.ls {
		l := &rl.ls[i]
		if !short(*l) {
			continue
		}
		l.placed = place(l.toks)
		// The rest of the row's values on the next line, in the columns
		// this one left blank, after the rest of its label (只计这一情形，
		// 不计其他 1 － － － 　 － 2 / 情形）  1): one row.
		if j := i + 1; l.placed != nil && j < len(rl.ls) && short(rl.ls[j]) {
			b := &rl.ls[j]
			more := place(b.toks)
			ok, _ := rl.continues(l.simp, *b)
			if more != nil && (b.simp == "" || ok) && disjoint(l.placed, more) {
				for c, v := range more {
					if v != "" {
						l.placed[c] = v
					}
				}
				l.text, l.simp, l.changed, b.gone = l.text+b.text, l.simp+b.simp, true, true
			}
		}
	}
	// Values beside a piece of a label that starts no row ((七 ) １０ ２ over
	// 总计 ２ ０ …) are a row's printed across lines in a way not told
	// apart: that row and the ones beside it stay blank, never misread.
	for i, l := range rl.ls {
		if !short(l) || l.simp == "" || rowStart([]rune(l.simp)) || rl.ownLabel(l.simp) {
			continue
		}
		for _, k := range []int{i - 1, i, i + 1} {
			if k >= 0 && k < len(rl.ls) && short(rl.ls[k]) {
				rl.ls[k].placed = make([]string, ncols)
			}
		}
	}
}

// disjoint reports two placed rows with no column filled in both.
func disjoint(a, b []string) bool {
	for c := range a {
		if a[c] != "" && b[c] != "" {
			return false
		}
	}
	return true
}

// keyOf is the matching form of a few label words: what newKeyed keeps.
func keyOf(rs []rune) string {
	var b strings.Builder
	b.Grow(len(rs) * utf8.UTFMax)
	for _, r := range rs {
		if keepForKey(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// tableLines is a table region's lines as its rows are read: laid-out
// text relaid (relayout; ncols > 0 places values in that many columns),
// any other as it is; and whether it was laid out.
func tableLines(lines []lineT, specs []rowSpec, ncols int) ([]lineT, bool) {
	if laidOut(lines) {
		return relayout(lines, specs, ncols), true
	}
	return lines, false
}
