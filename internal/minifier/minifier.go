// Package minifier holds the one *minify.M of a build, keyed by media type,
// so every HTML, CSS, JS, SVG, JSON and XML output goes through the same
// configured minifiers.
package minifier

import (
	"bytes"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Media types the minifier knows.
const (
	HTML = "text/html"
	CSS  = "text/css"
	JS   = "application/javascript"
	SVG  = "image/svg+xml"
	JSON = "application/json"
	XML  = "application/xml"
)

// New returns the minifier. HTML keeps the document tags (so <html lang>
// stays), end tags and quotes: the output stays easy to read and to parse.
func New() *minify.M {
	m := minify.New()
	m.Add(HTML, &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc(CSS, css.Minify)
	m.AddFunc(JS, js.Minify)
	m.AddFunc(SVG, svg.Minify)
	m.AddFunc(JSON, json.Minify)
	m.AddFunc(XML, xml.Minify)
	return m
}

// Bytes minifies data of the given media type; types it does not know are
// returned unchanged.
func Bytes(m *minify.M, mediatype string, data []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(data))
	err := m.Minify(mediatype, &out, bytes.NewReader(data))
	if err == minify.ErrNotExist {
		return data, nil
	}
	if err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// TypeOf returns the media type for a file name's extension ("" if none).
func TypeOf(name string) string {
	for ext, t := range map[string]string{".html": HTML, ".css": CSS, ".js": JS, ".svg": SVG, ".xml": XML} {
		if len(name) >= len(ext) && name[len(name)-len(ext):] == ext {
			return t
		}
	}
	return ""
}
