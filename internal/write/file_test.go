package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("公开"), 1<<18) // 1.5 MB: more than one write on some systems
	for _, tc := range []struct {
		name   string
		before []byte // what the file held; nil: no file
		data   []byte
	}{
		{"new", nil, []byte("<!doctype html>")},
		{"empty", nil, []byte{}},
		{"shorter than before", []byte("a longer old page"), []byte("short")},
		{"longer than before", []byte("x"), big},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			if tc.before != nil {
				if err := os.WriteFile(p, tc.before, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := writeFile(p, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(p)
			if err != nil || !bytes.Equal(got, tc.data) {
				t.Fatalf("read back %d bytes (%v), want %d", len(got), err, len(tc.data))
			}
			st, _ := os.Stat(p)
			want := fs.FileMode(0o644) &^ umask()
			if tc.before != nil {
				want = 0o600 // an existing file keeps its mode, as with os.WriteFile
			}
			if st.Mode().Perm() != want {
				t.Fatalf("mode %v, want %v", st.Mode().Perm(), want)
			}
		})
	}

	err := writeFile(filepath.Join(dir, "missing", "index.html"), []byte("x"), 0o644)
	var pe *fs.PathError
	if !errors.As(err, &pe) || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "missing/index.html") {
		t.Fatalf("no directory: %v, want a path error naming the file", err)
	}
}

func umask() fs.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return fs.FileMode(m)
}

func TestMkdir(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a", "a", "a/b/c", "d/e", "a/b"} {
		if err := mkdir(filepath.Join(dir, p)); err != nil {
			t.Fatalf("mkdir %s: %v", p, err)
		}
		if st, err := os.Stat(filepath.Join(dir, p)); err != nil || !st.IsDir() {
			t.Fatalf("%s: not a directory (%v)", p, err)
		}
	}
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o644)
	if err := writeFile(filepath.Join(dir, "file", "x"), nil, 0o644); err == nil {
		t.Fatal("a file under a file was written")
	}
}

// BenchmarkStage writes report-sized pages into new directories, three to
// a directory, as a cold build does.
func BenchmarkStage(b *testing.B) {
	page := bytes.Repeat([]byte("<p>政府信息公开</p>"), 14<<10/24)
	for _, bc := range []struct {
		name  string
		write func(string, []byte) error
	}{
		{"writeFile", func(p string, d []byte) error { return writeFile(p, d, 0o644) }},
		{"os.WriteFile", func(p string, d []byte) error { return os.WriteFile(p, d, 0o644) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			root := b.TempDir()
			b.SetBytes(int64(len(page)))
			i := 0
			for b.Loop() {
				dir := filepath.Join(root, fmt.Sprint(i/3))
				if i%3 == 0 {
					if err := mkdir(dir); err != nil {
						b.Fatal(err)
					}
				}
				if err := bc.write(filepath.Join(dir, fmt.Sprint(i%3)), page); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
