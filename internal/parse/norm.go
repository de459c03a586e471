package parse

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/textnorm"
)

// simplifyRunes returns s in Simplified characters with full-width forms
// folded, rune for rune, so that an index into the result is an index into
// s. Label matching runs on this form; display keeps the original.
func simplifyRunes(s []rune) []rune {
	out := make([]rune, len(s))
	for i, r := range s {
		out[i] = foldRune(textnorm.SimplifyRune(r))
	}
	return out
}

// simplifyString is simplifyRunes for a string.
func simplifyString(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(textnorm.SimplifyRune(r)))
	}
	return b.String()
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
	orig     []rune  // the original text
	key      string  // kept runes
	at       []int32 // rune index in key → rune index in orig
	runeByte []int32 // rune index in key → byte offset in key (one past the end last)
}

func newKeyed(orig, simp []rune) *keyed {
	k := &keyed{orig: orig, at: make([]int32, 0, len(simp)), runeByte: make([]int32, 0, len(simp)+1)}
	buf := make([]byte, 0, len(simp)*3)
	for i, r := range simp {
		if !keepForKey(r) {
			continue
		}
		k.runeByte = append(k.runeByte, int32(len(buf)))
		k.at = append(k.at, int32(i))
		buf = utf8.AppendRune(buf, r)
	}
	k.runeByte = append(k.runeByte, int32(len(buf)))
	k.key = string(buf)
	return k
}

func keepForKey(r rune) bool {
	if r < 0x80 {
		return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r)
}

// runeAt is the index in key of the rune starting at byte offset b.
func (k *keyed) runeAt(b int) int {
	return sort.Search(len(k.runeByte), func(i int) bool { return int(k.runeByte[i]) >= b })
}

// span maps a byte range of key back to a rune range [from, to) of orig.
func (k *keyed) span(b0, b1 int) (int, int) {
	r0, r1 := k.runeAt(b0), k.runeAt(b1)
	if r0 >= len(k.at) {
		return len(k.orig), len(k.orig)
	}
	return int(k.at[r0]), int(k.at[r1-1]) + 1
}

// keyOffset converts a rune index of orig to the byte offset in key of the
// first kept rune at or after it.
func (k *keyed) keyOffset(origRune int) int {
	lo := sort.Search(len(k.at), func(i int) bool { return int(k.at[i]) >= origRune })
	return int(k.runeByte[lo])
}
