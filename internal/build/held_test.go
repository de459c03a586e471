package build

import (
	"runtime"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/synth"
	"gongkai/internal/validate"
)

// BenchmarkCollectHeld is one collection with 20,000 reports held. A
// build keeps every report from parsing to the end, and each collection
// marks them all: this is what a national build pays per collection, per
// report (ns/report), and objects/report counts the heap objects a held
// report is made of. The variants measure what a redesign could save:
// "no-checks" holds the reports without their check lists (the most a
// pointer-free check list could save), "records" holds only each report's
// cache record, a single pointer-free block (a live heap the collector
// need not scan).
func BenchmarkCollectHeld(b *testing.B) {
	const distinct, held = 1000, 20000
	var recs [][]byte
	for i := range distinct {
		name, data, _ := synth.Generate(11, i)
		r, err := parse.File(name, data)
		if err != nil {
			b.Fatal(err)
		}
		validate.Report(r)
		rec, err := r.MarshalBinary()
		if err != nil {
			b.Fatal(err)
		}
		recs = append(recs, rec)
	}
	for _, variant := range []string{"as-held", "no-checks", "records"} {
		b.Run(variant, func(b *testing.B) {
			runtime.GC()
			before := heapObjects()
			in := newInterner()
			keep := make([]any, 0, held)
			for i := range held {
				rec := recs[i%distinct]
				if variant == "records" {
					keep = append(keep, append([]byte(nil), rec...))
					continue
				}
				r, err := decodeOwned(rec, in)
				if err != nil {
					b.Fatal(err)
				}
				if variant == "no-checks" {
					r.Checks = nil
				}
				keep = append(keep, r)
			}
			runtime.GC()
			objects := heapObjects() - before
			for b.Loop() {
				runtime.GC()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/held, "ns/report")
			b.ReportMetric(float64(objects)/held, "objects/report")
			runtime.KeepAlive(keep)
		})
	}
}

// heapObjects is the number of objects on the heap.
func heapObjects() int64 {
	return int64(readUint64("/gc/heap/objects:objects"))
}
