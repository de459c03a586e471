package region

import (
	"reflect"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestParsePath(t *testing.T) {
	got := ParsePath(" 河北省 / 石家莊市›井陘礦區／鳳山鎮 ")
	want := []Place{{"河北省", Province}, {"石家庄市", City}, {"井陉矿区", County}, {"凤山镇", Township}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParsePath = %v, want %v", got, want)
	}
	if got := ParsePath("北京市/海淀区"); got[0].Level != Province {
		t.Errorf("municipality level %v", got)
	}
	if ParsePath(" / ") != nil {
		t.Error("empty path")
	}
}

func TestFrontMatter(t *testing.T) {
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().String("---\r\ntitle: x\r\nregion: \"河北省/石家庄市/井陉矿区\"\r\n---\r\n正文")
	for in, want := range map[string]string{
		"\ufeff---\nRegion: 河北省/石家庄市\n---\n正文": "河北省/石家庄市",
		gbk:                                "河北省/石家庄市/井陉矿区",
		"---\ntitle: x\n---\nregion: 不是\n": "",
		"region: 不是\n":                     "",
		"":                                 "",
	} {
		if got := FrontMatter([]byte(in)); got != want {
			t.Errorf("FrontMatter(%q) = %q, want %q", in, got, want)
		}
	}
}
