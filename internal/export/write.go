package export

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gongkai/internal/report"
)

// field is one column of a CSV (and of its sqlite table): its Table Schema
// description and how to read it off a report.
type field struct {
	Name, Title, Description, Type string
	get                            func(*report.Report) string
}

// reportFields are the leading columns of reports.csv and data.csv.
var reportFields = []field{
	{"id", "报告编号", "report id: <agency_slug>/<year>; the page is /agencies/<id>/", "string", func(r *report.Report) string { return r.ID }},
	{"agency", "机关名称", "agency name (Simplified, aliases applied)", "string", func(r *report.Report) string { return r.Agency }},
	{"agency_as_written", "机关名称（原文）", "agency name as written in the report title", "string", func(r *report.Report) string { return r.AgencyAsWritten }},
	{"agency_slug", "机关标识", "stable ASCII key of the agency: /agencies/<agency_slug>/", "string", func(r *report.Report) string { return r.AgencySlug }},
	{"year", "年度", "report year; empty when no year was found", "integer", func(r *report.Report) string { return formatYear(r.Year) }},
	{"template", "模板", "table layout: 2019 (国办公开办函〔2019〕60号) or 2021 (国办公开办函〔2021〕30号)", "string", func(r *report.Report) string { return r.Template }},
	{"badge", "校验结果", "pass, warn or fail: the worst status of the report's checks (checks.csv)", "string", func(r *report.Report) string { return r.Badge }},
	{"period_from", "统计期起", "start of the statistics period stated in the report", "string", func(r *report.Report) string {
		if r.Period == nil {
			return ""
		}
		return r.Period.From
	}},
	{"period_to", "统计期止", "end of the statistics period stated in the report", "string", func(r *report.Report) string {
		if r.Period == nil {
			return ""
		}
		return r.Period.To
	}},
	{"source_path", "来源文件", "source file the figures were read from, as published under /sources/", "string", func(r *report.Report) string { return r.Source.Path }},
	{"source_sha256", "来源文件SHA-256", "SHA-256 of the source file, to check a copy against", "string", func(r *report.Report) string { return r.Source.SHA256 }},
	{"source_url", "原文链接", "original URL of the report, when known", "string", func(r *report.Report) string { return r.Source.URL }},
}

// templatePaths tells which cell paths a template has (derived sums included).
var templatePaths = func() map[string]map[string]bool {
	m := map[string]map[string]bool{}
	for _, t := range []*report.Template{report.T2019, report.T2021} {
		set := map[string]bool{}
		for _, c := range buildTemplateCells(t) {
			set[c.path] = true
		}
		m[t.ID] = set
	}
	return m
}()

// writeReportsCSV writes reports.csv (or an agency's data.csv): the report
// columns, then every cell path of both templates and the derived sums; a
// cell the report's template does not have is empty. It returns the row
// count and the cell columns that held a non-integer value.
func writeReportsCSV(out io.Writer, reps []*report.Report) (int, map[string]bool, error) {
	return writeReportsCSVReuse(reps, newReuser(nil, fileReportsCSV, DataIndex{}, &countWriter{w: out}, false))
}

func writeReportsCSVReuse(reps []*report.Report, ru *reuser) (int, map[string]bool, error) {
	w := newCSV(ru.w())
	w.raw(reportsCSVHeader(), 1)
	// A row is the report's fields, quoted as CSV wants, then its ~300
	// cells appended as bytes: numbers never need quoting, and through
	// csv.Writer they were most of the time every agency's data.csv took.
	var rec csvRecord
	fields := make([]string, len(reportFields))
	var line []byte
	nonInt := map[string]bool{}
	for _, g := range ru.groups(reps) {
		w.w.Flush()
		if rows, ok := ru.reuse(g); ok {
			w.rows += rows
			for _, p := range ru.next[g.id].NonInt {
				nonInt[p] = true
			}
			continue
		}
		ru.flush()
		off, n0 := ru.pos(), w.rows
		var mine map[string]bool
		for _, r := range g.reps {
			for i, f := range reportFields {
				fields[i] = safe(f.get(r))
			}
			line = append(line[:0], rec.fields(fields...)...)
			for i, col := range cellColumns[r.TemplateDef().ID] {
				line = append(line, ',')
				v, ok := col.value(r)
				if !ok {
					continue
				}
				c := columns[i]
				if !isInteger(v) {
					if mine == nil {
						mine = map[string]bool{}
					}
					mine[c.Path] = true
					nonInt[c.Path] = true
				}
				line = report.AppendNumber(line, v)
			}
			w.raw(append(line, '\r', '\n'), 1)
		}
		w.w.Flush()
		ru.record(g, off, w.rows-n0, sortedKeys(mine))
	}
	w.w.Flush()
	if err := ru.done(); err != nil {
		return 0, nil, err
	}
	return w.rows, nonInt, w.flush()
}

