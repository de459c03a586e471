// Package aggregate groups validated reports into agencies across years and
// years across agencies and gives every agency its stable, unique slug. The
// checks that need more than one report (SPEC §3) run per agency through
// package crosscheck.
package aggregate

import (
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"gongkai/internal/crosscheck"
	"gongkai/internal/report"
	"gongkai/internal/slug"
	"gongkai/internal/textnorm"
)

// Options are the user's matching rules from config.yaml.
type Options struct {
	// Aliases maps a name as written to the agency name it stands for.
	Aliases map[string]string
	// Slugs maps an agency name to its URL slug.
	Slugs map[string]string
	// Regions maps an agency name to its region path (河北省/石家庄市/井陉矿区).
	Regions map[string]string
	// FrontMatter maps a report's source path to the region path in its
	// front matter (`region:`).
	FrontMatter map[string]string
}

// Agency is one body with all of its reports.
type Agency struct {
	Name     string   // display name: the newest report's agency
	Key      string   // matching key (see NameKey)
	Slug     string   // ASCII, unique in the site
	Names    []string // every distinct name as written, sorted
	Pinyin   string   // full pinyin of Name without separators, for search
	Initials string   // first letters of the pinyin syllables
	// Reports are ascending by year; two reports of one year that disagree
	// (meta.duplicate) are both here, in source-path order.
	Reports []*report.Report
}

// Latest returns the agency's newest report.
func (a *Agency) Latest() *report.Report { return a.Reports[len(a.Reports)-1] }

// Years returns the distinct years the agency has reports for, ascending.
func (a *Agency) Years() []int {
	var ys []int
	for _, r := range a.Reports {
		if r.Year != 0 && (len(ys) == 0 || ys[len(ys)-1] != r.Year) {
			ys = append(ys, r.Year)
		}
	}
	return ys
}

// Year is every report of one year.
type Year struct {
	Year    int
	Reports []*report.Report // by agency slug
}

// Corpus is the whole site's data.
type Corpus struct {
	Reports  []*report.Report // by agency slug, then year
	Agencies []*Agency        // by slug
	Years    []*Year          // ascending; reports without a year are in no Year
	// ByID finds a report by its ID ("slug/2023").
	ByID map[string]*report.Report
	// AgencyOf finds the agency of a report.
	AgencyOf map[*report.Report]*Agency
	// Regions are every place of the administrative tree, by path;
	// RegionOf is an agency's place (agencies without one have none).
	Regions      []*Region
	RegionOf     map[*Agency]*Region
	RegionBySlug map[string]*Region
}

// Badges counts reports by badge.
func (c *Corpus) Badges() map[string]int {
	m := map[string]int{}
	for _, r := range c.Reports {
		m[r.Badge]++
	}
	return m
}

// NameKey is the matching key of an agency name: textnorm.Key (Simplified,
// width-folded, no spaces or punctuation) with the ways of writing a
// government's office folded together, so 湖滨区人民政府办公室, 湖滨区政府办公室
// and 湖滨区政府办 are one body, and 某区人民政府 and 某区政府 are one.
func NameKey(name string) string {
	k := textnorm.Key(name)
	k = strings.ReplaceAll(k, "人民政府办公室", "政府办")
	k = strings.ReplaceAll(k, "政府办公室", "政府办")
	k = strings.ReplaceAll(k, "人民政府", "政府")
	return k
}

// Dir is the path segment of a report under its agency: the year, or
// "undated" when no year was found.
func Dir(r *report.Report) string {
	if _, after, ok := strings.Cut(r.ID, "/"); ok {
		return after
	}
	if r.Year == 0 {
		return "undated"
	}
	return strconv.Itoa(r.Year)
}

