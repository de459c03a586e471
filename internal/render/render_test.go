package render

import (
	"strings"
	"testing"

	"gongkai/internal/report"
)

func TestPageURL(t *testing.T) {
	for _, tt := range []struct{ path, target, want string }{
		{"", "", "./"},
		{"", "agencies/x/", "agencies/x/"},
		{"agencies/x/", "", "../../"},
		{"agencies/x/2023/", "assets/app.1.css", "../../../assets/app.1.css"},
	} {
		p := newPage(&Input{}, tt.path, "", "")
		if got := p.URL(tt.target); got != tt.want {
			t.Errorf("from %q to %q: %q, want %q", tt.path, tt.target, got, tt.want)
		}
	}
}

func TestRequestsTableLayout(t *testing.T) {
	for _, tmpl := range []string{"2019", "2021"} {
		r := &report.Report{Template: tmpl, Tables: report.CellsOf(map[string]float64{"requests.new.total": 73}),
			Checks: []report.Check{{ID: "narrative.requests", Status: report.Warn, Message: "64 ≠ 73", Cells: []string{"requests.new.total"}}}}
		var req TableView
		for _, tv := range Tables(r) {
			if tv.Key == "requests" {
				req = tv
			}
		}
		rows := req.Bodies[0]
		def := r.TemplateDef().Table("requests")
		if len(rows) != len(def.Rows) {
			t.Fatalf("%s: %d rows, want %d", tmpl, len(rows), len(def.Rows))
		}
		// Every row spans the same number of columns once rowspans are counted.
		width := 0
		covered := map[[2]int]bool{}
		for i, row := range rows {
			col := 0
			for _, c := range row {
				for covered[[2]int{i, col}] {
					col++
				}
				span := max(c.Colspan, 1)
				for k := 1; k < max(c.Rowspan, 1); k++ {
					for s := 0; s < span; s++ {
						covered[[2]int{i + k, col + s}] = true
					}
				}
				col += span
			}
			for covered[[2]int{i, col}] {
				col++
			}
			if i == 0 {
				width = col
			} else if col != width {
				t.Errorf("%s row %d (%s) is %d wide, want %d", tmpl, i, def.Rows[i].Key, col, width)
			}
		}
		first := rows[0][len(rows[0])-1]
		if first.Path != "requests.new.total" || first.Text != "73" || !strings.Contains(first.Class, "flag-warn") || len(first.Notes) != 1 {
			t.Errorf("%s: flagged cell %+v", tmpl, first)
		}
		if c := rows[0][1]; !c.Null || c.Text != "" {
			t.Errorf("%s: null cell rendered %+v", tmpl, c)
		}
		if len(req.Notes) != 1 || req.Notes[0].Message != "64 ≠ 73" {
			t.Errorf("%s: notes %+v", tmpl, req.Notes)
		}
	}
}

func TestBadgeSVG(t *testing.T) {
	for _, tt := range []struct {
		badge, want string
	}{{report.Pass, "2023 通过"}, {report.Warn, "2023 警告"}, {report.Fail, "2023 未通过"}} {
		r := &report.Report{Agency: `<x>&"区`, Year: 2023, Badge: tt.badge}
		got := string(BadgeSVG(r))
		if !strings.Contains(got, tt.want) || strings.Contains(got, "<x>") || got != string(BadgeSVG(r)) {
			t.Errorf("%s: %s", tt.badge, got)
		}
	}
}

func TestBuildDate(t *testing.T) {
	reps := []*report.Report{{Year: 2020}, {Year: 2023, Period: &report.Period{To: "2023-12-31"}}}
	if got := BuildDate("", reps); got != "2023-12-31" {
		t.Errorf("derived %q", got)
	}
	if got := BuildDate("2024-05-01", reps); got != "2024-05-01" {
		t.Errorf("configured %q", got)
	}
	if got := BuildDate("", nil); got != "1970-01-01" {
		t.Errorf("empty %q", got)
	}
}
