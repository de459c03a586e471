// Package decode turns the bytes of a report file into lines of cells:
// it detects the encoding (UTF-8 with or without BOM, GB18030/GBK), folds
// line ends, and flattens every shape — tab-separated text, Markdown pipe
// tables, one-cell-per-line exports between `|` markers, HTML with
// colspan/rowspan — into the same Doc the parser reads.
package decode

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Format names of SPEC §2 source.format.
const (
	Text     = "text"
	Markdown = "markdown"
	HTML     = "html"
)

// Line is one line of text or one table row. Cells hold the row's cells in
// order; a plain text line has one cell.
type Line struct {
	No    int // 1-based line in the decoded text (0 when unknown, e.g. inside HTML)
	Cells []string
	// Row is true for table rows whose cell boundaries were printed (tab,
	// pipe or HTML); positional blanks in a Row are blank cells.
	Row bool
}

// Text joins the cells with tabs.
func (l Line) Text() string { return strings.Join(l.Cells, "\t") }

// Doc is a decoded report.
type Doc struct {
	Format   string
	Encoding string
	Title    string // the HTML <title>, if any
	Meta     map[string]string
	Lines    []Line
	// Exact is true when row cells were delimited on both sides (HTML,
	// pipes): a trailing blank cell is then a blank, not a stray tab.
	Exact bool
}

// ErrNotText is returned for binary input.
var ErrNotText = errors.New("not a text file (binary content)")

// Bytes decodes raw file bytes into UTF-8 text with LF line ends, and names the encoding.
func Bytes(data []byte) (string, string, error) {
	if len(data) == 0 {
		return "", "", errors.New("empty file")
	}
	enc := "utf-8"
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "", "", errors.New("UTF-16 text is not supported; save the file as UTF-8 or GB18030")
	}
	if looksBinary(data) {
		return "", "", ErrNotText
	}
	var s string
	if utf8.Valid(data) {
		s = string(data)
	} else {
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return "", "", fmt.Errorf("neither UTF-8 nor GB18030: %v", err)
		}
		enc = "gb18030"
		s = string(out)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s, enc, nil
}

// looksBinary reports NUL bytes or many control characters in the first 8 KB.
func looksBinary(data []byte) bool {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	ctrl := 0
	for _, b := range head {
		if b == 0 {
			return true
		}
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			ctrl++
		}
	}
	return ctrl*20 > len(head)
}

// File decodes a report file; the format comes from the name's extension,
// falling back to sniffing for HTML.
func File(name string, data []byte) (*Doc, error) {
	text, enc, err := Bytes(data)
	if err != nil {
		return nil, err
	}
	lower := strings.ToLower(name)
	var doc *Doc
	switch {
	case strings.HasSuffix(lower, ".html"), strings.HasSuffix(lower, ".htm"), sniffHTML(text):
		doc = parseHTML(text)
	case strings.HasSuffix(lower, ".md"), strings.HasSuffix(lower, ".markdown"):
		doc = parseText(text)
		doc.Format = Markdown
	default:
		doc = parseText(text)
	}
	doc.Encoding = enc
	return doc, nil
}

func sniffHTML(s string) bool {
	head := strings.ToLower(s[:min(len(s), 2048)])
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html") ||
		strings.Count(head, "<p") >= 3 || strings.Contains(head, "<table")
}

// parseText splits plain text or Markdown into lines of cells.
func parseText(text string) *Doc {
	doc := &Doc{Format: Text, Meta: map[string]string{}}
	raw := strings.Split(text, "\n")
	start := frontMatter(raw, doc.Meta)
	cellPerLine := countBarLines(raw) >= 5
	for i := start; i < len(raw); i++ {
		ln := raw[i]
		t := strings.TrimSpace(ln)
		switch {
		case cellPerLine && t == "|":
			// One cell per line between `|` markers: gather until the next marker.
			row := Line{No: i + 1, Row: true}
			j := i + 1
			for ; j < len(raw); j++ {
				c := strings.TrimSpace(raw[j])
				if c == "|" || !strings.HasSuffix(c, "|") {
					break
				}
				row.Cells = append(row.Cells, strings.TrimSpace(strings.TrimRight(c, "| ")))
			}
			if len(row.Cells) > 0 {
				doc.Lines = append(doc.Lines, row)
				doc.Exact = true
			}
			i = j - 1
		case strings.HasPrefix(t, "|") && strings.Count(t, "|") >= 3:
			if isPipeRule(t) {
				continue
			}
			cells := strings.Split(strings.Trim(t, "|"), "|")
			for k := range cells {
				cells[k] = strings.TrimSpace(cells[k])
			}
			doc.Lines = append(doc.Lines, Line{No: i + 1, Cells: cells, Row: true})
			doc.Format = Markdown
			doc.Exact = true
		case strings.Contains(ln, "\t"):
			cells := strings.Split(ln, "\t")
			for k := range cells {
				cells[k] = strings.TrimSpace(cells[k])
			}
			doc.Lines = append(doc.Lines, Line{No: i + 1, Cells: cells, Row: true})
		default:
			doc.Lines = append(doc.Lines, Line{No: i + 1, Cells: []string{strings.TrimRight(ln, " ")}})
		}
	}
	return doc
}

// frontMatter reads a leading `---` block of `key: value` lines into meta
// and returns the index of the first line after it.
func frontMatter(lines []string, meta map[string]string) int {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return 0
	}
	for i := 1; i < len(lines) && i < 50; i++ {
		t := strings.TrimSpace(lines[i])
		if t == "---" {
			for _, l := range lines[1:i] {
				if k, v, ok := strings.Cut(l, ":"); ok {
					meta[strings.ToLower(strings.TrimSpace(k))] = strings.Trim(strings.TrimSpace(v), `"'`)
				}
			}
			return i + 1
		}
	}
	return 0
}

func countBarLines(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.TrimSpace(l) == "|" {
			n++
		}
	}
	return n
}

// isPipeRule reports a Markdown table separator row like |---|:--:|.
func isPipeRule(t string) bool {
	// "| - | - |" is a row of zeros; a separator has runs of dashes or colons
	return strings.Trim(t, "|-: ") == "" && (strings.Contains(t, "--") || strings.Contains(t, ":-") || strings.Contains(t, "-:"))
}
