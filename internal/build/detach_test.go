package build

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"gongkai/internal/parse"
	"gongkai/internal/region"
	"gongkai/internal/report"
	"gongkai/internal/source"
	"gongkai/internal/synth"
)

// fingerprint is everything a build keeps of a parsed file.
func fingerprint(r *report.Report, reg string) string {
	if r == nil {
		return "nil " + reg
	}
	b, _ := r.MarshalJSON()
	unread := slices.Sorted(maps.Keys(r.Unread))
	var vals []string
	for _, k := range unread {
		vals = append(vals, r.Unread[k])
	}
	return fmt.Sprintf("%s\n%q\n%q %q\n%q", b, r.TablesFound, unread, vals, reg)
}

// detachFiles are synthetic reports of every shape (GB18030, HTML, pipe
// tables, flattened text…), the real reports of the parser's corpus (web
// pages, flattened copies, the seeds), and some of the same size with a
// region in their front matter, each its own.
func detachFiles(n int) map[string][]byte {
	files := map[string][]byte{}
	for i := range n {
		name, data, _ := synth.Generate(5, i)
		files[name] = data
	}
	real, _ := filepath.Glob("../parse/testdata/corpus/*/*")
	for _, p := range real {
		if strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".source.txt") || strings.HasSuffix(p, "README.md") {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			files["real-"+filepath.Base(p)] = data
		}
	}
	body := files[slices.Sorted(maps.Keys(files))[0]]
	for i := range 40 {
		files[fmt.Sprintf("front-%02d.md", i)] = []byte(fmt.Sprintf("---\nregion: 甲省/乙市/丙%02d县\n---\n%s", i, body))
	}
	return files
}

