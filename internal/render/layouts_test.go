package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai/internal/aggregate"
	"gongkai/internal/report"
	"gongkai/layouts"
)

// overlayFS reads a file from over when it has it, else from under.
type overlayFS struct{ over, under fs.FS }

func (o overlayFS) Open(name string) (fs.File, error) {
	if f, err := o.over.Open(name); err == nil {
		return f, nil
	}
	return o.under.Open(name)
}

// TestLoopsMatchLayouts: the report and agency pages, and the region
// pages' rows, with their loops
// written in Go (loops.go), are byte for byte the pages the layouts made
// when the loops were template ranges (testdata/layouts-before), for every
// agency of a synthetic corpus, one with hostile text everywhere a report
// puts text on these pages among them.
func TestLoopsMatchLayouts(t *testing.T) {
	before, err := New(overlayFS{os.DirFS("testdata/layouts-before"), layouts.FS})
	if err != nil {
		t.Fatal(err)
	}
	now, err := New(layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	in := synthInput(t, 60)
	hostile := `<b>"甲" & 'x' + y</b>` + "\x00"
	a := in.Corpus.Agencies[0]
	a.Name = hostile
	a.Names = append(a.Names, hostile+"2")
	for i, r := range a.Reports {
		r.AgencyAsWritten = hostile
		r.Template = []string{"2019", "2021", hostile}[i%3]
		r.Source.Script = "traditional"
		r.Source.URL = "javascript:alert(1)"
		r.Badge = []string{report.Fail, report.Warn, hostile}[i%3]
		for j := range r.Sections {
			r.Sections[j].Title = hostile
			r.Sections[j].Text = hostile + "\n第二行 a:b"
		}
		r.Checks = append(r.Checks, report.Check{ID: hostile, Status: report.Fail, Message: strings.Repeat(hostile, 20), Cells: []string{"requests.new.total", hostile}},
			report.Check{ID: "meta.year", Status: report.Warn, Message: hostile})
	}
	pages := 0
	for _, a := range in.Corpus.Agencies {
		want, err := before.Agency(in, a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := now.Agency(in, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d files, want %d", a.Slug, len(got), len(want))
		}
		for i := range want {
			if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
				t.Fatalf("%s differs:\n%s", want[i].Path, firstDiff(got[i].Data, want[i].Data))
			}
			pages++
		}
	}
	if pages < 60 {
		t.Fatalf("only %d pages", pages)
	}
	// The corpus-wide pages, with region pages: a city with its own
	// government, its departments and two districts, one of them with a
	// hostile department name.
	reps := synthReports(5, 24)
	names := []string{"甲市人民政府", "甲市教育局", "甲市乙区人民政府", "甲市乙区财政局", "甲市丙区财政局", "甲市丙区" + hostile + "局"}
	for i, r := range reps {
		r.Agency = names[i%len(names)]
		r.AgencyAsWritten = r.Agency
		r.Year = 2019 + i/len(names)
	}
	in = &Input{Config: in.Config, Corpus: aggregate.Build(reps, aggregate.Options{}), BuildDate: in.BuildDate, Manifest: in.Manifest}
	want, err := before.Global(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := now.Global(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d corpus-wide files, want %d", len(got), len(want))
	}
	var gov, place, hostileRow bool
	for i := range want {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("%s differs:\n%s", want[i].Path, firstDiff(got[i].Data, want[i].Data))
		}
		if strings.HasPrefix(want[i].Path, "regions/") {
			gov = gov || bytes.Contains(want[i].Data, []byte(`<small class="muted">本级</small>`))
			place = place || bytes.Contains(want[i].Data, []byte(`<small class="muted">下辖地区</small>`))
			hostileRow = hostileRow || bytes.Contains(want[i].Data, []byte(template.HTMLEscapeString(`<b>"甲"`)))
		}
	}
	if !gov || !place || !hostileRow {
		t.Errorf("region pages lack a government row (%v), a place row (%v) or the hostile name (%v)", gov, place, hostileRow)
	}
	first, _ := now.Agency(in, a)
	if bytes.Contains(first[0].Data, []byte("<b>")) || !bytes.Contains(first[0].Data, []byte(template.HTMLEscapeString("<b>"))) {
		t.Error("hostile name not escaped")
	}
}

// firstDiff shows where two pages part.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-200)
	return " got …" + string(got[from:min(len(got), i+200)]) + "\nwant …" + string(want[from:min(len(want), i+200)])
}

