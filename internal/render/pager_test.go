package render

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/aggregate"
	"gongkai/layouts"
)

// TestNewPager: the page list shows the first and last pages, two on each
// side of the current one and a gap for each run left out; links are
// relative to the page they are on.
func TestNewPager(t *testing.T) {
	page := func(path string) *Page { p := newPage(&Input{}, path, "", ""); return &p }
	tests := []struct {
		path        string
		n, total    int
		links       string // numbers, "*" marks the current page, "…" a gap
		prev, next  string
		first, last int
	}{
		{"agencies/", 1, 3 * PageSize, "*1 2 3", "", "../agencies/page/2/", 1, PageSize},
		{"agencies/page/2/", 2, 3*PageSize + 1, "1 *2 3 4", "../../../agencies/", "../../../agencies/page/3/", PageSize + 1, 2 * PageSize},
		{"agencies/page/4/", 4, 3*PageSize + 1, "1 2 3 *4", "../../../agencies/page/3/", "", 3*PageSize + 1, 3*PageSize + 1},
		{"agencies/page/10/", 10, 20 * PageSize, "1 … 8 9 *10 11 12 … 20", "../../../agencies/page/9/", "../../../agencies/page/11/", 9*PageSize + 1, 10 * PageSize},
		{"agencies/", 1, 20 * PageSize, "*1 2 3 … 20", "", "../agencies/page/2/", 1, PageSize},
		{"agencies/page/4/", 4, 20 * PageSize, "1 2 3 *4 5 6 … 20", "../../../agencies/page/3/", "../../../agencies/page/5/", 3*PageSize + 1, 4 * PageSize},
	}
	for _, tt := range tests {
		p := page(tt.path)
		g := newPager(p, "agencies/", tt.n, tt.total)
		if g == nil {
			t.Fatalf("%s: no pager for %d items", tt.path, tt.total)
		}
		var links []string
		for _, l := range g.Links {
			switch {
			case l.Gap:
				links = append(links, "…")
			case l.Current:
				links = append(links, "*"+strconv.Itoa(l.Number))
			default:
				links = append(links, strconv.Itoa(l.Number))
			}
			if !l.Gap && l.Href != p.URL(pagePath("agencies/", l.Number)) {
				t.Errorf("%s: page %d links %q", tt.path, l.Number, l.Href)
			}
		}
		if got := strings.Join(links, " "); got != tt.links {
			t.Errorf("%s: links %q, want %q", tt.path, got, tt.links)
		}
		if g.Prev != tt.prev || g.Next != tt.next {
			t.Errorf("%s: prev %q next %q, want %q %q", tt.path, g.Prev, g.Next, tt.prev, tt.next)
		}
		if g.First != tt.first || g.Last != tt.last || g.Total != tt.total {
			t.Errorf("%s: items %d–%d of %d, want %d–%d of %d", tt.path, g.First, g.Last, g.Total, tt.first, tt.last, tt.total)
		}
	}
	for _, total := range []int{0, 1, PageSize} {
		if g := newPager(page("agencies/"), "agencies/", 1, total); g != nil {
			t.Errorf("%d items: a pager for one page", total)
		}
	}
}

// TestRegionPages: the place tree is split between top-level places into
// pages of about RegionPageNodes places; every place is on one page, in
// order, and each page links the next.
func TestRegionPages(t *testing.T) {
	in := synthInput(t, 30)
	c := *in.Corpus
	c.Regions = nil
	const roots = 1500 // one child each: 3,000 places, three pages
	for i := range roots {
		name := fmt.Sprintf("甲%04d市", i)
		r := &aggregate.Region{Slug: fmt.Sprintf("r%04d", i), Name: name, Path: []string{name}}
		child := &aggregate.Region{Slug: r.Slug + "-x", Name: fmt.Sprintf("乙%04d区", i), Parent: r}
		child.Path = []string{name, child.Name}
		r.Children = []*aggregate.Region{child}
		c.Regions = append(c.Regions, child, r) // not in slug order: the pages sort them
	}
	in2 := *in
	in2.Corpus = &c
	groups := regionGroups(&c)
	if len(groups) != 3 {
		t.Fatalf("%d pages for %d places, want 3", len(groups), 2*roots)
	}
	rd, err := New(layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for n := 1; n <= len(groups); n++ {
		b, err := rd.exec("regions", regionsPage(&in2, groups, n))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		for i := range roots {
			name := fmt.Sprintf("甲%04d市", i)
			if strings.Contains(page, name) {
				if i != seen {
					t.Fatalf("page %d: %s after %d places", n, name, seen)
				}
				seen++
			}
		}
		next := `href="../` + strings.Repeat("../", min(n-1, 1)*2) + `regions/page/` + strconv.Itoa(n+1) + `/" rel="next"`
		if hasNext := strings.Contains(page, next); hasNext != (n < len(groups)) {
			t.Errorf("page %d: next link %v, want %v", n, hasNext, n < len(groups))
		}
	}
	if seen != roots {
		t.Errorf("the pages show %d of %d top-level places", seen, roots)
	}
}

// TestInitials: each pinyin initial of the agency list links to the page
// where its agencies begin (a slug not starting with a letter is "#"),
// from whichever page of the list it is on.
func TestInitials(t *testing.T) {
	in := synthInput(t, 10)
	c := *in.Corpus
	c.Agencies = nil
	for i := range PageSize + 150 {
		slug := "a" + strconv.Itoa(i) // "a…" fills page 1 and half of page 2
		switch {
		case i >= PageSize+100:
			slug = "z" + strconv.Itoa(i)
		case i >= PageSize+50:
			slug = "b" + strconv.Itoa(i)
		}
		c.Agencies = append(c.Agencies, &aggregate.Agency{Slug: slug, Name: slug, Reports: in.Corpus.Agencies[0].Reports})
	}
	c.Agencies[0].Slug = "0-first"
	in2 := *in
	in2.Corpus = &c
	got := initials(c.Agencies)
	want := []initial{{"#", 1}, {"A", 1}, {"B", 2}, {"Z", 2}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("initials %v, want %v", got, want)
	}
	for n, wantHref := range map[int]string{1: "../agencies/page/2/", 2: "../../../agencies/page/2/"} {
		p := agenciesPage(&in2, n, func() []initial { return got })
		var labels []string
		for _, l := range p.Initials {
			labels = append(labels, l.Label+strconv.Itoa(l.Number))
		}
		if strings.Join(labels, " ") != "#1 A1 B2 Z2" {
			t.Errorf("page %d: initials %v", n, labels)
		}
		if h := p.Initials[2].Href; h != wantHref {
			t.Errorf("page %d: B links to %q, want %q", n, h, wantHref)
		}
	}
}
