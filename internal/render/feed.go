package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"

	"gongkai/internal/report"
)

// sitemapURLs is the most URLs one sitemap file may list (sitemaps.org);
// a national corpus has more pages than that.
var sitemapURLs = 50000

// sitemaps lists every HTML page by absolute URL: sitemap.xml, or, past
// sitemapURLs pages, sitemap.xml as an index of sitemap-1.xml, -2, ….
func sitemaps(in *Input) []File {
	var urls []string
	add := func(p string) { urls = append(urls, in.Config.AbsURL(p)) }
	add("")
	add("agencies/")
	for _, a := range in.Corpus.Agencies {
		add("agencies/" + a.Slug + "/")
		for _, r := range a.Reports {
			add(reportPath(r))
		}
	}
	add("years/")
	for _, y := range in.Corpus.Years {
		add("years/" + strconv.Itoa(y.Year) + "/")
	}
	add("regions/")
	for _, r := range in.Corpus.Regions {
		if r.Page {
			add("regions/" + r.Slug + "/")
		}
	}
	add("compare/")
	add("validation/")
	add("data/")
	list := func(open, item, close string, locs []string) []byte {
		var b bytes.Buffer
		b.WriteString(xml.Header)
		b.WriteString(open)
		for _, u := range locs {
			b.WriteString("<" + item + "><loc>")
			xml.EscapeText(&b, []byte(u))
			b.WriteString("</loc></" + item + ">")
		}
		b.WriteString(close + "\n")
		return b.Bytes()
	}
	const ns = ` xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`
	if len(urls) <= sitemapURLs {
		return []File{{Path: "sitemap.xml", Data: list("<urlset"+ns, "url", "</urlset>", urls)}}
	}
	var out []File
	var parts []string
	for i := 0; i < len(urls); i += sitemapURLs {
		name := "sitemap-" + strconv.Itoa(len(parts)+1) + ".xml"
		parts = append(parts, in.Config.AbsURL(name))
		out = append(out, File{Path: name, Data: list("<urlset"+ns, "url", "</urlset>", urls[i:min(i+sitemapURLs, len(urls))])})
	}
	return append(out, File{Path: "sitemap.xml", Data: list("<sitemapindex"+ns, "sitemap", "</sitemapindex>", parts)})
}

// dateOf is the date a report's data ends: its period, else 31 December.
func dateOf(r *report.Report) string {
	if r.Period != nil && len(r.Period.To) == 10 {
		return r.Period.To
	}
	if r.Year != 0 {
		return fmt.Sprintf("%04d-12-31", r.Year)
	}
	return ""
}

// BuildDate is the configured date or, so output never depends on the
// clock, the newest date in the data.
func BuildDate(configured string, reps []*report.Report) string {
	if configured != "" {
		return configured
	}
	d := ""
	for _, r := range reps {
		if x := dateOf(r); x > d {
			d = x
		}
	}
	if d == "" {
		return "1970-01-01"
	}
	return d
}

// feed is an Atom feed of the reports, newest year first.
// feedEntries is how many reports the feed carries, newest year first: a
// feed reader wants what is new, not a national corpus (the whole list is
// /data/ and the sitemap).
const feedEntries = 200

func feed(in *Input) []byte {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
	}
	type text struct {
		Type string `xml:"type,attr,omitempty"`
		Body string `xml:",chardata"`
	}
	type entry struct {
		Title   string `xml:"title"`
		Link    link   `xml:"link"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Summary text   `xml:"summary"`
	}
	type atom struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		Links   []link   `xml:"link"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []entry `xml:"entry"`
	}
	reps := append([]*report.Report(nil), in.Corpus.Reports...)
	sort.SliceStable(reps, func(i, j int) bool {
		if reps[i].Year != reps[j].Year {
			return reps[i].Year > reps[j].Year
		}
		return reps[i].ID < reps[j].ID
	})
	f := atom{Title: in.Config.Title, ID: in.Config.AbsURL(""), Updated: in.BuildDate + "T00:00:00Z",
		Links: []link{{Href: in.Config.AbsURL("feed.xml"), Rel: "self", Type: "application/atom+xml"}, {Href: in.Config.AbsURL("")}}}
	f.Author.Name = in.Config.Title
	if len(reps) > feedEntries {
		reps = reps[:feedEntries]
	}
	for _, r := range reps {
		name := r.Agency
		if a := in.Corpus.AgencyOf[r]; a != nil {
			name = a.Name
		}
		var probs []string
		for _, c := range r.Checks {
			if c.Status == report.Fail || c.Status == report.Warn {
				probs = append(probs, BadgeText(c.Status)+"："+c.Message)
			}
		}
		sum := "校验结果：" + BadgeText(r.Badge)
		if len(probs) > 0 {
			sum += "。" + strings.Join(probs, "；")
		}
		upd := dateOf(r)
		if upd == "" {
			upd = in.BuildDate
		}
		f.Entries = append(f.Entries, entry{
			Title:   name + " " + yearText(r) + " 年度报告（" + BadgeText(r.Badge) + "）",
			Link:    link{Href: in.Config.AbsURL(reportPath(r))},
			ID:      in.Config.AbsURL(reportPath(r)),
			Updated: upd + "T00:00:00Z",
			Summary: text{Type: "text", Body: sum},
		})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	if err := enc.Encode(f); err != nil {
		return nil
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// badgeColors are the right-hand fills (white text on each is ≥ 4.5:1).
var badgeColors = map[string]string{report.Pass: "#116329", report.Warn: "#7d4e00", report.Fail: "#a40e26"}

// textWidth estimates rendered width at 11px: CJK glyphs are square.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if r < 0x2E80 {
			w += 7
		} else {
			w += 11
		}
	}
	return w
}

// BadgeSVG is the embeddable badge of an agency's latest report:
// "信息公开年报 | 2023 通过".
func BadgeSVG(r *report.Report) []byte {
	left := "信息公开年报"
	right := BadgeText(r.Badge)
	if r.Year != 0 {
		right = strconv.Itoa(r.Year) + " " + right
	}
	lw, rw := textWidth(left)+12, textWidth(right)+12
	color := badgeColors[r.Badge]
	if color == "" {
		color = "#57606a"
	}
	title := html.EscapeString(r.Agency + " " + right)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s">`, lw+rw, title)
	fmt.Fprintf(&b, `<title>%s</title>`, title)
	fmt.Fprintf(&b, `<rect width="%d" height="20" rx="3" fill="#3d444d"/>`, lw+rw)
	fmt.Fprintf(&b, `<rect x="%d" width="%d" height="20" rx="3" fill="%s"/><rect x="%d" width="4" height="20" fill="%s"/>`, lw, rw, color, lw, color)
	fmt.Fprintf(&b, `<g fill="#fff" font-family="system-ui,-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif" font-size="11">`)
	fmt.Fprintf(&b, `<text x="%d" y="14" text-anchor="middle">%s</text><text x="%d" y="14" text-anchor="middle">%s</text></g></svg>`,
		lw/2, html.EscapeString(left), lw+rw/2, html.EscapeString(right))
	return []byte(b.String())
}
