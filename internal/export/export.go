// Package export writes the open-data downloads of SPEC §5: report.json and
// report.csv per report, data.json and data.csv per agency, and the /data/
// bundle (reports.json, reports.csv, cells.csv, checks.csv, datapackage.json,
// gongkai.sqlite, schema/report.schema.json) with its data dictionary.
package export

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gongkai/internal/report"
)

// Meta is what config.yaml says about the data set.
type Meta struct {
	Title, License, LicenseURL, Cite, BaseURL string
	// Gzip publishes the bulk files (reports.json, reports.csv, cells.csv,
	// checks.csv, gongkai.sqlite) as name.gz.
	Gzip bool
}

// FileInfo describes one file WriteData wrote, for the /data/ page.
type FileInfo struct {
	Name        string // path relative to dir, "/"-separated
	Bytes       int64
	Rows        int // data rows (CSV without header), array items (JSON), reports (sqlite)
	SHA256      string
	Description string
}

// ReportJSON is the report object of SPEC §2, as published at
// /agencies/<slug>/<year>/report.json. encoding/json escapes <, > and &, so
// hostile text cannot close a <script> it is inlined into. Compact, as
// published: the site does not minify JSON again.
func ReportJSON(r *report.Report) ([]byte, error) {
	return AppendReportJSON(make([]byte, 0, 8192), r), nil
}

// AppendReportJSON appends what ReportJSON writes to b (not json.Marshal(r):
// it would compact the same bytes again).
func AppendReportJSON(b []byte, r *report.Report) []byte {
	return append(r.AppendJSON(b), '\n')
}

// ReportCSV writes one row per cell of the report's template, then the
// derived sums: cell path, value (empty when null) and whether the value
// was inferred (1) or printed (0). What each path means, in the template's
// Chinese and in English, is in the data dictionary (/data/,
// datapackage.json): written into every report's file, the labels were
// two thirds of its bytes, a national corpus over.
func ReportCSV(r *report.Report) ([]byte, error) {
	return AppendReportCSV(make([]byte, 0, 64+len(templateCells(r))*40), r), nil
}

// AppendReportCSV appends what ReportCSV writes to b.
func AppendReportCSV(b []byte, r *report.Report) []byte {
	cells := templateCells(r)
	b = append(b, reportCSVStart...)
	inferred := inferredSet(r)
	for i := range cells {
		b = appendCellRow(b, r, &cells[i], inferred)
	}
	return b
}

// appendCellRow appends the end of a report.csv or cells.csv row: the cell
// path, its value (empty when null) and its inferred flag, and the CRLF.
// Paths and numbers never need quoting.
func appendCellRow(b []byte, r *report.Report, c *tcell, inferred map[string]bool) []byte {
	b = append(b, c.path...)
	b = append(b, ',')
	if v, ok := c.value(r); ok {
		b = report.AppendNumber(b, v)
	}
	b = append(b, ',')
	b = append(b, flagOf(inferred[c.path])...)
	return append(b, "\r\n"...)
}

// reportCSVHeader are the columns of report.csv; reportCSVStart is the
// file's byte-order mark and header line.
var (
	reportCSVHeader = []string{"cell", "value", "inferred"}
	reportCSVStart  = "\ufeff" + strings.Join(reportCSVHeader, ",") + "\r\n"
)

// agencyDoc is data.json: what the compare view (assets/compare.ts) and a
// researcher following one agency need, by year. The whole report object
// (prose, sources, check messages) is each year's report.json at
// /agencies/<id>/report.json, not repeated here.
type agencyDoc struct {
	Schema     string         `json:"schema"`
	Agency     string         `json:"agency"`
	AgencySlug string         `json:"agency_slug"`
	Years      []int          `json:"years"`
	Reports    []agencyReport `json:"reports"`
}

// agencyReport is one year of data.json: the figures and the outcome of
// the checks; report is the URL of the full object, relative to data.json.
type agencyReport struct {
	ID       string          `json:"id"`
	Year     int             `json:"year,omitempty"`
	Template string          `json:"template"`
	Badge    string          `json:"badge"`
	Tables   json.RawMessage `json:"tables"`
	Derived  json.RawMessage `json:"derived"`
	Inferred []string        `json:"inferred"`
	Report   string          `json:"report"`
}

