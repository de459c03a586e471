package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/klauspost/compress/gzip"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"gongkai/internal/report"

	_ "modernc.org/sqlite" // pure Go, no cgo
)

const sqliteName = "gongkai.sqlite"

// sqliteSchema is created before any row goes in; the indexes come after
// the rows (faster, and the same bytes every time).
//
// The reports table is reports.csv: the report columns, one NUMERIC column per
// cell path, plus the inferred paths. The SPEC's long form "cells" is a view
// over those columns: a table of one row per report and cell (millions of
// rows in a national corpus) took most of the database's bytes and most of
// the build's time to fill, and held nothing the wide rows do not.
func sqliteSchema() []string {
	var cols []string
	for _, f := range reportFields {
		typ := "TEXT"
		if f.Type == "integer" {
			typ = "INTEGER"
		}
		if f.Name == "id" {
			typ += " PRIMARY KEY"
		}
		cols = append(cols, fmt.Sprintf("%q %s", f.Name, typ))
	}
	for _, c := range columns {
		// NUMERIC: a count is stored as an integer (0–2 bytes, not the 8
		// of a REAL), an amount in 万元 as a real.
		cols = append(cols, fmt.Sprintf("%q NUMERIC", c.Path))
	}
	cols = append(cols, `"inferred" TEXT`)
	return []string{
		"CREATE TABLE reports (" + strings.Join(cols, ", ") + ") WITHOUT ROWID",
		cellsView(),
		`CREATE TABLE checks (report_id TEXT NOT NULL REFERENCES reports(id), seq INTEGER NOT NULL, check_id TEXT NOT NULL, status TEXT NOT NULL,
			message TEXT, message_en TEXT, cells TEXT, PRIMARY KEY (report_id, seq)) WITHOUT ROWID`,
		`CREATE TABLE agencies (slug TEXT PRIMARY KEY, name TEXT NOT NULL, first_year INTEGER, last_year INTEGER, reports INTEGER NOT NULL) WITHOUT ROWID`,
		`CREATE TABLE dictionary (path TEXT PRIMARY KEY, label TEXT NOT NULL, english TEXT NOT NULL, templates TEXT NOT NULL) WITHOUT ROWID`,
	}
}

// cellsView is the view "cells" (report_id, cell, value, inferred): the rows
// of cells.csv, one SELECT per cell path over the reports of the templates
// that have it (a report of no known template is read as 2021).
func cellsView() string {
	parts := make([]string, 0, len(columns))
	for _, c := range columns {
		q := fmt.Sprintf(`SELECT id, '%s', %q, instr(' ' || coalesce(inferred, '') || ' ', ' %s ') > 0 FROM reports`, c.Path, c.Path, c.Path)
		switch {
		case len(c.Templates) == 1 && c.Templates[0] == "2019":
			q += ` WHERE template = '2019'`
		case len(c.Templates) == 1:
			q += ` WHERE template IS NOT '2019'`
		}
		parts = append(parts, q)
	}
	return "CREATE VIEW cells (report_id, cell, value, inferred) AS\n" + strings.Join(parts, "\nUNION ALL ")
}

// sqlitePragmas set up the working database: 8 KB pages (a report's row of
// some 300 columns stays within one), no journal (a half-written working
// database is made afresh, see updateSQLite).
var sqlitePragmas = []string{"PRAGMA page_size=8192", "PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-16384", "PRAGMA encoding='UTF-8'"}

var sqliteIndexes = []string{
	"CREATE INDEX reports_agency ON reports(agency)",
	"CREATE INDEX reports_agency_slug ON reports(agency_slug)",
	"CREATE INDEX reports_year ON reports(year)",
	"CREATE INDEX checks_check_status ON checks(check_id, status)",
}

