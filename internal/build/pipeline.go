package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tdewolff/minify/v2"

	"gongkai/assets"
	"gongkai/internal/aggregate"
	assetbuild "gongkai/internal/assets"
	"gongkai/internal/export"
	"gongkai/internal/hugepages"
	"gongkai/internal/minifier"
	"gongkai/internal/parse"
	"gongkai/internal/region"
	"gongkai/internal/render"
	"gongkai/internal/report"
	"gongkai/internal/source"
	"gongkai/internal/write"
	"gongkai/layouts"
)

// parsed is one listed file after the parse stage.
type parsed struct {
	r      *report.Report
	err    error
	key    string // content key (entryKey), "" when unread
	sha    string
	region string
	cached bool
	// reload: parsed and put into the cache, then let go, to be read back
	// once every file is parsed (cache.reload).
	reload bool
}

// parseEntries reads, parses and validates every listed file on all cores,
// taking what it can from the cache; results keep the input order. Twice
// as many workers as cores: a worker waits on reading its file and on the
// cache segment it writes, and with one per core a cold build's parse kept
// the cores busy 1.3 of 2.
func parseEntries(dir string, fsys fs.FS, entries []source.Entry, parseFn parseFunc, c *cache, progress func(string, ...any)) []parsed {
	results := make([]parsed, len(entries))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
		next = make(chan int, 256)
	)
	for w := 0; w < 2*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var seg *segWriter
			var buf []byte // the worker's read buffer, used again for each file
			for i := range next {
				e := entries[i]
				res := &results[i]
				p := joinSource(dir, e.Path)
				if e.Err != nil {
					res.err = e.Err
					continue
				}
				var data []byte
				if c != nil {
					res.sha, _ = c.stat(e.Path, e.Size, e.ModTime.UnixNano())
				}
				if res.sha == "" {
					var err error
					if data, err = source.ReadInto(fsys, e, buf); err != nil {
						res.err = err
						continue
					}
					sum := sha256.Sum256(data)
					res.sha = hex.EncodeToString(sum[:])
				}
				res.key = entryKey(res.sha, p, e.URL)
				if c != nil {
					if ce := c.lookup(res.key); ce != nil {
						res.cached, res.region = true, ce.Region
						if ce.Err != "" {
							res.err = errors.New(ce.Err)
						} else {
							res.r = ce.Report
						}
						continue
					}
				}
				if data == nil {
					var err error
					if data, err = source.ReadInto(fsys, e, buf); err != nil {
						res.err = err
						continue
					}
					if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != res.sha {
						// Changed without a new size or mtime: key it anew.
						res.sha = hex.EncodeToString(sum[:])
						res.key = entryKey(res.sha, p, e.URL)
					}
				}
				res.r, res.err = parseOne(p, source.File{Path: e.Path, Data: data, URL: e.URL}, res.sha, parseFn)
				if res.r != nil {
					normalize(res.r)
					detach(res.r)
				}
				res.region = region.FrontMatter(data)
				// Nothing kept points into data (detach, TestDetached):
				// its storage reads the worker's next file.
				buf = data[:0]
				if c != nil {
					if seg == nil {
						seg = c.writer()
					}
					ce := &cacheEntry{Key: res.key, Report: res.r, Region: res.region}
					if res.err != nil {
						ce.Err = res.err.Error()
					}
					seg.put(ce)
					if seg.err == nil && res.r != nil {
						res.r, res.reload = nil, true
					}
				}
				mu.Lock()
				done++
				if len(entries) > 200 && done%100 == 0 {
					progress("parsing %d/%d", done, len(entries))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range entries {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// parseAll is parseEntries, then the cache's new segments finished
// (cache.flush) and the reports the workers let go read back from them
// (cache.reload); a report that cannot be read back is parsed again.
// stage is called after parsing and after reading back, for timing.
//
// When the limit is raised for reading back, floor (if not nil) is set to
// the live heap that reading back leaves, for adaptLimit until the next
// collection (liveFloor).
func parseAll(dir string, fsys fs.FS, entries []source.Entry, parseFn parseFunc, c *cache, progress func(string, ...any), stage func(string), floor *liveFloor) ([]parsed, error) {
	results := parseEntries(dir, fsys, entries, parseFn, c, progress)
	stage("parse")
	if c == nil {
		return results, nil
	}
	if err := c.flush(); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	// Reading back 100,000 reports at the memory limit set for parsing's
	// small live heap took three collections of a growing heap, and the
	// runtime handed pages back to the system as it took new ones (1.6 s
	// of madvise). When what is read back (the reports decoded from the
	// segments take about 1.2 times their bytes; twice leaves a margin)
	// will not fit under the limit, what parsing left is collected first,
	// so that its memory takes the reports, and the limit makes room for
	// them; the next stage sets it anew (adaptLimit).
	raised := false
	if os.Getenv("GOMEMLIMIT") == "" {
		if read := 2 * c.newBytes(); heapLive()+read > debug.SetMemoryLimit(-1) {
			runtime.GC()
			debug.SetMemoryLimit(heapLive() + read)
			raised = true
		}
	}
	before := heapAllocs()
	c.reload(results)
	reparseMissing(dir, fsys, entries, parseFn, results)
	if raised && floor != nil {
		floor.set(heapLive() + heapAllocs() - before)
	}
	stage("reload")
	return results, nil
}

// reparseMissing parses again, on all cores and without the cache, each
// file whose report was let go and could not be read back: a segment that
// failed to write costs time, not reports.
func reparseMissing(dir string, fsys fs.FS, entries []source.Entry, parseFn parseFunc, results []parsed) {
	var idx []int
	var missing []source.Entry
	for i := range results {
		if results[i].reload && results[i].r == nil {
			idx = append(idx, i)
			missing = append(missing, entries[i])
		}
	}
	if len(missing) == 0 {
		return
	}
	again := parseEntries(dir, fsys, missing, parseFn, nil, func(string, ...any) {})
	for j, i := range idx {
		results[i].r, results[i].err = again[j].r, again[j].err
	}
}

// detach copies the report's text that the parser cut from the decoded
// file (names, source paths, titles, prose, notes, messages, unread runs),
// so the file's text is not kept alive for the whole build by a few
// substrings of it. The copies are substrings of one new string: a
// national corpus keeps every report in memory, and two dozen small
// strings per report were a third of the objects the collector marked on
// every cycle.
func detach(r *report.Report) {
	var fields []*string
	add := func(p *string) {
		if *p == "" {
			*p = "" // an empty string cut from the text still points into it
			return
		}
		fields = append(fields, p)
	}
	add(&r.ID)
	add(&r.Agency)
	add(&r.AgencyAsWritten)
	add(&r.AgencySlug)
	add(&r.Source.Path)
	add(&r.Source.SHA256)
	add(&r.Source.URL)
	for i := range r.Sources {
		add(&r.Sources[i].Path)
		add(&r.Sources[i].SHA256)
		add(&r.Sources[i].URL)
	}
	for i := range r.Sections {
		add(&r.Sections[i].Title)
		add(&r.Sections[i].Text)
	}
	for i := range r.Notes {
		add(&r.Notes[i])
	}
	for i := range r.Checks {
		add(&r.Checks[i].Message)
		add(&r.Checks[i].English)
		for j := range r.Checks[i].Cells {
			add(&r.Checks[i].Cells[j])
		}
	}
	if r.Period != nil {
		add(&r.Period.From)
		add(&r.Period.To)
	}
	n := 0
	for _, p := range fields {
		n += len(*p)
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range fields {
		b.WriteString(*p)
	}
	all := b.String()
	for _, p := range fields {
		l := len(*p)
		*p, all = all[:l], all[l:]
	}
	if r.Unread != nil { // rare: a flattened row with several readings
		u := make(map[string]string, len(r.Unread))
		for k, v := range r.Unread {
			u[strings.Clone(k)] = strings.Clone(v)
		}
		r.Unread = u
	}
}

// run is Run: list, parse (cached), aggregate, then render and write only
// what changed, agencies in parallel, nothing held for the whole site but
// the reports themselves.
func run(opt Options) (*Summary, error) {
	start := time.Now()
	cfg := opt.Config
	if cfg == nil {
		return nil, errors.New("build: no config")
	}
	if err := cfg.Normalize(); err != nil {
		return nil, err
	}
	useCache := cfg.Cache != "" && opt.Parse == nil
	parseFn := parseFunc(parse.FileSHA)
	if opt.Parse != nil {
		parseFn = func(p string, data []byte, _ string) (*report.Report, error) { return opt.Parse(p, data) }
	}
	progress := func(format string, a ...any) {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "\r\033[K"+format, a...)
		}
	}
	sum := &Summary{Destination: cfg.Destination}
	// GONGKAI_TIMING=1 prints how long each stage took (for profiling).
	last := start
	lastUser, lastSys := cpuTimes()
	lastAlloc, lastGCs := heapAllocs(), gcCycles()
	timing := os.Getenv("GONGKAI_TIMING") != ""
	setLimit := func() {}
	collectorOff := false
	room := int64(pagesRoom)
	var floor liveFloor
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(768 << 20))
		setLimit = func() { adaptLimit(floor.live(), room) }
		if os.Getenv("GOGC") == "" {
			// While a corpus is parsed, the collector runs when the heap
			// reaches the limit, not each time it doubles (see rebuildGC
			// for a build that parses little).
			defer debug.SetGCPercent(debug.SetGCPercent(-1))
			collectorOff = true
		}
	}
	// heapGrew runs as the heap grows (after each stage, every hundred
	// files parsed and every fifty agencies rendered): the limit follows
	// the live heap, and the heap mapped since is asked for in huge pages.
	heapGrew := func() {
		setLimit()
		hugepages.Extend()
	}
	heapAt := os.Getenv("GONGKAI_HEAPPROFILE") // "stage:file": heap profile after a stage
	stage := func(name string) {
		// Work from here on is labelled with the stage it follows, so a
		// --cpuprofile can be cut by stage (pprof -tagfocus after=parse).
		pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("after", name)))
		heapGrew()
		if at, file, ok := strings.Cut(heapAt, ":"); ok && at == name {
			runtime.GC()
			if f, err := os.Create(file); err == nil {
				_ = pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
		if timing {
			now := time.Now()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			user, sys := cpuTimes()
			// What the collector scanned (pointers) at its last cycle:
			// what each cycle costs, against the heap it keeps.
			scanned := readUint64("/gc/scan/heap:bytes")
			// What the stage allocated and how many collections that
			// took: unlike its time, the same on a slow machine.
			alloc, gcs := heapAllocs(), gcCycles()
			fmt.Fprintf(os.Stderr, "gongkai: %-10s %8s  heap %4d MiB (scan %4d MiB)  peak RSS %s  cpu %.1fs user %.1fs sys  alloc %5d MiB %3d GC\n", name, now.Sub(last).Round(time.Millisecond), ms.HeapAlloc>>20, scanned>>20, peakRSS(),
				(user - lastUser).Seconds(), (sys - lastSys).Seconds(), (alloc-lastAlloc)>>20, gcs-lastGCs)
			last, lastUser, lastSys, lastAlloc, lastGCs = now, user, sys, alloc, gcs
		}
	}

	contentFS := opt.Source
	if contentFS == nil {
		contentFS = source.DirFS(cfg.Source)
	}
	// The heap grows to hundreds of megabytes: in 2 MB pages, not 4 KB
	// ones, where the system gives them only when asked. They are asked
	// for before the listing, so that the cache loads (and the last
	// build's files are stated) while the content folder is listed, on
	// the cores the listing leaves; heapGrew asks again for the heap
	// mapped since.
	hugepages.Reserve(768 << 20)
	var c *cache
	var pres *presence
	cacheDone := make(chan struct{})
	go func() {
		defer close(cacheDone)
		if !useCache {
			return
		}
		c = openCache(cfg.Cache)
		if m := c.index.Manifest; m != nil {
			if dest, err := filepath.Abs(cfg.Destination); err == nil && m.Dest == dest {
				pres = statPresence(dest, m)
			}
		}
	}()
	entries, err := source.List(contentFS)
	stage("list")
	<-cacheDone
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", cfg.Source, err)
	}
	stage("cache")
	if collectorOff && c != nil && rebuildGC(c.known(entries), len(entries)) {
		debug.SetGCPercent(100)
	}
	if testHookParsing != nil {
		testHookParsing()
	}
	results, err := parseAll(cfg.Source, contentFS, entries, parseFn, c, func(format string, a ...any) {
		heapGrew()
		progress(format, a...)
	}, stage, &floor)
	if err != nil {
		return nil, err
	}
	var (
		reps     []*report.Report
		fileErrs []render.FileError
		regions  = map[string]string{}
		fileKeys = map[string]string{}
		stats    = map[string]statEntry{}
	)
	for i, res := range results {
		e := entries[i]
		p := joinSource(cfg.Source, e.Path)
		if res.sha != "" {
			stats[e.Path] = statEntry{Size: e.Size, ModTime: e.ModTime.UnixNano(), SHA256: res.sha}
			fileKeys[p] = res.key
		}
		if res.cached {
			sum.Cached++
		} else if res.key != "" {
			sum.Parsed++
		}
		if res.region != "" {
			regions[p] = res.region
		}
		if res.err != nil {
			fileErrs = append(fileErrs, render.FileError{Path: p, Err: res.err.Error()})
			continue
		}
		reps = append(reps, res.r)
	}
	stage("collect")
	corpus := aggregate.Build(reps, aggregate.Options{Aliases: cfg.Aliases, Slugs: cfg.Slugs,
		Regions: cfg.Regions, FrontMatter: regions})
	stage("aggregate")

	progress("assets…")
	assetMan, assetFiles, err := assetbuild.Build(overlay{userDir(cfg.Assets), assets.FS}, assetbuild.Entries)
	if err != nil {
		return nil, err
	}
	layoutFS := overlay{userDir(cfg.Layouts), layouts.FS}
	rd, err := render.New(layoutFS)
	if err != nil {
		return nil, err
	}

	upd, err := write.NewUpdate(cfg.Destination)
	if err != nil {
		return nil, err
	}
	defer upd.Abort() // no-op after Commit
	destAbs, _ := filepath.Abs(cfg.Destination)
	var old *manifest
	if c != nil && c.index.Manifest != nil && c.index.Manifest.Dest == destAbs && !upd.Fresh() {
		old = c.index.Manifest
	}
	out := newOutput(upd, old, destAbs)
	if old != nil {
		out.pres = pres
	}

	buildDate := render.BuildDate(cfg.BuildDate, corpus.Reports)
	site := siteKey(cfg, layoutFS, assetMan, buildDate, opt.LiveReload)
	gzipData := cfg.GzipData(len(corpus.Reports))
	if gzipData {
		// The file names and formats of /data/ (and the pages linking
		// them) change with the mode, which "auto" sets by the corpus.
		site = hashStrings(site, "gzip")
	}

	akeys := agencyKeys(site, corpus, fileKeys)

	// The /data/ bundle: rebuilt when any report or setting changed.
	progress("data…")
	h, dataSum := newHasher()
	h.add(site)
	for _, r := range corpus.Reports {
		h.add(r.ID, r.Source.Path, fileKeys[r.Source.Path])
		for _, s := range r.Sources {
			h.add(s.Path, fileKeys[s.Path])
		}
	}
	dataKey := dataSum()
	var (
		dataFiles []export.FileInfo
		// waitData waits for the bundle being written meanwhile and
		// returns its files and index; nil when the last one is kept.
		waitData func() ([]export.FileInfo, export.DataIndex, error)
	)
	if old != nil && old.Data == dataKey && out.keepAll(dataPaths(old.DataInfo)) {
		dataFiles, out.m.DataIndex = old.DataInfo, old.DataIndex
	} else {
		meta := export.Meta{Title: cfg.Title, License: cfg.License, LicenseURL: cfg.LicenseURL, Cite: cfg.Cite, BaseURL: cfg.BaseURL, Gzip: gzipData}
		// Each report's rows are copied from the last bundle when its
		// agency's key (everything its reports are made from) is the same.
		reuse := &export.Reuse{Keys: make(map[string]string, len(corpus.Reports))}
		for _, r := range corpus.Reports {
			if k, ok := akeys[corpus.AgencyOf[r]]; ok {
				reuse.Keys[r.ID] = hashStrings(k, r.ID)
			}
		}
		if old != nil && old.DataIndex != nil && out.present(old.DataInfo) {
			reuse.Dir, reuse.Prev = filepath.Join(upd.Dest(), "data"), old.DataIndex
		}
		if c != nil {
			reuse.SQLite = filepath.Join(c.dir, "data.sqlite")
		}
		// The bundle streams to disk on a core of its own while the pages
		// are rendered: it reads the reports only.
		type result struct {
			files []export.FileInfo
			index export.DataIndex
			err   error
		}
		done := make(chan result, 1)
		go func() {
			t0 := time.Now()
			files, index, err := export.WriteDataReuse(filepath.Join(upd.Dir(), "data"), corpus.Reports, meta, reuse)
			if timing {
				fmt.Fprintf(os.Stderr, "gongkai: (the /data/ bundle took %s beside the pages)\n", time.Since(t0).Round(time.Millisecond))
			}
			done <- result{files, index, err}
		}()
		var once sync.Once
		var res result
		waitData = func() ([]export.FileInfo, export.DataIndex, error) {
			once.Do(func() { res = <-done })
			return res.files, res.index, res.err
		}
		// Whatever happens to the build, the writer finishes before the
		// staging directory is removed.
		defer waitData()
	}
	out.m.Data, out.m.DataInfo = dataKey, dataFiles
	stage("data")

	copies := map[string]string{}
	if cfg.Sources {
		for i, e := range entries {
			res := results[i]
			if res.sha == "" {
				continue // nothing was read, nothing to publish
			}
			sp := sourceCopyPath(e.Path)
			copies[joinSource(cfg.Source, e.Path)] = sp
			if out.keep(sp, res.sha[:32]) {
				continue
			}
			data, err := source.Read(contentFS, e)
			if err != nil {
				// gone since it was parsed: its report stands, without a copy
				delete(copies, joinSource(cfg.Source, e.Path))
				continue
			}
			if err := out.putHashed(sp, data, hashBytes(data)); err != nil {
				return nil, err
			}
		}
		for i := range fileErrs {
			fileErrs[i].Copy = copies[fileErrs[i].Path]
		}
	}
	for _, f := range assetFiles {
		if err := out.put(f.Path, f.Data); err != nil {
			return nil, err
		}
	}
	if err := out.put("favicon.svg", []byte(favicon)); err != nil {
		return nil, err
	}

	progress("pages…")
	in := &render.Input{
		Config: cfg, Corpus: corpus, Errors: fileErrs, Manifest: assetMan,
		DataFiles: dataFiles, Dictionary: export.Dictionary(),
		Intro: string(source.Page(contentFS, "_index.md")), Copies: copies,
		LiveReload: opt.LiveReload, BuildDate: buildDate,
	}
	in.AgencyKeys = akeys
	in.Keep = func(path, stage, key string) bool {
		key = hashStrings(site, key)
		slot := path
		if stage != "" {
			slot = stage + ":" + path
		}
		out.mu.Lock()
		out.m.Pages[slot] = key
		out.mu.Unlock()
		if out.old == nil || out.old.Pages[slot] != key || !out.keepAll([]string{path}) {
			return false
		}
		if stage != "" {
			// Kept on its inputs, the page keeps its data key for the
			// build whose inputs differ.
			if k, ok := out.old.Pages[path]; ok {
				out.mu.Lock()
				out.m.Pages[path] = k
				out.mu.Unlock()
			}
		}
		return true
	}
	mini := minifier.New()
	// The live heap grows while pages render (the output's bookkeeping):
	// the limit follows it, as while parsing.
	if err := renderAgencies(rd, in, mini, out, func(format string, a ...any) {
		heapGrew()
		progress(format, a...)
	}); err != nil {
		return nil, err
	}
	stage("agencies")
	in.DataLater = waitData != nil
	if err := rd.GlobalFunc(in, func(f render.File) error { return putOne(mini, out, f) }); err != nil {
		return nil, err
	}
	stage("corpus")
	if waitData != nil {
		files, index, err := waitData()
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		stage("wait")
		if err := stageData(upd, out, files); err != nil {
			return nil, err
		}
		out.m.DataIndex, out.m.DataInfo, in.DataFiles = index, files, files
		f, err := rd.DataPage(in)
		if err != nil {
			return nil, err
		}
		if err := putOne(mini, out, f); err != nil {
			return nil, err
		}
	}

	room = saveRoom
	stage("global")
	progress("writing…")
	var remove []string
	if old != nil {
		for n := range old.Files {
			if _, ok := out.m.Files[n]; !ok {
				remove = append(remove, n)
			}
		}
	} else if !upd.Fresh() {
		names, err := upd.List()
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if _, ok := out.m.Files[n]; !ok {
				remove = append(remove, n)
			}
		}
	}
	sort.Strings(remove)
	// The cache index is encoded while the site is committed, and put in
	// place once it is.
	type prepared struct {
		done func(commit bool) error
		err  error
	}
	saving := make(chan prepared, 1)
	if c != nil {
		go func() {
			done, err := c.prepare(out.m, stats)
			saving <- prepared{done, err}
		}()
	}
	err = upd.Commit(remove)
	stage("commit")
	if c != nil {
		p := <-saving
		if p.err == nil {
			p.err = p.done(err == nil)
		}
		if err == nil && p.err != nil {
			return nil, fmt.Errorf("cache: %w", p.err)
		}
	}
	if err != nil {
		return nil, err
	}
	stage("save")
	progress("")
	if opt.Progress != nil {
		fmt.Fprint(opt.Progress, "\r\033[K")
	}
	sum.Reports, sum.Agencies, sum.Years = len(corpus.Reports), len(corpus.Agencies), len(corpus.Years)
	sum.Badges, sum.Errors = corpus.Badges(), fileErrs
	for _, f := range out.m.Files {
		sum.Files++
		sum.Bytes += f.Size
	}
	sum.Written, sum.WrittenBytes = out.written()
	sum.Removed = len(remove)
	sum.Changed = append(out.changed, remove...)
	sort.Strings(sum.Changed)
	sum.Duration = time.Since(start)
	return sum, nil
}

