package parse

import (
	"math/rand"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"gongkai/internal/textnorm"
)

// randomText strings pieces together, with a few odd bytes among them.
func randomText(rng *rand.Rand, pieces []string, n int) string {
	var b strings.Builder
	for k := rng.Intn(n); k >= 0; k-- {
		b.WriteString(pieces[rng.Intn(len(pieces))])
	}
	return b.String()
}

var testPieces = []string{
	"2023年", "2022", "年", "1月", "12月", "31日", "1日", "起", "至", "到", "-", "—", "～", "~", "统计", "1", "20", "x",
	" ", "\t", "\n", "\u3000", "\u00a0", "\u0085", "\xff", "\xe4\xb8", "一、", "总体情况", "行政复议", "行政法复议", "行政诉讼",
	"收到和处理", "处理政府信息公开申请", "存在的主要问题", "改进情况", "其他需要报告", "國", "（", "）", "，", "．", "Ａ", "\u200b", "\ufeff",
}

func TestFindPeriod(t *testing.T) {
	pieces := []string{"2023", "2022", "202", "年", "1", "12", "月", "31", "日", "起", "至", "到", "-", "—", "～", "~", "统计", "x", " ", "2023年1月1日", "至2023年12月31日", "12月31日", "\xe5", "國"}
	rng := rand.New(rand.NewSource(1))
	found := 0
	for i := 0; i < 100000; i++ {
		s := randomText(rng, pieces, 24)
		got, want := findPeriod(s), periodRe.FindStringSubmatchIndex(s)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("findPeriod(%q) = %v, want %v", s, got, want)
		}
		if want != nil {
			found++
		}
	}
	if found < 1000 {
		t.Errorf("only %d of the texts hold a period: the test proves little", found)
	}
}

// TestWordRe checks every pattern run through wordRe against the regexp
// itself, on text made of its words, their pieces and noise.
func TestWordRe(t *testing.T) {
	var all []*wordRe
	all = append(all, sectionRe...)
	all = append(all, activeAnchor, requestsAnchor, reviewAnchor, reviewHeadEnd)
	for _, s := range append(append([]rowSpec{}, requestSpecs...), activeSpecs...) {
		all = append(all, s.re)
	}
	var pieces []string
	for _, w := range all {
		if w.words == nil {
			t.Errorf("%s: not spelt out", w.re)
		}
		for _, word := range w.words {
			rs := []rune(word)
			pieces = append(pieces, word, string(rs[:len(rs)/2]), string(rs[len(rs)/2:]))
		}
	}
	pieces = append(pieces, testPieces...)
	rng := rand.New(rand.NewSource(2))
	for i := 0; i < 20000; i++ {
		s := randomText(rng, pieces, 12)
		for _, w := range all {
			if got, want := w.FindStringIndex(s), w.re.FindStringIndex(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s in %q: %v, want %v", w.re, s, got, want)
			}
			if got, want := w.MatchString(s), w.re.MatchString(s); got != want {
				t.Fatalf("%s matches %q: %v, want %v", w.re, s, got, want)
			}
			want := w.re.FindAllStringIndex(s, -1)
			if got := w.FindAllStringIndex(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: all in %q: %v, want %v", w.re, s, got, want)
			}
			if loc := w.re.FindStringIndex(s); loc != nil && w.first(s) != loc[0] || loc == nil && w.first(s) != -1 {
				t.Fatalf("%s: first in %q: %d, want %v", w.re, s, w.first(s), loc)
			}
		}
	}
}

