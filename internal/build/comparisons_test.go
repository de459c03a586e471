package build

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"gongkai/internal/report"
)

// yearly is a report of 甲县人民政府 (or another agency) whose tables hold:
// co carried over, n new, all handled granted except cf carried forward,
// and the 2021-template stock of normative documents.
func yearly(agency string, year int, co, n, cf, issued, repealed, inForce float64) *report.Report {
	tpl := "2021"
	if year < 2021 {
		tpl = "2019"
	}
	r := &report.Report{Schema: report.Schema, Agency: agency, AgencyAsWritten: agency, Year: year, Template: tpl, Tables: report.Cells{}}
	for _, p := range r.TemplateDef().Paths() {
		r.Tables.Set(p, 0)
	}
	set := func(row string, v float64) {
		r.Tables.Set("requests."+row+".natural", v)
		r.Tables.Set("requests."+row+".total", v)
	}
	set("new", n)
	set("carried_over", co)
	set("granted", n+co-cf)
	set("total", n+co-cf)
	set("carried_forward", cf)
	if tpl == "2021" {
		r.Tables.Set("active.normative_docs.issued", issued)
		r.Tables.Set("active.normative_docs.repealed", repealed)
		r.Tables.Set("active.normative_docs.in_force", inForce)
	}
	for i, title := range defaultSectionTitles {
		r.Sections = append(r.Sections, report.Section{Number: i + 1, Title: title, Text: "说明。"})
	}
	return r
}

var defaultSectionTitles = []string{"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"}

