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

// simplifyString is simplifyRunes for a string. Most lines are already
// Simplified and plain: those are returned as they are, without a copy.
func simplifyString(s string) string { return simplifyCounting(s, nil) }

// simplifyCounting is simplifyString that also adds s to the script
// counter sc (if not nil), saving a second pass over the text.
func simplifyCounting(s string, sc *textnorm.ScriptCounter) string {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf { // ASCII never changes
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if n == 1 || foldRune(textnorm.SimplifyRune(r)) != r { // invalid bytes become U+FFFD
			return simplifyFrom(s, i, sc)
		}
		if sc != nil {
			sc.AddRune(r)
		}
		i += n
	}
	return s
}

// simplifyFrom is simplifyCounting once byte i is known to change.
func simplifyFrom(s string, i int, sc *textnorm.ScriptCounter) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	run := 0 // start of the unchanged bytes not yet written
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if sc != nil {
			sc.AddRune(r)
		}
		if f := foldRune(textnorm.SimplifyRune(r)); n == 1 || f != r {
			b.WriteString(s[run:i])
			b.WriteRune(f)
			run = i + n
		}
		i += n
	}
	b.WriteString(s[run:])
	return b.String()
}

// writeNoSpace writes s without its white space: the bytes of
// strings.Join(strings.Fields(s), ""), copied a run at a time.
func writeNoSpace(b *strings.Builder, s string) {
	run := 0 // start of the run of non-space bytes being gathered
	for i := 0; i < len(s); {
		c := s[i]
		n, space := 1, false
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
		} else if highRune(s, i) {
			n = 3
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			b.WriteString(s[run:i])
			run = i + n
		}
		i += n
	}
	b.WriteString(s[run:])
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// hasSpace reports white space as strings.Fields sees it.
func hasSpace(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				return true
			}
			i++
			continue
		}
		if highRune(s, i) {
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return true
		}
		i += n
	}
	return false
}

// highRune reports a valid three-byte rune from U+4000 to U+CFFF or
// U+E000 to U+FFFF at s[i] (Han, most of Chinese text): no white space is
// there, so the space scans step over it without decoding it.
func highRune(s string, i int) bool {
	return i+2 < len(s) && (s[i] >= 0xE4 && s[i] <= 0xEC || s[i] >= 0xEE) && s[i] <= 0xEF &&
		s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80
}

// foldRune maps full-width ASCII and odd spaces to their plain forms.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000, r == 0x00A0, r == 0x200B, r == 0xFEFF, r >= 0x2000 && r <= 0x200A, r == 0x202F, r == 0x205F:
		return ' ' // and the typographic spaces (1 926 with a thin space)
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

// newKeyed keys the lines' simplified text, each line followed by a
// newline as in orig, their original text.
func newKeyed(orig []rune, lines []lineT) *keyed {
	return newKeyedIn(orig, lines, make([]int32, 0, len(orig)), make([]int32, 0, len(orig)+1))
}

// newKeyedIn is newKeyed with its indexes appended to at and runeByte
// (empty, with room for len(orig) and one more).
func newKeyedIn(orig []rune, lines []lineT, at, runeByte []int32) *keyed {
	k := &keyed{orig: orig, at: at, runeByte: runeByte}
	size := 0 // the key is at most the simplified text's bytes
	for _, l := range lines {
		size += len(l.Simp)
	}
	var buf strings.Builder // its String is the key without a copy
	buf.Grow(size)
	i := 0 // rune index in the simplified text
	for _, l := range lines {
		s := l.Simp
		run := 0 // start of the kept bytes not yet written: kept runes are copied a run at a time
		for j, r := range s {
			if keepForKey(r) { // never U+FFFD, so never an invalid byte: its bytes are its encoding
				k.runeByte = append(k.runeByte, int32(buf.Len()+j-run))
				k.at = append(k.at, int32(i))
			} else {
				buf.WriteString(s[run:j])
				run = j + utf8.RuneLen(r)
				if r == utf8.RuneError {
					_, run = utf8.DecodeRuneInString(s[j:]) // an invalid byte, or U+FFFD itself
					run += j
				}
			}
			i++
		}
		buf.WriteString(s[run:])
		i++ // the newline, never kept
	}
	k.runeByte = append(k.runeByte, int32(buf.Len()))
	k.key = buf.String()
	return k
}

func keepForKey(r rune) bool {
	if r < 0x80 {
		return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	if r >= 0x4E00 && r <= 0x9FFF { // CJK Unified Ideographs: all letters (TestKeepForKey)
		return true
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
