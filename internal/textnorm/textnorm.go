// Package textnorm computes normalised forms of report text for matching:
// Traditional→Simplified characters, width folding, and label/agency keys.
// It never changes what is displayed; callers keep the original text.
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The table comes from OpenCC's dictionaries; see README.md for the npm
// package and how to fetch it.
//go:generate go run ./internal/gent2s -src ${OPENCC_JS} -out t2s_table.go

// t2s returns the Simplified form of r and whether it differs from r.
func t2s(r rune) (rune, bool) {
	// Everything below the first key (ASCII, Latin, CJK punctuation, kana)
	// is rejected without a search.
	if r < t2sFrom[0] || r > t2sFrom[t2sLen-1] {
		return r, false
	}
	// Most Han runes in Simplified text are not in the table; the bitmap
	// turns those misses into one load instead of a 12-step search.
	if r <= 0xFFFF && t2sBMP[r>>6]&(1<<(r&63)) == 0 {
		return r, false
	}
	lo, hi := 0, t2sLen
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t2sFrom[m] < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < t2sLen && t2sFrom[lo] == r {
		return t2sTo[lo], true
	}
	return r, false
}

// SimplifyRune is ToSimplified for one rune.
func SimplifyRune(r rune) rune {
	out, _ := t2s(r)
	return out
}

// t2sBMP has bit r set when BMP rune r is in t2sFrom (8 KiB, built at
// start-up in a few microseconds).
var t2sBMP = func() (bm [0x10000 / 64]uint64) {
	for _, r := range t2sFrom {
		if r <= 0xFFFF {
			bm[r>>6] |= 1 << (r & 63)
		}
	}
	return bm
}()

// ToSimplified maps every rune through the Traditional→Simplified table
// (OpenCC t2s, tw2s and hk2s single characters, plus CJK compatibility
// ideographs to their unified forms). It works rune by rune, without
// OpenCC's phrase dictionaries, so it is for matching rather than display.
// Invalid UTF-8 bytes are copied through unchanged. When nothing maps, s
// itself is returned without allocating.
func ToSimplified(s string) string {
	for i, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if _, ok := t2s(r); ok {
			return toSimplifiedFrom(s, i)
		}
	}
	return s
}

func toSimplifiedFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if t, ok := t2s(r); ok {
			b.WriteRune(t)
		} else {
			// Copy the original bytes so invalid UTF-8 survives as it was.
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Script reports "traditional" when s clearly is Traditional Chinese text,
// else "simplified". A handful of mappable characters also occur in ordinary
// Simplified text (著 in 显著, 乾 in 乾隆, 於 as a surname), so it takes at
// least scriptMinRunes of them and a share of scriptMinPermille of the Han
// runes.
func Script(s string) string {
	var c ScriptCounter
	c.Add(s)
	return c.Script()
}

// ScriptCounter is Script over several pieces of text without joining them:
// Script(a+b) == (Add(a), Add(b)).Script() when a and b split at a rune.
type ScriptCounter struct{ han, trad int }

// Add counts the Han runes of s.
func (c *ScriptCounter) Add(s string) {
	for _, r := range s {
		c.AddRune(r)
	}
}

// AddRune counts one rune of the text, for callers that decode it anyway.
func (c *ScriptCounter) AddRune(r rune) {
	if r < utf8.RuneSelf || !isHan(r) {
		return
	}
	c.han++
	// Compatibility ideographs map too, but only to look-alikes: they say
	// nothing about the script.
	if _, ok := t2s(r); ok && !isCompat(r) {
		c.trad++
	}
}

// Script is the verdict on the text added so far.
func (c *ScriptCounter) Script() string {
	if c.trad >= scriptMinRunes && c.trad*1000 >= c.han*scriptMinPermille {
		return "traditional"
	}
	return "simplified"
}

// isHan is unicode.Is(unicode.Han, r) with the common cases first: nothing
// below U+2E80 is Han, and the CJK Unified Ideographs block all is.
func isHan(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case r >= 0x4E00 && r <= 0x9FFF:
		return true
	}
	return unicode.Is(unicode.Han, r)
}

const (
	scriptMinRunes    = 3
	scriptMinPermille = 30 // 3 %; Traditional reports score ~20 %, Simplified ~0
)

// isCompat reports whether r is a CJK compatibility ideograph.
func isCompat(r rune) bool {
	return r >= 0xF900 && r <= 0xFAFF || r >= 0x2F800 && r <= 0x2FA1F
}

