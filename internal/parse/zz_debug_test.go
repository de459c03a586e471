package parse

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDebugRelayout(t *testing.T) {
	f := os.Getenv("RELAYOUT")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	var lines []lineT
	for i, l := range strings.Split(string(data), "\n") {
		lines = append(lines, lineT{No: i + 1, Text: l, Simp: string(simplifyRunes([]rune(l)))})
	}
	a, b := 0, len(lines)
	for i, l := range lines {
		if strings.Contains(l.Text, "三、收到和处理") {
			a = i
		}
		if strings.Contains(l.Text, "政府信息公开行政复议") {
			b = i
		}
	}
	fmt.Println("laidOut", a, b, laidOut(lines[a:b]))
	for _, l := range relayout(lines[a:b], requestSpecs) {
		if l.Text != "" {
			fmt.Printf("%4d|%s\n", l.No, l.Text)
		}
	}
}

func TestZZDebugReview(t *testing.T) {
	f := os.Getenv("REVIEW")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	var lines []lineT
	in := false
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, "四、政府信息公开行政复议") {
			in = true
		}
		if strings.Contains(l, "五、") {
			in = false
		}
		if in {
			lines = append(lines, lineT{No: i + 1, Text: l, Simp: string(simplifyRunes([]rune(l)))})
		}
	}
	reg := newRegion(lines, nil)
	locs := reviewHeadEnd.FindAllStringIndex(reg.k.key)
	fmt.Println("key", reg.k.key)
	for _, l := range locs {
		_, end := reg.k.span(l[0], l[1])
		fmt.Printf("loc %v %q\n", l, reg.valueText(end, len(reg.text), ""))
	}
	s, _ := reg.onlyValuesLine(5)
	fmt.Printf("only %q\n", s)
}
