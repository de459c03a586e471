package parse

import (
	"fmt"
	"strings"
	"testing"

	"gongkai/internal/report"
)

// valuesString writes a row's values apart by spaces, "-" for null.
func valuesString(rv rowValues) string {
	got := make([]string, len(rv.vals))
	for i, v := range rv.vals {
		got[i] = "-"
		if v != nil {
			got[i] = fmt.Sprint(*v)
		}
	}
	return strings.Join(got, " ")
}

// TestReadRowBlanks: tab-separated rows with blank cells. A row whose tabs
// give exactly its columns is read by position, trailing blanks too; a row
// short of them is not read (null and a note), never guessed.
func TestReadRowBlanks(t *testing.T) {
	for _, tc := range []struct {
		text  string
		ncols int
		want  string // the values, "-" for null; "" when the row is not read
	}{
		{"821\t35\t\t\t2\t1\t859", 7, "821 35 - - 2 1 859"},
		{"258\t12\t\t\t1\t1\t", 7, "258 12 - - 1 1 -"},
		{"3\t\t\t\t\t\t", 7, "3 - - - - - -"},
		{"6\t3\t1\t\t\t\t", 7, "6 3 1 - - - -"},
		{"5\t\t\t2\t7\t8\t\t\t1\t9\t\t\t\t\t", 15, "5 - - 2 7 8 - - 1 9 - - - - -"},
		{"3\t\t", 7, ""},                  // short even with its tabs
		{"1\t2\t\t\t\t\t\t\t", 7, ""},     // more fields than columns
		{"3", 7, ""},                      // no tabs: no positions
		{"\t\t3\t\t\t\t", 5, "3 - - - -"}, // blank label columns before the values
	} {
		rv := readRow(tc.text, tc.ncols, nil, rowLayout{shortRule: true})
		got := valuesString(rv)
		if tc.want == "" {
			if rv.note == "" {
				t.Errorf("readRow(%q, %d) = %s, want it not read, with a note", tc.text, tc.ncols, got)
			}
			continue
		}
		if got != tc.want || rv.note != "" {
			t.Errorf("readRow(%q, %d) = %s (note %q), want %s", tc.text, tc.ncols, got, rv.note, tc.want)
		}
	}
}

// TestReadRowPadded: rows of a pipe table, padded with blanks to the
// table's width. In table 二 (one label column) the blanks follow the
// values; in table 三 they come first, where labels span columns.
func TestReadRowPadded(t *testing.T) {
	for _, tc := range []struct {
		text     string
		ncols    int
		oneLabel bool
		want     string
	}{
		{"13\t\t", 2, true, "13 -"},         // not the run 1, 3
		{"\t161.18\t", 2, true, "- 161.18"}, // the procurement amount, in 万元
		{"\t2\t", 2, true, "- 2"},
		{"\t3\t\t\t\t\t\t", 7, false, "3 - - - - - -"},
		{"\t258\t12\t\t\t1\t1\t", 7, false, "258 12 - - 1 1 -"},
	} {
		amount := []bool{false, tc.ncols == 2} // the second of two columns may be an amount
		rv := readRow(tc.text, tc.ncols, amount, rowLayout{exact: true, oneLabel: tc.oneLabel})
		if g := valuesString(rv); g != tc.want || rv.run != "" {
			t.Errorf("readRow(%q, %d, oneLabel %v) = %s (run %q), want %s", tc.text, tc.ncols, tc.oneLabel, g, rv.run, tc.want)
		}
	}
}

// TestReadRowCounts: a count column's value is a whole number; 1.926 there
// is not read (null, with a note), an amount column's 1.926 is.
func TestReadRowCounts(t *testing.T) {
	rv := readRow("1.926\t3", 2, []bool{false, false}, rowLayout{})
	if rv.vals[0] != nil || rv.vals[1] == nil || *rv.vals[1] != 3 || rv.note == "" {
		t.Errorf("counts 1.926, 3: %v note %q, want null and 3, with a note", rv.vals, rv.note)
	}
	rv = readRow("1.926\t3", 2, []bool{true, false}, rowLayout{})
	if rv.vals[0] == nil || *rv.vals[0] != 1.926 {
		t.Errorf("amount 1.926: %v, want 1.926", rv.vals)
	}
}

