package build

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/report"
)

// TestPortalInBrowser drives the built sample in Chromium, served on
// 127.0.0.1 under a sub-path: search by Chinese name and by pinyin, the
// year table's sorting, the compare view, the highlighted cells of a failed
// check, and every page with JavaScript off.
func TestPortalInBrowser(t *testing.T) {
	ctx := browser(t)
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	srv := serveSite(t, dest, "/portal/")
	base := srv.URL + "/portal/"
	// The sample, plus one report whose table fails requests.balance.
	src := filepath.Join(root, "content")
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(filepath.Join(src, "reports"), 0o755)
	fail, err := os.ReadFile("testdata/fail/reports/ceshizhen-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "reports", "ceshizhen-2023.txt"), fail, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t, src, dest)
	cfg.BaseURL = base
	if _, err := Run(Options{Config: cfg}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dest)

	t.Run("search by Chinese name and pinyin", func(t *testing.T) {
		tctx := tab(t, ctx, true)
		const visible = `Array.from(document.querySelectorAll('#agency-list li')).filter(li => !li.hidden).map(li => li.querySelector('.name').textContent)`
		for _, tt := range []struct{ q, want string }{
			{"湖滨", "湖滨区政府办"},
			{"井陉矿区", "井陉矿区政府"},
			{"hubin", "湖滨区政府办"},
			{"jingxing", "井陉矿区政府"},
			{"Hu Bin", "湖滨区政府办"},
		} {
			cdpDo(t, tctx, chromedp.Navigate(base), loaded(), chromedp.WaitVisible(`#agency-list`),
				chromedp.SendKeys(`#agency-filter input[name=q]`, tt.q))
			shown := cdpEval[[]string](t, tctx, visible)
			if len(shown) != 1 || shown[0] != tt.want {
				t.Errorf("search %q shows %q, want only %s", tt.q, shown, tt.want)
			}
			if n := cdpEval[string](t, tctx, `document.querySelector('#agency-count').textContent`); !strings.Contains(n, "显示 1 /") {
				t.Errorf("search %q: count says %q", tt.q, n)
			}
		}
		// a shared URL carries the search
		cdpDo(t, tctx, chromedp.Navigate(base+"?q=zhanhe"), loaded())
		if shown := cdpEval[[]string](t, tctx, visible); len(shown) != 1 || !strings.HasPrefix(shown[0], "湛河区") {
			t.Errorf("?q=zhanhe shows %q", shown)
		}
	})

	t.Run("year table sorts", func(t *testing.T) {
		tctx := tab(t, ctx, true)
		year := base + "years/2023/"
		cdpDo(t, tctx, chromedp.Navigate(year), loaded(), chromedp.WaitVisible(`table.sortable button.sort`))
		// the first numeric column
		col := cdpEval[int](t, tctx, `Array.from(document.querySelectorAll('table.sortable thead tr:last-child th')).findIndex(th => th.classList.contains('n')) + 1`)
		if col < 1 {
			t.Fatal("no numeric column in the year table")
		}
		values := `Array.from(document.querySelectorAll('table.sortable tbody tr')).map(tr => tr.cells[` + strconv.Itoa(col-1) + `].dataset.v).map(v => v === "" || v === undefined ? null : Number(v))`
		sel := `table.sortable thead tr:last-child th:nth-child(` + strconv.Itoa(col) + `) button.sort`
		cdpDo(t, tctx, chromedp.Click(sel))
		desc := cdpEval[[]*float64](t, tctx, values)
		if !sortedNulls(desc, -1) {
			t.Errorf("after one click, not descending (blanks last): %v", floats(desc))
		}
		if got := cdpEval[string](t, tctx, `document.querySelector('`+strings.ReplaceAll(sel, " button.sort", "")+`').getAttribute('aria-sort')`); got != "descending" {
			t.Errorf("aria-sort = %q, want descending", got)
		}
		cdpDo(t, tctx, chromedp.Click(sel))
		asc := cdpEval[[]*float64](t, tctx, values)
		if !sortedNulls(asc, 1) {
			t.Errorf("after two clicks, not ascending (blanks last): %v", floats(asc))
		}
		if href := cdpEval[string](t, tctx, `location.href`); href != year {
			t.Errorf("sorting navigated to %s", href)
		}
	})

	t.Run("compare view loads two agencies", func(t *testing.T) {
		if _, ok := files["compare/index.html"]; !ok {
			t.Skip("no /compare/ page in the build yet (issue 5 adds it); this test runs once it exists")
		}
		slugs, names := agencyNames(t, files)
		if len(slugs) < 2 {
			t.Fatalf("%d agencies", len(slugs))
		}
		a, b := slugs[0], slugs[1]
		tctx := tab(t, ctx, true)
		u := base + "compare/?a=" + a + "&b=" + b
		cdpDo(t, tctx, chromedp.Navigate(u), loaded())
		// data.json is fetched by the page: wait for both names in a table
		js := `(() => { const m = document.querySelector('main'); const t = Array.from(m.querySelectorAll('table')).map(t => t.innerText).join('\n');
			return t.includes(` + jsString(names[a]) + `) && t.includes(` + jsString(names[b]) + `) })()`
		deadline := time.Now().Add(10 * time.Second)
		for !cdpEval[bool](t, tctx, js) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: no table with both %s and %s after 10 s; the page says: %.400s", u, names[a], names[b],
					cdpEval[string](t, tctx, `document.querySelector('main').innerText`))
			}
			time.Sleep(100 * time.Millisecond)
		}
		if n := cdpEval[int](t, tctx, `document.querySelectorAll('main table td').length`); n == 0 {
			t.Error("the compare table has no figures")
		}
	})

	t.Run("failed check highlights its cells", func(t *testing.T) {
		var r report.Report
		var reportPage string
		for name, data := range files {
			if strings.HasSuffix(name, "/report.json") && strings.Contains(string(data), `"测试镇人民政府"`) {
				if err := json.Unmarshal(data, &r); err != nil {
					t.Fatal(err)
				}
				reportPage = strings.TrimSuffix(name, "report.json")
			}
		}
		if reportPage == "" {
			t.Fatal("the failing fixture (测试镇人民政府) was not built")
		}
		var failed *report.Check
		for i := range r.Checks {
			if r.Checks[i].ID == "requests.balance" && r.Checks[i].Status == report.Fail {
				failed = &r.Checks[i]
			}
		}
		if failed == nil || len(failed.Cells) == 0 {
			t.Fatalf("requests.balance did not fail with cells: %+v", r.Checks)
		}
		tctx := tab(t, ctx, true)
		page := base + reportPage
		cdpDo(t, tctx, chromedp.Navigate(page), loaded())
		type look struct {
			Found                            bool
			Class, Background, Shadow, Align string
		}
		style := func(sel string) look {
			return cdpEval[look](t, tctx, `(() => { const e = document.querySelector(`+jsString(sel)+`); if (!e) return {};
				const s = getComputedStyle(e); return {found: true, class: e.className, background: s.backgroundColor, shadow: s.boxShadow, align: s.textAlign} })()`)
		}
		// a cell no check names has no anchor: take the first plain one
		const plainCell = `table.stat-requests td:not([id]):not([class])`
		plain := style(plainCell)
		if !plain.Found {
			t.Fatal("no plain cell to compare with")
		}
		if plain.Align != "right" {
			t.Errorf("a plain figure is aligned %q, want right (table.stat td)", plain.Align)
		}
		for _, cell := range failed.Cells {
			got := style("#" + cssID("c-"+cell))
			if !strings.Contains(got.Class, "flag-fail") {
				t.Errorf("%s: class %q, want flag-fail", cell, got.Class)
			}
			if got.Background == plain.Background || got.Shadow == "none" || got.Shadow == "" {
				t.Errorf("%s: not highlighted on screen: background %s (plain %s), outline %s", cell, got.Background, plain.Background, got.Shadow)
			}
		}
		// only cells a check lists (or inferred ones) carry an anchor, and
		// only cells of a failing or warning check are flagged
		anchored := map[string]bool{}
		flagged := map[string]bool{}
		for _, c := range r.Checks {
			for _, p := range c.Cells {
				anchored["c-"+p] = true
				if c.Status == report.Fail || c.Status == report.Warn {
					flagged["c-"+p] = true
				}
			}
		}
		for _, p := range r.Inferred {
			anchored["c-"+p] = true
		}
		for _, id := range cdpEval[[]string](t, tctx, `Array.from(document.querySelectorAll('td[id]')).map(e => e.id)`) {
			if !anchored[id] {
				t.Errorf("cell %s has an anchor but no check links to it", id)
			}
		}
		for _, id := range cdpEval[[]string](t, tctx, `Array.from(document.querySelectorAll('td[class*="flag-"]')).map(e => e.id)`) {
			if !flagged[id] {
				t.Errorf("cell %q is flagged outside a failing check", id)
			}
		}
		// the check lists its cells as links that land on them
		links := cdpEval[[]string](t, tctx, `Array.from(document.querySelectorAll('#check-requests\\.balance a')).map(a => a.hash)`)
		if len(links) != len(failed.Cells) {
			t.Errorf("the check links %d cells, want %d: %q", len(links), len(failed.Cells), links)
		}
		cdpDo(t, tctx, chromedp.Click(`#check-requests\.balance a`))
		if target := cdpEval[string](t, tctx, `document.querySelector(':target') ? document.querySelector(':target').id : ''`); target != "c-"+failed.Cells[0] {
			t.Errorf("following the first cell link lands on %q, want c-%s", target, failed.Cells[0])
		}
	})

	t.Run("works with JavaScript off", func(t *testing.T) {
		tctx := tab(t, ctx, false)
		slugs, names := agencyNames(t, files)
		cdpDo(t, tctx, chromedp.Navigate(base), chromedp.WaitReady(`#agency-list`))
		if js := cdpEval[bool](t, tctx, `document.documentElement.classList.contains('js')`); js {
			t.Fatal("the page's script ran in a tab with JavaScript off")
		}
		items := cdpEval[[]string](t, tctx, `Array.from(document.querySelectorAll('#agency-list li')).filter(li => li.offsetParent !== null).map(li => li.querySelector('.name').textContent)`)
		if len(items) != len(slugs) {
			t.Errorf("home page shows %d agencies without script, want all %d", len(items), len(slugs))
		}
		// follow links by clicking, as a reader would: home → agency → report
		first := slugs[0]
		cdpDo(t, tctx, chromedp.Click(`#agency-list a.name[href$="agencies/`+first+`/"]`))
		waitFor(t, tctx, `location.pathname.endsWith("/agencies/`+first+`/") && document.readyState === "complete"`)
		if h1 := cdpEval[string](t, tctx, `document.querySelector('h1').textContent`); h1 != names[first] {
			t.Errorf("agency page h1 %q, want %q", h1, names[first])
		}
		if n := cdpEval[int](t, tctx, `document.querySelectorAll('table.compare td').length`); n == 0 {
			t.Error("agency page has no figures without script")
		}
		cdpDo(t, tctx, chromedp.Click(`#reports a[href], ul.checks a[href*="/20"]`))
		waitFor(t, tctx, `/\/agencies\/[^/]+\/\d{4}\/$/.test(location.pathname) && document.readyState === "complete"`)
		if n := cdpEval[int](t, tctx, `document.querySelectorAll('table.stat td').length`); n < 20 {
			t.Errorf("report page shows %d table cells without script", n)
		}
		// every top-level page has its content without script
		for _, p := range []string{"", "agencies/", "years/", "years/2023/", "validation/", "data/"} {
			cdpDo(t, tctx, chromedp.Navigate(base+p), chromedp.WaitReady(`main h1`))
			text := cdpEval[string](t, tctx, `document.querySelector('main').innerText`)
			if len([]rune(text)) < 40 {
				t.Errorf("/%s without script: %q", p, text)
			}
		}
		cdpDo(t, tctx, chromedp.Navigate(base+"years/2023/"), chromedp.WaitReady(`table.sortable`))
		if n := cdpEval[int](t, tctx, `document.querySelectorAll('table.sortable tbody tr').length`); n == 0 {
			t.Error("year table has no rows without script")
		}
	})
}