// Build groups reports into a corpus. It sets each report's Agency (after
// aliases), AgencySlug and ID; crosscheck.Agency merges files of one report,
// appends the cross-report checks and updates the badge. The result does not depend on the order of reps.
func Build(reps []*report.Report, opt Options) *Corpus {
	reps = append([]*report.Report(nil), reps...)
	sort.SliceStable(reps, func(i, j int) bool { return reps[i].Source.Path < reps[j].Source.Path })

	aliases := map[string]string{}
	for from, to := range opt.Aliases {
		aliases[NameKey(from)] = to
	}
	groups := map[string]*Agency{}
	for _, r := range reps {
		if to, ok := aliases[NameKey(r.Agency)]; ok {
			r.Agency = to
		} else if to, ok := aliases[NameKey(r.AgencyAsWritten)]; ok && r.AgencyAsWritten != "" {
			r.Agency = to
		}
		key := NameKey(r.Agency)
		if key == "" {
			// An unnamed report is its own agency, never merged with others.
			key = "?" + r.Source.Path
		}
		a := groups[key]
		if a == nil {
			a = &Agency{Key: key}
			groups[key] = a
		}
		a.Reports = append(a.Reports, r)
	}

	c := &Corpus{ByID: map[string]*report.Report{}, AgencyOf: map[*report.Report]*Agency{}}
	for _, a := range groups {
		c.Agencies = append(c.Agencies, a)
	}
	eachAgency(c.Agencies, func(_ int, a *Agency) {
		sort.SliceStable(a.Reports, func(i, j int) bool { return a.Reports[i].Year < a.Reports[j].Year })
		a.Name = a.Latest().Agency
		if a.Name == "" {
			a.Name = "未识别的机关"
		}
		seen := map[string]bool{}
		for _, r := range a.Reports {
			for _, n := range []string{r.Agency, r.AgencyAsWritten} {
				if n != "" && !seen[n] {
					seen[n] = true
					a.Names = append(a.Names, n)
				}
			}
		}
		sort.Strings(a.Names)
		a.Pinyin, a.Initials = pinyinOf(a.Name)
	})
	assignSlugs(c.Agencies, opt.Slugs)
	sort.Slice(c.Agencies, func(i, j int) bool { return c.Agencies[i].Slug < c.Agencies[j].Slug })

	// Merging files of one report and the checks across years belong to
	// package crosscheck; this package only groups and names.
	eachAgency(c.Agencies, func(_ int, a *Agency) {
		// Room for the checks appended from here on, three by crosscheck
		// and region.sum: each report's slice grows once, to its final
		// length (or not at all when read back from the cache, which
		// leaves the room), instead of doubling and being trimmed
		// afterwards.
		for _, r := range a.Reports {
			if n := len(r.Checks); cap(r.Checks)-n < report.ChecksAdded {
				// Not slices.Grow, which doubles as append does.
				r.Checks = append(make([]report.Check, 0, n+report.ChecksAdded), r.Checks...)
			}
		}
		a.Reports = crosscheck.Agency(a.Reports)
	})
	years := map[int]*Year{}
	for _, a := range c.Agencies {
		// IDs: slug/year, and slug/year-2… for disagreeing reports of one year.
		count := map[int]int{}
		for _, r := range a.Reports {
			r.AgencySlug = a.Slug
			count[r.Year]++
			dir := "undated"
			if r.Year != 0 {
				dir = strconv.Itoa(r.Year)
			}
			if n := count[r.Year]; n > 1 {
				dir += "-" + strconv.Itoa(n)
			}
			r.ID = a.Slug + "/" + dir
			c.ByID[r.ID] = r
			c.AgencyOf[r] = a
			c.Reports = append(c.Reports, r)
			if r.Year != 0 {
				y := years[r.Year]
				if y == nil {
					y = &Year{Year: r.Year}
					years[r.Year] = y
				}
				y.Reports = append(y.Reports, r)
			}
		}
	}
	for _, y := range years {
		c.Years = append(c.Years, y)
	}
	sort.Slice(c.Years, func(i, j int) bool { return c.Years[i].Year < c.Years[j].Year })
	buildRegions(c, opt)
	regionChecks(c)
	// A report whose checks crosscheck made again (merged or settled
	// cells) outgrew the room above: keep it at its length, not at what
	// append left.
	for _, r := range c.Reports {
		if cap(r.Checks)-len(r.Checks) > 2 {
			r.Checks = slices.Clone(r.Checks)
		}
	}
	return c
}

// assignSlugs gives overrides first, then the pinyin slug of the key in key
// order, adding -2, -3 … on collision, so the result is deterministic.
func assignSlugs(agencies []*Agency, overrides map[string]string) {
	sort.Slice(agencies, func(i, j int) bool { return agencies[i].Key < agencies[j].Key })
	over := map[string]string{}
	for name, s := range overrides {
		over[NameKey(name)] = s
	}
	taken := map[string]bool{}
	for _, a := range agencies {
		if s, ok := over[a.Key]; ok && !taken[s] {
			a.Slug = s
			taken[s] = true
		}
	}
	bases := make([]string, len(agencies))
	eachAgency(agencies, func(i int, a *Agency) {
		if a.Slug == "" {
			bases[i] = slug.Make(a.Key)
		}
	})
	for i, a := range agencies {
		if a.Slug != "" {
			continue
		}
		base := bases[i]
		if strings.HasPrefix(a.Key, "?") {
			base = "agency"
		}
		s := base
		for n := 2; taken[s]; n++ {
			s = base + "-" + strconv.Itoa(n)
		}
		a.Slug = s
		taken[s] = true
	}
}

// eachAgency runs f on every agency on all cores: each call touches its own
// agency and its reports only.
func eachAgency(agencies []*Agency, f func(int, *Agency)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(agencies) {
					return
				}
				f(i, agencies[i])
			}
		})
	}
	wg.Wait()
}

// pinyinOf returns the full pinyin (no separators) and the initials.
func pinyinOf(name string) (full, initials string) {
	var f, in strings.Builder
	for _, r := range name {
		syl, ok := slug.Reading(r) // pinyin.LazyPinyin, from a cache
		if !ok {
			continue
		}
		syl = strings.ReplaceAll(syl, "ü", "v")
		f.WriteString(syl)
		if syl != "" {
			in.WriteByte(syl[0])
		}
	}
	return f.String(), in.String()
}
