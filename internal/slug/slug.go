// Package slug makes the ASCII URL names of agencies: pinyin of the
// Simplified name, cut into words after administrative units, so that
// 井陉矿区政府 becomes jingxingkuangqu-zhengfu.
package slug

import (
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// unitEnds are the characters after which a new word of the slug starts.
var unitEnds = map[rune]bool{'省': true, '市': true, '区': true, '县': true, '镇': true, '乡': true, '旗': true, '州': true, '盟': true}

var args = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.Normal
	a.Fallback = func(r rune, a pinyin.Args) []string { return []string{string(r)} }
	return a
}()

// Make returns the slug of an agency name: lower-case ASCII [a-z0-9-],
// never empty ("agency" when nothing is left).
func Make(name string) string {
	var b strings.Builder
	runes := []rune(name)
	for i, r := range runes {
		switch {
		case r < unicode.MaxASCII:
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToLower(r))
			} else {
				b.WriteByte('-')
			}
		case unicode.Is(unicode.Han, r):
			if p, ok := Reading(r); ok {
				b.WriteString(ascii(p))
			}
		default:
			b.WriteByte('-')
		}
		if unitEnds[r] && i+1 < len(runes) && !unitEnds[runes[i+1]] {
			b.WriteByte('-')
		}
	}
	s := collapse(b.String())
	if s == "" {
		return "agency"
	}
	return s
}

// readings keeps Reading's answers (rune → reading): go-pinyin works each
// character out again through regular expressions, and a build asks for
// the same few thousand characters for every agency and place name.
var readings sync.Map

type reading struct {
	s  string
	ok bool
}

// Reading is the first pinyin reading of r without tone marks
// (pinyin.Normal), and whether go-pinyin knows r at all.
func Reading(r rune) (string, bool) {
	if v, ok := readings.Load(r); ok {
		rd := v.(reading)
		return rd.s, rd.ok
	}
	var rd reading
	if _, known := pinyin.PinyinDict[int(r)]; known {
		if p := pinyin.SinglePinyin(r, args); len(p) > 0 {
			rd = reading{p[0], true}
		}
	}
	readings.Store(r, rd)
	return rd.s, rd.ok
}

// ascii keeps only [a-z0-9] (pinyin.Normal has no tone marks, but ü may appear as v or ü).
func ascii(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == 'ü':
			b.WriteByte('v')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// collapse folds runs of '-' into one and trims them at the ends.
func collapse(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r == '-' {
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteRune(r)
	}
	return b.String()
}
