package render

import "strconv"

// PageSize is how many agencies, table rows or reports one page of a long
// list holds. A national corpus lists tens of thousands of each: on one page
// that is 20 MB of HTML, more than a phone will load.
const PageSize = 200

// Pager is the position of one page in a list split over several, and the
// links to the others. Lists that fit on one page have none (nil).
type Pager struct {
	Number, Count int // this page (from 1) and how many there are
	First, Last   int // the items on this page, from 1
	Total         int // items in the whole list
	Prev, Next    string
	Links         []PagerLink
}

// PagerLink is one entry of the page list: a page, the current page, or a
// gap standing for the pages left out.
type PagerLink struct {
	Number       int
	Label        string // shown instead of the number (an initial)
	Href         string
	Current, Gap bool
}

// pageCount is how many pages a list of n items takes (at least one).
func pageCount(n int) int {
	return max(1, (n+PageSize-1)/PageSize)
}

// pageRange is the items [lo, hi) of page n (from 1) of a list of total.
func pageRange(n, total int) (lo, hi int) {
	lo = min((n-1)*PageSize, total)
	return lo, min(lo+PageSize, total)
}

// pagePath is the site directory of page n of the list at base
// ("agencies/"): the first page is base itself, the others base/page/n/.
func pagePath(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// pageTitle is a list page's title: title itself on the first page.
func pageTitle(title string, n int) string {
	if n <= 1 {
		return title
	}
	return title + "（第 " + strconv.Itoa(n) + " 页）"
}

// newPager is the pager of page n of the list at base, linked from p, or nil
// when the list fits on one page. It links the first and last pages and two
// on each side of the current one.
func newPager(p *Page, base string, n, total int) *Pager {
	g := pagerOf(p, base, n, pageCount(total))
	if g != nil {
		lo, hi := pageRange(n, total)
		g.First, g.Last, g.Total = lo+1, hi, total
	}
	return g
}

// pagerOf is the pager of page n of count pages at base, without the item
// range (lists whose pages hold different numbers of items), or nil for
// one page.
func pagerOf(p *Page, base string, n, count int) *Pager {
	if count <= 1 {
		return nil
	}
	g := &Pager{Number: n, Count: count}
	if n > 1 {
		g.Prev = p.URL(pagePath(base, n-1))
	}
	if n < count {
		g.Next = p.URL(pagePath(base, n+1))
	}
	for k := 1; k <= count; k++ {
		switch {
		case k == 1 || k == count || (k >= n-2 && k <= n+2):
			g.Links = append(g.Links, PagerLink{Number: k, Href: p.URL(pagePath(base, k)), Current: k == n})
		case len(g.Links) > 0 && !g.Links[len(g.Links)-1].Gap:
			g.Links = append(g.Links, PagerLink{Gap: true})
		}
	}
	return g
}
