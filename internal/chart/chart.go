// Package chart draws small, deterministic inline SVG charts: the same
// series always give the same bytes (fixed precision, no randomness, no
// clock), so builds stay byte-identical.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Series is one named row of values; a nil value is missing (not zero).
type Series struct {
	Name   string
	Values []*float64
}

// Chart is a stacked bar chart with an optional line drawn over it.
type Chart struct {
	ID     string   // id prefix, unique in the page ("" = "chart")
	Title  string   // read by screen readers (<title>)
	Labels []string // one per bar, e.g. years
	Stacks []Series // stacked bottom to top
	Line   *Series  // e.g. requests received, drawn as points joined by a line
}

// Palette is the fill of each stacked series, then the line's colour
// (Okabe–Ito, distinguishable with colour-vision deficiencies).
var Palette = []string{"#0072B2", "#56B4E9", "#D55E00", "#E69F00", "#CC79A7", "#009E73", "#666666"}

// LineColor is the colour of the line series.
const LineColor = "#222222"

// Legend item: a series name with its colour, for an HTML legend.
type LegendItem struct {
	Name, Color string
	Line        bool
}

// Legend returns the chart's legend in drawing order.
func (c Chart) Legend() []LegendItem {
	var out []LegendItem
	for i, s := range c.Stacks {
		out = append(out, LegendItem{Name: s.Name, Color: Palette[i%len(Palette)]})
	}
	if c.Line != nil {
		out = append(out, LegendItem{Name: c.Line.Name, Color: LineColor, Line: true})
	}
	return out
}

const (
	width, height                       = 560, 260
	left, right, padTop, bottom float64 = 52, 10, 12, 30
)

// SVG draws the chart. Labels and names are escaped; numbers are written
// with at most one decimal.
func (c Chart) SVG() template.HTML {
	n := len(c.Labels)
	if n == 0 {
		return ""
	}
	maxV := 0.0
	for i := 0; i < n; i++ {
		sum := 0.0
		for _, s := range c.Stacks {
			if v := at(s, i); v != nil && *v > 0 {
				sum += *v
			}
		}
		maxV = math.Max(maxV, sum)
		if c.Line != nil {
			if v := at(*c.Line, i); v != nil {
				maxV = math.Max(maxV, *v)
			}
		}
	}
	top := niceCeil(maxV)
	plotW, plotH := width-left-right, height-topPad()-bottom
	y := func(v float64) float64 { return topPad() + plotH - v/top*plotH }
	slot := plotW / float64(n)
	barW := math.Min(slot*0.6, 56)

	var b strings.Builder
	id := idOf(c.ID)
	openWithGrid(&b, id, c.Title, top, left, width-right, y)
	for i := 0; i < n; i++ {
		cx := left + slot*(float64(i)+0.5)
		base := 0.0
		drawn := false
		for si, s := range c.Stacks {
			v := at(s, i)
			if v == nil || *v <= 0 {
				continue
			}
			drawn = true
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s %s：%s</title></rect>`,
				f(cx-barW/2), f(y(base+*v)), f(barW), f(y(base)-y(base+*v)), Palette[si%len(Palette)],
				html.EscapeString(c.Labels[i]), html.EscapeString(s.Name), num(*v))
			base += *v
		}
		if !drawn && allMissing(c.Stacks, i) {
			fmt.Fprintf(&b, `<text class="na" x="%s" y="%s">未填写</text>`, f(cx), f(y(0)-6))
		}
		fmt.Fprintf(&b, `<text class="xa" x="%s" y="%s">%s</text>`, f(cx), f(height-8), html.EscapeString(c.Labels[i]))
	}
	if c.Line != nil {
		var pts []string
		flush := func() {
			if len(pts) > 1 {
				fmt.Fprintf(&b, `<polyline class="ln" points="%s" stroke="%s"/>`, strings.Join(pts, " "), LineColor)
			}
			pts = nil
		}
		for i := 0; i < n; i++ {
			v := at(*c.Line, i)
			if v == nil {
				flush()
				continue
			}
			pts = append(pts, f(left+slot*(float64(i)+0.5))+","+f(y(*v)))
		}
		flush()
		for i := 0; i < n; i++ {
			if v := at(*c.Line, i); v != nil {
				fmt.Fprintf(&b, `<circle class="pt" cx="%s" cy="%s" r="4" stroke="%s"><title>%s %s：%s</title></circle>`,
					f(left+slot*(float64(i)+0.5)), f(y(*v)), LineColor, html.EscapeString(c.Labels[i]), html.EscapeString(c.Line.Name), num(*v))
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // numbers and escaped text only
}

func topPad() float64 { return padTop }

func at(s Series, i int) *float64 {
	if i < len(s.Values) {
		return s.Values[i]
	}
	return nil
}

func allMissing(stacks []Series, i int) bool {
	for _, s := range stacks {
		if at(s, i) != nil {
			return false
		}
	}
	return true
}

// niceCeil returns the top of the axis: four equal steps of 1, 2 or 5
// times a power of ten, so grid labels are round numbers (at least 4).
func niceCeil(v float64) float64 {
	if v <= 4 {
		return 4
	}
	raw := v / 4
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw && (m != 2.5 || p >= 10) {
			return 4 * m * p
		}
	}
	return 40 * p
}

// f writes a coordinate with one decimal, trimming ".0".
func f(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}

// num writes an axis or tooltip value.
func num(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// openWithGrid starts a chart's <svg> with its title and the value grid:
// lines and axis labels at 0, ¼, ½, ¾ and top, from x0 to x1.
func openWithGrid(b *strings.Builder, id, title string, top, x0, x1 float64, y func(float64) float64) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title" class="chart">`, width, height, id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title>`, id, html.EscapeString(title))
	// Presentation comes from app.css by class (svg.chart .g, .ya, …):
	// the same attributes on every line and label of every chart were a
	// good part of the agency and region pages.
	b.WriteString(`<path class="g" d="`)
	for k := 0; k <= 4; k++ {
		fmt.Fprintf(b, "M%s %sH%s", f(x0), f(y(top*float64(k)/4)), f(x1))
	}
	b.WriteString(`"/>`)
	for k := 0; k <= 4; k++ {
		v := top * float64(k) / 4
		fmt.Fprintf(b, `<text class="ya" x="%s" y="%s">%s</text>`, f(x0-6), f(y(v)+5), num(v))
	}
}
