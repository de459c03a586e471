package build

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

func TestRebuildGC(t *testing.T) {
	for _, c := range []struct {
		known, total int
		want         bool
	}{
		{0, 0, false},
		{0, 20000, false},     // a cold build
		{17999, 20000, false}, // a tenth of the files new or changed
		{18000, 20000, true},  // nine tenths read back
		{19999, 20000, true},  // one report changed
		{20000, 20000, true},  // nothing changed
		{1, 1, true},
	} {
		if got := rebuildGC(c.known, c.total); got != c.want {
			t.Errorf("rebuildGC(%d, %d) = %v, want %v", c.known, c.total, got, c.want)
		}
	}
}

// TestCollectorPacing: a cold build parses with the collector at the
// memory limit only; a rebuild that reads nearly every report from the
// cache parses with it running each time the heap doubles; and the
// process's setting is back as it was after each build.
func TestCollectorPacing(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT set: the build leaves the collector alone")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "content")
	names := writeCorpus(t, src, 20)
	cfg := testConfig(t, src, filepath.Join(dir, "public"))
	cfg.Cache = filepath.Join(dir, "cache")
	var seen []int
	testHookParsing = func() {
		pct := debug.SetGCPercent(-1)
		debug.SetGCPercent(pct)
		seen = append(seen, pct)
	}
	defer func() { testHookParsing = nil }()
	before := debug.SetGCPercent(-1)
	debug.SetGCPercent(before)
	build := func(want int) {
		t.Helper()
		seen = nil
		buildCopy(t, cfg)
		if len(seen) != 1 || seen[0] != want {
			t.Fatalf("parsed with GOGC %v, want [%d]", seen, want)
		}
		if after := debug.SetGCPercent(before); after != before {
			t.Errorf("GOGC after the build = %d, want %d", after, before)
		}
	}
	build(-1)
	f, err := os.OpenFile(filepath.Join(src, "reports", names[0]), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n")
	f.Close()
	build(100)
}
