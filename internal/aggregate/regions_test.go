package aggregate

import (
	"math"
	"strings"
	"testing"

	"gongkai/internal/report"
	"gongkai/internal/stats"
	"gongkai/internal/validate"
)

// filled is a report whose table 三 total column holds new requests,
// granted and partial (everything else 0), so the derived sums exist.
func filled(agency string, year int, newReq, granted, partial float64) *report.Report {
	r := &report.Report{Schema: report.Schema, Agency: agency, AgencyAsWritten: agency, Year: year, Template: "2021",
		Tables: report.Cells{}, Source: report.Source{Path: "content/" + agency + "-" + string(rune('0'+year%10)) + ".txt"}}
	for _, p := range r.TemplateDef().Paths() {
		r.Tables.Set(p, 0)
	}
	for _, col := range []string{"natural", "total"} {
		r.Tables.Set("requests.new."+col, newReq)
		r.Tables.Set("requests.granted."+col, granted)
		r.Tables.Set("requests.partial."+col, partial)
		r.Tables.Set("requests.total."+col, granted+partial)
		r.Tables.Set("requests.carried_forward."+col, newReq-granted-partial)
	}
	validate.Report(r)
	return r
}

func checkOf(r *report.Report, id string) report.Check {
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	return report.Check{}
}

// TestRegionOfThree: 井陉矿区 with its government, a department and a
// township (a place below it), placed by config, front matter and config;
// an unrelated agency elsewhere.
func TestRegionOfThree(t *testing.T) {
	gov22, gov23 := filled("井陉矿区人民政府", 2022, 16, 10, 6), filled("井陉矿区人民政府", 2023, 64, 40, 24)
	edu22, edu23 := filled("教育局", 2022, 10, 5, 5), filled("教育局", 2023, 10, 5, 5)
	town22, town23 := filled("凤山镇人民政府", 2022, 6, 6, 0), filled("凤山镇人民政府", 2023, 6, 0, 6)
	other := filled("某市财政局", 2023, 100, 100, 0)
	reps := []*report.Report{gov22, gov23, edu22, edu23, town22, town23, other}
	c := Build(reps, Options{
		Regions: map[string]string{
			"井陉矿区政府":  "河北省/石家庄市/井陉矿区", // matched by NameKey (人民政府 = 政府)
			"凤山镇人民政府": "河北省 / 石家庄市 / 井陉矿区 / 凤山镇",
		},
		FrontMatter: map[string]string{edu23.Source.Path: "河北省/石家庄市/井陉矿区"},
	})
	reg := c.RegionBySlug["hebeisheng-shijiazhuangshi-jingxingkuangqu"]
	if reg == nil {
		var slugs []string
		for s := range c.RegionBySlug {
			slugs = append(slugs, s)
		}
		t.Fatalf("no region 井陉矿区; have %v", slugs)
	}
	if reg.Level != "county" || reg.Title() != "河北省 › 石家庄市 › 井陉矿区" || reg.Parent == nil || reg.Parent.Name != "石家庄市" {
		t.Errorf("region %q level %q parent %v", reg.Title(), reg.Level, reg.Parent)
	}
	if reg.Gov == nil || reg.Gov.Name != "井陉矿区人民政府" {
		t.Fatalf("government %v", reg.Gov)
	}
	all := reg.All()
	if len(all) != 3 || len(reg.Children) != 1 || reg.Children[0].Name != "凤山镇" || reg.Children[0].Level != "township" {
		t.Fatalf("agencies under 井陉矿区: %d, children %v", len(all), reg.Children)
	}
	if r := c.RegionOf[c.AgencyOf[other]]; r == nil || r.Name != "某市" {
		t.Errorf("某市财政局 region %v (default from the name)", r)
	}
	// Pages: places of two agencies or more; a place of one (the township,
	// 某市) would only repeat its agency's page.
	if !reg.Page || !reg.Parent.Page || reg.Children[0].Page || c.RegionOf[c.AgencyOf[other]].Page {
		t.Errorf("pages: 井陉矿区 %v, 石家庄市 %v, 凤山镇 %v, 某市 %v", reg.Page, reg.Parent.Page, reg.Children[0].Page, c.RegionOf[c.AgencyOf[other]].Page)
	}
	// the township's own government is the government of 凤山镇
	if town := reg.Children[0]; town.Gov == nil || town.Gov.Name != "凤山镇人民政府" {
		t.Errorf("凤山镇 government %v", town.Gov)
	}

	// sums and rates of the region for 2023: three reports
	var y23 []*report.Report
	for _, a := range all {
		for _, r := range a.Reports {
			if r.Year == 2023 {
				y23 = append(y23, r)
			}
		}
	}
	s := stats.Summarize(y23)
	if s.Reports != 3 {
		t.Fatalf("%d reports in 2023", s.Reports)
	}
	for key, want := range map[string]float64{"new": 80, "granted": 45, "partial": 35, "handled": 80, "denied": 0, "carried_forward": 0} {
		if got := s.Totals[key]; got.Sum != want || got.N != 3 {
			t.Errorf("2023 %s: %+v, want %v over 3", key, got, want)
		}
	}
	if g := s.Shares["granted"]; g.Pct == nil || math.Abs(*g.Pct-45.0/80*100) > 1e-9 {
		t.Errorf("granted share %+v, want 56.25%%", g)
	}
	if p := s.Shares["partial"]; p.Pct == nil || math.Abs(*p.Pct-43.75) > 1e-9 {
		t.Errorf("partial share %+v", p)
	}
	if d := s.Shares["denied"]; d.Pct == nil || *d.Pct != 0 {
		t.Errorf("denied share %+v", d)
	}
	if s.PerReport == nil || math.Abs(*s.PerReport-80.0/3) > 1e-9 {
		t.Errorf("requests per report %v", s.PerReport)
	}

	// region.sum: 2022 the government's 16 = 10 + 6 (pass); 2023 64 ≠ 16 (info)
	if ch := checkOf(gov22, "region.sum"); ch.Status != report.Pass {
		t.Errorf("2022 region.sum %+v", ch)
	}
	ch := checkOf(gov23, "region.sum")
	if ch.Status != report.Info || !strings.Contains(ch.Message, "新收申请：本级 64，辖区内其他 2 个机关合计 16") {
		t.Errorf("2023 region.sum %+v", ch)
	}
	if b := validate.Badge(gov23.Checks[:len(gov23.Checks)-1]); gov23.Badge != b {
		t.Errorf("region.sum changed the badge: %s, without it %s", gov23.Badge, b)
	}
	// the township government compares with nobody under it
	if ch := checkOf(town23, "region.sum"); ch.Status != report.Skip {
		t.Errorf("凤山镇 region.sum %+v", ch)
	}
	// every report has the check, last
	for _, r := range c.Reports {
		if len(r.Checks) == 0 || r.Checks[len(r.Checks)-1].ID != "region.sum" {
			t.Errorf("%s: region.sum is not the last check", r.ID)
		}
	}
	if ch := checkOf(edu23, "region.sum"); ch.Status != report.Skip {
		t.Errorf("a department's region.sum %+v", ch)
	}
}

