package report_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/synth"
)

// wireJSON is the reference: the wire struct through encoding/json, as
// MarshalJSON was written before it appended by hand.
func wireJSON(r *report.Report) []byte {
	type wire struct {
		Schema          string           `json:"schema"`
		ID              string           `json:"id"`
		Agency          string           `json:"agency"`
		AgencyAsWritten string           `json:"agency_as_written"`
		AgencySlug      string           `json:"agency_slug"`
		Year            int              `json:"year,omitempty"`
		Template        string           `json:"template"`
		Source          report.Source    `json:"source"`
		Sources         []report.Source  `json:"sources,omitempty"`
		Period          *report.Period   `json:"period"`
		Sections        []report.Section `json:"sections"`
		Tables          json.RawMessage  `json:"tables"`
		Derived         json.RawMessage  `json:"derived"`
		Inferred        []string         `json:"inferred"`
		Checks          []report.Check   `json:"checks"`
		Badge           string           `json:"badge"`
		Notes           []string         `json:"notes,omitempty"`
	}
	w := wire{Schema: r.Schema, ID: r.ID, Agency: r.Agency, AgencyAsWritten: r.AgencyAsWritten, AgencySlug: r.AgencySlug,
		Year: r.Year, Template: r.Template, Source: r.Source, Sources: r.Sources, Period: r.Period, Sections: r.Sections,
		Inferred: r.Inferred, Checks: r.Checks, Badge: r.Badge, Notes: r.Notes}
	if w.Inferred == nil {
		w.Inferred = []string{}
	}
	if w.Sections == nil {
		w.Sections = []report.Section{}
	}
	if w.Checks == nil {
		w.Checks = []report.Check{}
	}
	w.Tables, w.Derived, _ = r.NestedJSON()
	b, err := json.Marshal(w)
	if err != nil {
		panic(err)
	}
	return b
}

func sameJSON(t *testing.T, r *report.Report) {
	t.Helper()
	got, err := r.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if want := wireJSON(r); !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("%s: differs at byte %d:\n got …%s\nwant …%s", r.ID, i, got[max(0, i-40):min(len(got), i+40)], want[max(0, i-40):min(len(want), i+40)])
	}
}

// TestMarshalJSONMatchesEncodingJSON: the hand-written encoder writes the
// same bytes as encoding/json, over synthetic reports of every shape and
// over hostile text.
func TestMarshalJSONMatchesEncodingJSON(t *testing.T) {
	for i := range 300 {
		name, data, _ := synth.Generate(7, i)
		r, err := parse.File(name, data)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, r)
	}
	hostile := "<script>alert(1)</script> & \"q\" \\ \n\r\t\b\f\x00\x1f\x7f \u2028\u2029 \xff\xfe 繁體 😀"
	r := &report.Report{ID: hostile, Agency: hostile, Sections: []report.Section{{Number: 1, Title: hostile, Text: hostile}},
		Sources: []report.Source{{Path: "a", URL: hostile}, {Path: hostile}},
		Checks:  []report.Check{{ID: "x", Status: "pass", Message: hostile, English: hostile, Cells: []string{hostile}}, {ID: "y", Cells: []string{}}},
		Notes:   []string{hostile}, Inferred: []string{"requests.new.total"}, Year: -1,
		Tables: report.CellsOf(map[string]float64{"requests.new.total": 1e21, "active.fees.amount": 0.000001, "not.a.path": 3})}
	sameJSON(t, r)
	sameJSON(t, &report.Report{})
	sameJSON(t, &report.Report{Period: &report.Period{}})
}

// FuzzMarshalJSON: any text in any field encodes as encoding/json does.
func FuzzMarshalJSON(f *testing.F) {
	f.Add("安安市", "一、总体情况\n<b>", "\xff", "\u2028")
	f.Fuzz(func(t *testing.T, a, b, c, d string) {
		r := &report.Report{Schema: a, ID: b, Agency: c, AgencyAsWritten: d, Badge: a + d,
			Source:   report.Source{Path: a, SHA256: b, Format: c, Encoding: d, Script: a, URL: b},
			Period:   &report.Period{From: c, To: d},
			Sections: []report.Section{{Number: len(a), Title: b, Text: c}},
			Checks:   []report.Check{{ID: a, Status: b, Message: c, English: d, Cells: []string{a, d}}},
			Notes:    []string{d}, Inferred: []string{c}}
		sameJSON(t, r)
	})
}

func BenchmarkMarshalJSON(b *testing.B) {
	var reps []*report.Report
	for i := range 50 {
		name, data, _ := synth.Generate(7, i)
		r, err := parse.File(name, data)
		if err != nil {
			b.Fatal(err)
		}
		reps = append(reps, r)
	}
	for _, enc := range []struct {
		name string
		f    func(*report.Report) []byte
	}{
		{"append", func(r *report.Report) []byte { b, _ := r.MarshalJSON(); return b }},
		{"encoding-json", wireJSON},
	} {
		b.Run(enc.name, func(b *testing.B) {
			for b.Loop() {
				for _, r := range reps {
					enc.f(r)
				}
			}
		})
	}
}

// TestAppendNestedJSON: the tables and derived sums appended after other
// bytes are what NestedJSON returns, and they are the "tables" and
// "derived" members of the report's own JSON.
func TestAppendNestedJSON(t *testing.T) {
	for i := range 100 {
		name, data, _ := synth.Generate(7, i)
		r, err := parse.File(name, data)
		if err != nil {
			t.Fatal(err)
		}
		tables, derived, err := r.NestedJSON()
		if err != nil {
			t.Fatal(err)
		}
		b, mid := r.AppendNestedJSON([]byte("prefix"))
		if string(b[:6]) != "prefix" || !bytes.Equal(b[6:mid], tables) || !bytes.Equal(b[mid:], derived) {
			t.Fatalf("%s: appended %q, want %q then %q", r.ID, b, tables, derived)
		}
		whole, _ := r.MarshalJSON()
		if !bytes.Contains(whole, append(append([]byte(`"tables":`), tables...), `,"derived":`...)) {
			t.Fatalf("%s: tables not as in the report's JSON", r.ID)
		}
	}
}
