package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/synth"
	"gongkai/internal/validate"
)

// cellTemplate is the "cell" partial the report page's tables were written
// with before writeCell: the reference it must match.
const cellTemplate = `{{define "null"}}<abbr title="未填写">—</abbr><span class="vh">未填写</span>{{end}}` +
	`{{define "cell"}}{{if .Header}}<th{{with .Scope}} scope="{{.}}"{{end}}{{if gt .Rowspan 1}} rowspan="{{.Rowspan}}"{{end}}{{if gt .Colspan 1}} colspan="{{.Colspan}}"{{end}}{{with .Class}} class="{{.}}"{{end}}>{{.Text}}</th>{{else}}<td{{with .ID}} id="{{.}}"{{end}}{{with .Class}} class="{{.}}"{{end}}{{if gt .Colspan 1}} colspan="{{.Colspan}}"{{end}}{{with .Title}} title="{{.}}"{{end}}>{{if .Null}}{{template "null"}}{{else}}{{.Text}}{{end}}{{range .Notes}}<sup><a href="#note-{{$.NoteTable}}-{{.}}" aria-label="说明 {{.}}">{{.}}</a></sup>{{end}}</td>{{end}}{{end}}`

// cellsHTML is a row of cells as tableHTML writes them.
func cellsHTML(row Row) template.HTML {
	var b bytes.Buffer
	for i := range row {
		writeCell(&b, &row[i])
	}
	return template.HTML(b.String())
}

// TestCellsHTML: writeCell writes exactly what the former "cell" partial
// writes, for every cell of the tables of a synthetic corpus and for
// hostile text.
func TestCellsHTML(t *testing.T) {
	tmpl := template.Must(template.New("").Funcs(funcs).Funcs(arena{}.parts()).Parse(cellTemplate))
	var rows []Row
	gn := synth.Generator{Seed: 3}
	for i := 0; i < 80; i++ {
		name, data, _ := gn.Generate(i)
		r, err := parse.File(name, data)
		if err != nil {
			continue
		}
		validate.Report(r)
		for _, tv := range Tables(r) {
			rows = append(rows, tv.Head...)
			for _, b := range tv.Bodies {
				rows = append(rows, b...)
			}
		}
	}
	hostile := "<script>\"a\" & 'b' + c\x00 — 文字"
	rows = append(rows, Row{
		{Header: true, Scope: "col", Rowspan: 2, Colspan: 3, Class: hostile, Text: hostile},
		{ID: "c-" + hostile, Class: hostile, Colspan: 2, Title: hostile, Text: hostile, Notes: []int{1, 12}, Path: "re quests/<x>.new"},
		{ID: "c-x", Class: "null", Null: true, Notes: []int{3}, Path: "active.fees.amount"},
		{Text: "12", Path: "active.fees.count"},                   // no anchor, no class
		{Class: "inferred", Text: "3", Path: "active.fees.count"}, // no anchor
	})
	n := 0
	for _, row := range rows {
		var want bytes.Buffer
		for _, c := range row {
			if err := tmpl.ExecuteTemplate(&want, "cell", c); err != nil {
				t.Fatal(err)
			}
			n++
		}
		if got := string(cellsHTML(row)); got != want.String() {
			t.Fatalf("cells:\n got %s\nwant %s", got, want.String())
		}
	}
	if n < 1000 || !strings.Contains(string(cellsHTML(rows[len(rows)-1])), "&lt;script&gt;") {
		t.Fatalf("only %d cells compared", n)
	}
	_ = report.Pass
}

// TestTableHTML: a table is its cells in rows under thead and tbody, its
// title escaped in the label and caption, then the notes of its flagged
// cells linking their checks.
func TestTableHTML(t *testing.T) {
	hostile := `<b>"表" & 'x'`
	tv := TableView{Key: "requests", Title: hostile,
		Head:   []Row{{{Header: true, Scope: "col", Text: "自然人"}}},
		Bodies: []Body{{{{Header: true, Scope: "row", Text: "新收"}, {Text: "3", Notes: []int{1}, Path: "requests.new.natural"}}}, {{{Text: "4"}}}},
		Notes:  []Note{{N: 1, ID: "note-requests-1", CheckID: "requests.balance", Status: report.Fail, Message: hostile}},
	}
	got := string(arena{}.tableHTML(tv))
	want := `<div class="table-wrap" role="region" aria-label="&lt;b&gt;&#34;表&#34; &amp; &#39;x&#39;" tabindex="0"><table class="stat stat-requests">` +
		`<caption class="vh">&lt;b&gt;&#34;表&#34; &amp; &#39;x&#39;</caption><thead><tr>` + string(cellsHTML(tv.Head[0])) + `</tr></thead>` +
		`<tbody><tr>` + string(cellsHTML(tv.Bodies[0][0])) + `</tr></tbody><tbody><tr>` + string(cellsHTML(tv.Bodies[1][0])) + `</tr></tbody></table></div>` +
		`<ol class="notes" aria-label="标出的单元格"><li id="note-requests-1" value="1"><span class="badge badge-fail">未通过</span> &lt;b&gt;&#34;表&#34; &amp; &#39;x&#39; <a href="#check-requests.balance">（校验项）</a></li></ol>`
	if got != want {
		t.Errorf("table:\n got %s\nwant %s", got, want)
	}
}

