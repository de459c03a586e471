// Package parse turns the text of one annual report into a report.Report:
// title, year, period, the six sections and tables 二, 三 and 四.
package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
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
}

// File parses one report file. path is used for the source and in errors;
// data is the file's raw bytes (any supported encoding and format).
// The returned report has no checks yet: see package validate.
func File(path string, data []byte) (rep *report.Report, err error) {
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
	sum := sha256.Sum256(data)
	r := &report.Report{
		Schema: report.Schema,
		Source: report.Source{Path: path, SHA256: hex.EncodeToString(sum[:]), Format: doc.Format, Encoding: doc.Encoding},
		Tables: report.Cells{},
	}
	lines := toLines(doc)
	all := joinText(lines, false)
	r.Source.Script = textnorm.Script(all)
	r.Source.URL = sourceURL(doc, lines)

	p := &parser{r: r, lines: lines, exact: doc.Exact, compact: strings.Join(strings.Fields(joinText(lines, true)), "")}
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
	r.AgencySlug = slug.Make(r.Agency)
	r.ID = fmt.Sprintf("%s/%d", r.AgencySlug, r.Year)
	return r, nil
}

func hasReportWords(k string) bool {
	return strings.Contains(k, "政府信息公开") && strings.Contains(k, "年度报告")
}

func toLines(doc *decode.Doc) []lineT {
	var out []lineT
	for _, l := range doc.Lines {
		t := l.Text()
		if strings.TrimSpace(t) == "" {
			continue
		}
		out = append(out, splitInlineHeadings(lineT{No: l.No, Text: t, Simp: simplifyString(t), Row: l.Row})...)
	}
	return out
}

