package build

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"gongkai/internal/export"
	"gongkai/internal/report"
	"gongkai/internal/source"
)

// The build cache lives outside the destination (config "cache", default
// .cache/gongkai). It holds:
//
//   - parsed reports, keyed by the sha256 of the file's bytes, its path and
//     its sidecar URL, in segments (one per parse worker per build), so
//     an unchanged report is decoded, never parsed again;
//   - a stat index (path → size, mtime, sha256), so an unchanged file is
//     not even read;
//   - the output manifest (see manifest.go): what every page was built from
//     and the hash of what was written, so an unchanged agency is not
//     rendered and an unchanged file is not written.
//
// Everything is tied to the gongkai binary: a new binary (any code change,
// parser included) starts from an empty cache.

// cacheEntry is one parsed file: the report after validation, or why it
// could not be read as one, and the region path in its front matter.
type cacheEntry struct {
	Key    string
	Report *report.Report
	Err    string
	Region string
}

type statEntry struct {
	Size    int64
	ModTime int64
	SHA256  string
}

// cacheIndex is index.gob.
type cacheIndex struct {
	Version  string
	Stats    map[string]statEntry
	Segments []string
	Manifest *manifest
}

type cache struct {
	dir     string
	version string
	index   cacheIndex
	entries map[string]*cacheEntry // loaded from segments
	live    map[string]bool        // keys used by this build

	mu      sync.Mutex
	segs    []*segWriter
	newSegs []string
}

// binaryVersion is the sha256 of the running executable: parser, checks,
// layouts and all — what the cached results depend on besides the input.
var binaryVersion = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err == nil {
		if f, err := os.Open(exe); err == nil {
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err == nil {
				return hex.EncodeToString(h.Sum(nil))
			}
		}
	}
	return "unknown"
})

// openCache reads the cache index and every segment; a cache that cannot be
// read, or was written by another binary, is started afresh.
func openCache(dir string) *cache {
	c := &cache{dir: dir, version: binaryVersion(), entries: map[string]*cacheEntry{}, live: map[string]bool{}}
	c.index = cacheIndex{Version: c.version, Stats: map[string]statEntry{}}
	if c.version == "unknown" {
		return c
	}
	// The segments decode in parallel, and beside the index, which names
	// the ones to use (others of this binary are a failed build's, removed
	// at save; another binary's are not even read). A damaged segment is
	// dropped: its reports are parsed again.
	type result struct {
		entries []*cacheEntry
		ok      bool
	}
	names, _ := filepath.Glob(filepath.Join(dir, c.segPrefix()+"*.bin"))
	results := make(map[string]*result, len(names))
	var wg sync.WaitGroup
	for _, p := range names {
		res := &result{}
		results[filepath.Base(p)] = res
		wg.Go(func() {
			es, err := readSegment(p)
			res.entries, res.ok = es, err == nil
		})
	}
	idx, err := readIndex(filepath.Join(dir, "index.gob"))
	wg.Wait()
	if err != nil || idx.Version != c.version {
		return c
	}
	c.index.Stats = idx.Stats
	c.index.Manifest = idx.Manifest
	for _, name := range idx.Segments {
		res := results[name]
		if res == nil || !res.ok {
			continue
		}
		c.index.Segments = append(c.index.Segments, name)
		for _, e := range res.entries {
			c.entries[e.Key] = e
		}
	}
	if c.index.Stats == nil {
		c.index.Stats = map[string]statEntry{}
	}
	return c
}

func readIndex(path string) (cacheIndex, error) {
	f, err := os.Open(path)
	if err != nil {
		return cacheIndex{}, err
	}
	defer f.Close()
	return decodeIndex(bufio.NewReaderSize(f, 256<<10))
}

// The index is several gob messages: the index without its large maps
// (indexHead), then each large map as its length (-1 for nil) and chunks of
// at most indexChunk entries. As one message, gob grew its buffer to the
// whole index by doubling: at 100,000 reports that was 1.4 s of the 1.9 s
// the build spent saving its index, with nothing else left to run.
const indexChunk = 4096

type indexHead struct {
	Version     string
	Segments    []string
	HasManifest bool
	Manifest    *manifest // without Files, Agencies and DataIndex
}

