package decode

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// tokenizer is what parseHTML reads of golang.org/x/net/html's Tokenizer:
// token types, tag atoms, text, and the few attributes of cells and meta
// tags. It avoids the Tokenizer's copying accessors where the bytes
// themselves will do: TagName copies every tag name, and most tags'
// attributes are of no interest.
type tokenizer struct {
	z *html.Tokenizer
}

func newTokenizer(text []byte) *tokenizer {
	z := html.NewTokenizer(bytes.NewReader(text))
	z.SetMaxBuf(64 << 20)
	return &tokenizer{z: z}
}

func (t *tokenizer) next() html.TokenType { return t.z.Next() }

// maxAtomLen is the length of the longest atom name (as in
// x/net/html/atom, whose Lookup rejects longer names).
const maxAtomLen = 25

// tagAtom is the atom of the current token when it is a tag of type tt (0
// for other tokens and unknown tags). It is atom.Lookup(TagName()) without
// TagName's copy: the name is read off the raw token ("<name" or "</name"
// up to white space, '/' or '>', as the Tokenizer reads it) and lower-cased
// in ASCII on the stack. A name with a NUL (which TagName would rewrite) or
// longer than any atom is no atom either way.
func (t *tokenizer) tagAtom(tt html.TokenType) atom.Atom {
	var lt int // the length of "<" or "</"
	switch tt {
	case html.StartTagToken, html.SelfClosingTagToken:
		lt = 1
	case html.EndTagToken:
		lt = 2
	default:
		return 0
	}
	raw := t.z.Raw()
	if len(raw) < lt {
		return 0
	}
	raw = raw[lt:]
	var buf [maxAtomLen]byte
	n := 0
	for _, c := range raw {
		switch c {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			return atom.Lookup(buf[:n])
		}
		if n == len(buf) {
			return 0
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return atom.Lookup(buf[:n])
}

// text is the current text token, entities decoded; it is valid until the
// next call to next.
func (t *tokenizer) text() []byte { return t.z.Text() }

// mayHaveAttr reports whether the current tag could have an attribute
// whose key holds word (lower-case ASCII letters): whether its raw text
// holds word in any case. It saves calling attrs, which copies every key
// and value, on the many cells that have only a style.
func (t *tokenizer) mayHaveAttr(word string) bool {
	raw := t.z.Raw()
	// Look for the first letter in each case with IndexByte, which is
	// fast over the long style values of most cells.
	for _, c := range []byte{word[0], word[0] - ('a' - 'A')} {
		for i := 0; ; i++ {
			k := bytes.IndexByte(raw[i:], c)
			if k < 0 || i+k+len(word) > len(raw) {
				break
			}
			i += k
			j := 1
			for j < len(word) && raw[i+j]|0x20 == word[j] {
				j++
			}
			if j == len(word) {
				return true
			}
		}
	}
	return false
}

// attrs reads the attributes parseHTML uses off the current tag. The
// Tokenizer keeps only the first of repeated keys.
func (t *tokenizer) attrs() tagAttrs {
	var a tagAttrs
	for {
		k, v, more := t.z.TagAttr()
		switch string(k) {
		case "colspan":
			a.colspan = string(v)
		case "rowspan":
			a.rowspan = string(v)
		case "name":
			a.name = string(v)
		case "content":
			a.content = string(v)
		}
		if !more {
			return a
		}
	}
}