// stageData records the /data/ files a writer put into the staging
// directory: those whose bytes are in place already are removed again.
func stageData(upd *write.Update, out *output, files []export.FileInfo) error {
	for _, f := range files {
		staged := filepath.Join(upd.Dir(), "data", filepath.FromSlash(f.Name))
		if out.keep("data/"+f.Name, f.SHA256[:32]) {
			// The same bytes are in place: do not move them over.
			if err := os.Remove(staged); err != nil {
				return err
			}
			continue
		}
		// Published files are world-readable whatever mode the writer
		// chose (the sqlite driver creates 0600).
		if err := os.Chmod(staged, 0o644); err != nil {
			return err
		}
		out.staged("data/"+f.Name, f.SHA256[:32], f.Bytes)
	}
	return nil
}

func dataPaths(fs []export.FileInfo) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = "data/" + f.Name
	}
	return out
}

// renderAgencies renders, exports, minifies and writes each agency's files
// on all cores, skipping agencies whose key did not change.
func renderAgencies(rd *render.Renderer, in *render.Input, mini *minify.M, out *output, progress func(string, ...any)) error {
	agencies := in.Corpus.Agencies
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		done  int
		next  = make(chan *aggregate.Agency, 64)
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
	}
	// Twice as many workers as cores: writing thousands of small files,
	// a worker often waits on the file system (measured: a third less
	// wall time when the disk was slow, no change when it was not).
	for w := 0; w < 2*runtime.GOMAXPROCS(0); w++ {
		wr, err := rd.Worker()
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range next {
				key := in.AgencyKeys[a]
				if out.keepAgency(a.Slug, key) {
					continue
				}
				names, err := agencyFiles(wr, in, a, mini, out)
				if err != nil {
					fail(err)
					continue
				}
				out.agency(a.Slug, key, names)
				mu.Lock()
				done++
				if len(agencies) > 100 && done%50 == 0 {
					progress("pages: agency %d/%d", done, len(agencies))
				}
				mu.Unlock()
			}
		}()
	}
	for _, a := range agencies {
		next <- a
	}
	close(next)
	wg.Wait()
	return first
}

