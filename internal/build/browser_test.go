package build

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowser runs the script in headless Chromium: search by pinyin
// filters the home list, and a year table sorts by a column without a
// reload. Skipped with -short or when Chromium is not installed.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	var browser string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no chromium")
	}
	dest := filepath.Join(t.TempDir(), "public")
	srv := httptest.NewServer(http.StripPrefix("/portal/", http.FileServer(http.Dir(dest))))
	defer srv.Close()
	cfg := testConfig(t, "../../content", dest)
	cfg.BaseURL = srv.URL + "/portal/"
	sum, err := Run(Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Reports < 5 {
		t.Skipf("sample parsed to %d reports", sum.Reports)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	do := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(js string) []string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	const visible = `Array.from(document.querySelectorAll('#agency-list li')).filter(li => !li.hidden).map(li => li.querySelector('.name').textContent)`
	const firstRow = `[document.querySelector('table.sortable tbody tr th').textContent, location.href]`

	do(chromedp.Navigate(srv.URL+"/portal/"), chromedp.WaitVisible(`#agency-list`), chromedp.SendKeys(`#agency-filter input[name=q]`, "hubin"))
	if shown := eval(visible); len(shown) != 1 || shown[0] != "湖滨区政府办" {
		t.Errorf("search hubin shows %v", shown)
	}
	do(chromedp.Navigate(srv.URL+"/portal/?year=2020"), chromedp.WaitVisible(`#agency-list`))
	if shown := eval(visible); len(shown) != 2 || shown[0] != "平潭综合实验区" || shown[1] != "湛河区政府办公室" {
		t.Errorf("year 2020 shows %v", shown)
	}

	year := srv.URL + "/portal/years/2023/"
	do(chromedp.Navigate(year), chromedp.WaitVisible(`table.sortable button.sort`),
		chromedp.Click(`table.sortable thead th:nth-child(3) button`)) // 新收申请, descending first
	if got := eval(firstRow); got[0] != "平潭综合实验区" || got[1] != year {
		t.Errorf("sorted by 新收申请 (descending): %v", got)
	}
	do(chromedp.Click(`table.sortable thead th:nth-child(3) button`))
	if got := eval(firstRow); got[0] != "宝丰县大营镇人民政府" {
		t.Errorf("ascending: %v", got)
	}
}
