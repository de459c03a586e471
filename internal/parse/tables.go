package parse

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/flat"
	"gongkai/internal/report"
)

// rowSpec finds one template row in the matching form of a table region.
type rowSpec struct {
	key string
	re  *wordRe
	num string // the row's own printed number ("2" for 2.其他法律…), stripped from the run before it
}

func spec(key, pattern, num string) rowSpec {
	return rowSpec{key: key, re: mustWords(pattern), num: num}
}

var requestSpecs = []rowSpec{
	spec("new", `本年新收|收政府信息公开申请`, ""),
	spec("carried_over", `上年结转|结转政府信息公开申请`, ""),
	spec("granted", `予以公开`, ""),
	spec("partial", `部分公开|区分处理`, ""),
	spec("denied_state_secret", `国家秘密`, "1"),
	spec("denied_prohibited", `(其他)?法律(行政)?法规?禁止公开|禁止公开|行政法规禁止`, "2"),
	spec("denied_security", `(危及)?三安全一稳定|危及`, "3"),
	spec("denied_third_party", `(保护)?第三方(合法权益)?|第三方合法|三方合法权益`, "4"),
	spec("denied_internal", `(属于)?三类内部事务(信息)?|内部事务|三类内部`, "5"),
	spec("denied_process", `(属于)?四类过程性(信息)?|过程性信息|四类过程|过程性`, "6"),
	spec("denied_enforcement_file", `(属于)?行政执法案卷|执法案卷|行政执法案|法案卷`, "7"),
	spec("denied_query", `(属于)?行政查询事项|查询事项|行政查询`, "8"),
	spec("unavailable_not_held", `本机关不掌握(相关政府信息)?|不掌握相关`, "1"),
	spec("unavailable_needs_creation", `没有现成信息(需要另行制作)?|另行制作`, "2"),
	spec("unavailable_unclear", `补正后申请内容仍不明确|仍不明确|补正后申请`, "3"),
	spec("rejected_petition", `信访举报投诉类?申请|信访举报`, "1"),
	spec("rejected_duplicate", `重复申请`, "2"),
	spec("rejected_publication", `(要求提供)?公开出版物|出版物`, "3"),
	spec("rejected_excessive", `(无正当理由)?大量反复申请|大量反复|反复申请`, "4"),
	spec("rejected_confirmation", `要求行政机关确认或重新出具已获取信息|重新出具(已获取信息)?`, "5"),
	spec("other_no_correction", `申请人无正当理由逾期不补正(行政机关不再处理其政府信息公开申请)?|逾期不补正(行政机关不再处理其政府信息公开申请)?`, "1"),
	spec("other_no_fee", `申请人逾期未按收费通知要求缴纳费用(行政机关不再处理其政府信息公开申请)?|缴纳费用(行政机关不再处理其政府信息公开申请)?`, "2"),
	spec("other_other", `3其他`, ""),
	spec("other", `六其他处理|其他处理`, ""),
	spec("total", `七总计|总计`, ""),
	spec("carried_forward", `结转下年度(继续办理)?|结转下年|下年度继续办理`, ""),
}

var activeSpecs = []rowSpec{
	spec("rules", `规章`, ""),
	spec("normative_docs", `(行政)?规范性文件|行政规范性|范性文件`, ""),
	spec("licensing", `行政许可`, ""),
	spec("other_services", `其他对外管理服务事项|对外管理服务`, ""),
	spec("penalties", `行政处罚`, ""),
	spec("enforcement", `行政强制`, ""),
	spec("fees", `(行政)?事业性收费`, ""),
	spec("procurement", `(政府)?集中采购`, ""),
}

// specsFor keeps the specs of the rows the template has, in its order.
func specsFor(all []rowSpec, def *report.TableDef) []rowSpec {
	var out []rowSpec
	for _, r := range def.Rows {
		for _, s := range all {
			if s.key == r.Key {
				out = append(out, s)
			}
		}
	}
	return out
}

// region is the text of a table's part of the report: cells joined by
// tabs, lines by newlines, with its matching form.
type region struct {
	text   []rune
	k      *keyed
	lines  []int // rune offset of each line start, for line numbers
	nos    []int // the source line number of each line
	placed []int // the lines whose values are placed (lineT.Placed), few
	laid   bool  // laid out by spaces (text from a PDF): blank cells leave no trace
}

