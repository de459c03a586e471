package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/klauspost/compress/gzip"

	"gongkai/internal/report"
)

// The four streamed files of /data/ (reports.json, reports.csv, cells.csv,
// checks.csv) hold each agency's rows in one run of bytes, in report order.
// A rebuild after a few reports changed copies the runs of the other
// agencies from the previous bundle instead of marshalling them again.

// Streamed files, the index into DataPiece.At.
const (
	fileReportsJSON = iota
	fileReportsCSV
	fileCellsCSV
	fileChecksCSV
	streamedFiles
)

var streamedNames = [streamedFiles]string{"reports.json", "reports.csv", "cells.csv", "checks.csv"}

// DataIndex tells, per group (by its first report's id), where its rows are
// in the streamed files. Pieces are pointers: the streamed files are
// written at once, each setting its own entry of At (WriteDataReuse makes
// every piece first).
type DataIndex map[string]*DataPiece

// DataPiece is one group's rows: the key they were made from, and their
// offset, length and row count in each streamed file.
type DataPiece struct {
	Key    string
	At     [streamedFiles][3]int64
	NonInt []string // cell columns of reports.csv where it has a non-integer value
}

// Reuse is what a rebuild knows of the previous bundle.
type Reuse struct {
	Dir  string            // the previous bundle's folder ("" for none)
	Prev DataIndex         // its index
	Keys map[string]string // report id → key of everything its rows are made from
	// SQLite is where the working database of gongkai.sqlite is kept
	// between builds ("" for none): a rebuild changes only the rows of
	// reports whose key changed.
	SQLite string
}

// group is one agency's reports, consecutive in report order: their rows
// are one run of each streamed file, written or copied together. With
// gzip a run is one member, and members of one report each came to twice
// the bytes of members of one agency, and took longer to write.
type group struct {
	id   string // its first report's id: its entry in DataIndex
	key  string // of every report's id and key; "" when one has none (never reused)
	reps []*report.Report
}

// groupsOf cuts reps (in report order) into groups.
func groupsOf(reps []*report.Report, keys map[string]string) []group {
	var gs []group
	for i := 0; i < len(reps); {
		j := i + 1
		for j < len(reps) && reps[j].AgencySlug == reps[i].AgencySlug {
			j++
		}
		gs = append(gs, group{id: reps[i].ID, key: groupKey(reps[i:j], keys), reps: reps[i:j]})
		i = j
	}
	return gs
}

