package build

import (
	"testing"

	"gongkai/internal/aggregate"
	"gongkai/internal/report"
)

// TestAgencyKeysRegionSum: a region's government's key changes with any
// agency under the region (its region.sum check adds their figures up), an
// agency's own key with its files only.
func TestAgencyKeysRegionSum(t *testing.T) {
	var reps []*report.Report
	for _, r := range []struct{ name, path string }{
		{"甲县人民政府", "gov.txt"}, {"甲县教育局", "edu.txt"}, {"甲县卫生健康局", "health.txt"}, {"乙县教育局", "other.txt"},
	} {
		rep := yearly(r.name, 2022, 0, 8, 0, 0, 0, 0)
		rep.Source = report.Source{Path: r.path}
		reps = append(reps, rep)
	}
	c := aggregate.Build(reps, aggregate.Options{})
	byName := map[string]*aggregate.Agency{}
	for _, a := range c.Agencies {
		byName[a.Name] = a
	}
	gov, edu, health, other := byName["甲县人民政府"], byName["甲县教育局"], byName["甲县卫生健康局"], byName["乙县教育局"]
	if gov == nil || edu == nil || health == nil || other == nil {
		t.Fatalf("agencies %v", byName)
	}
	if reg := c.RegionOf[gov]; reg == nil || reg.Gov != gov {
		t.Fatalf("甲县人民政府 is not its region's government: %+v", reg)
	}
	files := map[string]string{"gov.txt": "g1", "edu.txt": "e1", "health.txt": "h1", "other.txt": "o1"}
	before := agencyKeys("site", c, files)
	files["edu.txt"] = "e2"
	after := agencyKeys("site", c, files)
	if before[edu] == after[edu] {
		t.Error("an agency's key did not change with its file")
	}
	if before[gov] == after[gov] {
		t.Error("the government's key did not change with an agency under it (region.sum)")
	}
	if before[health] != after[health] || before[other] != after[other] {
		t.Error("the key of an agency whose files did not change changed")
	}
}
