package parse

import (
	"testing"
	"unicode"
)

func TestReadCell(t *testing.T) {
	for _, tc := range []struct {
		in     string
		amount bool
		v      float64
		k      cellKind
	}{
		{"12", false, 12, cellNumber},
		{"０", false, 0, cellNumber},
		{"1,926", false, 1926, cellNumber},
		{"-15", false, -15, cellNumber},
		{"219.05", true, 219.05, cellNumber},
		{"251000元", true, 25.1, cellNumber},
		{"3万元", true, 3, cellNumber},
		{"—", false, 0, cellNumber},
		{"無", false, 0, cellNumber},
		{"/", false, 0, cellNumber},
		{"", false, 0, cellBlank},
		{"007", false, 0, cellRun},
		{"500000 5", false, 0, cellRun},
		{"2648-18538", false, 0, cellRun},
		{"1.", false, 0, cellRun},
		{"予以公开", false, 0, cellText},
		{"12件", false, 12, cellNumber},
		{"+5", false, 5, cellNumber},
	} {
		v, k := readCell(tc.in, tc.amount)
		if k != tc.k || k == cellNumber && v != tc.v {
			t.Errorf("readCell(%q) = %v %v, want %v %v", tc.in, v, k, tc.v, tc.k)
		}
	}
}

// TestKeepForKey checks keepForKey's shortcut for the CJK block.
func TestKeepForKey(t *testing.T) {
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r)) {
			t.Fatalf("%U is not a letter", r)
		}
	}
}
