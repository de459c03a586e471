// Package parse turns the text of one annual report into a report.Report:
// title, year, period, the six sections and tables 二, 三 and 四.
package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"gongkai/internal/decode"
	"gongkai/internal/flat"
	"gongkai/internal/report"
	"gongkai/internal/slug"
	"gongkai/internal/textnorm"
)

// MaxBytes is the largest file parse reads; a report is never this big.
const MaxBytes = 20 << 20

// lineT is one decoded line as text (cells joined by tabs).
type lineT struct {
	No   int
	Text string
	Simp string // Text in Simplified characters, width-folded, rune for rune
	Row  bool
	// Placed: the line's values stand in their table's columns, a blank
	// cell as an empty field (relayout places them by where they print).
	Placed bool
}

// File parses one report file. path is used for the source and in errors;
// data is the file's raw bytes (any supported encoding and format).
// The returned report has no checks yet: see package validate.
func File(path string, data []byte) (*report.Report, error) {
	sum := sha256.Sum256(data)
	return FileSHA(path, data, hex.EncodeToString(sum[:]))
}

// FileSHA is File for a caller that has already hashed data: sha is the
// hex sha256 of data, which the report keeps as its source's (a build
// hashes every file to find it in its cache, and hashing it again took
// a second of a 100,000-report build).
func FileSHA(path string, data []byte, sha string) (rep *report.Report, err error) {
	defer func() {
		if p := recover(); p != nil { // a parser bug must cost one file, not the build
			rep, err = nil, fmt.Errorf("%s: internal parser error: %v", path, p)
		}
	}()
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("%s: file is %d MB, larger than any report (limit %d MB)", path, len(data)>>20, MaxBytes>>20)
	}
	doc, err := decode.File(path, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	r := &report.Report{
		Schema: report.Schema,
		Source: report.Source{Path: path, SHA256: sha, Format: doc.Format, Encoding: doc.Encoding},
		Tables: report.MakeCells(224), // room for every cell of the tables, without growing
	}
	lines, sc := toLines(doc)
	r.Source.Script = sc.Script()
	r.Source.URL = sourceURL(doc, lines)

	p := &parser{r: r, lines: lines, exact: doc.Exact, compact: compactText(lines)}
	p.findSections()
	p.readTitle(doc)
	p.readPeriod()
	if r.Year == 0 && r.Period != nil {
		fmt.Sscanf(r.Period.To, "%d", &r.Year)
	}
	if v := doc.Meta["year"]; v != "" && r.Year == 0 {
		fmt.Sscanf(v, "%d", &r.Year)
	}
	if v := doc.Meta["agency"]; v != "" {
		r.AgencyAsWritten = v
	}
	r.AgencyAsWritten = visible(r.AgencyAsWritten)
	r.Agency = strings.Join(strings.Fields(textnorm.ToSimplified(textnorm.Fold(r.AgencyAsWritten))), "")
	r.Template = detectTemplate(p.compact, r.Year)
	tables := p.readTables()
	p.fillSections()
	if tables == 0 && r.AgencyAsWritten == "" {
		return nil, fmt.Errorf("%s: not an annual report: no title and no tables found", path)
	}
	if r.AgencyAsWritten == "" {
		return nil, fmt.Errorf("%s: no title naming the agency and year (年度报告 title line, HTML <title>, or front matter `agency:`)", path)
	}
	if tables == 0 && !hasReportWords(p.compact) {
		return nil, fmt.Errorf("%s: not an annual report: no statistics tables found", path)
	}
	r.AgencySlug = agencySlug(r.Agency)
	r.ID = fmt.Sprintf("%s/%d", r.AgencySlug, r.Year)
	return r, nil
}

// slugs remembers agencies' slugs: a corpus has each agency once a year,
// and slug.Make (pinyin) costs as much as a twentieth of a parse. It stops
// growing at maxSlugs entries.
var (
	slugs    sync.Map // agency → slug
	slugsLen atomic.Int64
)

const maxSlugs = 20000

