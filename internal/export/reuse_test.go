package export

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gongkai/internal/report"
)

// TestWriteDataReuse: a bundle written by copying unchanged reports' rows
// from the previous one is byte for byte the bundle WriteData writes, when
// reports changed, were added or removed (the first one included).
func TestWriteDataReuse(t *testing.T) {
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
	_, index, err := WriteDataReuse(prev, reps, testMeta, &Reuse{Keys: keys(reps)})
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
			for k, v := range r.Tables {
				c.Tables[k] = v + 1.5
			}
			c.Badge = "warn"
			next[i] = &c
			changed = append(changed, r.ID)
		}
	}
	next = slices.DeleteFunc(next, func(r *report.Report) bool { return r.ID == ids[3] })
	next = append(next, generated(21)[20])

	got := t.TempDir()
	files, _, err := WriteDataReuse(got, next, testMeta, &Reuse{Dir: prev, Prev: index, Keys: keys(next, changed...)})
	if err != nil {
		t.Fatal(err)
	}
	want, wantFiles := writeData(t, next)
	for _, name := range streamedNames {
		if !bytes.Equal(read(t, got, name), read(t, want, name)) {
			t.Errorf("%s differs from a fresh write", name)
		}
	}
	if !slices.Equal(files, wantFiles) {
		t.Errorf("file infos differ:\n got %+v\nwant %+v", files, wantFiles)
	}

	// The unchanged rows really are copied: spoil the previous file and
	// they come out spoilt.
	cells := filepath.Join(prev, "cells.csv")
	b, err := os.ReadFile(cells)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cells, bytes.Repeat([]byte("x"), len(b)), 0o644); err != nil {
		t.Fatal(err)
	}
	spoilt := t.TempDir()
	if _, _, err := WriteDataReuse(spoilt, next, testMeta, &Reuse{Dir: prev, Prev: index, Keys: keys(next, changed...)}); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(read(t, spoilt, "cells.csv"), []byte("x")); n < len(b)/2 {
		t.Errorf("only %d bytes of %d copied from the previous cells.csv", n, len(b))
	}
}
