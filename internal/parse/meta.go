package parse

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/decode"
	"gongkai/internal/report"
)

var (
	yearRe     = regexp.MustCompile(`((?:19|20)\d{2}|[二][〇零○][〇零○一二三四五六七八九]{2})\s*年度?`)
	navMarkers = []string{"当前位置", "首页", ">", "»", "›", "来源", "您的位置", "所在位置"}
	titleLabel = regexp.MustCompile(`^\s*(#+|[标標][题題]\s*[:：]|[题題]\s*目\s*[:：]|(?i:title)\s*[:：])\s*`)
)

// readTitle finds the report's title — in the first lines, in crawler
// metadata or in the HTML <title> — and takes the agency and year from it.
func (p *parser) readTitle(doc *decode.Doc) {
	head := len(p.lines)
	if h := p.firstHeading(); h >= 0 {
		head = h
	}
	head = min(head, 40)
	var cands []string
	for i := 0; i < head; i++ {
		cands = append(cands, p.lines[i].Text)
	}
	// A page's <title> names the page itself; body lines above the report
	// may be site navigation or links to other years' reports.
	if doc.Title != "" && p.titleFrom(doc.Title, nil) {
		return
	}
	// front matter's title:, and the article title government CMSs (TRS)
	// put in a meta tag when the <title> is the site's name
	for _, k := range []string{"title", "articletitle"} {
		if t := doc.Meta[k]; t != "" && p.titleFrom(t, nil) {
			return
		}
	}
	for i, c := range cands {
		if p.titleFrom(c, cands[:i]) {
			return
		}
	}
	// A title without its year (某区人民政府政府信息公开工作年度报告): the
	// agency is before the title words; the year comes from the period.
	for _, c := range cands {
		orig := []rune(strings.TrimSpace(c))
		simp := string(simplifyRunes(orig))
		if len(orig) > 60 || !strings.HasSuffix(simp, "年度报告") {
			continue
		}
		for _, w := range []string{"政府信息公开", "政务公开"} {
			if i := strings.Index(simp, w); i > 0 {
				a := cleanAgency(string(orig[:runeIndex(simp, i)]), false)
				if t := strings.TrimPrefix(strings.TrimPrefix(a, "年度"), "年"); t != a && utf8.RuneCountInString(t) >= 2 {
					a = t // "年某区…" from a PDF that set the title's year on a line of its own
				}
				if a != "" && !strings.ContainsAny(a, "。《》；;") {
					p.r.AgencyAsWritten = a
					return
				}
			}
		}
	}
}

func (p *parser) firstHeading() int {
	for _, h := range p.heads[1:] {
		if h >= 0 {
			return h
		}
	}
	return -1
}

// titleFrom reads agency and year from a title line; before holds the lines
// above it, for titles whose agency sits on the line before the year.
func (p *parser) titleFrom(line string, before []string) bool {
	orig := []rune(line)
	simp := string(simplifyRunes(orig))
	if !(strings.Contains(simp, "年度报告") || strings.Contains(simp, "年报") ||
		strings.Contains(simp, "政府信息公开") && yearRe.MatchString(simp) && len(orig) < 80) {
		return false
	}
	if len(orig) > 200 && !containsAny(simp, navMarkers) {
		// Flattened page text: the title runs on into the report's first
		// sentence ("某区2019年政府信息公开工作年度报告 根据《条例》…").
		for _, w := range []string{"年度报告", "年报"} {
			if i := strings.Index(simp, w); i >= 0 {
				if end := runeIndex(simp, i) + len([]rune(w)); end <= 80 {
					return p.titleFrom(string(orig[:end]), before)
				}
			}
		}
		return false // a sentence of prose, not a title
	}
	loc := yearRe.FindStringSubmatchIndex(simp)
	if loc == nil {
		return false
	}
	if k := strings.Index(simp[loc[1]:], "年度报告"); k > 0 && strings.Contains(simp[loc[1]:loc[1]+k], "。") {
		return false // a sentence that ends before the report is named: prose
	}
	year := yearNumber(simp[loc[2]:loc[3]])
	ys, ye := runeIndex(simp, loc[0]), runeIndex(simp, loc[1])
	prefix := string(orig[:ys])
	if m := titleLabel.FindStringIndex(prefix); m != nil {
		prefix = prefix[m[1]:]
	}
	agency := cleanAgency(prefix, containsAny(string(simplifyRunes([]rune(prefix))), navMarkers))
	if agency == "" {
		// 2022年上海市政府信息公开工作年度报告: the agency follows the year
		rest := orig[ye:]
		rs := string(simplifyRunes(rest))
		for _, w := range []string{"政府信息公开", "政务公开", "信息公开"} {
			if i := strings.Index(rs, w); i >= 0 {
				agency = cleanAgency(string(rest[:runeIndex(rs, i)]), false)
				break
			}
		}
	}
	if agency == "" {
		// 2023年政府信息公开工作年度报告 - 某区人民政府 (page titles name the site last)
		rs := string(simplifyRunes(orig))
		if i := strings.LastIndex(rs, "报告"); i >= 0 {
			tail := strings.TrimSpace(string(orig[runeIndex(rs, i)+2:]))
			if t := strings.TrimLeft(tail, "-—_|｜:： "); t != tail && t != "" {
				agency = cleanAgency(t, false)
			}
		}
	}
	if agency == "" && (strings.Contains(simp, "年度报告") || strings.Contains(simp, "公开")) {
		// a title broken after its agency; not a bare link like "2023年报"
		for i := len(before) - 1; i >= 0; i-- {
			if t := strings.TrimSpace(before[i]); t != "" {
				if len([]rune(t)) <= 40 {
					agency = cleanAgency(strings.TrimLeft(t, "# "), false)
				}
				break
			}
		}
	}
	if agency == "" || strings.ContainsAny(agency, "。《》；;") || len([]rune(agency)) > 60 {
		return false // a sentence of prose that mentions a report, not a title
	}
	p.r.AgencyAsWritten = agency
	p.r.Year = year
	return true
}

