package source

import (
	"os"
	"path/filepath"
	"strconv"
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

// BenchmarkList lists a folder of 5,000 small files in 50 subfolders, as a
// build does before anything else (time per listing).
func BenchmarkList(b *testing.B) {
	dir := b.TempDir()
	for i := 0; i < 5000; i++ {
		sub := filepath.Join(dir, "d"+strconv.Itoa(i%50))
		if i < 50 {
			if err := os.Mkdir(sub, 0o755); err != nil {
				b.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(sub, strconv.Itoa(i)+".md"), []byte("x"), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	fsys := DirFS(dir)
	b.ReportAllocs()
	for b.Loop() {
		entries, err := List(fsys)
		if err != nil || len(entries) != 5000 {
			b.Fatal(len(entries), err)
		}
	}
}