func encodeIndex(w io.Writer, idx cacheIndex) error {
	enc := gob.NewEncoder(w)
	head := indexHead{Version: idx.Version, Segments: idx.Segments, HasManifest: idx.Manifest != nil}
	if m := idx.Manifest; m != nil {
		small := *m
		small.Files, small.Agencies, small.DataIndex = nil, nil, nil
		head.Manifest = &small
	}
	if err := enc.Encode(&head); err != nil {
		return err
	}
	if err := encodeMap(enc, idx.Stats); err != nil || idx.Manifest == nil {
		return err
	}
	m := idx.Manifest
	if err := encodeMap(enc, m.Files); err != nil {
		return err
	}
	if err := encodeMap(enc, m.Agencies); err != nil {
		return err
	}
	return encodeMap(enc, m.DataIndex)
}

func decodeIndex(r io.Reader) (cacheIndex, error) {
	dec := gob.NewDecoder(r)
	var head indexHead
	if err := dec.Decode(&head); err != nil {
		return cacheIndex{}, err
	}
	idx := cacheIndex{Version: head.Version, Segments: head.Segments}
	var err error
	if idx.Stats, err = decodeMap[statEntry](dec); err != nil || !head.HasManifest {
		return idx, err
	}
	m := head.Manifest
	if m == nil { // gob sends no struct whose fields are all zero
		m = &manifest{}
	}
	if m.Files, err = decodeMap[fileRec](dec); err != nil {
		return idx, err
	}
	if m.Agencies, err = decodeMap[agencyRec](dec); err != nil {
		return idx, err
	}
	if m.DataIndex, err = decodeMap[*export.DataPiece](dec); err != nil {
		return idx, err
	}
	idx.Manifest = m
	return idx, nil
}

// encodeMap writes m as its length (-1 for nil), then its entries in
// chunks of indexChunk, in no particular order. A chunk is a slice, not a
// map: gob allocated for every entry of a map.
func encodeMap[M ~map[string]V, V any](enc *gob.Encoder, m M) error {
	n := len(m)
	if m == nil {
		n = -1
	}
	if err := enc.Encode(n); err != nil || n <= 0 {
		return err
	}
	chunk := make([]indexEntry[V], 0, min(n, indexChunk))
	for k, v := range m {
		chunk = append(chunk, indexEntry[V]{k, v})
		if len(chunk) == indexChunk {
			if err := enc.Encode(chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
		}
	}
	if len(chunk) == 0 {
		return nil
	}
	return enc.Encode(chunk)
}

type indexEntry[V any] struct {
	K string
	V V
}

// decodeMap reads what encodeMap wrote.
func decodeMap[V any](dec *gob.Decoder) (map[string]V, error) {
	var n int
	if err := dec.Decode(&n); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, nil
	}
	// The length is the file's word: room for it up to a national index's
	// size, so a damaged index is an error (its chunks run out), not a
	// huge allocation.
	m := make(map[string]V, min(n, 1<<20))
	for len(m) < n {
		// A new slice each time: gob leaves a field it does not send (a
		// zero one) as it finds it, and decodes through a pointer it finds.
		var chunk []indexEntry[V]
		if err := dec.Decode(&chunk); err != nil {
			return nil, err
		}
		for _, e := range chunk {
			m[e.K] = e.V
		}
		if len(chunk) == 0 || len(m) > n {
			return nil, fmt.Errorf("cache index: a map of %d entries has %d", n, len(m))
		}
	}
	return m, nil
}

// A segment is a header line, then per entry its length and the entry:
// its key, error and region as length-prefixed strings, then the report's
// record (report.Report.AppendBinary), empty when there is none. gob, used
// before, copied each report three times on the way in, and a one-report
// rebuild reads them all.
const segMagic = "gongkai segment 1\n"

