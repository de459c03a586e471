package parse_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/parse"
	"gongkai/internal/validate"
)

// TestBadInput: a file that is not a report is an error naming the file, never a panic.
func TestBadInput(t *testing.T) {
	seed, err := os.ReadFile("testdata/corpus/real/08_pingtan_2024.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string // part of the error; "" = must parse
	}{
		{"empty.txt", nil, "empty file"},
		{"blank.txt", []byte("\n\n  \n"), "not an annual report"},
		{"binary.txt", []byte("\x00\x01\x02PK\x03\x04\x00\x00junk"), "binary"},
		{"utf16.txt", []byte{0xFF, 0xFE, 'a', 0}, "UTF-16"},
		{"prose.txt", []byte("关于召开会议的通知\n各单位：定于明日召开会议。\n"), "not an annual report"},
		{"huge.txt", bytes.Repeat([]byte("一"), parse.MaxBytes/3+10), "larger than any report"},
		{"truncated.html", seed[:len(seed)/2], ""},
		{"untitled.html", []byte("<html><body><table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr></table>"), "no title"},
		{"title-only.txt", []byte("某某区政府2023年政府信息公开工作年度报告\n"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := parse.File(tc.name, tc.data)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				validate.Report(r)
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.name) {
				t.Errorf("error %q should name the file and say %q", err, tc.want)
			}
		})
	}
}