// agencySchema is the version of data.json (2: report objects cut down to
// their figures, with a link to report.json).
const agencySchema = "gongkai.agency/2"

// AgencyJSON is /agencies/<slug>/data.json: the agency (its name as of the
// latest report), the years it reported, and its figures by year.
func AgencyJSON(reps []*report.Report) ([]byte, error) {
	return AppendAgencyJSON(make([]byte, 0, 4096*len(reps)), reps)
}

// AppendAgencyJSON appends what AgencyJSON writes to b.
func AppendAgencyJSON(b []byte, reps []*report.Report) ([]byte, error) {
	sp := nestedBufs.Get().(*[]byte)
	defer nestedBufs.Put(sp)
	doc, err := newAgencyDocIn(reps, sp)
	if err != nil {
		return b, err
	}
	return append(doc.appendJSON(b), '\n'), nil
}

// nestedBufs hold the figures' JSON of an agency's reports while its
// data.json is written.
var nestedBufs = sync.Pool{New: func() any { return new([]byte) }}

func newAgencyDoc(reps []*report.Report) (*agencyDoc, error) {
	return newAgencyDocIn(reps, new([]byte))
}

// newAgencyDocIn makes the document with its reports' tables and derived
// sums cut from *scratch (grown as needed and kept for the next agency).
func newAgencyDocIn(reps []*report.Report, scratch *[]byte) (*agencyDoc, error) {
	reps, err := agencyReports(reps)
	if err != nil {
		return nil, err
	}
	doc := &agencyDoc{Schema: agencySchema, Agency: reps[len(reps)-1].Agency, AgencySlug: reps[0].AgencySlug, Years: []int{}, Reports: make([]agencyReport, len(reps))}
	buf := (*scratch)[:0]
	ends := make([][3]int, len(reps))
	for i, r := range reps {
		if r.Year != 0 && !slices.Contains(doc.Years, r.Year) {
			doc.Years = append(doc.Years, r.Year)
		}
		inferred := r.Inferred
		if inferred == nil {
			inferred = []string{}
		}
		start := len(buf)
		var mid int
		buf, mid = r.AppendNestedJSON(buf)
		ends[i] = [3]int{start, mid, len(buf)}
		dir := "undated" // as aggregate.Dir: the path segment of the report
		if _, after, ok := strings.Cut(r.ID, "/"); ok {
			dir = after
		} else if r.Year != 0 {
			dir = strconv.Itoa(r.Year)
		}
		doc.Reports[i] = agencyReport{ID: r.ID, Year: r.Year, Template: r.Template, Badge: r.Badge,
			Inferred: inferred, Report: dir + "/report.json"}
	}
	// Cut after the loop: buf moved as it grew.
	for i, e := range ends {
		doc.Reports[i].Tables = buf[e[0]:e[1]:e[1]]
		doc.Reports[i].Derived = buf[e[1]:e[2]:e[2]]
	}
	*scratch = buf[:0]
	return doc, nil
}

