package render

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/minifier"

	"gongkai/layouts"
)

// TestChromePerDepthAndSection: the header and footer, executed once per
// depth and section, link from where the page is and mark its section.
func TestChromePerDepthAndSection(t *testing.T) {
	rd, err := New(layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	in := synthInput(t, 5)
	for _, tt := range []struct {
		root, nav string
		want      []string
		not       []string
	}{
		{"../../", "agencies", []string{`href="../../agencies/" aria-current="page"`, `href="../../"`}, []string{`href="./"`}},
		{"", "home", []string{`href="./" aria-current="page"`, `href="agencies/"`}, []string{`../`}},
		{"../", "validation", []string{`href="../validation/" aria-current="page"`}, []string{`href="../agencies/" aria-current`}},
	} {
		for range 2 { // the second time from the memo
			h, err := rd.execChrome("site-header", &Page{Site: in, Root: tt.root, Nav: tt.nav, Title: "不该出现"})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(h), w) {
					t.Errorf("root %q nav %q: header lacks %s:\n%s", tt.root, tt.nav, w, h)
				}
			}
			for _, n := range append(tt.not, "不该出现") {
				if strings.Contains(string(h), n) {
					t.Errorf("root %q nav %q: header has %s", tt.root, tt.nav, n)
				}
			}
		}
	}
	if _, err := rd.execChrome("site-header", 42); err == nil {
		t.Error("chrome of something that is not a page did not fail")
	}
}

// TestLayoutsMinified: every bundled layout comes out of the layout
// minifier with no line break before a block element's tag (where white
// space never shows; between inline elements it is kept as one). The
// minifier takes an apostrophe in a template comment for a quote and
// leaves the rest of the file as it is; nothing else shows it, the pages
// are only larger.
func TestLayoutsMinified(t *testing.T) {
	names, err := fs.Glob(layouts.FS, "*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("layouts: %v %v", names, err)
	}
	for _, name := range names {
		src, err := fs.ReadFile(layouts.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		out, err := layoutMinifier.Bytes(minifier.HTML, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if loc := blockAfterBreak.FindIndex(out); loc != nil {
			t.Errorf("%s: not minified from %q", name, out[max(0, loc[0]-60):min(len(out), loc[1]+60)])
		}
	}
}

var blockAfterBreak = regexp.MustCompile(`\n</?(?:div|p|ul|ol|li|nav|header|footer|main|section|table|caption|thead|tbody|tfoot|tr|td|th|h[1-6]|dl|dt|dd|figure|figcaption|details|summary|form)[\s>]`)
