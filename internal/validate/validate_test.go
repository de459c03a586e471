package validate

import (
	"reflect"
	"strings"
	"testing"

	"gongkai/internal/report"
)

// full returns a consistent 2021 report: 10 new requests from natural
// persons, 8 granted and 2 carried forward.
func full() *report.Report {
	r := &report.Report{Year: 2023, Template: "2021", Tables: report.Cells{}}
	for _, p := range report.T2021.Paths() {
		r.Tables.Set(p, 0)
	}
	for _, row := range []string{"new"} {
		r.Tables.Set("requests."+row+".natural", 10)
		r.Tables.Set("requests."+row+".total", 10)
	}
	for _, row := range []string{"granted", "total"} {
		r.Tables.Set("requests."+row+".natural", 8)
		r.Tables.Set("requests."+row+".total", 8)
	}
	r.Tables.Set("requests.carried_forward.natural", 2)
	r.Tables.Set("requests.carried_forward.total", 2)
	for i := 1; i <= 6; i++ {
		r.Sections = append(r.Sections, report.Section{Number: i})
	}
	return r
}

func check(r *report.Report, id string) report.Check {
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	return report.Check{}
}

func TestChecks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(*report.Report)
		id      string
		status  string
		message string   // part of the message
		cells   []string // nil: not checked
		badge   string
	}{
		{"consistent", func(*report.Report) {}, "requests.balance", "pass", "", nil, "pass"},
		{"balance broken", func(r *report.Report) { r.Tables.Set("requests.carried_forward.natural", 3) }, "requests.balance", "fail",
			"自然人：新收加上年结转为 10，但办理总计加结转下年度为 11",
			[]string{"requests.new.natural", "requests.carried_over.natural", "requests.total.natural", "requests.carried_forward.natural"}, "fail"},
		{"row sum", func(r *report.Report) { r.Tables.Set("requests.new.total", 12) }, "requests.row_sum", "fail",
			"一、本年新收政府信息公开申请数量·总计 为 12，但各申请人之和为 10", nil, "fail"},
		{"outcome sum", func(r *report.Report) { r.Tables.Set("requests.total.natural", 7) }, "requests.outcome_sum", "fail",
			"（七）总计·自然人 为 7，但各项办理结果之和为 8", nil, "fail"},
		{"review row", func(r *report.Report) { r.Tables.Set("review.litigation_direct.upheld", 1) }, "review.row_sum", "fail",
			"行政诉讼未经复议直接起诉·总计 为 0，但各项结果之和为 1", nil, "fail"},
		{"null skips", func(r *report.Report) {
			for _, c := range report.RequestColumns {
				r.Tables.Delete("requests.carried_over." + c.Key)
			}
		}, "requests.balance", "skip", "", nil, "warn"},
		{"blank cell warns", func(r *report.Report) { r.Tables.Delete("review.review.total") }, "structure.cells", "warn",
			"行政复议·总计", []string{"review.review.total"}, "warn"},
		{"template of year", func(r *report.Report) { r.Year = 2020 }, "meta.template", "warn", "2020 年度报告应使用 2019 版格式", nil, "warn"},
		{"no year", func(r *report.Report) { r.Year = 0 }, "meta.year", "fail", "", nil, "fail"},
		{"missing part", func(r *report.Report) { r.Sections = r.Sections[:5] }, "structure.sections", "warn", "六、其他需要报告的事项", nil, "warn"},
		{"narrative agrees", func(r *report.Report) { r.Sections[0].Text = "全年共受理政府信息公开申请10件。" }, "narrative.requests", "pass", "", nil, "pass"},
		{"narrative differs", func(r *report.Report) {
			r.Sections[0].Text = "截至目前共依法依规办理依申请公开64件，全部按时答复。"
		}, "narrative.requests", "warn",
			"正文称申请 64 件，但表三 本年新收·总计 为 10", nil, "warn"},
		{"inferred", func(r *report.Report) { r.Inferred = []string{"requests.new.natural"} }, "structure.inferred", "warn", "1 个单元格由连续数字推断（1 行：一、本年新收政府信息公开申请数量）", []string{"requests.new.natural"}, "warn"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := full()
			tc.edit(r)
			Report(r)
			c := check(r, tc.id)
			if c.Status != tc.status || !strings.Contains(c.Message, tc.message) {
				t.Errorf("%s = %s %q, want %s containing %q", tc.id, c.Status, c.Message, tc.status, tc.message)
			}
			if tc.cells != nil && !reflect.DeepEqual(c.Cells, tc.cells) {
				t.Errorf("cells = %v, want %v", c.Cells, tc.cells)
			}
			if r.Badge != tc.badge {
				t.Errorf("badge = %s, want %s", r.Badge, tc.badge)
			}
		})
	}
}

func TestCheckOrder(t *testing.T) {
	r := full()
	Report(r)
	var ids []string
	for _, c := range r.Checks {
		ids = append(ids, c.ID)
	}
	want := []string{"structure.sections", "structure.tables", "structure.cells", "requests.balance", "requests.row_sum",
		"requests.outcome_sum", "review.row_sum", "meta.year", "meta.template", "narrative.requests", "structure.inferred"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("order %v, want SPEC order %v", ids, want)
	}
}

func TestDerived(t *testing.T) {
	r := full()
	r.Tables.Set("requests.denied_process.natural", 2)
	r.Tables.Delete("requests.denied_query.legal")
	d := Derived(r)
	if d.At("requests.denied.natural") != 2 || d.At("requests.outcomes.natural") != 10 {
		t.Errorf("denied %v outcomes %v", d.At("requests.denied.natural"), d.At("requests.outcomes.natural"))
	}
	if _, ok := d.Get("requests.denied.legal"); ok {
		t.Error("a sum over a null cell must be null")
	}
	r19 := &report.Report{Template: "2019", Tables: report.CellsOf(map[string]float64{"requests.other.total": 4})}
	if v, ok := Derived(r19).Get("requests.other.total"); !ok || v != 4 {
		t.Errorf("2019 other = %v %v", v, ok)
	}
}

func TestNarrativeCounts(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []int
	}{
		{"2023 年，全区共受理政府信息公开申请 20 件，均按规定答复。", []int{20}},
		{"共处理依申请公开、“区长信箱”、群众咨询等来信 61 件，其中依申请公开 12 件；", []int{12}},
		{"2023 年我镇未收到政府信息公开申请，未出现行政诉讼案件。", []int{0}},
		{"全年办理政府信息公开申请218件。", []int{218}},
		{"办理群众网上留言 6 件。", nil},
		{"全年收到申請15件。", []int{15}},
		{"全年办理依申请公开政府信息共计9件。", []int{9}},
	} {
		r := &report.Report{Sections: []report.Section{{Number: 1, Text: tc.text}}}
		if got := NarrativeCounts(r); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("NarrativeCounts(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