// appendJSON writes the document as encoding/json would (TestAgencyJSONMatchesEncodingJSON):
// by hand, because encoding/json checks and compacts the tables' JSON again,
// which was most of the time data.json took.
func (d *agencyDoc) appendJSON(b []byte) []byte {
	b = append(b, `{"schema":`...)
	b = report.AppendJSONString(b, d.Schema)
	b = append(b, `,"agency":`...)
	b = report.AppendJSONString(b, d.Agency)
	b = append(b, `,"agency_slug":`...)
	b = report.AppendJSONString(b, d.AgencySlug)
	b = append(b, `,"years":[`...)
	for i, y := range d.Years {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(y), 10)
	}
	b = append(b, `],"reports":[`...)
	for i, r := range d.Reports {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = report.AppendJSONString(b, r.ID)
		if r.Year != 0 {
			b = append(b, `,"year":`...)
			b = strconv.AppendInt(b, int64(r.Year), 10)
		}
		b = append(b, `,"template":`...)
		b = report.AppendJSONString(b, r.Template)
		b = append(b, `,"badge":`...)
		b = report.AppendJSONString(b, r.Badge)
		b = append(b, `,"tables":`...)
		b = append(b, r.Tables...)
		b = append(b, `,"derived":`...)
		b = append(b, r.Derived...)
		b = append(b, `,"inferred":`...)
		b = report.AppendJSONStrings(b, r.Inferred)
		b = append(b, `,"report":`...)
		b = report.AppendJSONString(b, r.Report)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// AgencyCSV is /agencies/<slug>/data.csv: one row per report by year, with
// the same columns as /data/reports.csv so scripts work on both.
func AgencyCSV(reps []*report.Report) ([]byte, error) {
	return AppendAgencyCSV(nil, reps)
}

// AppendAgencyCSV appends what AgencyCSV writes to b.
func AppendAgencyCSV(b []byte, reps []*report.Report) ([]byte, error) {
	reps, err := agencyReports(reps)
	if err != nil {
		return b, err
	}
	buf := bytes.NewBuffer(b)
	if _, _, err := writeReportsCSV(buf, reps); err != nil {
		return b, err
	}
	return buf.Bytes(), nil
}

// agencyReports checks that reps are one agency's and sorts a copy by year.
func agencyReports(reps []*report.Report) ([]*report.Report, error) {
	if len(reps) == 0 {
		return nil, errors.New("export: agency with no reports")
	}
	for _, r := range reps[1:] {
		if r.AgencySlug != reps[0].AgencySlug {
			return nil, fmt.Errorf("export: reports of two agencies in one agency file: %q and %q", reps[0].AgencySlug, r.AgencySlug)
		}
	}
	return sorted(reps), nil
}

// sorted returns a copy of reps ordered by agency slug, year and source path,
// so every file lists reports in the same order whatever order they came in.
func sorted(reps []*report.Report) []*report.Report {
	out := slices.Clone(reps)
	slices.SortStableFunc(out, func(a, b *report.Report) int {
		return cmp.Or(
			strings.Compare(a.AgencySlug, b.AgencySlug),
			cmp.Compare(a.Year, b.Year),
			strings.Compare(a.Source.Path, b.Source.Path),
			strings.Compare(a.ID, b.ID),
		)
	})
	return out
}

// safe neutralises spreadsheet formulas (CSV injection): a text cell that
// starts with =, +, -, @ (or tab/CR, which some spreadsheets skip before
// one) gets a leading apostrophe. Numbers never pass through here.
func safe(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

func flagOf(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func inferredSet(r *report.Report) map[string]bool {
	m := make(map[string]bool, len(r.Inferred))
	for _, p := range r.Inferred {
		m[p] = true
	}
	return m
}

// csvWriter is encoding/csv with a UTF-8 BOM (so Excel reads Chinese), CRLF
// line ends, a row count and the first error kept.
type csvWriter struct {
	out  io.Writer // what w writes to
	w    *csv.Writer
	rows int // data rows, header excluded
	err  error
}

func newCSV(w io.Writer) *csvWriter {
	_, err := io.WriteString(w, "\ufeff")
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &csvWriter{out: w, w: cw, rows: -1, err: err}
}

// raw writes rows already encoded as CSV (CRLF line ends).
func (c *csvWriter) raw(b []byte, rows int) {
	if c.err != nil {
		return
	}
	c.w.Flush()
	if c.err = c.w.Error(); c.err == nil {
		_, c.err = c.out.Write(b)
		c.rows += rows
	}
}

// csvRecord encodes single CSV records into memory with one csv.Writer,
// used again for each record: a national cells.csv makes one per report.
type csvRecord struct {
	b bytes.Buffer
	w *csv.Writer
}

// fields returns fields as one CSV record without its line end, valid
// until the next call.
func (c *csvRecord) fields(fields ...string) []byte {
	if c.w == nil {
		c.w = csv.NewWriter(&c.b)
		c.w.UseCRLF = true
	}
	c.b.Reset()
	c.w.Write(fields) // into memory: no error
	c.w.Flush()
	return bytes.TrimSuffix(c.b.Bytes(), []byte("\r\n"))
}

func (c *csvWriter) write(fields ...string) {
	if c.err == nil {
		c.err = c.w.Write(fields)
		c.rows++
	}
}

func (c *csvWriter) flush() error {
	c.w.Flush()
	if c.err == nil {
		c.err = c.w.Error()
	}
	return c.err
}

// formatYear writes a year; 0 (no year found) is written empty, as null.
func formatYear(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
