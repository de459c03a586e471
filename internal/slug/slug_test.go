package slug

import "testing"

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