func readSegment(path string) ([]*cacheEntry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(b, []byte(segMagic)) {
		return nil, errSegment
	}
	// The entries' strings are cut from the file's bytes, which nothing
	// writes to after this: one copy of the corpus in memory, not three.
	s := unsafe.String(unsafe.SliceData(b), len(b))[len(segMagic):]
	var out []*cacheEntry
	for s != "" {
		rec, rest, ok := cutLen(s)
		if !ok {
			return nil, errSegment
		}
		s = rest
		fields, rec, ok := cutEntry(rec)
		if !ok {
			return nil, errSegment
		}
		e := &cacheEntry{Key: fields[0], Err: fields[1], Region: fields[2]}
		if rec != "" {
			e.Report = &report.Report{}
			if err := e.Report.DecodeString(rec); err != nil {
				return nil, err
			}
		}
		out = append(out, e)
	}
	return out, nil
}

var errSegment = errors.New("cache: damaged segment")

// cutEntry cuts an entry's key, error and region off it, leaving its
// report record.
func cutEntry(entry string) (fields [3]string, rec string, ok bool) {
	rec = entry
	for i := range fields {
		if fields[i], rec, ok = cutLen(rec); !ok {
			return fields, "", false
		}
	}
	return fields, rec, true
}

// cutLen cuts a uvarint length and that many bytes off s.
func cutLen(s string) (field, rest string, ok bool) {
	n, w := binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
	if w <= 0 || n > uint64(len(s)-w) {
		return "", "", false
	}
	return s[w : w+int(n)], s[w+int(n):], true
}

// appendEntry appends e as readSegment reads it, encoding the record in
// rec first (scratch, returned to be passed again: reports are a few
// kilobytes each, and a record grown from nothing was several allocations).
func appendEntry(b, rec []byte, e *cacheEntry) (_, _ []byte, _ error) {
	rec = rec[:0]
	for _, f := range []string{e.Key, e.Err, e.Region} {
		rec = binary.AppendUvarint(rec, uint64(len(f)))
		rec = append(rec, f...)
	}
	if e.Report != nil {
		var err error
		if rec, err = e.Report.AppendBinary(rec); err != nil {
			return b, rec, err
		}
	}
	b = binary.AppendUvarint(b, uint64(len(rec)))
	return append(b, rec...), rec, nil
}

// normalize trims a freshly parsed report's cells to their size (the
// parser makes room for every cell of both templates): the reports stay in
// memory for the whole build.
func normalize(r *report.Report) {
	r.Tables = r.Tables.Clone()
	r.Derived = r.Derived.Clone()
}

// key names a parsed file: its bytes, where it is and its sidecar URL (the
// report records both).
func entryKey(sha, path, url string) string {
	h := sha256.New()
	io.WriteString(h, sha+"\x00"+path+"\x00"+url)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// lookup returns the cached entry for key (nil when absent) and marks it
// used by this build.
func (c *cache) lookup(key string) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.live[key] = true
	return c.entries[key]
}

// stat returns the recorded sha256 of path when its size and mtime match.
func (c *cache) stat(path string, size, mod int64) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.statLocked(path, size, mod)
}

func (c *cache) statLocked(path string, size, mod int64) (string, bool) {
	s, ok := c.index.Stats[path]
	if ok && s.Size == size && s.ModTime == mod && s.SHA256 != "" {
		return s.SHA256, true
	}
	return "", false
}

// known counts the entries whose size and mtime the cache has recorded:
// the files a build will most likely read back instead of parsing.
func (c *cache) known(entries []source.Entry) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, e := range entries {
		if _, ok := c.statLocked(e.Path, e.Size, e.ModTime.UnixNano()); ok {
			n++
		}
	}
	return n
}

// segWriter is one segment of new entries, owned by one worker.
type segWriter struct {
	f   *os.File
	bw  *bufio.Writer
	buf []byte
	rec []byte // scratch for appendEntry, kept between puts
	n   int
	err error
}

// segPrefix starts the names of this binary's segments.
func (c *cache) segPrefix() string { return "seg-" + c.version[:min(12, len(c.version))] + "-" }

// writer returns a new segment for a worker.
func (c *cache) writer() *segWriter {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return &segWriter{err: err}
	}
	f, err := os.CreateTemp(c.dir, c.segPrefix()+"*.bin")
	if err != nil {
		return &segWriter{err: err}
	}
	w := &segWriter{f: f, bw: bufio.NewWriterSize(f, 256<<10)}
	_, w.err = w.bw.WriteString(segMagic)
	c.segs = append(c.segs, w)
	return w
}

