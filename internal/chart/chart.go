// Package chart draws small, deterministic inline SVG charts: the same
// series always give the same bytes (fixed precision, no randomness, no
// clock), so builds stay byte-identical.
package chart

import (
	"html"
	"html/template"
	"math"
	"strconv"
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

	b := newSVG()
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
			b.add(`<rect x="`)
			b.coord(cx - barW/2)
			b.add(`" y="`)
			b.coord(y(base + *v))
			b.add(`" width="`)
			b.coord(barW)
			b.add(`" height="`)
			b.coord(y(base) - y(base+*v))
			b.add(`" fill="`, Palette[si%len(Palette)], `"><title>`)
			b.text(c.Labels[i])
			b.add(" ")
			b.text(s.Name)
			b.add("：")
			b.num(*v)
			b.add(`</title></rect>`)
			base += *v
		}
		if !drawn && allMissing(c.Stacks, i) {
			b.add(`<text class="na" x="`)
			b.coord(cx)
			b.add(`" y="`)
			b.coord(y(0) - 6)
			b.add(`">未填写</text>`)
		}
		b.add(`<text class="xa" x="`)
		b.coord(cx)
		b.add(`" y="`)
		b.coord(height - 8)
		b.add(`">`)
		b.text(c.Labels[i])
		b.add(`</text>`)
	}
	if c.Line != nil {
		b.polylines(c.Line, n, func(i int) float64 { return left + slot*(float64(i)+0.5) }, y, `<polyline class="ln" points="`, `" stroke="`+LineColor+`"/>`)
		for i := 0; i < n; i++ {
			if v := at(*c.Line, i); v != nil {
				b.point(left+slot*(float64(i)+0.5), y(*v), LineColor, c.Labels[i], c.Line.Name, *v)
			}
		}
	}
	b.add(`</svg>`)
	return template.HTML(b) // numbers and escaped text only
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

// appendCoord writes a coordinate with one decimal, trimming ".0".
func appendCoord(b []byte, v float64) []byte {
	b = strconv.AppendFloat(b, math.Round(v*10)/10, 'f', 1, 64)
	if n := len(b); b[n-2] == '.' && b[n-1] == '0' {
		b = b[:n-2]
	}
	return b
}

// appendNum writes an axis or tooltip value.
func appendNum(b []byte, v float64) []byte {
	if v == math.Trunc(v) {
		return strconv.AppendFloat(b, v, 'f', 0, 64)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// svg is a chart's markup as it is written: fmt.Fprintf for each element
// was a third of the time an agency page's data took.
type svg []byte

// newSVG has room for most charts (an agency page's are 1.2–6 KB, 2.9 KB
// the median): growing from empty took twice the bytes of the charts.
func newSVG() svg { return make(svg, 0, 4<<10) }

func (b *svg) add(parts ...string) {
	for _, p := range parts {
		*b = append(*b, p...)
	}
}

func (b *svg) coord(v float64)   { *b = appendCoord(*b, v) }
func (b *svg) num(v float64)     { *b = appendNum(*b, v) }
func (b *svg) text(t string)     { *b = append(*b, html.EscapeString(t)...) }
func (b *svg) pair(x, y float64) { b.coord(x); b.add(","); b.coord(y) }

// polylines draws s's values as lines joined point to point, a missing
// value breaking the line (a piece of one point is not drawn); each piece
// is open, its points, then end.
func (b *svg) polylines(s *Series, n int, x func(int) float64, y func(float64) float64, open, end string) {
	var pts []int
	flush := func() {
		if len(pts) > 1 {
			b.add(open)
			for j, i := range pts {
				if j > 0 {
					b.add(" ")
				}
				b.pair(x(i), y(*at(*s, i)))
			}
			b.add(end)
		}
		pts = pts[:0]
	}
	for i := 0; i < n; i++ {
		if at(*s, i) == nil {
			flush()
			continue
		}
		pts = append(pts, i)
	}
	flush()
}

// point draws a value's circle with its tooltip.
func (b *svg) point(x, y float64, color, label, name string, v float64) {
	b.add(`<circle class="pt" cx="`)
	b.coord(x)
	b.add(`" cy="`)
	b.coord(y)
	b.add(`" r="4" stroke="`, color, `"><title>`)
	b.text(label)
	b.add(" ")
	b.text(name)
	b.add("：")
	b.num(v)
	b.add(`</title></circle>`)
}

// openWithGrid starts a chart's <svg> with its title and the value grid:
// lines and axis labels at 0, ¼, ½, ¾ and top, from x0 to x1.
func openWithGrid(b *svg, id, title string, top, x0, x1 float64, y func(float64) float64) {
	b.add(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `, strconv.Itoa(width), " ", strconv.Itoa(height),
		`" role="img" aria-labelledby="`, id, `-title" class="chart"><title id="`, id, `-title">`)
	b.text(title)
	b.add(`</title>`)
	// Presentation comes from app.css by class (svg.chart .g, .ya, …):
	// the same attributes on every line and label of every chart were a
	// good part of the agency and region pages.
	b.add(`<path class="g" d="`)
	for k := 0; k <= 4; k++ {
		b.add("M")
		b.coord(x0)
		b.add(" ")
		b.coord(y(top * float64(k) / 4))
		b.add("H")
		b.coord(x1)
	}
	b.add(`"/>`)
	for k := 0; k <= 4; k++ {
		v := top * float64(k) / 4
		b.add(`<text class="ya" x="`)
		b.coord(x0 - 6)
		b.add(`" y="`)
		b.coord(y(v) + 5)
		b.add(`">`)
		b.num(v)
		b.add(`</text>`)
	}
}