// cleanAgency trims a title's agency part: site navigation before it, white
// space inside it, and connecting words after it.
func cleanAgency(s string, nav bool) string {
	s = strings.TrimSpace(s)
	// a page title's site name or column before the report's own title:
	// "某区人民政府 - 某区2024年…", "政府信息公开年报_某区2024年…"
	for _, sep := range []string{" - ", " — ", " – ", "_", "|", "｜"} {
		if i := strings.LastIndex(s, sep); i >= 0 && strings.TrimSpace(s[i+len(sep):]) != "" {
			s = strings.TrimSpace(s[i+len(sep):])
		}
	}
	if nav {
		if f := strings.Fields(s); len(f) > 0 {
			s = f[len(f)-1]
		}
	}
	s = strings.Join(strings.Fields(s), "")
	s = strings.Trim(s, "#*:：|-—_,，。、\"“”")
	s = trimUnpaired(s)
	// 某县人民政府办公室关于印发某县2022年…报告的通知 is 某县's report; 某区
	// 人民政府办公室关于公布2023年…报告的通知 the office's; 关于某局2023年…
	// 报告 某局's (found in Simplified form, cut in the title's own characters)
	if orig, simp := []rune(s), simplifyString(s); utf8.RuneCountInString(simp) == len(orig) {
		if i := strings.Index(simp, "关于"); i >= 0 {
			after := simp[i+len("关于"):]
			for _, w := range []string{"公布", "印发", "发布", "转发"} {
				after = strings.TrimPrefix(after, w)
			}
			if after != "" {
				s = string(orig[len(orig)-utf8.RuneCountInString(after):])
			} else {
				s = string(orig[:runeIndex(simp, i)])
			}
		}
	}
	// 某局关于…, 某局政府信息公开工作2023年度报告: words between the agency and
	// the year belong to the title, not the name (matched in Simplified form,
	// cut in the title's own characters)
	for changed := true; changed; {
		changed = false
		simp := simplifyString(s)
		for _, w := range []string{"政府信息公开工作", "政府信息公开", "政务公开工作", "政务公开", "信息公开工作", "关于", "的"} {
			if strings.HasSuffix(simp, w) && len(simp) > len(w) {
				s = string([]rune(s)[:len([]rune(simp))-len([]rune(w))])
				changed = true
				break
			}
		}
	}
	return s
}

// brackets pairs the opening and closing brackets a title may wrap in.
var brackets = map[rune]rune{'【': '】', '[': ']', '「': '」', '『': '』', '《': '》', '〈': '〉', '（': '）', '(': ')'}