// agencySlug is slug.Make(agency), remembered.
func agencySlug(agency string) string {
	if s, ok := slugs.Load(agency); ok {
		return s.(string)
	}
	s := slug.Make(agency)
	if slugsLen.Load() < maxSlugs {
		// A copy: the name may be cut from the decoded file, which the
		// cache must not keep alive.
		if _, loaded := slugs.LoadOrStore(strings.Clone(agency), s); !loaded {
			slugsLen.Add(1)
		}
	}
	return s
}

func hasReportWords(k string) bool {
	return containsWord(k, "政府信息公开") && containsWord(k, "年度报告")
}

// toLines returns the document's non-blank lines, and the script counts of
// their text (textnorm.Script of the lines joined, without joining them).
func toLines(doc *decode.Doc) ([]lineT, *textnorm.ScriptCounter) {
	out := make([]lineT, 0, len(doc.Lines))
	sc := &textnorm.ScriptCounter{}
	for _, l := range doc.Lines {
		t := l.Text()
		if strings.TrimSpace(t) == "" {
			continue
		}
		out = appendInlineHeadings(out, lineT{No: l.No, Text: t, Simp: simplifyCounting(t, sc), Row: l.Row})
	}
	return out, sc
}

// compactText is the whole simplified text without white space.
func compactText(lines []lineT) string {
	n := 0
	for _, l := range lines {
		n += len(l.Simp)
	}
	var b strings.Builder
	b.Grow(n)
	for _, l := range lines {
		writeNoSpace(&b, l.Simp)
	}
	return b.String()
}

// The six parts' headings, matched on the Simplified, folded line.
var sectionRe = []*wordRe{
	mustWords(`总体情况`),
	mustWords(`主动公开政府信息`),
	mustWords(`收到和处理|处理政府信息公开申请`),
	mustWords(`行政(法)?复议|行政诉讼`),
	mustWords(`存在的主要问题|改进情况`),
	mustWords(`其他需要报告`),
}

var ordinals = []string{"一", "二", "三", "四", "五", "六"}

// headingPrefix matches a heading's number: 一、 (一) 第一部分 or Markdown #.
var headingPrefix = regexp.MustCompile(`^\s*(#+\s*)?(第?([一二三四五六1-6])(、|部分|\.|．|，|\s)|#+\s*)`)

// sectionOf returns 1..6 when the line (simplified text) is a part's heading, else 0.
func sectionOf(simp string) int {
	t := strings.TrimSpace(simp)
	if !headingStart(t) || utf8.RuneCountInString(t) > 45 {
		return 0
	}
	m := headingPrefix.FindStringSubmatch(t)
	if m == nil {
		return 0
	}
	rest := t[len(m[0]):]
	if m[3] == "" && (strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "（")) {
		return 0 // "### （二）依申请公开情况" is a sub-heading inside a part
	}
	for i, re := range sectionRe {
		if m[3] != "" && m[3] != ordinals[i] && m[3] != string(rune('1'+i)) {
			continue
		}
		if at := re.first(rest); at >= 0 && at < 90 { // bytes: about 30 characters
			return i + 1
		}
	}
	return 0
}

// headingStart reports whether t (trimmed) starts as headingPrefix needs:
// with #, or with a part's number (after 第) and what follows one. It saves
// the regexp on most lines.
func headingStart(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	switch r {
	case '#':
		return true
	case '第':
		t = t[n:]
		r, n = utf8.DecodeRuneInString(t)
	}
	switch r {
	case '一', '二', '三', '四', '五', '六', '1', '2', '3', '4', '5', '6':
	default:
		return false
	}
	switch r, _ = utf8.DecodeRuneInString(t[n:]); r {
	case '、', '部', '.', '．', '，', ' ', '\t', '\n', '\f', '\r':
		return true
	}
	return false
}

// inlineHeading finds a part's heading inside a long line of flattened text.
var inlineHeading = regexp.MustCompile(`[一二三四五六]、\s*(总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|(政府信息公开)?行政(法)?复议|因政府信息公开|(政府信息公开工作)?存在的主要问题|其他需要报告的事项)`)

