// Package decode turns the bytes of a report file into lines of cells:
// it detects the encoding (UTF-8 with or without BOM, GB18030/GBK), folds
// line ends, and flattens every shape — tab-separated text, Markdown pipe
// tables, one-cell-per-line exports between `|` markers, HTML with
// colspan/rowspan — into the same Doc the parser reads.
package decode

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
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
	b, enc, err := utf8Bytes(data)
	if err != nil {
		return "", "", err
	}
	return lineFeeds(b), enc, nil
}

// utf8Bytes is Bytes before line ends are folded: for UTF-8, data itself
// less any BOM; for GB18030, the decoded text in a new slice.
func utf8Bytes(data []byte) ([]byte, string, error) {
	if len(data) == 0 {
		return nil, "", errors.New("empty file")
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, "", errors.New("UTF-16 text is not supported; save the file as UTF-8 or GB18030")
	}
	if looksBinary(data) {
		return nil, "", ErrNotText
	}
	if utf8.Valid(data) {
		return data, "utf-8", nil
	}
	// Decoder.Bytes, with room for the UTF-8 (up to 1.5 times the size
	// for Chinese) from the start instead of growing to it
	out, _, err := transform.Append(simplifiedchinese.GB18030.NewDecoder(), make([]byte, 0, len(data)*3/2+64), data)
	if err != nil {
		return nil, "", fmt.Errorf("neither UTF-8 nor GB18030: %v", err)
	}
	return out, "gb18030", nil
}

// appendLF appends b to dst with CRLF and lone CR line ends folded to LF.
// dst may be b[:0]: the text only shrinks.
func appendLF(dst, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(append(dst, b[:i]...), '\n')
		if i+1 < len(b) && b[i+1] == '\n' {
			i++
		}
		b = b[i+1:]
	}
}

// lineFeeds returns b as a string with CRLF and lone CR line ends folded to
// LF, and form feeds dropped (pdftotext's page breaks, at the start of a
// page's first line), copying it once.
func lineFeeds(b []byte) string {
	if bytes.IndexByte(b, '\f') >= 0 {
		b = bytes.ReplaceAll(b, []byte{'\f'}, nil)
	}
	i := bytes.IndexByte(b, '\r')
	if i < 0 {
		return string(b)
	}
	var s strings.Builder
	s.Grow(len(b))
	for i >= 0 {
		s.Write(b[:i])
		s.WriteByte('\n')
		if i+1 < len(b) && b[i+1] == '\n' {
			i++
		}
		b = b[i+1:]
		i = bytes.IndexByte(b, '\r')
	}
	s.Write(b)
	return s.String()
}

// looksBinary reports NUL bytes or many control characters in the first 8 KB.
func looksBinary(data []byte) bool {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl, i := 0, 0
	// Eight bytes at a time: most words have no byte below 0x20 at all.
	for ; i+8 <= len(head); i += 8 {
		x := binary.LittleEndian.Uint64(head[i:])
		if (x-0x2020202020202020)&^x&0x8080808080808080 == 0 {
			continue
		}
		ctrl += countCtrl(head[i : i+8])
	}
	ctrl += countCtrl(head[i:])
	return ctrl*20 > len(head)
}

// countCtrl counts control bytes other than line ends, tabs and form feeds.
func countCtrl(b []byte) int {
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			n++
		}
	}
	return n
}

// File decodes a report file; the format comes from the name's extension,
// falling back to sniffing for HTML.
func File(name string, data []byte) (*Doc, error) {
	b, enc, err := utf8Bytes(data)
	if err != nil {
		return nil, err
	}
	lower := strings.ToLower(name)
	var doc *Doc
	switch {
	case strings.HasSuffix(lower, ".html"), strings.HasSuffix(lower, ".htm"), sniffHTML(b, isMarkdown(lower)):
		// The tokenizer copies what it reads: HTML needs no string of its
		// own, only a copy with LF line ends when it has CRs.
		if bytes.IndexByte(b, '\r') >= 0 {
			if enc == "utf-8" { // b is the caller's data
				b = appendLF(make([]byte, 0, len(b)), b)
			} else {
				b = appendLF(b[:0], b)
			}
		}
		doc = parseHTML(b)
	case isMarkdown(lower):
		doc = parseText(lineFeeds(b))
		doc.Format = Markdown
	default:
		doc = parseText(lineFeeds(b))
	}
	doc.Encoding = enc
	return doc, nil
}

