package aggregate

import (
	"fmt"
	"sort"
	"strings"

	"gongkai/internal/region"
	"gongkai/internal/report"
	"gongkai/internal/slug"
	"gongkai/internal/stats"
)

// Region is one place of the administrative tree with the agencies under it.
type Region struct {
	Slug   string
	Name   string   // the place itself, e.g. 井陉矿区
	Level  string   // region.Province … region.Township, or ""
	Path   []string // place names, outermost first, ending with Name
	Parent *Region
	// Children are the places directly under this one, by slug (pinyin).
	Children []*Region
	// Agencies are the agencies whose path ends here, by slug.
	Agencies []*Agency
	// Gov is the region's own government (井陉矿区政府, 阜新市海州区), if
	// one of Agencies is named so.
	Gov *Agency
	// Page tells whether the place has a page of its own: it covers two
	// agencies or more. A place of one agency (most townships) would
	// repeat that agency's page.
	Page bool
}

// Title is the path joined for display: 河北省 › 石家庄市 › 井陉矿区.
func (r *Region) Title() string { return strings.Join(r.Path, " › ") }

// All returns the agencies at or under the region, by slug.
func (r *Region) All() []*Agency {
	var out []*Agency
	var walk func(*Region)
	walk = func(x *Region) {
		out = append(out, x.Agencies...)
		for _, c := range x.Children {
			walk(c)
		}
	}
	walk(r)
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out
}

// Ancestors returns the regions above r, outermost first.
func (r *Region) Ancestors() []*Region {
	var out []*Region
	for p := r.Parent; p != nil; p = p.Parent {
		out = append([]*Region{p}, out...)
	}
	return out
}

// regionPath picks an agency's path: config.yaml first (by the agency's
// name or any name it was written as), then the front matter of its newest
// report that has one, then the places its name starts with.
func regionPath(a *Agency, configured map[string]string, opt Options) []region.Place {
	for _, n := range append([]string{a.Name}, a.Names...) {
		if p, ok := configured[NameKey(n)]; ok {
			return region.ParsePath(p)
		}
	}
	for i := len(a.Reports) - 1; i >= 0; i-- {
		r := a.Reports[i]
		for _, s := range append([]report.Source{r.Source}, r.Sources...) {
			if p := opt.FrontMatter[s.Path]; p != "" {
				return region.ParsePath(p)
			}
		}
	}
	return region.FromName(a.Name)
}