// put adds a freshly parsed entry (before aggregation changes the report).
func (w *segWriter) put(e *cacheEntry) {
	if w.err != nil {
		return
	}
	if w.buf, w.rec, w.err = appendEntry(w.buf[:0], w.rec, e); w.err == nil {
		_, w.err = w.bw.Write(w.buf)
	}
	w.n++
}

// flush finishes the new segments and drops entries no file uses any more,
// compacting when more than half of what was loaded is dead or there are
// too many segments. It runs right after parsing, before aggregation
// changes the reports it would write.
func (c *cache) flush() error {
	for _, w := range c.segs {
		if w.f == nil {
			continue
		}
		err := w.err
		if err == nil {
			err = w.bw.Flush()
		}
		if cerr := w.f.Close(); err == nil {
			err = cerr
		}
		if err != nil || w.n == 0 {
			os.Remove(w.f.Name())
			continue
		}
		c.newSegs = append(c.newSegs, filepath.Base(w.f.Name()))
	}
	segs := append(append([]string(nil), c.index.Segments...), c.newSegs...)
	dead := 0
	for k := range c.entries {
		if !c.live[k] {
			dead++
		}
	}
	if len(segs) > 32 || (dead > 0 && dead*2 > len(c.entries)) {
		// Compact: the live loaded entries go into one new segment; the
		// new segments of this build stay as they are.
		keep := make([]string, 0, len(c.entries))
		for k := range c.entries {
			if c.live[k] {
				keep = append(keep, k)
			}
		}
		var compacted []string
		if len(keep) > 0 {
			w := c.writer()
			sort.Strings(keep)
			for _, k := range keep {
				w.put(c.entries[k])
			}
			if w.err == nil {
				w.err = w.bw.Flush()
			}
			if cerr := w.f.Close(); w.err == nil {
				w.err = cerr
			}
			if w.err != nil {
				os.Remove(w.f.Name())
				return w.err
			}
			compacted = append(compacted, filepath.Base(w.f.Name()))
		}
		for _, s := range c.index.Segments {
			os.Remove(filepath.Join(c.dir, s))
		}
		segs = append(compacted, c.newSegs...)
	}
	c.index.Segments = segs
	return nil
}

// prepare encodes the index (stat index, segments, output manifest) into a
// temporary file, which the returned function puts in place (or removes,
// when the build did not commit): the encoding, the larger part of saving
// the cache, runs while the site is committed.
func (c *cache) prepare(m *manifest, stats map[string]statEntry) (func(commit bool) error, error) {
	idx := cacheIndex{Version: c.version, Stats: stats, Segments: c.index.Segments, Manifest: m}
	tmp, err := os.CreateTemp(c.dir, "index-*.tmp")
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(tmp, 256<<10)
	err = encodeIndex(bw, idx)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("cache index: %w", err)
	}
	return func(commit bool) error {
		if !commit {
			return os.Remove(tmp.Name())
		}
		if err := os.Rename(tmp.Name(), filepath.Join(c.dir, "index.gob")); err != nil {
			return err
		}
		c.dropStale(idx.Segments)
		return nil
	}, nil
}

// newBytes is the size of the segments this build wrote.
func (c *cache) newBytes() int64 {
	var n int64
	for _, name := range c.newSegs {
		if st, err := os.Stat(filepath.Join(c.dir, name)); err == nil {
			n += st.Size()
		}
	}
	return n
}

// dropStale removes the segments the index does not name.
func (c *cache) dropStale(current []string) {
	// Segments the index does not name are a previous binary's (whose cache
	// is not read) or a failed build's: without this, each new gongkai left
	// a copy of every parsed report behind.
	names := make(map[string]bool, len(current))
	for _, s := range current {
		names[s] = true
	}
	segs, _ := filepath.Glob(filepath.Join(c.dir, "seg-*"))
	for _, p := range segs {
		if !names[filepath.Base(p)] {
			os.Remove(p)
		}
	}
}