// agencyFiles writes one agency's pages, badge and downloads and returns
// their names. Each file is written as soon as it is made, from a buffer
// used again for the next: one agency's files are hundreds of kilobytes,
// and a national build made every byte of them twice.
func agencyFiles(rd *render.Renderer, in *render.Input, a *aggregate.Agency, mini *minify.M, out *output) ([]string, error) {
	var names []string
	put := func(f render.File) error {
		names = append(names, f.Path)
		return putOne(mini, out, f)
	}
	if err := rd.AgencyFunc(in, a, put); err != nil {
		return nil, err
	}
	bp := fileBufs.Get().(*[]byte)
	defer fileBufs.Put(bp)
	dir := "agencies/" + a.Slug + "/"
	b, err := export.AppendAgencyJSON((*bp)[:0], a.Reports)
	if err == nil {
		err = put(render.File{Path: dir + "data.json", Data: b})
	}
	if err != nil {
		return nil, err
	}
	b, err = export.AppendAgencyCSV(b[:0], a.Reports)
	if err == nil {
		err = put(render.File{Path: dir + "data.csv", Data: b})
	}
	if err != nil {
		return nil, err
	}
	for _, r := range a.Reports {
		rp := render.ReportPath(r)
		b = export.AppendReportJSON(b[:0], r)
		if err := put(render.File{Path: rp + "report.json", Data: b}); err != nil {
			return nil, err
		}
		b = export.AppendReportCSV(b[:0], r)
		if err := put(render.File{Path: rp + "report.csv", Data: b}); err != nil {
			return nil, err
		}
	}
	*bp = b
	return names, nil
}

