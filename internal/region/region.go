// Package region infers an agency's place in the administrative tree
// (province › city › county › township) from its name, where the name
// states it: 阜新市海州区 → 阜新市 › 海州区. Config and front matter can
// override it; this is only the default.
package region

import "strings"

// Level names of the administrative tree.
const (
	Province = "province"
	City     = "city"
	County   = "county"
	Township = "township"
)

// Place is one step of a region path.
type Place struct {
	Name  string
	Level string
}

// municipalities are cities at province level.
var municipalities = map[string]bool{"北京市": true, "上海市": true, "天津市": true, "重庆市": true}

// units are the suffixes that end a place name, longest first.
var units = []struct {
	suffix string
	level  string
}{
	{"特别行政区", Province}, {"自治区", Province}, {"省", Province},
	{"自治州", City}, {"地区", City}, {"盟", City}, {"市", City},
	{"自治县", County}, {"自治旗", County}, {"实验区", County}, {"新区", County}, {"县", County}, {"区", County}, {"旗", County},
	{"街道", Township}, {"镇", Township}, {"乡", Township},
}

// notPlaces are words that end with a unit character but are offices, not places.
var notPlaces = []string{"政府", "办公", "委员会", "局", "厅", "社区", "园区", "景区", "小区", "辖区", "城区", "片区", "校区", "试验区"}

// FromName returns the places the name starts with, outermost first.
func FromName(name string) []Place {
	rs := []rune(name)
	var out []Place
	start := 0
	for start < len(rs) {
		best, level := -1, ""
		for end := start + 2; end <= len(rs) && end-start <= 12; end++ {
			seg := string(rs[start:end])
			for _, u := range units {
				if strings.HasSuffix(seg, u.suffix) {
					// prefer the shortest place that ends here (湖滨区, not 湖滨区政府办…)
					best, level = end, u.level
					break
				}
			}
			if best > 0 {
				break
			}
		}
		if best < 0 {
			break
		}
		seg := string(rs[start:best])
		if containsAny(seg, notPlaces) {
			break
		}
		if level == City && municipalities[seg] {
			level = Province
		}
		out = append(out, Place{Name: seg, Level: level})
		start = best
	}
	return out
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