// appendInlineHeadings appends l to out, cut before each heading when it
// is a long line of crawled text.
func appendInlineHeadings(out []lineT, l lineT) []lineT {
	if l.Row || len(l.Text) < 300 || !strings.Contains(l.Simp, "、") {
		return append(out, l)
	}
	return append(out, splitInlineHeadings(l)...)
}

// inlineHeadingMax bounds the bytes of an inlineHeading match after its
// 、 and blanks (the longest words are 15 characters, 45 bytes).
const inlineHeadingMax = 64

// inlineHeadings is inlineHeading.FindAllStringIndex(s, -1). A match starts
// with a part's number and 、, so the regexp runs only there, on a window as
// long as a match can be: a flattened report is one long line, and the
// regexp tried at each of its bytes cost more than all the rest of a parse.
func inlineHeadings(s string) [][]int {
	var out [][]int
	next := 0 // matches do not overlap: the next starts at or after here
	for off := 0; ; {
		i := indexWord(s[off:], "、")
		if i < 0 {
			return out
		}
		q := off + i
		off = q + len("、")
		p := q - len("一")
		if p < next || !isPartNumber(s[p:q]) {
			continue
		}
		e := off
		for e < len(s) && (s[e] == ' ' || s[e] == '\t' || s[e] == '\n' || s[e] == '\f' || s[e] == '\r') { // \s
			e++
		}
		if m := inlineHeading.FindStringIndex(s[p:min(len(s), e+inlineHeadingMax)]); m != nil && m[0] == 0 {
			out = append(out, []int{p, p + m[1]})
			next = p + m[1]
			off = max(off, next)
		}
	}
}

func isPartNumber(s string) bool {
	switch s {
	case "一", "二", "三", "四", "五", "六":
		return true
	}
	return false
}

// splitInlineHeadings cuts a long line of crawled text before each heading.
func splitInlineHeadings(l lineT) []lineT {
	kinds := 0 // a paragraph of prose rarely names two parts; flattened text names all
	for _, k := range []string{"总体情况", "主动公开政府信息", "收到和处理", "行政复议", "存在的主要问题", "其他需要报告"} {
		if containsWord(l.Simp, k) {
			kinds++
		}
	}
	if kinds < 2 {
		return []lineT{l}
	}
	locs := inlineHeadings(l.Simp)
	if len(locs) == 0 {
		return []lineT{l}
	}
	// The pieces are cut at rune indices, the same in Text and Simp; pos
	// holds one with its byte offsets in both, found by stepping on from an
	// earlier one rather than by converting the long line to runes.
	text, simp := l.Text, l.Simp
	if !utf8.ValidString(text) {
		text = string([]rune(text)) // as the runes would give it back: U+FFFD for each bad byte
	}
	type pos struct{ r, t, s int }
	step := func(p pos) pos {
		_, n := utf8.DecodeRuneInString(text[p.t:])
		_, m := utf8.DecodeRuneInString(simp[p.s:])
		return pos{p.r + 1, p.t + n, p.s + m}
	}
	toSimp := func(p pos, b int) pos { // on to the rune at byte b of Simp
		for p.s < b {
			p = step(p)
		}
		return p
	}
	piece := func(a, b pos) lineT {
		return lineT{No: l.No, Text: text[a.t:b.t], Simp: simp[a.s:b.s]}
	}
	var out []lineT
	var prev, base pos // base: the end of the last match (offsets only grow)
	for _, loc := range locs {
		at := toSimp(base, loc[0])
		if at.r > prev.r {
			out = append(out, piece(prev, at))
		}
		base = toSimp(at, loc[1])
		// the heading stands alone: it ends at its own 情况/事项
		end := base
		if last, _ := utf8.DecodeLastRuneInString(simp[:end.s]); last != '况' && last != '项' {
			for k := end; k.s < len(simp) && k.r < end.r+12; {
				c, _ := utf8.DecodeRuneInString(simp[k.s:])
				if k = step(k); c == '况' || c == '项' {
					end = k
					break
				}
			}
		}
		out = append(out, piece(at, end))
		prev = end
	}
	if prev.s < len(simp) {
		out = append(out, piece(prev, pos{t: len(text), s: len(simp)}))
	}
	var res []lineT
	for _, o := range out {
		if strings.TrimSpace(o.Text) != "" {
			res = append(res, o)
		}
	}
	return res
}