// yearRowsTemplate is the year table's body as the layout wrote it before
// yearRowsHTML: the reference the Go function must match.
const yearRowsTemplate = `{{define "badge"}}<span class="badge badge-{{.}}">{{badgeText .}}</span>{{end}}` +
	`{{define "rows"}}{{range .}}<tr><th scope="row"><a href="{{.Href}}">{{.Name}}</a></th><td data-v="{{if eq .Badge "fail"}}2{{else if eq .Badge "warn"}}1{{else}}0{{end}}">{{template "badge" .Badge}}</td>{{range .Values}}{{template "yv" .}}{{end}}{{range .Rates}}{{value .}}{{end}}</tr>
{{end}}{{end}}` +
	`{{define "yv"}}{{if or .NA .Null (not .Flag)}}{{value .}}{{else}}<td class="n flagged" data-v="{{.V}}" title="{{.Flag.Kind}}：{{.Flag.Message}}">{{.Text}}<span aria-hidden="true"> ⚑</span><span class="vh">（{{.Flag.Kind}}：{{.Flag.Message}}）</span></td>{{end}}{{end}}`

func TestYearRowsHTML(t *testing.T) {
	tmpl := template.Must(template.New("").Funcs(funcs).Funcs(arena{}.parts()).Parse(yearRowsTemplate))
	hostile := `<b>"甲" & 'x'`
	flag := &OutlierView{Kind: "陡增", Message: hostile}
	rows := []YearRow{
		{Name: hostile, Href: "../../agencies/a/2023/", Badge: report.Fail, Values: []Value{{Text: "1,024", V: "1024"}, {Null: true}, {NA: true, Title: hostile}, {Text: "5", V: "5", Flag: flag}},
			Rates: []Value{{Text: "50%", V: "50"}, {Null: true}}},
		{Name: "乙", Href: "../../agencies/b/2023/", Badge: report.Warn, Values: []Value{{Null: true, Flag: flag}}},
		{Name: "丙", Href: "../../agencies/c/2023/", Badge: report.Pass},
	}
	var want bytes.Buffer
	if err := tmpl.ExecuteTemplate(&want, "rows", rows); err != nil {
		t.Fatal(err)
	}
	if got := string(arena{}.yearRowsHTML(rows)); got != want.String() {
		t.Errorf("year rows:\n got %s\nwant %s", got, want.String())
	}
}

// TestAgencyListHTML: an agency's item carries what filter.ts reads
// (data-q, data-years, data-badge), links the agency and each year with
// its badge in words, and escapes every text.
func TestAgencyListHTML(t *testing.T) {
	hostile := `<b>"甲" & 'x'`
	items := []AgencyItem{{Name: hostile, Others: []string{"甲局", hostile}, Href: "../agencies/a/", Q: hostile + " jia",
		Years:     []YearLink{{Label: "2022", Href: "../agencies/a/2022/", Badge: report.Pass}, {Label: "2023", Href: "../agencies/a/2023/", Badge: report.Fail}},
		YearsAttr: "2022 2023", Latest: YearLink{Label: "2023", Badge: report.Fail}}}
	got := string(arena{}.agencyListHTML(items))
	esc := `&lt;b&gt;&#34;甲&#34; &amp; &#39;x&#39;`
	for _, want := range []string{
		`<li data-q="` + esc + ` jia" data-years="2022 2023" data-badge="fail">`,
		`<a class="name" href="../agencies/a/">` + esc + `</a>`,
		`<a href="../agencies/a/2022/" title="2022 年度报告：通过">2022</a><a href="../agencies/a/2023/" title="2023 年度报告：未通过">2023</a>`,
		`<span class="vh">最新一份报告（2023）校验：</span><span class="badge badge-fail">未通过</span>`,
		`<small class="muted also">报告中也写作：甲局、` + esc + `</small></li>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("item lacks %s\n got %s", want, got)
		}
	}
	if strings.Contains(got, "<b>") {
		t.Error("unescaped text")
	}
}

// TestTableLayout: a report page's tables, written from the template's
// layout (tableLayout) with the report's cells filled in, are exactly the
// tables written from the full views (Tables), for every table of a
// synthetic corpus and for checks with hostile text on any cell.
func TestTableLayout(t *testing.T) {
	reps := synthReports(5, 120)
	for _, tmpl := range []string{"2019", "2021"} {
		r := &report.Report{Template: tmpl, Inferred: []string{"requests.new.natural", "review.review.total"}}
		var all []string
		for _, tb := range r.TemplateDef().Tables {
			for _, row := range tb.Rows {
				for _, col := range row.Columns {
					all = append(all, tb.Key+"."+row.Key+"."+col.Key)
				}
			}
		}
		for i, p := range all {
			if i%3 != 0 {
				r.Tables.Set(p, float64(i)*1.5)
			}
		}
		hostile := `<b>"x" & 'y'`
		r.Checks = []report.Check{
			{ID: "requests.balance", Status: report.Fail, Message: hostile, Cells: all[:40]},
			{ID: hostile, Status: report.Warn, Message: "w", Cells: all[20:]},
			{ID: "structure.cells", Status: report.Pass, Cells: all[5:9]},
		}
		reps = append(reps, r)
	}
	n := 0
	for _, r := range reps {
		full, fast := Tables(r), tables(r, false)
		if len(full) != len(fast) || len(full) == 0 {
			t.Fatalf("%s: %d tables, %d from the layout", r.Source.Path, len(full), len(fast))
		}
		for i := range full {
			if fast[i].Head != nil || fast[i].Bodies != nil {
				t.Fatal("layout view has cells")
			}
			want, got := arena{}.tableHTML(full[i]), arena{}.tableHTML(fast[i])
			if got != want {
				t.Fatalf("%s %s:\n got %s\nwant %s", r.Source.Path, full[i].Key, got, want)
			}
			n++
		}
	}
	if n < 300 {
		t.Fatalf("only %d tables compared", n)
	}
}
