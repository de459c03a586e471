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

// TestYearKey: a year page's key changes with the key of an agency that
// reported that year, and not with an agency that did not.
func TestYearKey(t *testing.T) {
	var reps []*report.Report
	for _, x := range []struct {
		name string
		year int
	}{{"甲县教育局", 2022}, {"甲县教育局", 2023}, {"乙县教育局", 2023}} {
		reps = append(reps, &report.Report{Schema: report.Schema, Agency: x.name, AgencyAsWritten: x.name, Year: x.year, Template: "2021",
			Tables: report.Cells{}, Source: report.Source{Path: x.name + ".txt"}})
	}
	c := aggregate.Build(reps, aggregate.Options{})
	in := &Input{Corpus: c, AgencyKeys: map[*aggregate.Agency]string{}}
	var yi *aggregate.Agency
	for _, a := range c.Agencies {
		in.AgencyKeys[a] = "k1"
		if a.Name == "乙县教育局" {
			yi = a
		}
	}
	if len(c.Years) != 2 || yi == nil {
		t.Fatalf("years %d", len(c.Years))
	}
	key := func(y *aggregate.Year) string {
		k, ok := yearKey(in, y)
		if !ok {
			t.Fatalf("%d: no key", y.Year)
		}
		return k
	}
	k22, k23 := key(c.Years[0]), key(c.Years[1])
	in.AgencyKeys[yi] = "k2" // reported 2023 only
	if key(c.Years[0]) != k22 || key(c.Years[1]) == k23 {
		t.Errorf("乙县教育局 changed: 2022 key changed %v (want false), 2023 %v (want true)", key(c.Years[0]) != k22, key(c.Years[1]) != k23)
	}
	delete(in.AgencyKeys, yi)
	if _, ok := yearKey(in, c.Years[1]); ok {
		t.Error("a key without the key of an agency of the year")
	}
}
