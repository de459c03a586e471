package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPagedSearchInBrowser: on a list of agencies split over pages, the
// search finds agencies on every page (from agencies/index.json), its links
// lead to them, a shared URL carries it, and clearing it brings back the
// page's own list and pager.
func TestPagedSearchInBrowser(t *testing.T) {
	ctx := browser(t)
	root := t.TempDir()
	src := filepath.Join(root, "content")
	dest := filepath.Join(root, "public")
	writeCorpus(t, src, 1025)
	srv := serveSite(t, dest, "/portal/")
	base := srv.URL + "/portal/"
	cfg := testConfig(t, src, dest)
	cfg.BaseURL = base
	if _, err := Run(Options{Config: cfg}); err != nil {
		t.Fatal(err)
	}
	var index struct {
		Agencies []struct{ Slug, Name, Pinyin string }
	}
	if err := json.Unmarshal(readTree(t, dest)["agencies/index.json"], &index); err != nil {
		t.Fatal(err)
	}
	if len(index.Agencies) <= 200 {
		t.Fatalf("%d agencies fit on one page", len(index.Agencies))
	}
	first := index.Agencies[0] // on page 1; the search runs on the last page
	tctx := tab(t, ctx, true)
	const shown = `Array.from(document.querySelectorAll('#agency-list li')).filter(li => !li.hidden).map(li => li.querySelector('.name').textContent)`
	last := base + "agencies/page/2/"
	cdpDo(t, tctx, chromedp.Navigate(last), loaded(), chromedp.WaitVisible(`#agency-list`))
	own := cdpEval[[]string](t, tctx, shown)
	for _, n := range own {
		if n == first.Name {
			t.Fatalf("%s is on page 2 already", first.Name)
		}
	}
	cdpDo(t, tctx, chromedp.SendKeys(`#agency-filter input[name=q]`, first.Pinyin))
	waitFor(t, tctx, `document.querySelector('#agency-count').textContent.startsWith("找到")`)
	if got := cdpEval[[]string](t, tctx, shown); len(got) == 0 || got[0] != first.Name {
		t.Errorf("searching %q on page 2 shows %q, want %s first", first.Pinyin, got, first.Name)
	}
	if cdpEval[bool](t, tctx, `!document.querySelector('.pager').hidden`) {
		t.Error("the pager stays while the search lists the whole index")
	}
	cdpDo(t, tctx, chromedp.Click(`#agency-list li:not([hidden]) a.name`))
	waitFor(t, tctx, `location.pathname.endsWith("/agencies/`+first.Slug+`/") && document.readyState === "complete"`)

	// A shared search, as the home page's form sends it.
	cdpDo(t, tctx, chromedp.Navigate(base+"agencies/?q="+first.Pinyin), loaded())
	waitFor(t, tctx, `document.querySelector('#agency-count').textContent.startsWith("找到")`)
	if got := cdpEval[[]string](t, tctx, shown); len(got) == 0 || got[0] != first.Name {
		t.Errorf("?q=%s shows %q", first.Pinyin, got)
	}
	// Cleared, page 1 lists its own agencies again.
	cdpEval[bool](t, tctx, `(document.querySelector('#agency-filter input[name=q]').value = "", document.querySelector('#agency-filter').dispatchEvent(new Event('input')))`)
	waitFor(t, tctx, `document.querySelector('#agency-count').textContent.startsWith("共 ")`)
	if got := cdpEval[[]string](t, tctx, shown); len(got) != 200 || strings.Join(got, "") == "" {
		t.Errorf("cleared: %d agencies shown, want the page's 200", len(got))
	}

	// Without the index the search falls back to the page's own list, and
	// says so.
	if err := os.Remove(filepath.Join(dest, "agencies", "index.json")); err != nil {
		t.Fatal(err)
	}
	cdpDo(t, tctx, chromedp.Navigate(last), loaded(), chromedp.WaitVisible(`#agency-list`),
		chromedp.SendKeys(`#agency-filter input[name=q]`, own[0]))
	waitFor(t, tctx, `document.querySelector('#agency-count').textContent.startsWith("无法读取机关索引")`)
	if got := cdpEval[[]string](t, tctx, shown); len(got) == 0 || got[0] != own[0] {
		t.Errorf("without the index, searching %q on its own page shows %q", own[0], got)
	}
}
