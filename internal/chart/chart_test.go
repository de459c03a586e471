package chart

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func p(v float64) *float64 { return &v }

func sample() Chart {
	return Chart{
		Title:  "申请数量与办理结果 <逐年>",
		Labels: []string{"2021", "2022", "2023"},
		Stacks: []Series{
			{Name: "予以公开", Values: []*float64{p(10), nil, p(69)}},
			{Name: "部分公开", Values: []*float64{p(2), nil, p(3)}},
		},
		Line: &Series{Name: "新收申请", Values: []*float64{p(12), nil, p(73)}},
	}
}

func TestSVGGolden(t *testing.T) {
	got := string(sample().SVG())
	const golden = "testdata/bars.svg"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Errorf("SVG differs from %s (run with -update if intended)\ngot:\n%s", golden, got)
	}
	if again := string(sample().SVG()); again != got {
		t.Error("two renderings differ")
	}
}

func TestSVGProperties(t *testing.T) {
	got := string(sample().SVG())
	for _, w := range []string{"&lt;逐年&gt;", "未填写", `role="img"`, `2023 新收申请：73`} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q", w)
		}
	}
	if strings.Contains(got, "<逐年>") {
		t.Error("title not escaped")
	}
	if (Chart{}).SVG() != "" {
		t.Error("empty chart should draw nothing")
	}
}

func TestNiceCeil(t *testing.T) {
	for _, tt := range []struct{ in, want float64 }{{0, 4}, {1, 4}, {7, 8}, {73, 80}, {12, 20}, {240, 400}, {1926, 2000}, {90, 100}} {
		if got := niceCeil(tt.in); got != tt.want {
			t.Errorf("niceCeil(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// BenchmarkSVG draws an agency page's two charts for six years.
func BenchmarkSVG(b *testing.B) {
	labels := []string{"2019", "2020", "2021", "2022", "2023", "2024"}
	var stacks, shares []Series
	for s := range 6 {
		var vs, ps []*float64
		for i := range labels {
			vs = append(vs, p(float64(3*s+i*7)))
			ps = append(ps, p(100/6.0))
		}
		stacks = append(stacks, Series{Name: "结果", Values: vs})
		shares = append(shares, Series{Name: "结果", Values: ps})
	}
	c := Chart{ID: "trend", Title: "某机关：历年新收申请与办理结果", Labels: labels, Stacks: stacks, Line: &stacks[0]}
	sh := Shares{ID: "shares", Title: "某机关：历年办理结果构成", Labels: labels, Series: shares}
	b.ReportAllocs()
	for b.Loop() {
		c.SVG()
		sh.SVG()
	}
}