func isMarkdown(lowerName string) bool {
	return strings.HasSuffix(lowerName, ".md") || strings.HasSuffix(lowerName, ".markdown")
}

// sniffHTML looks for HTML markers in the first 2 KB of the text once its
// line ends are folded. Markdown may hold HTML tables and paragraphs of its
// own: it is HTML only when it is a whole page (<html>, <!doctype html>).
func sniffHTML(b []byte, markdown bool) bool {
	// That head lower-cased in ASCII only, on the stack: the markers are
	// ASCII, and no other rune lower-cases to one of their letters.
	var buf [2048]byte
	n := 0
	for i := 0; i < len(b) && n < len(buf); i++ {
		c := b[i]
		switch {
		case c == '\r':
			c = '\n'
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	head := buf[:n]
	if bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype html")) {
		return true
	}
	return !markdown && (bytes.Count(head, []byte("<p")) >= 3 || bytes.Contains(head, []byte("<table")))
}

// parseText splits plain text or Markdown into lines of cells.
func parseText(text string) *Doc {
	doc := &Doc{Format: Text, Meta: map[string]string{}}
	raw := strings.Split(text, "\n")
	start := frontMatter(raw, doc.Meta)
	cellPerLine := countBarLines(raw) >= 5
	doc.Lines = make([]Line, 0, len(raw)-start)
	// room for a cell a line and one more a tab: the cells of most texts
	slab := make(cellSlab, 0, len(raw)-start+strings.Count(text, "\t"))
	htmlTables := hasTableTag(text)
	csvRows := countCSVRows(raw) >= 5
	// A Markdown grid table's row may take several lines between its
	// +---+ rules (a long label wrapped in its cell): gathered here, one row.
	var grid []Line
	inGrid := false
	flushGrid := func() {
		doc.Lines = append(doc.Lines, mergeGridRow(grid, &slab)...)
		grid = grid[:0]
	}
	for i := start; i < len(raw); i++ {
		ln := raw[i]
		t := strings.TrimSpace(ln)
		if inGrid {
			switch {
			case isGridRule(t):
				flushGrid()
				continue
			case strings.HasPrefix(t, "|") && strings.Count(t, "|") >= 3:
				grid = append(grid, Line{No: i + 1, Cells: slab.pipeCells(t), Row: true})
				doc.Format, doc.Exact = Markdown, true
				continue
			default:
				flushGrid()
				inGrid = false
			}
		} else if isGridRule(t) {
			inGrid = true
			continue
		}
		if htmlTables && hasTableTag(ln) {
			// An HTML table inside Markdown or text (converters write one
			// where cells span): read as HTML up to its closing tag, so
			// that its rows are rows and its markup is not text.
			if j := tableEnd(raw, i); j >= 0 {
				for _, l := range parseHTML([]byte(strings.Join(raw[i:j+1], "\n"))).Lines {
					l.No = i + 1
					doc.Lines = append(doc.Lines, l)
				}
				doc.Exact = true
				i = j
				continue
			}
			htmlTables = false // never closed: a "<table" in prose; the rest stays text
		}
		if csvRows && strings.IndexByte(ln, '\t') < 0 {
			if cells, ok := csvRow(ln, 1); ok {
				// tables saved from a spreadsheet as CSV: every cell is
				// delimited, trailing blanks too, as a tab copy's are
				doc.Lines = append(doc.Lines, Line{No: i + 1, Cells: slab.keep(cells...), Row: true})
				continue
			}
		}
		if boxRow(t) {
			// a table drawn with box characters (│规章│0│) or full-width
			// bars (｜规章｜0｜): a pipe table's row
			t = boxToPipes.Replace(t)
		} else if boxRule(t) {
			continue // ┌──┬──┐, ├──┼──┤, └──┴──┘: the box's rules
		}
		switch {
		case cellPerLine && t == "|":
			// One cell per line between `|` markers: gather until the next marker.
			// Each cell is written as its text and " |", so a blank cell is
			// an indented " |"; the marker starts its line.
			flush := ln == "|"
			j := i + 1
			for j < len(raw) {
				c := strings.TrimSpace(raw[j])
				if c == "|" && !(flush && blankCellLine(raw[j])) || !strings.HasSuffix(c, "|") {
					break
				}
				j++
			}
			if j > i+1 {
				cells := slab.take(j - i - 1)
				for k := range cells {
					cells[k] = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(raw[i+1+k]), "| "))
				}
				doc.Lines = append(doc.Lines, Line{No: i + 1, Cells: cells, Row: true})
				doc.Exact = true
			}
			i = j - 1
		case strings.HasPrefix(t, "|") && strings.Count(t, "|") >= 3:
			if isPipeRule(t) {
				continue
			}
			doc.Lines = append(doc.Lines, Line{No: i + 1, Cells: slab.pipeCells(t), Row: true})
			if strings.HasPrefix(strings.TrimSpace(ln), "|") { // not a box-drawn row
				doc.Format = Markdown
			}
			doc.Exact = true
		case strings.IndexByte(ln, '\t') >= 0:
			doc.Lines = append(doc.Lines, Line{No: i + 1, Cells: slab.split(ln, '\t'), Row: true})
		default:
			doc.Lines = append(doc.Lines, Line{No: i + 1, Cells: slab.keep(strings.TrimRight(ln, " "))})
		}
	}
	flushGrid()
	return doc
}