// reload gives each result that a worker parsed, put into its segment and
// let go (reload set) its report, read back from this build's new
// segments. Holding a national corpus while it was parsed made the
// collector mark all of it again every few hundred megabytes the parser
// allocated: 21 s of CPU at 100,000 reports, against under 1 s when each
// report is dropped once written. The segments are read a record at a
// time, and each report copies its strings out of its record (ownStrings),
// so nothing keeps the segments' bytes. A result whose record cannot be
// read back (a segment that failed to write) keeps r nil: the caller
// parses it again.
func (c *cache) reload(results []parsed) {
	want := map[string]int{} // key → result
	for i := range results {
		if results[i].reload {
			want[results[i].key] = i
		}
	}
	if len(want) == 0 {
		return
	}
	var wg sync.WaitGroup
	for _, name := range c.newSegs {
		wg.Go(func() {
			in := newInterner()
			// Each goroutine gives reports to distinct results: a key is
			// in one segment only, and want is only read.
			_ = scanSegment(filepath.Join(c.dir, name), func(key string, rec []byte) {
				i, ok := want[key]
				if !ok || results[i].r != nil {
					return
				}
				if r, err := decodeOwned(rec, in); err == nil {
					results[i].r = r
				}
			})
		})
	}
	wg.Wait()
}

// scanSegment calls fn with each entry's key and report record (empty for
// an entry without a report). Key and record are valid only until fn
// returns: every entry is read into the same buffer, where a buffer each
// made the records of a national corpus (hundreds of megabytes) garbage
// for the collector while the reports were decoded from them.
func scanSegment(path string, fn func(key string, rec []byte)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 256<<10)
	magic := make([]byte, len(segMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != segMagic {
		return errSegment
	}
	var entry []byte
	for {
		n, err := binary.ReadUvarint(br)
		if err == io.EOF {
			return nil
		}
		if err != nil || n > 1<<30 {
			return errSegment
		}
		if uint64(cap(entry)) < n {
			entry = make([]byte, n)
		}
		entry = entry[:n]
		if _, err := io.ReadFull(br, entry); err != nil {
			return errSegment
		}
		fields, rec, ok := cutEntry(unsafe.String(unsafe.SliceData(entry), len(entry)))
		if !ok {
			return errSegment
		}
		if rec != "" {
			fn(fields[0], entry[len(entry)-len(rec):])
		}
	}
}

// decodeOwned decodes a report record whose strings own their bytes: the
// record may be dropped or written over once it returns (TestDecodeOwned).
func decodeOwned(rec []byte, in *interner) (*report.Report, error) {
	r := &report.Report{}
	if err := r.DecodeString(unsafe.String(unsafe.SliceData(rec), len(rec))); err != nil {
		return nil, err
	}
	ownStrings(r, in)
	return r, nil
}

// ownStrings copies every string of a decoded report out of its record:
// the text (names, prose, messages…) into one string, as a fresh parse
// keeps it (detach); words from a small vocabulary (statuses, check ids,
// cell paths, templates, formats) as one copy each, shared.
func ownStrings(r *report.Report, in *interner) {
	detach(r)
	for _, p := range []*string{&r.Schema, &r.Template, &r.Badge, &r.Source.Format, &r.Source.Encoding, &r.Source.Script} {
		*p = in.get(*p)
	}
	for i := range r.Sources {
		s := &r.Sources[i]
		for _, p := range []*string{&s.Format, &s.Encoding, &s.Script} {
			*p = in.get(*p)
		}
	}
	for i := range r.Checks {
		c := &r.Checks[i]
		c.ID, c.Status = in.get(c.ID), in.get(c.Status)
	}
	for _, ss := range [][]string{r.Inferred, r.TablesFound} {
		for i := range ss {
			ss[i] = in.get(ss[i])
		}
	}
}

// interner keeps one copy of each word it is given, up to a bound past
// which it copies without keeping.
type interner struct{ m map[string]string }

func newInterner() *interner { return &interner{m: map[string]string{}} }

func (in *interner) get(s string) string {
	if v, ok := in.m[s]; ok {
		return v
	}
	c := strings.Clone(s)
	if len(in.m) < 1<<14 {
		in.m[c] = c
	}
	return c
}
