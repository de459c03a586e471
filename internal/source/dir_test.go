package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDirFSAsOSDirFS: reading a content folder through DirFS gives what
// os.DirFS gives — the files, their bytes, sidecar URLs and each bad
// file's reason — and a file that vanishes or grows past MaxBytes after
// the listing is reported as it is through os.DirFS.
func TestDirFSAsOSDirFS(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(data), 0o644))
	}
	write("reports/a.txt", "一、总体情况\n")
	write("reports/a.source.txt", "original URL: https://example.gov.cn/a.html\n")
	write("reports/empty.md", "")
	write("reports/sub/b.html", "<p>二、主动公开</p>")
	write("reports/.hidden.txt", "x")
	write("_index.md", "intro")
	secret := filepath.Join(t.TempDir(), "secret.txt")
	must(t, os.WriteFile(secret, []byte("outside"), 0o644))
	must(t, os.Symlink(secret, filepath.Join(dir, "reports", "link.txt")))
	big, err := os.Create(filepath.Join(dir, "reports", "big.txt"))
	must(t, err)
	must(t, big.Truncate(MaxBytes+1))
	must(t, big.Close())

	want, err := Walk(os.DirFS(dir))
	must(t, err)
	got, err := Walk(DirFS(dir))
	must(t, err)
	if len(got) != len(want) || len(got) != 5 {
		t.Fatalf("%d files through DirFS, %d through os.DirFS (want 5)", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Path != w.Path || string(g.Data) != string(w.Data) || g.URL != w.URL || (g.Err == nil) != (w.Err == nil) ||
			(g.Err != nil && g.Err.Error() != w.Err.Error()) {
			t.Errorf("%s: DirFS %q %q %v, os.DirFS %q %q %v", w.Path, g.Data, g.URL, g.Err, w.Data, w.URL, w.Err)
		}
	}
	if p := Page(DirFS(dir), "_index.md"); string(p) != "intro" {
		t.Errorf("site page: %q", p)
	}

	// Changed after the listing.
	for _, fsys := range []fs.FS{os.DirFS(dir), DirFS(dir)} {
		entries, err := List(fsys)
		must(t, err)
		byPath := map[string]Entry{}
		for _, e := range entries {
			byPath[e.Path] = e
		}
		must(t, os.Rename(filepath.Join(dir, "reports", "a.txt"), filepath.Join(dir, "a.txt.away")))
		_, err = Read(fsys, byPath["reports/a.txt"])
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%T: vanished file: %v", fsys, err)
		}
		must(t, os.Rename(filepath.Join(dir, "a.txt.away"), filepath.Join(dir, "reports", "a.txt")))
		must(t, os.Truncate(filepath.Join(dir, "reports", "sub", "b.html"), MaxBytes+5))
		_, err = Read(fsys, byPath["reports/sub/b.html"])
		if err == nil || !strings.Contains(err.Error(), "larger than any report") {
			t.Errorf("%T: grown file: %v", fsys, err)
		}
		must(t, os.WriteFile(filepath.Join(dir, "reports", "sub", "b.html"), []byte("<p>二、主动公开</p>"), 0o644))
		data, err := ReadInto(fsys, byPath["reports/sub/b.html"], make([]byte, 3))
		if err != nil || string(data) != "<p>二、主动公开</p>" {
			t.Errorf("%T: read into a small buffer: %q %v", fsys, data, err)
		}
	}
	if _, err := DirFS(dir).openRaw("../outside"); err == nil {
		t.Error("a path out of the folder was opened")
	}
}
