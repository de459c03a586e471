package parse

import (
	"regexp"
	"strconv"
	"strings"
)

// cellKind says what one printed cell holds.
type cellKind int

const (
	cellBlank  cellKind = iota // nothing printed: null
	cellNumber                 // a number (dash, slash and 无 are zero)
	cellRun                    // digits that may be several cells run together
	cellText                   // words, not a value
)

var (
	thousands = regexp.MustCompile(`^-?\d{1,3}(,\d{3})+(\.\d+)?$`)
)

// isZeroMark reports the ways a report prints "none".
func isZeroMark(s string) bool {
	switch s {
	case "—", "-", "－", "–", "——", "/", "无", "無", "／", "--", "−":
		return true
	}
	return false
}

// readCell classifies one printed cell and returns its value. amount is
// true for 万元 columns: a value written in 元 is converted.
func readCell(s string, amount bool) (float64, cellKind) {
	if allDigits(s) && isPlainNumber(s) { // the common cell: nothing to fold, trim or strip
		if len(s) <= 15 { // exact in a float64, as ParseFloat would give it
			n := 0
			for i := 0; i < len(s); i++ {
				n = n*10 + int(s[i]-'0')
			}
			return float64(n), cellNumber
		}
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return v, cellNumber
		}
	}
	s = strings.TrimSpace(foldString(s))
	if s == "" {
		return 0, cellBlank
	}
	if isZeroMark(s) {
		return 0, cellNumber
	}
	scale := 1.0
	switch {
	case strings.HasSuffix(s, "万元"):
		s = strings.TrimSuffix(s, "万元")
	case strings.HasSuffix(s, "元"):
		s = strings.TrimSuffix(s, "元")
		if amount {
			scale = 1e-4
		}
	}
	for _, unit := range []string{"件", "个", "项", "条", "次", "宗"} {
		s = strings.TrimSuffix(s, unit)
	}
	s = strings.TrimSpace(s)
	if len(s) > 1 && s[0] == '+' { // 本年增/减 may print +5
		s = s[1:]
	}
	if strings.IndexByte(s, ',') >= 0 && thousands.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	if isPlainNumber(s) {
		v, err := strconv.ParseFloat(s, 64)
		if err == nil {
			if scale != 1 {
				v = round(v * scale)
			}
			return v, cellNumber
		}
	}
	if isDigitRun(s) {
		return 0, cellRun
	}
	return 0, cellText
}

// round drops float noise from unit conversion (251000元 → 25.1, not 25.100000000000001).
func round(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 8, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// foldString maps full-width characters to ASCII.
func foldString(s string) string {
	return strings.Map(foldRune, s)
}

// isPlainNumber matches -?(0|[1-9][0-9]*)(\.[0-9]+)? without a regexp: it
// runs for every printed cell.
func isPlainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || intPart[0] == '0' && len(intPart) > 1 || hasDot && frac == "" {
		return false
	}
	return allDigits(intPart) && allDigits(frac)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isDigitRun matches digits possibly mixed with spaces, dots and minus signs:
// cells that ran together.
func isDigitRun(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c == ' ' || c == '.' || c == '-':
		default:
			return false
		}
	}
	return digit
}