// detachFS is detachFiles(n) as a file system, and its listing.
func detachFS(t *testing.T, n int) (map[string][]byte, fstest.MapFS, []source.Entry) {
	t.Helper()
	files := detachFiles(n)
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	entries, err := source.List(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return files, fsys, entries
}

// TestDetached: once parsed, a report holds nothing of its file's bytes.
// Scribbling over the bytes after the parse changes nothing a build keeps,
// so the build reads the next file into the same buffer.
func TestDetached(t *testing.T) {
	files := detachFiles(200)
	if real := len(slices.DeleteFunc(slices.Collect(maps.Keys(files)), func(n string) bool { return !strings.HasPrefix(n, "real-") })); real < 10 {
		t.Fatalf("only %d real reports found", real)
	}
	for name, orig := range files {
		data := bytes.Clone(orig)
		r, err := parseOne(name, source.File{Path: name, Data: data}, "", parse.FileSHA)
		if r != nil {
			normalize(r)
			detach(r)
		}
		reg := region.FrontMatter(data)
		before := fingerprint(r, reg)
		for i := range data {
			data[i] = 'x'
		}
		if after := fingerprint(r, reg); after != before {
			t.Fatalf("%s (err %v): the report changed with its file's bytes:\nbefore %.300s\nafter  %.300s", name, err, before, after)
		}
	}
}

// TestReadBuffersReused: parseEntries, whose workers read each file into
// the buffer of the one before, gives every file the report it gets parsed
// alone.
func TestReadBuffersReused(t *testing.T) {
	files, fsys, entries := detachFS(t, 120)
	results := parseEntries("", fsys, entries, parse.FileSHA, nil, func(string, ...any) {})
	if len(results) != len(files) {
		t.Fatalf("%d results for %d files", len(results), len(files))
	}
	for i, res := range results {
		name := entries[i].Path
		want, _ := parseOne(name, source.File{Path: name, Data: bytes.Clone(files[name])}, "", parse.FileSHA)
		if want != nil {
			normalize(want)
			detach(want)
		}
		if got, w := fingerprint(res.r, res.region), fingerprint(want, region.FrontMatter(files[name])); got != w {
			t.Fatalf("%s: parsed with reused buffers:\n%.300s\nalone:\n%.300s", name, got, w)
		}
	}
}

// TestDecodeOwned: a report read back from its cache record holds nothing
// of the record's bytes, and is the report that was written.
func TestDecodeOwned(t *testing.T) {
	in := newInterner()
	for name, data := range detachFiles(120) {
		r, _ := parseOne(name, source.File{Path: name, Data: data}, "", parse.FileSHA)
		if r == nil {
			continue // a file that is not a report has nothing to read back
		}
		normalize(r)
		detach(r)
		rec, err := r.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeOwned(rec, in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := fingerprint(r, "")
		if f := fingerprint(got, ""); f != want {
			t.Fatalf("%s: read back:\n%.300s\nwritten:\n%.300s", name, f, want)
		}
		for i := range rec {
			rec[i] = 'x'
		}
		if f := fingerprint(got, ""); f != want {
			t.Fatalf("%s: the report read back changed with its record's bytes:\n%.300s", name, f)
		}
	}
}

// TestParseAllReloads: with a cache, the workers let each report go once
// it is in their segment and parseAll reads it back; every file gets the
// report it gets parsed alone, and when the segments are gone the files
// are parsed again rather than lost.
func TestParseAllReloads(t *testing.T) {
	files, fsys, entries := detachFS(t, 120)
	alone := func(i int) string {
		name := entries[i].Path
		want, _ := parseOne(name, source.File{Path: name, Data: bytes.Clone(files[name])}, "", parse.FileSHA)
		if want != nil {
			normalize(want)
			detach(want)
		}
		return fingerprint(want, region.FrontMatter(files[name]))
	}
	check := func(t *testing.T, results []parsed) {
		t.Helper()
		reloaded := 0
		for i, res := range results {
			if res.reload {
				reloaded++
			}
			if got, want := fingerprint(res.r, res.region), alone(i); got != want {
				t.Fatalf("%s:\n%.300s\nparsed alone:\n%.300s", entries[i].Path, got, want)
			}
		}
		if reloaded < len(files)*9/10 {
			t.Fatalf("only %d of %d reports were let go and read back", reloaded, len(files))
		}
	}
	t.Run("read back", func(t *testing.T) {
		results, err := parseAll("", fsys, entries, parse.FileSHA, openCache(t.TempDir()), func(string, ...any) {}, func(string) {}, nil)
		if err != nil {
			t.Fatal(err)
		}
		check(t, results)
	})
	t.Run("segments lost", func(t *testing.T) {
		c := openCache(t.TempDir())
		results := parseEntries("", fsys, entries, parse.FileSHA, c, func(string, ...any) {})
		if err := c.flush(); err != nil {
			t.Fatal(err)
		}
		for _, s := range c.newSegs {
			if err := os.Remove(filepath.Join(c.dir, s)); err != nil {
				t.Fatal(err)
			}
		}
		c.reload(results)
		for i, res := range results {
			if res.reload && res.r != nil {
				t.Fatalf("%s: a report read back from a removed segment", entries[i].Path)
			}
		}
		reparseMissing("", fsys, entries, parse.FileSHA, results)
		check(t, results)
	})
}

// TestDecodeOwnedReleasesRecord: nothing of a report read back keeps its
// record alive, not even an empty string cut from it (which scribbling
// over the record cannot show).
func TestDecodeOwnedReleasesRecord(t *testing.T) {
	in := newInterner()
	var released atomic.Int32 // cleanups run on a goroutine of their own
	var kept []*report.Report
	files := detachFiles(40)
	names := slices.Sorted(maps.Keys(files))
	for _, name := range names {
		r, _ := parseOne(name, source.File{Path: name, Data: files[name]}, "", parse.FileSHA)
		if r == nil {
			continue
		}
		normalize(r)
		detach(r)
		b, err := r.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		rec := make([]byte, len(b))
		copy(rec, b)
		got, err := decodeOwned(rec, in)
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, got)
		runtime.AddCleanup(&rec[0], func(*int) { released.Add(1) }, nil)
	}
	for range 50 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		if int(released.Load()) == len(kept) {
			break
		}
	}
	runtime.KeepAlive(kept)
	if n := int(released.Load()); n != len(kept) {
		t.Fatalf("%d of %d records are still kept alive by the reports read from them", len(kept)-n, len(kept))
	}
}
