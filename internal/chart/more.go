package chart

import (
	"html/template"
	"math"
	"strconv"
)

func idOf(id string) string {
	if id == "" {
		return "chart"
	}
	return id
}

// textOn is the label colour readable on each palette fill.
var textOn = map[string]string{"#0072B2": "#fff", "#56B4E9": "#000", "#D55E00": "#fff", "#E69F00": "#000", "#CC79A7": "#000", "#009E73": "#fff", "#666666": "#fff"}

// Shares is a chart of horizontal bars, one per label (year), each split
// into the series' shares of 100 %. Values are percentages; a label whose
// values are all nil is drawn as "未填写".
type Shares struct {
	ID     string
	Title  string
	Labels []string
	Series []Series
}

// Legend returns the series with their colours.
func (c Shares) Legend() []LegendItem {
	var out []LegendItem
	for i, s := range c.Series {
		out = append(out, LegendItem{Name: s.Name, Color: Palette[i%len(Palette)]})
	}
	return out
}

// SVG draws the bars.
func (c Shares) SVG() template.HTML {
	n := len(c.Labels)
	if n == 0 {
		return ""
	}
	const w, rowH, barH, lx, rx, top = 560.0, 34.0, 24.0, 64.0, 8.0, 6.0
	h := top*2 + rowH*float64(n) + 18
	plotW := w - lx - rx
	id := idOf(c.ID)
	b := newSVG()
	b.add(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `)
	b.coord(w)
	b.add(" ")
	b.coord(h)
	b.add(`" role="img" aria-labelledby="`, id, `-title" class="chart"><title id="`, id, `-title">`)
	b.text(c.Title)
	b.add(`</title>`)
	for k := 0; k <= 4; k++ {
		x := lx + plotW*float64(k)/4
		b.add(`<path class="g" d="M`)
		b.coord(x)
		b.add(" ")
		b.coord(top)
		b.add("V")
		b.coord(top + rowH*float64(n))
		b.add(`"/>`)
		anchor := "middle"
		if k == 4 {
			anchor = "end"
		}
		b.add(`<text class="pa" x="`)
		b.coord(x)
		b.add(`" y="`)
		b.coord(h - 4)
		b.add(`" text-anchor="`, anchor, `">`, strconv.Itoa(k*25), `%</text>`)
	}
	for i, label := range c.Labels {
		y := top + rowH*float64(i) + (rowH-barH)/2
		b.add(`<text class="yl" x="`)
		b.coord(lx - 8)
		b.add(`" y="`)
		b.coord(y + barH/2 + 5)
		b.add(`">`)
		b.text(label)
		b.add(`</text>`)
		x := lx
		drawn := false
		for si, s := range c.Series {
			v := at(s, i)
			if v == nil || *v <= 0 {
				continue
			}
			drawn = true
			sw := plotW * math.Min(*v, 100) / 100
			if x+sw > lx+plotW {
				sw = lx + plotW - x
			}
			color := Palette[si%len(Palette)]
			b.add(`<rect x="`)
			b.coord(x)
			b.add(`" y="`)
			b.coord(y)
			b.add(`" width="`)
			b.coord(sw)
			b.add(`" height="`)
			b.coord(barH)
			b.add(`" fill="`, color, `"><title>`)
			b.text(label)
			b.add(" ")
			b.text(s.Name)
			b.add("：")
			b.coord(*v) // a percentage, one decimal at most
			b.add(`%</title></rect>`)
			if sw >= 34 {
				b.add(`<text class="bt" x="`)
				b.coord(x + sw/2)
				b.add(`" y="`)
				b.coord(y + barH/2 + 4)
				b.add(`" fill="`, textOn[color], `" aria-hidden="true">`)
				b.coord(*v) // a percentage, one decimal at most
				b.add(`%</text>`)
			}
			x += sw
		}
		if !drawn {
			b.add(`<text class="nl" x="`)
			b.coord(lx + 6)
			b.add(`" y="`)
			b.coord(y + barH/2 + 5)
			b.add(`">未填写或无申请</text>`)
		}
	}
	b.add(`</svg>`)
	return template.HTML(b) // numbers and escaped text only
}

// dashes tell the lines apart without colour.
var dashes = []string{"", "6 3", "2 3", "8 3 2 3"}

// Lines is a line chart: one line per series over the labels (years).
type Lines struct {
	ID     string
	Title  string
	Labels []string
	Series []Series
}

// Legend returns the series with their colours.
func (c Lines) Legend() []LegendItem {
	var out []LegendItem
	for i, s := range c.Series {
		out = append(out, LegendItem{Name: s.Name, Color: Palette[i%len(Palette)], Line: true})
	}
	return out
}

// SVG draws the lines; a nil value breaks its line.
func (c Lines) SVG() template.HTML {
	n := len(c.Labels)
	if n == 0 || len(c.Series) == 0 {
		return ""
	}
	maxV := 0.0
	for _, s := range c.Series {
		for i := 0; i < n; i++ {
			if v := at(s, i); v != nil {
				maxV = math.Max(maxV, *v)
			}
		}
	}
	top := niceCeil(maxV)
	plotW, plotH := width-left-right, height-padTop-bottom
	y := func(v float64) float64 { return padTop + plotH - math.Max(v, 0)/top*plotH }
	slot := plotW / float64(n)
	x := func(i int) float64 { return left + slot*(float64(i)+0.5) }
	id := idOf(c.ID)
	b := newSVG()
	openWithGrid(&b, id, c.Title, top, left, width-right, y)
	for i := 0; i < n; i++ {
		b.add(`<text class="xa" x="`)
		b.coord(x(i))
		b.add(`" y="`)
		b.coord(height - 8)
		b.add(`">`)
		b.text(c.Labels[i])
		b.add(`</text>`)
	}
	for si := range c.Series {
		s := &c.Series[si]
		color := Palette[si%len(Palette)]
		dash := ""
		if d := dashes[si%len(dashes)]; d != "" {
			dash = ` stroke-dasharray="` + d + `"`
		}
		b.polylines(s, n, x, y, `<polyline class="ln ln2" points="`, `" stroke="`+color+`"`+dash+`/>`)
		for i := 0; i < n; i++ {
			if v := at(*s, i); v != nil {
				b.point(x(i), y(*v), color, c.Labels[i], s.Name, *v)
			}
		}
	}
	b.add(`</svg>`)
	return template.HTML(b) // numbers and escaped text only
}
