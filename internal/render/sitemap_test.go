package render

import (
	"encoding/xml"
	"strings"
	"testing"

	"gongkai/internal/aggregate"
	"gongkai/internal/config"
	"gongkai/internal/report"
)

// TestSitemaps: one sitemap.xml up to sitemapURLs pages; past that an
// index of parts, each within the limit, listing every page once.
func TestSitemaps(t *testing.T) {
	var reps []*report.Report
	for _, n := range []string{"甲县人民政府", "甲县教育局", "乙县教育局"} {
		for _, y := range []int{2022, 2023} {
			reps = append(reps, &report.Report{Schema: report.Schema, Agency: n, AgencyAsWritten: n, Year: y, Template: "2021",
				Tables: report.Cells{}, Source: report.Source{Path: n + ".txt"}})
		}
	}
	cfg := &config.Config{BaseURL: "https://example.org/portal/", Destination: "public"}
	if err := cfg.Normalize(); err != nil {
		t.Fatal(err)
	}
	in := &Input{Config: cfg, Corpus: aggregate.Build(reps, aggregate.Options{})}
	type doc struct {
		XMLName xml.Name
		Locs    []string `xml:"url>loc"`
		Parts   []string `xml:"sitemap>loc"`
	}
	parse := func(f File) doc {
		var d doc
		if err := xml.Unmarshal(f.Data, &d); err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		return d
	}
	one := sitemaps(in)
	if len(one) != 1 || one[0].Path != "sitemap.xml" {
		t.Fatalf("small site: %d files", len(one))
	}
	all := parse(one[0]).Locs
	if len(all) < 10 || !strings.HasPrefix(all[0], "https://example.org/portal/") {
		t.Fatalf("urls %v", all)
	}

	defer func(n int) { sitemapURLs = n }(sitemapURLs)
	sitemapURLs = 4
	files := sitemaps(in)
	index := parse(files[len(files)-1])
	if files[len(files)-1].Path != "sitemap.xml" || index.XMLName.Local != "sitemapindex" || len(index.Parts) != len(files)-1 {
		t.Fatalf("index %s %s with %d parts of %d files", files[len(files)-1].Path, index.XMLName.Local, len(index.Parts), len(files))
	}
	var got []string
	for i, f := range files[:len(files)-1] {
		if want := "https://example.org/portal/" + f.Path; index.Parts[i] != want {
			t.Errorf("part %d: %s, want %s", i, index.Parts[i], want)
		}
		d := parse(f)
		if d.XMLName.Local != "urlset" || len(d.Locs) > sitemapURLs || len(d.Locs) == 0 {
			t.Errorf("%s: %s with %d urls", f.Path, d.XMLName.Local, len(d.Locs))
		}
		got = append(got, d.Locs...)
	}
	if strings.Join(got, " ") != strings.Join(all, " ") {
		t.Errorf("parts list %d urls, the single sitemap %d", len(got), len(all))
	}
}
