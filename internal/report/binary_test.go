package report_test

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/synth"
	"gongkai/internal/validate"
)

// roundTrip encodes r and decodes it again, and fails unless it comes back
// deeply equal (nil and empty slices apart), also through encoding/gob as
// the build cache uses it.
func roundTrip(t *testing.T, r *report.Report) {
	t.Helper()
	b, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got report.Report
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatalf("%s: %v", r.ID, err)
	}
	if !reflect.DeepEqual(&got, r) || !got.Tables.Equal(r.Tables) || !got.Derived.Equal(r.Derived) {
		t.Fatalf("%s: round trip differs:\n got %+v\nwant %+v", r.ID, got, *r)
	}
	var buf bytes.Buffer
	type entry struct {
		Key    string
		Report *report.Report
	}
	if err := gob.NewEncoder(&buf).Encode(entry{"k", r}); err != nil {
		t.Fatal(err)
	}
	var e entry
	if err := gob.NewDecoder(&buf).Decode(&e); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(e.Report, r) {
		t.Fatalf("%s: gob round trip differs", r.ID)
	}
}

func parsedReports(t testing.TB, n int) []*report.Report {
	var reps []*report.Report
	for i := range n {
		name, data, _ := synth.Generate(7, i)
		r, err := parse.File(name, data)
		if err != nil {
			t.Fatal(err)
		}
		validate.Report(r)
		reps = append(reps, r)
	}
	return reps
}

// TestBinaryRoundTrip: parsed, validated reports of every shape, and odd
// ones, come back as they went.
func TestBinaryRoundTrip(t *testing.T) {
	for _, r := range parsedReports(t, 300) {
		roundTrip(t, r)
	}
	hostile := "<script>\x00\xff 繁體 😀"
	roundTrip(t, &report.Report{})
	roundTrip(t, &report.Report{Period: &report.Period{}, Sections: []report.Section{}, Inferred: []string{}, Checks: []report.Check{},
		Notes: []string{}, TablesFound: []string{}, Unread: map[string]string{}, Sources: []report.Source{}})
	roundTrip(t, &report.Report{ID: hostile, Year: -2019, Sources: []report.Source{{Path: hostile, URL: hostile}},
		Checks: []report.Check{{ID: "x", Cells: []string{}}, {ID: hostile, Cells: []string{hostile, ""}}},
		Unread: map[string]string{"b": hostile, "a": ""}, TablesFound: []string{"active"},
		Tables:  report.CellsOf(map[string]float64{"requests.new.total": 1e21, "not.a.path": -0.5}),
		Derived: report.CellsOf(map[string]float64{"requests.denied.total": 0})})
}

// TestBinaryLeavesRoomForChecks: a report read back has room for the
// checks a build appends, so appending them does not copy its checks.
func TestBinaryLeavesRoomForChecks(t *testing.T) {
	r := parsedReports(t, 1)[0]
	b, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got report.Report
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	first := &got.Checks[0]
	for range report.ChecksAdded {
		got.Checks = append(got.Checks, report.Check{ID: "added"})
	}
	if &got.Checks[0] != first {
		t.Errorf("%d checks read back, cap %d: appending %d copied them", len(r.Checks), cap(got.Checks), report.ChecksAdded)
	}
}

// TestBinaryRejectsDamage: every truncation of a record, and a record with
// bytes after it, is an error, never a report.
func TestBinaryRejectsDamage(t *testing.T) {
	r := parsedReports(t, 1)[0]
	b, _ := r.MarshalBinary()
	for n := range len(b) {
		var got report.Report
		if err := got.UnmarshalBinary(b[:n]); err == nil {
			t.Fatalf("a record cut at %d of %d bytes decoded", n, len(b))
		}
	}
	var got report.Report
	if err := got.UnmarshalBinary(append(b, 0)); err == nil {
		t.Fatal("a record with a byte after it decoded")
	}
}

// FuzzUnmarshalBinary: any bytes decode to an error or to a report that
// encodes back to the same bytes.
func FuzzUnmarshalBinary(f *testing.F) {
	// Small seeds: the fuzzer mutates a few hundred bytes well, a parsed
	// report's thousands slowly (TestBinaryRoundTrip covers those).
	for _, r := range []*report.Report{
		{ID: "a/2021", Year: 2021, Sections: []report.Section{{Number: 1, Title: "一、总体情况", Text: "全年"}},
			Tables: report.CellsOf(map[string]float64{"requests.new.total": 3, "x.y": 1}), Inferred: []string{},
			Checks: []report.Check{{ID: "requests.balance", Status: "fail", Cells: []string{"requests.new.total"}}},
			Unread: map[string]string{"requests.new": "1 2"}, Period: &report.Period{From: "2021"}},
		{},
	} {
		b, _ := r.MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		var r report.Report
		if r.UnmarshalBinary(b) != nil {
			return
		}
		var again report.Report
		b2, _ := r.MarshalBinary()
		if err := again.UnmarshalBinary(b2); err != nil || !reflect.DeepEqual(&again, &r) {
			t.Fatalf("decoded report does not survive a second round trip: %v", err)
		}
	})
}

// BenchmarkCacheDecode decodes a gob stream of reports as the build cache
// reads its segments.
func BenchmarkCacheDecode(b *testing.B) {
	type entry struct {
		Key    string
		Report *report.Report
	}
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	reps := parsedReports(b, 200)
	for _, r := range reps {
		if err := enc.Encode(entry{r.ID, r}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		dec := gob.NewDecoder(bytes.NewReader(buf.Bytes()))
		for range reps {
			var e entry
			if err := dec.Decode(&e); err != nil {
				b.Fatal(err)
			}
		}
	}
}
