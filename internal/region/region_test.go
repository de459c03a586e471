package region

import (
	"reflect"
	"testing"
)

func TestFromName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"阜新市海州区", []string{"阜新市", "海州区"}},
		{"宝丰县大营镇人民政府", []string{"宝丰县", "大营镇"}},
		{"上海市人民政府办公厅", []string{"上海市"}},
		{"井陉矿区政府", []string{"井陉矿区"}},
		{"湖滨区政府办", []string{"湖滨区"}},
		{"平潭综合实验区", []string{"平潭综合实验区"}},
		{"河北省石家庄市井陉矿区人民政府", []string{"河北省", "石家庄市", "井陉矿区"}},
		{"某某市教育局", []string{"某某市"}},
		{"国家统计局", nil},
		{"", nil},
	} {
		var got []string
		for _, p := range FromName(tc.in) {
			got = append(got, p.Name)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("FromName(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if p := FromName("上海市人民政府办公厅"); p[0].Level != Province {
		t.Errorf("上海市 level %s, want province", p[0].Level)
	}
	if p := FromName("宝丰县大营镇人民政府"); p[1].Level != Township {
		t.Errorf("大营镇 level %s", p[1].Level)
	}
}

func FuzzFromName(f *testing.F) {
	f.Add("阜新市海州区")
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range FromName(s) {
			if p.Name == "" || p.Level == "" {
				t.Fatalf("empty place in %q", s)
			}
		}
	})
}
