package export

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gongkai/internal/report"

	_ "modernc.org/sqlite" // pure Go, no cgo
)

const sqliteName = "gongkai.sqlite"

// sqliteSchema is created before any row goes in; the indexes come after
// the rows (faster, and the same bytes every time).
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
	return []string{
		"CREATE TABLE reports (" + strings.Join(cols, ", ") + ")",
		// Cells are keyed by integers, the rowids of reports and dictionary:
		// a national corpus has millions of cells, and repeating the report
		// id and the cell path on each made the table and its indexes most
		// of the database (55 KB a report with text keys and an index on
		// the path, under 4 KB with integer keys). The view "cells" gives
		// the SPEC columns for queries.
		`CREATE TABLE cell_values (report INTEGER NOT NULL, cell INTEGER NOT NULL, value REAL, inferred INTEGER NOT NULL,
			PRIMARY KEY (report, cell)) WITHOUT ROWID`,
		`CREATE VIEW cells (report_id, cell, value, inferred) AS
			SELECT r.id, d.path, v.value, v.inferred FROM cell_values v JOIN reports r ON r.rowid = v.report JOIN dictionary d ON d.rowid = v.cell`,
		`CREATE TABLE checks (report_id TEXT NOT NULL REFERENCES reports(id), seq INTEGER NOT NULL, check_id TEXT NOT NULL, status TEXT NOT NULL,
			message TEXT, message_en TEXT, cells TEXT, PRIMARY KEY (report_id, seq))`,
		`CREATE TABLE agencies (slug TEXT PRIMARY KEY, name TEXT NOT NULL, first_year INTEGER, last_year INTEGER, reports INTEGER NOT NULL)`,
		`CREATE TABLE dictionary (path TEXT PRIMARY KEY, label TEXT NOT NULL, english TEXT NOT NULL, templates TEXT NOT NULL)`,
	}
}

var sqliteIndexes = []string{
	"CREATE INDEX reports_agency ON reports(agency)",
	"CREATE INDEX reports_agency_slug ON reports(agency_slug)",
	"CREATE INDEX reports_year ON reports(year)",
	"CREATE INDEX checks_check_status ON checks(check_id, status)",
}

// writeSQLite writes gongkai.sqlite through a temp file in dir and renames
// it into place, so a reader never sees half a database. The bytes depend
// only on the reports: fixed page size, no journal, rows in sorted order.
func writeSQLite(dir string, reps []*report.Report) (FileInfo, error) {
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
	final := filepath.Join(dir, sqliteName)
	if err := os.Rename(tmpName, final); err != nil {
		return FileInfo{}, err
	}
	n, sum, err := hashFile(final)
	if err != nil {
		return FileInfo{}, err
	}
	return FileInfo{Name: sqliteName, Bytes: n, Rows: len(reps), SHA256: sum,
		Description: "SQLite 数据库：reports、cells、checks、agencies、dictionary 五张表 — the same data as SQLite (datasette, any SQL tool)"}, nil
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
	// The dictionary goes first: its rowids (1, 2, … in column order) key
	// cell_values.
	cellNum := make(map[string]int, len(columns))
	for i, d := range columns {
		if _, err := tx.Exec("INSERT INTO dictionary (rowid, path, label, english, templates) VALUES (?,?,?,?,?)", i+1, d.Path, d.Label, d.English, strings.Join(d.Templates, " ")); err != nil {
			return err
		}
		cellNum[d.Path] = i + 1
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(reportFields)), ",")
	insReport, err := tx.Prepare("INSERT INTO reports (rowid, " + reportColumns() + ") VALUES (?," + ph + ")")
	if err != nil {
		return err
	}
	// One multi-row INSERT per report's cells: a statement per row costs
	// more in database/sql than sqlite spends storing it.
	insCells := map[int]*sql.Stmt{}
	var cellArgs []any
	insCheck, err := tx.Prepare("INSERT INTO checks VALUES (?,?,?,?,?,?,?)")
	if err != nil {
		return err
	}
	args := make([]any, len(reportFields)+1)
	for n, r := range reps {
		args[0] = n + 1
		for i, f := range reportFields {
			args[i+1] = nullable(f.get(r))
		}
		if _, err := insReport.Exec(args...); err != nil {
			return fmt.Errorf("report %s: %w", r.ID, err)
		}
		inferred := inferredSet(r)
		cells := templateCells(r)
		cellArgs = cellArgs[:0]
		for _, c := range cells {
			var v any // NULL
			if x, ok := r.Value(c.path); ok {
				v = x
			}
			num, ok := cellNum[c.path]
			if !ok {
				return fmt.Errorf("report %s: cell %s not in the dictionary", r.ID, c.path)
			}
			cellArgs = append(cellArgs, n+1, num, v, inferred[c.path])
		}
		st := insCells[len(cells)]
		if st == nil {
			q := "INSERT INTO cell_values VALUES " + strings.TrimSuffix(strings.Repeat("(?,?,?,?),", len(cells)), ",")
			if st, err = tx.Prepare(q); err != nil {
				return err
			}
			insCells[len(cells)] = st
		}
		if _, err := st.Exec(cellArgs...); err != nil {
			return fmt.Errorf("report %s cells: %w", r.ID, err)
		}
		for i, c := range r.Checks {
			if _, err := insCheck.Exec(r.ID, i+1, c.ID, c.Status, c.Message, c.English, strings.Join(c.Cells, " ")); err != nil {
				return fmt.Errorf("report %s check %s: %w", r.ID, c.ID, err)
			}
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
