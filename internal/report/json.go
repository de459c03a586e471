package report

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// appendJSON writes the report object exactly as encoding/json would write
// the wire struct (MarshalJSON's reference, kept in the tests): a national
// corpus marshals every report three times (report.json, the agency's
// data.json, /data/reports.json), and reflection plus the compaction of
// the nested tables was most of that time.
func appendJSON(b []byte, r *Report) []byte {
	b = append(b, `{"schema":`...)
	b = appendString(b, r.Schema)
	b = append(b, `,"id":`...)
	b = appendString(b, r.ID)
	b = append(b, `,"agency":`...)
	b = appendString(b, r.Agency)
	b = append(b, `,"agency_as_written":`...)
	b = appendString(b, r.AgencyAsWritten)
	b = append(b, `,"agency_slug":`...)
	b = appendString(b, r.AgencySlug)
	if r.Year != 0 {
		b = append(b, `,"year":`...)
		b = strconv.AppendInt(b, int64(r.Year), 10)
	}
	b = append(b, `,"template":`...)
	b = appendString(b, r.Template)
	b = append(b, `,"source":`...)
	b = appendSource(b, &r.Source)
	if len(r.Sources) > 0 {
		b = append(b, `,"sources":[`...)
		for i := range r.Sources {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendSource(b, &r.Sources[i])
		}
		b = append(b, ']')
	}
	b = append(b, `,"period":`...)
	if r.Period == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"from":`...)
		b = appendString(b, r.Period.From)
		b = append(b, `,"to":`...)
		b = appendString(b, r.Period.To)
		b = append(b, '}')
	}
	b = append(b, `,"sections":[`...)
	for i, s := range r.Sections {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"number":`...)
		b = strconv.AppendInt(b, int64(s.Number), 10)
		b = append(b, `,"title":`...)
		b = appendString(b, s.Title)
		b = append(b, `,"text":`...)
		b = appendString(b, s.Text)
		b = append(b, '}')
	}
	b = append(b, `],"tables":`...)
	b = appendNested(b, r.Tables, nestedLayout(r.TemplateDef().Tables))
	b = append(b, `,"derived":`...)
	b = appendNested(b, r.Derived, nestedLayout(derivedTables))
	b = append(b, `,"inferred":`...)
	b = appendStrings(b, r.Inferred)
	b = append(b, `,"checks":[`...)
	for i := range r.Checks {
		c := &r.Checks[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendString(b, c.ID)
		b = append(b, `,"status":`...)
		b = appendString(b, c.Status)
		b = append(b, `,"message":`...)
		b = appendString(b, c.Message)
		if c.English != "" {
			b = append(b, `,"message_en":`...)
			b = appendString(b, c.English)
		}
		if len(c.Cells) > 0 {
			b = append(b, `,"cells":`...)
			b = appendStrings(b, c.Cells)
		}
		b = append(b, '}')
	}
	b = append(b, `],"badge":`...)
	b = appendString(b, r.Badge)
	if len(r.Notes) > 0 {
		b = append(b, `,"notes":`...)
		b = appendStrings(b, r.Notes)
	}
	return append(b, '}')
}

// derivedTables is the layout of the derived sums.
var derivedTables = []TableDef{{Key: "requests", Rows: DerivedRows}}

func appendSource(b []byte, s *Source) []byte {
	b = append(b, `{"path":`...)
	b = appendString(b, s.Path)
	for _, f := range [...]struct{ name, v string }{
		{`,"sha256":`, s.SHA256}, {`,"format":`, s.Format}, {`,"encoding":`, s.Encoding},
		{`,"script":`, s.Script}, {`,"url":`, s.URL},
	} {
		if f.v != "" {
			b = append(b, f.name...)
			b = appendString(b, f.v)
		}
	}
	return append(b, '}')
}

// appendStrings writes a list; nil is [] (the wire struct's lists are
// never null).
func appendStrings(b []byte, list []string) []byte {
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendString quotes s as encoding/json does. Text that needs only the
// common escapes (quote, backslash, newline, return, tab) is written here;
// anything rarer (other control characters, <, >, &, U+2028/9, invalid
// UTF-8) goes through encoding/json itself, so the bytes always match.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == '<' || c == '>' || c == '&' {
				return appendStringSlow(b, s)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			return appendStringSlow(b, s)
		}
		i += n
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '"':
			esc = `\"`
		case '\\':
			esc = `\\`
		case '\n':
			esc = `\n`
		case '\r':
			esc = `\r`
		case '\t':
			esc = `\t`
		default:
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendStringSlow(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// AppendJSONString appends s quoted exactly as encoding/json quotes it, for
// other documents written by hand (export's data.json).
func AppendJSONString(b []byte, s string) []byte { return appendString(b, s) }

// AppendJSONStrings appends a JSON array of ss ([] for nil), as
// encoding/json writes a non-nil []string.
func AppendJSONStrings(b []byte, ss []string) []byte { return appendStrings(b, ss) }