// TestWriteURL: writeURL escapes a link as html/template does at the start
// of an href.
func TestWriteURL(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<a href="{{.}}">`))
	for _, u := range []string{"", "../../agencies/x/2023/", "https://example.org/a?b=c&d=e+f#g", "mailto:a@b.cn", "HTTP://X",
		"javascript:alert(1)", "JavaScript:x", "data:text/html,x", "/a:b", "a/b:c", "?q=1:2", "#frag", "x y", "%41%zz%4", "%",
		`<b>"甲" & 'x' + (y)` + "\x00\x7f\xff", "路径/中文", "a\tb\nc", "!$*,;=@[]~-._", "vbscript:x", ":x"} {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, u); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.WriteString(`<a href="`)
		writeURL(&b, u)
		b.WriteString(`">`)
		if b.String() != want.String() {
			t.Errorf("%q: got %s want %s", u, b.String(), want.String())
		}
	}
}

// TestWriteCSSColor: a "#rrggbb" colour is written as html/template writes
// it in a style attribute; anything else is refused, as html/template
// refuses what is not a plain CSS value.
func TestWriteCSSColor(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<i style="background-color: {{.}}">`))
	for _, c := range []string{"#1f77b4", "#ABCDEF", "#fff", "#0"} {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, c); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.WriteString(`<i style="background-color: `)
		writeCSSColor(&b, c)
		b.WriteString(`">`)
		if b.String() != want.String() {
			t.Errorf("%q: got %s want %s", c, b.String(), want.String())
		}
	}
	for _, c := range []string{"", "#", "red", "#12345g", "expression(alert(1))", `"><script>`, "#fff;x:y", "url(javascript:1)"} {
		var b bytes.Buffer
		writeCSSColor(&b, c)
		if b.String() != "ZgotmplZ" {
			t.Errorf("%q written as %q", c, b.String())
		}
	}
}

// TestWorkerPages: a worker's pages, whose Go-written parts are its
// buffers' bytes taken back after each page (arena), are byte for byte
// those of the Renderer that copies each part, page after page and for
// the corpus-wide pages too.
func TestWorkerPages(t *testing.T) {
	rd, err := New(layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	w, err := rd.Worker()
	if err != nil {
		t.Fatal(err)
	}
	in := synthInput(t, 80)
	pages := 0
	for _, a := range in.Corpus.Agencies {
		want, err := rd.Agency(in, a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.Agency(in, a)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
				t.Fatalf("%s differs:\n%s", want[i].Path, firstDiff(got[i].Data, want[i].Data))
			}
			pages++
		}
		if n := len(*w.parts.held); n != 0 {
			t.Fatalf("%d buffers held after %s", n, a.Slug)
		}
	}
	want, err := rd.Global(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.Global(in)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("%s differs:\n%s", want[i].Path, firstDiff(got[i].Data, want[i].Data))
		}
	}
	if pages < 80 || len(want) < 10 {
		t.Fatalf("only %d agency files and %d corpus-wide files", pages, len(want))
	}

	// A part kept in a variable while others are made is still whole
	// when written: its buffer is taken back only after the page.
	held := fstest.MapFS{"report.html": {Data: []byte(`{{define "main"}}{{$a := links .Downloads}}{{$b := crumbs .Crumbs}}{{$c := toc .Sections}}{{$c}}{{$b}}{{$a}}{{end}}`)}}
	rd, err = New(overlayFS{held, layouts.FS})
	if err != nil {
		t.Fatal(err)
	}
	if w, err = rd.Worker(); err != nil {
		t.Fatal(err)
	}
	for _, a := range in.Corpus.Agencies[:5] {
		want, _ := rd.Agency(in, a)
		got, err := w.Agency(in, a)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if !bytes.Equal(got[i].Data, want[i].Data) {
				t.Fatalf("%s differs with parts held in variables:\n%s", want[i].Path, firstDiff(got[i].Data, want[i].Data))
			}
		}
	}
}
