package markdown

import (
	"strings"
	"testing"
)

func TestRenderSafe(t *testing.T) {
	tests := []struct {
		name, in  string
		want      []string
		forbidden []string
	}{
		{"raw html", "<script>alert(1)</script>\n\n正文<b onclick=x>粗</b>", []string{"正文", "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b onclick=x&gt;"}, []string{"<script", "<b", "<!--"}},
		{"comment breakout", "<!-- --><script>x()</script>\n\n--><img src=x onerror=y()>", []string{"&lt;!-- --&gt;&lt;script&gt;", "--&gt;&lt;img"}, []string{"<script", "<img", "<!--"}},
		{"js link", "[点我](javascript:alert(1))", []string{"点我"}, []string{"javascript", "<a"}},
		{"relative link", "[站内](../x)", []string{"站内"}, []string{"<a"}},
		{"http link", "[官网](https://www.gov.cn/)", []string{`href="https://www.gov.cn/"`, `rel="nofollow noopener external"`}, nil},
		{"image", "![图](https://evil.example/x.png)", []string{`<a href="https://evil.example/x.png"`, "图"}, []string{"<img"}},
		{"data image", "![x](data:image/png;base64,AAAA)", []string{"x"}, []string{"<img", "data:"}},
		{"heading", "# 标题", []string{"<h3>标题</h3>"}, nil},
		{"linkify", "见 https://www.gov.cn/a 。", []string{`href="https://www.gov.cn/a"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Render(tt.in))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in %s", w, got)
				}
			}
			for _, f := range tt.forbidden {
				if strings.Contains(got, f) {
					t.Errorf("found %q in %s", f, got)
				}
			}
		})
	}
}

func TestText(t *testing.T) {
	got := string(Text("一、总体情况\n1.第一点 <i>x</i>\r\n\n# 不是标题"))
	want := "<p>一、总体情况</p>\n<p>1.第一点 &lt;i&gt;x&lt;/i&gt;</p>\n<p># 不是标题</p>\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
