package build

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/render"
)

// TestLargeCorpusPages: past render.HomeAgencies agencies the home page
// lists only the first ones and sends its search to the full list, which
// has them all; the feed carries the newest reports only.
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
	if sum.Agencies <= render.HomeAgencies || sum.Reports != len(names) {
		t.Fatalf("%d agencies, %d reports: the corpus is too small for the test", sum.Agencies, sum.Reports)
	}
	files := readTree(t, cfg.Destination)
	item := regexp.MustCompile(`<li data-q=`)
	home, all := string(files["index.html"]), string(files["agencies/index.html"])
	if n := len(item.FindAllString(home, -1)); n != render.HomeAgencies {
		t.Errorf("home lists %d agencies, want %d", n, render.HomeAgencies)
	}
	if n := len(item.FindAllString(all, -1)); n != sum.Agencies {
		t.Errorf("agencies page lists %d, want all %d", n, sum.Agencies)
	}
	if !strings.Contains(home, `action="../agencies/"`) && !strings.Contains(home, `action="agencies/"`) {
		t.Error("home search does not go to the full list")
	}
	if strings.Contains(home, `id="agency-filter"`) {
		t.Error("home filters its partial list in place")
	}
	if !strings.Contains(all, `id="agency-filter"`) {
		t.Error("the full list cannot be filtered")
	}
	if n := strings.Count(string(files["feed.xml"]), "<entry>"); n != 200 {
		t.Errorf("feed has %d entries, want 200", n)
	}
}