// writeSQLite writes gongkai.sqlite (or, gzipped, gongkai.sqlite.gz) into
// dir. The rows go into a working database — kept at work between builds
// (the build cache), so a rebuild deletes and inserts only the reports
// whose key changed; a temporary one when work is "" — and the published
// file is a VACUUM INTO copy of it. VACUUM INTO writes every table (all
// WITHOUT ROWID, so in key order) into a fresh file: the same rows give the
// same bytes, however the working database came to hold them.
// prev is the last published compressed database ("" for none).
func writeSQLite(dir string, reps []*report.Report, gz bool, work string, keys map[string]string, prev string) (FileInfo, error) {
	index := "" // the gzip members of the file this writes (gzipFile), beside the working database
	if work != "" {
		index = work + ".gz.json"
	}
	if work == "" {
		tmp, err := os.CreateTemp(dir, ".gongkai-work-*.sqlite")
		if err != nil {
			return FileInfo{}, err
		}
		work = tmp.Name()
		tmp.Close()
		os.Remove(work)
		defer os.Remove(work)
		keys = nil
	}
	tmp, err := os.CreateTemp(dir, ".gongkai-*.sqlite")
	if err != nil {
		return FileInfo{}, err
	}
	tmpName := tmp.Name()
	tmp.Close()
	os.Remove(tmpName)       // VACUUM INTO wants a new file
	defer os.Remove(tmpName) // no-op after the rename
	err = updateSQLite(work, tmpName, reps, keys)
	if err != nil && keys != nil {
		// A damaged working database is made afresh (without its .keys
		// file updateSQLite starts over).
		if rerr := os.Remove(work + ".keys"); rerr == nil || errors.Is(rerr, fs.ErrNotExist) {
			os.Remove(tmpName)
			err = updateSQLite(work, tmpName, reps, keys)
		}
	}
	if err != nil {
		return FileInfo{}, fmt.Errorf("export: %s: %w", sqliteName, err)
	}
	name := sqliteName
	if gz {
		name += ".gz"
		if _, err := gzipFile(tmpName, prev, index); err != nil {
			return FileInfo{}, fmt.Errorf("export: %s: %w", name, err)
		}
	}
	final := filepath.Join(dir, name)
	if err := os.Rename(tmpName, final); err != nil {
		return FileInfo{}, err
	}
	n, sum, err := hashFile(final)
	if err != nil {
		return FileInfo{}, err
	}
	return FileInfo{Name: name, Bytes: n, Rows: len(reps), SHA256: sum,
		Description: "SQLite 数据库：reports、cells、checks、agencies、dictionary 五张表 — the same data as SQLite (datasette, any SQL tool)"}, nil
}

// workState is what the working database holds, saved beside it
// (work + ".keys"): the schema it was made with and the key of every
// report in it. It is removed while the database changes, so a build that
// stops half way leaves a database the next one starts afresh.
type workState struct {
	Schema string
	Keys   map[string]string
}

