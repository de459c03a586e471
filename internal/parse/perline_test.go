package parse

import (
	"strings"
	"testing"
)

// TestPerLineRows: a table saved as text one cell per line, a blank cell
// an empty line (gone from the lines, so a gap in their numbers), is put
// back one row per line, each value in its column; a row with more values
// than columns, or words among its cells, is left as it is.
func TestPerLineRows(t *testing.T) {
	src := []string{
		"三、收到和处理政府信息公开申请情况",
		"一、本年新收政府信息公开申请数量", "821", "35", "", "", "2", "1", "859",
		"二、上年结转政府信息公开申请数量", "18", "", "", "", "", "", "18",
		"（一）予以公开", "258", "12", "", "", "1", "1", "",
		"",                                                // the paragraph after a row
		"（二）部分公开", "3", "0", "0", "0", "0", "0", "3", "9", // more values than columns
		"（三）不予公开", "1", "合计", "0", "0", "0", "0", "1", // words among the cells
	}
	var lines []lineT
	for i, s := range src {
		if s != "" { // as toLines drops them
			lines = append(lines, lineT{No: i + 1, Text: s, Simp: s})
		}
	}
	out, ok := perLineRows(lines, 7, 3)
	if !ok {
		t.Fatal("not taken for rows one cell per line")
	}
	var got []string
	for _, l := range out {
		if l.Placed && !strings.HasPrefix(l.Text, "合计") { // words among cells start a row of no label
			got = append(got, l.Text)
		}
	}
	want := []string{
		"一、本年新收政府信息公开申请数量\t821\t35\t\t\t2\t1\t859",
		"二、上年结转政府信息公开申请数量\t18\t\t\t\t\t\t18",
		"（一）予以公开\t258\t12\t\t\t1\t1\t",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("placed rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, ok := perLineRows(lines[:9], 7, 3); ok {
		t.Error("two rows taken for the shape")
	}
}

// TestPerLineReview: table 四's one row, after its last header word, its
// fifteen cells one per line with blanks as empty lines.
func TestPerLineReview(t *testing.T) {
	src := []string{"行政复议", "结果维持", "总计", "5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", "", "五、存在的主要问题及改进情况"}
	var lines []lineT
	for i, s := range src {
		if s != "" {
			lines = append(lines, lineT{No: i + 1, Text: s, Simp: s})
		}
	}
	out, ok := perLineRows(lines, 15, 1)
	if !ok || !out[2].Placed || out[2].Text != "总计\t5\t\t\t2\t7\t8\t\t\t1\t9\t\t\t\t\t" {
		t.Errorf("table 四 one cell per line: %v %q", ok, out[2].Text)
	}
}
