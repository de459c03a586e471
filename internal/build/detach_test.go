package build

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

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
		r, err := parseOne(name, source.File{Path: name, Data: data}, parse.File)
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
	files := detachFiles(120)
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	entries, err := source.List(fsys)
	if err != nil {
		t.Fatal(err)
	}
	results := parseEntries("", fsys, entries, parse.File, nil, func(string, ...any) {})
	if len(results) != len(files) {
		t.Fatalf("%d results for %d files", len(results), len(files))
	}
	for i, res := range results {
		name := entries[i].Path
		want, _ := parseOne(name, source.File{Path: name, Data: bytes.Clone(files[name])}, parse.File)
		if want != nil {
			normalize(want)
			detach(want)
		}
		if got, w := fingerprint(res.r, res.region), fingerprint(want, region.FrontMatter(files[name])); got != w {
			t.Fatalf("%s: parsed with reused buffers:\n%.300s\nalone:\n%.300s", name, got, w)
		}
	}
}
