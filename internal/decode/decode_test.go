package decode

import (
	"strings"
	"testing"
)

func TestHTMLGrid(t *testing.T) {
	doc, err := File("x.html", []byte(`<table>
<tr><td rowspan=2 colspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>1</td><td colspan=2>&nbsp;</td></tr>
<tr><td>（二）部分<p>公开</p></td><td></td><td>2</td><td>3</td></tr>
</table><p>正文<br>第二行</p>`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range doc.Lines {
		got = append(got, strings.Join(l.Cells, "|"))
	}
	want := []string{"三、本年度办理结果|（一）予以公开|1|", "三、本年度办理结果|（二）部分公开||2|3", "正文", "第二行"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines (-want +got):\n-%q\n+%q", want, got)
	}
}

// TestLayoutTables: a page laid out in tables reads its report's tables as
// grids and its layout cells as lines of text; a small table in a cell of a
// report table still adds its text to that cell.
func TestLayoutTables(t *testing.T) {
	rows := `<table><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>6</td></tr><tr><td>行政许可</td><td>12</td></tr></table>`
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"article in a layout cell",
			`<table><tr><td>首页 | 访问量 123</td></tr><tr><td><table><tr><td>链接</td></tr></table></td><td><p>一、总体情况</p>` + rows + `<p>五、存在的主要问题</p></td></tr></table>`,
			[]string{"首页 | 访问量 123", "链接", "一、总体情况", "规章|0", "规范性文件|6", "行政许可|12", "五、存在的主要问题"}},
		{"small table in a cell",
			`<table><tr><td>规章</td><td><table><tr><td>0</td></tr></table></td></tr><tr><td>规范性文件</td><td>6</td></tr></table>`,
			[]string{"规章|0", "规范性文件|6"}},
		{"a table after an unclosed one", // not nested: it starts outside a cell
			`<table><tr><td>说明</td></tr>` + rows,
			[]string{"说明", "规章|0", "规范性文件|6", "行政许可|12"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkLines(t, "x.html", tc.in, tc.want, func(Line) bool { return true })
		})
	}
}

// TestHTMLTableInText: an HTML table in Markdown or text is read as HTML
// rows; a "<table" that is never closed leaves the text as it is.
func TestHTMLTableInText(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"markdown", "# 某区2023年报告\n\n正文\n\n<table style=\"padding: 5px\">\n<tr><td colspan=\"3\">规章</td><td>0</td></tr>\n<tr><td>规范性文件</td><td>6</td></tr></table>\n\n五、问题\n",
			[]string{"# 某区2023年报告", "正文", "规章|0", "规范性文件|6", "五、问题"}},
		{"never closed", "说明：<table 标签\n第二行\n第三行\n",
			[]string{"说明：<table 标签", "第二行", "第三行"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkLines(t, "x.md", tc.in, tc.want, func(l Line) bool { return strings.Join(l.Cells, "") != "" })
		})
	}
}

func TestCellPerLine(t *testing.T) {
	in := "標題\n|\n規章 |\n0 |\n1 | ||\n|\n行政規范性文件 |\n2 |\n三、收到\n"
	doc, err := File("x.txt", []byte(in+"|\n|\n|\n|\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range doc.Lines {
		got = append(got, strings.Join(l.Cells, "|"))
	}
	if got[1] != "規章|0|1" || got[2] != "行政規范性文件|2" || !doc.Exact {
		t.Errorf("got %q", got)
	}
}

// checkLines decodes in as a file called name and compares the lines that
// keep accepts, their cells joined by "|", with want.
func checkLines(t *testing.T, name, in string, want []string, keep func(Line) bool) {
	t.Helper()
	doc, err := File(name, []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range doc.Lines {
		if keep(l) {
			got = append(got, strings.Join(l.Cells, "|"))
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines (-want +got):\n-%q\n+%q", want, got)
	}
}

// TestCellPerLineBlanks: where the row markers start their lines, an
// indented " |" is a blank cell of the row; where the markers themselves
// are indented, it is a marker.
func TestCellPerLineBlanks(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"blank cell", "|\n規章 |\n13 |\n |\n524 |\n|\n行政許可 |\n |\n |\n",
			[]string{"規章|13||524", "行政許可||"}},
		{"blank cells at the end", "|\n(二)部分公開 |\n3 |\n |\n |\n|\n(三)不予公開 |\n",
			[]string{"(二)部分公開|3||", "(三)不予公開"}},
		{"indented markers", " |\n規章 |\n13 |\n |\n524 |\n |\n行政許可 |\n",
			[]string{"規章|13", "524", "行政許可"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkLines(t, "x.txt", "標題\n"+tc.in+"|\n|\n|\n|\n", tc.want, func(l Line) bool { return l.Row && len(l.Cells) > 0 })
		})
	}
}

func TestEncodings(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		enc  string
		want string
	}{
		{[]byte("\xEF\xBB\xBF报告\r\n"), "utf-8", "报告\n"},
		{[]byte{0xb1, 0xa8, 0xb8, 0xe6, '\r'}, "gb18030", "报告\n"},
	} {
		s, enc, err := Bytes(tc.in)
		if err != nil || enc != tc.enc || s != tc.want {
			t.Errorf("Bytes(%q) = %q, %q, %v; want %q, %q", tc.in, s, enc, err, tc.want, tc.enc)
		}
	}
}

func FuzzFile(f *testing.F) {
	f.Add([]byte("<table><tr><td rowspan=9999 colspan=9999>x</td></tr></table>"), true)
	f.Add([]byte("|\n0 |\n|\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, html bool) {
		name := "f.txt"
		if html {
			name = "f.html"
		}
		doc, err := File(name, data)
		if err != nil {
			return
		}
		for _, l := range doc.Lines {
			if len(l.Cells) == 0 {
				t.Fatal("line without cells")
			}
		}
	})
}
