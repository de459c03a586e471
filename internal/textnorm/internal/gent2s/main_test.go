package main

import "testing"

func TestParseDict(t *testing.T) {
	m, skipped, err := parseDict([]byte(`export default "區 区|乾 干 乾|一丁 一丁|𠁞 𠀾";` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if skipped != 1 || len(m) != 3 || m['區'] != '区' || m['乾'] != '干' || m['𠁞'] != '𠀾' {
		t.Errorf("got %v (skipped %d)", m, skipped)
	}
	for _, bad := range []string{`no literal`, `export default "區";`, `export default "區 区|區 區";`} {
		if _, _, err := parseDict([]byte(bad)); err == nil {
			t.Errorf("parseDict(%q): no error", bad)
		}
	}
}

func TestCompose(t *testing.T) {
	compat := map[rune]rune{0xF9B2: '零', 0xF900: '豈'}
	ts := map[rune]rune{'麼': '么', '爲': '为', '為': '为', '纔': '才', '薴': '苧', '苧': '苎', '豈': '岂'}
	tw := map[rune]rune{'么': '幺', '著': '着', '才': '纔', '為': '爲'}
	hk := map[rune]rune{'衆': '眾'}
	got, err := compose(compat, ts, tw, hk)
	if err != nil {
		t.Fatal(err)
	}
	want := map[rune]rune{
		0xF9B2: '零', 0xF900: '岂', '豈': '岂',
		'麼': '么', '爲': '为', '為': '为', '纔': '才', '薴': '苎', '苧': '苎',
		'著': '着', '衆': '眾',
	}
	if len(got) != len(want) {
		t.Errorf("got %d entries %q, want %d", len(got), got, len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%c → %c, want %c", k, got[k], v)
		}
	}
	if _, ok := got['么']; ok {
		t.Errorf("Simplified 么 must not map (TWVariantsRev gives 幺)")
	}
}
