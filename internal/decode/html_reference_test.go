package decode

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"gongkai/internal/synth"
)

// parseHTMLXNet is parseHTML as it was before it was made faster (attribute
// maps, fresh buffers, collapseSpace on every cell): the reference the
// faster one must match exactly.
func parseHTMLXNet(text string) *Doc {
	doc, nested := walkHTMLXNet(text, nil)
	if nested {
		if layout := layoutTablesXNet(text); slices.Contains(layout, true) {
			doc, _ = walkHTMLXNet(text, layout)
		}
	}
	return doc
}

func walkHTMLXNet(text string, layout []bool) (*Doc, bool) {
	doc := &Doc{Format: HTML, Meta: map[string]string{}, Exact: true}
	w := &htmlWalker{doc: doc, layout: layout}
	z := html.NewTokenizer(strings.NewReader(text))
	z.SetMaxBuf(64 << 20)
	skip := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		switch tt {
		case html.TextToken:
			if skip > 0 {
				continue
			}
			w.addText(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			var attrs map[string]string
			if a == atom.Td || a == atom.Th || a == atom.Meta {
				attrs = map[string]string{}
			} else {
				hasAttr = false
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			if isSkipTag(a) {
				if tt == html.StartTagToken {
					skip++
				}
				continue
			}
			if skip > 0 {
				continue
			}
			w.start(a, tagAttrs{colspan: attrs["colspan"], rowspan: attrs["rowspan"], name: attrs["name"], content: attrs["content"]}, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			if isSkipTag(a) {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			w.end(a)
		}
	}
	w.finish()
	return doc, w.sawNested
}

// layoutTablesXNet is layoutTables with x/net/html's own tag names.
func layoutTablesXNet(text string) []bool {
	var s layoutScan
	z := html.NewTokenizer(strings.NewReader(text))
	z.SetMaxBuf(64 << 20)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return s.layout
		}
		var a atom.Atom
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken || tt == html.EndTagToken {
			name, _ := z.TagName()
			a = atom.Lookup(name)
		}
		s.tag(tt, a)
	}
}

// collapseSpace is collapseSpaceBytes as it was, on strings: the reference.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0', '\u3000', '\u200b':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// oldCellText is how endCell read a cell before dropSpace.
func oldCellText(s string) string { return strings.ReplaceAll(collapseSpace(s), " ", "") }

func TestDropSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a b", " 1\u00a0 2\t", "\xff1", "\u3000x\u200by\n", "\ufffd", "１２", "a\xe4\xb8", " \xe4\xb8\xad\u00a0 x ", "\xe4\xb8\xad\xe4", "x\u200b\u200b\ufffdy"} {
		if got, want := dropSpace([]byte(s)), oldCellText(s); got != want {
			t.Errorf("dropSpace(%q) = %q, want %q", s, got, want)
		}
		if got, want := collapseSpaceBytes([]byte(s)), collapseSpace(s); got != want {
			t.Errorf("collapseSpaceBytes(%q) = %q, want %q", s, got, want)
		}
	}
}

func checkSameHTML(t *testing.T, name, text string) {
	t.Helper()
	got, want := parseHTML([]byte(text)), parseHTMLXNet(text)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: parseHTML differs from x/net/html\ninput %q\ngot  %+v\nwant %+v", name, text, got, want)
	}
}

