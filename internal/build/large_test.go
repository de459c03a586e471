package build

import (
	"encoding/json"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/render"
	"gongkai/internal/report"
)

// TestLargeCorpusPages: past render.HomeAgencies agencies the home page
// lists only the first ones and sends its search to the full list; the full
// list, each year's table and each check's reports are split over pages of
// render.PageSize that together hold every item once, in order, linked from
// one to the next; the feed carries the newest reports only.
func TestLargeCorpusPages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a thousand reports")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "content")
	names := writeCorpus(t, src, 5*render.HomeAgencies+25)
	cfg := testConfig(t, src, filepath.Join(dir, "public"))
	sum, err := Run(Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Agencies <= render.PageSize || sum.Reports != len(names) {
		t.Fatalf("%d agencies, %d reports: the corpus is too small for the test", sum.Agencies, sum.Reports)
	}
	files := readTree(t, cfg.Destination)
	item := regexp.MustCompile(`<li data-q="[^"]*"[^>]*><a class="name" href="[^"]*agencies/([^/"]+)/"`)
	home := string(files["index.html"])
	if n := len(item.FindAllString(home, -1)); n != render.HomeAgencies {
		t.Errorf("home lists %d agencies, want %d", n, render.HomeAgencies)
	}
	if !strings.Contains(home, `action="../agencies/"`) && !strings.Contains(home, `action="agencies/"`) {
		t.Error("home search does not go to the full list")
	}
	if strings.Contains(home, `id="agency-filter"`) {
		t.Error("home filters its partial list in place")
	}

	// The agencies, page by page.
	pages := listPages(t, files, "agencies/")
	var slugs []string
	for i, page := range pages {
		ms := item.FindAllStringSubmatch(page, -1)
		if want := min(render.PageSize, sum.Agencies-i*render.PageSize); len(ms) != want {
			t.Errorf("agencies page %d lists %d, want %d", i+1, len(ms), want)
		}
		for _, m := range ms {
			slugs = append(slugs, m[1])
		}
		if !strings.Contains(page, `id="agency-filter"`) || !strings.Contains(page, `data-index="`) {
			t.Errorf("agencies page %d cannot search the whole list", i+1)
		}
	}
	if len(slugs) != sum.Agencies || !slices.IsSorted(slugs) || len(slices.Compact(slices.Clone(slugs))) != len(slugs) {
		t.Errorf("the pages list %d agencies (want %d), sorted and each once: %v", len(slugs), sum.Agencies, slices.IsSorted(slugs))
	}

	// Each year's table, page by page, with the year's totals on each.
	row := regexp.MustCompile(`<tr><th scope="row"><a href="`)
	total := regexp.MustCompile(`合计（(\d+) 份）`)
	years := 0
	for name := range files {
		if y, ok := strings.CutSuffix(name, "/index.html"); ok && strings.HasPrefix(y, "years/") && strings.Count(y, "/") == 1 {
			rows := 0
			for _, page := range listPages(t, files, y+"/") {
				rows += len(row.FindAllString(page, -1))
				if m := total.FindStringSubmatch(page); m == nil {
					t.Errorf("%s: a page without the year's totals", y)
				} else if n, _ := strconv.Atoi(m[1]); n < rows {
					t.Errorf("%s: totals of %d reports, %d rows so far", y, n, rows)
				}
			}
			m := total.FindStringSubmatch(string(files[name]))
			if n, _ := strconv.Atoi(m[1]); rows != n {
				t.Errorf("%s: %d rows over its pages, want %d", y, rows, n)
			}
			years++
		}
	}
	if years == 0 {
		t.Error("no year pages")
	}

	// Every failed or warned check of every report, under its check.
	want := map[string]int{}
	for name, b := range files {
		if !strings.HasSuffix(name, "/report.json") {
			continue
		}
		var r report.Report
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, c := range r.Checks {
			if c.Status == report.Fail || c.Status == report.Warn {
				want[c.ID]++
			}
		}
	}
	entry := regexp.MustCompile(`<li><span class="badge badge-(?:fail|warn)">`)
	val := string(files["validation/index.html"])
	paged := 0
	for id, n := range want {
		if n <= render.ValidationPreview {
			continue
		}
		paged++
		if !strings.Contains(val, `validation/`+id+`/">`) {
			t.Errorf("validation page does not link the %d reports of %s", n, id)
		}
		got := 0
		for _, page := range listPages(t, files, "validation/"+id+"/") {
			got += len(entry.FindAllString(page, -1))
		}
		if got != n {
			t.Errorf("%s: %d reports over its pages, want %d", id, got, n)
		}
	}
	if paged == 0 {
		t.Error("no check has pages of its own: the corpus is too small for the test")
	}

	if n := strings.Count(string(files["feed.xml"]), "<entry>"); n != 200 {
		t.Errorf("feed has %d entries, want 200", n)
	}
}

// listPages follows a list's pages from base (a site directory) by their
// rel="next" links and checks each names the page it is on.
func listPages(t *testing.T, files map[string][]byte, base string) []string {
	t.Helper()
	next := regexp.MustCompile(`<a href="([^"]*)" rel="next">`)
	current := regexp.MustCompile(`<a href="[^"]*" aria-current="page">(\d+)</a>`)
	var out []string
	dir := base
	for {
		page, ok := files[dir+"index.html"]
		if !ok {
			t.Fatalf("no page %sindex.html", dir)
		}
		out = append(out, string(page))
		if m := current.FindSubmatch(page); m != nil && string(m[1]) != strconv.Itoa(len(out)) {
			t.Errorf("%s says it is page %s, want %d", dir, m[1], len(out))
		}
		m := next.FindSubmatch(page)
		if m == nil {
			return out
		}
		dir = path.Clean(path.Join(dir, string(m[1]))) + "/"
		if len(out) > 1000 {
			t.Fatalf("%s: the next links go round", base)
		}
	}
}