// fileBufs are the buffers agencyFiles writes downloads into.
var fileBufs = sync.Pool{New: func() any { return new([]byte) }}

// putOne minifies and writes one file (page, feed, badge, JSON).
func putOne(mini *minify.M, out *output, f render.File) error {
	b, err := minifyOne(mini, f.Path, f.Data)
	if err != nil {
		return fmt.Errorf("minify %s: %w", f.Path, err)
	}
	return out.put(f.Path, b)
}

// output decides, file by file, whether to write: it records every file of
// the new site in the manifest and stages only those whose bytes differ
// from what the previous build recorded (or, without a record, from the
// file in the destination).
type output struct {
	upd  *write.Update
	old  *manifest
	pres *presence // old's files as they are in the destination, if stated
	mu   sync.Mutex
	m    *manifest
	// changed lists the files written; extra* count those a writer put
	// into the staging directory itself.
	changed    []string
	extra      int
	extraBytes int64
}

func newOutput(upd *write.Update, old *manifest, dest string) *output {
	return &output{upd: upd, old: old, m: &manifest{Dest: dest, Files: map[string]fileRec{}, Agencies: map[string]agencyRec{}, Pages: map[string]string{}}}
}

// put writes one file of the new site if its bytes changed. Pages and
// downloads are not hashed: when the last build wrote a file of the same
// size at the same path, the file in place is read and compared (a rebuild
// renders few files again; a cold build compares none). Hashing every file
// cost more than that, and a manifest of 400,000 hashes was a tenth of a
// national build's live heap.
func (o *output) put(name string, data []byte) error { return o.putHashed(name, data, "") }