func schemaVersion() string {
	h := sha256.New()
	for _, q := range append(append(sqliteSchema(), sqliteIndexes...), sqlitePragmas...) {
		io.WriteString(h, q+"\x00")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// updateSQLite brings the working database at path to reps — reports gone
// or whose key changed are deleted, reports not in it with their key are
// inserted (a report without a key always is), the small agencies table is
// written anew — and writes its compact copy into the new file into.
func updateSQLite(path, into string, reps []*report.Report, keys map[string]string) (err error) {
	state := workState{Schema: schemaVersion(), Keys: map[string]string{}}
	var prev workState
	if b, err := os.ReadFile(path + ".keys"); err == nil {
		if json.Unmarshal(b, &prev) != nil || prev.Schema != state.Schema {
			prev = workState{}
		}
	}
	if err := os.Remove(path + ".keys"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	fresh := prev.Keys == nil
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if fresh {
		for _, p := range []string{path, path + "-journal"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	db.SetMaxOpenConns(1) // pragmas hold per connection
	for _, q := range sqlitePragmas {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	// One connection, its transaction by hand: insertReports reaches
	// through to the driver (see there).
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx := connExec{ctx, conn}
	if _, err := tx.Exec("BEGIN"); err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			tx.Exec("ROLLBACK")
		}
	}()
	if fresh {
		for _, q := range sqliteSchema() {
			if _, err := tx.Exec(q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		for _, d := range columns {
			if _, err := tx.Exec("INSERT INTO dictionary (path, label, english, templates) VALUES (?,?,?,?)", d.Path, d.Label, d.English, strings.Join(d.Templates, " ")); err != nil {
				return err
			}
		}
	}
	// Which reports stay as they are.
	keep := map[string]bool{}
	for _, r := range reps {
		if k := keys[r.ID]; k != "" {
			state.Keys[r.ID] = k
			if prev.Keys[r.ID] == k {
				keep[r.ID] = true
			}
		}
	}
	if !fresh {
		old := make([]string, 0, len(prev.Keys))
		for id := range prev.Keys {
			if !keep[id] {
				old = append(old, id)
			}
		}
		sort.Strings(old)
		for _, id := range old {
			for _, q := range []string{"DELETE FROM reports WHERE id = ?", "DELETE FROM checks WHERE report_id = ?"} {
				if _, err := tx.Exec(q, id); err != nil {
					return err
				}
			}
		}
		// Reports of the last build without a key cannot be told apart:
		// the database is made afresh when there were any (see fresh).
	}
	if err := insertReports(ctx, conn, reps, keep); err != nil {
		return err
	}
	if fresh {
		// Indexes made after the rows, in one sort each, not kept up to
		// date row by row.
		for _, q := range sqliteIndexes {
			if _, err := tx.Exec(q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
	}
	if _, err := tx.Exec("DELETE FROM agencies"); err != nil {
		return err
	}
	for _, a := range agencies(reps) {
		if _, err := tx.Exec("INSERT INTO agencies VALUES (?,?,?,?,?)", a.slug, a.name, nullInt(a.first), nullInt(a.last), a.reports); err != nil {
			return err
		}
	}
	if _, err := tx.Exec("COMMIT"); err != nil {
		return err
	}
	committed = true
	// VACUUM INTO reads every page once: a large page cache only fills with
	// pages never read again, each new to memory (a 20,000-report database
	// took 0.5 s with 16 MiB of cache and 0.17 s with 1 MiB, here).
	if _, err := tx.Exec("PRAGMA cache_size=-1024"); err != nil {
		return err
	}
	if _, err := tx.Exec("VACUUM INTO ?", into); err != nil {
		return err
	}
	if len(state.Keys) < len(reps) {
		return nil // reports without keys: next time, afresh
	}
	b, err := json.Marshal(state)
	if err != nil {
		return err
	}
	return os.WriteFile(path+".keys", b, 0o644)
}

// gzChunk is one gzip member of a compressed database: the sha256 of the
// raw chunk it holds and of its own bytes, and its length.
type gzChunk struct {
	Raw, Gz string
	Len     int64
}

// gzipFile compresses the file at path in place (through a temp file
// beside it). The gzip header has no name and no time: same bytes in,
// same bytes out. prev is the file's last compressed version and index
// where (a path, "" for none): a chunk whose raw bytes are those of the
// same chunk last time is copied from prev instead of compressed again (one
// changed report leaves all but one or two of a national database's chunks
// as they were), after checking the copied bytes against the index. It
// returns how many chunks it compressed.
func gzipFile(path, prev, index string) (int, error) {
	in, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return 0, err
	}
	out, err := os.CreateTemp(filepath.Dir(path), ".gongkai-*.gz")
	if err != nil {
		return 0, err
	}
	defer os.Remove(out.Name()) // no-op after the rename
	var old []gzChunk
	var oldAt []int64
	var prevFile *os.File
	if index != "" {
		if b, err := os.ReadFile(index); err == nil && json.Unmarshal(b, &old) == nil {
			if f, err := os.Open(prev); err == nil {
				defer f.Close()
				prevFile = f
				var at int64
				for _, c := range old {
					oldAt = append(oldAt, at)
					at += c.Len
				}
				if fst, err := f.Stat(); err != nil || fst.Size() != at {
					prevFile = nil // not the file the index describes
				}
			}
		}
		os.Remove(index) // rewritten below when this succeeds
	}
	// Chunks of a fixed size are compressed on all cores, each its own gzip
	// member (concatenated members are one .gz): the same bytes every time,
	// in a fraction of the wall time of one stream. At most a few chunks
	// are in memory at once.
	const chunk = 4 << 20
	n := int((st.Size() + chunk - 1) / chunk)
	workers := runtime.GOMAXPROCS(0)
	parts := make([]chan []byte, n)
	for i := range parts {
		parts[i] = make(chan []byte, 1)
	}
	chunks := make([]gzChunk, n)
	var compressed atomic.Int64
	window := make(chan struct{}, 2*workers) // chunks read but not yet written
	next := make(chan int)
	var readErr error
	var mu sync.Mutex
	for w := 0; w < workers; w++ {
		go func() {
			raw := make([]byte, chunk)
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, 2)
			for i := range next {
				k, err := in.ReadAt(raw, int64(i)*chunk)
				if err != nil && !errors.Is(err, io.EOF) {
					mu.Lock()
					readErr = err
					mu.Unlock()
				}
				rawSum := sha256.Sum256(raw[:k])
				c := gzChunk{Raw: hex.EncodeToString(rawSum[:])}
				var member []byte
				if prevFile != nil && i < len(old) && old[i].Raw == c.Raw {
					b := make([]byte, old[i].Len)
					if _, err := prevFile.ReadAt(b, oldAt[i]); err == nil {
						if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) == old[i].Gz {
							member = b
						}
					}
				}
				if member == nil {
					buf.Reset()
					zw.Reset(&buf)
					zw.Write(raw[:k]) // into memory: no error
					zw.Close()
					member = bytes.Clone(buf.Bytes())
					compressed.Add(1)
				}
				gzSum := sha256.Sum256(member)
				c.Gz, c.Len = hex.EncodeToString(gzSum[:]), int64(len(member))
				chunks[i] = c
				parts[i] <- member
			}
		}()
	}
	go func() {
		for i := 0; i < n; i++ {
			window <- struct{}{}
			next <- i
		}
		close(next)
	}()
	for i := 0; i < n; i++ {
		p := <-parts[i]
		<-window
		if err == nil {
			_, err = out.Write(p)
		}
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	mu.Lock()
	if err == nil {
		err = readErr
	}
	mu.Unlock()
	if err != nil {
		return 0, err
	}
	if err := os.Rename(out.Name(), path); err != nil {
		return 0, err
	}
	if index != "" {
		b, _ := json.Marshal(chunks)
		if err := os.WriteFile(index, b, 0o644); err != nil {
			return 0, err
		}
	}
	return int(compressed.Load()), nil
}

// insertReports inserts every report not in keep, with its checks, through
// the driver's own statements: database/sql converted the 300-odd
// arguments of each report's row into a new slice per row, a gigabyte at
// 100,000 reports.
func insertReports(ctx context.Context, conn *sql.Conn, reps []*report.Report, keep map[string]bool) error {
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("export: sqlite driver %T cannot prepare statements", dc)
		}
		prepare := func(q string) (driver.StmtExecContext, func(), error) {
			st, err := pc.PrepareContext(ctx, q)
			if err != nil {
				return nil, nil, err
			}
			ex, ok := st.(driver.StmtExecContext)
			if !ok {
				st.Close()
				return nil, nil, fmt.Errorf("export: sqlite statement %T cannot execute", st)
			}
			return ex, func() { st.Close() }, nil
		}
		nCols := len(reportFields) + len(columns) + 1
		insReport, closeReport, err := prepare("INSERT INTO reports VALUES (" + strings.TrimSuffix(strings.Repeat("?,", nCols), ",") + ")")
		if err != nil {
			return err
		}
		defer closeReport()
		// One multi-row INSERT per report's checks: a statement per row
		// costs more than sqlite spends storing it.
		insChecks := map[int]driver.StmtExecContext{}
		var closers []func()
		defer func() {
			for _, c := range closers {
				c()
			}
		}()
		args := namedValues(nil, nCols)
		var checkArgs []driver.NamedValue
		for _, r := range reps {
			if keep[r.ID] {
				continue
			}
			for i, f := range reportFields {
				args[i].Value = nullable(f.get(r))
			}
			for i, c := range cellColumns[r.TemplateDef().ID] {
				var v driver.Value // NULL: blank in the report, or not in its template
				if x, ok := c.value(r); ok {
					v = sqlNumber(x)
				}
				args[len(reportFields)+i].Value = v
			}
			args[nCols-1].Value = nullable(strings.Join(r.Inferred, " "))
			if _, err := insReport.ExecContext(ctx, args); err != nil {
				return fmt.Errorf("report %s: %w", r.ID, err)
			}
			if len(r.Checks) == 0 {
				continue
			}
			checkArgs = namedValues(checkArgs, 7*len(r.Checks))
			for i, c := range r.Checks {
				row := checkArgs[7*i : 7*i+7]
				row[0].Value, row[1].Value, row[2].Value = r.ID, int64(i+1), c.ID
				row[3].Value, row[4].Value, row[5].Value = c.Status, c.Message, c.English
				row[6].Value = strings.Join(c.Cells, " ")
			}
			st := insChecks[len(r.Checks)]
			if st == nil {
				var closeSt func()
				if st, closeSt, err = prepare("INSERT INTO checks VALUES " + strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?),", len(r.Checks)), ",")); err != nil {
					return err
				}
				closers = append(closers, closeSt)
				insChecks[len(r.Checks)] = st
			}
			if _, err := st.ExecContext(ctx, checkArgs); err != nil {
				return fmt.Errorf("report %s checks: %w", r.ID, err)
			}
		}
		return nil
	})
}

// sqlNumber is a cell value as the NUMERIC column stores it: a whole
// number as an integer (what sqlite makes of such a REAL anyway, so the
// file is the same), which spares sqlite the conversion and, for the
// small counts most cells hold, Go the boxing of a float64.
func sqlNumber(x float64) driver.Value {
	if x == math.Trunc(x) && math.Abs(x) <= 1<<53 {
		return int64(x)
	}
	return x
}

// namedValues returns n positional arguments, reusing vs.
func namedValues(vs []driver.NamedValue, n int) []driver.NamedValue {
	if cap(vs) < n {
		vs = make([]driver.NamedValue, n)
	}
	vs = vs[:n]
	for i := range vs {
		vs[i] = driver.NamedValue{Ordinal: i + 1}
	}
	return vs
}

// connExec is Exec on one connection, as on a *sql.Tx.
type connExec struct {
	ctx  context.Context
	conn *sql.Conn
}

func (c connExec) Exec(q string, args ...any) (sql.Result, error) {
	return c.conn.ExecContext(c.ctx, q, args...)
}

// cellColumn is how a template reads one cell column: the map and key to
// look up (derived sums are keyed without their "derived." prefix), or
// nothing when the template does not have the cell.
type cellColumn struct {
	key         string
	derived, in bool
	index       int // report.PathIndex(key), or -1
}

// value is the report's value in the column: not known when blank in the
// report or not in its template. The column's position in a report's cells
// is looked up once, not per report (reports.csv and the database read
// 300 columns of every report).
func (c cellColumn) value(r *report.Report) (float64, bool) {
	if !c.in {
		return 0, false
	}
	m := &r.Tables
	if c.derived {
		m = &r.Derived
	}
	if c.index >= 0 {
		return m.GetIndex(c.index)
	}
	return m.Get(c.key)
}

// cellColumns are the cell columns per template id, in column order.
var cellColumns = func() map[string][]cellColumn {
	out := map[string][]cellColumn{}
	for id, paths := range templatePaths {
		cols := make([]cellColumn, len(columns))
		for i, c := range columns {
			key, derived := strings.CutPrefix(c.Path, "derived.")
			index, ok := report.PathIndex(key)
			if !ok {
				index = -1
			}
			cols[i] = cellColumn{key: key, derived: derived, in: paths[c.Path], index: index}
		}
		out[id] = cols
	}
	return out
}()

// nullable stores an empty text or year as NULL, as the CSV leaves it empty.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

type agency struct {
	slug, name           string
	first, last, reports int
}

// agencies groups reps (sorted by slug, then year) into one row per agency;
// the name is the one of its latest report.
func agencies(reps []*report.Report) []agency {
	var out []agency
	for _, r := range reps {
		if len(out) == 0 || out[len(out)-1].slug != r.AgencySlug {
			out = append(out, agency{slug: r.AgencySlug})
		}
		a := &out[len(out)-1]
		a.name = r.Agency
		a.reports++
		if r.Year != 0 && (a.first == 0 || r.Year < a.first) {
			a.first = r.Year
		}
		if r.Year > a.last {
			a.last = r.Year
		}
	}
	return out
}
