package render

import (
	"strings"
	"testing"

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