// reportsCSVHeader is the first line of reports.csv and of every agency's
// data.csv: the report fields, then a column per cell path.
var reportsCSVHeader = sync.OnceValue(func() []byte {
	names := make([]string, 0, len(reportFields)+len(columns))
	for _, f := range reportFields {
		names = append(names, f.Name)
	}
	for _, c := range columns {
		names = append(names, c.Path)
	}
	var rec csvRecord
	return append(bytes.Clone(rec.fields(names...)), '\r', '\n')
})

// cellsFields are the columns of cells.csv.
var cellsFields = []field{
	{Name: "report_id", Title: "报告编号", Description: "report id, as in reports.csv", Type: "string"},
	{Name: "agency", Title: "机关名称", Description: "agency name", Type: "string"},
	{Name: "year", Title: "年度", Description: "report year", Type: "integer"},
	{Name: "template", Title: "模板", Description: "table layout of the report: 2019 or 2021", Type: "string"},
	{Name: "cell", Title: "单元格", Description: "cell path table.row.col (derived sums: derived.requests.row.col); see the data dictionary", Type: "string"},
	{Name: "value", Title: "数值", Description: "the figure: a count, or an amount in 万元 (10,000 yuan); empty when the report leaves it blank (null), never 0", Type: "number"},
	{Name: "inferred", Title: "推断", Description: "1 when the cell's boundaries were not printed and were worked out from flattened text, else 0", Type: "integer"},
}

// writeCellsCSV writes cells.csv: one row per report and cell of its template
// (null cells included, with an empty value), then its derived sums.
func writeCellsCSV(ru *reuser, reps []*report.Report) (int, error) {
	var buf []byte
	var rec csvRecord
	return writeLongCSV(ru, cellsFields, reps, func(w *csvWriter, r *report.Report) {
		// A national cells.csv has hundreds of rows per report: the four
		// report fields are quoted once and each row appended as bytes
		// (paths and numbers never need quoting), not through csv.Writer.
		inferred := inferredSet(r)
		prefix := rec.fields(safe(r.ID), safe(r.Agency), formatYear(r.Year), safe(r.Template))
		cells := templateCells(r)
		buf = buf[:0]
		for i := range cells {
			buf = append(buf, prefix...)
			buf = append(buf, ',')
			buf = appendCellRow(buf, r, &cells[i], inferred)
		}
		w.raw(buf, len(cells))
	})
}

// writeLongCSV writes a CSV of several rows per report, each group's rows
// one run: copied from the previous file when its reports did not change,
// written by rows otherwise.
func writeLongCSV(ru *reuser, fields []field, reps []*report.Report, rows func(*csvWriter, *report.Report)) (int, error) {
	w := newCSV(ru.w())
	header := make([]string, len(fields))
	for i, f := range fields {
		header[i] = f.Name
	}
	w.write(header...)
	for _, g := range ru.groups(reps) {
		w.w.Flush()
		if n, ok := ru.reuse(g); ok {
			w.rows += n
			continue
		}
		ru.flush()
		off, n0 := ru.pos(), w.rows
		for _, r := range g.reps {
			rows(w, r)
		}
		w.w.Flush()
		ru.record(g, off, w.rows-n0, nil)
	}
	w.w.Flush()
	if err := ru.done(); err != nil {
		return 0, err
	}
	return w.rows, w.flush()
}

// checksFields are the columns of checks.csv.
var checksFields = []field{
	{Name: "report_id", Title: "报告编号", Description: "report id, as in reports.csv", Type: "string"},
	{Name: "seq", Title: "序号", Description: "position of the check in the report's list (1, 2, …)", Type: "integer"},
	{Name: "check", Title: "校验项", Description: "check id (SPEC §3), e.g. requests.balance", Type: "string"},
	{Name: "status", Title: "结果", Description: "pass, warn, fail, skip or info", Type: "string"},
	{Name: "message", Title: "说明", Description: "what the check found, in Chinese", Type: "string"},
	{Name: "message_en", Title: "说明（英文）", Description: "what the check found, in English (when given)", Type: "string"},
	{Name: "cells", Title: "相关单元格", Description: "cell paths that take part in a failed identity, separated by spaces", Type: "string"},
}

