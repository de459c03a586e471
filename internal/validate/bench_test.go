package validate_test

import (
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/synth"
	"gongkai/internal/validate"
)

// BenchmarkReport checks synthetic reports of every shape, as a build
// does once per report after parsing it.
func BenchmarkReport(b *testing.B) {
	gn := synth.Generator{Seed: 5}
	var reps []*report.Report
	for i := 0; len(reps) < 200 && i < 400; i++ {
		name, data, _ := gn.Generate(i)
		if r, err := parse.File(name, data); err == nil {
			reps = append(reps, r)
		}
	}
	if len(reps) == 0 {
		b.Fatal("no reports")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		validate.Report(reps[i%len(reps)])
	}
}