// groupKey is the key of the group's rows: its reports' ids and keys, in
// order, so that a report added, removed or changed makes a new one.
func groupKey(reps []*report.Report, keys map[string]string) string {
	h := sha256.New()
	var b []byte
	for _, r := range reps {
		k := keys[r.ID]
		if k == "" {
			return ""
		}
		b = strconv.AppendInt(b[:0], int64(len(r.ID)), 10)
		b = append(b, ':')
		b = append(b, r.ID...)
		b = strconv.AppendInt(b, int64(len(k)), 10)
		b = append(b, ':')
		b = append(b, k...)
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// reuser copies one streamed file's unchanged runs from the previous file
// and records where every group's rows went.
type reuser struct {
	idx     int
	gs      []group  // of the reports written, when known beforehand
	prev    *os.File // nil: nothing to reuse
	old     DataIndex
	keys    map[string]string
	next    DataIndex
	out     *countWriter
	pendOff int64 // a run of the previous file still to copy
	pendLen int64
	err     error
	first   int64 // reports.json: offset of the first report's run (it has no comma)
	buf     []byte
	// gzip: what the writer writes collects in raw and goes out as one gzip
	// member per run (the header, each group, the trailer). Concatenated
	// members are one valid .gz file (RFC 1952), so an unchanged group's
	// run is copied as compressed bytes like any other.
	gzip bool
	raw  bytes.Buffer
	zw   *gzip.Writer
}

// w is where a writer writes the file's bytes.
func (r *reuser) w() io.Writer {
	if r.gzip {
		return &r.raw
	}
	return r.out
}

// cut ends a run: with gzip, what was written since the last cut goes out
// as one member. Level 2: a national cells.csv is gigabytes raw, and
// higher levels took half as long again for a few percent.
func (r *reuser) cut() {
	if !r.gzip || r.raw.Len() == 0 {
		return
	}
	if r.zw == nil {
		r.zw, _ = gzip.NewWriterLevel(r.out, 2)
	} else {
		r.zw.Reset(r.out)
	}
	_, err := r.zw.Write(r.raw.Bytes())
	if err == nil {
		err = r.zw.Close()
	}
	if err != nil && r.err == nil {
		r.err = err
	}
	r.raw.Reset()
}

func newReuser(ru *Reuse, idx int, next DataIndex, out *countWriter, gz bool) *reuser {
	r := &reuser{idx: idx, next: next, out: out, gzip: gz}
	if ru == nil {
		return r
	}
	r.keys = ru.Keys
	if ru.Dir != "" && len(ru.Prev) > 0 {
		name := streamedNames[idx]
		if gz {
			name += ".gz"
		}
		if f, err := os.Open(filepath.Join(ru.Dir, name)); err == nil {
			r.prev, r.old = f, ru.Prev
		}
	}
	return r
}

// pos is the offset in the new file of the next byte; it ends the run
// written so far.
func (r *reuser) pos() int64 {
	r.cut()
	return r.out.n + r.pendLen
}

// groups cuts reps into groups, as WriteDataReuse did when it made the
// index.
func (r *reuser) groups(reps []*report.Report) []group {
	if r.gs != nil {
		return r.gs
	}
	return groupsOf(reps, r.keys)
}

// reuse queues the group's previous rows when its key is unchanged and
// returns how many rows it had.
func (r *reuser) reuse(g group) (int, bool) {
	if r.prev == nil || g.key == "" {
		return 0, false
	}
	p := r.old[g.id]
	if p == nil || p.Key != g.key {
		return 0, false
	}
	at := p.At[r.idx]
	off, n, rows := at[0], at[1], int(at[2])
	if r.first > 0 && (off == r.first) != (r.pos() == r.first) {
		return 0, false // the first run has no comma: it moved
	}
	piece := r.piece(g)
	piece.At[r.idx] = [3]int64{r.pos(), n, int64(rows)}
	if r.idx == fileReportsCSV {
		piece.NonInt = p.NonInt
	}
	if r.pendLen > 0 && r.pendOff+r.pendLen == off {
		r.pendLen += n
	} else {
		r.flush()
		r.pendOff, r.pendLen = off, n
	}
	return rows, true
}

func (r *reuser) piece(g group) *DataPiece {
	p := r.next[g.id]
	if p == nil { // a single file written alone: no other writer
		p = &DataPiece{Key: g.key}
		r.next[g.id] = p
	}
	return p
}

// record notes where a group's freshly written rows went.
func (r *reuser) record(g group, off int64, rows int, nonInt []string) {
	r.cut()
	p := r.piece(g)
	p.At[r.idx] = [3]int64{off, r.out.n - off, int64(rows)}
	if r.idx == fileReportsCSV {
		p.NonInt = nonInt
	}
}

// flush copies the queued run of the previous file; the first error is
// kept for done.
func (r *reuser) flush() {
	r.cut()
	if r.pendLen == 0 {
		return
	}
	if r.buf == nil {
		r.buf = make([]byte, 256<<10)
	}
	n, err := io.CopyBuffer(r.out, io.NewSectionReader(r.prev, r.pendOff, r.pendLen), r.buf)
	if err == nil && n != r.pendLen {
		err = io.ErrUnexpectedEOF
	}
	if r.err == nil {
		r.err = err
	}
	r.pendOff, r.pendLen = 0, 0
}

// done copies what is queued, closes the previous file and returns the
// first error.
func (r *reuser) done() error {
	r.flush()
	r.cut()
	if r.prev != nil {
		r.prev.Close()
	}
	return r.err
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