type parser struct {
	r     *report.Report
	lines []lineT
	heads [7]int // line index of each part's heading, -1 if absent
	used  []bool // by line index: a table read the line
	exact bool   // row cells are delimited on both sides (see decode.Doc.Exact)
	// perLine: table 三 was saved one cell per line (perLineRows), so
	// table 四's one row is read so too
	perLine bool
	// compact is the whole simplified text without white space, for phrase searches.
	compact string
}

func (p *parser) findSections() {
	for i := range p.heads {
		p.heads[i] = -1
	}
	cur := 0
	for i, l := range p.lines {
		// sectionOf turns most lines away cheaply: ask it first
		if n := sectionOf(l.Simp); n > cur && !(l.Row && manyFields(l.Text)) {
			p.heads[n] = i
			cur = n
		}
	}
}

// partLines returns the line range [from, to) of part n (to is the next found heading).
func (p *parser) partLines(n int) (int, int) {
	from := p.heads[n]
	if from < 0 {
		return -1, -1
	}
	to := len(p.lines)
	for k := n + 1; k <= 6; k++ {
		if p.heads[k] >= 0 {
			to = p.heads[k]
			break
		}
	}
	return from + 1, to
}

// fillSections writes the six parts with their prose, leaving out lines a table used.
func (p *parser) fillSections() {
	for n := 1; n <= 6; n++ {
		from, to := p.partLines(n)
		if from < 0 {
			continue
		}
		var b strings.Builder
		size := 0
		for i := from; i < to; i++ {
			if !p.used[i] && !p.lines[i].Row {
				size += len(p.lines[i].Text) + 1
			}
		}
		b.Grow(size)
		for i := from; i < to; i++ {
			if p.used[i] || p.lines[i].Row {
				continue
			}
			b.WriteString(strings.TrimSpace(strings.ReplaceAll(p.lines[i].Text, "\t", " ")))
			b.WriteString("\n")
		}
		p.r.Sections = append(p.r.Sections, report.Section{
			Number: n,
			Title:  visible(strings.TrimSpace(strings.TrimLeft(p.lines[from-1].Text, "# "))),
			Text:   visible(strings.TrimSpace(b.String())),
		})
	}
}

// regionLines returns the lines of a table: from its part's heading (or the
// first line holding anchor) to the next part's heading.
func (p *parser) regionLines(n int, anchor *wordRe) (int, int) {
	from, to := p.partLines(n)
	if from < 0 {
		from, to = -1, len(p.lines)
		for i, l := range p.lines {
			if anchor.MatchString(stripSpace(l.Simp)) {
				from = i
				break
			}
		}
		if from < 0 {
			return -1, -1
		}
		for k := n + 1; k <= 6; k++ {
			if h := p.heads[k]; h > from {
				to = h
				break
			}
		}
	}
	return from, to
}

var (
	activeAnchor   = mustWords(`第二十条|信息内容|本年制发件数|本年新制作数量`)
	requestsAnchor = mustWords(`本年新收`)
	reviewAnchor   = mustWords(`结果维持|尚未审结|未经复议`)
	reviewHeadEnd  = mustWords(`总计|审结|起诉`)
)