// fold returns the width-folded form of r; drop means r is invisible and
// goes away.
func fold(r rune) (out rune, changed, drop bool) {
	switch {
	case r < utf8.RuneSelf:
		return r, false, false
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII: ０-９ Ａ-Ｚ （ ， ． ：…
		return r - 0xFF01 + '!', true, false
	case r >= 0xFFE0 && r <= 0xFFE6: // full-width signs ￠￡￢￣￤￥￦
		return fullwidthSigns[r-0xFFE0], true, false
	case r == 0x00A0, r == 0x1680, r >= 0x2000 && r <= 0x200A, r == 0x202F, r == 0x205F, r == 0x3000:
		// Every Unicode space separator (Zs): NBSP, en/em/thin…, ideographic.
		return ' ', true, false
	case r >= 0x200B && r <= 0x200F, // zero-width space, ZWNJ, ZWJ, LRM, RLM
		r >= 0x202A && r <= 0x202E, // bidi embeddings and overrides
		r >= 0x2060 && r <= 0x2064, // word joiner and invisible operators
		r >= 0x2066 && r <= 0x2069, // bidi isolates
		r == 0xFEFF,                // BOM / zero-width no-break space
		r == 0x00AD:                // soft hyphen, invisible unless a line breaks
		return 0, true, true
	}
	return r, false, false
}

var fullwidthSigns = [...]rune{'¢', '£', '¬', '¯', '¦', '¥', '₩'}

// Fold folds widths: full-width ASCII (U+FF01–FF5E, so ０-９, Ａ-Ｚ, （，．：
// and the rest) becomes ASCII, every Unicode space (U+3000, NBSP, …) becomes
// ' ', and zero-width characters, bidi controls and soft hyphens are removed.
// Han characters are untouched. When nothing changes, s itself is returned
// without allocating.
func Fold(s string) string {
	for i, r := range s {
		if _, changed, _ := fold(r); changed {
			return foldFrom(s, i)
		}
	}
	return s
}

func foldFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if f, changed, drop := fold(r); drop {
			// nothing
		} else if changed {
			b.WriteRune(f)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Key returns a matching key for table labels and agency names:
// ToSimplified(Fold(s)) without whitespace and without brackets, quotes and
// separators (see keyDrop). What is left are Han characters, letters, digits
// and the few symbols that carry meaning (%, -, /, …). Invalid UTF-8 becomes
// U+FFFD so that Key(Key(s)) == Key(s) for every s.
//
//	Key("（二）部分公开（区分处理的，只计这一情形）") == "二部分公开区分处理的只计这一情形"
//	Key("1． 属于国家秘密") == Key("1、属于国家秘密") == "1属于国家秘密"
//	Key("井陘礦區政府") == "井陉矿区政府"
func Key(s string) string {
	// One pass doing fold, t2s and the filter per rune; same result as
	// chaining Fold and ToSimplified, with a single allocation.
	var b strings.Builder
	for i, r := range s {
		f, _, drop := fold(r)
		if drop || keyDropped(f) {
			continue
		}
		if t, ok := t2s(f); ok {
			f = t
		}
		if b.Cap() == 0 {
			b.Grow(len(s) - i)
		}
		b.WriteRune(f) // RuneError from invalid bytes is written as U+FFFD
	}
	return b.String()
}

// keyDropped reports whether r (already width-folded) is left out of keys.
func keyDropped(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiDrop[r]
	}
	// All of keyDrop and every space lie outside this block, which holds the
	// CJK ideographs: the common case costs one comparison.
	if r >= 0x3100 && r < 0xFE50 {
		return false
	}
	return unicode.IsSpace(r) || strings.ContainsRune(keyDrop, r)
}

// keyDrop lists the non-ASCII marks Key removes: brackets of every kind,
// quotes, enumeration comma and middle dots. Full-width forms need no entry
// because they are folded to ASCII first.
const keyDrop = "【】〔〕〖〗〘〙《》〈〉「」『』﹙﹚﹛﹜﹝﹞⟨⟩“”‘’、·・‧•"

// asciiDrop marks the ASCII whitespace and punctuation Key removes.
var asciiDrop = func() (t [utf8.RuneSelf]bool) {
	for _, c := range " \t\n\v\f\r()[]{}<>\"',.:;|" {
		t[c] = true
	}
	return t
}()
