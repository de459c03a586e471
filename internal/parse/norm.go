package parse

import (
	"strings"
	"unicode"

	"gongkai/internal/textnorm"
)

// simplifyRunes returns s in Simplified characters with full-width forms
// folded, rune for rune, so that an index into the result is an index into
// s. Label matching runs on this form; display keeps the original.
func simplifyRunes(s []rune) []rune {
	simp := []rune(textnorm.ToSimplified(string(s)))
	if len(simp) != len(s) { // the table maps single runes; be safe anyway
		simp = make([]rune, len(s))
		for i, r := range s {
			rr := []rune(textnorm.ToSimplified(string(r)))
			simp[i] = r
			if len(rr) == 1 {
				simp[i] = rr[0]
			}
		}
	}
	for i, r := range simp {
		simp[i] = foldRune(r)
	}
	return simp
}

// foldRune maps full-width ASCII and odd spaces to their plain forms.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000, r == 0x00A0, r == 0x200B, r == 0xFEFF:
		return ' '
	case r == '．':
		return '.'
	case r == '、':
		return '、'
	}
	return r
}

// keyed is a matching form of a text: only letters, digits and Han, in
// Simplified form, with a map from each kept rune back to the original.
type keyed struct {
	orig     []rune // the original text
	key      string // kept runes
	at       []int  // rune index in key → rune index in orig
	byteRune []int  // byte offset in key → rune index in key
	runeByte []int  // rune index in key → byte offset in key
}

func newKeyed(orig, simp []rune) *keyed {
	k := &keyed{orig: orig}
	var b strings.Builder
	for i, r := range simp {
		if !keepForKey(r) {
			continue
		}
		k.runeByte = append(k.runeByte, b.Len())
		for j := 0; j < len(string(r)); j++ {
			k.byteRune = append(k.byteRune, len(k.at))
		}
		k.at = append(k.at, i)
		b.WriteRune(r)
	}
	k.byteRune = append(k.byteRune, len(k.at))
	k.runeByte = append(k.runeByte, b.Len())
	k.key = b.String()
	return k
}

func keepForKey(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r)
}

// span maps a byte range of key back to a rune range [from, to) of orig.
func (k *keyed) span(b0, b1 int) (int, int) {
	r0, r1 := k.byteRune[b0], k.byteRune[b1]
	if r0 >= len(k.at) {
		return len(k.orig), len(k.orig)
	}
	return k.at[r0], k.at[r1-1] + 1
}

// runeToByte converts a rune index of orig to the byte offset in key of the
// first kept rune at or after it.
func (k *keyed) keyOffset(origRune int) int {
	// binary search over at
	lo, hi := 0, len(k.at)
	for lo < hi {
		m := (lo + hi) / 2
		if k.at[m] < origRune {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return k.runeByte[lo]
}