func writeChecksCSV(ru *reuser, reps []*report.Report) (int, error) {
	return writeLongCSV(ru, checksFields, reps, func(w *csvWriter, r *report.Report) {
		id := safe(r.ID)
		for i, c := range r.Checks {
			w.write(id, strconv.Itoa(i+1), safe(c.ID), safe(c.Status), safe(c.Message), safe(c.English), safe(strings.Join(c.Cells, " ")))
		}
	})
}

// writeReportsJSON writes every report object as one JSON array, one report
// per line, marshalling one report at a time (or copying its line from the
// previous file when it did not change).
func writeReportsJSON(ru *reuser, reps []*report.Report) (int, error) {
	out := ru.w()
	if _, err := io.WriteString(out, "["); err != nil {
		return 0, err
	}
	// A report's bytes are its separator and its line, so that runs of
	// unchanged groups are one copy; the first has no comma.
	ru.first = ru.pos()
	var b []byte // one report's JSON, its buffer used again for the next
	for gi, g := range ru.groups(reps) {
		if _, ok := ru.reuse(g); ok {
			continue
		}
		ru.flush()
		off := ru.pos()
		for i, r := range g.reps {
			b = r.AppendJSON(b[:0]) // not json.Marshal(r): it would compact the same bytes again
			sep := ",\n"
			if gi == 0 && i == 0 {
				sep = "\n"
			}
			if _, err := io.WriteString(out, sep); err != nil {
				return 0, err
			}
			if _, err := out.Write(b); err != nil {
				return 0, err
			}
		}
		ru.record(g, off, len(g.reps), nil)
	}
	ru.flush()
	if _, err := io.WriteString(out, "\n]\n"); err != nil {
		return 0, err
	}
	return len(reps), ru.done()
}

// WriteData writes the /data/ bundle into dir and returns what it wrote,
// sorted by name. Every file streams to disk report by report, so memory
// does not grow with the corpus beyond the reports themselves.
func WriteData(dir string, reps []*report.Report, meta Meta) ([]FileInfo, error) {
	files, _, err := WriteDataReuse(dir, reps, meta, nil)
	return files, err
}

// WriteDataReuse is WriteData copying each report's rows of reports.json,
// reports.csv, cells.csv and checks.csv from the previous bundle when its
// key is the one they were made from, and updating the working database
// of gongkai.sqlite (Reuse.SQLite); the bytes are those WriteData writes.
// It returns the index of the new bundle for the next build.
func WriteDataReuse(dir string, reps []*report.Report, meta Meta, reuse *Reuse) ([]FileInfo, DataIndex, error) {
	reps = sorted(reps)
	if err := uniqueIDs(reps); err != nil {
		return nil, nil, err
	}
	var keys map[string]string
	if reuse != nil {
		keys = reuse.Keys
	}
	gs := groupsOf(reps, keys)
	index := make(DataIndex, len(gs))
	for _, g := range gs {
		index[g.id] = &DataPiece{Key: g.key}
	}
	if err := os.MkdirAll(filepath.Join(dir, "schema"), 0o755); err != nil {
		return nil, nil, err
	}
	var work string
	if reuse != nil {
		work = reuse.SQLite
	}
	var prevDB string // the last published database, whose gzip members may be reused
	if reuse != nil && reuse.Dir != "" && meta.Gzip {
		prevDB = filepath.Join(reuse.Dir, sqliteName+".gz")
	}
	files, db, err := writeBundle(dir, reps, meta, work, keys, prevDB, func(idx int, out io.Writer) *reuser {
		ru := newReuser(reuse, idx, index, &countWriter{w: out}, meta.Gzip)
		ru.gs = gs
		return ru
	})
	if err != nil {
		return nil, nil, err
	}
	fi, err := db()
	if err != nil {
		return nil, nil, err
	}
	files = append(files, fi)
	slices.SortFunc(files, func(a, b FileInfo) int { return strings.Compare(a.Name, b.Name) })
	return files, index, nil
}

