package parse

import (
	"strings"
	"testing"
)

// laidRow lays a label and values out as pdftotext -layout does, each
// value in its column (from rune 30, five apart); "" leaves it blank.
func laidRow(label string, vals ...string) string {
	b := []rune(label + strings.Repeat(" ", 30-len([]rune(label))%30))
	for _, v := range vals {
		b = append(b, []rune(v+strings.Repeat(" ", 5-len([]rune(v))))...)
	}
	return strings.TrimRight(string(b), " ")
}

func laidLines(text string) []lineT {
	var lines []lineT
	for i, l := range strings.Split(text, "\n") {
		lines = append(lines, lineT{No: i + 1, Text: l, Simp: string(simplifyRunes([]rune(l)))})
	}
	return lines
}

// TestRelayout: each row's label put back together before its values,
// from the shapes pdftotext -layout prints; label words that may be the
// next row's, printed above its values, are left where they are.
func TestRelayout(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"words below the values",
			"   (三) 不予公开      1. 属于国家秘 0   0   0   0   0 0 0\n                    密\n                    2. 其他法律行\n                    政法规禁止公 0     0   0   0   0 0 0\n                    开\n                    3. 危及“三安 0   0   0   0   0 0 0",
			"1. 属于国家秘密  0   0   0   0   0 0 0\n2. 其他法律行政法规禁止公开  0     0   0   0   0 0 0\n3. 危及“三安  0   0   0   0   0 0 0"},
		{"a group's label beside the row's",
			"                    1. 本机关不掌\n   (四) 无法提供    握相关政府信 0   0   0   0   0 0 0\n                    息\n                    2. 没有现成信息需要另行制作 1 0 0 0 0 0 1",
			"1. 本机关不掌握相关政府信息  0   0   0   0   0 0 0\n2. 没有现成信息需要另行制作  1 0 0 0 0 0 1"},
		{"a fragment of a group's label before the row's words",
			"（六）其他处 2.申请人逾期未按收费通知要求缴纳费\n理      用、\n        0 0 0 0 0 0 0\n行政机关不再处理其政府信息公开申\n请\n3.其他   1 1 0 0 0 0 2",
			"2.申请人逾期未按收费通知要求缴纳费\n用、\n行政机关不再处理其政府信息公开申请  0 0 0 0 0 0 0\n3.其他  1 1 0 0 0 0 2"},
		{"the next row's label above its values",
			"行政许可             0     0     0\n其他对外管\n理服务事项           1     2     3\n行政处罚             4     5     6",
			"行政许可  0     0     0\n其他对外管理服务事项  1     2     3\n行政处罚  4     5     6"},
		{"words that finish the label above",
			"7. 属于行政执   0   0   0   0   0 0 0\n法案卷\n8. 属于行政查询事项   0   0   0   0   0 0 0",
			"7. 属于行政执法案卷  0   0   0   0   0 0 0\n8. 属于行政查询事项  0   0   0   0   0 0 0"},
		{"values split over two lines",
			"      （二）部分公开（区分处理的，只计这一 29\n      情形，不计其他情形）                 0   0   0   0    0   29\n         要求行政机关确认或重新出 0\n        5.\n        具已获取信息               0   0   0   0   0   0\n         本机关不掌握相关政府信息 75\n        1.                   0   0   0   0   0   75",
			"（二）部分公开（区分处理的，只计这一情形，不计其他情形）  29  0   0   0   0    0   29\n5.要求行政机关确认或重新出具已获取信息  0  0   0   0   0   0   0\n1.本机关不掌握相关政府信息  75  0   0   0   0   0   75"},
		{"values split, the second part not right of the first: two rows",
			"规章          13\n行政   0   0   0",
			"规章  13\n行政  0   0   0"},
		{"values split, the label's words between",
			"    （二）部分公开（区分处理的，只 29\n理结果 计这一情形，不计其他情形）\n                              0   0   0   0   0   29",
			"（二）部分公开（区分处理的，只理结果 计这一情形，不计其他情形）  29  0   0   0   0   0   29"},
		{"a group's label one space before the row's words",
			"                    1. 本机\n                    关不掌\n        (四) 无法提供 握相关        0   0 0   0   0 0 0\n                    政府信\n                    息\n(六) 其他处理   0 0 0 0 0 0 0",
			"                    1. 本机\n关不掌握相关政府信息  0   0 0   0   0 0 0\n(六) 其他处理  0 0 0 0 0 0 0"},
		{"a number wrapped in its cell",
			laidRow("一、本年新收政府信息公开申请数量", "１０", "０", "０", "０", "０", "０", "１０") + "\n" +
				laidRow("", "１", "", "", "", "", "", "１") + "\n" +
				laidRow("二、上年结转政府信息公开申请数量", "１", "２", "０", "０", "０", "０", "３"),
			"一、本年新收政府信息公开申请数量  101  0  0  0  0  0  101\n" +
				"二、上年结转政府信息公开申请数量  １    ２    ０    ０    ０    ０    ３"},
		{"a row's digits apart from their point",
			"        ．申请人无正当理由逾期不补正、行政机关 -\n                   1\n                   不再处理其政府信息公开申请                             -       -       -       0       0   -",
			"1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请  -  -       -       -       0       0   -"},
		{"the end of a label printed past another row's values",
			"1.申请人无正当理由逾期不补正、行政机关不再处\n理其政府信息公开申请\n（六）其他 2.申请人逾期未按收费通知要求缴纳费用、行政机\n                          3  0  0  0    0    0 3\n处理    关不再处理其政府信息公开申请          0  0  0  0    0    0 0",
			"1.申请人无正当理由逾期不补正、行政机关不再处\n理其政府信息公开申请\n（六）其他 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请  0  0  0  0    0    0 0"},
		{"a number wrapped beside a piece of a group's label",
			laidRow("1.本机关不掌握相关政府信息", "３１", "２", "０", "０", "０", "０", "３") + "\n" +
				laidRow("（四）无法", "", "", "", "", "", "", "３"),
			"1.本机关不掌握相关政府信息  31  2  0  0  0  0  33"},
		{"a row's digits alone between its label's lines",
			"            ．危及“三\n            3\n                                0   0   0   0   0   0   0\n            安全一稳定”",
			"3．危及“三\n安全一稳定”  0   0   0   0   0   0   0"},
		{"a row's number apart from its label",
			"             危及“三安全一稳定”\n            3.             0     0   0   0   0    0   0\n         申请人无正当理由逾期不补\n        1.\n        正、行政机关\n                      1      0   0   0   0   0   1\n        不再处理其政府信息公开申\n        请\n         其他\n        3.             1     1   0   0   0   0   2",
			"3.危及“三安全一稳定”\n  0     0   0   0   0    0   0\n1.申请人无正当理由逾期不补\n        正、行政机关\n不再处理其政府信息公开申请  1      0   0   0   0   0   1\n3.其他\n  1     1   0   0   0   0   2"},
	} {
		var got []string
		for _, l := range relayout(laidLines(tc.in), append(append([]rowSpec{}, requestSpecs...), activeSpecs...), 0) {
			if l.Text != "" {
				got = append(got, l.Text)
			}
		}
		if g := strings.Join(got, "\n"); g != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, g, tc.want)
		}
	}
}