// trimUnpaired drops a bracket at either end of an agency whose partner is
// not in it: "【某区" from 【某区2023年…报告】; "某公司（集团）" keeps its own.
func trimUnpaired(s string) string {
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if c, ok := brackets[r]; !ok || strings.ContainsRune(s[n:], c) {
			break
		}
		s = s[n:]
	}
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		open := rune(0)
		for o, c := range brackets {
			if c == r {
				open = o
			}
		}
		if open == 0 || strings.ContainsRune(s[:len(s)-n], open) {
			break
		}
		s = s[:len(s)-n]
	}
	return s
}

// yearNumber reads 2023 or 二〇二三.
func yearNumber(s string) int {
	if y, err := strconv.Atoi(s); err == nil {
		return y
	}
	y := 0
	for _, r := range s {
		d := strings.IndexRune("〇一二三四五六七八九", r)
		switch r {
		case '零', '○':
			d = 0
		}
		if d < 0 {
			return 0
		}
		if d > 0 {
			d = len([]rune("〇一二三四五六七八九"[:d]))
		}
		y = y*10 + d
	}
	return y
}

func containsAny(s string, subs []string) bool {
	for _, m := range subs {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// runeIndex converts a byte offset of s into a rune index.
func runeIndex(s string, b int) int {
	return len([]rune(s[:b]))
}

var periodRe = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?(?:至|到|—|-|~|～)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日`)

// periodMaxLen bounds the bytes a periodRe match spans (it is 40).
const periodMaxLen = 64

// findPeriod is periodRe.FindStringSubmatchIndex(s) for a whole report. A
// match starts with four digits and 年, so the regexp runs only there, on
// a window as long as any match, instead of being tried at every byte.
func findPeriod(s string) []int {
	for off := 0; ; {
		i := indexWord(s[off:], "年")
		if i < 0 {
			return nil
		}
		i += off
		if p := i - 4; p >= 0 && allDigits(s[p:i]) {
			if m := periodRe.FindStringSubmatchIndex(s[p:min(len(s), p+periodMaxLen)]); m != nil && m[0] == 0 {
				for k := range m {
					if m[k] >= 0 {
						m[k] += p
					}
				}
				return m
			}
		}
		off = i + len("年")
	}
}

// readPeriod reads the statistics period (统计期限…自2023年1月1日起至2023年12月31日止).
func (p *parser) readPeriod() {
	s := p.compact
	// look near 统计 first: the regexp is costly over a whole report
	var pick []int
	for off := 0; ; {
		i := indexWord(s[off:], "统计")
		if i < 0 {
			break
		}
		w := s[off+i : min(len(s), off+i+240)]
		if m := periodRe.FindStringSubmatchIndex(w); m != nil {
			for k := range m {
				if m[k] >= 0 {
					m[k] += off + i
				}
			}
			pick = m
			break
		}
		off += i + len("统计")
	}
	if pick == nil {
		pick = findPeriod(s)
	}
	if pick == nil {
		p.r.Period = otherPeriod(s)
		return
	}
	p.r.Period = periodOf(s, pick)
}

// periodOf is the period periodRe or periodDotRe matched at m in s.
func periodOf(s string, m []int) *report.Period {
	g := func(i int) int {
		if m[2*i] < 0 {
			return 0
		}
		v, _ := strconv.Atoi(s[m[2*i]:m[2*i+1]])
		return v
	}
	y1, y2 := g(1), g(4)
	if y2 == 0 {
		y2 = y1
	}
	return &report.Period{
		From: fmt.Sprintf("%04d-%02d-%02d", y1, g(2), g(3)),
		To:   fmt.Sprintf("%04d-%02d-%02d", y2, g(5), g(6)),
	}
}

// periodDotRe is a period written 2023.1.1-2023.12.31 (or with ．or /).
var periodDotRe = regexp.MustCompile(`(\d{4})[.．/](\d{1,2})[.．/](\d{1,2})日?(?:起)?(?:至|到|—|-|~|～)(?:(\d{4})[.．/])?(\d{1,2})[.．/](\d{1,2})`)

// otherPeriod reads the rarer ways of writing the period, after 统计:
// dates in Chinese numerals (二〇二三年一月一日至二〇二三年十二月三十一日)
// and dotted dates (2023.1.1-2023.12.31).
func otherPeriod(s string) *report.Period {
	for off := 0; ; {
		i := indexWord(s[off:], "统计")
		if i < 0 {
			return nil
		}
		w := s[off+i : min(len(s), off+i+240)]
		if d := hanDigits(w); d != w {
			if m := periodRe.FindStringSubmatchIndex(d); m != nil {
				return periodOf(d, m)
			}
		}
		if m := periodDotRe.FindStringSubmatchIndex(w); m != nil {
			return periodOf(w, m)
		}
		off += i + len("统计")
	}
}

// hanDigits writes the numbers of dates in Chinese numerals in digits: a
// year digit by digit (二〇二三 → 2023), a month or day as a number (十二 →
// 12, 三十一 → 31).
func hanDigits(s string) string {
	const digits = "〇一二三四五六七八九"
	val := func(r rune) int {
		switch r {
		case '零', '○', 'O':
			return 0
		}
		if i := strings.IndexRune(digits, r); i >= 0 {
			return len([]rune(digits[:i]))
		}
		return -1
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && (val(rs[j]) >= 0 || rs[j] == '十') {
			j++
		}
		if j == i {
			b.WriteRune(rs[i])
			i++
			continue
		}
		run := rs[i:j]
		if j < len(rs) && strings.ContainsRune("年月日", rs[j]) && len(run) <= 4 {
			if rs[j] == '年' && len(run) == 4 && !slices.Contains(run, '十') {
				for _, r := range run {
					b.WriteString(strconv.Itoa(val(r)))
				}
			} else if n, ok := hanNumber(run, val); ok {
				b.WriteString(strconv.Itoa(n))
			} else {
				b.WriteString(string(run))
			}
		} else {
			b.WriteString(string(run))
		}
		i = j
	}
	return b.String()
}

// hanNumber reads 1–99 written 一, 十, 十二, 二十, 三十一.
func hanNumber(run []rune, val func(rune) int) (int, bool) {
	tens, ones, seenTen := 0, 0, false
	for k, r := range run {
		if r == '十' {
			if seenTen || k > 1 {
				return 0, false
			}
			tens, seenTen = max(ones, 1), true
			ones = 0
			continue
		}
		if ones != 0 || k > 0 && !seenTen {
			return 0, false
		}
		ones = val(r)
	}
	n := tens*10 + ones
	return n, n > 0
}

var urlLine = regexp.MustCompile(`^\s*(原文链接|原文地址|来源链接|url|URL|链接)\s*[:：]\s*(https?://\S+)`)

// sourceURL returns the original address from front matter or crawler metadata.
func sourceURL(doc *decode.Doc, lines []lineT) string {
	if u := doc.Meta["url"]; strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return u
	}
	for i := 0; i < len(lines) && i < 15; i++ {
		if !strings.Contains(lines[i].Text, "http") { // the regexp needs it: skip it
			continue
		}
		if m := urlLine.FindStringSubmatch(lines[i].Text); m != nil {
			return m[2]
		}
	}
	return ""
}

var (
	hintIssued  = regexp.MustCompile(`(?:本年度?|全年)?制发的?(?:行政)?规范性文件(\d+)件`)
	hintInForce = regexp.MustCompile(`现行有效的?(?:行政)?规范性文件(\d+)件`)
)

// hintBefore bounds the bytes a hint regexp matches before 规范性文件
// (本年度制发的行政 is 24).
const hintBefore = 24

// findHint is re.FindStringSubmatch(s) for hintIssued and hintInForce. Their
// matches are a few words, 规范性文件, digits and 件, so the regexp runs only
// around each 规范性文件 followed by a digit, on the bytes such a match can
// span, instead of being tried at every byte of the report.
func findHint(re *regexp.Regexp, s string) []string {
	const word = "规范性文件"
	for off := 0; ; {
		i := indexWord(s[off:], word)
		if i < 0 {
			return nil
		}
		q := off + i
		e := q + len(word)
		for e < len(s) && s[e] >= '0' && s[e] <= '9' {
			e++
		}
		if e > q+len(word) {
			if m := re.FindStringSubmatch(s[max(0, q-hintBefore):min(len(s), e+len("件"))]); m != nil {
				return m
			}
		}
		off = q + len(word)
	}
}

// narrativeHints reads figures of table 二 stated in the prose; they help
// split flattened rows and are checked against the row, never trusted alone.
func narrativeHints(s string) map[string]float64 {
	out := map[string]float64{}
	if !containsWord(s, "规范性文件") {
		return out
	}
	if m := findHint(hintIssued, s); m != nil {
		v, _ := strconv.Atoi(m[1])
		out["normative_docs.issued"] = float64(v)
	}
	if m := findHint(hintInForce, s); m != nil {
		v, _ := strconv.Atoi(m[1])
		out["normative_docs.in_force"] = float64(v)
	}
	return out
}
