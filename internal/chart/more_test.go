package chart

import (
	"os"
	"strings"
	"testing"
)

func TestSharesAndLines(t *testing.T) {
	sh := Shares{ID: "s", Title: "办理结果 <占比>", Labels: []string{"2019", "2020"},
		Series: []Series{{Name: "予以公开", Values: []*float64{p(60), nil}}, {Name: "部分<公开>", Values: []*float64{p(40), nil}}}}
	got := string(sh.SVG())
	for _, w := range []string{`aria-labelledby="s-title"`, `<title id="s-title">办理结果 &lt;占比&gt;</title>`, `2019 部分&lt;公开&gt;：40%`, "未填写或无申请", ">60%<"} {
		if !strings.Contains(got, w) {
			t.Errorf("shares: missing %q in\n%s", w, got)
		}
	}
	if got != string(sh.SVG()) {
		t.Error("shares: two renderings differ")
	}
	ln := Lines{ID: "l", Title: "历年", Labels: []string{"2019", "2020", "2021"},
		Series: []Series{{Name: "新收", Values: []*float64{p(3), nil, p(7)}}, {Name: "办结", Values: []*float64{p(1), p(2), p(9)}}}}
	got = string(ln.SVG())
	for _, w := range []string{`<title id="l-title">历年</title>`, `2021 办结：9`, `stroke-dasharray="6 3"`} {
		if !strings.Contains(got, w) {
			t.Errorf("lines: missing %q", w)
		}
	}
	// the first series is broken by its gap: no polyline of three points
	if strings.Count(got, "<polyline") != 1 {
		t.Errorf("want one polyline (first series has a gap), got %d", strings.Count(got, "<polyline"))
	}
	if (Shares{}).SVG() != "" || (Lines{}).SVG() != "" {
		t.Error("empty charts should draw nothing")
	}
	if (Chart{ID: "x", Labels: []string{"a"}}).SVG() == (Chart{Labels: []string{"a"}}).SVG() {
		t.Error("ID must change the title id")
	}
}

// TestSharesLinesGolden: the shares and line charts of a sample, byte for
// byte (testdata/*.svg; -update rewrites them).
func TestSharesLinesGolden(t *testing.T) {
	sh := Shares{ID: "s", Title: "办理结果 <占比>", Labels: []string{"2019", "2020", "2021"},
		Series: []Series{{Name: "予以公开", Values: []*float64{p(60.25), nil, p(12.5)}}, {Name: "部分<公开>", Values: []*float64{p(39.75), nil, p(87.5)}}}}
	ln := Lines{ID: "l", Title: "历年 & 合计", Labels: []string{"2019", "2020", "2021", "2022"},
		Series: []Series{{Name: "新收", Values: []*float64{p(3), nil, p(7.5), p(1234)}}, {Name: "办结", Values: []*float64{p(1), p(2), p(9), nil}}}}
	for name, got := range map[string]string{"testdata/shares.svg": string(sh.SVG()), "testdata/lines.svg": string(ln.SVG())} {
		if *update {
			if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs (run with -update if intended)\ngot:\n%s", name, got)
		}
	}
}
