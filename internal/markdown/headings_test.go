package markdown

import (
	"regexp"
	"strings"
	"testing"
)

// TestHeadingsNeverSkip: whatever levels a report's Markdown uses, its
// headings start right below the page's own and never skip a level (the Nu
// HTML Checker fails a page whose outline does).
func TestHeadingsNeverSkip(t *testing.T) {
	re := regexp.MustCompile(`<h(\d)>`)
	levels := func(h string) string {
		var b strings.Builder
		for _, m := range re.FindAllStringSubmatch(h, -1) {
			b.WriteString(m[1])
		}
		return b.String()
	}
	for _, tt := range []struct {
		in   string
		top  int
		want string
	}{
		{"### 一\n\n#### 二\n\n### 三", 3, "343"},
		{"#### 深\n\n## 浅\n\n###### 更深", 3, "334"},
		{"# 关于\n\n### 小节", 2, "23"},
		{"###### a\n\n##### b\n\n#### c\n\n### d\n\n## e\n\n# f", 3, "345543"},
	} {
		if got := levels(string(RenderAt(tt.in, tt.top))); got != tt.want {
			t.Errorf("RenderAt(%q, %d): levels %s, want %s", tt.in, tt.top, got, tt.want)
		}
	}
}
