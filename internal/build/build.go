// Package build runs the whole pipeline — source, parse, validate,
// aggregate, assets, render, export, minify, write — and returns a summary.
// It is the only package that knows every stage; cmd/gongkai only turns
// flags into a config and calls Run.
package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tdewolff/minify/v2"

	"gongkai/assets"
	"gongkai/internal/aggregate"
	assetbuild "gongkai/internal/assets"
	"gongkai/internal/config"
	"gongkai/internal/export"
	"gongkai/internal/minifier"
	"gongkai/internal/parse"
	"gongkai/internal/render"
	"gongkai/internal/report"
	"gongkai/internal/source"
	"gongkai/internal/validate"
	"gongkai/internal/write"
	"gongkai/layouts"
)

// Options configure one build.
type Options struct {
	Config *config.Config
	// Parse reads one file; nil means parse.File. Tests substitute their own.
	Parse func(path string, data []byte) (*report.Report, error)
	// Progress, when set, receives a progress line per stage on long builds.
	Progress io.Writer
	// LiveReload adds the serve-mode reload script to every page.
	LiveReload bool
}

// Summary says what a build did.
type Summary struct {
	Reports, Agencies, Years int
	Badges                   map[string]int
	Errors                   []render.FileError
	Files                    int
	Bytes                    int64
	Duration                 time.Duration
	Destination              string
}

// String is the summary printed after a build.
func (s *Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gongkai: %d reports, %d agencies, %d years — %d 通过 pass, %d 警告 warn, %d 未通过 fail\n",
		s.Reports, s.Agencies, s.Years, s.Badges[report.Pass], s.Badges[report.Warn], s.Badges[report.Fail])
	if len(s.Errors) > 0 {
		fmt.Fprintf(&b, "gongkai: %d files with errors:\n", len(s.Errors))
		for _, e := range s.Errors {
			fmt.Fprintf(&b, "  %s: %s\n", e.Path, e.Err)
		}
	} else {
		b.WriteString("gongkai: 0 files with errors\n")
	}
	fmt.Fprintf(&b, "gongkai: wrote %d files, %s, to %s in %s\n", s.Files, size(s.Bytes), s.Destination, s.Duration.Round(time.Millisecond))
	return b.String()
}

func size(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	}
	return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
}

// overlay reads a file from upper when it is there, else from lower: a
// user's layouts/ or assets/ directory over the built-in defaults.
type overlay struct{ upper, lower fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if o.upper != nil {
		if f, err := o.upper.Open(name); err == nil {
			return f, nil
		}
	}
	return o.lower.Open(name)
}

func userDir(dir string) fs.FS {
	if dir == "" {
		return nil
	}
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return os.DirFS(dir)
	}
	return nil
}

// Run builds the site into cfg.Destination. On any error the previous
// destination is left as it was. Files that fail to parse are not errors of
// the build: they are in Summary.Errors.
func Run(opt Options) (*Summary, error) {
	start := time.Now()
	cfg := opt.Config
	if cfg == nil {
		return nil, errors.New("build: no config")
	}
	if err := cfg.Normalize(); err != nil {
		return nil, err
	}
	if opt.Parse == nil {
		opt.Parse = parse.File
	}
	progress := func(format string, a ...any) {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "\r\033[K"+format, a...)
		}
	}

	contentFS := os.DirFS(cfg.Source)
	files, err := source.Walk(contentFS)
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", cfg.Source, err)
	}
	reps, fileErrs := parseAll(cfg.Source, files, opt.Parse, progress)

	corpus := aggregate.Build(reps, aggregate.Options{Aliases: cfg.Aliases, Slugs: cfg.Slugs})

	progress("assets…")
	manifest, assetFiles, err := assetbuild.Build(overlay{userDir(cfg.Assets), assets.FS}, assetbuild.Entries)
	if err != nil {
		return nil, err
	}
	rd, err := render.New(overlay{userDir(cfg.Layouts), layouts.FS})
	if err != nil {
		return nil, err
	}

	site, err := write.New(cfg.Destination)
	if err != nil {
		return nil, err
	}
	defer site.Abort() // no-op after Commit

	progress("data…")
	meta := export.Meta{Title: cfg.Title, License: cfg.License, LicenseURL: cfg.LicenseURL, Cite: cfg.Cite, BaseURL: cfg.BaseURL}
	dataFiles, err := export.WriteData(filepath.Join(site.Dir(), "data"), corpus.Reports, meta)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var dataBytes int64
	for _, f := range dataFiles {
		dataBytes += f.Bytes
		// Published files are world-readable whatever mode the writer chose
		// (the sqlite driver creates 0600).
		if err := os.Chmod(filepath.Join(site.Dir(), "data", filepath.FromSlash(f.Name)), 0o644); err != nil {
			return nil, err
		}
	}

	out := map[string][]byte{}
	copies := map[string]string{}
	if cfg.Sources {
		for _, f := range files {
			sp := sourceCopyPath(f.Path)
			out[sp] = f.Data
			copies[joinSource(cfg.Source, f.Path)] = sp
		}
		for i := range fileErrs {
			fileErrs[i].Copy = copies[fileErrs[i].Path]
		}
	}
	for _, f := range assetFiles {
		out[f.Path] = f.Data
	}

	progress("pages…")
	in := &render.Input{
		Config: cfg, Corpus: corpus, Errors: fileErrs, Manifest: manifest,
		DataFiles: dataFiles, Dictionary: export.Dictionary(),
		Intro: string(source.Page(contentFS, "_index.md")), Copies: copies,
		LiveReload: opt.LiveReload, BuildDate: render.BuildDate(cfg.BuildDate, corpus.Reports),
	}
	pages, err := rd.Site(in)
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		out[p.Path] = p.Data
	}
	out["favicon.svg"] = []byte(favicon)

	for _, a := range corpus.Agencies {
		dir := "agencies/" + a.Slug + "/"
		if out[dir+"data.json"], err = export.AgencyJSON(a.Reports); err != nil {
			return nil, err
		}
		if out[dir+"data.csv"], err = export.AgencyCSV(a.Reports); err != nil {
			return nil, err
		}
		for _, r := range a.Reports {
			rp := render.ReportPath(r)
			if out[rp+"report.json"], err = export.ReportJSON(r); err != nil {
				return nil, err
			}
			if out[rp+"report.csv"], err = export.ReportCSV(r); err != nil {
				return nil, err
			}
		}
	}

	progress("minify…")
	if err := minifyAll(out, copies); err != nil {
		return nil, err
	}

	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	var total int64
	for _, n := range names {
		if err := site.File(n, out[n]); err != nil {
			return nil, err
		}
		total += int64(len(out[n]))
	}
	if err := site.Commit(); err != nil {
		return nil, err
	}
	progress("")
	if opt.Progress != nil {
		fmt.Fprint(opt.Progress, "\r\033[K")
	}
	return &Summary{
		Reports: len(corpus.Reports), Agencies: len(corpus.Agencies), Years: len(corpus.Years),
		Badges: corpus.Badges(), Errors: fileErrs,
		Files: len(out) + len(dataFiles), Bytes: total + dataBytes,
		Duration: time.Since(start), Destination: cfg.Destination,
	}, nil
}

