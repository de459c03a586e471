package synth

import (
	"math"
	"strconv"
	"strings"
)

// gcell is one printed cell of a table, as HTML would hold it.
type gcell struct {
	text   string
	cs, rs int
	path   string // the value's cell path; "" for a label or header
}

// grid is a table as printed: rows of physical cells with spans.
type grid struct {
	width int
	rows  [][]gcell
}

func lab(text string) gcell              { return gcell{text: text, cs: 1, rs: 1} }
func span(text string, cs, rs int) gcell { return gcell{text: text, cs: cs, rs: rs} }

// valueRow reports whether a physical row holds values.
func valueRow(row []gcell) bool {
	for _, c := range row {
		if c.path != "" {
			return true
		}
	}
	return false
}

// expand lays the grid out as a matrix: a spanned position is "".
func (g grid) expand() [][]string {
	out := make([][]string, len(g.rows))
	taken := map[[2]int]bool{}
	for i, row := range g.rows {
		col := 0
		for _, c := range row {
			for taken[[2]int{i, col}] {
				col++
			}
			for dr := 0; dr < c.rs; dr++ {
				for dc := 0; dc < c.cs; dc++ {
					taken[[2]int{i + dr, col + dc}] = true
				}
			}
			for len(out[i]) < col+c.cs {
				out[i] = append(out[i], "")
			}
			out[i][col] = c.text
			col += c.cs
		}
		// positions covered from rows above, right of the last cell
		for taken[[2]int{i, len(out[i])}] {
			out[i] = append(out[i], "")
		}
	}
	return out
}

var asciiParens = strings.NewReplacer("（", "(", "）", ")")

// label applies the report's label style: bracket width, numbering
// punctuation, spaces after ordinals.
func (g *gen) label(s string) string {
	st := &g.st
	if st.asciiParens {
		s = asciiParens.Replace(s)
	}
	if len(s) > 1 && s[0] >= '1' && s[0] <= '9' && s[1] == '.' {
		s = s[:1] + st.numSep + s[2:]
		if st.spaced {
			s = s[:1+len(st.numSep)] + " " + s[1+len(st.numSep):]
		}
	}
	if st.spaced { // "（一） 予以公开"
		for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
			if strings.HasPrefix(s, p[0]) {
				if i := strings.Index(s, p[1]); i > 0 && i <= len(p[0])+6 {
					s = s[:i+len(p[1])] + " " + s[i+len(p[1]):]
				}
			}
		}
	}
	return s
}

// num prints a value the way this report prints numbers.
func (g *gen) num(path string, amount bool) string {
	x := g.vals
	if x.null[path] {
		return ""
	}
	v := x.v[path]
	st := &g.st
	if v == 0 && st.zero != "" && g.r.Float64() < st.zeroP {
		return st.zero
	}
	var s string
	switch {
	case amount && st.yuan && v > 0 && math.Abs(v*10000-math.Round(v*10000)) < 1e-6:
		s = strconv.FormatInt(int64(math.Round(v*10000)), 10) + "元"
	case amount:
		s = strconv.FormatFloat(v, 'f', -1, 64)
	default:
		s = strconv.Itoa(int(v))
	}
	if st.thousands {
		s = thousands(s)
	}
	if st.fullwidth {
		b := []rune(s)
		for i, c := range b {
			if c >= '0' && c <= '9' {
				b[i] = c - '0' + '０'
			}
		}
		s = string(b)
	}
	return s
}

