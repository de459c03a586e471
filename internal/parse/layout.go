package parse

import (
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
// three lines whose values stand apart from their label by a run of spaces.
func laidOut(lines []lineT) bool {
	n := 0
	for _, l := range lines {
		if strings.ContainsAny(l.Text, "\t|｜│") {
			return false
		}
		rs := []rune(l.Simp)
		segs, vals := splitLaid(rs)
		if len(segs) > 0 && vals < len(rs) && len(strings.Fields(string(rs[vals:]))) >= 3 && gapBefore(rs, vals) >= 2 {
			n++
		}
	}
	return n >= 3
}

// gapBefore counts the spaces right before rs[at].
func gapBefore(rs []rune, at int) int {
	n := 0
	for at-n > 0 && isLayoutSpace(rs[at-n-1]) {
		n++
	}
	return n
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
	if vals < len(rs) && rowNumberLine(rs) {
		vals = len(rs)
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
	return rs[0] == '(' || rs[0] == '（' || hasRowNumber(rs)
}

// relayout returns the lines of a laid-out table with each row's label
// put back together before its values: the label words below a line of
// values join it, and a group's label beside a row's is dropped. Lines
// keep their number and place (a joined line is left empty), so line
// numbers still point into the file.
func relayout(lines []lineT, specs []rowSpec) []lineT {
	out := make([]lineT, len(lines))
	copy(out, lines)
	type laid struct {
		text, simp []rune
		segs       [][2]int
		vals       int
	}
	ls := make([]laid, len(lines))
	for i, l := range lines {
		text, simp := []rune(l.Text), []rune(l.Simp)
		if len(text) != len(simp) { // Simp is rune for rune; if not, leave the line be
			simp = text
		}
		segs, vals := splitLaid(simp)
		ls[i] = laid{text, simp, segs, vals}
	}
	// inner is the label words a line keeps: the last segment beside
	// values; on a line of words only, all but a short fragment of a
	// group's label before the rest.
	inner := func(l laid) [][2]int {
		switch {
		case len(l.segs) < 2:
			return l.segs
		case l.vals < len(l.simp):
			return l.segs[len(l.segs)-1:]
		case !rowStart(l.simp[l.segs[0][0]:l.segs[0][1]]) && l.segs[0][1]-l.segs[0][0] <= 6:
			return l.segs[1:]
		}
		return l.segs
	}
	words := func(l laid, segs [][2]int, rs []rune) string {
		var b strings.Builder
		for k, s := range segs {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(string(rs[s[0]:s[1]]))
		}
		return b.String()
	}
	ownLabel := func(w []rune) bool {
		key := keyOf(w)
		for _, s := range specs {
			if s.re.MatchString(key) {
				return true
			}
		}
		return false
	}
	// continues reports label words that may end the label above them:
	// words that finish a row's label begun above (属于行政执 / 法案卷),
	// or a few that start no row of their own.
	// finishes is set when the words finish a label: they are surely its.
	continues := func(above string, l laid) (ok, finishes bool) {
		segs := inner(l)
		if l.vals < len(l.simp) || len(segs) != 1 || hasFigure(l.simp) {
			return false, false
		}
		w := l.simp[segs[0][0]:segs[0][1]]
		if rowStart(w) || len(w) > 24 {
			return false, false
		}
		a := keyOf([]rune(above))
		both := a + keyOf(w)
		for _, s := range specs {
			for _, m := range s.re.FindAllStringIndex(both) {
				if m[0] < len(a) && m[1] > len(a) {
					return true, true
				}
			}
		}
		return !ownLabel(w), false
	}
	startsRow := func(l laid) bool {
		segs := inner(l)
		return len(segs) > 0 && (rowStart(l.simp[segs[0][0]:segs[0][1]]) || ownLabel(l.simp[segs[0][0]:l.vals]))
	}
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		segs := inner(l)
		if l.vals == len(l.simp) {
			if len(segs) != len(l.segs) {
				out[i].Text, out[i].Simp = words(l, segs, l.text), words(l, segs, l.simp)
			}
			continue
		}
		text, simp := words(l, segs, l.text), words(l, segs, l.simp)
		// the label's words on the lines below, up to the next row
		var joined []int
		moreText, moreSimp, sure := "", "", false
		j := i + 1
		for ; j < len(ls) && len(joined) < 3; j++ {
			if allSpace(ls[j].simp) {
				continue
			}
			ok, finishes := continues(simp+moreSimp, ls[j])
			if !ok {
				break
			}
			sure = sure || finishes
			joined = append(joined, j)
			w := inner(ls[j])[0]
			moreText += string(ls[j].text[w[0]:w[1]])
			moreSimp += string(ls[j].simp[w[0]:w[1]])
		}
		// Words below that a line of values with a label of its own
		// follows may be that row's label, printed above its values.
		for ; j < len(ls) && allSpace(ls[j].simp); j++ {
		}
		if !sure && j < len(ls) && ls[j].vals < len(ls[j].simp) && !startsRow(ls[j]) {
			joined, moreText, moreSimp = nil, "", ""
		}
		for _, k := range joined {
			out[k].Text, out[k].Simp = "", ""
		}
		text, simp = text+moreText, simp+moreSimp
		out[i].Text = text + "  " + string(l.text[l.vals:])
		out[i].Simp = simp + "  " + string(l.simp[l.vals:])
		if len(joined) > 0 {
			i = joined[len(joined)-1]
		}
	}
	return out
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
// text relaid (relayout), any other as it is.
func tableLines(lines []lineT, specs []rowSpec) []lineT {
	if laidOut(lines) {
		return relayout(lines, specs)
	}
	return lines
}
