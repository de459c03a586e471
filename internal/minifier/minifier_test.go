package minifier

import "testing"

func TestBytes(t *testing.T) {
	m := New()
	for _, tt := range []struct{ typ, in, want string }{
		{HTML, "<!doctype html>\n<html lang=\"zh-CN\">\n<head><title> 标题 </title></head>\n<body>\n  <p class=\"a\">  文字  </p>\n</body>\n</html>\n",
			`<!doctype html><html lang="zh-CN"><head><title>标题</title></head><body><p class="a">文字</p></body></html>`},
		{CSS, "a {  color : #ffffff ; }", "a{color:#fff}"},
		{SVG, `<svg xmlns="http://www.w3.org/2000/svg"> <rect x="1.0" y="2"/> </svg>`, `<svg xmlns="http://www.w3.org/2000/svg"><rect x="1" y="2"/></svg>`},
		{"text/csv", "a, b\n", "a, b\n"},
	} {
		got, err := Bytes(m, tt.typ, []byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.typ, got, err, tt.want)
		}
	}
	if TypeOf("a/b.svg") != SVG || TypeOf("x.csv") != "" {
		t.Error("TypeOf")
	}
}
