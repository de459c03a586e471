package validate

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gongkai/internal/report"
	"gongkai/internal/textnorm"
)

// Counts of applications as the prose states them: 共受理政府信息公开申请20件,
// 办理依申请公开64件, 其中依申请公开12件, 未收到政府信息公开申请.
var (
	narrativeCount = regexp.MustCompile(`(?:收到|受理|办理|处理|新收|接收|接到)(?:了)?([^。；;，,！]{0,16}?)(\d+)件`)
	narrativeOwn   = regexp.MustCompile(`依申请公开(?:政府信息)?(?:申请)?(?:共计|共|为)?(\d+)件`)
	narrativeNone  = regexp.MustCompile(`(?:未|没有)(?:收到|受理|发生)[^。；;，,]{0,10}申请`)
)

// NarrativeCounts returns the application counts stated in the prose, in order.
func NarrativeCounts(r *report.Report) []int {
	var out []int
	for _, s := range r.Sections {
		if s.Number == 4 {
			continue // 行政复议 counts are not applications
		}
		for _, sentence := range strings.Split(s.Text, "。") {
			if strings.Contains(sentence, "申请") || strings.Contains(sentence, "申請") {
				out = append(out, sentenceCounts(sentence)...)
			}
		}
	}
	return out
}

// sentenceCounts reads the counts of one sentence that mentions applications.
func sentenceCounts(sentence string) []int {
	var out []int
	text := strings.Join(strings.Fields(textnorm.Fold(textnorm.ToSimplified(sentence))), "")
	// Each pattern needs a word a sentence often lacks: the regular
	// expressions, not the check, were most of checking a report.
	if strings.Contains(text, "件") {
		for _, m := range narrativeCount.FindAllStringSubmatch(text, -1) {
			if strings.Contains(m[1], "申请") || strings.Contains(m[1], "依申请") {
				n, _ := strconv.Atoi(m[2])
				out = append(out, n)
			}
		}
		for _, m := range narrativeOwn.FindAllStringSubmatch(text, -1) {
			n, _ := strconv.Atoi(m[1])
			if !slices.Contains(out, n) { // the same phrase may match both patterns
				out = append(out, n)
			}
		}
	}
	if (strings.Contains(text, "未") || strings.Contains(text, "没有")) && narrativeNone.MatchString(text) {
		out = append(out, 0)
	}
	return out
}

func narrative(r *report.Report) report.Check {
	const id = "narrative.requests"
	counts := NarrativeCounts(r)
	total, ok := r.Tables.Get("requests.new.total")
	if len(counts) == 0 || !ok {
		return report.Check{ID: id, Status: report.Skip, Message: "正文未写明申请数量"}
	}
	carried, _ := r.Tables.Get("requests.carried_over.total")
	for _, c := range counts {
		if near(float64(c), total) || near(float64(c), total+carried) {
			return report.Check{ID: id, Status: report.Pass, Message: fmt.Sprintf("正文所述申请数 %d 与表三一致", c)}
		}
	}
	return report.Check{ID: id, Status: report.Warn,
		Message: fmt.Sprintf("正文称申请 %d 件，但表三 本年新收·总计 为 %s", counts[0], fmtN(total)),
		English: fmt.Sprintf("the prose states %d applications, but table 3 gives %s new requests", counts[0], fmtN(total)),
		Cells:   []string{"requests.new.total"}}
}