// crossYearCorpus: one agency over 2019–2023 (2019 template for 2019–2020),
// 2021 in two files of the same report, a carry-over that breaks in 2022, a
// stock that breaks in 2023 and two different 2023 reports; two departments
// of the same county for region.sum.
func crossYearCorpus(t *testing.T) (string, func(string, []byte) (*report.Report, error)) {
	t.Helper()
	const gov = "甲县人民政府"
	fixtures := map[string]*report.Report{
		"a2019.txt":  yearly(gov, 2019, 0, 10, 2, 0, 0, 0),
		"a2020.txt":  yearly(gov, 2020, 2, 12, 3, 0, 0, 0),
		"a2021.txt":  yearly(gov, 2021, 3, 20, 1, 5, 0, 40),
		"a2021.html": yearly(gov, 2021, 3, 20, 1, 5, 0, 40),
		"a2022.txt":  yearly(gov, 2022, 4, 30, 0, 6, 2, 44), // carried over 4, but 2021 carried forward 1
		"a2023.txt":  yearly(gov, 2023, 0, 25, 5, 3, 1, 50), // 44 + 3 − 1 = 46, not 50
		"b2023.txt":  yearly(gov, 2023, 0, 26, 5, 3, 1, 46), // another 2023 report, other figures
		"edu.txt":    yearly("甲县教育局", 2022, 0, 8, 0, 0, 0, 0),
		"health.txt": yearly("甲县卫生健康局", 2022, 0, 5, 0, 0, 0, 0),
		"fin.txt":    yearly("财政局", 2022, 0, 7, 0, 0, 0, 0), // placed by its front matter
	}
	frontMatter := map[string]string{"fin.txt": "---\nregion: 甲县\n---\n"}
	fixtures["a2021.html"].Tables.Delete("active.rules.issued") // the less complete twin
	src := t.TempDir()
	for name := range fixtures {
		p := filepath.Join(src, "reports", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(frontMatter[name]+"placeholder "+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src, func(p string, _ []byte) (*report.Report, error) {
		f, ok := fixtures[path.Base(p)]
		if !ok {
			return nil, errors.New(p + ": not a report")
		}
		cp := *f
		cp.Tables = report.Cells{}
		for k, v := range f.Tables.All() {
			cp.Tables.Set(k, v)
		}
		cp.Sections = append([]report.Section(nil), f.Sections...)
		cp.Source = report.Source{Path: p, Format: "text", Encoding: "utf-8"}
		return &cp, nil
	}
}

// statusOf finds the element with id "check-<id>" and returns the status
// of the badge inside it ("" when there is no such check on the page).
func statusOf(t *testing.T, page []byte, id string) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var find func(n *html.Node, inCheck bool) string
	find = func(n *html.Node, inCheck bool) string {
		if n.Type == html.ElementNode {
			if attr(n, "id") == "check-"+id {
				inCheck = true
			}
			if inCheck {
				for _, c := range strings.Fields(attr(n, "class")) {
					if s, ok := strings.CutPrefix(c, "badge-"); ok {
						return s
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if s := find(c, inCheck); s != "" {
				return s
			}
		}
		return ""
	}
	return find(doc, false)
}

// TestCrossYearSite builds the corpus and reads each cross-year check off
// the report pages and off checks.csv.
func TestCrossYearSite(t *testing.T) {
	src, parse := crossYearCorpus(t)
	dest := filepath.Join(t.TempDir(), "public")
	sum, err := Run(Options{Config: testConfig(t, src, dest), Parse: parse})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Reports != 9 || sum.Agencies != 4 || len(sum.Errors) != 0 {
		t.Fatalf("summary %+v (want the 2021 twins merged: 8 reports)", sum)
	}
	checkSite(t, dest, subPath)
	files := readTree(t, dest)
	for name, data := range files {
		if strings.HasSuffix(name, ".html") {
			checkInert(t, name, data)
		}
	}

	const slug = "jiaxian-zhengfu"
	want := map[string]map[string]string{ // report id → check → status
		slug + "/2019":   {"requests.carryover": "skip", "active.stock": "skip", "meta.duplicate": "pass", "region.sum": "skip"},
		slug + "/2020":   {"requests.carryover": "pass", "active.stock": "skip", "meta.duplicate": "pass", "region.sum": "skip"},
		slug + "/2021":   {"requests.carryover": "pass", "active.stock": "skip", "meta.duplicate": "info", "region.sum": "skip"},
		slug + "/2022":   {"requests.carryover": "warn", "active.stock": "pass", "meta.duplicate": "pass", "region.sum": "info"},
		slug + "/2023":   {"requests.carryover": "pass", "active.stock": "warn", "meta.duplicate": "fail", "region.sum": "skip"},
		slug + "/2023-2": {"requests.carryover": "pass", "active.stock": "pass", "meta.duplicate": "fail", "region.sum": "skip"},
	}

	// checks.csv
	data := bytes.TrimPrefix(files["data/checks.csv"], []byte("\ufeff"))
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]string{}
	for _, row := range rows[1:] {
		if got[row[0]] == nil {
			got[row[0]] = map[string]string{}
		}
		got[row[0]][row[2]] = row[3]
	}
	for id, checks := range want {
		for check, status := range checks {
			if got[id][check] != status {
				t.Errorf("checks.csv %s %s = %q, want %q", id, check, got[id][check], status)
			}
		}
	}
	for _, id := range []string{"jiaxian-jiaoyuju/2022", "jiaxian-weishengjiankangju/2022"} {
		if got[id]["region.sum"] != "skip" {
			t.Errorf("checks.csv %s region.sum = %q, want skip (a department)", id, got[id]["region.sum"])
		}
	}

	// report pages
	for id, checks := range want {
		page := files["agencies/"+id+"/index.html"]
		if page == nil {
			t.Errorf("no page for %s", id)
			continue
		}
		for check, status := range checks {
			if s := statusOf(t, page, check); s != status {
				t.Errorf("page %s: %s shown as %q, want %q", id, check, s, status)
			}
		}
	}
	if p := text(t, files["agencies/"+slug+"/2022/index.html"]); !strings.Contains(p, "2021 年度报告结转下年度为 1") {
		t.Error("2022 page does not say what the carry-over should have been")
	}
	if p := text(t, files["agencies/"+slug+"/2022/index.html"]); !strings.Contains(p, "新收申请：本级 30，辖区内其他 3 个机关合计 20") {
		t.Error("2022 page lacks the region.sum figures")
	}
	if p := text(t, files["agencies/"+slug+"/2021/index.html"]); !strings.Contains(p, "a2021.html") {
		t.Error("2021 page does not list the merged twin file")
	}
	// region.sum is info: never in the badge
	var r2022 report.Report
	if err := json.Unmarshal(files["agencies/"+slug+"/2022/report.json"], &r2022); err != nil {
		t.Fatal(err)
	}
	if r2022.Badge != report.Warn { // the carry-over warns; region.sum adds nothing
		t.Errorf("2022 badge %s", r2022.Badge)
	}

	// agency page: changes against the previous year, shares, flags
	agency := text(t, files["agencies/"+slug+"/index.html"])
	for _, w := range []string{
		"+2 +20%",   // new requests 2019 → 2020: 10 → 12
		"+8 +66.7%", // 12 → 20
		"办理结果构成", "予以公开", "100%",
		"比 2022 年（30）−5 −16.7%", // 2023 (first report) against 2022, for screen readers
		"与其他机关对比",
	} {
		if !strings.Contains(agency, w) {
			t.Errorf("agency page lacks %q", w)
		}
	}
	if !strings.Contains(agency, "比 2022 年（30）−4 −13.3%") { // the second 2023 report (26) compares with 2022 too
		t.Error("agency page lacks the second 2023 report's change")
	}

	// region pages, compare view, index.json
	region := text(t, files["regions/jiaxian/index.html"])
	for _, w := range []string{"甲县教育局", "甲县卫生健康局", "财政局", "本级政府", "合计（4 份报告）", "其中本级以外（3 份）", "50"} {
		if !strings.Contains(region, w) {
			t.Errorf("region page lacks %q", w)
		}
	}
	if !strings.Contains(text(t, files["regions/index.html"]), "甲县") {
		t.Error("region index lacks 甲县")
	}
	if files["compare/index.html"] == nil || !bytes.Contains(files["compare/index.html"], []byte("data-figures")) {
		t.Error("no compare page with its figures")
	}
	var idx struct {
		Agencies []struct {
			Slug  string `json:"slug"`
			Years []int  `json:"years"`
		} `json:"agencies"`
	}
	if err := json.Unmarshal(files["agencies/index.json"], &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Agencies) != 4 || idx.Agencies[3].Slug != slug || len(idx.Agencies[3].Years) != 5 {
		t.Errorf("agencies/index.json %+v", idx.Agencies)
	}
	if !strings.Contains(string(files["sitemap.xml"]), "regions/jiaxian/") || !strings.Contains(string(files["sitemap.xml"]), "compare/") {
		t.Error("sitemap lacks the region or compare pages")
	}
}