// readTables reads tables 二, 三 and 四 and returns how many were found.
func (p *parser) readTables() int {
	r := p.r
	t := r.TemplateDef()
	p.used = make([]bool, len(p.lines))
	n := 0
	// The three regions are made one after the other in one memory.
	scratch := regionScratches.Get().(*regionScratch)
	defer regionScratches.Put(scratch)
	markUsed := func(from, to int, reg *region, locs []found) {
		if len(locs) == 0 {
			return
		}
		for i := from; i < to; i++ {
			off := reg.lines[i-from]
			if off >= locs[0].start && off <= locs[len(locs)-1].end || lineHas(reg, i-from, locs) {
				p.used[i] = true
			}
		}
	}
	// table 二
	readActive := func(from, to int) bool {
		lines, laid := tableLines(p.lines[from:to], activeSpecs, 0)
		reg := newRegion(lines, scratch)
		reg.laid = laid
		start := 0
		if loc := activeAnchor.FindStringIndex(reg.k.key); loc != nil {
			start, _ = reg.k.span(loc[0], loc[1])
		}
		res, locs, rows := readTable(reg, t.Table("active"), activeSpecs, start, false, p.exact, &r.Tables)
		if res.found == 0 {
			return false
		}
		n++
		r.TablesFound = append(r.TablesFound, "active")
		solveFlat(res, t.Table("active"), rows, func(runs []flat.Run) flat.Result {
			return flat.Active(runs, r.Template, narrativeHints(p.compact))
		})
		p.take(res)
		markUsed(from, to, reg, locs)
		return true
	}
	// table 三
	readRequests := func(from, to int) bool {
		lines, laid := tableLines(p.lines[from:to], requestSpecs, 7)
		if !laid {
			lines, p.perLine = perLineRows(lines, 7, 3)
		}
		reg := newRegion(lines, scratch)
		reg.laid = laid
		res, locs, rows := readTable(reg, t.Table("requests"), requestSpecs, 0, true, p.exact, &r.Tables)
		if res.found == 0 {
			return false
		}
		n++
		r.TablesFound = append(r.TablesFound, "requests")
		solveFlat(res, t.Table("requests"), rows, func(runs []flat.Run) flat.Result { return flat.Requests(runs, r.Template) })
		p.take(res)
		markUsed(from, to, reg, locs)
		return true
	}
	// table 四
	readReview := func(from, to int) bool {
		lines := p.lines[from:to]
		if p.perLine {
			lines, _ = perLineRows(lines, 15, 1) // its one row, as table 三's were saved
		}
		reg := newRegion(lines, scratch)
		if !p.readReview(reg) {
			return false
		}
		n++
		r.TablesFound = append(r.TablesFound, "review")
		for i := from; i < to; i++ {
			if p.lines[i].Row || reviewAnchor.MatchString(stripSpace(p.lines[i].Simp)) {
				p.used[i] = true
			}
		}
		return true
	}
	for _, tb := range []struct {
		part   int
		anchor *wordRe
		read   func(from, to int) bool
	}{{2, activeAnchor, readActive}, {3, requestsAnchor, readRequests}, {4, reviewAnchor, readReview}} {
		from, to := p.regionLines(tb.part, tb.anchor)
		if from < 0 || tb.read(from, to) {
			continue
		}
		// Not in its part: tables gathered at the end (附表) after prose parts.
		if from, to := p.laterTable(to, tb.anchor); from >= 0 {
			tb.read(from, to)
		}
	}
	return n
}

// laterTable finds a table's rows after line after, for reports that give
// their parts' prose and then the tables together at the end: from the
// first table row (a delimited row) with the table's anchor words, to the
// next row with another table's.
func (p *parser) laterTable(after int, anchor *wordRe) (int, int) {
	isRow := func(i int, re *wordRe) bool {
		return p.lines[i].Row && re.MatchString(stripSpace(p.lines[i].Simp))
	}
	for i := after; i < len(p.lines); i++ {
		if !isRow(i, anchor) {
			continue
		}
		for j := i + 1; j < len(p.lines); j++ {
			for _, other := range []*wordRe{activeAnchor, requestsAnchor, reviewAnchor} {
				if other != anchor && isRow(j, other) {
					return i, j
				}
			}
		}
		return i, len(p.lines)
	}
	return -1, -1
}

func lineHas(reg *region, li int, locs []found) bool {
	start := reg.lines[li]
	end := len(reg.text)
	if li+1 < len(reg.lines) {
		end = reg.lines[li+1]
	}
	for _, f := range locs {
		if f.start >= start && f.start < end {
			return true
		}
	}
	return false
}

// take adds a table's findings to the report (its cells are there already).
func (p *parser) take(res *tableResult) {
	p.r.Inferred = append(p.r.Inferred, res.inferred...)
	p.r.Notes = append(p.r.Notes, res.notes...)
	if res.flatMsg != "" {
		p.r.Notes = append(p.r.Notes, res.flatMsg)
	}
	for k, v := range res.unread {
		if p.r.Unread == nil {
			p.r.Unread = map[string]string{}
		}
		p.r.Unread[k] = v
	}
}