// putHashed is put for a file whose hash (hashBytes) is known, and recorded
// for keep: the copies of the sources, named by their sha256.
func (o *output) putHashed(name string, data []byte, hash string) error {
	rec := fileRec{Hash: hash, Size: int64(len(data))}
	o.mu.Lock()
	if _, dup := o.m.Files[name]; dup {
		o.mu.Unlock()
		return fmt.Errorf("build: two files at %s", name)
	}
	o.m.Files[name] = rec
	o.mu.Unlock()
	if o.old != nil {
		if prev, ok := o.old.Files[name]; !ok || prev.Size != rec.Size {
			o.wrote(name) // new, or another size: changed without a look
			return o.upd.Stage(name, data)
		}
	}
	// write.Update.File compares with the file in place.
	wrote, err := o.upd.File(name, data)
	if wrote {
		o.wrote(name)
	}
	return err
}

// staged records a file a writer put into the staging directory itself.
func (o *output) staged(name, hash string, size int64) {
	o.mu.Lock()
	o.m.Files[name] = fileRec{Hash: hash, Size: size}
	o.changed = append(o.changed, name)
	o.extra++
	o.extraBytes += size
	o.mu.Unlock()
}

// keep records name as unchanged when the previous build wrote the same
// hash there and the file is still in place.
func (o *output) keep(name, hash string) bool {
	var prev fileRec
	if o.old != nil {
		var ok bool
		if prev, ok = o.old.Files[name]; !ok || prev.Hash != hash || !o.exists(name, prev.Size) {
			return false
		}
	} else {
		// No record of the last build: compare with the file in place.
		if o.upd.Fresh() {
			return false
		}
		b, err := os.ReadFile(filepath.Join(o.upd.Dest(), filepath.FromSlash(name)))
		if err != nil || hashBytes(b) != hash {
			return false
		}
		prev = fileRec{Hash: hash, Size: int64(len(b))}
	}
	o.mu.Lock()
	o.m.Files[name] = prev
	o.mu.Unlock()
	return true
}