// buildRegions places every agency in the tree, gives regions slugs and
// finds each region's government.
func buildRegions(c *Corpus, opt Options) {
	c.RegionOf = map[*Agency]*Region{}
	c.RegionBySlug = map[string]*Region{}
	byKey := map[string]*Region{}
	var get func(places []region.Place) *Region
	get = func(places []region.Place) *Region {
		names := make([]string, len(places))
		for i, p := range places {
			names[i] = p.Name
		}
		key := strings.Join(names, "/")
		if r := byKey[key]; r != nil {
			return r
		}
		last := places[len(places)-1]
		r := &Region{Name: last.Name, Level: last.Level, Path: names}
		if len(places) > 1 {
			r.Parent = get(places[:len(places)-1])
			r.Parent.Children = append(r.Parent.Children, r)
		}
		byKey[key] = r
		return r
	}
	// config.yaml by matching key; of two names with one key, the first in order wins
	names := make([]string, 0, len(opt.Regions))
	for n := range opt.Regions {
		names = append(names, n)
	}
	sort.Strings(names)
	configured := map[string]string{}
	for _, n := range names {
		if k := NameKey(n); configured[k] == "" {
			configured[k] = opt.Regions[n]
		}
	}
	for _, a := range c.Agencies { // by slug
		places := regionPath(a, configured, opt)
		if len(places) == 0 {
			continue
		}
		r := get(places)
		r.Agencies = append(r.Agencies, a)
		c.RegionOf[a] = r
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	taken := map[string]bool{}
	for _, k := range keys {
		r := byKey[k]
		base := slug.Make(strings.Join(r.Path, ""))
		s := base
		for n := 2; taken[s]; n++ {
			s = fmt.Sprintf("%s-%d", base, n)
		}
		taken[s] = true
		r.Slug = s
		c.RegionBySlug[s] = r
		c.Regions = append(c.Regions, r)
		for _, a := range r.Agencies {
			if r.Gov == nil && isGovernment(a, r) {
				r.Gov = a
			}
		}
	}
	for _, r := range c.Regions { // in pinyin order, like the slugs
		sort.Slice(r.Children, func(i, j int) bool { return r.Children[i].Slug < r.Children[j].Slug })
		r.Page = len(r.All()) >= 2
	}
}

// isGovernment reports whether a is the government of r: its name is the
// place (with or without the places above it) plus 人民政府 / 政府 /
// 管委会, or the place alone.
func isGovernment(a *Agency, r *Region) bool {
	for i := len(r.Path) - 1; i >= 0; i-- {
		place := NameKey(strings.Join(r.Path[i:], ""))
		for _, suffix := range []string{"", "政府", "管委会", "管理委员会"} {
			if a.Key == place+suffix {
				return true
			}
		}
	}
	return false
}

// regionFigures are compared by region.sum.
var regionFigures = []stats.Figure{stats.New, stats.Handled, stats.Review, stats.Litigation}

// regionChecks appends region.sum to every report: for a region's
// government, its figures against the sum of the other agencies under the
// region in the same year (SPEC §3; pass when equal, info when not, skip
// when there is nothing to compare); skip for every other report.
func regionChecks(c *Corpus) {
	govOf := map[*Agency]*Region{}
	for _, r := range c.Regions {
		if r.Gov != nil {
			govOf[r.Gov] = r
		}
	}
	for _, a := range c.Agencies {
		reg := govOf[a]
		for _, r := range a.Reports {
			var ch report.Check
			if reg == nil {
				ch = report.Check{ID: "region.sum", Status: report.Skip, Message: "不是地区政府本级的报告", English: "not a regional government's own report"}
			} else {
				ch = RegionSum(reg, r)
			}
			r.Checks = append(r.Checks, ch)
		}
	}
}

// RegionSum compares the government report r of region reg with the sum of
// the other agencies' reports under reg for the same year. An agency with
// two disagreeing reports for the year is left out (and named).
func RegionSum(reg *Region, r *report.Report) report.Check {
	const id = "region.sum"
	if r.Year == 0 {
		return report.Check{ID: id, Status: report.Skip, Message: "报告年度不明", English: "no year"}
	}
	var others []*report.Report
	var left []string
	for _, a := range reg.All() {
		if a == reg.Gov {
			continue
		}
		var same []*report.Report
		for _, o := range a.Reports {
			if o.Year == r.Year {
				same = append(same, o)
			}
		}
		switch len(same) {
		case 0:
		case 1:
			others = append(others, same[0])
		default:
			left = append(left, a.Name)
		}
	}
	if len(others) == 0 {
		return report.Check{ID: id, Status: report.Skip, Message: fmt.Sprintf("%s辖区内没有其他机关 %d 年度的报告，无法比对", reg.Name, r.Year),
			English: fmt.Sprintf("no other agency under %s reported for %d", reg.Name, r.Year)}
	}
	var parts, en []string
	compared, equal := 0, 0
	for _, f := range regionFigures {
		own := f.Get(r)
		sum := stats.Sum(f, others)
		if own == nil || sum.N == 0 {
			continue
		}
		msg := fmt.Sprintf("%s：本级 %s，辖区内其他 %d 个机关合计 %s", f.Label, report.FormatNumber(*own), sum.N, report.FormatNumber(sum.Sum))
		e := fmt.Sprintf("%s: own %s, %d other agencies %s", f.English, report.FormatNumber(*own), sum.N, report.FormatNumber(sum.Sum))
		if sum.Missing > 0 {
			msg += fmt.Sprintf("（另有 %d 份未填写）", sum.Missing)
			e += fmt.Sprintf(" (%d more left it blank)", sum.Missing)
		} else {
			compared++
			if *own == sum.Sum {
				equal++
			}
		}
		parts = append(parts, msg)
		en = append(en, e)
	}
	if len(parts) == 0 {
		return report.Check{ID: id, Status: report.Skip, Message: "有关单元格未填写，无法比对", English: "the cells to compare are blank"}
	}
	if len(left) > 0 {
		parts = append(parts, "未计入（同年有两份不同报告）："+strings.Join(left, "、"))
		en = append(en, "left out (two different reports that year): "+strings.Join(left, ", "))
	}
	status := report.Info
	if compared > 0 && equal == compared && len(left) == 0 {
		status = report.Pass
	}
	return report.Check{ID: id, Status: status, Message: strings.Join(parts, "；"), English: strings.Join(en, "; ")}
}
