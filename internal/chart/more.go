package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
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
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-title" class="chart">`, f(w), f(h), id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, html.EscapeString(c.Title))
	for k := 0; k <= 4; k++ {
		x := f(lx + plotW*float64(k)/4)
		fmt.Fprintf(&b, `<path class="g" d="M%s %sV%s"/>`, x, f(top), f(top+rowH*float64(n)))
		anchor := "middle"
		if k == 4 {
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text class="pa" x="%s" y="%s" text-anchor="%s">%d%%</text>`, x, f(h-4), anchor, k*25)
	}
	for i, label := range c.Labels {
		y := top + rowH*float64(i) + (rowH-barH)/2
		fmt.Fprintf(&b, `<text class="yl" x="%s" y="%s">%s</text>`, f(lx-8), f(y+barH/2+5), html.EscapeString(label))
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
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s %s：%s%%</title></rect>`,
				f(x), f(y), f(sw), f(barH), color, html.EscapeString(label), html.EscapeString(s.Name), pct(*v))
			if sw >= 34 {
				fmt.Fprintf(&b, `<text class="bt" x="%s" y="%s" fill="%s" aria-hidden="true">%s%%</text>`,
					f(x+sw/2), f(y+barH/2+4), textOn[color], pct(*v))
			}
			x += sw
		}
		if !drawn {
			fmt.Fprintf(&b, `<text class="nl" x="%s" y="%s">未填写或无申请</text>`, f(lx+6), f(y+barH/2+5))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // numbers and escaped text only
}

// pct writes a percentage with at most one decimal.
func pct(v float64) string {
	return f(v)
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
	var b strings.Builder
	openWithGrid(&b, id, c.Title, top, left, width-right, y)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<text class="xa" x="%s" y="%s">%s</text>`, f(x(i)), f(height-8), html.EscapeString(c.Labels[i]))
	}
	for si, s := range c.Series {
		color := Palette[si%len(Palette)]
		dash := ""
		if d := dashes[si%len(dashes)]; d != "" {
			dash = ` stroke-dasharray="` + d + `"`
		}
		var pts []string
		flush := func() {
			if len(pts) > 1 {
				fmt.Fprintf(&b, `<polyline class="ln ln2" points="%s" stroke="%s"%s/>`, strings.Join(pts, " "), color, dash)
			}
			pts = nil
		}
		for i := 0; i < n; i++ {
			v := at(s, i)
			if v == nil {
				flush()
				continue
			}
			pts = append(pts, f(x(i))+","+f(y(*v)))
		}
		flush()
		for i := 0; i < n; i++ {
			if v := at(s, i); v != nil {
				fmt.Fprintf(&b, `<circle class="pt" cx="%s" cy="%s" r="4" stroke="%s"><title>%s %s：%s</title></circle>`,
					f(x(i)), f(y(*v)), color, html.EscapeString(c.Labels[i]), html.EscapeString(s.Name), num(*v))
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // numbers and escaped text only
}
