package decode

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// tokenizer is what parseHTML reads of golang.org/x/net/html's Tokenizer:
// token types, tag atoms, text, and the values of a few attributes, read
// only when asked for (most tags' attributes are of no interest).
type tokenizer struct {
	z       *html.Tokenizer
	hasAttr bool // the current tag has attributes not yet read
	read    bool // attrs holds the current tag's attributes
	attrs   []tagAttr
}

type tagAttr struct{ key, val string }

func newTokenizer(text string) *tokenizer {
	z := html.NewTokenizer(strings.NewReader(text))
	z.SetMaxBuf(64 << 20)
	return &tokenizer{z: z}
}

func (t *tokenizer) next() html.TokenType {
	t.hasAttr, t.read, t.attrs = false, false, t.attrs[:0]
	return t.z.Next()
}

// tagAtom is the current tag's atom (0 for an unknown tag) and whether it
// has attributes.
func (t *tokenizer) tagAtom() (atom.Atom, bool) {
	name, hasAttr := t.z.TagName()
	t.hasAttr = hasAttr
	return atom.Lookup(name), hasAttr
}

// text is the current text token, entities decoded.
func (t *tokenizer) text() string { return string(t.z.Text()) }

// attrValue is the value of the current tag's attribute key ("" when it
// has none); call tagAtom first.
func (t *tokenizer) attrValue(key string) string {
	if !t.read {
		t.read = true
		for t.hasAttr {
			k, v, more := t.z.TagAttr()
			t.attrs = append(t.attrs, tagAttr{string(k), string(v)})
			t.hasAttr = more
		}
	}
	for _, a := range t.attrs {
		if a.key == key {
			return a.val
		}
	}
	return ""
}
