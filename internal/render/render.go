// Package render turns the aggregated corpus into the portal's pages with
// html/template over layouts/ (a user's layouts override the built-in ones
// file by file). Templates get plain data — the asset manifest, the export
// file list — and never call back into earlier stages.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"gongkai/internal/aggregate"
	"gongkai/internal/assets"
	"gongkai/internal/config"
	"gongkai/internal/export"
	"gongkai/internal/minifier"
	"gongkai/internal/report"
	"gongkai/internal/stats"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"
)

// FileError is a source file that could not be read as a report.
type FileError struct {
	Path string
	Err  string
	Copy string // site path of the published copy ("" when off)
}

// Input is everything the pages show.
type Input struct {
	Config     *config.Config
	Corpus     *aggregate.Corpus
	Errors     []FileError
	Manifest   assets.Manifest
	DataFiles  []export.FileInfo
	Dictionary []export.DictEntry
	Intro      string            // Markdown for the home page (content/_index.md)
	Copies     map[string]string // source path → site path of its published copy
	LiveReload bool              // serve mode: poll for rebuilds
	BuildDate  string            // YYYY-MM-DD, never from the clock

	// AgencyKeys and Keep let a build skip corpus-wide pages whose inputs
	// did not change. AgencyKeys holds, per agency, a key of everything its
	// reports are made from (see build.agencyKey). Keep is asked whether
	// the page at path made from key is in place from the last build, and
	// records the key either way. It is asked with the key of the page's
	// data (stage ""), and first, for year and region pages, with a key of
	// their inputs (stage "inputs"), which costs nothing to compute: one
	// changed report changes the inputs of its agency's years, but the data
	// of one of them at most. With Keep nil every page is rendered.
	AgencyKeys map[*aggregate.Agency]string
	Keep       func(path, stage, key string) bool
	// DataLater leaves /data/index.html out of Global and GlobalFunc: the
	// build renders it with DataPage once the bundle (DataFiles) is done.
	DataLater bool
}

// DataPage renders /data/index.html alone.
func (r *Renderer) DataPage(in *Input) (File, error) {
	b, err := r.exec("data", dataPage(in))
	if err != nil {
		return File{}, fmt.Errorf("data/index.html: %w", err)
	}
	return File{Path: "data/index.html", Data: b}, nil
}

// File is one rendered output file.
type File struct {
	Path string
	Data []byte
}

// Pages are the layout files, one per kind of page; each is parsed together
// with base.html and partials.html.
var Pages = []string{"home", "agencies", "agency", "report", "year", "years", "validation", "data", "404", "regions", "region", "compare", "check"}

// Renderer holds the parsed templates.
type Renderer struct {
	pages map[string]*template.Template
	// masters are the parsed layouts, never executed: html/template
	// clones only a template that has not run (Worker).
	masters map[string]*template.Template
	// shared is base.html and partials.html alone, for chrome.
	shared *template.Template
	chrome *chromeCache
	parts  arena
}

// chromeCache holds the executed chrome, shared by a Renderer's workers.
type chromeCache struct {
	mu sync.Mutex
	m  map[chromeKey]template.HTML
}

// chromeKey is what a page's header and footer are made from.
type chromeKey struct {
	name      string
	site      *Input
	root, nav string
}

// execChrome is the layouts' chrome function: the header or footer (a
// template of base.html) for a page, executed once per site, depth and
// section and then copied. Every page has them, and executing their
// dozen links (each an escaped method call) took a third of a report
// page's time. The template sees .Site, .Root (through .URL and .Asset)
// and .Nav of the page; its other fields are empty.
func (r *Renderer) execChrome(name string, data any) (template.HTML, error) {
	pg, ok := data.(interface{ chromePage() *Page })
	if !ok {
		return "", fmt.Errorf("chrome %s: %T is not a page", name, data)
	}
	c := pg.chromePage()
	key := chromeKey{name, c.Site, c.Root, c.Nav}
	r.chrome.mu.Lock()
	h, ok := r.chrome.m[key]
	r.chrome.mu.Unlock()
	if ok {
		return h, nil
	}
	var b bytes.Buffer
	if err := r.shared.ExecuteTemplate(&b, name, c); err != nil {
		return "", err
	}
	h = template.HTML(b.String())
	r.chrome.mu.Lock()
	r.chrome.m[key] = h
	r.chrome.mu.Unlock()
	return h, nil
}