// TestNormShortcuts checks the allocation-free helpers against the plain
// definitions they replace.
func TestNormShortcuts(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 50000; i++ {
		s := randomText(rng, testPieces, 10)
		var want strings.Builder
		for _, r := range s {
			want.WriteRune(foldRune(textnorm.SimplifyRune(r)))
		}
		if got := simplifyString(s); got != want.String() {
			t.Fatalf("simplifyString(%q) = %q, want %q", s, got, want.String())
		}
		if got, want := stripSpace(s), strings.Join(strings.Fields(s), ""); got != want {
			t.Fatalf("stripSpace(%q) = %q, want %q", s, got, want)
		}
		if got, want := manyFields(s), len(strings.Fields(s)) > 1; got != want {
			t.Fatalf("manyFields(%q) = %v, want %v", s, got, want)
		}
		rs := []rune(s)
		if got, want := allSpace(rs), strings.TrimSpace(s) == ""; got != want {
			t.Fatalf("allSpace(%q) = %v, want %v", s, got, want)
		}
		if got, want := innerBlank(rs), strings.ContainsAny(strings.TrimSpace(string(rs)), " \t"); got != want {
			t.Fatalf("innerBlank(%q) = %v, want %v", s, got, want)
		}
		if got, want := splitCells(s), strings.Split(strings.ReplaceAll(s, "\n", "\t"), "\t"); !reflect.DeepEqual(got, want) {
			t.Fatalf("splitCells(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestIndexWord(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for i := 0; i < 50000; i++ {
		s, w := randomText(rng, testPieces, 20), randomText(rng, testPieces, 2)
		if rng.Intn(4) == 0 {
			w = w[:rng.Intn(len(w)+1)]
		}
		if got, want := indexWord(s, w), strings.Index(s, w); got != want {
			t.Fatalf("indexWord(%q, %q) = %d, want %d", s, w, got, want)
		}
	}
}

// oldKeyed is newKeyed as it was, on the runes of the joined simplified lines.
func oldKeyed(orig, simp []rune) *keyed {
	k := &keyed{orig: orig, at: make([]int32, 0, len(simp)), runeByte: make([]int32, 0, len(simp)+1)}
	buf := make([]byte, 0, len(simp)*3)
	for i, r := range simp {
		if !keepForKey(r) {
			continue
		}
		k.runeByte = append(k.runeByte, int32(len(buf)))
		k.at = append(k.at, int32(i))
		buf = utf8.AppendRune(buf, r)
	}
	k.runeByte = append(k.runeByte, int32(len(buf)))
	k.key = string(buf)
	return k
}

func TestNewKeyed(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	pieces := append([]string{"\ufffd", "a", "Z", "9", "\U00020000"}, testPieces...)
	for i := 0; i < 20000; i++ {
		var lines []lineT
		var orig, simp []rune
		for k := rng.Intn(4); k >= 0; k-- {
			s := randomText(rng, pieces, 8)
			l := lineT{Text: s, Simp: simplifyString(s)}
			lines = append(lines, l)
			orig = append(append(orig, []rune(l.Text)...), '\n')
			simp = append(append(simp, []rune(l.Simp)...), '\n')
		}
		got, want := newKeyed(orig, lines), oldKeyed(orig, simp)
		if got.key != want.key || !reflect.DeepEqual(got.at, want.at) || !reflect.DeepEqual(got.runeByte, want.runeByte) {
			t.Fatalf("newKeyed(%v) = %q %v %v, want %q %v %v", lines, got.key, got.at, got.runeByte, want.key, want.at, want.runeByte)
		}
	}
}

// TestHeadingStart checks that the shortcut never turns away a line the
// heading regexp matches.
func TestHeadingStart(t *testing.T) {
	pieces := append([]string{"#", "##", "第", "一", "六", "七", "1", "6", "7", "、", "部分", "部", ".", "．", "，", ",", " ", "\t", "二、", "第三部分", "# 四"}, testPieces...)
	rng := rand.New(rand.NewSource(6))
	found := 0
	for i := 0; i < 100000; i++ {
		s := strings.TrimSpace(randomText(rng, pieces, 5))
		if headingPrefix.MatchString(s) {
			found++
			if !headingStart(s) {
				t.Fatalf("headingStart(%q) = false, but the regexp matches", s)
			}
		}
	}
	if found < 1000 {
		t.Errorf("only %d headings: the test proves little", found)
	}
}

func TestFindHint(t *testing.T) {
	pieces := []string{"本年", "本年度", "全年", "制发", "的", "行政", "规范性文件", "现行有效", "件", "3", "12", "0", "x", "。", "\xe4", "制发规范性文件", "现行有效规范性文件", "规范性文件3件", "规范性文件12"}
	rng := rand.New(rand.NewSource(7))
	found := 0
	for i := 0; i < 100000; i++ {
		s := randomText(rng, pieces, 16)
		for _, re := range []*regexp.Regexp{hintIssued, hintInForce} {
			got, want := findHint(re, s), re.FindStringSubmatch(s)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s in %q: %q, want %q", re, s, got, want)
			}
			if want != nil {
				found++
			}
		}
	}
	if found < 1000 {
		t.Errorf("only %d matches: the test proves little", found)
	}
}

func TestInlineHeadings(t *testing.T) {
	pieces := []string{"一、", "二、", "三、", "四、", "五、", "六、", "七、", "、", "一", " ", "\n", "\t", "　", "总体情况", "主动公开政府信息情况",
		"收到和处理政府信息公开申请情况", "政府信息公开", "行政复议", "行政法复议", "行政", "因政府信息公开", "政府信息公开工作", "存在的主要问题",
		"其他需要报告的事项", "x", "。", "\xe4", "二、总体情况"}
	rng := rand.New(rand.NewSource(8))
	found := 0
	for i := 0; i < 50000; i++ {
		s := randomText(rng, pieces, 20)
		got, want := inlineHeadings(s), inlineHeading.FindAllStringIndex(s, -1)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("inlineHeadings(%q) = %v, want %v", s, got, want)
		}
		found += len(want)
	}
	if found < 1000 {
		t.Errorf("only %d headings: the test proves little", found)
	}
}

