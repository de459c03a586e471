package build

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSizer holds sizer to statSize, the size of a regular file by its
// full path: a file, one in a folder, a folder, a missing file, a file
// under a file and a symbolic link (followed, as os.Stat does).
func TestSizer(t *testing.T) {
	dest := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dest, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "<p>一</p>")
	write("agencies/a/2023/report.csv", "cell,value\n")
	if err := os.Symlink("index.html", filepath.Join(dest, "link.html")); err != nil {
		t.Log("no symbolic link:", err)
	}
	sizeOf, release := sizer(dest)
	defer release()
	for _, tc := range []struct {
		name string
		want int64
	}{
		{"index.html", int64(len("<p>一</p>"))},
		{"agencies/a/2023/report.csv", 11},
		{"agencies/a/2023", -1},
		{"agencies/a/2024/index.html", -1},
		{"index.html/x", -1},
		{"link.html", int64(len("<p>一</p>"))},
	} {
		full := statSize(filepath.Join(dest, filepath.FromSlash(tc.name)))
		if tc.name == "link.html" && full == -1 {
			continue // no symbolic links here
		}
		if got := sizeOf(tc.name); got != tc.want || got != full {
			t.Errorf("%s: sizer %d, statSize %d, want %d", tc.name, got, full, tc.want)
		}
	}
}
