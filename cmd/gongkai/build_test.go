package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestBuildStrict: a file that is not a report is listed and skipped; the
// build exits 0, or 1 with --strict, and the site is written either way
// except when strict fails.
func TestBuildStrict(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.MkdirAll("content/reports", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("content/reports/junk.txt", []byte("这不是年度报告。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want int
	}{
		{[]string{"--destination", "out1"}, 0},
		{[]string{"--destination", "out2", "--strict"}, 1},
		{[]string{"--config", "missing.yaml"}, 1},
	} {
		if got := runBuild(tt.args); got != tt.want {
			t.Errorf("build %v = %d, want %d", tt.args, got, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join("out1", "validation", "index.html")); err != nil {
		t.Error("no site written:", err)
	}
}