// regionScratch is the memory of a region's runes and indexes, about 15
// bytes per character of its text, used again for the next region: a
// report's regions are read one after the other, and each is done with
// before the next is made (readTables). Nothing a report keeps points
// into it: what a table yields is numbers and new strings.
type regionScratch struct {
	text         []rune
	at, runeByte []int32
	lines, nos   []int
}

var regionScratches = sync.Pool{New: func() any { return new(regionScratch) }}

// newRegion makes the region of lines in s's memory (nil: new memory).
func newRegion(lines []lineT, s *regionScratch) *region {
	if s == nil {
		s = new(regionScratch)
	}
	r := &region{}
	n := 0
	for _, l := range lines {
		n += utf8.RuneCountInString(l.Text) + 1
	}
	b := grow(s.text[:0], n)
	r.lines, r.nos = grow(s.lines[:0], len(lines)), grow(s.nos[:0], len(lines))
	for i, l := range lines {
		if l.Placed {
			r.placed = append(r.placed, i)
		}
		r.lines = append(r.lines, len(b))
		r.nos = append(r.nos, l.No)
		b = appendRunes(b, l.Text)
		b = append(b, '\n')
	}
	r.text = b
	r.k = newKeyedIn(b, lines, grow(s.at[:0], len(b)), grow(s.runeByte[:0], len(b)+1))
	s.text, s.lines, s.nos, s.at, s.runeByte = r.text, r.lines, r.nos, r.k.at, r.k.runeByte
	return r
}

// grow returns s (empty) with room for n elements.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s
}