// TestNoMadeUpZero: a blank cell is null, never 0, and is reported.
func TestNoMadeUpZero(t *testing.T) {
	data, err := os.ReadFile("testdata/corpus/seeds/zhanhe-2020.txt")
	if err != nil {
		t.Fatal(err)
	}
	r, err := parse.File("zhanhe.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	validate.Report(r)
	if _, ok := r.Tables.Get("review.review.total"); ok {
		t.Error("blank review cell got a value")
	}
	for _, c := range r.Checks {
		if c.ID == "structure.cells" && (c.Status != "warn" || !strings.Contains(c.Message, "行政复议")) {
			t.Errorf("structure.cells = %s %q, want a warning naming 行政复议", c.Status, c.Message)
		}
	}
}

// FuzzFile feeds arbitrary bytes, under each extension, to the parser and checks.
func FuzzFile(f *testing.F) {
	// one file of each shape keeps the fuzzer's warm-up short
	for _, p := range []string{"seeds/zhanhe-2020.txt", "seeds/jingxingkuang-2023.txt", "seeds/haizhou-2023.md",
		"real/01_shanghai_bgt_2019.html", "real-flat/06_pingtan_2023_flat.txt"} {
		data, _ := os.ReadFile(filepath.Join("testdata/corpus", p))
		f.Add(data, uint8(len(p)%3))
	}
	for _, p := range []string{"pdf/08_pingtan_2024.layout-big.txt", "pdf/hubin-2023.layout-narrow.txt", "pdf/01_shanghai_bgt_2019.raw.txt", "word/01_shanghai_bgt_2019.txt"} {
		data, _ := os.ReadFile(filepath.Join("testdata", p)) // text from PDFs and Word
		f.Add(data, uint8(0))
	}
	crashers, _ := filepath.Glob("testdata/crashers/*")
	for _, p := range crashers {
		data, _ := os.ReadFile(p)
		f.Add(data, uint8(0))
		f.Add(data, uint8(2))
	}
	exts := []string{".txt", ".md", ".html"}
	f.Fuzz(func(t *testing.T, data []byte, ext uint8) {
		r, err := parse.File("fuzz"+exts[int(ext)%3], data)
		if err != nil {
			if strings.Contains(err.Error(), "internal parser error") {
				t.Fatal(err) // a recovered panic is still a bug
			}
			return
		}
		validate.Report(r)
		for p := range r.Tables.All() {
			if strings.Count(p, ".") != 2 {
				t.Fatalf("bad cell path %q", p)
			}
		}
	})
}

// TestHostileText: invisible and bidi characters never reach the model;
// markup stays text (escaping is the pages' job) and nothing breaks parsing.
func TestHostileText(t *testing.T) {
	src := "---\nurl: javascript:alert(1)\n---\n" +
		"<script>alert(1)</script>\u202e某\u200b区\"><img src=x onerror=alert(1)>2023年政府信息公开工作年度报告\n" +
		"一、总体情况\n见[链接](javascript:alert(1)) <!-- --> \u202eevil\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n" +
		"一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
	r, err := parse.File("../../etc/passwd.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	validate.Report(r)
	if r.Source.URL != "" {
		t.Errorf("non-http url kept: %q", r.Source.URL)
	}
	for _, s := range []string{r.AgencyAsWritten, r.Agency, r.Sections[0].Text} {
		if strings.ContainsAny(s, "\u202e\u200b") {
			t.Errorf("invisible characters kept in %q", s)
		}
	}
	if r.AgencyAsWritten == "" {
		t.Error("agency lost")
	}
	for _, c := range r.AgencySlug {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			t.Fatalf("slug %q", r.AgencySlug)
		}
	}
	if r.Tables.At("requests.new.total") != 1 {
		t.Errorf("table not read: %v", r.Tables.At("requests.new.total"))
	}
}

// TestTitles: the agency and year from the ways a title is written.
func TestTitles(t *testing.T) {
	body := "\n一、总体情况\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
	for _, tc := range []struct {
		title, agency string
		year          int
	}{
		{"某某区人民政府2023年政府信息公开工作年度报告", "某某区人民政府", 2023},
		{"2022年上海市政府信息公开工作年度报告", "上海市", 2022},
		{"某某市教育局政府信息公开工作2021年度报告", "某某市教育局", 2021},
		{"某某县人民政府关于2020年度政府信息公开工作年度报告", "某某县人民政府", 2020},
		{"某某镇人民政府二〇二三年政府信息公开工作年度报告", "某某镇人民政府", 2023},
		{"二〇二二年度某某区政务公开工作年度报告", "某某区", 2022},
		{"某某区財政局 2024 年政府信息公開工作年度報告", "某某区财政局", 2024},
		{"当前位置：首页 > 政务公开 > 年报 某某区商务局2023年政府信息公开工作年度报告 来源：某某区", "某某区商务局", 2023},
		{"某某区司法局政府信息公开工作年度报告\n统计期限为2022年1月1日至2022年12月31日。", "某某区司法局", 2022},
		{"2023年政府信息公开工作年度报告 - 某某区人民政府", "某某区人民政府", 2023},
		{"某某区人民政府\n2021年政府信息公开工作年度报告", "某某区人民政府", 2021},
		// flattened page text: the title runs on into the first sentence
		{"平潭综合实验区2019年政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》（以下简称《条例》）、《福建省政府信息公开办法》（以下简称《办法》）、《福建省人民政府办公厅关于印发福建省2019年政务公开工作要点的通知》等文件要求，我区编制完成了本报告。本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分。本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。", "平潭综合实验区", 2019},
		{"【某某区人民政府2023年政府信息公开工作年度报告】", "某某区人民政府", 2023},
		{"《某某县人民政府2022年政府信息公开工作年度报告》", "某某县人民政府", 2022},
		{"某某市自来水公司（集团）2021年政府信息公开工作年度报告", "某某市自来水公司(集团)", 2021},
		{"某某区人民政府办公室关于公布2023年政府信息公开工作年度报告的通知", "某某区人民政府办公室", 2023},
		{"关于某某区司法局2023年政府信息公开工作年度报告", "某某区司法局", 2023},
		{"某某县人民政府办公室关于印发某某县2022年政府信息公开工作年度报告的通知", "某某县", 2022},
		{"某某区人民政府 - 某某区2024年度政府信息公开工作年度报告", "某某区", 2024},
		{"政府信息公开年报_某某区财政局2024年度政府信息公开工作年度报告", "某某区财政局", 2024},
		{"某某区人民政府门户网站 | 某某区2023年政府信息公开工作年度报告", "某某区", 2023},
		{"title: 某某区2023年政府信息公开工作年度报告", "某某区", 2023},
		{"---\ntitle: 某某区应急管理局2022年政府信息公开工作年度报告\nurl: https://example.gov.cn/a.htm\n---\n本报告根据《条例》编制。", "某某区应急管理局", 2022},
		// a PDF in reading order sets the title's year apart, and a line of
		// prose that names the report after a date is not the title
		{"年某某区人民政府办公室政府信息公开工作年度报告\n发布日期：2020-01-31\n本年度报告根据《条例》编制。本年度报\n告中所列数据统计期限从2019年1月1日到12月31日止。本年度报告电子版可从门户网站下载。\n2019", "某某区人民政府办公室", 2019},
		// a sidebar's link to another year is not the title
		{"相关链接\n2023年报\n2019年某某区商务局政府信息公开工作年度报告", "某某区商务局", 2019},
	} {
		r, err := parse.File("t.txt", []byte(tc.title+body))
		if err != nil {
			t.Errorf("%q: %v", tc.title, err)
			continue
		}
		if r.Agency != tc.agency || r.Year != tc.year {
			t.Errorf("%q: agency %q year %d, want %q %d", tc.title, r.Agency, r.Year, tc.agency, tc.year)
		}
	}
}

// TestArabicHeadings: parts numbered 1、…6、 are found like 一、…六、.
func TestArabicHeadings(t *testing.T) {
	src := "某区政府2023年政府信息公开工作年度报告\n1、总体情况\n概述。\n2、主动公开政府信息情况\n3、收到和处理政府信息公开申请情况\n" +
		"一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n4、政府信息公开行政复议、行政诉讼情况\n5、存在的主要问题及改进情况\n问题。\n6、其他需要报告的事项\n无。\n"
	r, err := parse.File("a.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Sections) != 6 {
		t.Fatalf("%d parts found, want 6: %+v", len(r.Sections), r.Sections)
	}
	if r.Tables.At("requests.new.total") != 1 {
		t.Error("table 三 lost")
	}
}

// TestHTMLTitles: a page's <title> wins over a sidebar link to another
// year's report; a page whose <title> is only the site's name, and whose
// body has no title line, names its report in the ArticleTitle meta tag
// that government CMSs (TRS) write.
func TestHTMLTitles(t *testing.T) {
	const body = `<p>一、总体情况</p><p>三、收到和处理政府信息公开申请情况</p>
<table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table></body></html>`
	for _, tc := range []struct {
		name, head, sidebar, agency string
		year                        int
	}{
		{"title first", `<title>某某区人民政府2023年政府信息公开工作年度报告_某某区人民政府网</title>`,
			`<div><a href="x">某某区人民政府2022年政府信息公开工作年度报告</a></div>`, "某某区人民政府", 2023},
		{"ArticleTitle", `<title>某某区人民政府门户网站</title><meta name="ArticleTitle" content="某某区教育局2023年政府信息公开工作年度报告">`,
			`<p>本报告根据《条例》编制。</p>`, "某某区教育局", 2023},
	} {
		r, err := parse.File("t.html", []byte("<html><head>"+tc.head+"</head><body>\n"+tc.sidebar+"\n"+body))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if r.Agency != tc.agency || r.Year != tc.year {
			t.Errorf("%s: agency %q year %d, want %s %d", tc.name, r.Agency, r.Year, tc.agency, tc.year)
		}
	}
}
