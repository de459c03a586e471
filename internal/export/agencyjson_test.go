package export

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/synth"
	"gongkai/internal/validate"
)

// TestAgencyJSONMatchesEncodingJSON: data.json, written by hand, is the
// bytes encoding/json makes of the same document, for synthetic agencies
// of every shape and for hostile names.
func TestAgencyJSONMatchesEncodingJSON(t *testing.T) {
	same := func(reps []*report.Report) {
		t.Helper()
		doc, err := newAgencyDoc(reps)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.appendJSON(nil); !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Fatalf("differs at byte %d:\n got …%s\nwant …%s", i, got[max(0, i-60):min(len(got), i+60)], want[max(0, i-60):min(len(want), i+60)])
		}
	}
	bySlug := map[string][]*report.Report{}
	var order []string
	for i := range 200 {
		name, data, _ := synth.Generate(11, i)
		r, err := parse.File(name, data)
		if err != nil {
			t.Fatal(err)
		}
		validate.Report(r)
		r.AgencySlug = r.Agency // one agency per name, as the corpus groups them
		if _, ok := bySlug[r.AgencySlug]; !ok {
			order = append(order, r.AgencySlug)
		}
		r.ID = r.AgencySlug + "/" + r.Template
		bySlug[r.AgencySlug] = append(bySlug[r.AgencySlug], r)
	}
	for _, slug := range order {
		same(bySlug[slug])
	}
	hostile := "<b>&\"\\\n\u2028\xff 繁體</b>"
	r := small2021()
	r.Agency, r.Badge, r.Template, r.ID = hostile, hostile, hostile, hostile
	r.Inferred = []string{hostile, ""}
	same([]*report.Report{r})
	u := small2021()
	u.Year, u.ID, u.Inferred = 0, "x", nil
	same([]*report.Report{u})
}

// fiveYears is one agency's reports of 2019–2023, for the benchmarks.
func fiveYears() []*report.Report {
	var reps []*report.Report
	for i := range 5 {
		r := small2021()
		r.Year = 2019 + i
		r.ID = r.AgencySlug + "/" + strconv.Itoa(r.Year)
		reps = append(reps, r)
	}
	return reps
}

// BenchmarkAgencyJSON writes one agency's data.json (five years), by hand
// and through encoding/json.
func BenchmarkAgencyJSON(b *testing.B) {
	reps := fiveYears()
	doc, err := newAgencyDoc(reps)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("append", func(b *testing.B) {
		for b.Loop() {
			if _, err := AgencyJSON(reps); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			if _, err := json.Marshal(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// referenceAgencyCSV is data.csv written field by field through
// encoding/csv, as it was before rows were appended as bytes.
func referenceAgencyCSV(t testing.TB, reps []*report.Report) []byte {
	reps, err := agencyReports(reps)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := newCSV(&buf)
	var rec []string
	for _, f := range reportFields {
		rec = append(rec, f.Name)
	}
	for _, c := range columns {
		rec = append(rec, c.Path)
	}
	w.write(rec...)
	for _, r := range reps {
		rec = rec[:0]
		for _, f := range reportFields {
			rec = append(rec, safe(f.get(r)))
		}
		for _, col := range cellColumns[r.TemplateDef().ID] {
			if v, ok := col.value(r); ok {
				rec = append(rec, report.FormatNumber(v))
			} else {
				rec = append(rec, "")
			}
		}
		w.write(rec...)
	}
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestAgencyCSVMatchesCSVWriter: data.csv (and so reports.csv, written by
// the same code) is the bytes encoding/csv makes of the same rows, for
// synthetic agencies of every shape and for hostile text.
func TestAgencyCSVMatchesCSVWriter(t *testing.T) {
	same := func(reps []*report.Report) {
		t.Helper()
		want := referenceAgencyCSV(t, reps)
		got, err := AppendAgencyCSV(nil, reps)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Fatalf("differs at byte %d:\n got …%q\nwant …%q", i, got[max(0, i-60):min(len(got), i+60)], want[max(0, i-60):min(len(want), i+60)])
		}
	}
	for i := range 100 {
		name, data, _ := synth.Generate(12, i)
		r, err := parse.File(name, data)
		if err != nil {
			t.Fatal(err)
		}
		validate.Report(r)
		r.ID = "a/" + strconv.Itoa(i)
		same([]*report.Report{r})
	}
	for _, hostile := range []string{"a,b", `"q"`, "x\ny", "=SUM(A1)", "+1", "", " lead", "繁體,\r\n"} {
		r := small2021()
		r.Agency, r.AgencyAsWritten, r.Template, r.ID = hostile, hostile, hostile, hostile
		r.Inferred = []string{hostile}
		same([]*report.Report{r})
	}
}

// BenchmarkAgencyCSV writes one agency's data.csv (five years).
func BenchmarkAgencyCSV(b *testing.B) {
	reps := fiveYears()
	b.Run("append", func(b *testing.B) {
		for b.Loop() {
			if _, err := AppendAgencyCSV(nil, reps); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("csv-writer", func(b *testing.B) {
		for b.Loop() {
			referenceAgencyCSV(b, reps)
		}
	})
}
