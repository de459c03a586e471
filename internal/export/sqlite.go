package export

import (
	"bufio"
	"compress/gzip"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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
		"CREATE TABLE reports (" + strings.Join(cols, ", ") + ")",
		cellsView(),
		`CREATE TABLE checks (report_id TEXT NOT NULL REFERENCES reports(id), seq INTEGER NOT NULL, check_id TEXT NOT NULL, status TEXT NOT NULL,
			message TEXT, message_en TEXT, cells TEXT, PRIMARY KEY (report_id, seq))`,
		`CREATE TABLE agencies (slug TEXT PRIMARY KEY, name TEXT NOT NULL, first_year INTEGER, last_year INTEGER, reports INTEGER NOT NULL)`,
		`CREATE TABLE dictionary (path TEXT PRIMARY KEY, label TEXT NOT NULL, english TEXT NOT NULL, templates TEXT NOT NULL)`,
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

var sqliteIndexes = []string{
	"CREATE INDEX reports_agency ON reports(agency)",
	"CREATE INDEX reports_agency_slug ON reports(agency_slug)",
	"CREATE INDEX reports_year ON reports(year)",
	"CREATE INDEX checks_check_status ON checks(check_id, status)",
}

// writeSQLite writes gongkai.sqlite (or, gzipped, gongkai.sqlite.gz)
// through a temp file in dir and renames it into place, so a reader never
// sees half a database. The bytes depend only on the reports: fixed page
// size, no journal, rows in sorted order.
func writeSQLite(dir string, reps []*report.Report, gz bool) (FileInfo, error) {
	tmp, err := os.CreateTemp(dir, ".gongkai-*.sqlite")
	if err != nil {
		return FileInfo{}, err
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName) // no-op after the rename
	if err := fillSQLite(tmpName, reps); err != nil {
		return FileInfo{}, fmt.Errorf("export: %s: %w", sqliteName, err)
	}
	name := sqliteName
	if gz {
		name += ".gz"
		if err := gzipFile(tmpName); err != nil {
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

// gzipFile compresses the file at path in place (through a temp file
// beside it). The gzip header has no name and no time: same bytes in,
// same bytes out.
func gzipFile(path string) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(path), ".gongkai-*.gz")
	if err != nil {
		return err
	}
	defer os.Remove(out.Name()) // no-op after the rename
	bw := bufio.NewWriterSize(out, 256<<10)
	zw, _ := gzip.NewWriterLevel(bw, 2)
	_, err = io.Copy(zw, in)
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(out.Name(), path)
}

func fillSQLite(path string, reps []*report.Report) (err error) {
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
	for _, q := range []string{"PRAGMA page_size=4096", "PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-16384", "PRAGMA encoding='UTF-8'"} {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() // no-op after Commit
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
	nCols := len(reportFields) + len(columns) + 1
	ph := strings.TrimSuffix(strings.Repeat("?,", nCols), ",")
	insReport, err := tx.Prepare("INSERT INTO reports VALUES (" + ph + ")")
	if err != nil {
		return err
	}
	// One multi-row INSERT per report's checks: a statement per row costs
	// more in database/sql than sqlite spends storing it.
	insChecks := map[int]*sql.Stmt{}
	args := make([]any, nCols)
	var checkArgs []any
	for _, r := range reps {
		for i, f := range reportFields {
			args[i] = nullable(f.get(r))
		}
		for i, c := range cellColumns[r.TemplateDef().ID] {
			var v any // NULL: blank in the report, or not in its template
			if c.in {
				m := r.Tables
				if c.derived {
					m = r.Derived
				}
				if x, ok := m[c.key]; ok {
					v = x
				}
			}
			args[len(reportFields)+i] = v
		}
		args[nCols-1] = nullable(strings.Join(r.Inferred, " "))
		if _, err := insReport.Exec(args...); err != nil {
			return fmt.Errorf("report %s: %w", r.ID, err)
		}
		if len(r.Checks) == 0 {
			continue
		}
		checkArgs = checkArgs[:0]
		for i, c := range r.Checks {
			checkArgs = append(checkArgs, r.ID, i+1, c.ID, c.Status, c.Message, c.English, strings.Join(c.Cells, " "))
		}
		st := insChecks[len(r.Checks)]
		if st == nil {
			q := "INSERT INTO checks VALUES " + strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?),", len(r.Checks)), ",")
			if st, err = tx.Prepare(q); err != nil {
				return err
			}
			insChecks[len(r.Checks)] = st
		}
		if _, err := st.Exec(checkArgs...); err != nil {
			return fmt.Errorf("report %s checks: %w", r.ID, err)
		}
	}
	for _, a := range agencies(reps) {
		if _, err := tx.Exec("INSERT INTO agencies VALUES (?,?,?,?,?)", a.slug, a.name, nullInt(a.first), nullInt(a.last), a.reports); err != nil {
			return err
		}
	}
	for _, q := range sqliteIndexes {
		if _, err := tx.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return tx.Commit()
}

// cellColumn is how a template reads one cell column: the map and key to
// look up (derived sums are keyed without their "derived." prefix), or
// nothing when the template does not have the cell.
type cellColumn struct {
	key         string
	derived, in bool
}

// cellColumns are the cell columns per template id, in column order.
var cellColumns = func() map[string][]cellColumn {
	out := map[string][]cellColumn{}
	for id, paths := range templatePaths {
		cols := make([]cellColumn, len(columns))
		for i, c := range columns {
			key, derived := strings.CutPrefix(c.Path, "derived.")
			cols[i] = cellColumn{key: key, derived: derived, in: paths[c.Path]}
		}
		out[id] = cols
	}
	return out
}()

// reportColumns is the quoted column list of the reports table.
func reportColumns() string {
	names := make([]string, len(reportFields))
	for i, f := range reportFields {
		names[i] = fmt.Sprintf("%q", f.Name)
	}
	return strings.Join(names, ", ")
}

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
