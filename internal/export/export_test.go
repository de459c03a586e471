package export

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"gongkai/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var testMeta = Meta{
	Title:      "公开 gongkai — 政府信息公开工作年度报告数据",
	License:    "CC-BY-4.0",
	LicenseURL: "https://creativecommons.org/licenses/by/4.0/",
	Cite:       "gongkai（2024），政府信息公开工作年度报告数据。",
	BaseURL:    "https://example.github.io/gongkai",
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func() ([]byte, error)
	}{
		{"report.json", func() ([]byte, error) { return ReportJSON(small2021()) }},
		{"report.csv", func() ([]byte, error) { return ReportCSV(small2021()) }},
		{"data.csv", func() ([]byte, error) { return AgencyCSV([]*report.Report{small2021(), earlier2019()}) }},
		{"report.schema.json", func() ([]byte, error) { return reportSchema, nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.fn()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, got)
		})
	}
}

// readCSV checks the BOM and returns header and rows.
func readCSV(t *testing.T, b []byte) ([]string, [][]string) {
	t.Helper()
	rest, ok := bytes.CutPrefix(b, []byte("\ufeff"))
	if !ok {
		t.Fatal("CSV has no UTF-8 byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Fatal("CSV has no header")
	}
	return recs[0], recs[1:]
}

func compileSchema(t *testing.T, url string, schema []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateJSON(s *jsonschema.Schema, b []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

func TestReportJSONValidatesAgainstSchema(t *testing.T) {
	s := compileSchema(t, "report.schema.json", reportSchema)
	for _, r := range append(fixtures(), generated(40)...) {
		b, err := ReportJSON(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateJSON(s, b); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
	}
	// The schema must also reject what the contract forbids.
	good, _ := ReportJSON(small2021())
	for _, tc := range []struct{ name, from, to string }{
		{"string cell", `"total":70`, `"total":"70"`},
		{"zero-like text cell", `"in_force":3`, `"in_force":"—"`},
		{"2019 row in a 2021 report", `"template":"2021"`, `"template":"2019"`},
		{"unknown badge", `"badge":"warn"`, `"badge":"ok"`},
	} {
		bad := strings.Replace(string(good), tc.from, tc.to, 1)
		if bad == string(good) {
			t.Fatalf("%s: %q not found in report.json", tc.name, tc.from)
		}
		if validateJSON(s, []byte(bad)) == nil {
			t.Errorf("%s: schema accepted it", tc.name)
		}
	}
}

func TestReportJSONEscapesScript(t *testing.T) {
	b, err := ReportJSON(hostile())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("<script")) {
		t.Error("report.json holds a raw <script")
	}
	var back report.Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Agency != hostileText || back.Sections[0].Text != hostileText {
		t.Error("hostile text did not survive the round trip unchanged")
	}
}

func TestSafe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"井陉矿区政府", "井陉矿区政府"},
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+1", "'+1"},
		{"-15", "'-15"}, // as text: a number column never calls safe
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"a=b", "a=b"},
		{"requests.new.total", "requests.new.total"},
	} {
		if got := safe(tc.in); got != tc.want {
			t.Errorf("safe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReportCSV(t *testing.T) {
	for _, r := range fixtures() {
		b, err := ReportCSV(r)
		if err != nil {
			t.Fatal(err)
		}
		header, rows := readCSV(t, b)
		if !slices.Equal(header, reportCSVHeader) {
			t.Fatalf("header %v", header)
		}
		want := len(r.TemplateDef().Paths()) + 5*7
		if len(rows) != want {
			t.Errorf("%s: %d rows, want %d", r.ID, len(rows), want)
		}
		inf := inferredSet(r)
		for _, row := range rows {
			checkCell(t, r, row[0], row[1])
			if row[2] != flagOf(inf[row[0]]) {
				t.Errorf("%s %s: inferred %q", r.ID, row[0], row[2])
			}
			assertSafe(t, "report.csv", row[0])
		}
	}
}

// checkCell asserts that a CSV field holds exactly the report's value: the
// same number, or empty for null (never 0).
func checkCell(t *testing.T, r *report.Report, path, field string) {
	t.Helper()
	v, ok := r.Value(path)
	if !ok {
		if field != "" {
			t.Errorf("%s %s: null cell written as %q", r.ID, path, field)
		}
		return
	}
	got, err := strconv.ParseFloat(field, 64)
	if err != nil || got != v {
		t.Errorf("%s %s: CSV %q, report %v", r.ID, path, field, v)
	}
}

func assertSafe(t *testing.T, file, s string) {
	t.Helper()
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		t.Errorf("%s: unprefixed text cell %q", file, s)
	}
}

func TestAgency(t *testing.T) {
	reps := []*report.Report{small2021(), earlier2019()} // newest first: must come out by year
	b, err := AgencyJSON(reps)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema     string
		Agency     string
		AgencySlug string `json:"agency_slug"`
		Years      []int
		Reports    []report.Report
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{2020, 2023}, doc.Years); diff != "" {
		t.Errorf("years (-want +got):\n%s", diff)
	}
	if len(doc.Reports) != 2 || doc.Reports[0].Year != 2020 || doc.Reports[1].Tables.At("active.fees.amount") != 12.35 {
		t.Errorf("reports not in year order or not whole: %+v", doc.Reports)
	}
	if doc.AgencySlug != "jingxingkuangqu-zhengfu" {
		t.Errorf("agency_slug %q", doc.AgencySlug)
	}
	if doc.Schema != "gongkai.agency/2" || !bytes.Contains(b, []byte(`"report":"2020/report.json"`)) {
		t.Errorf("schema %q or link to report.json missing: %s", doc.Schema, b)
	}
	if bytes.Contains(b, []byte(`"sections"`)) || bytes.Contains(b, []byte(`"checks"`)) {
		t.Errorf("data.json repeats the report objects: %s", b)
	}

	c, err := AgencyCSV(reps)
	if err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, c)
	if len(rows) != 2 || rows[0][slices.Index(header, "year")] != "2020" {
		t.Fatalf("data.csv rows %v", rows)
	}
	i := slices.Index(header, "active.licensing.change")
	if rows[0][i] != "-15" {
		t.Errorf("negative number written as %q, want -15 (not prefixed)", rows[0][i])
	}

	for _, bad := range [][]*report.Report{nil, {small2021(), hostile()}} {
		if _, err := AgencyJSON(bad); err == nil {
			t.Errorf("AgencyJSON(%d reports of mixed agencies) did not fail", len(bad))
		}
		if _, err := AgencyCSV(bad); err == nil {
			t.Errorf("AgencyCSV(%d reports of mixed agencies) did not fail", len(bad))
		}
	}
}