// TestWrappedLabelValues: a line that ends a wrapped label and then prints
// the values gives where they start; a line that starts a row of its own,
// or holds anything but values after its words, gives 0.
func TestWrappedLabelValues(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string // the values the line gives, "" for none
	}{
		{"其他情形）                                         29    0   0   0   0    0   29", "29    0   0   0   0    0   29"},
		{"                   供                                             0     0   0", "0     0   0"},
		{"机关                1                         0   0    0           0            0   1", "1                         0   0    0           0            0   1"},
		{"1.属于国家秘密   4 0 0 0 0 0 4", ""},       // a row of its own
		{"（三）不予公开   4 0 0 0 0 0 4", ""},        // a row of its own
		{"四、结转下年度继续办理   0 0 0 0 0 0 0", ""},    // a row of its own
		{"信息   0 0 0 年 0", ""},                 // words among the values
		{"不再处理其政府信息公开申请", ""},                  // no values
		{"申请人无正当理由逾期不补正行政机关不再处理其政府信息公开 0", ""}, // too many words for a label's end
		{"0 0 0 0 0 0 0", ""},                  // no words: read as values already
	} {
		got := ""
		if at := wrappedLabelValues([]rune(tc.line)); at > 0 {
			got = strings.TrimSpace(string([]rune(tc.line)[at:]))
		}
		if got != tc.want {
			t.Errorf("wrappedLabelValues(%q) gives %q, want %q", tc.line, got, tc.want)
		}
	}
	for _, tc := range []struct {
		line string
		want bool
	}{{"1.", true}, {"  5、 ", true}, {"12．", true}, {"1", false}, {"1.属于", false}, {".", false}, {"", false}} {
		if got := rowNumberLine([]rune(tc.line)); got != tc.want {
			t.Errorf("rowNumberLine(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestValuesAbove: the values a PDF in reading order prints on the lines
// above a label, one per line or a few apart by spaces; nothing when the
// label does not start its line or words stand right above it.
func TestValuesAbove(t *testing.T) {
	for _, tc := range []struct {
		text string // the label is the last line's 规章
		want string
	}{
		{"信息内容\n13\n13\n524\n规章", "13\n13\n524"},
		{"信息内容\n13 13\n524\n规章", "13 13\n524"},
		{"对外公开总数量\n规章", ""},
		{"13\n13\n524\n  规章", "13\n13\n524"},
		{"13\n13\n524\n（一）规章", ""},
		{"13\n13\n524\n\n规章", ""},            // a blank line between: not its values
		{"13\n13件\n524\n规章", "13\n13件\n524"}, // a count's unit
		{"13\n第二十条\n524\n规章", "524"},
	} {
		var lines []lineT
		for i, l := range strings.Split(tc.text, "\n") {
			lines = append(lines, lineT{No: i + 1, Text: l})
		}
		reg := newRegion(lines, nil)
		at := len(reg.text) - len([]rune("规章\n"))
		if got := reg.valuesAbove(at); got != tc.want {
			t.Errorf("valuesAbove in %q = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestOnlyValuesLine: table 四's one line of values, found without its
// header words; none where there are two such lines, or only a date.
func TestOnlyValuesLine(t *testing.T) {
	for _, tc := range []struct {
		text, want string
	}{
		{"结果 维 结果 纠\n持    正\n0    0    0    0    0 0      0   0    0    0   0    0    0    0    0", "0    0    0    0    0 0      0   0    0    0   0    0    0    0    0"},
		{"结果维持\n1 2 3 4 5\n6 7 8 9 10", ""},            // two lines: which one?
		{"结果维持\n2024-01-15\n第 3 页", ""},                // a date, a page number
		{"结果维持\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 合计", ""}, // words among the values
	} {
		var lines []lineT
		for i, l := range strings.Split(tc.text, "\n") {
			lines = append(lines, lineT{No: i + 1, Text: l})
		}
		got, _ := newRegion(lines, nil).onlyValuesLine(5)
		if strings.TrimSpace(got) != tc.want {
			t.Errorf("onlyValuesLine(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestReadRowTotalOrOther: an HTML row of six numbers and a blank last
// cell, whose sixth number is the sum of the five before it, is a row one
// cell short whose last number is the total (SPEC §2.2), or one whose
// total was left blank: other and total both stay null, with a note. Any
// other such row reads as the page shows it.
func TestReadRowTotalOrOther(t *testing.T) {
	for _, tc := range []struct {
		text, want string
		note       bool
	}{
		{"11\t0\t0\t0\t0\t11\t", "11 0 0 0 0 - -", true},
		{"3\t1\t0\t0\t0\t4\t", "3 1 0 0 0 - -", true},
		{"3\t1\t0\t0\t0\t5\t", "3 1 0 0 0 5 -", false},
		{"0\t0\t0\t0\t0\t0\t", "0 0 0 0 0 0 -", false}, // all zeros: as the page shows them
		{"258\t12\t\t\t1\t1\t", "258 12 - - 1 1 -", false},
	} {
		rv := readRow(tc.text, 7, nil, rowLayout{shortRule: true, exact: true})
		if g := valuesString(rv); g != tc.want || (rv.note != "") != tc.note {
			t.Errorf("readRow(%q) = %s (note %q), want %s (note: %v)", tc.text, g, rv.note, tc.want, tc.note)
		}
	}
}

// TestSpacedValues: a row's values in one field apart by spaces are its
// fields when every word is a value (zero marks too); words among them
// leave the field as it is.
func TestSpacedValues(t *testing.T) {
	for _, tc := range []struct {
		fields []string
		want   string
	}{
		{[]string{"23   0   无   0   无   无 23"}, "23|0|无|0|无|无|23"},
		{[]string{"", "/   /   /   0   0   /   /"}, "/|/|/|0|0|/|/"},
		{[]string{"23 0 合计 23"}, "23 0 合计 23"},
		{[]string{"23", "0 0"}, "23|0 0"}, // two fields: cells already
		{[]string{"230"}, "230"},
	} {
		if got := strings.Join(spacedValues(tc.fields, nil), "|"); got != tc.want {
			t.Errorf("spacedValues(%q) = %q, want %q", tc.fields, got, tc.want)
		}
	}
}

// TestLeadingZeroMark: a row laid out by spaces whose first value is a
// zero mark (/ or —) keeps it: it is not taken for the rest of the label.
func TestLeadingZeroMark(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"属于国家秘密  /   /   /   0   0   /   /", "/   /   /   0   0   /   /"},
		{"属于国家秘密  —  1  0  0  0  0  1", "—  1  0  0  0  0  1"},
		{"属于国家秘密（含/不含）\t1\t0", "1\t0"},
	} {
		reg := newRegion([]lineT{{No: 1, Text: tc.line}}, nil)
		if got := strings.TrimSpace(reg.valueText(len([]rune("属于国家秘密")), len(reg.text), "")); got != tc.want {
			t.Errorf("values of %q = %q, want %q", tc.line, got, tc.want)
		}
	}
}

// TestReadRowLaidShort: in text laid out by spaces a row one number short
// follows SPEC §2.2 (the last number the total, other null) only where the
// last number is the sum of the others; otherwise the blank may be the
// total, and the row is not read.
func TestReadRowLaidShort(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"3  1  0  0  0  4", "3 1 0 0 0 - 4"},
		{"0  0  0  0  0  0", "0 0 0 0 0 - 0"},
		{"0  0  0  0  0  1", ""},
		{"3  1  0  0  0  5", ""},
	} {
		rv := readRow(tc.text, 7, nil, rowLayout{shortRule: true, laid: true})
		got := valuesString(rv)
		if tc.want == "" {
			if rv.note == "" || got != "- - - - - - -" {
				t.Errorf("readRow(%q) = %s (note %q), want it not read", tc.text, got, rv.note)
			}
		} else if got != tc.want {
			t.Errorf("readRow(%q) = %s, want %s", tc.text, got, tc.want)
		}
	}
}

// TestLaidZeroRows: in a laid-out table where a row one number short has
// a last number that is not the others' sum (its total blank), a row of
// zeros one short is not read by SPEC §2.2 either; where no row says so,
// it is.
func TestLaidZeroRows(t *testing.T) {
	def := report.T2021.Table("requests")
	for _, tc := range []struct {
		text string
		want string // partial's values
	}{
		{"一、本年新收政府信息公开申请数量   5  0  0  0  0  1\n（二）部分公开   0  0  0  0  0  0\n", "- - - - - - -"},
		{"一、本年新收政府信息公开申请数量   5  0  0  0  0  5\n（二）部分公开   0  0  0  0  0  0\n", "0 0 0 0 0 - 0"},
	} {
		var lines []lineT
		for i, l := range strings.Split(strings.TrimSpace(tc.text), "\n") {
			lines = append(lines, lineT{No: i + 1, Text: l, Simp: l})
		}
		reg := newRegion(lines, nil)
		reg.laid = true
		var cells report.Cells
		_, _, rows := readTable(reg, def, requestSpecs, 0, true, false, &cells)
		if got := valuesString(rows["partial"]); got != tc.want {
			t.Errorf("%q: partial %s, want %s", tc.text, got, tc.want)
		}
	}
}
