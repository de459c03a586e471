// Package report is the typed model of one annual report (SPEC §2): its
// metadata, its three tables as cell paths, derived sums and check results.
// It does no I/O.
package report

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"sync"
)

// Schema is the version of the report object.
const Schema = "gongkai.report/1"

// Check statuses and badges.
const (
	Pass = "pass"
	Warn = "warn"
	Fail = "fail"
	Skip = "skip"
	Info = "info"
)

// ChecksAdded is how many checks a build appends to a validated report's
// (three across its agency's years, by crosscheck, and region.sum): a
// report read back from the build cache gets room for them, so that its
// checks are not copied into a longer slice for them.
const ChecksAdded = 3 + 1

// Report is one parsed annual report.
type Report struct {
	Schema          string    `json:"schema"`
	ID              string    `json:"id"`
	Agency          string    `json:"agency"`
	AgencyAsWritten string    `json:"agency_as_written"`
	AgencySlug      string    `json:"agency_slug"`
	Year            int       `json:"year,omitempty"`
	Template        string    `json:"template"`
	Source          Source    `json:"source"`
	Sources         []Source  `json:"sources,omitempty"` // further files of the same report (SPEC §3 meta.duplicate)
	Period          *Period   `json:"period"`
	Sections        []Section `json:"sections"`
	// Tables holds every cell by path "table.row.col"; a missing path is null.
	Tables   Cells    `json:"tables"`
	Derived  Cells    `json:"derived"`
	Inferred []string `json:"inferred"`
	Checks   []Check  `json:"checks"`
	Badge    string   `json:"badge"`
	// Notes are parser remarks a reader should see (e.g. ambiguous flattened rows).
	Notes []string `json:"notes,omitempty"`
	// TablesFound lists the tables the parser located (even if no cell could be read).
	TablesFound []string `json:"-"`
	// Unread maps "table.row" to the raw run of a flattened row that had
	// more than one reading, so that other reports (the same agency's
	// neighbouring years) can settle it.
	Unread map[string]string `json:"-"`
}

// Source says where a report came from.
type Source struct {
	Path     string `json:"path"`
	SHA256   string `json:"sha256,omitempty"`
	Format   string `json:"format,omitempty"`   // text, markdown, html
	Encoding string `json:"encoding,omitempty"` // utf-8, gb18030
	Script   string `json:"script,omitempty"`   // simplified, traditional
	URL      string `json:"url,omitempty"`
}

// Period is the statistics period stated in the report.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Section is one of the six parts with its prose.
type Section struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
	Text   string `json:"text"`
}

// Check is the result of one check.
type Check struct {
	ID      string   `json:"id"`
	Status  string   `json:"status"`
	Message string   `json:"message"`
	English string   `json:"message_en,omitempty"`
	Cells   []string `json:"cells,omitempty"`
}

// TemplateDef returns the report's template layout (2021 when unknown).
func (r *Report) TemplateDef() *Template {
	if t := ByID(r.Template); t != nil {
		return t
	}
	return T2021
}

// Value returns the value at a cell path ("requests.new.total" or
// "derived.requests.denied.total") and whether it is known.
func (r *Report) Value(path string) (float64, bool) {
	if rest, ok := strings.CutPrefix(path, "derived."); ok {
		return r.Derived.Get(rest)
	}
	return r.Tables.Get(path)
}

