package source

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestWalk(t *testing.T) {
	fsys := fstest.MapFS{
		"reports/b.txt":        {Data: []byte("b")},
		"reports/a.html":       {Data: []byte("a")},
		"reports/a.source.txt": {Data: []byte("repo: x\noriginal URL: https://www.example.gov.cn/a.htm\n")},
		"reports/a.truth.json": {Data: []byte("{}")},
		"reports/.hidden.txt":  {Data: []byte("h")},
		"reports/README.md":    {Data: []byte("r")},
		"_index.md":            {Data: []byte("intro")},
		"_drafts/c.txt":        {Data: []byte("c")},
		"2020/湛河区政府办公室.md":     {Data: []byte("z")},
		"reports/image.png":    {Data: []byte("p")},
	}
	files, err := Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path+" "+f.URL)
	}
	want := []string{"2020/湛河区政府办公室.md ", "reports/a.html https://www.example.gov.cn/a.htm", "reports/b.txt "}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	if string(Page(fsys, "_index.md")) != "intro" || Page(fsys, "nope.md") != nil {
		t.Error("Page")
	}
}
