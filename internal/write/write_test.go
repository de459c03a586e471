package write

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"index.html", true},
		{"agencies/x/2023/index.html", true},
		{"../evil", false},
		{"a/../../evil", false},
		{"/etc/passwd", false},
		{"a\\b", false},
		{"", false},
		{".", false},
		{"a//b", false},
		{"a\x00b", false},
	} {
		if err := Check(tt.name); (err == nil) != tt.ok {
			t.Errorf("Check(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestCommitAndAbort(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	s, err := New(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.File("a/b.txt", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := s.File("../x", nil); err == nil {
		t.Error("wrote outside the site")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "a/b.txt")); string(b) != "one" {
		t.Fatalf("after commit: %q", b)
	}
	// A failed build: Abort leaves the previous site as it was.
	s2, _ := New(dest)
	_ = s2.File("a/b.txt", []byte("two"))
	s2.Abort()
	if b, _ := os.ReadFile(filepath.Join(dest, "a/b.txt")); string(b) != "one" {
		t.Errorf("after abort: %q", b)
	}
	// A second successful build replaces everything, stale files included.
	s3, _ := New(dest)
	_ = s3.File("c.txt", []byte("three"))
	if err := s3.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "a/b.txt")); !os.IsNotExist(err) {
		t.Error("stale file survived")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("leftovers next to dest: %v", entries)
	}
}
