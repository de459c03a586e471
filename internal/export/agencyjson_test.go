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

// BenchmarkAgencyJSON writes one agency's data.json (five years), by hand
// and through encoding/json.
func BenchmarkAgencyJSON(b *testing.B) {
	var reps []*report.Report
	for i := range 5 {
		r := small2021()
		r.Year = 2019 + i
		r.ID = r.AgencySlug + "/" + strconv.Itoa(r.Year)
		reps = append(reps, r)
	}
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
