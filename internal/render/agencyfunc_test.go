package render

import (
	"bytes"
	"strings"
	"testing"

	"gongkai/layouts"
)

// TestAgencyFunc: the files AgencyFunc hands out, copied at each call, are
// the files Agency returns, in its order; and Agency's files are each their
// own bytes, not one pooled buffer seen several times.
func TestAgencyFunc(t *testing.T) {
	rd, err := New(layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	in := synthInput(t, 40)
	for _, a := range in.Corpus.Agencies {
		var streamed []File
		err := rd.AgencyFunc(in, a, func(f File) error {
			streamed = append(streamed, File{Path: f.Path, Data: bytes.Clone(f.Data)})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		files, err := rd.Agency(in, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != len(a.Reports)+2 || len(streamed) != len(files) {
			t.Fatalf("%s: %d files, streamed %d, want %d", a.Slug, len(files), len(streamed), len(a.Reports)+2)
		}
		seen := map[string]string{}
		for i, f := range files {
			if f.Path != streamed[i].Path || !bytes.Equal(f.Data, streamed[i].Data) {
				t.Fatalf("%s differs from what AgencyFunc emitted", f.Path)
			}
			if other, dup := seen[string(f.Data)]; dup {
				t.Fatalf("%s has the bytes of %s", f.Path, other)
			}
			seen[string(f.Data)] = f.Path
		}
		for i, r := range a.Reports {
			page := files[1+i]
			if !strings.HasSuffix(page.Path, "/index.html") || !bytes.Contains(page.Data, []byte(r.AgencySlug)) {
				t.Fatalf("%s: not the page of %s", page.Path, r.ID)
			}
		}
	}
}
