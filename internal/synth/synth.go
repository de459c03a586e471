// Package synth generates synthetic 政府信息公开工作年度报告 in every input
// shape of SPEC §1, each with the truth a parser should read off it, so the
// parser can be scored on reports it has not seen and the site benchmarked
// on large corpora. Report i of seed s is always the same bytes.
package synth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/internal/report"
)

// Shapes are the input shapes of SPEC §1, by name.
var Shapes = []string{"tab", "md", "pipe", "cells", "html", "flat"}

// shapeWeight is how often each shape is drawn when all are allowed.
var shapeWeight = map[string]float64{"tab": 24, "md": 14, "pipe": 14, "cells": 14, "html": 31, "flat": 3}

var shapeExt = map[string]string{"tab": "txt", "md": "md", "pipe": "md", "cells": "txt", "html": "html", "flat": "txt"}

// Value is a truth cell: a number, null (blank in the source) or "?"
// (the source cannot tell, e.g. a flattened row with two readings).
type Value struct {
	Num     float64
	Null    bool
	Unknown bool
}

// MarshalJSON writes a number, null or "?".
func (v Value) MarshalJSON() ([]byte, error) {
	switch {
	case v.Unknown:
		return []byte(`"?"`), nil
	case v.Null:
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(v.Num, 'f', -1, 64)), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (v *Value) UnmarshalJSON(b []byte) error {
	switch s := string(b); s {
	case `"?"`:
		*v = Value{Unknown: true}
	case "null":
		*v = Value{Null: true}
	default:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		*v = Value{Num: f}
	}
	return nil
}

// Truth is what a parser should read off one synthetic report, in the
// format of corpus/*.truth.json that tools/score.py reads. Fields after
// Checks describe the report and are not scored.
type Truth struct {
	Agency          string                                 `json:"agency"`
	AgencyAsWritten string                                 `json:"agency_as_written"`
	Year            int                                    `json:"year"`
	Template        string                                 `json:"template"`
	Tables          map[string]map[string]map[string]Value `json:"tables"`
	Checks          map[string]string                      `json:"checks"`
	Notes           string                                 `json:"notes,omitempty"`
	Shape           string                                 `json:"shape"`
	Encoding        string                                 `json:"encoding"`
	Script          string                                 `json:"script"`
	Fault           string                                 `json:"fault,omitempty"` // the cell changed to break an identity
	Narrative       int                                    `json:"narrative_requests"`
}

// Generator makes reports for one seed, optionally restricted to some shapes.
type Generator struct {
	Seed   int64
	Shapes []string // nil: all shapes
}

// Generate returns report i of seed: its file name (with extension), its
// bytes and its truth. The same (seed, i) always gives the same result.
func Generate(seed int64, i int) (name string, data []byte, truth Truth) {
	return Generator{Seed: seed}.Generate(i)
}

// Generate returns report i; see the package function Generate.
func (gn Generator) Generate(i int) (string, []byte, Truth) {
	g := newGen(gn, i)
	data := g.render()
	t := g.truth()
	return fmt.Sprintf("r%06d-%d.%s", i, g.year, shapeExt[g.st.shape]), data, t
}

// style is how one report is printed.
type style struct {
	shape          string
	trad           bool
	enc            string // utf-8, utf-8-bom, gb18030
	crlf           bool
	fullwidth      bool
	thousands      bool
	zero           string // token printed for some zero cells, "" for 0
	zeroP          float64
	yuan           bool // amounts printed as 251000元
	asciiParens    bool
	numSep         string
	spaced         bool
	typoRepealed   bool
	shortNormative bool
	lawVariant     bool
	title          int
	nav            bool
	period         int // 0 none, 1 top, 2 bottom
	shift          bool
	html           int
	sec4, sec5     int
	subHeads       bool
}

// gen holds one report while it is made.
type gen struct {
	r         *rand.Rand
	seed      int64
	i, a      int
	year      int
	ag        agency
	tmpl      *report.Template
	vals      *vals
	st        style
	short     map[string]bool // requests rows printed without the other column
	fault     string
	narrative int // the request count the prose states
	grids     [3]grid
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func newGen(gn Generator, i int) *gen {
	g := &gen{seed: gn.Seed, i: i, short: map[string]bool{}}
	g.r = rand.New(rand.NewPCG(uint64(gn.Seed), uint64(i)*0x9e3779b97f4a7c15+1))
	r := g.r
	g.a, g.year = agencyYear(gn.Seed, i)
	g.ag = agencyFor(gn.Seed, g.a)
	g.tmpl = report.T2021
	if g.year < 2021 || r.Float64() < 0.05 {
		g.tmpl = report.T2019
	}
	st := &g.st
	st.shape = pickShape(r, gn.Shapes)
	flat := st.shape == "flat"
	st.trad = r.Float64() < 0.08
	switch p := r.Float64(); {
	case p < 0.12:
		st.enc = "gb18030"
	case p < 0.22:
		st.enc = "utf-8-bom"
	default:
		st.enc = "utf-8"
	}
	st.crlf = r.Float64() < 0.15
	if !flat {
		st.fullwidth = r.Float64() < 0.06
		st.thousands = !st.fullwidth && r.Float64() < 0.3
		if r.Float64() < 0.2 {
			st.zero, st.zeroP = pick(r, "—", "-", "－", "/", "无"), 0.3+0.7*r.Float64()
		}
		st.yuan = r.Float64() < 0.1
	}
	st.asciiParens = r.Float64() < 0.4
	st.numSep = pick(r, ".", ".", ".", "．", "、")
	st.spaced = r.Float64() < 0.25
	st.typoRepealed = r.Float64() < 0.1
	st.shortNormative = r.Float64() < 0.2
	st.lawVariant = r.Float64() < 0.1
	st.title = r.IntN(5)
	st.nav = r.Float64() < 0.25
	st.period = pick(r, 0, 1, 1, 1, 2, 2)
	st.shift = r.Float64() < 0.6
	st.html = r.IntN(3)
	st.sec4, st.sec5 = r.IntN(2), r.IntN(2)
	st.subHeads = r.Float64() < 0.5

	g.vals = fillValues(r, gn.Seed, g.ag, g.a, g.year, g.tmpl)
	x := g.vals
	if flat { // a flattened row has no room for signs
		for p, v := range x.v {
			if v < 0 {
				x.v[p] = 0
			}
		}
	}
	newTotal := x.v["requests.new.total"]
	coTotal := x.v["requests.carried_over.total"]
	switch p := r.Float64(); {
	case p < 0.75:
		g.narrative = int(newTotal)
	case p < 0.92:
		g.narrative = int(newTotal + coTotal)
	default: // the prose disagrees with the table
		g.narrative = int(newTotal+coTotal) + 1 + r.IntN(9)
	}
	if !flat {
		g.blank()
		if r.Float64() < 0.1 {
			g.injectFault()
		}
	}
	g.grids = [3]grid{g.activeGrid(), g.requestsGrid(), g.reviewGrid()}
	if flat {
		g.flatUnknowns()
	}
	return g
}

func pickShape(r *rand.Rand, allowed []string) string {
	if len(allowed) == 0 {
		allowed = Shapes
	}
	sum := 0.0
	for _, s := range allowed {
		sum += shapeWeight[s]
	}
	p := r.Float64() * sum
	for _, s := range allowed {
		if p < shapeWeight[s] {
			return s
		}
		p -= shapeWeight[s]
	}
	return allowed[len(allowed)-1]
}

// valuePaths lists the template's cell paths of the given tables.
func (g *gen) valuePaths(tables ...string) []string {
	var out []string
	for _, p := range g.tmpl.Paths() {
		if slices.Contains(tables, p[:strings.IndexByte(p, '.')]) {
			out = append(out, p)
		}
	}
	return out
}

// blank leaves cells blank where a reader can still tell which cells they
// are: anywhere in HTML and pipe tables, the whole 行政复议 row (its leading
// cells) in tab text, and the 其他 column of rows printed one number short.
func (g *gen) blank() {
	r, x := g.r, g.vals
	blankRow := func(prefix string) {
		for _, c := range revCols {
			x.null[prefix+c] = true
		}
	}
	switch g.st.shape {
	case "html", "pipe":
		switch p := r.Float64(); {
		case p < 0.08:
			paths := g.valuePaths("active", "requests", "review")
			for n := 1 + r.IntN(4); n > 0; n-- {
				if p := pick(r, paths...); p != "requests.new.total" {
					x.null[p] = true
				}
			}
		case p < 0.11: // 上海 2019: the 总计 column left blank on the outcome rows
			for _, row := range outcomeRows(g.tmpl) {
				x.null["requests."+row+".total"] = true
			}
		case p < 0.14: // zeros left blank
			for _, p := range g.valuePaths("requests", "review") {
				if x.v[p] == 0 && p != "requests.new.total" {
					x.null[p] = true
				}
			}
		case p < 0.16:
			blankRow("review.review.")
		}
	case "tab", "md", "cells":
		if g.st.shape != "cells" && r.Float64() < 0.06 {
			blankRow("review.review.")
		}
		if r.Float64() < 0.12 {
			all := r.Float64() < 0.3
			for _, row := range g.tmpl.Table("requests").Rows {
				p := "requests." + row.Key + ".other"
				if x.v[p] == 0 && (all || r.Float64() < 0.15) {
					g.short[row.Key] = true
					x.null[p] = true
				}
			}
		}
	}
}

// injectFault changes one printed number of table 三 or 四 so that an
// identity no longer holds.
func (g *gen) injectFault() {
	r, x := g.r, g.vals
	var paths []string
	for _, p := range g.valuePaths("requests", "review") {
		if !x.null[p] {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return
	}
	p := pick(r, paths...)
	d := float64(1 + r.IntN(3))
	if x.v[p] >= d && r.Float64() < 0.4 {
		d = -d
	}
	x.v[p] += d
	g.fault = p
}

// truth builds the expected reading of the report.
func (g *gen) truth() Truth {
	x := g.vals
	t := Truth{
		Agency:          g.ag.name,
		AgencyAsWritten: g.ag.name,
		Year:            g.year,
		Template:        g.tmpl.ID,
		Tables:          map[string]map[string]map[string]Value{},
		Checks:          map[string]string{},
		Shape:           g.st.shape,
		Encoding:        map[string]string{"utf-8-bom": "utf-8"}[g.st.enc],
		Script:          "simplified",
		Fault:           g.fault,
		Narrative:       g.narrative,
	}
	if t.Encoding == "" {
		t.Encoding = g.st.enc
	}
	if g.st.trad {
		t.AgencyAsWritten = toTrad(g.ag.name)
		t.Script = "traditional"
	}
	nulls, unknowns := 0, 0
	for _, tb := range g.tmpl.Tables {
		rows := map[string]map[string]Value{}
		for _, row := range tb.Rows {
			cols := map[string]Value{}
			for _, c := range row.Columns {
				p := tb.Key + "." + row.Key + "." + c.Key
				switch {
				case x.unknown[p]:
					cols[c.Key] = Value{Unknown: true}
					unknowns++
				case x.null[p]:
					cols[c.Key] = Value{Null: true}
					nulls++
				default:
					cols[c.Key] = Value{Num: x.v[p]}
				}
			}
			rows[row.Key] = cols
		}
		t.Tables[tb.Key] = rows
	}
	ids := identities(g.tmpl)
	for _, id := range CheckIDs {
		t.Checks[id] = checkStatus(x, ids[id])
	}
	if unknowns == 0 {
		t.Checks["structure.cells"] = report.Pass
		if nulls > 0 {
			t.Checks["structure.cells"] = report.Warn
		}
	}
	if nw, ok := x.get("requests.new.total"); ok {
		co, okCo := x.get("requests.carried_over.total")
		n := float64(g.narrative)
		t.Checks["narrative.requests"] = report.Warn
		if n == nw || okCo && n == nw+co {
			t.Checks["narrative.requests"] = report.Pass
		}
	}
	var notes []string
	if g.fault != "" {
		notes = append(notes, "fault injected in "+g.fault)
	}
	if len(g.short) > 0 {
		notes = append(notes, "rows printed one number short")
	}
	if unknowns > 0 {
		notes = append(notes, fmt.Sprintf("%d flattened cells have more than one reading", unknowns))
	}
	t.Notes = strings.Join(notes, "; ")
	return t
}

// encode applies line ends, script and encoding to the rendered text.
func (g *gen) encode(s string) []byte {
	if g.st.trad && g.st.shape != "flat" { // renderFlat converts all but the crawler's labels
		s = toTrad(s)
	}
	if g.st.crlf {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	switch g.st.enc {
	case "gb18030":
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		if err != nil {
			panic(err) // every rune we print is in GB18030
		}
		return b
	case "utf-8-bom":
		return append([]byte("\uFEFF"), s...)
	}
	return []byte(s)
}

// MarshalIndent is the truth file's bytes.
func (t Truth) MarshalIndent() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(t); err != nil {
		panic(err)
	}
	return b.Bytes()
}
