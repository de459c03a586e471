package parse

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// wordRe is a regexp whose matches are a short list of words: alternations
// and optional parts of literal text, as the label patterns are. It finds
// the leftmost match by looking for each word, which is much faster than
// the regexp's backtracker trying every byte, and picks there the word the
// regexp would prefer. TestWordRe checks it against the regexp.
type wordRe struct {
	re    *regexp.Regexp
	words []string // nil when the pattern is not such a list: use re
}

// maxWords bounds the list a pattern may spell out to.
const maxWords = 64

func mustWords(pattern string) *wordRe {
	w := &wordRe{re: regexp.MustCompile(pattern)}
	if t, err := syntax.Parse(pattern, syntax.Perl); err == nil {
		if words, ok := spellOut(t); ok {
			for _, s := range words {
				if s == "" { // matches everywhere: leave it to the regexp
					return w
				}
			}
			w.words = words
		}
	}
	return w
}

// spellOut lists every string t matches, when those are few, in the
// order the regexp prefers them at one position (leftmost-first: the
// alternatives in order, an optional part before its absence, and a
// concatenation by its first part's order, then its second's).
func spellOut(t *syntax.Regexp) ([]string, bool) {
	switch t.Op {
	case syntax.OpLiteral:
		if t.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(t.Rune)}, true
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpCapture:
		return spellOut(t.Sub[0])
	case syntax.OpQuest:
		sub, ok := spellOut(t.Sub[0])
		return append(sub, ""), ok
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(t.Rune); i += 2 {
			for r := t.Rune[i]; r <= t.Rune[i+1]; r++ {
				if out = append(out, string(r)); len(out) > maxWords {
					return nil, false
				}
			}
		}
		return out, true
	case syntax.OpAlternate:
		var out []string
		for _, sub := range t.Sub {
			s, ok := spellOut(sub)
			if !ok || len(out)+len(s) > maxWords {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range t.Sub {
			s, ok := spellOut(sub)
			if !ok || len(out)*len(s) > maxWords {
				return nil, false
			}
			var next []string
			for _, a := range out {
				for _, b := range s {
					next = append(next, a+b)
				}
			}
			out = next
		}
		return out, true
	}
	return nil, false
}

// first returns the byte offset of the leftmost match in s, or -1.
func (w *wordRe) first(s string) int {
	best := -1
	for _, word := range w.words {
		lim := len(s)
		if best >= 0 { // only an earlier start matters
			lim = min(lim, best+len(word)-1)
		}
		if i := indexWord(s[:lim], word); i >= 0 {
			best = i
		}
	}
	return best
}

// FindStringIndex is regexp's FindStringIndex.
func (w *wordRe) FindStringIndex(s string) []int {
	if w.words == nil {
		return w.re.FindStringIndex(s)
	}
	at := w.first(s)
	if at < 0 {
		return nil
	}
	// A match starts at at: the regexp takes the first word, in its order
	// of preference, that is there.
	for _, word := range w.words {
		if strings.HasPrefix(s[at:], word) {
			return []int{at, at + len(word)}
		}
	}
	return w.re.FindStringIndex(s) // cannot happen; stay correct regardless
}

// MatchString is regexp's MatchString.
func (w *wordRe) MatchString(s string) bool {
	if w.words == nil {
		return w.re.MatchString(s)
	}
	return w.first(s) >= 0
}

// FindAllStringIndex is regexp's FindAllStringIndex(s, -1); the words are
// never empty, so the matches simply follow one another.
func (w *wordRe) FindAllStringIndex(s string) [][]int {
	if w.words == nil {
		return w.re.FindAllStringIndex(s, -1)
	}
	var out [][]int
	for pos := 0; pos <= len(s); {
		loc := w.FindStringIndex(s[pos:])
		if loc == nil {
			break
		}
		out = append(out, []int{pos + loc[0], pos + loc[1]})
		pos += loc[1]
	}
	return out
}

// indexWord is strings.Index(s, w). strings.Index looks for w's first byte,
// and in Chinese text that byte (E4–E9) starts nearly every character; the
// last byte of a character is far rarer, so this looks for that instead
// and checks the bytes before it: about 3x faster on report text.
func indexWord(s, w string) int {
	k := len(w) - 1
	if k < 0 {
		return 0
	}
	c := w[k]
	for i := k; i < len(s); i++ {
		j := strings.IndexByte(s[i:], c)
		if j < 0 {
			return -1
		}
		i += j
		if s[i-k:i+1] == w {
			return i - k
		}
	}
	return -1
}

// containsWord is strings.Contains(s, w), by indexWord.
func containsWord(s, w string) bool { return indexWord(s, w) >= 0 }