// allSpace is strings.TrimSpace(string(rs)) == "".
func allSpace(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// innerBlank is strings.ContainsAny(strings.TrimSpace(string(rs)), " \t").
func innerBlank(rs []rune) bool {
	a, z := 0, len(rs)
	for a < z && unicode.IsSpace(rs[a]) {
		a++
	}
	for z > a && unicode.IsSpace(rs[z-1]) {
		z--
	}
	for _, r := range rs[a:z] {
		if r == ' ' || r == '\t' {
			return true
		}
	}
	return false
}

// appendRunes is append(rs, []rune(s)...) without the temporary slice.
func appendRunes(rs []rune, s string) []rune {
	for _, r := range s {
		rs = append(rs, r)
	}
	return rs
}

// placedIn reports a placed line with text in [from, to): the values read
// there stand in their columns.
func (r *region) placedIn(from, to int) bool {
	for _, i := range r.placed {
		end := len(r.text)
		if i+1 < len(r.lines) {
			end = r.lines[i+1]
		}
		if r.lines[i] < to && end > from {
			return true
		}
	}
	return false
}

// lineNo is the source line of a rune offset (0 if unknown).
func (r *region) lineNo(at int) int {
	no := 0
	for i, s := range r.lines {
		if s > at {
			break
		}
		no = r.nos[i]
	}
	return no
}

// found is a located row label: [start, end) in region runes.
type found struct {
	spec       rowSpec
	start, end int
}

// locate finds the labels of specs in order, each after the previous one,
// starting at rune offset from.
func (r *region) locate(specs []rowSpec, from int) []found {
	out := make([]found, 0, len(specs))
	pos := r.k.keyOffset(from)
	for _, s := range specs {
		loc := s.re.FindStringIndex(r.k.key[pos:])
		if loc == nil {
			continue
		}
		a, b := r.k.span(pos+loc[0], pos+loc[1])
		out = append(out, found{spec: s, start: a, end: b})
		pos += loc[1]
	}
	return out
}

// isValueRune reports runes that can be part of printed values.
func isValueRune(rs []rune, i int) bool {
	r := rs[i]
	switch {
	case r >= '0' && r <= '9', r >= '０' && r <= '９':
		return true
	}
	switch r {
	case '.', '．', ',', '，', '-', '—', '－', '–', '/', '／', '+', ' ', '\t', '\n', '\u3000', '\u00a0', '元', '%',
		'\u2009', '\u202f', '\u2002', '\u2003', '\u2007', '\u2008': // typographic spaces: 1 926
		return true
	case '万':
		return i+1 < len(rs) && rs[i+1] == '元'
	case '件', '个', '项', '条', '次', '宗': // a count's unit, right after its digits (71件)
		return i > 0 && (rs[i-1] >= '0' && rs[i-1] <= '9' || rs[i-1] >= '０' && rs[i-1] <= '９')
	case '无', '無':
		return i+1 >= len(rs) || !unicode.Is(unicode.Han, rs[i+1])
	}
	return false
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// oddMark reports a rune between two digits that is neither a value's own
// (isValueRune), nor a word, nor a line end: a separator of another habit.
func oddMark(r rune) bool {
	return r != '\n' && r != '\t' && !unicode.IsLetter(r) && !unicode.Is(unicode.Han, r)
}

// wrappedNumber reports a line break at rs[at] that cuts a number in two:
// text hard-wrapped at a fixed width (a long line with no tabs) whose line
// ends in a digit or point and whose next line goes on with one
// ("24252.311" / "082…"), not with a row's own number ("2.申请人…").
func wrappedNumber(rs []rune, at int) bool {
	isNum := func(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' || r == '.' || r == '．' }
	if at == 0 || at+1 >= len(rs) || !isNum(rs[at-1]) || !isNum(rs[at+1]) {
		return false
	}
	k := at + 1
	for k < len(rs) && isNum(rs[k]) {
		k++
	}
	if p := rs[k-1]; (p == '.' || p == '．') && k < len(rs) && !isNum(rs[k]) || k < len(rs) && rs[k] == '、' {
		return false // 2.申请人… or 2、…: the next row's number
	}
	n := 0
	for b := at - 1; b >= 0 && rs[b] != '\n'; b-- {
		if rs[b] == '\t' {
			return false
		}
		n++
	}
	return n >= 30
}

// valueText returns the printed values after a label ending at from and
// before limit: label words left in the same cell are skipped, the values
// stop at the first words after them, at the end of the row's line, and
// before the next row's own number.
func (r *region) valueText(from, limit int, nextNum string) string {
	rs := r.text[:limit]
	i := from
	// skip the rest of the label in its cell, and the boundary after it
	for i < len(rs) && rs[i] != '\t' && rs[i] != '\n' && !(rs[i] >= '0' && rs[i] <= '9' || rs[i] >= '０' && rs[i] <= '９') && !zeroWordAt(rs, i) {
		i++
	}
	if i < len(rs) && rs[i] == '\t' {
		i++
	}
	// A label wrapped onto a short line or two with no figures (text from
	// PDFs), or onto the values' own line ("其他情形）   29 0 …"), with
	// perhaps its row's number left alone on a line between ("1.").
	// Empty lines (lines relayout joined to others) and a lone number are
	// passed over, up to two lines of words that head no other table.
	for words, other := 0, 0; words < 2 && other < 4 && i < len(rs) && rs[i] == '\n'; {
		e := i + 1
		for e < len(rs) && rs[e] != '\n' {
			e++
		}
		next := rs[i+1 : e]
		switch lone := rowNumberLine(next); {
		case len(next) == 0 && e < len(rs), lone:
			other++
		case len(next) == 0 || len(next) > 40 || hasFigure(next) || tableHead(next):
			if at := wrappedLabelValues(next); at > 0 {
				i += 1 + at
			}
			goto wrapped
		default:
			words++
		}
		i = e
	}
wrapped:
	// The values follow on the label's line; or, when that line has none, on
	// the next line — or one per line, as text copied from a PDF prints them.
	start := i
	j := i
	lineStart, perLine := i, false
	var wraps []int // line breaks inside a number (hard-wrapped text)
	for j < len(rs) && isValueRune(rs, j) {
		if rs[j] == '\n' {
			switch {
			case allSpace(rs[start:j]):
				perLine = true // nothing yet: the values start below
			case !perLine && wrappedNumber(rs, j):
				wraps = append(wraps, j)
			case !perLine || allSpace(rs[lineStart:j]) || innerBlank(rs[lineStart:j]):
				goto done
			}
			lineStart = j + 1
		}
		j++
	}
done:
	// A number cut by a mark the values do not know (1·926, 1'926): keep
	// the mark and what follows in the values, where the cell then reads
	// as no number, rather than read the digits before it as the value.
	for j > start && j+1 < len(rs) && isDigitRune(rs[j-1]) && isDigitRune(rs[j+1]) && oddMark(rs[j]) {
		for j++; j < len(rs) && (isValueRune(rs, j) && rs[j] != '\n' || isDigitRune(rs[j])); j++ {
		}
	}
	v := string(rs[start:j])
	if len(wraps) > 0 {
		b := make([]rune, 0, j-start)
		for k := start; k < j; k++ {
			if len(wraps) > 0 && k == wraps[0] {
				wraps = wraps[1:]
				continue
			}
			b = append(b, rs[k])
		}
		v = string(b)
	}
	if trimmed := strings.TrimLeft(v, " \t\n"); strings.Contains(v[:len(v)-len(trimmed)], "\n") {
		// values began on a later line: keep that line's leading blanks
		v = v[strings.LastIndex(v[:len(v)-len(trimmed)], "\n")+1:]
	}
	if nextNum != "" {
		v = foldString(v) // "…０００００００２．其他": the next number is compared in ASCII
		t := strings.TrimRight(v, " \t\n")
		for _, sep := range []string{".", "．", "、"} {
			if strings.HasSuffix(t, nextNum+sep) {
				v = strings.TrimRight(strings.TrimSuffix(t, nextNum+sep), " \t")
				break
			}
		}
		// "…00000002、 其他": the 、 stopped the values right after the next row's number
		if j < len(rs) && rs[j] == '、' && strings.HasSuffix(t, nextNum) && len(t) == len(v) {
			v = strings.TrimRight(strings.TrimSuffix(t, nextNum), " \t")
		}
	}
	return v
}

// valuesAbove returns the lines of values only right above the line a
// label starts at (each value on a line of its own, or a few apart by
// spaces), or "" when the label does not start its line.
func (r *region) valuesAbove(at int) string {
	ls := at
	for ls > 0 && r.text[ls-1] != '\n' {
		ls--
	}
	if !allSpace(r.text[ls:at]) {
		return ""
	}
	start := ls
	for start > 0 {
		b := start - 1 // the '\n' ending the line above
		a := b
		for a > 0 && r.text[a-1] != '\n' {
			a--
		}
		line := r.text[a:b]
		if allSpace(line) || !hasFigure(line) || slices.ContainsFunc(line, func(c rune) bool { return c == '\t' }) {
			break
		}
		for k := range line {
			if !isValueRune(line, k) {
				return strings.TrimSpace(string(r.text[start:ls]))
			}
		}
		start = a
	}
	return strings.TrimSpace(string(r.text[start:ls]))
}

// rowValues is what one row printed.
type rowValues struct {
	vals []*float64 // per column; nil = null
	run  string     // set when the row's cells ran together (flattened)
	note string
	// laidShort is set for a row of laid-out text one number short:
	// laidZeros where SPEC §2.2 was followed on zeros alone, laidNotSum
	// where it was not, the last number not the sum of the others.
	laidShort int
}

const (
	laidZeros = 1 + iota
	laidNotSum
)

// rowLayout is what readRow knows of a row besides its text.
type rowLayout struct {
	shortRule bool // a row one number short follows SPEC §2.2
	exact     bool // cells are delimited on both sides (see decode.Doc.Exact)
	// oneLabel: the row's label is one column (table 二), so a grid row's
	// extra blank cells follow its values; in tables 三 and 四 labels span
	// columns, and extra blanks come before the values.
	oneLabel bool
	// laid: text laid out by spaces, where a row one number short may as
	// well have a blank cell anywhere: SPEC §2.2 is followed only where
	// the last number is the sum of the others (a total, not other).
	laid bool
}

// readRow turns a row's value text into ncols values. Tab-separated cells
// keep their positions; a row one number short follows SPEC §2.2 when
// lay.shortRule is set; digits run together are returned as a run.
func readRow(text string, ncols int, amount []bool, lay rowLayout) rowValues {
	shortRule, exact := lay.shortRule, lay.exact
	fields := splitCells(text)
	if exact && len(fields) > ncols && strings.Contains(text, "\t") {
		// A grid row wider than the row's columns: blanks before the
		// values are empty label columns, blanks after them the rest of a
		// spanned cell or the table's padding. The values are the ncols
		// fields that hold every figure; where several windows of ncols
		// fields do (| 政府集中采购 |  | 161.18 |  |: the projects or the
		// amount?), the labels' width decides.
		if lo, hi, ok := figureWindows(fields, ncols); ok {
			s := hi
			if lay.oneLabel {
				s = lo
			}
			fields = fields[s : s+ncols]
		}
	}
	if !exact {
		fields = spacedValues(fields, amount)
	}
	all := fields // before trailing blanks are dropped
	if !exact || len(fields) != ncols || !strings.Contains(text, "\t") {
		for len(fields) > 0 && strings.TrimSpace(fields[len(fields)-1]) == "" {
			fields = fields[:len(fields)-1]
		}
	}
	out := rowValues{vals: make([]*float64, ncols)}
	if len(fields) == 0 {
		return out
	}
	isAmount := func(c int) bool { return c < len(amount) && amount[c] }
	var kindBuf [16]cellKind // a row's cells fit (table 四 has 15): no allocation
	var valBuf [16]float64
	kinds, vals := kindBuf[:0], valBuf[:0]
	if len(fields) > len(kindBuf) {
		kinds, vals = make([]cellKind, 0, len(fields)), make([]float64, 0, len(fields))
	}
	kinds, vals = kinds[:len(fields)], vals[:len(fields)]
	nonBlank, runs, multi := 0, 0, false
	for i, f := range fields {
		vals[i], kinds[i] = readCell(f, false)
		switch kinds[i] {
		case cellNumber:
			nonBlank++
		case cellRun:
			nonBlank++
			runs++
			if len(strings.Fields(f)) > 1 {
				multi = true
			}
		}
	}
	// re-read with each column's unit once positions are known
	assign := func(idx []int) {
		store := make([]float64, len(idx)) // one allocation for the row's values
		for c, i := range idx {
			if i < 0 || i >= len(fields) {
				continue
			}
			v, k := vals[i], kinds[i] // read above, unless the column's unit matters
			if isAmount(c) {
				v, k = readCell(fields[i], true)
			} else if k == cellNumber && v != math.Trunc(v) {
				// a count is a whole number (SPEC §2): 1.926 is a misprint
				// or 1,926 written another way, and either reading may be wrong
				out.note = fmt.Sprintf("%s 不是整数", strings.TrimSpace(fields[i]))
				continue
			}
			if k == cellNumber {
				store[c] = v
				out.vals[c] = &store[c]
			}
		}
	}
	if runs == 0 {
		var idxBuf [16]int
		idx := idxBuf[:0]
		switch {
		case exact && len(fields) == ncols && shortRule && nonBlank == ncols-1 && kinds[ncols-1] == cellBlank && totalShifted(vals, kinds):
			// The last number is the sum of those before it: the total of a
			// row one cell short (SPEC §2.2) that the page padded at its end
			// (Word's HTML does), or other, with the total left blank. Either
			// may be wrong, so both stay null.
			for i := 0; i < ncols-2; i++ {
				idx = append(idx, i)
			}
			idx = append(idx, -1, -1)
			out.note = fmt.Sprintf("末格空白，%s 是其他还是总计无法确定", strings.TrimSpace(fields[ncols-2]))
		case exact && len(fields) == ncols, !exact && len(fields) == ncols && nonBlank != ncols-1:
			for i := range fields {
				idx = append(idx, i)
			}
		case nonBlank == ncols:
			for i, k := range kinds {
				if k == cellNumber {
					idx = append(idx, i)
				}
			}
		case shortRule && nonBlank == ncols-1 && contiguous(kinds) && lay.laid && !lastIsSum(vals, kinds):
			out.laidShort = laidNotSum
			out.note = fmt.Sprintf("%d 个数字，应为 %d 个，末数不是合计", nonBlank, ncols)
			return out
		case shortRule && nonBlank == ncols-1 && contiguous(kinds):
			if lay.laid && allZero(vals, kinds) {
				out.laidShort = laidZeros
			}
			for i, k := range kinds {
				if k == cellNumber {
					idx = append(idx, i)
				}
			}
			last := idx[len(idx)-1]
			idx = append(idx[:len(idx)-1], -1, last)
		default:
			lead := 0
			for lead < len(fields) && kinds[lead] == cellBlank {
				lead++
			}
			if len(fields)-lead == ncols {
				for i := lead; i < len(fields); i++ {
					idx = append(idx, i)
				}
			} else if len(all)-lead == ncols && len(fields) < len(all) && strings.Contains(text, "\t") {
				// Tab text copied from a web page's table: each blank cell
				// keeps its tab, trailing ones too, so the row has exactly
				// its columns and every value its position. Dropping the
				// trailing tabs left it short, and short rows are not read.
				for i := lead; i < len(all); i++ {
					idx = append(idx, i) // past len(fields): blank
				}
			} else if nonBlank < ncols && hasDigitRun(fields) {
				runs = 1 // cells run together: read below as a run
			} else {
				out.note = fmt.Sprintf("%d 个数字，应为 %d 个", nonBlank, ncols)
				return out
			}
		}
		if runs == 0 {
			assign(idx)
			return out
		}
	}
	// Space-separated numbers in one field (text laid out from a PDF): accept
	// them when they are exactly the row, or one short under SPEC §2.2.
	if multi && runs == 1 && nonBlank == 1 {
		for _, f := range fields {
			toks := strings.Fields(f)
			if len(toks) != ncols && !(shortRule && len(toks) == ncols-1) {
				continue
			}
			var tv []*float64
			for c, t := range toks {
				if len(toks) == ncols-1 && c == len(toks)-1 {
					tv = append(tv, nil) // the short row's missing column is `other`, before the total
					c++
				}
				v, k := readCell(t, isAmount(c))
				if k != cellNumber {
					tv = nil
					break
				}
				tv = append(tv, &v)
			}
			if tv != nil {
				out.vals = tv
				return out
			}
		}
	}
	var parts []string
	for _, f := range fields {
		if f = strings.TrimSpace(foldString(f)); f != "" { // 1 926 with a thin space: a plain one
			parts = append(parts, f)
		}
	}
	out.run = strings.Join(parts, " ")
	return out
}

// spacedValues returns the words of a row's one field of values apart by
// spaces (text laid out from a PDF: 23   0   无   0 …) as its fields, when
// every word is a value; otherwise fields as they are.
func spacedValues(fields []string, amount []bool) []string {
	one := -1
	for i, f := range fields {
		if strings.TrimSpace(f) == "" {
			continue
		}
		if one >= 0 {
			return fields
		}
		one = i
	}
	if one < 0 {
		return fields
	}
	words := strings.Fields(fields[one])
	if len(words) < 2 {
		return fields
	}
	for c, w := range words {
		if _, k := readCell(w, c < len(amount) && amount[c]); k != cellNumber {
			return fields
		}
	}
	return words
}

// allZero reports a row whose numbers are all zero.
func allZero(vals []float64, kinds []cellKind) bool {
	for i, k := range kinds {
		if k == cellNumber && vals[i] != 0 {
			return false
		}
	}
	return true
}

// lastIsSum reports a row whose last number is the sum of its other
// numbers: it may be their total.
func lastIsSum(vals []float64, kinds []cellKind) bool {
	sum, last := 0.0, -1
	for i, k := range kinds {
		if k == cellNumber {
			if last >= 0 {
				sum += vals[last]
			}
			last = i
		}
	}
	return last >= 0 && sum == vals[last]
}

// totalShifted reports a row of numbers and then one blank cell whose last
// number is the sum of the numbers before it: perhaps the total.
func totalShifted(vals []float64, kinds []cellKind) bool {
	n := len(kinds) - 2
	sum := 0.0
	for i := 0; i < n; i++ {
		if kinds[i] != cellNumber {
			return false
		}
		sum += vals[i]
	}
	return kinds[n] == cellNumber && sum > 0 && sum == vals[n] // all zeros: as the page shows them
}

// splitCells is strings.Split(strings.ReplaceAll(text, "\n", "\t"), "\t")
// with a single allocation.
func splitCells(text string) []string {
	n := 1
	for i := 0; i < len(text); i++ {
		if text[i] == '\t' || text[i] == '\n' {
			n++
		}
	}
	out := make([]string, 0, n)
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '\t' || text[i] == '\n' {
			out = append(out, text[start:i])
			start = i + 1
		}
	}
	return append(out, text[start:])
}

// contiguous reports that the numbers have no blank between them.
func contiguous(kinds []cellKind) bool {
	first, last := -1, -1
	for i, k := range kinds {
		if k == cellNumber {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for i := first; i <= last && i >= 0; i++ {
		if kinds[i] != cellNumber {
			return false
		}
	}
	return true
}

// tableResult collects what a table parse found.
type tableResult struct {
	found    int // rows located
	cells    *report.Cells
	inferred []string
	notes    []string
	flatMsg  string
	unread   map[string]string // "table.row" → run, for rows left ambiguous
}

func amountFlags(row *report.Row) []bool {
	out := make([]bool, len(row.Columns))
	for i, c := range row.Columns {
		out[i] = c.Key == "amount"
	}
	return out
}

// tableSpecs is what readTable needs of one table definition, worked out
// once: its row specs in template order and, per row, the amount flags and
// the cell paths.
type tableSpecs struct {
	specs  []rowSpec
	amount map[string][]bool
	paths  map[string][]string // row key → "table.row.col" per column
}

var tableSpecsCache sync.Map // tableSpecsKey → *tableSpecs

type tableSpecsKey struct {
	def   *report.TableDef
	specs *rowSpec
}

func specsOf(def *report.TableDef, specs []rowSpec) *tableSpecs {
	key := tableSpecsKey{def, &specs[0]}
	if ts, ok := tableSpecsCache.Load(key); ok {
		return ts.(*tableSpecs)
	}
	ts := &tableSpecs{specs: specsFor(specs, def), amount: map[string][]bool{}, paths: map[string][]string{}}
	for i := range def.Rows {
		row := &def.Rows[i]
		ts.amount[row.Key] = amountFlags(row)
		for _, c := range row.Columns {
			ts.paths[row.Key] = append(ts.paths[row.Key], def.Key+"."+row.Key+"."+c.Key)
		}
	}
	tableSpecsCache.Store(key, ts)
	return ts
}

// readTable reads the rows of def located in reg from offset from. The
// cells read are written to res.cells, which is cells.
func readTable(reg *region, def *report.TableDef, specs []rowSpec, from int, shortRule, exact bool, cells *report.Cells) (*tableResult, []found, map[string]rowValues) {
	res := &tableResult{cells: cells}
	ts := specsOf(def, specs)
	locs := reg.locate(ts.specs, from)
	rows := make(map[string]rowValues, len(locs))
	// Text from a PDF in reading order may print each row's values on the
	// lines before its label. Then the first row's values stand alone
	// right above its label, and every row is read from above.
	above := len(locs) > 0 && len(strings.Fields(reg.valuesAbove(locs[0].start))) == len(def.Row(locs[0].spec.key).Columns)
	for i, f := range locs {
		limit := len(reg.text)
		next := ""
		if i+1 < len(locs) {
			limit = locs[i+1].start
			next = locs[i+1].spec.num
		}
		row := def.Row(f.spec.key)
		lay := rowLayout{shortRule: shortRule, exact: exact || reg.placedIn(f.start, limit), oneLabel: def.Key == "active", laid: reg.laid}
		text := ""
		if above {
			text = reg.valuesAbove(f.start)
		} else {
			text = reg.valueText(f.end, limit, next)
		}
		rows[f.spec.key] = readRow(text, len(row.Columns), ts.amount[row.Key], lay)
	}
	// In laid-out text, a row one number short whose last number is not
	// the others' sum has its total blank, not other; then a row of zeros
	// one short may as well, and SPEC §2.2 is not followed on it either.
	notSum := false
	for _, rv := range rows {
		notSum = notSum || rv.laidShort == laidNotSum
	}
	for _, f := range locs {
		row := def.Row(f.spec.key)
		rv := rows[f.spec.key]
		if notSum && rv.laidShort == laidZeros {
			rv.vals = make([]*float64, len(rv.vals))
			rv.note = "各数为零且少一个，表中他行末数不是合计，无法确定空白栏"
			rows[f.spec.key] = rv
		}
		if rv.note != "" {
			res.notes = append(res.notes, fmt.Sprintf("第 %d 行 %s：%s，未读取", reg.lineNo(f.start), row.Label, rv.note))
		}
		paths := ts.paths[row.Key]
		for c, v := range rv.vals {
			if v != nil {
				res.cells.Set(paths[c], *v)
			}
		}
	}
	res.found = len(locs)
	return res, locs, rows
}

// solveFlat hands the rows whose cells ran together to the flattened-table
// solver, with the cleanly read rows as fixed context.
func solveFlat(res *tableResult, def *report.TableDef, rows map[string]rowValues, solve func([]flat.Run) flat.Result) {
	var runs []flat.Run
	anyRun := false
	for _, row := range def.Rows {
		rv, ok := rows[row.Key]
		if !ok {
			continue
		}
		if rv.run != "" {
			anyRun = true
			runs = append(runs, flat.Run{Key: row.Key, Text: rv.run})
			continue
		}
		known := make([]float64, 0, len(rv.vals))
		for _, v := range rv.vals {
			if v == nil {
				break
			}
			known = append(known, *v)
		}
		if len(known) == len(rv.vals) {
			runs = append(runs, flat.Run{Key: row.Key, Known: known}) // read cleanly: a fixed point for the sums
		}
	}
	if !anyRun {
		return
	}
	sol := solve(runs)
	for _, row := range def.Rows {
		rv, ok := rows[row.Key]
		if !ok || rv.run == "" {
			continue
		}
		for _, c := range row.Columns {
			if v, ok := sol.Cells[row.Key+"."+c.Key]; ok {
				res.cells.Set(def.Key+"."+row.Key+"."+c.Key, v)
			}
		}
	}
	for _, p := range sol.Inferred {
		if rv := rows[strings.SplitN(p, ".", 2)[0]]; rv.run != "" {
			res.inferred = append(res.inferred, def.Key+"."+p)
		}
	}
	if len(sol.Ambiguous) > 0 {
		res.flatMsg = sol.Message()
		res.unread = map[string]string{}
		for _, a := range sol.Ambiguous {
			if rv := rows[a.Row]; rv.run != "" {
				res.unread[def.Key+"."+a.Row] = rv.run
			}
		}
	}
}

// hasDigitRun reports a field of two or more bare digits: several cells
// that may have run together.
func hasDigitRun(fields []string) bool {
	for _, f := range fields {
		f = strings.TrimSpace(foldString(f))
		if len(f) >= 2 && strings.Trim(f, "0123456789") == "" {
			return true
		}
	}
	return false
}

// figureWindows finds the windows of ncols fields outside which every field
// is blank: the first and the last one's start; false when there is none
// (or no figure to place).
func figureWindows(fields []string, ncols int) (lo, hi int, ok bool) {
	first, last := -1, -1
	for i, f := range fields {
		if strings.TrimSpace(f) != "" {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return 0, 0, false
	}
	lo, hi = max(0, last-ncols+1), min(first, len(fields)-ncols)
	return lo, hi, lo <= hi
}

func allBlank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// zeroWordAt reports a space at rs[i] before a word that marks a zero
// (/, —, 无): in text laid out by spaces, the row's first value.
func zeroWordAt(rs []rune, i int) bool {
	if rs[i] != ' ' && rs[i] != '\u3000' {
		return false
	}
	k := i
	for k < len(rs) && (rs[k] == ' ' || rs[k] == '\u3000') {
		k++
	}
	e := k
	for e < len(rs) && rs[e] != ' ' && rs[e] != '\u3000' && rs[e] != '\t' && rs[e] != '\n' {
		e++
	}
	return e > k && isZeroMark(string(rs[k:e]))
}

// tableHead reports the words that head a table of part 二 (第二十条第（五）项,
// 信息内容): no row's label wraps onto them.
func tableHead(rs []rune) bool {
	s := string(rs)
	for _, w := range []string{"第二十条", "第二十條", "信息内容", "信息內容"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// rowNumberLine reports a line that is only a row's number ("1.", "5、"):
// text from a PDF prints it apart when the label beside it wraps.
func rowNumberLine(rs []rune) bool {
	s := strings.TrimSpace(string(rs))
	n := strings.TrimRight(s, ".．、")
	return n != s && len(s)-len(n) <= 3 && n != "" && strings.Trim(n, "0123456789") == ""
}

// wrappedLabelValues returns where the values start in a line that
// begins with the end of a wrapped label and then prints them, laid out
// by spaces ("其他情形）   29 0 0 0 0 0 29"), or 0. The words must be few
// and not start as a row of their own ("1.", "（二）", "三、"): those are
// another row, whose values these are not.
func wrappedLabelValues(rs []rune) int {
	a := 0
	for a < len(rs) && (rs[a] == ' ' || rs[a] == '\u3000') {
		a++
	}
	z := a
	for z < len(rs) && rs[z] != ' ' && rs[z] != '\u3000' && rs[z] != '\t' {
		if isDigitRune(rs[z]) {
			return 0
		}
		z++
	}
	if z == a || z-a > 24 || z == len(rs) || rowStart(rs[a:z]) {
		return 0
	}
	figures := false
	for k := z; k < len(rs); k++ {
		if isDigitRune(rs[k]) {
			figures = true
		} else if !isValueRune(rs, k) {
			return 0
		}
	}
	if !figures {
		return 0
	}
	return z
}

// hasRowNumber reports words starting with a row's number: 一、 or 十、.
func hasRowNumber(rs []rune) bool {
	return len(rs) > 1 && strings.ContainsRune("一二三四五六七八九十", rs[0]) && rs[1] == '、'
}

// hasFigure reports a digit or a tab in a line: it holds values, not label words.
func hasFigure(rs []rune) bool {
	for _, r := range rs {
		if r >= '0' && r <= '9' || r >= '０' && r <= '９' || r == '\t' {
			return true
		}
	}
	return false
}
