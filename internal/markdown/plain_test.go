package markdown

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/report"
	"gongkai/internal/synth"
)

// plainInputs are texts for the plain-text path: every character class
// Markdown gives a meaning to, at line starts and inside lines.
var plainInputs = []string{
	"一、总体情况\n1.第一点 <i>x</i>\r\n\n# 不是标题",
	"  前后空白　\n\n\t\n",
	"1. 列表\n- 列表\n+ 列表\n* 列表\n> 引用\n```\n~~~\n---\n***\n___\n===\n|a|b|\n[a]: /x\n",
	"**粗** _斜_ ~~删~~ `码` [链](x) ![图](y) <b>标签</b> &amp; &#35; &copy \\ \\\\ \"引\" 'x'",
	"共 1,234 件，同比增长 12.5%；（一）（二）=> a=b ? c ^ d $ e / f ; g",
	"a\rb\nc\x00d\ne\x7ff\n\xff\xfe",
	"见 https://www.gov.cn/a 。\n邮箱 a@b.cn\nwww.gov.cn\nftp://x 冒号: 值",
	"\u00a0全角\u3000空格\u200b零宽\ufeffBOM\u2028行\u2029段",
	"    缩进代码\n\t制表符开头\n行尾空格  \n行尾反斜杠\\",
	"<!-- 注释 -->\n<script>x()</script>\n<div>块</div>",
	"*\n-\n+\n#\n>\n|\n1.\n1)\n!\n",
	"",
}

// markdownInputs are Markdown texts for the plain path of Render.
var markdownInputs = []string{
	"一段。\n\n二段，有 \"引号\" 与 'x' 50% a/b; c=d? $e ^f 1.5 a-b a+b\n",
	"一行\n接着一行\n\n另一段",
	"\n\n  \n\t\n段\n\n",
	"# 标题\n\n- 列表\n+ 列表\n1. 列表\n2) 列表\n2022年\n2022.\n> 引\n---\n===\n=\n",
	"段一\n===\n\n段二\n---\n",
	"见 www.gov.cn 与 WWW.GOV.CN\n\nhttps://x.cn a@b.cn",
	"  缩进\n\n    代码\n\n\t制表\n\n行尾  \n\n全角　\n\n\u00a0不换行",
	"\ufeffBOM\n\n零宽\u200b\n\n\u2028\n\nA\r\nB",
	"*强* _斜_ ~删~ `码` [链](x) <b> &amp; \\ | 表 |",
	"",
}

// TestPlainMarkdown: wherever plainMarkdown takes a text, it writes what
// goldmark writes for it: over the inputs above, each of their lines, and
// the Markdown sections of a synthetic corpus and of the bundled reports.
func TestPlainMarkdown(t *testing.T) {
	inputs := append([]string{}, markdownInputs...)
	for _, s := range append(markdownInputs, plainInputs...) {
		inputs = append(inputs, strings.Split(s, "\n")...)
	}
	for _, r := range sampleReports(t) {
		if r.Source.Format == "markdown" {
			for _, s := range r.Sections {
				inputs = append(inputs, s.Text)
			}
		}
	}
	plain := 0
	for _, in := range inputs {
		got, ok := plainMarkdown(in)
		if !ok {
			continue
		}
		plain++
		if want := RenderAt(in, 3); got != want {
			t.Errorf("plainMarkdown(%q):\n got %q\nwant %q", in, got, want)
		}
		if Render(in) != got {
			t.Errorf("Render(%q) does not take the plain path", in)
		}
	}
	t.Logf("%d of %d inputs plain", plain, len(inputs))
	if plain < len(inputs)/4 {
		t.Errorf("only %d of %d inputs plain", plain, len(inputs))
	}
	for _, in := range []string{"a\nb", "# a", "- a", "1. a", "a*b", "a_b", "a<b", "a&b", "www.x", " a", "a ", "a\tb", "\xff"} {
		if _, ok := plainMarkdown(in); ok {
			t.Errorf("plainMarkdown took %q", in)
		}
	}
}

// FuzzPlainMarkdown: whatever plainMarkdown takes, goldmark renders the
// same.
func FuzzPlainMarkdown(f *testing.F) {
	for _, s := range append(markdownInputs, plainInputs...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if got, ok := plainMarkdown(in); ok {
			if want := RenderAt(in, 3); got != want {
				t.Errorf("plainMarkdown(%q):\n got %q\nwant %q", in, got, want)
			}
		}
	})
}

// sampleReports are the reports of a synthetic corpus and the bundled ones.
func sampleReports(t *testing.T) []*report.Report {
	var out []*report.Report
	gn := synth.Generator{Seed: 9}
	for i := 0; i < 150; i++ {
		name, data, _ := gn.Generate(i)
		if r, err := parse.File(name, data); err == nil {
			out = append(out, r)
		}
	}
	files, _ := filepath.Glob("../../content/*/*")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if r, err := parse.File(filepath.Base(f), data); err == nil {
			out = append(out, r)
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d reports", len(out))
	}
	return out
}

// goldmarkOnly is Text without the plain path.
func goldmarkOnly(src string) string {
	return string(textMarkdown(strings.ReplaceAll(src, "\r\n", "\n")))
}

// TestPlainText: wherever plainText takes a text, it writes what goldmark
// writes for it: over the inputs above, each of their lines, and the prose
// of a synthetic corpus and of the bundled reports.
func TestPlainText(t *testing.T) {
	inputs := append([]string{}, plainInputs...)
	for _, s := range plainInputs {
		inputs = append(inputs, strings.Split(s, "\n")...)
	}
	for _, r := range sampleReports(t) {
		for _, s := range r.Sections {
			inputs = append(inputs, s.Text)
		}
	}
	plain := 0
	defer func() { t.Logf("%d of %d inputs plain", plain, len(inputs)) }()
	for _, in := range inputs {
		got, ok := plainText(strings.ReplaceAll(in, "\r\n", "\n"))
		if !ok {
			continue
		}
		plain++
		if want := goldmarkOnly(in); string(got) != want {
			t.Errorf("plainText(%q):\n got %q\nwant %q", in, got, want)
		}
		if Text(in) != got {
			t.Errorf("Text(%q) does not take the plain path", in)
		}
	}
	// The synthetic prose is plain; the hostile inputs above mostly are too.
	if plain < len(inputs)/2 {
		t.Errorf("only %d of %d inputs plain", plain, len(inputs))
	}
	for _, in := range []string{"a:b", "a@b", "a\tb", "a\rb", "\xff"} {
		if _, ok := plainText(in); ok {
			t.Errorf("plainText took %q", in)
		}
	}
}

// FuzzPlainText: whatever plainText takes, goldmark renders the same.
func FuzzPlainText(f *testing.F) {
	for _, s := range plainInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, ok := plainText(strings.ReplaceAll(in, "\r\n", "\n"))
		if !ok {
			return
		}
		if want := goldmarkOnly(in); string(got) != want {
			t.Errorf("plainText(%q):\n got %q\nwant %q", in, got, want)
		}
	})
}