// joinSource is the path a report names as its source: the content
// directory joined with the file's path, with forward slashes.
func joinSource(dir, p string) string {
	return path.Join(filepath.ToSlash(dir), p)
}

// sourceCopyPath is where a source file is published. HTML sources get a
// ".txt" suffix so a static host serves them as text: a report's own
// markup or scripts must never run on the portal's origin.
func sourceCopyPath(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm", ".xhtml", ".svg", ".xml":
		return "sources/" + p + ".txt"
	}
	return "sources/" + p
}

// parseAll parses and validates every file on all cores; results keep the
// input order so the build stays deterministic.
func parseAll(dir string, files []source.File, parseFn func(string, []byte) (*report.Report, error), progress func(string, ...any)) ([]*report.Report, []render.FileError) {
	type result struct {
		r   *report.Report
		err error
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i].r, results[i].err = parseOne(joinSource(dir, files[i].Path), files[i], parseFn)
				mu.Lock()
				done++
				if len(files) > 200 && done%50 == 0 {
					progress("parsing %d/%d", done, len(files))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	var reps []*report.Report
	var errs []render.FileError
	for i, res := range results {
		if res.err != nil {
			errs = append(errs, render.FileError{Path: joinSource(dir, files[i].Path), Err: res.err.Error()})
			continue
		}
		reps = append(reps, res.r)
	}
	return reps, errs
}

// parseOne parses and validates one file; a panic in a stage is that file's
// error, not the build's.
func parseOne(p string, f source.File, parseFn func(string, []byte) (*report.Report, error)) (r *report.Report, err error) {
	defer func() {
		if e := recover(); e != nil {
			r, err = nil, fmt.Errorf("internal error: %v", e)
		}
	}()
	r, err = parseFn(p, f.Data)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errors.New("no report")
	}
	if r.Source.Path == "" {
		r.Source.Path = p
	}
	if r.Source.SHA256 == "" {
		sum := sha256.Sum256(f.Data)
		r.Source.SHA256 = hex.EncodeToString(sum[:])
	}
	if r.Source.URL == "" {
		r.Source.URL = f.URL
	}
	if r.Schema == "" {
		r.Schema = report.Schema
	}
	validate.Report(r)
	return r, nil
}

// minifyAll minifies every page, feed, sitemap, badge and JSON download in
// place, on all cores. Source copies are published as they are.
func minifyAll(out map[string][]byte, copies map[string]string) error {
	published := map[string]bool{}
	for _, sp := range copies {
		published[sp] = true
	}
	m := minifier.New()
	var names []string
	for n := range out {
		if !published[n] && !strings.HasPrefix(n, "assets/") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	type job struct {
		name string
		data []byte
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		jobs  = make(chan job)
	)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				b, err := minifyOne(m, j.name, j.data)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("minify %s: %w", j.name, err)
				}
				out[j.name] = b
				mu.Unlock()
			}
		}()
	}
	for _, n := range names {
		jobs <- job{n, out[n]}
	}
	close(jobs)
	wg.Wait()
	return first
}

func minifyOne(m *minify.M, name string, data []byte) ([]byte, error) {
	t := minifier.TypeOf(name)
	if strings.HasSuffix(name, ".json") {
		t = minifier.JSON
	}
	if t == "" {
		return data, nil
	}
	return minifier.Bytes(m, t, data)
}

// favicon is the site icon: 公 on the accent colour.
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b4f8a"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">公</text></svg>`
