package build

import (
	"bytes"
	"errors"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"gongkai/internal/config"
	"gongkai/internal/report"
)

// fixture is a report built in Go, so the site can be tested without the parser.
func fixture(agency string, year int, tmpl string, cells report.Cells, checks ...report.Check) *report.Report {
	r := &report.Report{Schema: report.Schema, Agency: agency, AgencyAsWritten: agency, Year: year, Template: tmpl,
		Tables: cells, Derived: report.Cells{}, Checks: checks, Badge: report.Pass,
		Period: &report.Period{From: strconv.Itoa(year) + "-01-01", To: strconv.Itoa(year) + "-12-31"},
		Sections: []report.Section{
			{Number: 1, Title: "一、总体情况", Text: "本年共受理申请 5 件。\n<script>alert('x')</script>\n![img](https://evil.example/x.png)"},
			{Number: 5, Title: "五、存在的主要问题及改进情况", Text: "[点我](javascript:alert(1))"},
		}}
	for _, c := range checks {
		switch c.Status {
		case report.Fail:
			r.Badge = report.Fail
		case report.Warn:
			if r.Badge != report.Fail {
				r.Badge = report.Warn
			}
		}
	}
	return r
}

const hostile = `<script>alert("agency")</script>区政府`

// constructed writes placeholder files and returns a Parse that maps them
// to fixtures.
func constructed(t *testing.T) (src string, parse func(string, []byte) (*report.Report, error)) {
	t.Helper()
	src = t.TempDir()
	fixtures := map[string]*report.Report{
		"a.txt": fixture(hostile, 2023, "2021", report.CellsOf(map[string]float64{"requests.new.total": 5})),
		"b-2022.txt": fixture("某区人民政府办公室", 2022, "2021", report.CellsOf(map[string]float64{
			"requests.carried_forward.natural": 1, "requests.carried_forward.total": 1})),
		"b-2023.txt": fixture("某区 政府办", 2023, "2021", report.CellsOf(map[string]float64{
			// 7 + 2 ≠ 8 + 0: validate fails requests.balance on the total column.
			"requests.new.total": 7, "requests.new.natural": 7, "requests.carried_over.natural": 2, "requests.carried_over.total": 2,
			"requests.total.total": 8, "requests.carried_forward.total": 0})),
		"c.html": fixture("丙县政府", 2020, "2019", report.CellsOf(map[string]float64{"review.review.total": 0})),
	}
	files := map[string]string{"_index.md": "# 关于\n\n<script>alert(1)</script>本站说明。", "reports/broken.txt": "not a report"}
	for name := range fixtures {
		files["reports/"+name] = "placeholder " + name
	}
	for name, body := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	parse = func(p string, data []byte) (*report.Report, error) {
		f, ok := fixtures[path.Base(p)]
		if !ok {
			return nil, errors.New(p + ":1: " + errNotReport.Error())
		}
		cp := *f // deep enough: the build edits checks and names
		cp.Checks = append([]report.Check(nil), f.Checks...)
		cp.Tables = report.Cells{}
		for k, v := range f.Tables.All() {
			cp.Tables.Set(k, v)
		}
		cp.Source = report.Source{Path: p, Format: "text", Encoding: "utf-8"}
		if strings.HasSuffix(p, ".html") {
			cp.Source.Format, cp.Source.URL = "html", "https://www.example.gov.cn/c.htm"
		}
		return &cp, nil
	}
	return src, parse
}

