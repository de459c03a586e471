package render

import (
	"testing"

	"gongkai/internal/aggregate"
	"gongkai/internal/assets"
	"gongkai/internal/config"
	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/synth"
	"gongkai/internal/validate"

	"gongkai/layouts"
)

// synthReports parses and validates, as a build does, the first n synthetic
// reports of a seed (those the parser refuses are left out).
func synthReports(seed int64, n int) []*report.Report {
	gn := synth.Generator{Seed: seed}
	var reps []*report.Report
	for i := 0; i < n; i++ {
		name, data, _ := gn.Generate(i)
		r, err := parse.File(name, data)
		if err != nil {
			continue
		}
		validate.Report(r)
		reps = append(reps, r)
	}
	return reps
}

// synthInput is a site of n synthetic reports (parsed and validated as a
// build does), for the benchmarks and page tests.
func synthInput(tb testing.TB, n int) *Input {
	tb.Helper()
	reps := synthReports(3, n)
	if len(reps) == 0 {
		tb.Fatal("no reports")
	}
	cfg := &config.Config{Title: "门户", BaseURL: "https://example.org/gk/", License: "CC0-1.0", LicenseURL: "https://example.org/cc0"}
	c := aggregate.Build(reps, aggregate.Options{})
	return &Input{Config: cfg, Corpus: c, BuildDate: "2024-01-01",
		Manifest: assets.Manifest{"app.css": "assets/app.1.css", "app.js": "assets/app.1.js"}}
}

// BenchmarkAgency renders every agency's pages (agency page, report pages,
// badge) of a small synthetic corpus.
func BenchmarkAgency(b *testing.B) {
	in := synthInput(b, 100)
	rd, err := New(layouts.FS)
	if err != nil {
		b.Fatal(err)
	}
	rd, err = rd.Worker() // as the build renders agencies
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, a := range in.Corpus.Agencies {
			if _, err := rd.Agency(in, a); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkYearPageKey makes one year page's data and its key, what a
// rebuild does for each year of the changed agency to learn whether the
// page changed.
func BenchmarkYearPageKey(b *testing.B) {
	in := synthInput(b, 1200)
	flags := corpusOutliers(in.Corpus)
	y := in.Corpus.Years[0]
	for _, yy := range in.Corpus.Years {
		if len(yy.Reports) > len(y.Reports) {
			y = yy
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, ok := dataKey("year", yearPage(in, y, newYearSums(y), flags, 1)); !ok {
			b.Fatal("no key")
		}
	}
}