// FormatNumber writes a value the way the JSON does: integers without a
// decimal point, amounts with the digits they need.
func FormatNumber(v float64) string {
	if i, ok := exactInt(v); ok {
		return strconv.FormatInt(i, 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// AppendNumber appends FormatNumber(v).
func AppendNumber(b []byte, v float64) []byte {
	if i, ok := exactInt(v); ok {
		return strconv.AppendInt(b, i, 10)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// exactInt is v as an integer when it is one that float64 holds exactly,
// other than -0. Almost every value is a count, and strconv writes an
// integer several times faster than it finds a float's shortest digits
// (the same digits: TestFormatNumber).
func exactInt(v float64) (int64, bool) {
	const limit = 1 << 53
	if v > -limit && v < limit {
		if i := int64(v); float64(i) == v && (i != 0 || !math.Signbit(v)) {
			return i, true
		}
	}
	return 0, false
}

// nestedPiece is the JSON before one cell's value (`{"active":{"rules":{"issued":`)
// and the cell's path; the last piece of a layout has no path, only the
// closing braces.
type nestedPiece struct {
	json, path string
	index      int // PathIndex(path), or -1
}

// nestedLayouts caches the layout of each table set: it depends on the
// template only, and every report of a national corpus is marshalled.
var nestedLayouts sync.Map // *Row (the first row of the set) → []nestedPiece

func nestedLayout(tables []TableDef) []nestedPiece {
	var key *Row // the template's (or DerivedRows') own first row
	if len(tables) > 0 && len(tables[0].Rows) > 0 {
		key = &tables[0].Rows[0]
		if l, ok := nestedLayouts.Load(key); ok {
			return l.([]nestedPiece)
		}
	}
	var out []nestedPiece
	var b strings.Builder
	b.WriteByte('{')
	for ti, tb := range tables {
		if ti > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(tb.Key) + ":{")
		for ri, row := range tb.Rows {
			if ri > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(row.Key) + ":{")
			for ci, col := range row.Columns {
				if ci > 0 {
					b.WriteByte(',')
				}
				b.WriteString(strconv.Quote(col.Key) + ":")
				p := tb.Key + "." + row.Key + "." + col.Key
				i, ok := PathIndex(p)
				if !ok {
					i = -1
				}
				out = append(out, nestedPiece{b.String(), p, i})
				b.Reset()
			}
			b.WriteByte('}')
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	out = append(out, nestedPiece{json: b.String(), index: -1})
	if key != nil {
		nestedLayouts.Store(key, out)
	}
	return out
}

func appendNested(b []byte, cells Cells, layout []nestedPiece) []byte {
	for _, p := range layout {
		b = append(b, p.json...)
		if p.path == "" {
			break
		}
		var v float64
		var ok bool
		if p.index >= 0 {
			v, ok = cells.GetIndex(p.index)
		} else {
			v, ok = cells.Get(p.path)
		}
		if ok {
			b = AppendNumber(b, v)
		} else {
			b = append(b, "null"...)
		}
	}
	return b
}

// unmarshalNested reads table → row → column objects back into flat paths.
func unmarshalNested(data []byte) (Cells, error) {
	var nested map[string]map[string]map[string]*float64
	if err := json.Unmarshal(data, &nested); err != nil {
		return Cells{}, err
	}
	var out Cells
	for t, rows := range nested {
		for r, cols := range rows {
			for c, v := range cols {
				if v != nil {
					out.Set(t+"."+r+"."+c, *v)
				}
			}
		}
	}
	return out, nil
}

// MarshalJSON writes the report in SPEC order, tables and derived sums
// nested in template order, with null for every blank cell.
func (r Report) MarshalJSON() ([]byte, error) {
	return appendJSON(make([]byte, 0, 8192), &r), nil
}

// AppendJSON appends what MarshalJSON writes to b.
func (r *Report) AppendJSON(b []byte) []byte { return appendJSON(b, r) }

// NestedJSON is the report's tables and derived sums as MarshalJSON writes
// them (nested in template order, null for blank cells), for files that
// publish the figures without the rest of the object.
func (r *Report) NestedJSON() (tables, derived json.RawMessage, err error) {
	b, mid := r.AppendNestedJSON(nil)
	return b[:mid:mid], b[mid:], nil
}

// AppendNestedJSON appends what NestedJSON returns, the tables then the
// derived sums, to b, and says where the tables end.
func (r *Report) AppendNestedJSON(b []byte) (_ []byte, tablesEnd int) {
	b = appendNested(b, r.Tables, nestedLayout(r.TemplateDef().Tables))
	tablesEnd = len(b)
	return appendNested(b, r.Derived, nestedLayout(derivedTables)), tablesEnd
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (r *Report) UnmarshalJSON(data []byte) error {
	type plain Report
	var p struct {
		plain
		Tables  json.RawMessage `json:"tables"`
		Derived json.RawMessage `json:"derived"`
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*r = Report(p.plain)
	var err error
	if len(p.Tables) > 0 {
		if r.Tables, err = unmarshalNested(p.Tables); err != nil {
			return err
		}
	}
	if len(p.Derived) > 0 {
		if r.Derived, err = unmarshalNested(p.Derived); err != nil {
			return err
		}
	}
	return nil
}