// TestParseHTMLMatchesReference runs both over every HTML file at hand and
// over many mangled pieces of HTML.
func TestParseHTMLMatchesReference(t *testing.T) {
	var files []string
	for _, pat := range []string{"../../../shared/corpus/*/*", "../parse/testdata/*/*", "../parse/testdata/*/*/*"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil {
			inputs = append(inputs, input{f, data})
		}
	}
	n := 1000
	if testing.Short() {
		n = 60
	}
	for i := 0; i < n; i++ { // generated reports of every shape, HTML or not
		name, data, _ := synth.Generate(11, i)
		inputs = append(inputs, input{name, data})
	}
	var docs []string
	for _, in := range inputs {
		if !strings.Contains(string(in.data[:min(len(in.data), 4096)]), "<") {
			continue
		}
		text, _, err := Bytes(in.data)
		if err != nil {
			continue
		}
		checkSameHTML(t, in.name, text)
		docs = append(docs, text)
	}
	pieces := []string{
		"<td>", "</td>", "<tr>", "</tr>", "<table>", "</table>", "<TD COLSPAN=2>", "<td rowspan='3' colspan=\"2\">",
		"<th rowspan=2 rowspan=5>", "<td colspan=&#50;>", "<td colspan=\"&amp;2\">", "<td Colspan=3 x='\"'>", "<meta name=Agency content='某局'>",
		"<meta name=\"year\" content=\"2023&quot;\">", "<title>", "</title>", "<title/>", "<script>", "</script>", "<script/>", "<style>", "</style>",
		"<!--", "-->", "--!>", "<!-->", "<!DOCTYPE html>", "<!doctype", "<?xml ?>", "</>", "</ x>", "<p>", "</p>", "<br/>", "<br />",
		"<div a=/>", "<textarea>", "</textarea>", "<xmp>", "</xmp>", "<plaintext>", "<noscript>", "</noscript>", "<iframe>", "</iframe>",
		"&amp;", "&lt;", "&nbsp;", "&#x4e00;", "&copy", "&", "<", ">", "/", "=", "'", "\"", " ", "\n", "\t", "\r", "\r\n", "\x00",
		"一、总体情况", "本年新收", "12", "<!--<script>-->", "<script><!--<script></script>--></script>", "<a =b>", "<a b c=d e>",
		"<tr><td>1</td><td>2</td></tr>", "\u00a0", "\u3000", "<TABLE>", "<Td>", "<SCRIPT>", "</SCRIPT >", "<td\x00>", "<t\x00d>",
		"<td colspan=2\r\n>", "<meta name=a content=\"x\r\ny\">", "<meta name=a content=\"x\x00y\">", "<![CDATA[x]]>", "<td colspan=\"2",
	}
	rng := rand.New(rand.NewSource(1))
	n = 20000
	if testing.Short() {
		n = 2000
	}
	for i := 0; i < n; i++ {
		var b strings.Builder
		for k := rng.Intn(30); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		checkSameHTML(t, "random", b.String())
	}
	t.Logf("%d documents compared", len(docs))
	// cuts and splices of real documents: truncated tags, comments, attributes
	for i := 0; i < 300 && len(docs) > 0; i++ {
		d := docs[rng.Intn(len(docs))]
		a, b := rng.Intn(len(d)+1), rng.Intn(len(d)+1)
		if a > b {
			a, b = b, a
		}
		checkSameHTML(t, "cut", d[:b])
		checkSameHTML(t, "splice", d[:a]+pieces[rng.Intn(len(pieces))]+d[b:])
	}
}

func FuzzParseHTML(f *testing.F) {
	f.Add("<table><tr><td rowspan=2 colspan=&#50;>x</td></tr></table><script>a</script><title>t</title>")
	f.Fuzz(func(t *testing.T, s string) {
		checkSameHTML(t, "fuzz", s)
	})
}

func TestSniffHTML(t *testing.T) {
	old := func(s string) bool {
		head := strings.ToLower(s[:min(len(s), 2048)])
		return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html") ||
			strings.Count(head, "<p") >= 3 || strings.Contains(head, "<table")
	}
	pieces := []string{"<HTML", "<html", "<!DOCTYPE HTML", "<!doctype html", "<P", "<p", "<Table", "<", "p", "\u212a", "\u0130", "\xff", "ß", "一", " ", "\r", "\r\n", "\n", strings.Repeat("x", 700)}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for k := rng.Intn(12); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		// sniffHTML reads the text before its line ends are folded
		if s := b.String(); sniffHTML([]byte(s), false) != old(lineFeeds([]byte(s))) {
			t.Fatalf("sniffHTML(%q) = %v", s, sniffHTML([]byte(s), false))
		}
	}
}

func TestLooksBinary(t *testing.T) {
	old := func(data []byte) bool {
		head := data
		if len(head) > 8192 {
			head = head[:8192]
		}
		ctrl := 0
		for _, b := range head {
			if b == 0 {
				return true
			}
			if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
				ctrl++
			}
		}
		return ctrl*20 > len(head)
	}
	rng := rand.New(rand.NewSource(2))
	alphabet := []byte{0, 1, 2, 0x1f, 0x20, '\n', '\r', '\t', '\f', 'a', 0x7f, 0x80, 0x9f, 0xa0, 0xe4, 0xff}
	for i := 0; i < 20000; i++ {
		b := make([]byte, rng.Intn(100))
		if rng.Intn(50) == 0 {
			b = make([]byte, 8192+rng.Intn(100))
		}
		for k := range b {
			if rng.Intn(3) == 0 {
				b[k] = alphabet[rng.Intn(len(alphabet))]
			} else {
				b[k] = byte(0x20 + rng.Intn(0xe0))
			}
		}
		if looksBinary(b) != old(b) {
			t.Fatalf("looksBinary(%q) = %v", b, looksBinary(b))
		}
	}
}

func TestLineFeeds(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 20000; i++ {
		b := make([]byte, rng.Intn(12))
		for k := range b {
			b[k] = "\r\n\fa"[rng.Intn(4)]
		}
		want := strings.ReplaceAll(string(b), "\f", "")
		want = strings.ReplaceAll(strings.ReplaceAll(want, "\r\n", "\n"), "\r", "\n")
		if got := lineFeeds(b); got != want {
			t.Fatalf("lineFeeds(%q) = %q, want %q", b, got, want)
		}
	}
}