// chromePage is the part of a page its header and footer see.
func (p *Page) chromePage() *Page { return &Page{Site: p.Site, Root: p.Root, Nav: p.Nav} }

// basePage is the page itself, for pageHead.
func (p *Page) basePage() *Page { return p }

// New parses the layouts from fsys. Each layout is minified once, as
// template source (the minifier leaves {{ }} actions alone), so the pages
// come out minified without minifying every page the build writes.
func New(fsys fs.FS) (*Renderer, error) {
	r := &Renderer{pages: map[string]*template.Template{}, masters: map[string]*template.Template{},
		chrome: &chromeCache{m: map[chromeKey]template.HTML{}}}
	base := template.New("").Funcs(funcs).Funcs(r.parts.parts()).Funcs(template.FuncMap{"chrome": r.execChrome})
	for _, name := range []string{"base.html", "partials.html"} {
		if err := parseLayout(base, fsys, name); err != nil {
			return nil, err
		}
	}
	shared, err := base.Clone()
	if err != nil {
		return nil, err
	}
	r.shared = shared
	for _, p := range Pages {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseLayout(t, fsys, p+".html"); err != nil {
			return nil, err
		}
		r.masters[p] = t
		if r.pages[p], err = t.Clone(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Worker returns a Renderer for one goroutine at a time, whose pages' Go-
// written parts are not copied out (see arena). It shares r's layouts and
// chrome.
func (r *Renderer) Worker() (*Renderer, error) {
	w := &Renderer{pages: map[string]*template.Template{}, masters: r.masters, shared: r.shared, chrome: r.chrome,
		parts: arena{held: new([]*bytes.Buffer)}}
	parts := w.parts.parts()
	for p, m := range r.masters {
		t, err := m.Clone()
		if err != nil {
			return nil, err
		}
		w.pages[p] = t.Funcs(parts)
	}
	return w, nil
}

// layoutMinifier minifies template source: the same settings as the
// site's HTML (minifier.New), template actions kept as they are.
var layoutMinifier = func() *minify.M {
	m := minify.New()
	m.Add(minifier.HTML, &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true,
		TemplateDelims: html.GoTemplateDelims})
	return m
}()

func parseLayout(t *template.Template, fsys fs.FS, name string) error {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("layouts: %w", err)
	}
	min, err := layoutMinifier.Bytes(minifier.HTML, src)
	if err != nil {
		return fmt.Errorf("layouts: %s: %w", name, err)
	}
	if _, err := t.New(name).Parse(string(min)); err != nil {
		return fmt.Errorf("layouts: %w", err)
	}
	return nil
}

// Page is what every page template gets.
type Page struct {
	// Site is the whole input. Layouts read only its settings from it
	// (Config, BuildDate, LiveReload: all in the site key), so a page's
	// data key leaves it out (dataKey).
	Site  *Input `json:"-"`
	Path  string // the page's directory in the site, "" for home, "agencies/x/"
	Root  string // relative prefix back to the site root ("../../")
	Title string
	Nav   string // which top-level section is current
	Desc  string // meta description
	// FilterAction sends the agency search to another page (the home page
	// of a large corpus lists only some agencies); "" filters in place.
	FilterAction string
	// Pager places the page in a list split over several pages (nil when
	// the list fits on one).
	Pager *Pager `json:",omitempty"`
}

// URL returns a link from this page to a site path ("agencies/x/").
func (p *Page) URL(sitePath string) string {
	u := p.Root + strings.TrimPrefix(sitePath, "/")
	if u == "" {
		return "./"
	}
	return u
}

// Asset returns the link to a fingerprinted asset by logical name.
func (p *Page) Asset(name string) string {
	if s, ok := p.Site.Manifest[name]; ok {
		return p.URL(s)
	}
	return ""
}

// Canonical is the absolute URL of this page; "" when the base URL is only
// a path ("/"), since a canonical link must be absolute.
func (p *Page) Canonical() string { return absolute(p.Site.Config.AbsURL(p.Path)) }

// absolute returns u if it is an absolute http(s) URL, else "".
func absolute(u string) string {
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// robots is robots.txt: everything may be crawled; the sitemap is named
// when the site knows its absolute address (the protocol wants a full URL).
func robots(in *Input) []byte {
	s := "User-agent: *\nAllow: /\n"
	if u := absolute(in.Config.AbsURL("sitemap.xml")); u != "" {
		s += "Sitemap: " + u + "\n"
	}
	return []byte(s)
}

func newPage(in *Input, path, title, nav string) Page {
	root := strings.Repeat("../", strings.Count(path, "/"))
	return Page{Site: in, Path: path, Root: root, Title: title, Nav: nav}
}

func (r *Renderer) exec(kind string, data any) ([]byte, error) {
	// Pages are executed into pooled buffers and copied out at their size:
	// a fresh buffer per page grew by doubling to twice the page.
	b := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(b)
	b.Reset()
	defer r.parts.release()
	if err := r.pages[kind].ExecuteTemplate(b, "base", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", kind, err)
	}
	return bytes.Clone(b.Bytes()), nil
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// getBuf and bufHTML give the Go-written parts of pages (tables, loops) a
// pooled buffer and copy out what was written at its size: a buffer per
// call grew by doubling, and the large ones were a good part of the
// collector's work.
func getBuf() *bytes.Buffer {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func bufHTML(b *bytes.Buffer) template.HTML {
	s := b.String()
	bufPool.Put(b)
	return template.HTML(s)
}

// arena gives the Go-written parts of pages their buffers. The zero arena,
// a Renderer's own, copies each part out as a string (bufHTML) and can be
// used by any number of goroutines. A worker's (Renderer.Worker) hands out
// strings that are its buffers' bytes and takes the buffers back when the
// page is written (release): the parts are most of a page's bytes, and
// their copies were about 40% of what rendering the agencies allocated.
// Such a string lives no longer than the page's execution: the template
// writes it into the page and drops it.
type arena struct {
	held *[]*bytes.Buffer // buffers behind strings handed out; nil: copy
}

func (a arena) buf() *bytes.Buffer { return getBuf() }

func (a arena) html(b *bytes.Buffer) template.HTML {
	if a.held == nil {
		return bufHTML(b)
	}
	*a.held = append(*a.held, b)
	return template.HTML(unsafe.String(unsafe.SliceData(b.Bytes()), b.Len()))
}

// release takes back the buffers of the page just written.
func (a arena) release() {
	if a.held == nil {
		return
	}
	for i, b := range *a.held {
		bufPool.Put(b)
		(*a.held)[i] = nil
	}
	*a.held = (*a.held)[:0]
}

// Site renders every page, feed, sitemap and badge. Paths are site paths
// ("agencies/x/index.html"); the order is deterministic.
func (r *Renderer) Site(in *Input) ([]File, error) { return r.site(in, true, nil) }

// Global renders what Site renders except the agencies' own pages (see
// Agency): the pages, feeds and indexes about the whole corpus.
func (r *Renderer) Global(in *Input) ([]File, error) { return r.site(in, false, nil) }

// GlobalFunc is Global handing each file to emit as soon as it is rendered,
// from several goroutines at once, in no particular order: a national
// site's corpus-wide pages are hundreds of megabytes together.
func (r *Renderer) GlobalFunc(in *Input, emit func(File) error) error {
	_, err := r.site(in, false, emit)
	return err
}

func (r *Renderer) site(in *Input, agencies bool, emit func(File) error) ([]File, error) {
	var out []File
	// Pages are executed after the loop below, on all cores: the big
	// corpus-wide pages (home, agencies, years, regions) dominate a rebuild.
	var jobs []pageJob
	// A page whose data is what its file was made from is not executed
	// again: one changed figure leaves the agency lists, the validation page
	// and the rest as they were. Its data and key are computed by the
	// workers, on all cores.
	var keep func(path, key string) bool
	if in.Keep != nil && emit != nil {
		keep = func(path, key string) bool { return in.Keep(path, "", key) }
	}
	add := func(path, kind string, data func() any) error {
		jobs = append(jobs, pageJob{i: len(out), path: path, kind: kind, lazy: data, keep: keep})
		out = append(out, File{Path: path})
		return nil
	}
	c := in.Corpus
	if err := add("index.html", "home", func() any { return homePage(in) }); err != nil {
		return nil, err
	}
	inits := sync.OnceValue(func() []initial { return initials(c.Agencies) })
	for n := 1; n <= pageCount(len(c.Agencies)); n++ {
		if err := add(pagePath("agencies/", n)+"index.html", "agencies", func() any { return agenciesPage(in, n, inits) }); err != nil {
			return nil, err
		}
	}
	for _, a := range c.Agencies {
		if !agencies {
			break
		}
		files, err := r.Agency(in, a)
		if err != nil {
			return nil, err
		}
		out = append(out, files...)
	}
	if err := add("years/index.html", "years", func() any { return yearsPage(in) }); err != nil {
		return nil, err
	}
	// The outliers of the corpus, once, by the first year page rendered.
	flags := sync.OnceValue(func() map[*report.Report][]stats.Outlier { return corpusOutliers(c) })
	for _, y := range c.Years {
		base := "years/" + strconv.Itoa(y.Year) + "/"
		sums := sync.OnceValue(func() *yearSums { return newYearSums(y) }) // by the first of its pages rendered
		key, keyed := "", false
		if in.Keep != nil && emit != nil {
			key, keyed = yearKey(in, y)
		}
		for n := 1; n <= pageCount(len(y.Reports)); n++ {
			path := pagePath(base, n) + "index.html"
			// One report changed touches one year of the six.
			if keyed && in.Keep(path, "inputs", key) {
				continue
			}
			jobs = append(jobs, pageJob{i: len(out), path: path, kind: "year", lazy: func() any { return yearPage(in, y, sums(), flags(), n) }, keep: keep})
			out = append(out, File{Path: path})
		}
	}
	regionPages := regionGroups(c)
	for n := range len(regionPages) {
		if err := add(pagePath("regions/", n+1)+"index.html", "regions", func() any { return regionsPage(in, regionPages, n+1) }); err != nil {
			return nil, err
		}
	}
	for _, reg := range c.Regions {
		if !reg.Page {
			continue
		}
		path := "regions/" + reg.Slug + "/index.html"
		if in.Keep != nil && emit != nil {
			// A national corpus has thousands of region pages, and one
			// report touches only the few above its agency.
			if key, ok := regionKey(in, reg); ok && in.Keep(path, "inputs", key) {
				continue
			}
		}
		jobs = append(jobs, pageJob{i: len(out), path: path, kind: "region", lazy: func() any { return regionPage(in, reg) }})
		out = append(out, File{Path: path})
	}
	if err := add("compare/index.html", "compare", func() any { return comparePage(in) }); err != nil {
		return nil, err
	}
	out = append(out, File{Path: "agencies/index.json", Data: agencyIndex(in)})
	groups := checkGroups(c)
	if err := add("validation/index.html", "validation", func() any { return validationPage(in, groups) }); err != nil {
		return nil, err
	}
	for _, g := range groups {
		if !checkPaged(g) {
			continue
		}
		for n := 1; n <= pageCount(len(g.Entries)); n++ {
			if err := add(pagePath(checkBase(g), n)+"index.html", "check", func() any { return checkPage(in, g, n) }); err != nil {
				return nil, err
			}
		}
	}
	if !in.DataLater {
		if err := add("data/index.html", "data", func() any { return dataPage(in) }); err != nil {
			return nil, err
		}
	}
	nf := newPage(in, "", "页面不存在", "")
	// 404.html is served at any URL, so its links use the base path.
	nf.Root = in.Config.BasePath()
	if err := add("404.html", "404", func() any { return &nf }); err != nil {
		return nil, err
	}
	out = append(out,
		File{Path: "feed.xml", Data: feed(in)},
		File{Path: "robots.txt", Data: robots(in)},
		File{Path: ".nojekyll", Data: []byte{}},
	)
	out = append(out, sitemaps(in)...)
	if emit != nil {
		isJob := make([]bool, len(out))
		for _, j := range jobs {
			isJob[j.i] = true
		}
		for i, f := range out {
			if !isJob[i] {
				if err := emit(f); err != nil {
					return nil, err
				}
			}
		}
		return nil, r.execAll(jobs, nil, emit)
	}
	if err := r.execAll(jobs, out, nil); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// pageJob is one page of site, executed by execAll into out[i].
type pageJob struct {
	i          int
	path, kind string
	data       any
	lazy       func() any // the data, computed by the worker when data is nil
	// keep, when set, is asked with the data's key (dataKey) whether the
	// file in place was made from the same data; if so nothing is emitted.
	keep func(path, key string) bool
}

// execAll executes the jobs on all cores (a Renderer is safe for concurrent
// use; page data is only read) and returns the first error in page order.
func (r *Renderer) execAll(jobs []pageJob, out []File, emit func(File) error) error {
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wk, err := r.Worker()
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				data := jobs[j].data
				if data == nil && jobs[j].lazy != nil {
					data = jobs[j].lazy()
				}
				if keep := jobs[j].keep; keep != nil {
					if key, ok := dataKey(jobs[j].kind, data); ok && keep(jobs[j].path, key) {
						continue
					}
				}
				b, err := wk.exec(jobs[j].kind, data)
				if err != nil {
					errs[j] = fmt.Errorf("%s: %w", jobs[j].path, err)
					continue
				}
				if emit != nil {
					errs[j] = emit(File{Path: jobs[j].path, Data: b})
					continue
				}
				out[jobs[j].i].Data = b
			}
		}()
	}
	for j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Agency renders the pages of one agency: its page, its reports' pages and
// its badge. They depend on the agency, its region and site-wide settings
// only, so a build may render agencies concurrently (a Renderer is safe for
// concurrent use) and skip agencies whose inputs did not change.
func (r *Renderer) Agency(in *Input, a *aggregate.Agency) ([]File, error) {
	out := make([]File, 0, len(a.Reports)+2)
	err := r.AgencyFunc(in, a, func(f File) error {
		out = append(out, File{Path: f.Path, Data: bytes.Clone(f.Data)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AgencyFunc is Agency handing each file to emit as soon as it is
// rendered. f.Data is valid only during the call: pages are executed into
// pooled buffers, and copying every page out was 8% of all the bytes a cold
// build allocated.
func (r *Renderer) AgencyFunc(in *Input, a *aggregate.Agency, emit func(File) error) error {
	b := getBuf()
	defer bufPool.Put(b)
	add := func(path, kind string, data any) error {
		b.Reset()
		defer r.parts.release() // once the page is written
		if err := r.pages[kind].ExecuteTemplate(b, "base", data); err != nil {
			return fmt.Errorf("%s: render %s: %w", path, kind, err)
		}
		return emit(File{Path: path, Data: b.Bytes()})
	}
	if err := add("agencies/"+a.Slug+"/index.html", "agency", agencyPage(in, a)); err != nil {
		return err
	}
	for _, rep := range a.Reports {
		if err := add(reportPath(rep)+"index.html", "report", reportPage(in, a, rep)); err != nil {
			return err
		}
	}
	return emit(File{Path: "badges/" + a.Slug + ".svg", Data: BadgeSVG(a.Latest())})
}

// reportPath is the site directory of a report ("agencies/x/2023/").
func reportPath(r *report.Report) string {
	return "agencies/" + r.AgencySlug + "/" + aggregate.Dir(r) + "/"
}

// ReportPath is exported for the build (downloads are written beside the page).
func ReportPath(r *report.Report) string { return reportPath(r) }

// BadgeText is the Chinese word for a badge or check status.
func BadgeText(s string) string {
	switch s {
	case report.Pass:
		return "通过"
	case report.Warn:
		return "警告"
	case report.Fail:
		return "未通过"
	case report.Skip:
		return "跳过"
	case report.Info:
		return "说明"
	}
	return "未校验"
}

var funcs = template.FuncMap{
	"badgeText": BadgeText,
	"yearLabel": yearLabel,
	"num":       func(v float64) string { return report.FormatNumber(v) },
	"bytes": func(n int64) string {
		switch {
		case n >= 1<<20:
			return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
		case n >= 1<<10:
			return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
		}
		return strconv.FormatInt(n, 10) + " 字节"
	},
	"join":       strings.Join,
	"short":      short,
	"checkTitle": checkTitle,
	"add":        func(a, b int) int { return a + b },
	"pct":        percent,
}

// parts are the layouts' functions that write a part of a page in Go
// (loops.go, values.go), into a's buffers.
func (a arena) parts() template.FuncMap {
	return template.FuncMap{
		"value":          a.valueHTML,
		"yoy":            a.yoyHTML,
		"checks":         a.checksHTML,
		"table":          a.tableHTML,
		"yearRows":       a.yearRowsHTML,
		"regionRows":     a.regionRowsHTML,
		"regionAgencies": a.regionAgenciesHTML,
		"regionTotal":    a.regionTotalHTML,
		"sources":        a.sourcesHTML,
		"agencyList":     a.agencyListHTML,
		"toc":            a.tocHTML,
		"sections":       a.sectionsHTML,
		"yearLinks":      a.yearLinksHTML,
		"columnHeads":    a.columnHeadsHTML,
		"shareRows":      a.shareRowsHTML,
		"shareTotals":    a.shareTotalsHTML,
		"reportItems":    a.reportItemsHTML,
		"crumbs":         a.crumbsHTML,
		"links":          a.linksHTML,
		"reportFacts":    a.reportFactsHTML,
		"pageHead":       a.pageHeadHTML,
		"compareBodies":  a.compareBodiesHTML,
		"yearHeads":      a.yearHeadsHTML,
		"legend":         a.legendHTML,
		"outliers":       a.outliersHTML,
		"regionTrail":    a.regionTrailHTML,
		"verdict":        a.verdictHTML,
		"checkLists":     a.checkListsHTML,
	}
}

// yearLabel is a report year as pages name it ("2023 年").
func yearLabel(y int) string {
	if y == 0 {
		return "年度不明"
	}
	return strconv.Itoa(y) + " 年"
}

// short cuts long check messages (lists of 50 cells) in summaries; the
// report page has them in full.
func short(s string) string {
	if utf8.RuneCountInString(s) <= 90 {
		return s
	}
	r := []rune(s)
	return string(r[:90]) + "…"
}

func checkTitle(id string) string {
	if t := CheckTitles[id]; t != "" {
		return t
	}
	return id
}

// dataKey is the sha256 of a page's kind and data as JSON: the page is a
// function of its data, the layouts and the site settings (which the build
// adds to the key). ok is false when the data cannot be written as JSON.
func dataKey(kind string, data any) (string, bool) {
	h := sha256.New()
	io.WriteString(h, kind+"\x00")
	enc := json.NewEncoder(h)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(data); err != nil {
		return "", false
	}
	return hex.EncodeToString(h.Sum(nil)), true
}