// keepAll keeps every named file as it is, or none.
func (o *output) keepAll(names []string) bool {
	if o.old == nil {
		return false
	}
	for _, n := range names {
		prev, ok := o.old.Files[n]
		if !ok || !o.exists(n, prev.Size) {
			return false
		}
	}
	o.mu.Lock()
	for _, n := range names {
		o.m.Files[n] = o.old.Files[n]
	}
	o.mu.Unlock()
	return true
}

// present tells whether the previous build's data files are all in place.
func (o *output) present(files []export.FileInfo) bool {
	for _, f := range files {
		if !o.exists("data/"+f.Name, f.Bytes) {
			return false
		}
	}
	return true
}

// keepAgency keeps an agency's files when its key is the one they were
// built from.
func (o *output) keepAgency(slug, key string) bool {
	if o.old == nil {
		return false
	}
	prev, ok := o.old.Agencies[slug]
	if !ok || prev.Key != key || !o.keepAll(prev.Files) {
		return false
	}
	o.mu.Lock()
	o.m.Agencies[slug] = prev
	o.mu.Unlock()
	return true
}

func (o *output) agency(slug, key string, files []string) {
	o.mu.Lock()
	o.m.Agencies[slug] = agencyRec{Key: key, Files: files}
	o.mu.Unlock()
}

