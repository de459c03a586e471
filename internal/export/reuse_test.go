package export

import (
	"bytes"
	"compress/gzip"
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gongkai/internal/report"
)

// TestWriteDataReuse: a bundle written by copying unchanged reports' rows
// from the previous one is byte for byte the bundle WriteData writes, when
// reports changed, were added or removed (the first one included).
func TestWriteDataReuse(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(map[bool]string{false: "raw", true: "gzip"}[gz], func(t *testing.T) { testWriteDataReuse(t, gz) })
	}
}

func testWriteDataReuse(t *testing.T, gz bool) {
	meta := testMeta
	meta.Gzip = gz
	ext := ""
	if gz {
		ext = ".gz"
	}
	reps := append(fixtures(), generated(20)...)
	keys := func(reps []*report.Report, changed ...string) map[string]string {
		m := map[string]string{}
		for _, r := range reps {
			m[r.ID] = "k1"
			if slices.Contains(changed, r.ID) {
				m[r.ID] = "k2"
			}
		}
		return m
	}
	prev := t.TempDir()
	work := filepath.Join(t.TempDir(), "work.sqlite") // the build cache's
	_, index, err := WriteDataReuse(prev, reps, meta, &Reuse{Keys: keys(reps), SQLite: work})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(reps))
	for _, r := range sorted(reps) {
		ids = append(ids, r.ID)
	}

	// change the first and a middle report, drop one, add one
	next := slices.Clone(reps)
	var changed []string
	for i, r := range next {
		if r.ID == ids[0] || r.ID == ids[len(ids)/2] {
			c := *r
			c.Tables = report.Cells{}
			for k, v := range r.Tables.All() {
				c.Tables.Set(k, v+1.5)
			}
			c.Badge = "warn"
			next[i] = &c
			changed = append(changed, r.ID)
		}
	}
	next = slices.DeleteFunc(next, func(r *report.Report) bool { return r.ID == ids[3] })
	next = append(next, generated(21)[20])
	// a new year of an agency whose other reports did not change: its
	// rows are one run with theirs, so the run is written again
	added := *generated(1)[0]
	added.ID, added.Year = added.AgencySlug+"/2024", 2024
	next = append(next, &added)

	got := t.TempDir()
	files, _, err := WriteDataReuse(got, next, meta, &Reuse{Dir: prev, Prev: index, Keys: keys(next, changed...), SQLite: work})
	if err != nil {
		t.Fatal(err)
	}
	want := t.TempDir()
	wantFiles, err := WriteData(want, next, meta)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append(streamedNames[:], sqliteName) {
		name += ext
		if !bytes.Equal(read(t, got, name), read(t, want, name)) {
			t.Errorf("%s differs from a fresh write", name)
		}
	}
	if !slices.Equal(files, wantFiles) {
		t.Errorf("file infos differ:\n got %+v\nwant %+v", files, wantFiles)
	}
	if gz {
		// one gzip member per agency, besides the header and the trailer
		agencies := map[string]bool{}
		for _, r := range next {
			agencies[r.AgencySlug] = true
		}
		if n := gzipMembers(t, read(t, got, "reports.json.gz")); n != len(agencies)+2 {
			t.Errorf("reports.json.gz has %d gzip members, want %d (one per agency, header, trailer)", n, len(agencies)+2)
		}
	}

	// The working database keeps unchanged reports' rows: spoil one and
	// the next build publishes it spoilt (so it was not inserted again).
	db, err := sql.Open("sqlite", work)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE reports SET agency = 'SPOILT' WHERE id = ?", ids[1]); err != nil {
		t.Fatal(err)
	}
	db.Close()
	again := t.TempDir()
	if _, _, err := WriteDataReuse(again, next, meta, &Reuse{Keys: keys(next, changed...), SQLite: work}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readSQLite(t, again, ext), []byte("SPOILT")) {
		t.Error("an unchanged report was inserted again into the working database")
	}

	// A damaged working database is made afresh: the bundle is still a
	// fresh build's.
	if err := os.WriteFile(work, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	healed := t.TempDir()
	if _, _, err := WriteDataReuse(healed, next, meta, &Reuse{Keys: keys(next, changed...), SQLite: work}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(read(t, healed, sqliteName+ext), read(t, want, sqliteName+ext)) {
		t.Error("after a damaged working database, gongkai.sqlite differs from a fresh build")
	}

	// The unchanged rows really are copied: spoil the previous file and
	// they come out spoilt.
	cells := filepath.Join(prev, "cells.csv"+ext)
	b, err := os.ReadFile(cells)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cells, bytes.Repeat([]byte("x"), len(b)), 0o644); err != nil {
		t.Fatal(err)
	}
	spoilt := t.TempDir()
	if _, _, err := WriteDataReuse(spoilt, next, meta, &Reuse{Dir: prev, Prev: index, Keys: keys(next, changed...)}); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(read(t, spoilt, "cells.csv"+ext), []byte("x")); n < len(b)/2 {
		t.Errorf("only %d bytes of %d copied from the previous cells.csv", n, len(b))
	}
}

// TestGzipBundle: the gzipped bundle holds exactly the bytes of the raw one
// (every streamed file, its runs of gzip members read as one stream, and
// the database), and the data package points at the .gz files.
func TestGzipBundle(t *testing.T) {
	reps := append(fixtures(), generated(30)...)
	raw, _ := writeData(t, reps)
	meta := testMeta
	meta.Gzip = true
	gz := t.TempDir()
	files, err := WriteData(gz, reps, meta)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	want := []string{"cells.csv.gz", "checks.csv.gz", "datapackage.json", "gongkai.sqlite.gz", "reports.csv.gz", "reports.json.gz", "schema/report.schema.json"}
	if !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	for _, name := range append(streamedNames[:], sqliteName) {
		zr, err := gzip.NewReader(bytes.NewReader(read(t, gz, name+".gz")))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr) // multistream: every member
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		if !bytes.Equal(got, read(t, raw, name)) {
			t.Errorf("%s.gz does not hold the bytes of %s", name, name)
		}
	}
	checkDataPackage(t, gz)
	var pkg struct {
		Resources []struct{ Path, Compression string }
	}
	if err := json.Unmarshal(read(t, gz, "datapackage.json"), &pkg); err != nil {
		t.Fatal(err)
	}
	for _, r := range pkg.Resources {
		if !strings.HasSuffix(r.Path, ".csv.gz") || r.Compression != "gz" {
			t.Errorf("resource %s compression %q", r.Path, r.Compression)
		}
	}
}

// readSQLite is the bytes of the bundle's database, gunzipped when ext is .gz.
func readSQLite(t *testing.T, dir, ext string) []byte {
	t.Helper()
	b := read(t, dir, sqliteName+ext)
	if ext == "" {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// gzipMembers counts the members of a gzip file.
func gzipMembers(t *testing.T, b []byte) int {
	t.Helper()
	br := bytes.NewReader(b)
	zr, err := gzip.NewReader(br)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatal(err)
		}
		n++
		if err := zr.Reset(br); err == io.EOF {
			return n
		} else if err != nil {
			t.Fatal(err)
		}
	}
}