func TestRegionPrecedence(t *testing.T) {
	a := filled("阜新市海州区", 2023, 1, 1, 0)
	b := filled("阜新市海州区", 2022, 1, 1, 0)
	// front matter beats the name; config beats front matter
	c := Build([]*report.Report{a, b}, Options{FrontMatter: map[string]string{b.Source.Path: "辽宁省/阜新市/海州区"}})
	if r := c.RegionOf[c.Agencies[0]]; r == nil || r.Title() != "辽宁省 › 阜新市 › 海州区" {
		t.Errorf("front matter: %v", r)
	}
	c = Build([]*report.Report{filled("阜新市海州区", 2023, 1, 1, 0)}, Options{Regions: map[string]string{"阜新市海州区": "辽寧省/阜新市/海州區"}})
	if r := c.RegionOf[c.Agencies[0]]; r == nil || r.Title() != "辽宁省 › 阜新市 › 海州区" || r.Gov == nil {
		t.Errorf("config (Traditional folded): %v", r)
	}
	c = Build([]*report.Report{filled("阜新市海州区", 2023, 1, 1, 0)}, Options{})
	if r := c.RegionOf[c.Agencies[0]]; r == nil || r.Title() != "阜新市 › 海州区" || r.Slug != "fuxinshi-haizhouqu" {
		t.Errorf("default: %v", r)
	}
}