// exists checks that the destination still has the file at its size (a
// file edited or removed by hand is written again).
func (o *output) exists(name string, size int64) bool {
	if o.pres != nil {
		if s, ok := o.pres.size(name); ok {
			return s == size
		}
	}
	return statSize(filepath.Join(o.upd.Dest(), filepath.FromSlash(name))) == size
}

func (o *output) written() (int, int64) {
	n, b := o.upd.Written()
	return n + o.extra, b + o.extraBytes
}

func (o *output) wrote(name string) {
	o.mu.Lock()
	o.changed = append(o.changed, name)
	o.mu.Unlock()
}

// pagesRoom is the most room above the live heap while reports are parsed
// and pages rendered; saveRoom while the cache index is encoded, which adds
// its buffers to a heap already at its limit.
const (
	pagesRoom = 896 << 20
	saveRoom  = 640 << 20
)

// adaptLimit keeps a soft memory limit: twice the live heap (as the last
// collection found it, or liveFloor), but no more than that heap plus
// room, and no less than 768 MiB. The reports stay in memory for the whole
// build while pages and downloads allocate a lot of short-lived garbage:
// the room above the live heap sets how often the collector runs, and each
// run marks the whole corpus. At 100,000 reports a limit of 1.5 times the
// live heap made collecting 40% of the build; twice it took the peak RSS
// past 2 GiB while the cache was saved. The build calls it as the live
// heap grows (during parsing, after aggregation); a GOMEMLIMIT in the
// environment turns it off.
func adaptLimit(live, room int64) {
	debug.SetMemoryLimit(limitFor(live, room))
}