// oldSplitInlineHeadings is splitInlineHeadings as it was, on runes.
func oldSplitInlineHeadings(l lineT) []lineT {
	kinds := 0
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

func TestSplitInlineHeadings(t *testing.T) {
	pieces := []string{"一、", "二、", "三、", "四、", "五、", "六、", "、", " ", "\t", "　", "总体情况", "主动公开政府信息情况", "主动公开政府信息",
		"收到和处理政府信息公开申请情况", "收到和处理", "行政复议", "行政法复议", "因政府信息公开", "存在的主要问题", "其他需要报告的事项",
		"情况", "事项", "况", "项", "x", "。", "國", "\xe4", "\xff", "（一）", "２０２３", "本年新收"}
	rng := rand.New(rand.NewSource(9))
	split := 0
	for i := 0; i < 30000; i++ {
		s := randomText(rng, pieces, 40)
		l := lineT{No: 3, Text: s, Simp: simplifyString(s)}
		got, want := splitInlineHeadings(l), oldSplitInlineHeadings(l)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("splitInlineHeadings(%q) = %+v, want %+v", s, got, want)
		}
		if len(want) > 1 {
			split++
		}
	}
	if split < 1000 {
		t.Errorf("only %d lines split: the test proves little", split)
	}
}

// TestOtherPeriod: periods in Chinese numerals or dotted dates, after 统计.
func TestOtherPeriod(t *testing.T) {
	for _, tc := range []struct{ text, from, to string }{
		{"本报告所列数据统计期限为二〇二三年一月一日至二〇二三年十二月三十一日。", "2023-01-01", "2023-12-31"},
		{"统计期限自二零二一年一月一日起至十二月三十一日止", "2021-01-01", "2021-12-31"},
		{"统计期限：2023.1.1-2023.12.31", "2023-01-01", "2023-12-31"},
		{"统计时间为2022/1/1至12/31", "2022-01-01", "2022-12-31"},
		{"统计数据截至二〇二三年", "", ""},
		{"二〇二三年一月一日至二〇二三年十二月三十一日", "", ""}, // not after 统计
	} {
		got := otherPeriod(tc.text)
		if tc.from == "" {
			if got != nil {
				t.Errorf("otherPeriod(%q) = %+v, want none", tc.text, *got)
			}
			continue
		}
		if got == nil || got.From != tc.from || got.To != tc.to {
			t.Errorf("otherPeriod(%q) = %+v, want %s to %s", tc.text, got, tc.from, tc.to)
		}
	}
	for in, want := range map[string]string{"十二月": "12月", "三十一日": "31日", "二十日": "20日", "十日": "10日", "一二月": "一二月", "二〇二三年": "2023年", "十一二年": "十一二年"} {
		if got := hanDigits(in); got != want {
			t.Errorf("hanDigits(%q) = %q, want %q", in, got, want)
		}
	}
}