// readReview reads table 四's fifteen numbers after its last header word.
func (p *parser) readReview(reg *region) bool {
	locs := reviewHeadEnd.FindAllStringIndex(reg.k.key)
	text, end := "", 0
	for i := len(locs) - 1; i >= 0 && strings.TrimSpace(text) == ""; i-- {
		_, end = reg.k.span(locs[i][0], locs[i][1])
		text = reg.valueText(end, len(reg.text), "")
	}
	if strings.TrimSpace(text) == "" {
		// A PDF laid out as text breaks the header's words across lines
		// (结果 维 / 持), so no header word ends right before the values:
		// take the table's one line of nothing but values.
		text, end = reg.onlyValuesLine(5)
	}
	if strings.TrimSpace(text) == "" {
		return false
	}
	rv := readRow(text, 15, nil, rowLayout{exact: p.exact || reg.placedIn(end, len(reg.text))})
	if rv.run != "" {
		sol := flat.Review(rv.run)
		for k, v := range sol.Cells {
			p.r.Tables.Set("review."+k, v)
		}
		for _, k := range sol.Inferred {
			p.r.Inferred = append(p.r.Inferred, "review."+k)
		}
		if len(sol.Ambiguous) > 0 {
			p.r.Notes = append(p.r.Notes, sol.Message())
		}
		return true
	}
	if rv.note != "" {
		p.r.Notes = append(p.r.Notes, fmt.Sprintf("第 %d 行 表四：%s，未读取", reg.lineNo(end), rv.note))
	}
	def := report.T2021.Table("review")
	c := 0
	for _, row := range def.Rows {
		for _, col := range row.Columns {
			if v := rv.vals[c]; v != nil {
				p.r.Tables.Set("review."+row.Key+"."+col.Key, *v)
			}
			c++
		}
	}
	return true
}

// onlyValuesLine returns the region's one line of values and nothing else,
// at least min of them apart by spaces, and where it starts; "" if no line
// or more than one is such. (A date or a page number is one value.)
func (r *region) onlyValuesLine(min int) (string, int) {
	text, at := "", 0
	for i, a := range r.lines {
		b := len(r.text)
		if i+1 < len(r.lines) {
			b = r.lines[i+1]
		}
		line, digits := r.text[a:b], 0
		for k := range line {
			if !isValueRune(line, k) {
				digits = -1
				break
			}
			if isDigitRune(line[k]) {
				digits++
			}
		}
		if digits > 0 && len(strings.Fields(string(line))) >= min {
			if text != "" {
				return "", 0
			}
			text, at = string(line), a
		}
	}
	return text, at
}

// Template markers: words only one of the two layouts prints.
var (
	markers2021 = []string{"本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "逾期不补正", "缴纳费用", "本年收费金额", "本年度止件数"}
	markers2019 = []string{"本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "其他对外管理服务事项", "集中采购", "采购项目数量"}
)

func detectTemplate(k string, year int) string {
	n21, n19 := 0, 0
	for _, m := range markers2021 {
		if containsWord(k, m) {
			n21++
		}
	}
	for _, m := range markers2019 {
		if containsWord(k, m) {
			n19++
		}
	}
	switch {
	case n21 > n19:
		return "2021"
	case n19 > n21:
		return "2019"
	case year > 0 && year < 2021:
		return "2019"
	}
	return "2021"
}

func stripSpace(s string) string {
	if !hasSpace(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	writeNoSpace(&b, s)
	return b.String()
}

// manyFields reports len(strings.Fields(s)) > 1 without building the fields.
func manyFields(s string) bool {
	s = strings.TrimSpace(s)
	return hasSpace(s)
}

// visible drops zero-width and bidi-control characters, which could hide
// or reorder text on a page; everything else is kept as written.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2069, r == 0xFEFF, r == 0x061C:
			return -1
		}
		return r
	}, s)
}
