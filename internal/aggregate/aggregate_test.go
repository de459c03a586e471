package aggregate

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mozillazg/go-pinyin"

	"gongkai/internal/report"
)

func rep(agency string, year int, path string, cells report.Cells) *report.Report {
	return &report.Report{Agency: agency, AgencyAsWritten: agency, Year: year, Template: "2021", Source: report.Source{Path: path}, Tables: cells, Badge: report.Pass}
}

func TestNameKey(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"湖滨区人民政府办公室", "湖滨区政府办"},
		{"湖滨区政府办公室", "湖滨区 政府办"},
		{"井陘礦區政府", "井陉矿区人民政府"},
		{"阜新市海州区", "阜新市 海州区"},
	} {
		if NameKey(tt.a) != NameKey(tt.b) {
			t.Errorf("NameKey(%q)=%q != NameKey(%q)=%q", tt.a, NameKey(tt.a), tt.b, NameKey(tt.b))
		}
	}
	if NameKey("湖滨区政府办") == NameKey("湖滨区人民政府") {
		t.Error("the office and the government must stay apart")
	}
}

func TestBuildGroupsAndSlugs(t *testing.T) {
	reps := []*report.Report{
		rep("湖滨区政府办", 2023, "c.txt", report.Cells{}),
		rep("湖滨区人民政府办公室", 2022, "b.txt", report.Cells{}),
		rep("井陘礦區政府", 2023, "a.txt", report.Cells{}),
		rep("海州区", 2023, "d.txt", report.Cells{}),
		rep("海洲区", 2023, "e.txt", report.Cells{}), // same pinyin, different body
		rep("大营镇人民政府", 2023, "f.txt", report.Cells{}),
		rep("阜新市海州区", 2020, "g.txt", report.Cells{}),
	}
	c := Build(reps, Options{Aliases: map[string]string{"阜新市海州区": "海州区"}, Slugs: map[string]string{"大营镇政府": "daying"}})
	var got []string
	for _, a := range c.Agencies {
		line := a.Slug + " " + a.Name
		for _, r := range a.Reports {
			line += " " + r.ID
		}
		got = append(got, line)
	}
	want := []string{
		"daying 大营镇人民政府 daying/2023",
		"haizhouqu 海州区 haizhouqu/2020 haizhouqu/2023",
		"haizhouqu-2 海洲区 haizhouqu-2/2023",
		"hubinqu-zhengfuban 湖滨区政府办 hubinqu-zhengfuban/2022 hubinqu-zhengfuban/2023",
		"jingxingkuangqu-zhengfu 井陘礦區政府 jingxingkuangqu-zhengfu/2023",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	// Same result whatever the input order.
	rev := make([]*report.Report, len(reps))
	for i, r := range reps {
		cp := *r
		cp.Checks = nil
		rev[len(reps)-1-i] = &cp
	}
	c2 := Build(rev, Options{Aliases: map[string]string{"阜新市海州区": "海州区"}, Slugs: map[string]string{"大营镇政府": "daying"}})
	for i := range c.Reports {
		if c.Reports[i].ID != c2.Reports[i].ID {
			t.Errorf("order-dependent: %s vs %s", c.Reports[i].ID, c2.Reports[i].ID)
		}
	}
	hb := c.Agencies[3]
	if hb.Pinyin != "hubinquzhengfuban" || hb.Initials != "hbqzfb" {
		t.Errorf("pinyin %q %q", hb.Pinyin, hb.Initials)
	}
	if len(c.Years) != 3 || c.Years[2].Year != 2023 || len(c.Years[2].Reports) != 5 {
		t.Errorf("years: %+v", c.Years)
	}
}

func status(r *report.Report, id string) string {
	for _, c := range r.Checks {
		if c.ID == id {
			return c.Status
		}
	}
	return "missing"
}

func TestCrossChecks(t *testing.T) {
	a2022 := rep("甲区政府", 2022, "a22.txt", report.CellsOf(map[string]float64{"requests.carried_forward.natural": 2, "requests.carried_forward.total": 2, "active.rules.in_force": 5}))
	a2023 := rep("甲区政府", 2023, "a23.txt", report.CellsOf(map[string]float64{"requests.carried_over.natural": 3, "requests.carried_over.total": 2,
		"active.rules.issued": 1, "active.rules.repealed": 0, "active.rules.in_force": 6}))
	b1 := rep("乙区政府", 2023, "b1.txt", report.CellsOf(map[string]float64{"requests.new.total": 5}))
	b2 := rep("乙区政府", 2023, "b2.html", report.CellsOf(map[string]float64{"requests.new.total": 5, "requests.new.natural": 5}))
	c1 := rep("丙区政府", 2023, "c1.txt", report.CellsOf(map[string]float64{"requests.new.total": 5}))
	c2 := rep("丙区政府", 2023, "c2.txt", report.CellsOf(map[string]float64{"requests.new.total": 6}))
	c := Build([]*report.Report{a2022, a2023, b1, b2, c1, c2}, Options{})

	for _, tt := range []struct {
		r         *report.Report
		id, want  string
		wantBadge string
	}{
		{a2022, "requests.carryover", report.Skip, report.Pass},
		{a2023, "requests.carryover", report.Warn, report.Warn},
		{a2023, "active.stock", report.Pass, report.Warn},
		{b2, "meta.duplicate", report.Info, ""}, // merged, then re-validated: its badge is validate's
		{c1, "meta.duplicate", report.Fail, report.Fail},
		{c2, "meta.duplicate", report.Fail, report.Fail},
	} {
		if got := status(tt.r, tt.id); got != tt.want {
			t.Errorf("%s %s: %s, want %s", tt.r.Source.Path, tt.id, got, tt.want)
		}
		if tt.wantBadge != "" && tt.r.Badge != tt.wantBadge {
			t.Errorf("%s badge %s, want %s", tt.r.Source.Path, tt.r.Badge, tt.wantBadge)
		}
	}
	var carry report.Check
	for _, ch := range a2023.Checks {
		if ch.ID == "requests.carryover" {
			carry = ch
		}
	}
	if d := cmp.Diff([]string{"requests.carried_over.natural"}, carry.Cells); d != "" {
		t.Errorf("carryover cells (-want +got)\n%s", d)
	}
	// b1 merged into b2 (the more complete one).
	if len(b2.Sources) != 1 || b2.Sources[0].Path != "b1.txt" || c.ByID[b2.ID] != b2 {
		t.Errorf("merge: %+v", b2.Sources)
	}
	if c1.ID == c2.ID || c.ByID[c2.ID] != c2 {
		t.Errorf("disagreeing duplicates share an ID: %s %s", c1.ID, c2.ID)
	}
	if got := len(c.Reports); got != 5 {
		t.Errorf("%d reports, want 5", got)
	}
}

// TestPinyinOfIsLazyPinyin holds pinyinOf, which reads characters through
// slug.Reading's cache, to go-pinyin's LazyPinyin (Normal style) that it
// replaced.
func TestPinyinOfIsLazyPinyin(t *testing.T) {
	args := pinyin.NewArgs()
	args.Style = pinyin.Normal
	for _, name := range []string{"", "湖滨区政府办", "绿春县人民政府", "吕梁市", "ABC 局（筹）", "〇一二", "中山大学·附属", "\U0002A6D6字"} {
		var full, initials strings.Builder
		for _, syl := range pinyin.LazyPinyin(name, args) {
			syl = strings.ReplaceAll(syl, "ü", "v")
			full.WriteString(syl)
			if syl != "" {
				initials.WriteByte(syl[0])
			}
		}
		if f, i := pinyinOf(name); f != full.String() || i != initials.String() {
			t.Errorf("pinyinOf(%q) = %q, %q; LazyPinyin %q, %q", name, f, i, full.String(), initials.String())
		}
	}
}
