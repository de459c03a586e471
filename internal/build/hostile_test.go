package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// The hostile fixtures (testdata/hostile) are reports an office could
// publish, carrying <script>, javascript: URLs, "><img onerror=…>, Markdown
// links to javascript:, HTML comments that break out of a block, zero-width
// and bidi-override characters and ../../ in names and front matter, plus a
// front matter url that is not http(s). Each sets window.__pwned, changes
// document.title or opens a dialog if it ever runs.

// hostileNames are report files only a test can make portably: names
// that are markup, a URL scheme, or a path escape.
var hostileNames = map[string]string{
	`reports/"><img src=x onerror=alert(1)>-2023.txt`: "hostile-2023.txt",
	`reports/javascript:alert(1)-2023.txt`:            "hostile-2023.txt",
	`reports/x\..\..\escape-2023.txt`:                 "hostile-2023.txt",
	"reports/line\nbreak-2023.txt":                    "hostile-2023.txt",
}

// buildHostile copies the fixtures and the hostile names into a fresh
// content folder and builds it with the real parser. It returns the
// temporary root (content/ and out/public/ under it) and the summary.
func buildHostile(t *testing.T, baseURL string) (root, dest string, sum *Summary) {
	t.Helper()
	root = t.TempDir()
	src := filepath.Join(root, "content")
	if err := os.CopyFS(src, os.DirFS("testdata/hostile")); err != nil {
		t.Fatal(err)
	}
	for name, from := range hostileNames {
		data, err := os.ReadFile(filepath.Join("testdata/hostile/reports", from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dest = filepath.Join(root, "out", "public")
	cfg := testConfig(t, src, dest)
	cfg.BaseURL = baseURL
	var err error
	sum, err = Run(Options{Config: cfg})
	if err != nil {
		t.Fatalf("hostile content failed the whole build: %v", err)
	}
	return root, dest, sum
}

// TestHostileContent: the build finishes, writes nothing outside its
// destination, publishes no markup a report smuggled in, and still shows
// the report's text, escaped.
func TestHostileContent(t *testing.T) {
	root, dest, sum := buildHostile(t, subPath)
	if sum.Reports < 3 {
		t.Fatalf("%d reports from the hostile fixtures; errors %+v", sum.Reports, sum.Errors)
	}

	t.Run("nothing outside the destination", func(t *testing.T) {
		var outside []string
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			switch {
			case rel == "." || rel == "out" || rel == "content":
			case strings.HasPrefix(rel, "content"+string(filepath.Separator)):
				return fs.SkipDir // checked below
			case rel == filepath.Join("out", "public"):
				return fs.SkipDir
			default:
				outside = append(outside, rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(outside) > 0 {
			t.Errorf("written outside the destination: %q", outside)
		}
		var content []string
		_ = filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				content = append(content, p)
			}
			return err
		})
		if want := 4 + len(hostileNames); len(content) != want { // _index.md and three reports
			t.Errorf("content folder has %d files, want %d: %q", len(content), want, content)
		}
		if _, err := os.Stat("/tmp/gongkai-pwned"); err == nil {
			t.Error("/tmp/gongkai-pwned exists")
		}
	})

	files := readTree(t, dest)
	t.Run("no markup from a report", func(t *testing.T) {
		for name, data := range files {
			if strings.HasSuffix(name, ".html") {
				checkInert(t, name, data)
				noImages(t, name, data)
			}
			if strings.HasPrefix(name, "sources/") && (strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".htm")) {
				t.Errorf("%s: a source is published as HTML", name)
			}
			if strings.Contains(name, "..") || strings.ContainsAny(name, "\\\n") {
				t.Errorf("published under the name %q", name)
			}
		}
		for name, data := range files {
			if strings.HasSuffix(name, ".json") && strings.Contains(strings.ReplaceAll(string(data), " ", ""), `"url":"javascript`) {
				t.Errorf("%s: a front matter url that is not http(s) was kept", name)
			}
		}
		if n := checkSite(t, dest, subPath); n < 10 {
			t.Errorf("only %d pages", n)
		}
	})

	t.Run("bad names listed with a reason", func(t *testing.T) {
		reasons := map[string]string{}
		for _, e := range sum.Errors {
			reasons[e.Path] = e.Err
		}
		for _, name := range []string{`reports/x\..\..\escape-2023.txt`, "reports/line\nbreak-2023.txt"} {
			p := filepath.ToSlash(filepath.Join(root, "content")) + "/" + name
			if !strings.Contains(reasons[p], "rename the file") {
				t.Errorf("%q: reason %q; errors %+v", name, reasons[p], sum.Errors)
			}
		}
		val := text(t, files["validation/index.html"])
		if !strings.Contains(val, `escape-2023.txt`) || !strings.Contains(val, "rename the file") {
			t.Error("validation page does not list the file with a backslash in its name")
		}
	})

	t.Run("text shows, escaped", func(t *testing.T) {
		all := map[string]string{} // page → its text
		for name, data := range files {
			if strings.HasSuffix(name, ".html") {
				all[name] = text(t, data)
			}
		}
		find := func(want string) []string {
			var in []string
			for name, s := range all {
				if strings.Contains(s, want) {
					in = append(in, name)
				}
			}
			sort.Strings(in)
			return in
		}
		for _, want := range []string{
			`<script>alert("t")</script>某区../政府`,                              // agency name of the text report
			`<script>window.__pwned="prose";alert(1)</script>`,                // prose of the text report
			`[点我](javascript:window.__pwned="mdlink")`,                        // a Markdown link in a text report stays text
			`<!-- --><script>window.__pwned="comment"</script><!--`,           // a comment that breaks out
			`</p></div></main><script>window.__pwned="breakout"</script>`,     // closing the page's own tags
			`"><img src=x onerror=window.__pwned='fm-agency'>区政府`,             // agency from front matter
			`<script>window.__pwned="md-raw";document.title="pwned"</script>`, // raw HTML in Markdown, as text
			`丁县人民政府">`,                                                        // agency of the HTML report
			`"><img src=x onerror=alert(1)>-2023.txt`,                         // a file name
		} {
			if len(find(want)) == 0 {
				t.Errorf("%q is not shown as text on any page", want)
			}
		}
		for name, s := range all {
			if strings.ContainsAny(s, "\u202e\u202d\u2066\u2067\u2068\u200b\u200d\ufeff") {
				t.Errorf("%s: zero-width or bidi control characters in the page text", name)
			}
		}
	})
}

// noImages fails on an <img> other than the agency badge, and on MathML:
// a report must never bring either in.
func noImages(t *testing.T, name string, data []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "img" && !strings.Contains(attr(n, "src"), "badges/") || n.Data == "math") {
			t.Errorf("%s: <%s src=%q>", name, n.Data, attr(n, "src"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// TestHostileInBrowser loads every page of the hostile site, and every
// published source copy, in Chromium: no script of a report runs, no
// dialog opens, the title is the page's own, nothing is fetched from
// another host, and the hostile text is on screen.
func TestHostileInBrowser(t *testing.T) {
	ctx := browser(t)
	root := t.TempDir()
	srv := serveSite(t, filepath.Join(root, "site"), "/portal/")
	_, dest, _ := buildHostile(t, srv.URL+"/portal/")
	if err := os.Rename(dest, filepath.Join(root, "site")); err != nil {
		t.Fatal(err)
	}
	dest = filepath.Join(root, "site")
	var pages []string
	_ = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".html") || strings.HasPrefix(filepath.ToSlash(p), filepath.ToSlash(dest)+"/sources/")) {
			rel, _ := filepath.Rel(dest, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return err
	})
	sort.Strings(pages)
	if len(pages) < 10 {
		t.Fatalf("only %d pages", len(pages))
	}
	tctx := tab(t, ctx, true)
	seen := watchDialogs(tctx)
	for _, p := range pages {
		u := srv.URL + "/portal/" + (&urlPath{p}).escaped()
		cdpDo(t, tctx, chromedp.Navigate(u), loaded())
		type state struct {
			Pwned     any      `json:"pwned"`
			Title     string   `json:"title"`
			Resources []string `json:"resources"`
			Text      string   `json:"text"`
		}
		st := cdpEval[state](t, tctx, `({pwned: window.__pwned === undefined ? null : String(window.__pwned), title: document.title,
			resources: performance.getEntriesByType("resource").map(e => e.name), text: document.body ? document.body.innerText : ""})`)
		if st.Pwned != nil {
			t.Errorf("%s: a report's script ran: window.__pwned = %v", p, st.Pwned)
		}
		if strings.HasSuffix(p, ".html") {
			if want := pageTitle(t, filepath.Join(dest, filepath.FromSlash(p))); st.Title != want {
				t.Errorf("%s: document.title %q, want the page's own %q", p, st.Title, want)
			}
		}
		for _, r := range st.Resources {
			if r == srv.URL+"/favicon.ico" {
				continue // the browser's own request beside a plain-text file
			}
			if !strings.HasPrefix(r, srv.URL+"/portal/") {
				t.Errorf("%s: fetched %s", p, r)
			} else if strings.HasSuffix(r, "/x") {
				t.Errorf("%s: fetched the image of an <img src=x>: %s", p, r)
			}
		}
		if strings.HasPrefix(p, "agencies/script") && strings.HasSuffix(p, "/2023/index.html") {
			for _, want := range []string{`<script>alert("t")</script>某区../政府`, `<script>window.__pwned="prose";alert(1)</script>`} {
				if !strings.Contains(st.Text, want) {
					t.Errorf("%s: %q not on screen", p, want)
				}
			}
		}
	}
	if d := seen.list(); len(d) > 0 {
		t.Errorf("dialogs opened: %q", d)
	}
}

// urlPath escapes a site path for a request URL.
type urlPath struct{ p string }

func (u *urlPath) escaped() string {
	var b strings.Builder
	for _, seg := range strings.Split(u.p, "/") {
		if b.Len() > 0 {
			b.WriteByte('/')
		}
		b.WriteString(strings.NewReplacer("%", "%25", "#", "%23", "?", "%3F", " ", "%20", `"`, "%22", "<", "%3C", ">", "%3E", "\n", "%0A", "\\", "%5C").Replace(seg))
	}
	return b.String()
}

// pageTitle is the text of a page's <title>.
func pageTitle(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var title string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "title" && n.FirstChild != nil {
			title = n.FirstChild.Data
		}
		for c := n.FirstChild; c != nil && title == ""; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return strings.Join(strings.Fields(title), " ")
}
