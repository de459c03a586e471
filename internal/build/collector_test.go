package build

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"

	"gongkai/internal/parse"
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

func TestLimitFor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ live, room, want int64 }{
		{0, pagesRoom, 768 * mib},           // the floor
		{300 * mib, pagesRoom, 768 * mib},   // twice the live heap is below it
		{600 * mib, pagesRoom, 1200 * mib},  // twice the live heap
		{1200 * mib, pagesRoom, 2096 * mib}, // the live heap plus room
		{1200 * mib, saveRoom, 1840 * mib},
	} {
		if got := limitFor(c.live, c.room); got != c.want {
			t.Errorf("limitFor(%d MiB, %d MiB) = %d MiB, want %d MiB", c.live/mib, c.room/mib, got/mib, c.want/mib)
		}
	}
}

// TestLiveFloor: the floor is the live heap until the next collection,
// and never lowers what a collection found.
func TestLiveFloor(t *testing.T) {
	var f liveFloor
	if got, want := f.live(), heapLive(); got != want {
		t.Fatalf("no floor: live %d, want the collector's %d", got, want)
	}
	runtime.GC()
	floor := heapLive() + 1<<30
	f.set(floor)
	if got := f.live(); got != floor {
		t.Fatalf("before a collection: live %d, want the floor %d", got, floor)
	}
	runtime.GC()
	if got, want := f.live(), heapLive(); got != want {
		t.Fatalf("after a collection: live %d, want the collector's %d", got, want)
	}
	f.set(1)
	if got, want := f.live(), heapLive(); got != want {
		t.Fatalf("a floor below the live heap: live %d, want the collector's %d", got, want)
	}
}

// TestParseAllFloor: when the limit is raised to read the reports back,
// the floor left for adaptLimit is about the heap they take: at least what
// a collection then finds live, and not much more (reading back 200
// reports leaves 2.2 times their heap here, with the segments' buffers; at
// 100,000 reports 1.2 times; counting what parsing allocated would be
// over 4 times).
func TestParseAllFloor(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT set: the build leaves the limit alone")
	}
	_, fsys, entries := detachFS(t, 200)
	// Any limit below what is read back takes the branch that raises it.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1))
	var f liveFloor
	results, err := parseAll("", fsys, entries, parse.FileSHA, openCache(t.TempDir()), func(string, ...any) {}, func(string) {}, &f)
	if err != nil {
		t.Fatal(err)
	}
	if f.bytes == 0 {
		t.Fatal("the limit was raised to read back, and no floor was set")
	}
	if f.live() != f.bytes {
		t.Fatalf("live %d right after reading back, want the floor %d", f.live(), f.bytes)
	}
	runtime.GC()
	live := heapLive()
	runtime.KeepAlive(results)
	if f.bytes < live || f.bytes > 3*live {
		t.Fatalf("floor %d for a live heap of %d after reading back", f.bytes, live)
	}
}