func writeBundle(dir string, reps []*report.Report, meta Meta, work string, keys map[string]string, prevDB string, reuser func(int, io.Writer) *reuser) ([]FileInfo, func() (FileInfo, error), error) {
	// The database is the slowest file and independent of the others: build
	// it on a second core meanwhile.
	type result struct {
		fi  FileInfo
		err error
	}
	db := make(chan result, 1)
	go func() {
		fi, err := writeSQLite(dir, reps, meta.Gzip, work, keys, prevDB)
		db <- result{fi, err}
	}()
	var once sync.Once
	var dbr result
	dbResult := func() (FileInfo, error) {
		once.Do(func() { dbr = <-db })
		return dbr.fi, dbr.err
	}

	var files []FileInfo
	var nonInt map[string]bool
	steps := []struct {
		name, desc string
		write      func(io.Writer) (int, error)
	}{
		{"reports.json", "全部报告对象（JSON数组，SPEC §2） — every report object, one JSON array", func(w io.Writer) (int, error) {
			return writeReportsJSON(reuser(fileReportsJSON, w), reps)
		}},
		{"reports.csv", "每份报告一行，每个单元格路径一列（含派生合计） — one row per report, one column per cell path, plus derived sums", func(w io.Writer) (n int, err error) {
			n, nonInt, err = writeReportsCSVReuse(reps, reuser(fileReportsCSV, w))
			return n, err
		}},
		{"cells.csv", "长表：每份报告每个单元格一行 — long form: one row per report and cell", func(w io.Writer) (int, error) {
			return writeCellsCSV(reuser(fileCellsCSV, w), reps)
		}},
		{"checks.csv", "每项校验一行 — one row per check of every report", func(w io.Writer) (int, error) {
			return writeChecksCSV(reuser(fileChecksCSV, w), reps)
		}},
		{"schema/report.schema.json", "报告对象的 JSON Schema — JSON Schema (2020-12) of the report object", func(w io.Writer) (int, error) {
			_, err := w.Write(reportSchema)
			return 0, err
		}},
	}
	// The files are independent: after one changed report, each is mostly
	// a copy of runs of the previous one, and one after the other they took
	// longer than the database beside them.
	files = make([]FileInfo, len(steps))
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, s := range steps {
		name := s.name
		if meta.Gzip && !strings.HasPrefix(name, "schema/") {
			name += ".gz"
		}
		wg.Go(func() { files[i], errs[i] = writeFile(dir, name, s.desc, s.write) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		dbResult() // let the database finish before returning
		return nil, nil, err
	}
	// The package describes the CSVs, so it comes after them.
	fi, err := writeFile(dir, "datapackage.json", "Frictionless Data Package：各CSV的字段、类型、中文标题、英文说明 — describes every CSV (fields, types, labels)", func(w io.Writer) (int, error) {
		b, err := dataPackage(meta, files, nonInt)
		if err != nil {
			return 0, err
		}
		_, err = w.Write(b)
		return 0, err
	})
	if err != nil {
		dbResult()
		return nil, nil, err
	}
	files = append(files, fi)
	slices.SortFunc(files, func(a, b FileInfo) int { return strings.Compare(a.Name, b.Name) })
	return files, dbResult, nil
}

// uniqueIDs refuses two reports with one id: ids key every table, and the
// site has one page per id. SPEC §3 meta.duplicate is the build's to settle
// (merge equal files, or give differing ones their own ids) before export.
func uniqueIDs(reps []*report.Report) error {
	seen := make(map[string]string, len(reps))
	for _, r := range reps {
		if prev, ok := seen[r.ID]; ok {
			return fmt.Errorf("export: two reports with id %q (%s and %s)", r.ID, prev, r.Source.Path)
		}
		seen[r.ID] = r.Source.Path
	}
	return nil
}

// writeFile streams one file through a buffer, counting bytes and hashing
// as it goes.
func writeFile(dir, name, desc string, write func(io.Writer) (int, error)) (FileInfo, error) {
	path := filepath.Join(dir, filepath.FromSlash(name))
	f, err := os.Create(path)
	if err != nil {
		return FileInfo{}, err
	}
	h := &hashCounter{h: sha256.New()}
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 64<<10)
	rows, err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return FileInfo{}, fmt.Errorf("export: %s: %w", name, err)
	}
	return FileInfo{Name: name, Bytes: h.n, Rows: rows, SHA256: hex.EncodeToString(h.h.Sum(nil)), Description: desc}, nil
}

type hashCounter struct {
	h hash.Hash
	n int64
}

func (c *hashCounter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

// hashFile is writeFile's FileInfo for a file someone else wrote (sqlite).
func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := &hashCounter{h: sha256.New()}
	if _, err := io.Copy(h, f); err != nil {
		return 0, "", err
	}
	return h.n, hex.EncodeToString(h.h.Sum(nil)), nil
}
