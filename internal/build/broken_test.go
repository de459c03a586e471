package build

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Broken input never costs other reports: every bad file is listed with
// its reason in the summary and on the validation page, everything else is
// built, and a build that dies mid-write leaves the earlier site in place.

// manyFiles is the size of the one folder full of files.
const manyFiles = 10000

// brokenContent writes the sample reports and every kind of broken file
// into a fresh content folder. bad maps each broken file's path (as the
// build names it) to a word its reason must contain ("" = any reason, or a
// report that does not pass).
func brokenContent(t *testing.T) (src string, good []string, bad map[string]string) {
	t.Helper()
	src = filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(src, "reports"), 0o755); err != nil {
		t.Fatal(err)
	}
	sample, _ := filepath.Glob(filepath.Join(src, "reports", "*"))
	for _, p := range sample {
		_ = os.Chmod(p, 0o644)
		if !strings.HasSuffix(p, ".source.txt") {
			good = append(good, filepath.ToSlash(p))
		}
	}
	daying, err := os.ReadFile("../../content/reports/daying-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile("testdata/hostile/reports/hostile-2021.html")
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(daying)
	if err != nil {
		t.Fatal(err)
	}
	big5, err := traditionalchinese.Big5.NewEncoder().Bytes(bytes.ReplaceAll(daying, []byte("“"), []byte("「")))
	if err != nil {
		big5 = nil // fall back to bytes no decoder reads as a report
	}
	junk := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range junk {
		junk[i] = byte(rng.UintN(256))
	}
	latin1 := []byte("Rapport annuel 2023 \xe9\xe8\xea\xe0 \xff\xfe\xfd sur la transparence\n")

	bad = map[string]string{}
	put := func(name string, data []byte, reason string) {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		bad[filepath.ToSlash(src)+"/"+name] = reason
	}
	put("reports/empty.txt", nil, "empty")
	put("reports/blank.md", []byte("\n \n\t\n"), "")
	put("reports/binary.txt", junk, "")
	put("reports/zip.html", append([]byte("PK\x03\x04\x14\x00\x00\x00"), junk...), "")
	put("reports/utf16.txt", utf16, "UTF-16")
	put("reports/latin1.txt", latin1, "")
	if big5 != nil {
		put("reports/big5-2023.txt", big5, "")
	}
	put("reports/truncated.html", html[:len(html)/3], "")
	put("reports/truncated-nothing.html", []byte("<html><body><table><tr><td>一、本年新收"), "")
	put("reports/not-a-report.txt", []byte("关于召开会议的通知\n各单位：定于明日召开会议。\n"), "not an annual report")
	// 50 MB: sparse, so the test costs no disk; never read into memory.
	huge := filepath.Join(src, "reports", "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	bad[filepath.ToSlash(src)+"/reports/huge.txt"] = "larger than any report"
	// 10,000 files in one folder, each a few bytes that are not a report.
	many := filepath.Join(src, "reports", "many")
	if err := os.MkdirAll(many, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range manyFiles {
		name := fmt.Sprintf("f%05d.txt", i)
		if err := os.WriteFile(filepath.Join(many, name), []byte("x"+name), 0o644); err != nil {
			t.Fatal(err)
		}
		bad[filepath.ToSlash(src)+"/reports/many/"+name] = ""
	}
	return src, good, bad
}

// vanishingFS is the content folder, in which one file is listed by the
// directory walk but gone by the time it is opened, and another is gone
// after it was read once (the build may read a file again to publish it).
type vanishingFS struct {
	fs.FS
	gone, late   string
	opened, more atomic.Int32
}

func (v *vanishingFS) Open(name string) (fs.File, error) {
	if name == v.gone || name == v.late && v.more.Add(1) > 1 {
		v.opened.Add(1)
		return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.ENOENT}
	}
	return v.FS.Open(name)
}

func (v *vanishingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(v.FS, name) }

// TestBrokenInput builds the sample with every kind of broken file beside
// it, and one file that vanishes between listing and reading.
func TestBrokenInput(t *testing.T) {
	start := time.Now()
	src, good, bad := brokenContent(t)
	if err := os.WriteFile(filepath.Join(src, "reports", "vanishes-2023.txt"), []byte("listed, then deleted"), 0o644); err != nil {
		t.Fatal(err)
	}
	late, err := os.ReadFile("testdata/fail/reports/ceshizhen-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "reports", "vanishes-late-2023.txt"), late, 0o644); err != nil {
		t.Fatal(err)
	}
	vanish := &vanishingFS{FS: os.DirFS(src), gone: "reports/vanishes-2023.txt", late: "reports/vanishes-late-2023.txt"}
	bad[filepath.ToSlash(src)+"/reports/vanishes-2023.txt"] = "no such file"

	dest := filepath.Join(t.TempDir(), "public")
	cfg := testConfig(t, src, dest)
	t.Logf("content written in %s", time.Since(start).Round(time.Millisecond))
	sum, err := Run(Options{Config: cfg, Source: vanish})
	if err != nil {
		t.Fatalf("broken files failed the whole build: %v", err)
	}
	t.Logf("built in %s: %d reports, %d errors", sum.Duration.Round(time.Millisecond), sum.Reports, len(sum.Errors))
	if vanish.opened.Load() == 0 {
		t.Error("the vanishing file was never opened: the test did not test it")
	}
	if sum.Reports == 0 {
		t.Fatal("no reports built")
	}

	files := readTree(t, dest)
	validation := errorRows(t, files["validation/index.html"])
	validationHTML := string(files["validation/index.html"])
	summary := map[string]string{}
	for _, line := range strings.Split(sum.String(), "\n") {
		if p, reason, ok := strings.Cut(strings.TrimPrefix(line, "  "), ": "); ok && strings.HasPrefix(line, "  ") {
			summary[p] = reason
		}
	}
	type built struct{ page, badge string }
	reports := map[string]built{} // source path → the report built from it
	for name, data := range files {
		if strings.HasSuffix(name, "/report.json") {
			var r struct {
				Badge string `json:"badge"`
			}
			_ = json.Unmarshal(data, &r)
			for _, p := range sourcePaths(data) {
				reports[p] = built{strings.TrimSuffix(name, "report.json"), r.Badge}
			}
		}
	}
	errs := map[string]string{}
	for _, e := range sum.Errors {
		errs[e.Path] = e.Err
	}
	names := make([]string, 0, len(bad))
	for p := range bad {
		names = append(names, p)
	}
	sort.Strings(names)
	problems := 0
	report := func(format string, a ...any) {
		if problems++; problems <= 8 {
			t.Errorf(format, a...)
		}
	}
	for _, p := range names {
		want := bad[p]
		reason, failed := errs[p]
		r, isReport := reports[p]
		switch {
		case failed:
			if reason == "" || !strings.Contains(reason, want) {
				report("%s: reason %q, want one that says %q", p, reason, want)
			}
			if summary[p] != reason {
				report("%s: in the build summary as %q, want its reason %q", p, summary[p], reason)
			}
			if validation[p] != reason {
				report("%s: on the validation page as %q, want its reason %q", p, validation[p], reason)
			}
		case isReport && want == "":
			// It read as a report after all (a truncated page keeps what it
			// has): it must not pass, and the validation page links it.
			if r.badge == "pass" || !strings.Contains(validationHTML, r.page) {
				report("%s: read as a report (%s, %s) that passes or is not on the validation page", p, r.page, r.badge)
			}
		default:
			report("%s: lost: neither an error nor a report", p)
		}
	}
	if problems > 8 {
		t.Errorf("… %d problems in all", problems)
	}
	for _, p := range good {
		if _, ok := reports[p]; !ok {
			t.Errorf("good report %s not built (error: %q)", p, errs[p])
		}
	}
	if len(validation) != len(sum.Errors) {
		t.Errorf("validation page lists %d files, the summary %d", len(validation), len(sum.Errors))
	}
	if _, ok := files["sources/reports/vanishes-2023.txt"]; ok {
		t.Error("the vanished file was published")
	}
	if _, ok := reports[filepath.ToSlash(src)+"/reports/vanishes-late-2023.txt"]; !ok {
		t.Error("the report of a file gone after it was read was lost")
	}
	checkSite(t, dest, subPath) // and no page links a copy that is not there
}

// errorRows reads the table of files that could not be read from the
// validation page: path → reason.
func errorRows(t *testing.T, page []byte) map[string]string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var textOf func(n *html.Node) string
	textOf = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(textOf(c))
		}
		return b.String()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" {
			var code, td string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type != html.ElementNode {
					continue
				}
				if c.Data == "th" {
					for cc := c.FirstChild; cc != nil; cc = cc.NextSibling {
						if cc.Type == html.ElementNode && cc.Data == "code" {
							code = textOf(cc)
						}
					}
				}
				if c.Data == "td" {
					td = textOf(c)
				}
			}
			if code != "" {
				out[code] = strings.TrimSpace(td)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// sourcePaths reads source.path (and sources[].path) from a report.json.
func sourcePaths(data []byte) []string {
	var out []string
	for _, key := range []string{`"path":"`, `"path": "`} {
		for rest := string(data); ; {
			i := strings.Index(rest, key)
			if i < 0 {
				break
			}
			rest = rest[i+len(key):]
			j := strings.IndexByte(rest, '"')
			out = append(out, strings.ReplaceAll(rest[:j], `\\`, `\`))
		}
	}
	return out
}

// TestKilledBuildKeepsSite kills a build (this test binary run as a
// subprocess) in the middle of writing the site: the earlier public/ is
// intact, and the next build succeeds and clears what the dead one left.
func TestKilledBuildKeepsSite(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	cfg := testConfig(t, "../../content", dest)
	if _, err := Run(Options{Config: cfg}); err != nil {
		t.Fatal(err)
	}
	// Date the earlier site in the past, so anything written now stands out.
	old := time.Now().Add(-time.Hour)
	_ = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			_ = os.Chtimes(p, old, old)
		}
		return err
	})
	before := readTree(t, dest)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperBuildProcess$", "-test.v")
	cmd.Env = append(os.Environ(), "GONGKAI_HELPER_BUILD=1", "GONGKAI_HELPER_SOURCE=../../content", "GONGKAI_HELPER_DEST="+dest,
		"GONGKAI_HELPER_SCRATCH="+t.TempDir())
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	timeout := time.After(60 * time.Second)
	for !strings.Contains(out.String(), "WRITING") {
		select {
		case err := <-done:
			t.Fatalf("the helper build ended (%v) before it was killed:\n%s", err, out.String())
		case <-timeout:
			_ = cmd.Process.Kill()
			<-done
			t.Fatalf("the helper build never stopped mid-write:\n%s", out.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-done // reaped: its process id is free again

	leftovers := 0
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.Name() != "public" {
			leftovers++
		}
	}
	if leftovers == 0 {
		t.Log("the killed build left nothing beside public/ (it wrote in place?)")
	}
	after := readTree(t, dest)
	if len(after) != len(before) {
		t.Errorf("%d files before the killed build, %d after", len(before), len(after))
	}
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("%s changed by the killed build", name)
		}
	}

	if _, err := Run(Options{Config: cfg}); err != nil {
		t.Fatalf("the build after a killed one: %v", err)
	}
	entries, _ = os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "public" {
		t.Errorf("left beside public/ after the next build: %q", names)
	}
	checkSite(t, dest, subPath)
}

// TestHelperBuildProcess is the build TestKilledBuildKeepsSite kills. It
// runs only as that subprocess: it builds, and at the first progress step
// after it has written anything, it says WRITING and waits to be killed.
func TestHelperBuildProcess(t *testing.T) {
	if os.Getenv("GONGKAI_HELPER_BUILD") == "" {
		t.Skip("runs only as the subprocess of TestKilledBuildKeepsSite")
	}
	dest := os.Getenv("GONGKAI_HELPER_DEST")
	// Not t.TempDir: this process is killed, so it would never be removed.
	cfg := testConfigIn(os.Getenv("GONGKAI_HELPER_SCRATCH"), os.Getenv("GONGKAI_HELPER_SOURCE"), dest)
	// Another title changes every page and data file, so the build has
	// everything to write even where it writes only what changed.
	cfg.Title = "另一个标题的门户"
	start := time.Now().Add(-time.Second) // file times are coarse
	_, err := Run(Options{Config: cfg, Progress: progressFunc(func(string) {
		if wroteSince(filepath.Dir(dest), start) {
			fmt.Println("WRITING")
			select {} // until killed
		}
	})})
	t.Fatalf("the build ran to its end (%v) without a progress step after a write", err)
}

type progressFunc func(string)

func (f progressFunc) Write(p []byte) (int, error) { f(string(p)); return len(p), nil }

// wroteSince reports whether any file under dir was written after t.
func wroteSince(dir string, t time.Time) bool {
	found := false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return fs.SkipAll
		}
		if !d.IsDir() {
			if info, err := d.Info(); err == nil && info.ModTime().After(t) {
				found = true
				return fs.SkipAll
			}
		}
		return nil
	})
	return found
}

// lockedBuffer is a bytes.Buffer a subprocess writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
