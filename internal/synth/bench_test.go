package synth

import "testing"

func BenchmarkGenerate(b *testing.B) {
	n := 0
	for i := 0; b.Loop(); i++ {
		_, data, _ := Generate(1, i)
		n += len(data)
	}
	b.ReportMetric(float64(n)/float64(b.N), "bytes/report")
}