// cellSlab hands out the cells of lines from shared arrays: one allocation
// for many lines rather than one or more each.
type cellSlab []string

// take returns n blank cells. They are full to capacity: an append to them
// moves them rather than overwriting the next line's.
func (s *cellSlab) take(n int) []string {
	if cap(*s)-len(*s) < n {
		*s = make([]string, 0, max(n, 256))
	}
	m := len(*s)
	*s = (*s)[:m+n]
	return (*s)[m : m+n : m+n]
}

// keep returns a copy of cells.
func (s *cellSlab) keep(cells ...string) []string {
	c := s.take(len(cells))
	copy(c, cells)
	return c
}

// split is strings.Split(line, string(sep)) with each cell trimmed of white
// space.
func (s *cellSlab) split(line string, sep byte) []string {
	cells := s.take(strings.Count(line, string(sep)) + 1)
	last := len(cells) - 1
	for k := range last {
		i := strings.IndexByte(line, sep)
		cells[k] = strings.TrimSpace(line[:i])
		line = line[i+1:]
	}
	cells[last] = strings.TrimSpace(line)
	return cells
}

// pipeCells splits a pipe table's row, less one bar off each end: "|||3|"
// is two blank cells, then 3.
func (s *cellSlab) pipeCells(row string) []string {
	return s.split(strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|"), '|')
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
		if strings.IndexByte(l, '|') >= 0 && strings.TrimSpace(l) == "|" { // most lines have no |
			n++
		}
	}
	return n
}

// csvRow reads a line as a row of comma-separated values when it looks
// like one: at least minFigures figures, and nothing but figures and blanks
// after the first (label cells come first). Figures may be quoted ("1,926").
func csvRow(ln string, minFigures int) ([]string, bool) {
	if len(ln) > 1000 || strings.Count(ln, ",") < 2 {
		return nil, false // a table's row is short; flattened text is not
	}
	r := csv.NewReader(strings.NewReader(ln))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	fields, err := r.Read()
	if err != nil || len(fields) < 3 {
		return nil, false
	}
	figures := 0
	for _, f := range fields {
		switch f = strings.TrimSpace(f); {
		case f == "":
		case csvFigure(f):
			figures++
		case figures > 0:
			return nil, false // words after a figure: prose with commas
		}
	}
	for k := range fields {
		fields[k] = strings.TrimSpace(fields[k])
	}
	return fields, figures >= minFigures
}

// csvFigure reports a cell that is a number or a zero mark.
func csvFigure(f string) bool {
	switch f {
	case "—", "-", "－", "/", "无", "無":
		return true
	}
	digits := 0
	for _, r := range f {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',' || r == '-' || r == '+':
		default:
			return false
		}
	}
	return digits > 0
}

