package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// vanishing is a content folder in which one file is listed but gone by
// the time it is read.
type vanishing struct {
	fstest.MapFS
	gone string
}

func (v vanishing) Open(name string) (fs.File, error) {
	if name == v.gone {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return v.MapFS.Open(name)
}

func (v vanishing) ReadFile(name string) ([]byte, error) {
	if name == v.gone {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return v.MapFS.ReadFile(name)
}

// TestWalkKeepsGoing: a file that vanishes, a symbolic link and a file too
// big to be a report are each listed with their reason; the walk goes on.
func TestWalkKeepsGoing(t *testing.T) {
	fsys := vanishing{MapFS: fstest.MapFS{
		"reports/a.txt":    {Data: []byte("a")},
		"reports/gone.txt": {Data: []byte("g")},
		"reports/z.txt":    {Data: []byte("z")},
	}, gone: "reports/gone.txt"}
	files, err := Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || files[0].Err != nil || files[2].Err != nil || string(files[2].Data) != "z" {
		t.Fatalf("files %+v", files)
	}
	if g := files[1]; g.Path != "reports/gone.txt" || !errors.Is(g.Err, fs.ErrNotExist) || g.Data != nil {
		t.Errorf("vanished file: %+v", g)
	}

	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret.txt")
	must(t, os.WriteFile(secret, []byte("outside the content folder"), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, "reports"), 0o755))
	must(t, os.Symlink(secret, filepath.Join(dir, "reports", "link.txt")))
	big, err := os.Create(filepath.Join(dir, "reports", "big.txt"))
	must(t, err)
	must(t, big.Truncate(MaxBytes+1)) // sparse: costs no disk
	must(t, big.Close())
	files, err = Walk(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, f := range files {
		if f.Err == nil || f.Data != nil {
			t.Errorf("%s read: %d bytes, err %v", f.Path, len(f.Data), f.Err)
			continue
		}
		reasons[f.Path] = f.Err.Error()
	}
	if !strings.Contains(reasons["reports/link.txt"], "symbolic link") {
		t.Errorf("symlink: %q", reasons["reports/link.txt"])
	}
	if !strings.Contains(reasons["reports/big.txt"], "larger than any report") {
		t.Errorf("big file: %q", reasons["reports/big.txt"])
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
