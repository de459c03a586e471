package parse_test

import (
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/synth"
)

// BenchmarkFileSynthetic is BenchmarkParseSynthetic without validate.Report:
// the parser's own time per report.
func BenchmarkFileSynthetic(b *testing.B) {
	type in struct {
		name string
		data []byte
	}
	var ins []in
	size := 0
	for i := 0; i < 200; i++ {
		name, data, _ := synth.Generate(3, i)
		ins = append(ins, in{name, data})
		size += len(data)
	}
	b.SetBytes(int64(size / len(ins)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x := ins[i%len(ins)]
		if _, err := parse.File(x.name, x.data); err != nil {
			b.Fatal(err)
		}
	}
}
