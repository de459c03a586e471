package render

import (
	"testing"

	"gongkai/internal/aggregate"
	"gongkai/internal/report"
)

// TestRegionKey: a region page's key changes with the key of any agency at
// or under it, and only then.
func TestRegionKey(t *testing.T) {
	var reps []*report.Report
	for _, n := range []string{"甲县人民政府", "甲县教育局", "乙县教育局"} {
		reps = append(reps, &report.Report{Schema: report.Schema, Agency: n, AgencyAsWritten: n, Year: 2022, Template: "2021",
			Tables: report.Cells{}, Source: report.Source{Path: n + ".txt"}})
	}
	c := aggregate.Build(reps, aggregate.Options{})
	in := &Input{Corpus: c, AgencyKeys: map[*aggregate.Agency]string{}}
	var edu *aggregate.Agency
	for _, a := range c.Agencies {
		in.AgencyKeys[a] = "k1"
		if a.Name == "甲县教育局" {
			edu = a
		}
	}
	if len(c.Regions) < 2 || edu == nil || c.RegionOf[edu] == nil {
		t.Fatalf("regions %d, 甲县教育局 %v", len(c.Regions), edu)
	}
	keys := func() map[string]string {
		m := map[string]string{}
		for _, reg := range c.Regions {
			k, ok := regionKey(in, reg)
			if !ok {
				t.Fatalf("%s: no key", reg.Slug)
			}
			m[reg.Slug] = k
		}
		return m
	}
	before := keys()
	in.AgencyKeys[edu] = "k2"
	after := keys()
	for _, reg := range c.Regions {
		under := false
		for _, a := range reg.All() {
			under = under || a == edu
		}
		if changed := before[reg.Slug] != after[reg.Slug]; changed != under {
			t.Errorf("%s: key changed %v, has 甲县教育局 under it %v", reg.Slug, changed, under)
		}
	}
	delete(in.AgencyKeys, edu)
	if _, ok := regionKey(in, c.RegionOf[edu]); ok {
		t.Error("a key without the key of an agency under the region")
	}
}