// agencyNames lists the agencies of the built site (slug order) with the
// name their page shows.
func agencyNames(t *testing.T, files map[string][]byte) ([]string, map[string]string) {
	t.Helper()
	names := map[string]string{}
	var slugs []string
	for name := range files {
		rest, ok := strings.CutPrefix(name, "agencies/")
		if !ok || !strings.HasSuffix(rest, "/data.json") || strings.Count(rest, "/") != 1 {
			continue
		}
		slug := strings.TrimSuffix(rest, "/data.json")
		page := files["agencies/"+slug+"/index.html"]
		h1 := pageH1(t, page)
		if h1 == "" {
			continue
		}
		slugs = append(slugs, slug)
		names[slug] = h1
	}
	sort.Strings(slugs)
	return slugs, names
}

// pageH1 is the text of a page's first <h1>.
func pageH1(t *testing.T, page []byte) string {
	t.Helper()
	s := string(page)
	i := strings.Index(s, "<h1")
	if i < 0 {
		return ""
	}
	s = s[i:]
	s = s[strings.IndexByte(s, '>')+1:]
	j := strings.Index(s, "</h1>")
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(text(t, []byte(s[:j])))
}

// waitFor polls a JavaScript condition through DevTools (which works with
// the page's scripts off) for up to 10 s. An evaluation that fails counts
// as not yet: while a click's navigation replaces the page, DevTools
// answers "Inspected target navigated or closed", which failed the test
// now and then on a loaded machine.
func waitFor(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(cctx, chromedp.Evaluate[bool](js))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s (last error: %v; at %s)", js, err, cdpEval[string](t, ctx, `location.href`))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sortedNulls reports whether vs is sorted in direction dir (1 ascending,
// -1 descending) with the blanks (nil) last.
func sortedNulls(vs []*float64, dir float64) bool {
	seenNull := false
	for i, v := range vs {
		if v == nil {
			seenNull = true
			continue
		}
		if seenNull {
			return false
		}
		if i > 0 && vs[i-1] != nil && (*v-*vs[i-1])*dir < 0 {
			return false
		}
	}
	return true
}

func floats(vs []*float64) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		if v == nil {
			out[i] = nil
		} else {
			out[i] = *v
		}
	}
	return out
}

// cssID escapes an id for a CSS selector (cell ids hold dots).
func cssID(id string) string { return strings.ReplaceAll(id, ".", `\.`) }

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