func TestConstructedSite(t *testing.T) {
	src, parse := constructed(t)
	for _, base := range []string{subPath, "https://example.org/"} {
		t.Run(base, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			cfg := testConfig(t, src, dest)
			cfg.BaseURL = base
			sum, err := Run(Options{Config: cfg, Parse: parse})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Reports != 4 || sum.Agencies != 3 || len(sum.Errors) != 1 || !strings.HasSuffix(sum.Errors[0].Path, "reports/broken.txt") {
				t.Fatalf("summary %+v", sum)
			}
			if s := sum.String(); !strings.Contains(s, "broken.txt") || !strings.Contains(s, "1 files with errors") {
				t.Errorf("summary text lacks the failed file:\n%s", s)
			}
			checkSite(t, dest, base)
			checkXMLURLs(t, dest, base)
			files := readTree(t, dest)

			for name, data := range files {
				if strings.HasSuffix(name, ".html") {
					checkInert(t, name, data)
				}
			}
			if !strings.Contains(text(t, files["index.html"]), hostile) {
				t.Error("hostile agency name not shown as text on the home page")
			}

			// 某区人民政府办公室 (2022) and 某区 政府办 (2023) are one agency.
			var agencyDir string
			for name := range files {
				if strings.HasPrefix(name, "agencies/") && strings.HasSuffix(name, "/2022/index.html") {
					agencyDir = strings.TrimSuffix(name, "2022/index.html")
				}
			}
			if _, ok := files[agencyDir+"2023/index.html"]; !ok || agencyDir == "" {
				t.Fatalf("2022 and 2023 of 某区 not under one agency (%q)", agencyDir)
			}
			agency := string(files[agencyDir+"index.html"])
			if !strings.Contains(agency, "<svg") || !strings.Contains(agency, "某区人民政府办公室") {
				t.Error("agency page lacks the chart or the other name")
			}
			rep := string(files[agencyDir+"2023/index.html"])
			for _, want := range []string{
				`id="c-requests.new.total" class="flag-fail"`,     // failed check highlighted…
				`href="#note-requests-1"`, `id="note-requests-1"`, // …with the reason beside it (one anchor per table)
				`id="c-requests.new.commercial" class="null`, "未填写", // null is blank, not 0
				"requests.carryover", // cross-year check: 2 carried over vs 1 carried forward
				"未通过",
			} {
				if !strings.Contains(rep, want) {
					t.Errorf("report page lacks %q", want)
				}
			}
			// The HTML source is published as text, never as a page of the portal.
			if _, ok := files["sources/reports/c.html.txt"]; !ok {
				t.Error("no sources/reports/c.html.txt")
			}
			if _, ok := files["sources/reports/c.html"]; ok {
				t.Error("HTML source published as HTML")
			}
			if !strings.Contains(string(files["validation/index.html"]), "broken.txt") {
				t.Error("validation page does not list the file that failed")
			}
			feed := string(files["feed.xml"])
			if i, j := strings.Index(feed, "2023"), strings.Index(feed, "2020 年度报告"); i < 0 || j < 0 || i > j {
				t.Error("feed not newest first")
			}
		})
	}
}

// TestFailedBuildKeepsPrevious: a broken layout fails the build and leaves
// the previous site untouched; a user's layout overrides the built-in one.
func TestFailedBuildKeepsPrevious(t *testing.T) {
	src, parse := constructed(t)
	dest := filepath.Join(t.TempDir(), "public")
	cfg := testConfig(t, src, dest)
	layouts := t.TempDir()
	cfg.Layouts = layouts
	if err := os.WriteFile(filepath.Join(layouts, "404.html"), []byte(`{{define "main"}}<p>自定义的 404</p>{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(Options{Config: cfg, Parse: parse}); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dest)
	if !strings.Contains(string(before["404.html"]), "自定义的 404") {
		t.Error("user layout did not override 404.html")
	}
	if err := os.WriteFile(filepath.Join(layouts, "home.html"), []byte(`{{define "main"}}{{.NoSuchField}}{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(Options{Config: cfg, Parse: parse}); err == nil {
		t.Fatal("broken layout: no error")
	}
	after := readTree(t, dest)
	if len(after) != len(before) {
		t.Fatalf("%d files before, %d after a failed build", len(before), len(after))
	}
	for name, data := range before {
		if string(after[name]) != string(data) {
			t.Errorf("%s changed by a failed build", name)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("temporary directories left behind: %v", entries)
	}
}

// checkInert parses a page and fails on anything report text could have
// injected: a script that is not ours, an event handler, a javascript: URL,
// an image or frame from another host.
func checkInert(t *testing.T, name string, data []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				// ours, or a data block (type=application/json), which never runs
				if src := attr(n, "src"); !strings.Contains(src, "assets/app.") && (src != "" || attr(n, "type") != "application/json") {
					t.Errorf("%s: <script src=%q>", name, src)
				}
			case "iframe", "object", "embed", "base", "meta":
				if n.Data != "meta" || attr(n, "http-equiv") != "" {
					t.Errorf("%s: <%s>", name, n.Data)
				}
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s>", name, n.Data, a.Key)
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is the text content of a page.
func text(t *testing.T, data []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

// TestSourcesOff: `sources: false` publishes no copies and links none.
func TestSourcesOff(t *testing.T) {
	src, parse := constructed(t)
	dest := filepath.Join(t.TempDir(), "public")
	cfg := testConfig(t, src, dest)
	cfg.Sources = false
	if _, err := Run(Options{Config: cfg, Parse: parse}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dest)
	for name, data := range files {
		if strings.HasPrefix(name, "sources/") || strings.Contains(string(data), "sources/reports/") {
			t.Errorf("%s: source copy present or linked", name)
		}
	}
	checkSite(t, dest, subPath)
}

// BenchmarkBuildSample is the whole-build benchmark (make bench).
func BenchmarkBuildSample(b *testing.B) {
	dir := b.TempDir()
	cfg := &config.Config{Title: "bench", BaseURL: subPath, Source: "../../content", Destination: filepath.Join(dir, "public"),
		Layouts: filepath.Join(dir, "none"), Assets: filepath.Join(dir, "none"), Sources: true}
	for b.Loop() {
		if _, err := Run(Options{Config: cfg}); err != nil {
			b.Fatal(err)
		}
	}
}
