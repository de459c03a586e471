package slug

import (
	"testing"

	"github.com/mozillazg/go-pinyin"
)

func TestMake(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"井陉矿区政府", "jingxingkuangqu-zhengfu"},
		{"宝丰县大营镇人民政府", "baofengxian-dayingzhen-renminzhengfu"},
		{"湖滨区政府办", "hubinqu-zhengfuban"},
		{"阜新市海州区", "fuxinshi-haizhouqu"},
		{"上海市人民政府办公厅", "shanghaishi-renminzhengfubangongting"},
		{"", "agency"},
		{"<script>", "script"},
		{"../../etc", "etc"},
		{"ABC 局", "abc-ju"},
	} {
		if got := Make(tc.in); got != tc.want {
			t.Errorf("Make(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzMake(f *testing.F) {
	f.Add("井陉矿区政府")
	f.Add("../\x00")
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if got == "" {
			t.Fatal("empty slug")
		}
		for _, r := range got {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Fatalf("Make(%q) = %q has %q", s, got, r)
			}
		}
	})
}

// BenchmarkMake makes the slug of one agency name of twelve characters.
func BenchmarkMake(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Make("河北省石家庄市井陉矿区人民政府办公室")
	}
}

// TestReading holds the cached readings to go-pinyin's own, for every
// seventh character it knows, a few it does not, and each twice (the
// second answer from the cache).
func TestReading(t *testing.T) {
	runes := []rune{'a', '1', '-', '〇', '\U0002A6D6', 0x10FFFF, '井', '陉', '吕', '绿'}
	for k := range pinyin.PinyinDict {
		if k%7 == 0 {
			runes = append(runes, rune(k))
		}
	}
	for _, r := range runes {
		want, wantOK := "", false
		if _, known := pinyin.PinyinDict[int(r)]; known {
			if p := pinyin.SinglePinyin(r, args); len(p) > 0 {
				want, wantOK = p[0], true
			}
		}
		for range 2 {
			if got, ok := Reading(r); got != want || ok != wantOK {
				t.Fatalf("Reading(%q) = %q, %v; go-pinyin %q, %v", r, got, ok, want, wantOK)
			}
		}
	}
}
