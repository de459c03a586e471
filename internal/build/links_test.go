package build

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// page is a parsed HTML file of the output.
type page struct {
	ids   map[string]bool
	links []link
}

type link struct {
	tag, attr, val, rel string
}

func parsePage(t *testing.T, data []byte) page {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	p := page{ids: map[string]bool{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			rel := ""
			for _, a := range n.Attr {
				if a.Key == "rel" {
					rel = a.Val
				}
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					p.ids[a.Val] = true
				case "href", "src", "action", "poster", "data", "srcset":
					p.links = append(p.links, link{n.Data, a.Key, a.Val, rel})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p
}

// checkSite follows every href and src of every HTML page under root as if
// the site were served at baseURL: each must resolve to a file of the
// output (and fragments to an id), and nothing may be loaded from another
// host. Only <a> links marked rel="external" may leave the site.
func checkSite(t *testing.T, root, baseURL string) (pages int) {
	t.Helper()
	base, err := url.Parse(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	parsed := map[string]page{}
	load := func(rel string) (page, bool) {
		if p, ok := parsed[rel]; ok {
			return p, true
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return page{}, false
		}
		p := parsePage(t, data)
		parsed[rel] = p
		return p, true
	}
	// toFile maps a URL on the site to a file path relative to root.
	toFile := func(u *url.URL) (string, bool) {
		if u.Host != base.Host || u.Scheme != base.Scheme || !strings.HasPrefix(u.Path, base.Path) {
			return "", false
		}
		rel := strings.TrimPrefix(u.Path, base.Path)
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		return rel, true
	}
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		pages++
		pg, _ := load(rel)
		// The page's own URL; index.html is served as its directory.
		self := base.ResolveReference(&url.URL{Path: strings.TrimSuffix(rel, "index.html")})
		if rel == "404.html" {
			self = base.ResolveReference(&url.URL{Path: "some/missing/deep/page/"}) // 404 is served anywhere
		}
		for _, l := range pg.links {
			where := rel + ": <" + l.tag + " " + l.attr + "=" + l.val + ">"
			if l.attr == "action" && l.val == "" {
				continue
			}
			if strings.HasPrefix(l.val, "#") {
				if !pg.ids[l.val[1:]] {
					t.Errorf("%s: no such id on the page", where)
				}
				continue
			}
			u, err := url.Parse(l.val)
			if err != nil {
				t.Errorf("%s: bad URL: %v", where, err)
				continue
			}
			if u.Scheme == "mailto" && l.tag == "a" {
				continue
			}
			abs := self.ResolveReference(u)
			if abs.Scheme != "http" && abs.Scheme != "https" {
				t.Errorf("%s: scheme %q", where, abs.Scheme)
				continue
			}
			file, inside := toFile(abs)
			if !inside {
				if abs.Host != base.Host && l.tag == "a" && strings.Contains(l.rel, "external") {
					continue // a link out, clearly marked; nothing is loaded
				}
				if abs.Host != base.Host {
					t.Errorf("%s: points to another host", where)
				} else {
					t.Errorf("%s: leaves the site's base path %s", where, base.Path)
				}
				continue
			}
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(file))); err != nil {
				t.Errorf("%s: %s does not exist in the output", where, file)
				continue
			}
			if abs.Fragment != "" && strings.HasSuffix(file, ".html") {
				target, _ := load(file)
				if !target.ids[abs.Fragment] {
					t.Errorf("%s: no id %q in %s", where, abs.Fragment, file)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// checkXMLURLs checks that sitemap.xml and feed.xml only name pages of the site.
func checkXMLURLs(t *testing.T, root, baseURL string) {
	t.Helper()
	for _, name := range []string{"sitemap.xml", "feed.xml"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		for _, tag := range []string{"<loc>", `href="`, "<id>"} {
			for rest := s; ; {
				i := strings.Index(rest, tag)
				if i < 0 {
					break
				}
				rest = rest[i+len(tag):]
				end := strings.IndexAny(rest, "<\"")
				u := rest[:end]
				if !strings.HasPrefix(u, baseURL) {
					t.Errorf("%s: %s is not under %s", name, u, baseURL)
					continue
				}
				rel := strings.TrimPrefix(u, baseURL)
				if rel == "" || strings.HasSuffix(rel, "/") {
					rel += "index.html"
				}
				if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(path.Clean(rel)))); err != nil {
					t.Errorf("%s: %s does not exist", name, u)
				}
			}
		}
	}
}
