package textnorm

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

func TestToSimplifiedPairs(t *testing.T) {
	// Traditional → Simplified as OpenCC does it for single characters.
	pairs := []struct{ t, s string }{
		{"區", "区"}, {"礦", "矿"}, {"陘", "陉"}, {"報", "报"}, {"開", "开"},
		{"廢", "废"}, {"義", "义"}, {"務", "务"}, {"處", "处"}, {"辦", "办"},
		{"關", "关"}, {"國", "国"}, {"時", "时"}, {"條", "条"}, {"經", "经"},
		{"與", "与"}, {"為", "为"}, {"這", "这"}, {"個", "个"}, {"們", "们"},
		{"會", "会"}, {"來", "来"}, {"對", "对"}, {"現", "现"}, {"發", "发"},
		{"從", "从"}, {"動", "动"}, {"設", "设"}, {"過", "过"}, {"進", "进"},
		{"還", "还"}, {"應", "应"}, {"當", "当"}, {"數", "数"}, {"據", "据"},
		{"歸", "归"}, {"屬", "属"}, {"於", "于"}, {"復", "复"}, {"議", "议"},
		{"訟", "讼"}, {"訴", "诉"}, {"門", "门"}, {"縣", "县"}, {"鄉", "乡"},
		{"鎮", "镇"}, {"財", "财"}, {"費", "费"}, {"統", "统"}, {"計", "计"},
		// tw/hk variants, via TWVariantsRev/HKVariantsRev then TSCharacters.
		{"著", "着"}, {"爲", "为"}, {"眾", "众"}, {"衆", "众"}, {"裡", "里"},
		{"裏", "里"}, {"峯", "峰"}, {"羣", "群"}, {"祕", "秘"}, {"啓", "启"},
		{"啟", "启"}, {"綫", "线"}, {"説", "说"}, {"稅", "税"}, {"溫", "温"},
		// CJK compatibility ideograph U+F9B2 (零) → unified 零.
		{"\uF9B2", "零"},
		// Simplified and shared characters stay as they are.
		{"区", "区"}, {"么", "么"}, {"才", "才"}, {"台", "台"}, {"干", "干"},
		{"群", "群"}, {"秘", "秘"}, {"政府", "政府"}, {"abc１２３", "abc１２３"},
		// Whole phrases.
		{"井陘礦區", "井陉矿区"},
		{"政府信息公開工作年度報告", "政府信息公开工作年度报告"},
		{"關於印發《條例》的通知", "关于印发《条例》的通知"},
	}
	for _, p := range pairs {
		if got := ToSimplified(p.t); got != p.s {
			t.Errorf("ToSimplified(%q) = %q, want %q", p.t, got, p.s)
		}
	}
}