// limitFor is adaptLimit's limit for a live heap and the room above it.
func limitFor(live, room int64) int64 {
	return max(768<<20, min(2*live, live+room))
}

// liveFloor is the live heap as the build knows it when the last
// collection does not: reading back 100,000 reports from the cache adds
// about 600 MB, nearly all of it live, after a collection that found 50 MB.
// With that figure the limit stayed at 768 MiB, and two collections, one
// as the reports were read back and one just after, marked the whole
// corpus only to learn its size. The floor holds until the next
// collection measures the heap itself.
type liveFloor struct {
	bytes  int64
	cycles uint64 // collections completed when it was set
}

// set makes bytes the live heap until the next collection.
func (f *liveFloor) set(bytes int64) {
	f.bytes, f.cycles = bytes, gcCycles()
}

// live is the live heap: the floor while no collection has run since it
// was set, else what the last collection found.
func (f *liveFloor) live() int64 {
	live := heapLive()
	if f.bytes > live && gcCycles() == f.cycles {
		return f.bytes
	}
	return live
}

// gcCycles is the number of collections completed.
func gcCycles() uint64 {
	return readUint64("/gc/cycles/total:gc-cycles")
}

// heapAllocs is the bytes allocated on the heap so far.
func heapAllocs() int64 {
	return int64(readUint64("/gc/heap/allocs:bytes"))
}

// readUint64 is one runtime/metrics value, 0 if the runtime lacks it.
func readUint64(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// testHookParsing, when set by a test, runs just before the content is parsed.
var testHookParsing func()

// rebuildGC reports whether a build whose cache already holds known of its
// total content files (a rebuild) should have the collector run each time
// the heap doubles (GOGC=100) instead of only at the memory limit. Such a
// build parses few files and reads the rest back from the cache: at the
// limit its heap grew to 560 MB of memory the process had never touched,
// and in a VM each new page costs a fault that the host serves too (a
// quarter of a one-report rebuild's CPU samples were the kernel clearing
// pages). Doubling takes a dozen short collections and 430 MB: one report
// of 20,000 changed, on ext4, taking turns, 1.46–1.65 s against
// 1.65–1.89 s. A cold build stays at the limit: its parsing makes garbage
// fast from a small live heap, so doubling would mean hundreds of
// collections.
func rebuildGC(known, total int) bool {
	return total > 0 && known*10 >= total*9
}

// heapLive is the heap the last collection found live.
func heapLive() int64 {
	return int64(readUint64("/gc/heap/live:bytes"))
}

// peakRSS is VmHWM from /proc/self/status, for GONGKAI_TIMING.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
