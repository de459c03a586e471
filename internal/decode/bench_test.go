package decode

import (
	"testing"

	"gongkai/internal/synth"
)

// BenchmarkFile decodes 50 generated reports of each input shape, and of
// each shape's GB18030 files together ("gb18030").
func BenchmarkFile(b *testing.B) {
	type input struct {
		name string
		data []byte
	}
	shapes := map[string][]input{}
	for _, shape := range synth.Shapes {
		gn := synth.Generator{Seed: 5, Shapes: []string{shape}}
		for i := 0; len(shapes[shape]) < 50; i++ {
			name, data, truth := gn.Generate(i)
			if truth.Encoding == "gb18030" {
				if len(shapes["gb18030"]) < 50 {
					shapes["gb18030"] = append(shapes["gb18030"], input{name, data})
				}
				continue
			}
			shapes[shape] = append(shapes[shape], input{name, data})
		}
	}
	for _, shape := range append(synth.Shapes, "gb18030") {
		in := shapes[shape]
		size := 0
		for _, x := range in {
			size += len(x.data)
		}
		b.Run(shape, func(b *testing.B) {
			b.SetBytes(int64(size / len(in)))
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				x := in[i%len(in)]
				if _, err := File(x.name, x.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
