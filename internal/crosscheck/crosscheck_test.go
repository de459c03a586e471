package crosscheck

import (
	"os"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/validate"
)

// consistent builds a report whose tables hold: n new requests, all
// granted, cf carried forward, co carried over, stock in force.
func consistent(year int, co, n, cf, issued, repealed, inForce float64, path string) *report.Report {
	tpl := "2021"
	if year < 2021 {
		tpl = "2019"
	}
	r := &report.Report{Schema: report.Schema, Agency: "某区", Year: year, Template: tpl, Tables: report.Cells{}, Source: report.Source{Path: path}}
	t := r.TemplateDef()
	for _, p := range t.Paths() {
		r.Tables.Set(p, 0)
	}
	set := func(row string, v float64) {
		r.Tables.Set("requests."+row+".natural", v)
		r.Tables.Set("requests."+row+".total", v)
	}
	set("new", n)
	set("carried_over", co)
	set("granted", n+co-cf)
	set("total", n+co-cf)
	set("carried_forward", cf)
	if tpl == "2021" {
		r.Tables.Set("active.normative_docs.issued", issued)
		r.Tables.Set("active.normative_docs.repealed", repealed)
		r.Tables.Set("active.normative_docs.in_force", inForce)
	}
	for i := 1; i <= 6; i++ {
		r.Sections = append(r.Sections, report.Section{Number: i, Title: "x"})
	}
	validate.Report(r)
	return r
}

func status(r *report.Report, id string) string {
	for _, c := range r.Checks {
		if c.ID == id {
			return c.Status
		}
	}
	return ""
}

func TestAgencyChecks(t *testing.T) {
	reps := []*report.Report{
		consistent(2019, 0, 10, 2, 0, 0, 0, "a2019.txt"),
		consistent(2020, 2, 12, 3, 0, 0, 0, "a2020.txt"),
		consistent(2021, 3, 20, 1, 5, 0, 40, "a2021.txt"),
		consistent(2022, 4, 30, 0, 6, 2, 44, "a2022.txt"),  // carried over 4, but 2021 carried forward 1
		consistent(2023, 0, 25, 5, 3, 1, 50, "a2023.txt"),  // 44 + 3 − 1 = 46, not 50
		consistent(2023, 0, 26, 5, 3, 1, 46, "b2023.txt"),  // a second 2023 report with other figures
		consistent(2021, 3, 20, 1, 5, 0, 40, "a2021.html"), // the same 2021 report, another file
	}
	reps[6].Tables.Delete("active.rules.issued") // less complete: the .txt keeps first place
	out := Agency(reps)
	if len(out) != 6 {
		t.Fatalf("%d reports after merging, want 6 (2021 twins merged, 2023 conflict kept)", len(out))
	}
	want := []struct {
		path                  string
		carryover, stock, dup string
		badge                 string
	}{
		{"a2019.txt", "skip", "skip", "pass", "pass"},
		{"a2020.txt", "pass", "skip", "pass", "pass"},
		{"a2021.txt", "pass", "skip", "info", "pass"}, // 2020 is template 2019: no stock check
		{"a2022.txt", "warn", "pass", "pass", "warn"},
		{"a2023.txt", "pass", "warn", "fail", "fail"}, // both 2023 reports are compared with 2022
		{"b2023.txt", "pass", "pass", "fail", "fail"},
	}
	for i, w := range want {
		r := out[i]
		if r.Source.Path != w.path {
			t.Fatalf("report %d is %s, want %s", i, r.Source.Path, w.path)
		}
		got := [4]string{status(r, "requests.carryover"), status(r, "active.stock"), status(r, "meta.duplicate"), r.Badge}
		if got != [4]string{w.carryover, w.stock, w.dup, w.badge} {
			t.Errorf("%s: carryover/stock/duplicate/badge = %v, want %v", w.path, got, [4]string{w.carryover, w.stock, w.dup, w.badge})
		}
	}
	if len(out[2].Sources) != 1 || out[2].Sources[0].Path != "a2021.html" {
		t.Errorf("merged 2021 sources = %v", out[2].Sources)
	}
}

func TestStockWarns(t *testing.T) {
	out := Agency([]*report.Report{
		consistent(2022, 0, 1, 0, 6, 2, 44, "x2022.txt"),
		consistent(2023, 0, 1, 0, 3, 1, 50, "x2023.txt"),
	})
	if s := status(out[1], "active.stock"); s != "warn" {
		t.Fatalf("active.stock = %s, want warn", s)
	}
	for _, c := range out[1].Checks {
		if c.ID == "active.stock" && len(c.Cells) != 3 {
			t.Errorf("cells = %v, want the three stock cells", c.Cells)
		}
	}
}

// TestTwinFiles: the flattened crawl of 平潭 2024 and its HTML page are one
// report; the merge fills the two cells the flattened text could not split.
func TestTwinFiles(t *testing.T) {
	var reps []*report.Report
	for _, p := range []string{"../parse/testdata/corpus/real-flat/07_pingtan_2024_flat.txt", "../parse/testdata/corpus/real/08_pingtan_2024.html"} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		r, err := parse.File(p, data)
		if err != nil {
			t.Fatal(err)
		}
		validate.Report(r)
		reps = append(reps, r)
	}
	out := Agency(reps)
	if len(out) != 1 {
		t.Fatalf("%d reports, want 1", len(out))
	}
	r := out[0]
	if status(r, "meta.duplicate") != "info" || len(r.Sources) != 1 {
		t.Errorf("duplicate = %s, sources %v", status(r, "meta.duplicate"), r.Sources)
	}
	if v := r.Tables.At("active.normative_docs.in_force"); v != 440 {
		t.Errorf("in_force = %v, want 440", v)
	}
	if status(r, "structure.cells") != "pass" {
		t.Errorf("structure.cells = %s after the merge", status(r, "structure.cells"))
	}
}

// TestSettleFromNeighbours: an ambiguous flattened stock row is settled by
// the previous year's 现行有效 when exactly one reading fits.
func TestSettleFromNeighbours(t *testing.T) {
	prev := consistent(2022, 0, 1, 0, 88, 55, 698, "p.txt")
	cur := consistent(2023, 0, 1, 0, 0, 0, 0, "c.txt")
	for _, c := range []string{"issued", "repealed", "in_force"} {
		cur.Tables.Delete("active.normative_docs." + c)
	}
	cur.Unread = map[string]string{"active.normative_docs": "77132643"} // 698 + 77 − 132 = 643
	validate.Report(cur)
	out := Agency([]*report.Report{prev, cur})
	r := out[1]
	got := [3]float64{r.Tables.At("active.normative_docs.issued"), r.Tables.At("active.normative_docs.repealed"), r.Tables.At("active.normative_docs.in_force")}
	if got != [3]float64{77, 132, 643} {
		t.Fatalf("settled %v, want 77/132/643", got)
	}
	if status(r, "structure.inferred") != "warn" || len(r.Inferred) != 3 {
		t.Errorf("inferred = %v (%s)", r.Inferred, status(r, "structure.inferred"))
	}
}