func TestDictionary(t *testing.T) {
	d := Dictionary()
	seen := map[string]DictEntry{}
	for _, e := range d {
		if _, dup := seen[e.Path]; dup {
			t.Errorf("%s listed twice", e.Path)
		}
		seen[e.Path] = e
		if e.Label == "" || e.English == "" || len(e.Templates) == 0 {
			t.Errorf("%s: incomplete entry %+v", e.Path, e)
		}
	}
	for _, tpl := range []*report.Template{report.T2019, report.T2021} {
		for _, p := range tpl.Paths() {
			if !slices.Contains(seen[p].Templates, tpl.ID) {
				t.Errorf("%s: template %s missing from %v", p, tpl.ID, seen[p].Templates)
			}
		}
	}
	want := len(unionPaths()) + len(report.DerivedRows)*7
	if len(d) != want {
		t.Errorf("%d entries, want %d", len(d), want)
	}
	for _, tc := range []DictEntry{
		{Path: "requests.denied_state_secret.natural", Label: "三、本年度办理结果 （三）不予公开 1.属于国家秘密 自然人", English: "denied: state secret — natural persons", Templates: []string{"2019", "2021"}},
		{Path: "active.fees.amount", Label: "行政事业性收费 本年收费金额（单位：万元）", English: "administrative fees — fees collected this year (10,000 yuan)", Templates: []string{"2021"}},
		{Path: "requests.other.total", Label: "三、本年度办理结果 （六）其他处理 总计", English: "other handling — total", Templates: []string{"2019"}},
		{Path: "active.licensing.decisions", Label: "行政许可 本年处理决定数量（2019年模板：行政许可 处理决定数量）", English: "administrative licensing — decisions this year", Templates: []string{"2019", "2021"}},
		{Path: "review.litigation_direct.upheld", Label: "行政诉讼 未经复议直接起诉 结果维持", English: "litigation without prior review — upheld", Templates: []string{"2019", "2021"}},
		{Path: "derived.requests.outcomes.total", Label: "（派生合计）办理结果合计 总计", English: "derived sum, not printed: all outcomes — total", Templates: []string{"2019", "2021"}},
	} {
		if diff := cmp.Diff(tc, seen[tc.Path]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.Path, diff)
		}
	}
	// The 2019-only row sits among its neighbours, not at the end.
	i, j := indexOf(d, "requests.other.natural"), indexOf(d, "requests.total.natural")
	if i < 0 || j < 0 || i > j {
		t.Errorf("requests.other at %d, requests.total at %d", i, j)
	}
}

