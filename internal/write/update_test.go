package write

import (
	"os"
	"path/filepath"
	"testing"
)

func TestUpdate(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	u, err := NewUpdate(dest)
	if err != nil {
		t.Fatal(err)
	}
	if !u.Fresh() {
		t.Fatal("no destination yet, but not fresh")
	}
	for name, data := range map[string]string{"a.html": "A", "d/b.html": "B", "d/e/c.html": "C"} {
		if _, err := u.File(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := u.Commit(nil); err != nil {
		t.Fatal(err)
	}

	// Second version: a.html unchanged, b changed, c gone, new file added.
	u, err = NewUpdate(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer u.Abort()
	if u.Fresh() {
		t.Fatal("destination exists, but fresh")
	}
	before, _ := os.Stat(filepath.Join(dest, "a.html"))
	if wrote, err := u.File("a.html", []byte("A")); err != nil || wrote {
		t.Fatalf("unchanged file staged: %v %v", wrote, err)
	}
	if wrote, err := u.File("d/b.html", []byte("B2")); err != nil || !wrote {
		t.Fatalf("changed file not staged: %v %v", wrote, err)
	}
	if _, err := u.File("n/new.html", []byte("N")); err != nil {
		t.Fatal(err)
	}
	if _, err := u.File("../x", []byte("x")); err == nil {
		t.Error("wrote outside the site")
	}
	// Nothing reaches the destination before Commit.
	if b, _ := os.ReadFile(filepath.Join(dest, "d/b.html")); string(b) != "B" {
		t.Fatalf("destination changed before Commit: %q", b)
	}
	if err := u.Commit([]string{"d/e/c.html"}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(filepath.Join(dest, "a.html"))
	if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("unchanged file was rewritten")
	}
	for name, want := range map[string]string{"a.html": "A", "d/b.html": "B2", "n/new.html": "N"} {
		if b, err := os.ReadFile(filepath.Join(dest, name)); err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", name, b, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "d/e")); !os.IsNotExist(err) {
		t.Errorf("emptied directory d/e left behind: %v", err)
	}
	if ms, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.tmp-*")); len(ms) != 0 {
		t.Errorf("staging directories left: %v", ms)
	}
}

func TestUpdateAbort(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "a.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := NewUpdate(dest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.File("a.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	u.Abort()
	if b, _ := os.ReadFile(filepath.Join(dest, "a.html")); string(b) != "old" {
		t.Errorf("aborted update changed the destination: %q", b)
	}
	if ms, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.tmp-*")); len(ms) != 0 {
		t.Errorf("staging directories left: %v", ms)
	}
}
