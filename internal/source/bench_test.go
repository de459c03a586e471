package source

import (
	"os"
	"path/filepath"
	"testing"

	"gongkai/internal/synth"
)

// BenchmarkRead reads 200 generated reports listed from a folder on disk
// (in the page cache): the cost of Read itself, per file.
func BenchmarkRead(b *testing.B) {
	dir := b.TempDir()
	size := 0
	for i := 0; i < 200; i++ {
		name, data, _ := synth.Generate(3, i)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
		size += len(data)
	}
	fsys := os.DirFS(dir)
	entries, err := List(fsys)
	if err != nil || len(entries) != 200 {
		b.Fatal(len(entries), err)
	}
	b.SetBytes(int64(size / len(entries)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Read(fsys, entries[i%len(entries)]); err != nil {
			b.Fatal(err)
		}
	}
}