func indexOf(d []DictEntry, path string) int {
	return slices.IndexFunc(d, func(e DictEntry) bool { return e.Path == path })
}

func unionPaths() []string {
	var out []string
	for _, p := range append(report.T2021.Paths(), report.T2019.Paths()...) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func TestWriteDataRejectsDuplicateIDs(t *testing.T) {
	a, b := small2021(), small2021()
	b.Source.Path = "content/reports/jingxing-2023.html"
	if _, err := WriteData(t.TempDir(), []*report.Report{a, b}, testMeta); err == nil || !strings.Contains(err.Error(), "jingxingkuangqu-zhengfu/2023") {
		t.Errorf("err = %v, want a duplicate id error", err)
	}
}

// writeData writes fixtures into a fresh dir and returns it with the infos.
func writeData(t *testing.T, reps []*report.Report) (string, []FileInfo) {
	t.Helper()
	dir := t.TempDir()
	files, err := WriteData(dir, reps, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	return dir, files
}

func read(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteData(t *testing.T) {
	reps := append(fixtures(), generated(25)...)
	dir, files := writeData(t, reps)

	t.Run("files", func(t *testing.T) {
		var names []string
		for _, f := range files {
			names = append(names, f.Name)
			b := read(t, dir, f.Name)
			sum := sha256.Sum256(b)
			if int64(len(b)) != f.Bytes || hex.EncodeToString(sum[:]) != f.SHA256 || f.Description == "" {
				t.Errorf("%s: FileInfo %+v does not match the file (%d bytes)", f.Name, f, len(b))
			}
		}
		want := []string{"cells.csv", "checks.csv", "datapackage.json", "gongkai.sqlite", "reports.csv", "reports.json", "schema/report.schema.json"}
		if diff := cmp.Diff(want, names); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
		leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
		if len(leftovers) > 0 {
			t.Errorf("temp files left: %v", leftovers)
		}
	})

	// reports.json holds every report, in (slug, year, source) order, each
	// as ReportJSON writes it.
	var objs []json.RawMessage
	if err := json.Unmarshal(read(t, dir, "reports.json"), &objs); err != nil {
		t.Fatal(err)
	}
	byID := map[string]*report.Report{}
	for _, r := range reps {
		byID[r.ID] = r
	}
	t.Run("reports.json", func(t *testing.T) {
		if len(objs) != len(reps) {
			t.Fatalf("%d objects, want %d", len(objs), len(reps))
		}
		s := compileSchema(t, "report.schema.json", read(t, dir, "schema/report.schema.json"))
		var ids []string
		for _, o := range objs {
			if err := validateJSON(s, o); err != nil {
				t.Error(err)
			}
			var r report.Report
			if err := json.Unmarshal(o, &r); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
		if ids[0] != "agency-00000/2019" || ids[len(ids)-1] != "jingxingkuangqu-zhengfu/2023" {
			t.Errorf("order: %v", ids)
		}
		if slices.Index(ids, "jingxingkuangqu-zhengfu/2020") > slices.Index(ids, "jingxingkuangqu-zhengfu/2023") {
			t.Error("years not ascending within an agency")
		}
	})

	// Every value of cells.csv equals the one in the report's report.json.
	t.Run("cells.csv", func(t *testing.T) {
		parsed := map[string]map[string]any{}
		for _, r := range reps {
			b, err := ReportJSON(r)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			parsed[r.ID] = m
		}
		header, rows := readCSV(t, read(t, dir, "cells.csv"))
		col := func(name string) int { return slices.Index(header, name) }
		perReport := map[string]int{}
		for _, row := range rows {
			id, path, v := row[col("report_id")], row[col("cell")], row[col("value")]
			id = strings.TrimPrefix(id, "'")
			perReport[id]++
			m := parsed[id]
			if m == nil {
				t.Fatalf("cells.csv: unknown report %q", id)
			}
			if got, want := row[col("agency")], safe(m["agency"].(string)); got != want {
				t.Errorf("%s: agency %q in cells.csv, want %q", id, got, want)
			}
			jsonPath := "tables." + path
			if strings.HasPrefix(path, "derived.") {
				jsonPath = path
			}
			jv, found := lookup(m, jsonPath)
			if !found {
				t.Errorf("%s %s: in cells.csv but not in report.json", id, path)
				continue
			}
			switch jv := jv.(type) {
			case nil:
				if v != "" {
					t.Errorf("%s %s: null in JSON, %q in CSV", id, path, v)
				}
			case float64:
				if f, err := strconv.ParseFloat(v, 64); err != nil || f != jv {
					t.Errorf("%s %s: %v in JSON, %q in CSV", id, path, jv, v)
				}
			}
			if want := flagOf(slices.Contains(byID[id].Inferred, path)); row[col("inferred")] != want {
				t.Errorf("%s %s: inferred %q, want %s", id, path, row[col("inferred")], want)
			}
		}
		for _, r := range reps {
			if want := len(r.TemplateDef().Paths()) + 35; perReport[r.ID] != want {
				t.Errorf("%s: %d rows in cells.csv, want %d", r.ID, perReport[r.ID], want)
			}
		}
	})

	t.Run("reports.csv", func(t *testing.T) {
		header, rows := readCSV(t, read(t, dir, "reports.csv"))
		if len(rows) != len(reps) {
			t.Fatalf("%d rows, want %d (one per report)", len(rows), len(reps))
		}
		for _, row := range rows {
			r := byID[strings.TrimPrefix(row[0], "'")]
			paths := templatePaths[r.TemplateDef().ID]
			for i, name := range header {
				if !strings.Contains(name, ".") {
					continue
				}
				if paths[name] {
					checkCell(t, r, name, row[i])
				} else if row[i] != "" {
					t.Errorf("%s: %s is not in template %s but holds %q", r.ID, name, r.Template, row[i])
				}
			}
		}
	})

	t.Run("checks.csv", func(t *testing.T) {
		_, rows := readCSV(t, read(t, dir, "checks.csv"))
		n := 0
		for _, r := range reps {
			n += len(r.Checks)
		}
		if len(rows) != n {
			t.Errorf("%d rows, want %d", len(rows), n)
		}
	})

	t.Run("datapackage", func(t *testing.T) { checkDataPackage(t, dir) })
	t.Run("sqlite", func(t *testing.T) { checkSQLite(t, dir, reps) })
	t.Run("no formulas", func(t *testing.T) {
		for _, name := range []string{"reports.csv", "cells.csv", "checks.csv"} {
			b := read(t, dir, name)
			if !bytes.Contains(b, []byte("'=HYPERLINK(")) {
				t.Errorf("%s: hostile text missing or not prefixed", name)
			}
		}
		for _, r := range fixtures() {
			for _, fn := range []func(*report.Report) ([]byte, error){ReportCSV, func(r *report.Report) ([]byte, error) { return AgencyCSV([]*report.Report{r}) }} {
				b, err := fn(r)
				if err != nil {
					t.Fatal(err)
				}
				header, rows := readCSV(t, b)
				for _, row := range rows {
					for i, f := range row {
						if _, err := strconv.ParseFloat(f, 64); err == nil && (header[i] == "value" || strings.Contains(header[i], ".")) {
							continue // a number
						}
						assertSafe(t, r.ID, f)
					}
				}
			}
		}
	})

	t.Run("deterministic", func(t *testing.T) {
		shuffled := slices.Clone(reps)
		slices.Reverse(shuffled)
		_, again := writeData(t, shuffled)
		if diff := cmp.Diff(files, again); diff != "" {
			t.Errorf("second run differs (-first +second):\n%s", diff)
		}
	})
}

// lookup follows a dotted path through decoded JSON.
func lookup(m map[string]any, path string) (any, bool) {
	var cur any = m
	for _, k := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// checkDataPackage validates datapackage.json against the vendored
// Frictionless profile, then reads every CSV it lists and parses every value
// with its declared type.
func checkDataPackage(t *testing.T, dir string) {
	profile, err := os.ReadFile("testdata/frictionless/tabular-data-package.json")
	if err != nil {
		t.Fatal(err)
	}
	s := compileSchema(t, "tabular-data-package.json", profile)
	b := read(t, dir, "datapackage.json")
	if err := validateJSON(s, b); err != nil {
		t.Fatalf("datapackage.json does not validate against the profile: %v", err)
	}
	// Also prove the profile can fail: a resource without a schema.
	bad := bytes.Replace(b, []byte(`"schema": {`), []byte(`"schemaX": {`), 1)
	if validateJSON(s, bad) == nil {
		t.Error("profile accepted a resource without a schema")
	}

	var dp dpPackage
	if err := json.Unmarshal(b, &dp); err != nil {
		t.Fatal(err)
	}
	if len(dp.Resources) != 3 || len(dp.Licenses) != 1 || dp.Licenses[0].Path != testMeta.LicenseURL || len(dp.Sources) != 1 {
		t.Errorf("resources/licenses/sources: %+v", dp)
	}
	keys := map[string]map[string]bool{} // resource → primary keys, for foreign keys
	for _, res := range dp.Resources {
		data := read(t, dir, res.Path)
		sum := sha256.Sum256(data)
		if res.Hash != "sha256:"+hex.EncodeToString(sum[:]) || res.Bytes != int64(len(data)) {
			t.Errorf("%s: hash or bytes do not match the file", res.Path)
		}
		if res.Compression == "gz" {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				t.Fatalf("%s: %v", res.Path, err)
			}
		}
		header, rows := readCSV(t, data)
		var names []string
		for _, f := range res.Schema.Fields {
			names = append(names, f.Name)
			if f.Title == "" || f.Description == "" {
				t.Errorf("%s.%s: no title or description", res.Name, f.Name)
			}
		}
		if diff := cmp.Diff(names, header); diff != "" {
			t.Fatalf("%s: fields and CSV header differ (-fields +header):\n%s", res.Path, diff)
		}
		pk := map[string]bool{}
		for ri, row := range rows {
			for i, f := range res.Schema.Fields {
				v := row[i]
				if v == "" {
					continue // missingValues: [""]
				}
				var err error
				switch f.Type {
				case "integer":
					_, err = strconv.ParseInt(v, 10, 64)
				case "number":
					_, err = strconv.ParseFloat(v, 64)
				case "string":
					assertSafe(t, res.Path, v)
				default:
					err = fmt.Errorf("unexpected type %s", f.Type)
				}
				if err != nil {
					t.Errorf("%s row %d %s (%s): %q: %v", res.Path, ri+2, f.Name, f.Type, v, err)
				}
			}
			var key []string
			for _, k := range res.Schema.PrimaryKey {
				key = append(key, row[slices.Index(header, k)])
			}
			k := strings.Join(key, "\x00")
			if pk[k] {
				t.Errorf("%s: primary key %q repeated", res.Path, key)
			}
			pk[k] = true
			for _, fk := range res.Schema.ForeignKeys {
				if v := row[slices.Index(header, fk.Fields)]; !keys[fk.Reference.Resource][v] {
					t.Errorf("%s: %s %q not in %s", res.Path, fk.Fields, v, fk.Reference.Resource)
				}
			}
		}
		keys[res.Name] = pk
	}
}

func checkSQLite(t *testing.T, dir string, reps []*report.Report) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "gongkai.sqlite")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	nCells, nChecks, agencies := 0, 0, map[string]bool{}
	for _, r := range reps {
		nCells += len(r.TemplateDef().Paths()) + 35
		nChecks += len(r.Checks)
		agencies[r.AgencySlug] = true
	}
	for _, tc := range []struct {
		q    string
		want int
	}{
		{"SELECT count(*) FROM reports", len(reps)},
		{"SELECT count(*) FROM cells", nCells},
		{"SELECT count(*) FROM checks", nChecks},
		{"SELECT count(*) FROM agencies", len(agencies)},
		{"SELECT sum(reports) FROM agencies", len(reps)},
		{"SELECT count(*) FROM dictionary", len(columns)},
		{"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('reports_agency', 'reports_year')", 2},
		{"SELECT count(*) FROM cells WHERE value IS NULL AND report_id = 'jingxingkuangqu-zhengfu/2023' AND cell = 'active.enforcement.decisions'", 1},
		{"SELECT count(*) FROM reports WHERE year IS NULL", 1},
		{"SELECT count(*) FROM agencies WHERE slug = 'jingxingkuangqu-zhengfu' AND name = '井陉矿区政府' AND first_year = 2020 AND last_year = 2023", 1},
	} {
		var got int
		if err := db.QueryRow(tc.q).Scan(&got); err != nil {
			t.Fatalf("%s: %v", tc.q, err)
		}
		if got != tc.want {
			t.Errorf("%s = %d, want %d", tc.q, got, tc.want)
		}
	}
	// Values and text round-trip exactly; SQL never needs the CSV apostrophe.
	var v float64
	var agency string
	var inferred int
	err = db.QueryRow(`SELECT c.value, r.agency FROM cells c JOIN reports r ON r.id = c.report_id
		WHERE c.report_id = 'jingxingkuangqu-zhengfu/2020' AND c.cell = 'active.licensing.change'`).Scan(&v, &agency)
	if err != nil || v != -15 || agency != "井陉矿区人民政府" {
		t.Errorf("change = %v, agency %q, err %v", v, agency, err)
	}
	if err := db.QueryRow("SELECT agency FROM reports WHERE id = 'hyperlink-script/2022'").Scan(&agency); err != nil || agency != hostileText {
		t.Errorf("hostile agency = %q, %v", agency, err)
	}
	if err := db.QueryRow("SELECT inferred FROM cells WHERE report_id = 'jingxingkuangqu-zhengfu/2023' AND cell = 'requests.new.total'").Scan(&inferred); err != nil || inferred != 1 {
		t.Errorf("inferred = %d, %v", inferred, err)
	}
}

func BenchmarkWriteData(b *testing.B) {
	reps := generated(2000)
	dir := b.TempDir()
	b.ReportAllocs()
	var total int64
	for b.Loop() {
		files, err := WriteData(dir, reps, testMeta)
		if err != nil {
			b.Fatal(err)
		}
		total = 0
		for _, f := range files {
			total += f.Bytes
		}
	}
	b.ReportMetric(float64(total), "out-bytes")
}

// BenchmarkWriteSQLite is the database alone: WriteData runs it beside the
// other files, so on two free cores it bounds WriteData's time.
func BenchmarkWriteSQLite(b *testing.B) {
	reps := sorted(generated(2000))
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := writeSQLite(dir, reps, false, "", nil, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReportJSON(b *testing.B) {
	r := small2021()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReportJSON(r); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDump writes the fixtures' /data/ bundle into $EXPORT_DUMP, to look at
// by hand (sqlite3, datasette, a spreadsheet); $EXPORT_DUMP_N sets how many
// generated reports join the fixtures.
func TestDump(t *testing.T) {
	dir := os.Getenv("EXPORT_DUMP")
	if dir == "" {
		t.Skip("set EXPORT_DUMP=dir to write the fixtures' bundle there")
	}
	n, _ := strconv.Atoi(os.Getenv("EXPORT_DUMP_N")) // generated reports besides the fixtures
	files, err := WriteData(dir, append(fixtures(), generated(max(n, 10))...), testMeta)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Logf("%-26s %10d bytes %6d rows %s", f.Name, f.Bytes, f.Rows, f.SHA256[:12])
	}
}

// A count cell holding a fraction (a parser slip) must not make the package
// lie: its column is declared number, and the package still checks out.
func TestNonIntegerCountDeclaredNumber(t *testing.T) {
	r := small2021()
	r.Tables.Set("requests.new.natural", 1.5)
	dir, _ := writeData(t, []*report.Report{r, earlier2019()})
	var dp dpPackage
	if err := json.Unmarshal(read(t, dir, "datapackage.json"), &dp); err != nil {
		t.Fatal(err)
	}
	for _, f := range dp.Resources[0].Schema.Fields {
		want := map[string]string{"requests.new.natural": "number", "requests.new.total": "integer", "active.fees.amount": "number"}[f.Name]
		if want != "" && f.Type != want {
			t.Errorf("%s: type %s, want %s", f.Name, f.Type, want)
		}
	}
	checkDataPackage(t, dir)
}

// TestCellsCSVQuotesReportFields: cells.csv appends its rows as bytes; the
// report fields in them are quoted as encoding/csv quotes them.
func TestCellsCSVQuotesReportFields(t *testing.T) {
	for _, agency := range []string{"甲,乙", `甲"乙"`, "甲\n乙", "=HYPERLINK(1)", " 甲", "-1"} {
		r := &report.Report{ID: agency + "/2023", Agency: agency, Year: 2023, Template: "2021",
			Tables: report.CellsOf(map[string]float64{"requests.new.total": -3})}
		var buf bytes.Buffer
		if _, err := writeCellsCSV(newReuser(nil, 0, DataIndex{}, &countWriter{w: &buf}, false), []*report.Report{r}); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatalf("%q: %v", agency, err)
		}
		if len(rows) != len(r.TemplateDef().Paths())+36 {
			t.Fatalf("%q: %d rows", agency, len(rows))
		}
		for _, row := range rows[1:] {
			if row[0] != safe(r.ID) || row[1] != safe(agency) || row[2] != "2023" || row[3] != "2021" {
				t.Fatalf("%q: row %q", agency, row)
			}
			if row[4] == "requests.new.total" && row[5] != "-3" {
				t.Errorf("value %q", row[5])
			}
		}
	}
}

// TestGzipFileReuse: a chunk whose raw bytes did not change is copied from
// the last compressed file, the result is byte for byte a fresh compression,
// and a damaged previous file is compressed afresh, not copied.
func TestGzipFileReuse(t *testing.T) {
	dir := t.TempDir()
	raw := make([]byte, 10<<20) // three chunks of 4 MB
	for i := range raw {
		raw[i] = byte(i*7/13) ^ byte(i>>11)
	}
	fresh := func(name string, data []byte) []byte {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		if _, err := gzipFile(p, "", ""); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(p)
		return b
	}
	index := filepath.Join(dir, "index.json")
	a := filepath.Join(dir, "a")
	os.WriteFile(a, raw, 0o644)
	if n, err := gzipFile(a, "", index); err != nil || n != 3 {
		t.Fatalf("first: %d compressed, %v", n, err)
	}
	changed := bytes.Clone(raw)
	changed[5<<20] ^= 0xff // in the second chunk
	b := filepath.Join(dir, "b")
	os.WriteFile(b, changed, 0o644)
	if n, err := gzipFile(b, a, index); err != nil || n != 1 {
		t.Fatalf("after one change: %d compressed, %v", n, err)
	}
	got, _ := os.ReadFile(b)
	if !bytes.Equal(got, fresh("b-fresh", changed)) {
		t.Fatal("reused members differ from a fresh compression")
	}
	zr, err := gzip.NewReader(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	if back, err := io.ReadAll(zr); err != nil || !bytes.Equal(back, changed) {
		t.Fatalf("does not decompress to its input: %v", err)
	}
	// The published file damaged (same size): nothing is copied from it.
	damaged := bytes.Clone(got)
	damaged[100] ^= 0xff
	os.WriteFile(b, damaged, 0o644)
	c := filepath.Join(dir, "c")
	os.WriteFile(c, changed, 0o644)
	if n, err := gzipFile(c, b, index); err != nil || n != 1 {
		t.Fatalf("damaged previous file: %d compressed, %v (want 1: only its first chunk)", n, err)
	}
	if again, _ := os.ReadFile(c); !bytes.Equal(again, got) {
		t.Fatal("a damaged previous file leaked into the output")
	}
}
