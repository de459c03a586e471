package build

import (
	"strings"
	"testing"
)

// TestHashStrings: the keys are those the hasher has always made (a new
// encoding would render every agency of every site again on its next
// build, and its cache be read for nothing), and the length prefixes keep
// ("ab", "c") apart from ("a", "bc").
func TestHashStrings(t *testing.T) {
	for _, c := range []struct {
		ss   []string
		want string
	}{
		{[]string{"ab", "c"}, "43ee655579de01ca739b3f95c1c2d3f4"},
		{[]string{"a", "bc"}, "9a8acca1b6c6c0befd3fbc756aed625d"},
		{nil, "e3b0c44298fc1c149afbf4c8996fb924"},
		{[]string{"", "报告 2024", string(make([]byte, 300))}, "0ccf19afc2e3a3a49d34afc754054e2f"},
	} {
		if got := hashStrings(c.ss...); got != c.want {
			t.Errorf("hashStrings(%q) = %s, want %s", c.ss, got, c.want)
		}
	}
	// Strings added one call at a time hash as those added at once.
	h, sum := newHasher()
	h.add("ab")
	h.add("c")
	if got := sum(); got != hashStrings("ab", "c") {
		t.Errorf("added one at a time: %s, want %s", got, hashStrings("ab", "c"))
	}
}

// BenchmarkAgencyKeyHash: what agencyKey hashes for an agency of five
// reports.
func BenchmarkAgencyKeyHash(b *testing.B) {
	site := strings.Repeat("0", 32)
	b.ReportAllocs()
	for b.Loop() {
		h, sum := newHasher()
		h.add(site, "anchengshi-hehuaqu-zhengfu", "安成市鹤华区人民政府", "an cheng shi he hua qu ren min zheng fu", "acshhqrmzf")
		h.add("安成市鹤华区人民政府")
		h.add("region", "anchengshi-hehuaqu", "鹤华区")
		for range 5 {
			h.add("report", "anchengshi-hehuaqu-zhengfu/2024", ".cache/corpus-20000/reports/r011334-2024.txt", "2e4bfd5b7c57406bec2c4ecea982bbb9")
		}
		_ = sum()
	}
}