// joinText joins the lines' original or simplified text.
func joinText(lines []lineT, simp bool) string {
	var b strings.Builder
	for _, l := range lines {
		if simp {
			b.WriteString(l.Simp)
		} else {
			b.WriteString(l.Text)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// The six parts' headings, matched on the Simplified, folded line.
var sectionRe = []*regexp.Regexp{
	regexp.MustCompile(`总体情况`),
	regexp.MustCompile(`主动公开政府信息`),
	regexp.MustCompile(`收到和处理|处理政府信息公开申请`),
	regexp.MustCompile(`行政(法)?复议|行政诉讼`),
	regexp.MustCompile(`存在的主要问题|改进情况`),
	regexp.MustCompile(`其他需要报告`),
}

var ordinals = []string{"一", "二", "三", "四", "五", "六"}

// headingPrefix matches a heading's number: 一、 (一) 第一部分 or Markdown #.
var headingPrefix = regexp.MustCompile(`^\s*(#+\s*)?(第?([一二三四五六1-6])(、|部分|\.|．|，|\s)|#+\s*)`)

// sectionOf returns 1..6 when the line (simplified text) is a part's heading, else 0.
func sectionOf(simp string) int {
	t := strings.TrimSpace(simp)
	if len([]rune(t)) > 45 {
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
		if loc := re.FindStringIndex(rest); loc != nil && loc[0] < 90 { // bytes: about 30 characters
			return i + 1
		}
	}
	return 0
}

// inlineHeading finds a part's heading inside a long line of flattened text.
var inlineHeading = regexp.MustCompile(`[一二三四五六]、\s*(总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|(政府信息公开)?行政(法)?复议|因政府信息公开|(政府信息公开工作)?存在的主要问题|其他需要报告的事项)`)

// splitInlineHeadings cuts a long line of crawled text before each heading.
func splitInlineHeadings(l lineT) []lineT {
	if l.Row || len(l.Text) < 300 || !strings.Contains(l.Simp, "、") {
		return []lineT{l}
	}
	kinds := 0 // a paragraph of prose rarely names two parts; flattened text names all
	for _, k := range []string{"总体情况", "主动公开政府信息", "收到和处理", "行政复议", "存在的主要问题", "其他需要报告"} {
		if strings.Contains(l.Simp, k) {
			kinds++
		}
	}
	if kinds < 2 {
		return []lineT{l}
	}
	rs, ss := []rune(l.Text), []rune(l.Simp)
	locs := inlineHeading.FindAllStringIndex(l.Simp, -1)
	if len(locs) == 0 {
		return []lineT{l}
	}
	piece := func(a, b int) lineT {
		return lineT{No: l.No, Text: string(rs[a:b]), Simp: string(ss[a:b])}
	}
	var out []lineT
	prev := 0
	// rune index of a byte offset, counted on from the last one (offsets only grow)
	lastB, lastR := 0, 0
	runeAt := func(b int) int {
		lastR += utf8.RuneCountInString(l.Simp[lastB:b])
		lastB = b
		return lastR
	}
	for _, loc := range locs {
		at := runeAt(loc[0])
		if at > prev {
			out = append(out, piece(prev, at))
		}
		// the heading stands alone: it ends at its own 情况/事项
		end := runeAt(loc[1])
		for k := end; k < len(ss) && k < end+12 && ss[end-1] != '况' && ss[end-1] != '项'; k++ {
			if ss[k] == '况' || ss[k] == '项' {
				end = k + 1
				break
			}
		}
		out = append(out, piece(at, end))
		prev = end
	}
	if prev < len(rs) {
		out = append(out, piece(prev, len(rs)))
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
	used  map[int]bool
	exact bool // row cells are delimited on both sides (see decode.Doc.Exact)
	// compact is the whole simplified text without white space, for phrase searches.
	compact string
}

func (p *parser) findSections() {
	for i := range p.heads {
		p.heads[i] = -1
	}
	cur := 0
	for i, l := range p.lines {
		if l.Row && len(strings.Fields(l.Text)) > 1 {
			continue
		}
		if n := sectionOf(l.Simp); n > cur {
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
func (p *parser) regionLines(n int, anchor *regexp.Regexp) (int, int) {
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
	activeAnchor   = regexp.MustCompile(`第二十条|信息内容|本年制发件数|本年新制作数量`)
	requestsAnchor = regexp.MustCompile(`本年新收`)
	reviewAnchor   = regexp.MustCompile(`结果维持|尚未审结|未经复议`)
	reviewHeadEnd  = regexp.MustCompile(`总计|审结|起诉`)
)

// readTables reads tables 二, 三 and 四 and returns how many were found.
func (p *parser) readTables() int {
	r := p.r
	t := r.TemplateDef()
	p.used = map[int]bool{}
	n := 0
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
	if from, to := p.regionLines(2, activeAnchor); from >= 0 {
		reg := newRegion(p.lines[from:to])
		start := 0
		if loc := activeAnchor.FindStringIndex(reg.k.key); loc != nil {
			start, _ = reg.k.span(loc[0], loc[1])
		}
		res, locs, rows := readTable(reg, t.Table("active"), activeSpecs, start, false, p.exact)
		if res.found > 0 {
			n++
			r.TablesFound = append(r.TablesFound, "active")
			solveFlat(res, t.Table("active"), rows, func(runs []flat.Run) flat.Result {
				return flat.Active(runs, r.Template, narrativeHints(p.compact))
			})
			p.take(res)
			markUsed(from, to, reg, locs)
		}
	}
	// table 三
	if from, to := p.regionLines(3, requestsAnchor); from >= 0 {
		reg := newRegion(p.lines[from:to])
		res, locs, rows := readTable(reg, t.Table("requests"), requestSpecs, 0, true, p.exact)
		if res.found > 0 {
			n++
			r.TablesFound = append(r.TablesFound, "requests")
			solveFlat(res, t.Table("requests"), rows, func(runs []flat.Run) flat.Result { return flat.Requests(runs, r.Template) })
			p.take(res)
			markUsed(from, to, reg, locs)
		}
	}
	// table 四
	if from, to := p.regionLines(4, reviewAnchor); from >= 0 {
		reg := newRegion(p.lines[from:to])
		if p.readReview(reg) {
			n++
			r.TablesFound = append(r.TablesFound, "review")
			for i := from; i < to; i++ {
				if p.lines[i].Row || reviewAnchor.MatchString(stripSpace(p.lines[i].Simp)) {
					p.used[i] = true
				}
			}
		}
	}
	return n
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

func (p *parser) take(res *tableResult) {
	for k, v := range res.cells {
		p.r.Tables[k] = v
	}
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
	locs := reviewHeadEnd.FindAllStringIndex(reg.k.key, -1)
	if len(locs) == 0 {
		return false
	}
	def := report.T2021.Table("review")
	var cols []string
	for _, row := range def.Rows {
		for _, c := range row.Columns {
			cols = append(cols, "review."+row.Key+"."+c.Key)
		}
	}
	for i := len(locs) - 1; i >= 0; i-- {
		_, end := reg.k.span(locs[i][0], locs[i][1])
		text := reg.valueText(end, len(reg.text), "")
		if strings.TrimSpace(text) == "" {
			continue
		}
		rv := readRow(text, 15, nil, false, p.exact)
		if rv.run != "" {
			sol := flat.Review(rv.run)
			for k, v := range sol.Cells {
				p.r.Tables["review."+k] = v
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
		for c, v := range rv.vals {
			if v != nil {
				p.r.Tables[cols[c]] = *v
			}
		}
		return true
	}
	return false
}

// Template markers: words only one of the two layouts prints.
var (
	markers2021 = []string{"本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "逾期不补正", "缴纳费用", "本年收费金额", "本年度止件数"}
	markers2019 = []string{"本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "其他对外管理服务事项", "集中采购", "采购项目数量"}
)

func detectTemplate(k string, year int) string {
	n21, n19 := 0, 0
	for _, m := range markers2021 {
		if strings.Contains(k, m) {
			n21++
		}
	}
	for _, m := range markers2019 {
		if strings.Contains(k, m) {
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

func stripSpace(s string) string { return strings.Join(strings.Fields(s), "") }

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