// countCSVRows counts the lines with two figures or more that csvRow takes
// (up to 5: enough to call the text's tables CSV).
func countCSVRows(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.IndexByte(l, ',') < 0 || strings.IndexByte(l, '\t') >= 0 {
			continue // most lines: no ASCII comma
		}
		if _, ok := csvRow(l, 2); ok {
			if n++; n == 5 {
				break
			}
		}
	}
	return n
}

// isGridRule reports a Markdown grid table's rule: +----+:===:+.
func isGridRule(t string) bool {
	return len(t) >= 3 && t[0] == '+' && t[len(t)-1] == '+' && strings.Trim(t, "+-=: ") == "" && (strings.Contains(t, "--") || strings.Contains(t, "=="))
}

// mergeGridRow joins the lines of one grid-table row cell by cell (a
// wrapped label's pieces, in order); lines that do not have the same
// cells stay lines of their own.
func mergeGridRow(rows []Line, slab *cellSlab) []Line {
	if len(rows) < 2 {
		return slices.Clone(rows)
	}
	for _, r := range rows[1:] {
		if len(r.Cells) != len(rows[0].Cells) {
			return slices.Clone(rows)
		}
	}
	cells := slab.take(len(rows[0].Cells))
	for k := range cells {
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(r.Cells[k])
		}
		cells[k] = b.String()
	}
	return []Line{{No: rows[0].No, Cells: cells, Row: true}}
}

// boxRules are the box-drawing characters (U+2500–257F) of a text table's
// rules (not "-" or "—": alone on a line, those are a zero).
const boxRules = "─━┌┍┎┏┐┑┒┓└┕┖┗┘┙┚┛├┝┞┟┠┡┢┣┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋═╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬ 　"

var boxToPipes = strings.NewReplacer("│", "|", "┃", "|", "║", "|", "｜", "|")

// boxRow reports a row of a table drawn with box characters or full-width
// bars: it starts with one and has three or more.
func boxRow(t string) bool {
	if t == "" || t[0] != 0xE2 && t[0] != 0xEF { // the first byte of │┃║ and of ｜
		return false // most lines
	}
	if r, _ := utf8.DecodeRuneInString(t); r != '│' && r != '┃' && r != '║' && r != '｜' {
		return false
	}
	n := 0
	for _, bar := range []string{"│", "┃", "║", "｜"} {
		n += strings.Count(t, bar)
	}
	return n >= 3
}

// boxRule reports a line of three or more box-drawing characters.
func boxRule(t string) bool {
	if t == "" || t[0] != 0xE2 { // the first byte of U+2500–257F
		return false
	}
	if r, _ := utf8.DecodeRuneInString(t); r < 0x2500 || r > 0x257F {
		return false
	}
	return utf8.RuneCountInString(t) >= 3 && strings.Trim(t, boxRules) == ""
}

// hasTableTag reports a "<table" tag in s, in any case.
func hasTableTag(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0; {
		if len(s)-i > 6 && strings.EqualFold(s[i+1:i+6], "table") && strings.ContainsRune(" \t\n>/", rune(s[i+6])) {
			return true
		}
		k := strings.IndexByte(s[i+1:], '<')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

// tableEnd is the line of lines[from:] where the tables opened from
// lines[from] on are all closed again; -1 when they never are (a "<table"
// in prose: the rest of the text stays text).
func tableEnd(lines []string, from int) int {
	depth := 0
	for j := from; j < len(lines); j++ {
		l := strings.ToLower(lines[j])
		depth += strings.Count(l, "<table") - strings.Count(l, "</table")
		if depth <= 0 {
			return j
		}
	}
	return -1
}

// blankCellLine reports a line that is white space, then "|": a blank
// cell where the row markers are "|" alone.
func blankCellLine(l string) bool {
	return l != "" && (l[0] == ' ' || l[0] == '\t') && strings.TrimSpace(l) == "|"
}

// isPipeRule reports a Markdown table separator row like |---|:--:|.
func isPipeRule(t string) bool {
	// "| - | - |" is a row of zeros; a separator has runs of dashes or colons
	return strings.Trim(t, "|-: ") == "" && (strings.Contains(t, "--") || strings.Contains(t, ":-") || strings.Contains(t, "-:"))
}
