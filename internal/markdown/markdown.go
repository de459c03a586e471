// Package markdown renders report prose with one shared goldmark instance:
// GFM and CJK extensions, raw HTML off, and only http, https and mailto
// links kept. Report text is untrusted, so nothing it contains can add
// markup, scripts or resources loaded from another host.
package markdown

import (
	"bufio"
	"bytes"
	"html/template"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var (
	once sync.Once
	md   goldmark.Markdown
)

// engine builds the goldmark instance once. html.WithUnsafe is never set,
// so raw HTML in the input is replaced by a comment and dangerous link
// schemes are dropped; the transformer below goes further.
func engine() goldmark.Markdown {
	once.Do(func() {
		md = goldmark.New(
			goldmark.WithExtensions(extension.GFM, extension.CJK),
			goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(safeLinks{}, 100))),
			goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(rawAsText{}, 100))),
		)
	})
	return md
}

// Render turns Markdown into HTML. The result is safe to insert into a page:
// goldmark escapes all text, raw HTML is off, and links and images are
// restricted by safeLinks. Headings start at <h3>, below a section's <h2>.
func Render(src string) template.HTML {
	if h, ok := plainMarkdown(src); ok {
		return h
	}
	return RenderAt(src, 3)
}

// topKey carries RenderAt's first heading level to the transformer.
var topKey = parser.NewContextKey()

// RenderAt is Render with the text's headings renumbered to start at level
// top (2 under a page's <h1>, 3 under a section's <h2>) and never skip a
// level, whatever the report's own Markdown used: `###` first becomes <h3>.
func RenderAt(src string, top int) template.HTML {
	o := outs.Get().(*out)
	defer outs.Put(o)
	o.b.Reset()
	o.w.Reset(&o.b)
	pc := parser.NewContext()
	pc.Set(topKey, top)
	if err := engine().Convert([]byte(src), o.w, parser.WithContext(pc)); err != nil || o.w.Flush() != nil {
		// goldmark only fails on writer errors; a bytes.Buffer has none.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(o.b.String()) // #nosec: goldmark output, raw HTML disabled
}

// out is where RenderAt has goldmark write: given a bufio.Writer, goldmark
// does not make one of its own (4 KB) for each text.
type out struct {
	b bytes.Buffer
	w *bufio.Writer
}

var outs = sync.Pool{New: func() any {
	o := new(out)
	o.w = bufio.NewWriter(&o.b)
	return o
}}

// Text renders plain report text: every line is a paragraph of its own, as
// in the published report. Markdown markers at the start of a line are
// escaped so "1." or "#" in a plain report stays literal.
func Text(src string) template.HTML {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	if h, ok := plainText(src); ok {
		return h
	}
	return textMarkdown(src)
}

// textMarkdown is Text through goldmark.
func textMarkdown(src string) template.HTML {
	var b strings.Builder
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		b.WriteString(escapeInline(line))
		b.WriteString("\n\n")
	}
	return RenderAt(b.String(), 3)
}

// plainText is what goldmark makes of Text's input — a <p> per line, the
// text HTML-escaped — when no line holds a byte that could make it more
// (a control character, ':' or '@' of a bare link, invalid UTF-8); ok is
// false otherwise. Most reports' prose is such text, and goldmark was
// most of the time spent on it. TestPlainText and FuzzPlainText hold it
// to goldmark's output.
func plainText(src string) (h template.HTML, ok bool) {
	if !utf8.ValidString(src) {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(src) + len(src)/8)
	for rest := src; rest != ""; {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		last := 0
		b.WriteString("<p>")
		for i := 0; i < len(line); i++ {
			c := line[i]
			var rep string
			switch {
			case c >= 0x80:
				continue
			case c < 0x20 || c == 0x7f || c == ':' || c == '@':
				return "", false
			case c == '&':
				rep = "&amp;"
			case c == '<':
				rep = "&lt;"
			case c == '>':
				rep = "&gt;"
			case c == '"':
				rep = "&quot;"
			default:
				continue
			}
			b.WriteString(line[last:i])
			b.WriteString(rep)
			last = i + 1
		}
		b.WriteString(line[last:])
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String()), true // #nosec: every '&', '<', '>' and '"' escaped
}