// thousands puts commas into the integer part of a plain number.
func thousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	end := strings.IndexAny(s, ".元")
	if end < 0 {
		end = len(s)
	}
	if end <= 3 || strings.HasSuffix(s, "元") {
		if neg {
			return "-" + s
		}
		return s
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < end; i++ {
		if i > 0 && (end-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	b.WriteString(s[end:])
	return b.String()
}

func (g *gen) val(path string, amount bool, cs int) gcell {
	return gcell{text: g.num(path, amount), cs: cs, rs: 1, path: path}
}

// activeGrid prints table 二 with the 第二十条 group rows.
func (g *gen) activeGrid() grid {
	t := g.tmpl.Table("active")
	gr := grid{width: 4}
	head := func(h string) { gr.rows = append(gr.rows, []gcell{span(g.label(h), 4, 1)}) }
	cols := func(cs ...string) {
		row := []gcell{lab("信息内容")}
		for k, c := range cs {
			w := 1
			if k == len(cs)-1 {
				w = 4 - len(cs)
			}
			row = append(row, span(g.label(c), w, 1))
		}
		gr.rows = append(gr.rows, row)
	}
	group := ""
	for _, row := range t.Rows {
		if row.Group != group {
			group = row.Group
			head(group)
			var cs []string
			for _, c := range row.Columns {
				l := c.Label
				if c.Key == "repealed" && g.st.typoRepealed {
					l = "本年度止件数"
				}
				cs = append(cs, l)
			}
			cols(cs...)
		}
		l := row.Label
		if row.Key == "normative_docs" && g.st.shortNormative {
			l = "规范性文件"
		}
		cells := []gcell{lab(l)}
		for k, c := range row.Columns {
			w := 1
			if k == len(row.Columns)-1 {
				w = 4 - len(row.Columns)
			}
			cells = append(cells, g.val("active."+row.Key+"."+c.Key, c.Key == "amount", w))
		}
		gr.rows = append(gr.rows, cells)
	}
	return gr
}

// requestsGrid prints table 三 with its three header rows and grouped row labels.
func (g *gen) requestsGrid() grid {
	t := g.tmpl.Table("requests")
	gr := grid{width: 10}
	gr.rows = append(gr.rows,
		[]gcell{span(g.label("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), 3, 3), span("申请人情况", 7, 1)},
		[]gcell{span("自然人", 1, 2), span("法人或其他组织", 5, 1), span("总计", 1, 2)},
		[]gcell{lab("商业企业"), lab("科研机构"), lab("社会公益组织"), lab("法律服务机构"), lab("其他")},
	)
	// rows under one group header, for the rowspans
	count := map[string]int{}
	for _, row := range t.Rows {
		for _, part := range strings.Fields(row.Group) {
			count[part]++
		}
	}
	seen := map[string]bool{}
	for _, row := range t.Rows {
		var cells []gcell
		parts := strings.Fields(row.Group)
		labelCols := 3
		for _, part := range parts {
			if !seen[part] {
				seen[part] = true
				cells = append(cells, span(g.label(part), 1, count[part]))
			}
			labelCols--
		}
		l := row.Label
		if row.Key == "denied_prohibited" && g.st.lawVariant {
			l = "2.其他法律法规禁止公开"
		}
		cells = append(cells, span(g.label(l), labelCols, 1))
		for _, c := range reqCols {
			if c == "other" && g.short[row.Key] {
				continue
			}
			cells = append(cells, g.val("requests."+row.Key+"."+c, false, 1))
		}
		gr.rows = append(gr.rows, cells)
	}
	return gr
}

// reviewGrid prints table 四: two header rows over fifteen values.
func (g *gen) reviewGrid() grid {
	gr := grid{width: 15}
	h := []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	if g.st.spaced {
		h = []string{"结果 维持", "结果 纠正", "其他 结果", "尚未 审结", "总计"}
	}
	gr.rows = append(gr.rows, []gcell{span("行政复议", 5, 1), span("行政诉讼", 10, 1)})
	var r2, r3, vals []gcell
	for _, s := range h {
		r2 = append(r2, span(s, 1, 2))
	}
	r2 = append(r2, span("未经复议直接起诉", 5, 1), span("复议后起诉", 5, 1))
	for k := 0; k < 2; k++ {
		for _, s := range h {
			r3 = append(r3, lab(s))
		}
	}
	for _, row := range []string{"review", "litigation_direct", "litigation_after_review"} {
		for _, c := range revCols {
			vals = append(vals, g.val("review."+row+"."+c, false, 1))
		}
	}
	gr.rows = append(gr.rows, r2, r3, vals)
	return gr
}
