package build

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"gongkai/internal/config"
	"gongkai/internal/synth"
)

// writeCorpus writes n synthetic reports (five per agency) into dir/reports.
func writeCorpus(t *testing.T, dir string, n int) []string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "reports"), 0o755); err != nil {
		t.Fatal(err)
	}
	gn := synth.Generator{Seed: 7}
	var names []string
	for i := 0; i < n; i++ {
		name, data, _ := gn.Generate(i)
		if err := os.WriteFile(filepath.Join(dir, "reports", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	return names
}

// buildCopy builds with a copy of cfg (Run fills in defaults) and fails
// the test on an error.
func buildCopy(t *testing.T, cfg *config.Config) *Summary {
	t.Helper()
	c := *cfg
	sum, err := Run(Options{Config: &c})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// diffTrees lists the paths whose bytes differ between two trees (added,
// removed or changed).
func diffTrees(a, b map[string][]byte) []string {
	var out []string
	for p, x := range a {
		if y, ok := b[p]; !ok || !bytes.Equal(x, y) {
			out = append(out, p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// TestIncremental: with the cache, a rebuild parses only the changed
// report, writes exactly the files whose bytes changed (nothing of other
// agencies) and ends with the very site a clean build makes.
func TestIncremental(t *testing.T) {
	for _, gz := range []string{"false", "true"} {
		t.Run("data_gzip="+gz, func(t *testing.T) { testIncremental(t, gz) })
	}
}

func testIncremental(t *testing.T, gz string) {
	dir := t.TempDir()
	src := filepath.Join(dir, "content")
	names := writeCorpus(t, src, 30)
	dest := filepath.Join(dir, "public")
	cfg := testConfig(t, src, dest)
	cfg.Cache = filepath.Join(dir, "cache")
	cfg.DataGzip = gz
	build := func() *Summary { t.Helper(); return buildCopy(t, cfg) }
	clean := func() map[string][]byte {
		t.Helper()
		c := *cfg
		c.Cache, c.Destination = "", filepath.Join(t.TempDir(), "public")
		if _, err := Run(Options{Config: &c}); err != nil {
			t.Fatal(err)
		}
		return readTree(t, c.Destination)
	}

	first := build()
	if first.Parsed != len(names) || first.Cached != 0 {
		t.Fatalf("cold build: parsed %d, cached %d, want %d, 0", first.Parsed, first.Cached, len(names))
	}
	before := readTree(t, dest)
	dataPage := string(before["data/index.html"])
	if gzipped := strings.Contains(dataPage, "gzip 压缩") && strings.Contains(dataPage, `data/cells.csv.gz"`); gzipped != (gz == "true") {
		t.Errorf("data page says gzip %v, links cells.csv.gz; want %s", gzipped, gz)
	}
	if _, ok := before["data/cells.csv.gz"]; ok != (gz == "true") {
		t.Errorf("data/cells.csv.gz published %v with data_gzip %s", ok, gz)
	}

	// Nothing changed: nothing parsed, nothing written.
	if s := build(); s.Parsed != 0 || s.Written != 0 || len(s.Changed) != 0 {
		t.Fatalf("unchanged rebuild: parsed %d, wrote %d files %v", s.Parsed, s.Written, s.Changed)
	}

	// One report changes: one parse; the files written are exactly those
	// whose bytes changed, none of another agency.
	var edited string
	for _, n := range names {
		if strings.HasSuffix(n, ".md") || strings.HasSuffix(n, ".txt") {
			edited = n
			break
		}
	}
	p := filepath.Join(src, "reports", edited)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(data, "\n本报告另附说明。\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	s := build()
	after := readTree(t, dest)
	if s.Parsed != 1 || s.Cached != len(names)-1 {
		t.Errorf("after one edit: parsed %d, cached %d", s.Parsed, s.Cached)
	}
	want := diffTrees(before, after)
	if !slices.Equal(s.Changed, want) {
		t.Errorf("written files:\n got %v\nwant %v (the files whose bytes changed)", s.Changed, want)
	}
	agencyDirs := map[string]bool{}
	for _, c := range s.Changed {
		if rest, ok := strings.CutPrefix(c, "agencies/"); ok && strings.Contains(rest, "/") {
			agencyDirs[rest[:strings.Index(rest, "/")]] = true
		}
	}
	if len(agencyDirs) != 1 {
		t.Errorf("files of %d agencies written, want 1: %v", len(agencyDirs), s.Changed)
	}
	if !slices.Contains(s.Changed, "sources/reports/"+edited) {
		t.Errorf("the source copy of %s was not rewritten: %v", edited, s.Changed)
	}
	if d := diffTrees(clean(), after); len(d) > 0 {
		t.Fatalf("incremental site differs from a clean build: %v", d)
	}

	// A report removed: its files go, and the site is again a clean build's.
	if err := os.Remove(filepath.Join(src, "reports", names[len(names)-1])); err != nil {
		t.Fatal(err)
	}
	if s := build(); s.Removed == 0 {
		t.Errorf("removing a report removed no file")
	}
	if d := diffTrees(clean(), readTree(t, dest)); len(d) > 0 {
		t.Fatalf("after a removal the site differs from a clean build: %v", d)
	}

	// A published file edited by hand is put back, and one removed by hand
	// (of an agency whose reports did not change) is written again.
	page := filepath.Join(dest, "index.html")
	if err := os.WriteFile(page, []byte("vandalised"), 0o644); err != nil {
		t.Fatal(err)
	}
	var gone string
	for p := range readTree(t, dest) {
		if strings.HasPrefix(p, "agencies/") && strings.HasSuffix(p, "/report.csv") {
			gone = p
			break
		}
	}
	if err := os.Remove(filepath.Join(dest, gone)); err != nil {
		t.Fatal(err)
	}
	if s := build(); !slices.Contains(s.Changed, gone) || !slices.Contains(s.Changed, "index.html") {
		t.Errorf("files put back %v, want %s and index.html among them", s.Changed, gone)
	}
	if d := diffTrees(clean(), readTree(t, dest)); len(d) > 0 {
		t.Fatalf("a hand-edited file was not restored: %v", d)
	}
}

// TestCacheDropsStaleSegments: a segment the cache index does not name (a
// previous binary's) is removed when the cache is saved; the current ones
// stay and serve the next build.
func TestCacheDropsStaleSegments(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "content")
	names := writeCorpus(t, src, 5)
	cfg := testConfig(t, src, filepath.Join(dir, "public"))
	cfg.Cache = filepath.Join(dir, "cache")
	if err := os.MkdirAll(cfg.Cache, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(cfg.Cache, "seg-1.gob")
	if err := os.WriteFile(stale, []byte("a previous binary's segment"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{0, len(names)} {
		sum := buildCopy(t, cfg)
		if sum.Cached != want {
			t.Errorf("build %d: %d reports from the cache, want %d", i+1, sum.Cached, want)
		}
		if _, err := os.Stat(stale); !os.IsNotExist(err) {
			t.Errorf("build %d: the stale segment is still there (%v)", i+1, err)
		}
		if segs, _ := filepath.Glob(filepath.Join(cfg.Cache, "seg-*.bin")); len(segs) == 0 {
			t.Errorf("build %d: no segment left", i+1)
		}
	}
}

// TestDamagedSegment: a segment cut short (a full disk, a killed build) is
// dropped, never half read: its reports are parsed again, the others come
// from the cache, and the site is a clean build's.
func TestDamagedSegment(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "content")
	names := writeCorpus(t, src, 12)
	dest := filepath.Join(dir, "public")
	cfg := testConfig(t, src, dest)
	cfg.Cache = filepath.Join(dir, "cache")
	run := func() *Summary { t.Helper(); return buildCopy(t, cfg) }
	run()
	before := readTree(t, dest)
	segs, _ := filepath.Glob(filepath.Join(cfg.Cache, "seg-*.bin"))
	if len(segs) == 0 {
		t.Fatal("no segment written")
	}
	b, err := os.ReadFile(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(segs[0], b[:len(b)-7], 0o600); err != nil {
		t.Fatal(err)
	}
	sum := run()
	if sum.Parsed == 0 || sum.Parsed+sum.Cached != len(names) || (len(segs) > 1 && sum.Cached == 0) {
		t.Errorf("after a damaged segment: parsed %d, cached %d of %d (segments %d)", sum.Parsed, sum.Cached, len(names), len(segs))
	}
	if d := diffTrees(before, readTree(t, dest)); len(d) > 0 {
		t.Errorf("site changed after a damaged segment: %v", d)
	}
}
