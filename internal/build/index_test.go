package build

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"gongkai/internal/export"
)

// TestIndexRoundTrip: the cache index reads back as it was written, nil
// maps as nil and empty ones as empty, at sizes around the chunk size, and
// a manifest whose small fields are all zero is still read back.
func TestIndexRoundTrip(t *testing.T) {
	files := func(n int) map[string]fileRec {
		m := make(map[string]fileRec, n)
		for i := range n {
			m[fmt.Sprintf("agencies/a%d/index.html", i)] = fileRec{Size: int64(i), Hash: fmt.Sprint(i % 3)}
		}
		return m
	}
	stats := func(n int) map[string]statEntry {
		m := make(map[string]statEntry, n)
		for i := range n {
			m[fmt.Sprintf("reports/%d.txt", i)] = statEntry{Size: int64(i), ModTime: int64(i * 7), SHA256: fmt.Sprintf("%064d", i)}
		}
		return m
	}
	cases := []struct {
		name string
		idx  cacheIndex
	}{
		{"empty", cacheIndex{Version: "v"}},
		{"no manifest", cacheIndex{Version: "v", Stats: stats(3), Segments: []string{"seg-1.bin"}}},
		{"zero manifest", cacheIndex{Version: "v", Stats: map[string]statEntry{}, Manifest: &manifest{}}},
		{"manifest of maps only", cacheIndex{Version: "v", Manifest: &manifest{Files: files(1)}}},
		{"one chunk", cacheIndex{Version: "v", Stats: stats(indexChunk), Manifest: &manifest{Dest: "/site", Files: files(indexChunk - 1),
			Agencies: map[string]agencyRec{"a": {Key: "k", Files: []string{"x", "y"}}}, Pages: map[string]string{"index.html": "k"}}}},
		{"chunks", cacheIndex{Version: "v", Stats: stats(indexChunk + 1), Segments: []string{"a", "b"}, Manifest: &manifest{
			Dest: "/site", Files: files(3*indexChunk + 5), Agencies: map[string]agencyRec{}, Data: "d",
			DataInfo:  []export.FileInfo{{Name: "cells.csv", Bytes: 10}},
			DataIndex: export.DataIndex{"a": {Key: "k", NonInt: []string{"c"}}, "b": {Key: "l"}}}}},
	}
	for _, c := range cases {
		var buf bytes.Buffer
		if err := encodeIndex(&buf, c.idx); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := decodeIndex(&buf)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(got, c.idx) {
			t.Errorf("%s: read back\n%+v\nwritten\n%+v", c.name, got, c.idx)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes left unread", c.name, buf.Len())
		}
	}
}

// TestIndexTruncated: an index cut short is an error, never a smaller
// index taken for the whole.
func TestIndexTruncated(t *testing.T) {
	idx := cacheIndex{Version: "v", Stats: map[string]statEntry{}, Manifest: &manifest{Files: map[string]fileRec{}}}
	for i := range 2*indexChunk + 1 {
		idx.Manifest.Files[fmt.Sprint(i)] = fileRec{Size: 1}
	}
	var buf bytes.Buffer
	if err := encodeIndex(&buf, idx); err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{buf.Len() / 3, buf.Len() / 2, buf.Len() - 1} {
		if _, err := decodeIndex(bytes.NewReader(buf.Bytes()[:cut])); err == nil {
			t.Errorf("cut at %d of %d bytes: no error", cut, buf.Len())
		}
	}
}

// nationalIndex is an index of a national build's size: 386,000 files
// from 100,000 reports of 20,000 agencies.
func nationalIndex() cacheIndex {
	idx := cacheIndex{Version: "v", Stats: map[string]statEntry{}, Manifest: &manifest{Files: map[string]fileRec{}, Agencies: map[string]agencyRec{}}}
	for i := range 386_000 {
		idx.Manifest.Files[fmt.Sprintf("agencies/ananshi-anchangqu-zhengfu-%d/2019/index.html", i)] = fileRec{Size: int64(i)}
	}
	for i := range 100_000 {
		idx.Stats[fmt.Sprintf("reports/%06d.html", i)] = statEntry{Size: int64(i), SHA256: fmt.Sprintf("%064x", i)}
	}
	for i := range 20_000 {
		idx.Manifest.Agencies[fmt.Sprintf("a%d", i)] = agencyRec{Key: fmt.Sprintf("%032x", i), Files: []string{"a", "b", "c", "d", "e"}}
	}
	return idx
}

// BenchmarkEncodeIndex saves a national index, the last thing a build does.
func BenchmarkEncodeIndex(b *testing.B) {
	idx := nationalIndex()
	var buf bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := encodeIndex(&buf, idx); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkDecodeIndex loads a national index, as a rebuild does while it
// lists the content folder.
func BenchmarkDecodeIndex(b *testing.B) {
	var buf bytes.Buffer
	if err := encodeIndex(&buf, nationalIndex()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := decodeIndex(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// TestIndexDamaged: a damaged index is an error or an index, never a
// panic, and a length far beyond its chunks is an error, not an
// allocation of that size.
func TestIndexDamaged(t *testing.T) {
	idx := cacheIndex{Version: "v", Stats: map[string]statEntry{"a": {Size: 1, SHA256: "x"}}, Manifest: &manifest{Dest: "/d",
		Files: map[string]fileRec{"a": {Size: 1}, "b": {Hash: "h"}}, DataIndex: export.DataIndex{"a": {Key: "k"}}}}
	var buf bytes.Buffer
	if err := encodeIndex(&buf, idx); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		b := bytes.Clone(good)
		for range 1 + rng.IntN(3) {
			b[rng.IntN(len(b))] = byte(rng.Uint32())
		}
		_, _ = decodeIndex(bytes.NewReader(b)) // must not panic
	}

	var huge bytes.Buffer
	enc := gob.NewEncoder(&huge)
	if err := enc.Encode(&indexHead{Version: "v"}); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode(1 << 40); err != nil {
		t.Fatal(err)
	}
	if _, err := decodeIndex(&huge); err == nil {
		t.Error("a map of 2^40 entries with no chunks read without an error")
	}
}