func TestToSimplifiedKeepsInvalidBytes(t *testing.T) {
	in := "區\xff報\xe4"
	if got, want := ToSimplified(in), "区\xff报\xe4"; got != want {
		t.Errorf("ToSimplified(%q) = %q, want %q", in, got, want)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"政府信息", "政府信息"},
		{"１２３４５６７８９０", "1234567890"},
		{"ＡＢＣｘｙｚ", "ABCxyz"},
		{"（二）部分公开（区分处理的，只计这一情形）", "(二)部分公开(区分处理的,只计这一情形)"},
		{"1． 属于国家秘密", "1. 属于国家秘密"},
		{"：；！？％＋－＝／＼～＿", ":;!?%+-=/\\~_"},
		{"第\u3000一\u00a0条\u2003", "第 一 条 "},
		{"公\u200b开\u200d\ufeff信\u202e息\u2066\u2069\u00ad", "公开信息"},
		{"￥100", "¥100"},
		// Not width: CJK punctuation stays.
		{"一、总体情况。《条例》【】", "一、总体情况。《条例》【】"},
		{"區", "區"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldRange(t *testing.T) {
	for r := rune(0xFF01); r <= 0xFF5E; r++ {
		if got, want := Fold(string(r)), string(r-0xFEE0); got != want {
			t.Errorf("Fold(%U) = %q, want %q", r, got, want)
		}
	}
}

func TestKey(t *testing.T) {
	equal := [][]string{
		{"（二）部分公开（区分处理的, 只计这一情形）", "(二) 部分公开(区分处理的，只计这一情形)", "（二）部分公開（區分處理的，只計這一情形）"},
		{"1． 属于国家秘密", "1.属于国家秘密", "1、属于国家秘密", "１．屬於國家秘密", "1:属于国家秘密"},
		{"井陘礦區政府", "井陉矿区政府", "井陉矿区 政府", "【井陉矿区政府】"},
		{"“公开”‘是’「常」『态』\"x\"'y'", "公开是常态xy"},
		{"〔2021〕30号", "[2021]30号", "<2021>30号", "《2021》30号", "〈2021〉30号"},
		{"A · B | C;D；E:F", "ABCDEF"},
		{"政府\t信息\r\n公开\u3000\u00a0\u200b", "政府信息公开"},
	}
	for _, group := range equal {
		want := Key(group[0])
		for _, s := range group[1:] {
			if got := Key(s); got != want {
				t.Errorf("Key(%q) = %q, want %q (= Key(%q))", s, got, want, group[0])
			}
		}
	}
	exact := []struct{ in, want string }{
		{"井陘礦區政府", "井陉矿区政府"},
		{"（二）部分公开（区分处理的，只计这一情形）", "二部分公开区分处理的只计这一情形"},
		{"1． 属于国家秘密", "1属于国家秘密"},
		{"三、收到和处理政府信息公开申请情况", "三收到和处理政府信息公开申请情况"},
		{"100%", "100%"},
		{"", ""},
		{" （ ） ", ""},
		{"a\xffb", "a\uFFFDb"},
	}
	for _, tt := range exact {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Key must agree with its definition: ToSimplified(Fold(s)) minus spaces and
// the dropped marks.
func TestKeyMatchesDefinition(t *testing.T) {
	for _, s := range []string{readTestdata(t, "jingxingkuang-2023-excerpt.txt"), readTestdata(t, "hubin-2023-excerpt.txt")} {
		var want strings.Builder
		for _, r := range ToSimplified(Fold(s)) {
			if !keyDropped(r) {
				want.WriteRune(r)
			}
		}
		if got := Key(s); got != want.String() {
			t.Errorf("Key differs from ToSimplified(Fold(s)) filtered")
		}
	}
}

func TestScript(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"jingxingkuang", readTestdata(t, "jingxingkuang-2023-excerpt.txt"), "traditional"},
		{"hubin", readTestdata(t, "hubin-2023-excerpt.txt"), "simplified"},
		{"title", "井陘礦區政府2023年政府信息公開工作年度報告", "traditional"},
		{"agency", "井陘礦區政府", "traditional"},
		{"empty", "", "simplified"},
		{"ascii", "2023 annual report", "simplified"},
		// Two mappable runes are not enough.
		{"two", "显著乾隆", "simplified"},
		// 著 and 乾 occur in Simplified text; a few of them in a long text
		// must not flip it.
		{"diluted", strings.Repeat("政府信息公开工作年度报告", 20) + "显著著作乾隆", "simplified"},
		{"compat", "\uF9B2\uF9B2\uF9B2\uF9B2", "simplified"},
	}
	for _, tt := range tests {
		if got := Script(tt.text); got != tt.want {
			t.Errorf("Script(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNoAllocWhenUnchanged(t *testing.T) {
	simp := readTestdata(t, "hubin-2023-excerpt.txt")
	ascii := "plain ASCII text, 123"
	if n := testing.AllocsPerRun(10, func() { _ = ToSimplified(simp) }); n != 0 {
		t.Errorf("ToSimplified on Simplified text: %v allocs, want 0", n)
	}
	if n := testing.AllocsPerRun(10, func() { _ = Fold(ascii) }); n != 0 {
		t.Errorf("Fold on ASCII: %v allocs, want 0", n)
	}
	if n := testing.AllocsPerRun(10, func() { _ = Fold("政府信息公开") }); n != 0 {
		t.Errorf("Fold on Han: %v allocs, want 0", n)
	}
	if got := ToSimplified(simp); unsafe.StringData(got) != unsafe.StringData(simp) {
		t.Errorf("ToSimplified did not return its input")
	}
	if got := Fold(ascii); unsafe.StringData(got) != unsafe.StringData(ascii) {
		t.Errorf("Fold did not return its input")
	}
}

// TestTable checks the generated table: sorted, no identities, idempotent,
// and large enough that a broken generator (say, one that read only the
// variant files or dropped the non-BMP entries) would fail.
func TestTable(t *testing.T) {
	if t2sLen < 4000 {
		t.Fatalf("table has %d entries, want ≥ 4000 (TSCharacters alone has ~3,500)", t2sLen)
	}
	astral := 0
	for i := range t2sLen {
		from, to := t2sFrom[i], t2sTo[i]
		if i > 0 && t2sFrom[i-1] >= from {
			t.Fatalf("t2sFrom not strictly sorted at %d: %U >= %U", i, t2sFrom[i-1], from)
		}
		if from == to {
			t.Errorf("identity entry %U", from)
		}
		if !utf8.ValidRune(from) || !utf8.ValidRune(to) {
			t.Errorf("invalid rune in entry %d", i)
		}
		if !unicode.Is(unicode.Han, to) {
			t.Errorf("%U maps to non-Han %U", from, to)
		}
		if _, ok := t2s(to); ok {
			t.Errorf("not idempotent: %c → %c → …", from, to)
		}
		if got, ok := t2s(from); !ok || got != to {
			t.Errorf("lookup(%c) = %c, %v; want %c", from, got, ok, to)
		}
		if from > 0xFFFF {
			astral++
		}
	}
	if astral == 0 {
		t.Errorf("no entries beyond the BMP; the generator lost them")
	}
	compat := 0
	for r := rune(0xF900); r <= 0xFAFF; r++ {
		if _, ok := t2s(r); ok {
			compat++
		}
	}
	if compat < 400 {
		t.Errorf("only %d compatibility ideographs map; want ≥ 400", compat)
	}
}

func FuzzToSimplified(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		got := ToSimplified(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("ToSimplified(%q) = %q: invalid UTF-8", s, got)
		}
		if again := ToSimplified(got); again != got {
			t.Fatalf("ToSimplified not idempotent on %q: %q then %q", s, got, again)
		}
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(s) {
			t.Fatalf("ToSimplified(%q) = %q changed the rune count", s, got)
		}
	})
}

func FuzzKey(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if !utf8.ValidString(k) {
			t.Fatalf("Key(%q) = %q: invalid UTF-8", s, k)
		}
		if k2 := Key(k); k2 != k {
			t.Fatalf("Key not idempotent on %q: %q then %q", s, k, k2)
		}
		if strings.ContainsFunc(k, unicode.IsSpace) {
			t.Fatalf("Key(%q) = %q keeps whitespace", s, k)
		}
		if utf8.ValidString(s) {
			if f := Fold(s); !utf8.ValidString(f) || Fold(f) != f {
				t.Fatalf("Fold(%q) = %q: invalid or not idempotent", s, f)
			}
		}
	})
}

func addSeeds(f *testing.F) {
	for _, s := range []string{
		"", "井陘礦區政府", "（二）部分公开（区分处理的，只计这一情形）", "1． 属于国家秘密",
		"\uF9B2\u3000\u200b\ufeff", "a\xffb\xe4\xb8", "\xe4(\xb8\xad", "麼么才纔",
	} {
		f.Add(s)
	}
}

func readTestdata(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// benchText is about 10 KB of report text: the Traditional excerpt plus the
// Simplified one (with full-width punctuation) twice.
func benchText(b *testing.B) string {
	trad := readTestdata(b, "jingxingkuang-2023-excerpt.txt")
	simp := readTestdata(b, "hubin-2023-excerpt.txt")
	return trad + simp + simp
}

func BenchmarkToSimplified(b *testing.B) {
	text := benchText(b)
	simp := ToSimplified(text)
	b.Run("mixed", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			_ = ToSimplified(text)
		}
	})
	b.Run("simplified", func(b *testing.B) {
		b.SetBytes(int64(len(simp)))
		b.ReportAllocs()
		for b.Loop() {
			_ = ToSimplified(simp)
		}
	})
}

func BenchmarkKey(b *testing.B) {
	text := benchText(b)
	b.Run("report", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			_ = Key(text)
		}
	})
	b.Run("label", func(b *testing.B) {
		label := "（二）部分公開（區分處理的，只計這一情形）"
		b.ReportAllocs()
		for b.Loop() {
			_ = Key(label)
		}
	})
}

// The fast range in keyDropped must not hide anything keyDrop lists.
func TestKeyDropOutsideFastRange(t *testing.T) {
	for _, r := range keyDrop {
		if r >= 0x3100 && r < 0xFE50 {
			t.Errorf("keyDrop has %U inside the fast-path range", r)
		}
		if !keyDropped(r) {
			t.Errorf("keyDropped(%U) = false", r)
		}
	}
	for r := rune(0x3100); r < 0xFE50; r++ {
		if unicode.IsSpace(r) {
			t.Errorf("space %U inside the fast-path range", r)
		}
	}
}

// TestIsHan checks isHan's shortcuts against the Unicode table.
func TestIsHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isHan(r) != unicode.Is(unicode.Han, r) {
			t.Fatalf("isHan(%U) = %v", r, isHan(r))
		}
	}
}