// plainMarkdown is what goldmark makes of Markdown that is only
// paragraphs of one line each, between blank lines, with no character
// Markdown could give a meaning to: a <p> per line, '"' escaped. ok is
// false for anything else (a heading, a list, two lines in a paragraph,
// any ASCII punctuation but ,.;/%=?'"$^ or a '-' or '+' inside a line,
// a leading number with a dot, "www.", a control character, invalid UTF-8, space at
// either end of a line). TestPlainMarkdown and FuzzPlainMarkdown hold it
// to goldmark's output.
func plainMarkdown(src string) (h template.HTML, ok bool) {
	if !utf8.ValidString(src) {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(src) + len(src)/8)
	prevBlank := true
	for rest := src; rest != ""; {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		if strings.Trim(line, " \t") == "" {
			prevBlank = true
			continue
		}
		if !prevBlank {
			return "", false // a paragraph of two lines: goldmark joins them
		}
		prevBlank = false
		first, _ := utf8.DecodeRuneInString(line)
		last, _ := utf8.DecodeLastRuneInString(line)
		digits := strings.IndexFunc(line, func(r rune) bool { return r < '0' || r > '9' })
		if unicode.IsSpace(first) || unicode.IsSpace(last) || digits >= 0 && line[digits] == '.' ||
			strings.Contains(strings.ToLower(line), "www.") {
			return "", false
		}
		b.WriteString("<p>")
		last0 := 0
		for i := 0; i < len(line); i++ {
			c := line[i]
			switch {
			case c >= 0x80, 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
				strings.IndexByte(" ,.;/%=?'$^", c) >= 0:
				continue
			case (c == '-' || c == '+') && i > 0:
				continue
			case c == '"':
				b.WriteString(line[last0:i])
				b.WriteString("&quot;")
				last0 = i + 1
			default:
				return "", false
			}
		}
		b.WriteString(line[last0:])
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String()), true // #nosec: no markup characters but '"', escaped
}

// escapeInline backslash-escapes the ASCII punctuation Markdown gives a
// meaning to, so plain text renders as written.
func escapeInline(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]()<>#+-.!|~&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// safeLinks keeps links only to http, https and mailto addresses (marked
// rel="nofollow noopener external"), turns images into links so nothing is
// loaded from another host, and moves headings below the page's own.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var images []*ast.Image
	var unlink []ast.Node
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.Link:
			if allowed(n.Destination) {
				n.SetAttributeString("rel", []byte("nofollow noopener external"))
			} else {
				unlink = append(unlink, n)
			}
		case *ast.AutoLink:
			if allowed(n.URL(src)) {
				n.SetAttributeString("rel", []byte("nofollow noopener external"))
			} else {
				unlink = append(unlink, n)
			}
		case *ast.Image:
			images = append(images, n)
		}
		return ast.WalkContinue, nil
	})
	top, _ := pc.Get(topKey).(int)
	if top == 0 {
		top = 3
	}
	renumber(headings, top)
	for _, img := range images {
		parent := img.Parent()
		if parent == nil {
			continue
		}
		if allowed(img.Destination) {
			link := ast.NewLink()
			link.Destination = img.Destination
			link.SetAttributeString("rel", []byte("nofollow noopener external"))
			for c := img.FirstChild(); c != nil; {
				next := c.NextSibling()
				link.AppendChild(link, c)
				c = next
			}
			if !link.HasChildren() {
				link.AppendChild(link, ast.NewString([]byte("图片")))
			}
			parent.ReplaceChild(parent, img, link)
		} else {
			unlink = append(unlink, img)
		}
	}
	for _, n := range unlink {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if al, ok := n.(*ast.AutoLink); ok {
			s := ast.NewString(al.Label(src))
			parent.ReplaceChild(parent, n, s)
			continue
		}
		// Keep the link's text, drop the link.
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// allowed reports whether a link destination is an absolute http, https or
// mailto address.
func allowed(dest []byte) bool {
	d := strings.ToLower(strings.TrimSpace(string(dest)))
	return strings.HasPrefix(d, "https://") || strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "mailto:")
}

// renumber maps the distinct heading levels of a text, in order, onto top,
// top+1, … (at most 6), and lets no heading go more than one level below
// the one before it, so the page's outline never skips a level.
func renumber(hs []*ast.Heading, top int) {
	used := map[int]bool{}
	for _, h := range hs {
		used[h.Level] = true
	}
	rank := map[int]int{}
	next := top
	for l := 1; l <= 6; l++ {
		if used[l] {
			rank[l] = min(next, 6)
			next++
		}
	}
	prev := top - 1
	for _, h := range hs {
		h.Level = min(rank[h.Level], prev+1)
		prev = h.Level
	}
}

// rawAsText shows HTML that a report's Markdown contains as text, escaped,
// instead of dropping it: a reader sees what the office wrote (a stray tag,
// a comment, even a script) and none of it is markup on the page.
type rawAsText struct{}

func (rawAsText) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*ast.HTMLBlock)
		if entering {
			_, _ = w.WriteString("<p class=\"raw\">")
			for i := 0; i < n.Lines().Len(); i++ {
				line := n.Lines().At(i)
				_, _ = w.Write(util.EscapeHTML(line.Value(src)))
			}
		} else {
			if n.HasClosure() {
				_, _ = w.Write(util.EscapeHTML(n.ClosureLine.Value(src)))
			}
			_, _ = w.WriteString("</p>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			n := node.(*ast.RawHTML)
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
			}
		}
		return ast.WalkSkipChildren, nil
	})
}
