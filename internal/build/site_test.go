package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/config"
	"gongkai/internal/report"
)

const subPath = "https://example.github.io/portal/"

func testConfig(t *testing.T, src, dest string) *config.Config {
	t.Helper()
	return testConfigIn(t.TempDir(), src, dest)
}

// testConfigIn is testConfig with the missing layouts and assets folders
// named under scratch, for a process that is killed before it could remove
// a t.TempDir of its own.
func testConfigIn(scratch, src, dest string) *config.Config {
	return &config.Config{
		Title: "测试门户", BaseURL: subPath, Source: src, Destination: dest,
		Layouts: filepath.Join(scratch, "no-layouts"), Assets: filepath.Join(scratch, "no-assets"),
		Sources: true, License: "CC0-1.0", LicenseURL: "https://creativecommons.org/publicdomain/zero/1.0/",
	}
}

// readTree returns every file under root by slash path.
func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// buildSample builds content/reports of the repository into dest.
func buildSample(t *testing.T, dest string) *Summary {
	t.Helper()
	cfg := testConfig(t, "../../content", dest)
	sum, err := Run(Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Reports == 0 && len(sum.Errors) > 0 && strings.Contains(sum.Errors[0].Err, "parser not written yet") {
		t.Skip("the parser is still a stub")
	}
	return sum
}

// TestSampleSite builds the bundled sample under a sub-path and checks the
// seed facts of issue 3, the links, and byte-identical rebuilds.
func TestSampleSite(t *testing.T) {
	dir := t.TempDir()
	one, two := filepath.Join(dir, "one", "public"), filepath.Join(dir, "two", "public")
	sum := buildSample(t, one)
	if len(sum.Errors) > 0 {
		t.Errorf("sample files failed to parse: %+v", sum.Errors)
	}
	buildSample(t, two)

	t.Run("links", func(t *testing.T) {
		if n := checkSite(t, one, subPath); n < 10 {
			t.Errorf("only %d pages", n)
		}
		checkXMLURLs(t, one, subPath)
	})

	t.Run("byte-identical", func(t *testing.T) {
		a, b := readTree(t, one), readTree(t, two)
		if len(a) != len(b) {
			t.Errorf("%d files vs %d", len(a), len(b))
		}
		for name, data := range a {
			if !bytes.Equal(data, b[name]) {
				t.Errorf("%s differs between two builds", name)
			}
		}
	})

	files := readTree(t, one)
	reports := map[string]*report.Report{} // agency → report
	pages := map[string]string{}           // agency → report page
	for name, data := range files {
		if !strings.HasSuffix(name, "/report.json") {
			continue
		}
		var r report.Report
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		reports[r.Agency] = &r
		pages[r.Agency] = string(files[strings.TrimSuffix(name, "report.json")+"index.html"])
	}
	t.Run("source sha256", func(t *testing.T) {
		// The build hands the parser the hash it took for its cache
		// (parse.FileSHA): it must be that of the file's bytes.
		for _, r := range reports {
			data, err := os.ReadFile(r.Source.Path)
			if err != nil {
				t.Fatal(err)
			}
			if sum := sha256.Sum256(data); r.Source.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: sha256 %s, the file's is %x", r.Source.Path, r.Source.SHA256, sum)
			}
		}
	})
	check := func(r *report.Report, id string) *report.Check {
		for i := range r.Checks {
			if r.Checks[i].ID == id {
				return &r.Checks[i]
			}
		}
		return nil
	}
	find := func(t *testing.T, prefix string) (*report.Report, string) {
		t.Helper()
		for a, r := range reports {
			if strings.HasPrefix(a, prefix) {
				return r, pages[a]
			}
		}
		t.Fatalf("no report of %s; have %v", prefix, keys(reports))
		return nil, ""
	}

	t.Run("井陉矿区 2023 prose 64 vs table 73", func(t *testing.T) {
		r, html := find(t, "井陉矿区")
		c := check(r, "narrative.requests")
		if r.Year != 2023 || c == nil || c.Status != report.Warn || !strings.Contains(c.Message, "64") || !strings.Contains(c.Message, "73") {
			t.Fatalf("year %d, narrative.requests %+v", r.Year, c)
		}
		if !strings.Contains(html, "警告") || !strings.Contains(html, `id="check-narrative.requests"`) {
			t.Error("report page does not show the warning")
		}
		if !strings.Contains(html, template(c.Message)) {
			t.Error("report page lacks the check message")
		}
	})
	t.Run("阜新市海州区 2023 blank cells", func(t *testing.T) {
		r, html := find(t, "阜新市海州区")
		c := check(r, "structure.cells")
		if r.Year != 2023 || c == nil || c.Status != report.Warn || len(c.Cells) == 0 {
			t.Fatalf("structure.cells %+v", c)
		}
		if !strings.Contains(html, "未填写") || !strings.Contains(html, "flag-warn") {
			t.Error("blank cells not shown as 未填写 and flagged")
		}
	})
	t.Run("湛河区 2020 template 2019 review blank", func(t *testing.T) {
		r, html := find(t, "湛河区")
		if r.Year != 2020 || r.Template != "2019" {
			t.Fatalf("year %d template %s", r.Year, r.Template)
		}
		for _, col := range report.ReviewColumns {
			p := "review.review." + col.Key
			if _, ok := r.Tables.Get(p); ok {
				t.Errorf("%s = %v, want null", p, r.Tables.At(p))
			}
		}
		// the cells are rendered blank with the hint, never 0 (cells no check
		// links to have no id: table 四 has one data row, 行政复议 first)
		row := regexp.MustCompile(`(?s)class="?stat stat-review"?.*?<tbody><tr>(.*?)</tr>`).FindStringSubmatch(html)
		if row == nil {
			t.Fatal("no data row in table 四")
		}
		cells := regexp.MustCompile(`<td[^>]*>(.*?)</td>`).FindAllStringSubmatch(row[1], -1)
		if len(cells) < len(report.ReviewColumns) {
			t.Fatalf("table 四 has %d cells", len(cells))
		}
		for _, m := range cells[:len(report.ReviewColumns)] {
			if !strings.Contains(m[1], "未填写") || strings.Contains(m[1], ">0<") {
				t.Errorf("review cell rendered as %q", m[0])
			}
		}
		if !strings.Contains(html, "国办公开办函〔2019〕60号") {
			t.Error("page does not name the 2019 template")
		}
	})
	t.Run("all five findable from home search", func(t *testing.T) {
		home := string(files["index.html"])
		items := regexp.MustCompile(`<li data-q="([^"]*)"`).FindAllStringSubmatch(home, -1)
		if len(items) != 7 { // the five seeds, 上海市人民政府办公厅 and 平潭综合实验区
			t.Fatalf("%d agencies on the home page, want 7", len(items))
		}
		for _, q := range []string{"井陉矿区", "jingxing", "海州区", "haizhou", "湛河", "zhanhe", "湖滨区", "hubin", "大营镇", "daying", "Hu Bin"} {
			n := 0
			for _, it := range items {
				if strings.Contains(it[1], norm(q)) {
					n++
				}
			}
			if n == 0 {
				t.Errorf("search %q finds nothing", q)
			}
		}
	})
	t.Run("pages of SPEC §5", func(t *testing.T) {
		for _, name := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "feed.xml", ".nojekyll",
			"validation/index.html", "data/index.html", "data/reports.json", "data/reports.csv", "data/cells.csv",
			"data/checks.csv", "data/datapackage.json", "years/2023/index.html", "years/2020/index.html"} {
			if _, ok := files[name]; !ok {
				t.Errorf("missing %s", name)
			}
		}
		for a := range reports {
			r := reports[a]
			for _, f := range []string{"index.html", "data.json", "data.csv"} {
				if _, ok := files["agencies/"+r.AgencySlug+"/"+f]; !ok {
					t.Errorf("missing agencies/%s/%s", r.AgencySlug, f)
				}
			}
			if _, ok := files["badges/"+r.AgencySlug+".svg"]; !ok {
				t.Errorf("missing badge of %s", r.AgencySlug)
			}
		}
		for name, data := range files {
			if strings.HasSuffix(name, ".html") && !bytes.Contains(data, []byte(`<html lang="zh-CN">`)) {
				t.Errorf("%s: no <html lang=zh-CN>", name)
			}
		}
	})
}

// norm is app.ts's norm: lower case, no spaces or hyphens.
func norm(s string) string {
	return strings.NewReplacer(" ", "", "-", "", "_", "", "·", "").Replace(strings.ToLower(s))
}

// template escapes like html/template does for text (enough for messages).
func template(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

var errNotReport = errors.New("not a report: no title with a year")
