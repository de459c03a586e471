package render

import (
	"encoding/json"

	"gongkai/internal/stats"
)

// CompareFigure is a figure as the compare script reads it: the cell
// paths per template whose sum is the figure (SPEC §2 paths; "derived."
// paths are in a report's "derived" object).
type CompareFigure struct {
	Key   string              `json:"key"`
	Label string              `json:"label"`
	Paths map[string][]string `json:"paths"`
	Share bool                `json:"share,omitempty"` // also shown as a share of all handled requests
}

// CompareFigures are the rows of the compare view, in order.
func CompareFigures() []CompareFigure {
	share := map[string]bool{}
	for _, f := range stats.Outcomes {
		share[f.Key] = true
	}
	var out []CompareFigure
	for _, f := range append(append([]stats.Figure{}, stats.Requests...), stats.Review, stats.Corrected, stats.Litigation) {
		out = append(out, CompareFigure{Key: f.Key, Label: f.Label, Paths: f.Paths, Share: share[f.Key]})
	}
	return out
}

// ComparePage is /compare/: filled in the browser from the agencies' data.json.
type ComparePage struct {
	Page
	FiguresJSON string       // CompareFigures as JSON, for the script (a data attribute: no inline script)
	Agencies    []AgencyItem // for the page without scripts, when they fit on one page
	Index       string       // link to agencies/index.json
}

func comparePage(in *Input) *ComparePage {
	p := &ComparePage{Page: newPage(in, "compare/", "机关对比", "compare")}
	b, _ := json.Marshal(CompareFigures()) // strings only
	p.FiguresJSON = string(b)
	p.Desc = "把两个或更多机关的历年政府信息公开年度报告数据并排比较"
	if len(in.Corpus.Agencies) <= PageSize {
		// More would make a national corpus's compare page 10 MB of a list
		// most never see; without scripts it links the paged list instead.
		p.Agencies = agencyItems(&p.Page, in.Corpus.Agencies)
	}
	p.Index = p.URL("agencies/index.json")
	return p
}

// IndexEntry is one agency in /agencies/index.json, the compare view's picker.
type IndexEntry struct {
	Slug     string   `json:"slug"`
	Name     string   `json:"name"`
	Names    []string `json:"names"`
	Pinyin   string   `json:"pinyin"`
	Initials string   `json:"initials"`
	Years    []int    `json:"years"`
	Badge    string   `json:"badge"`
	Region   []string `json:"region"`
}

// agencyIndex is /agencies/index.json: every agency by slug.
func agencyIndex(in *Input) []byte {
	doc := struct {
		Schema   string       `json:"schema"`
		Agencies []IndexEntry `json:"agencies"`
	}{Schema: "gongkai.agencies/1", Agencies: []IndexEntry{}}
	for _, a := range in.Corpus.Agencies {
		e := IndexEntry{Slug: a.Slug, Name: a.Name, Names: a.Names, Pinyin: a.Pinyin, Initials: a.Initials,
			Years: a.Years(), Badge: a.Latest().Badge, Region: []string{}}
		if e.Names == nil {
			e.Names = []string{}
		}
		if e.Years == nil {
			e.Years = []int{}
		}
		if r := in.Corpus.RegionOf[a]; r != nil {
			e.Region = r.Path
		}
		doc.Agencies = append(doc.Agencies, e)
	}
	b, _ := json.Marshal(doc) // strings and numbers only
	return append(b, '\n')
}