// TestLaidOut: only text whose values stand apart from labels by runs of
// spaces is relaid; tab, pipe and flattened rows are not.
func TestLaidOut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"规章      0   0   0\n行政规范性文件   62  33  440\n行政许可    4529  0  1\n行政处罚   1100 0 1", true},
		{"规章\t0\t0\t0\n行政规范性文件\t62\t33\t440\n行政许可\t4529\t0\t1\n行政处罚\t1100\t0\t1", false},
		{"| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 62 | 33 | 440 |\n| 行政许可 | 4529 | 0 | 1 |", false},
		{"规章000\n行政规范性文件6233440\n行政许可4529", false},
		{"规章      0   0   0\n行政规范性文件   62  33  440", false}, // two lines: too few to tell
	} {
		if got := laidOut(laidLines(tc.in)); got != tc.want {
			t.Errorf("laidOut(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestPlaceValues: a row that prints fewer values than its columns has
// them placed by where they print, under the columns of the rows that
// print them all; a row whose values are not under one column each, or
// are wider than a column's (digits run together), is left as it is.
func TestPlaceValues(t *testing.T) {
	table := "一、本年新收    10    2    0    1    0    0   13\n" +
		"二、上年结转     1    0    0    0    0    0    1\n" +
		"（一）予以公开   8         0         0    0    8\n" + // blanks inside
		"（二）部分公开   3    2    0    1    0    0     \n" + // total blank
		"（三）不予公开   0 000000\n" + // run together
		"1.属于国家秘密                                   5\n"
	want := []string{"", "", "8||0||0|0|8", "3|2|0|1|0|0|", "", "||||||5"}
	more := laidRow("一、本年新收", "10", "2", "0", "1", "0", "0", "13") + "\n" +
		laidRow("二、上年结转", "1", "0", "0", "0", "0", "0", "1") + "\n" +
		laidRow("（二）部分公开（区分处理的，只计这一情形，不计其他", "1", "2", "0", "1", "", "0", "4") + "\n" +
		laidRow("情形）", "", "", "", "", "0", "", "") + "\n" + // the rest of the row in its blank column
		laidRow("(七 )", "1", "1", "", "", "", "", "") + "\n" + // values beside a piece of a label: this row and the next stay blank
		laidRow("总计", "1", "0", "0", "1", "0", "0", "") + "\n"
	for i, w := range []string{"", "", "1|2|0|1|0|0|4", "", "||||||", "||||||"} {
		l := relayout(laidLines(more), requestSpecs, 7)[i]
		got := ""
		if l.Placed {
			got = strings.Join(strings.Split(l.Text, "\t")[1:], "|")
		}
		if got != w {
			t.Errorf("line %d %q: placed %q, want %q", i+1, l.Text, got, w)
		}
	}
	lines := relayout(laidLines(table), requestSpecs, 7)
	for i, l := range lines[:len(want)] {
		got := ""
		if l.Placed {
			got = strings.Join(strings.Split(l.Text, "\t")[1:], "|")
		}
		if got != want[i] {
			t.Errorf("line %d %q: placed %q, want %q", i+1, l.Text, got, want[i])
		}
	}
}
