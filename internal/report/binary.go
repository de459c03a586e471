package report

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"
)

// The build cache keeps every parsed report between builds (encoding/gob,
// which calls these). A rebuild after one change decodes the whole corpus,
// and gob's reflection made that its largest step; this layout is written
// and read field by field, and a decoded report's text is one string, the
// record itself, that its fields are cut from. The first byte is the
// layout's version; the cache is tied to the binary anyway.
//
// Slices and maps are written as their length plus one, 0 for nil, so a
// report comes back exactly as it went (its JSON tells nil from empty).

const binaryVersion = 1

var errBinary = errors.New("report: bad binary encoding")

// MarshalBinary encodes the report for the build cache.
func (r *Report) MarshalBinary() ([]byte, error) {
	return r.AppendBinary(make([]byte, 0, 4096))
}

// AppendBinary appends the report's MarshalBinary record to b.
func (r *Report) AppendBinary(b []byte) ([]byte, error) {
	w := binWriter{b: b}
	w.b = append(w.b, binaryVersion)
	w.str(r.Schema)
	w.str(r.ID)
	w.str(r.Agency)
	w.str(r.AgencyAsWritten)
	w.str(r.AgencySlug)
	w.int(int64(r.Year))
	w.str(r.Template)
	w.source(r.Source)
	w.len(len(r.Sources), r.Sources == nil)
	for _, s := range r.Sources {
		w.source(s)
	}
	if r.Period == nil {
		w.b = append(w.b, 0)
	} else {
		w.b = append(w.b, 1)
		w.str(r.Period.From)
		w.str(r.Period.To)
	}
	w.len(len(r.Sections), r.Sections == nil)
	for _, s := range r.Sections {
		w.int(int64(s.Number))
		w.str(s.Title)
		w.str(s.Text)
	}
	for _, c := range []*Cells{&r.Tables, &r.Derived} {
		// Encoded after the buffer, then moved behind its length: no
		// slice of its own per report.
		at := len(w.b)
		w.b = c.appendEncoding(w.b)
		n := len(w.b) - at
		var length [binary.MaxVarintLen64]byte
		k := binary.PutUvarint(length[:], uint64(n))
		w.b = append(w.b, length[:k]...)
		copy(w.b[at+k:], w.b[at:at+n])
		copy(w.b[at:], length[:k])
	}
	w.strs(r.Inferred)
	w.len(len(r.Checks), r.Checks == nil)
	for _, c := range r.Checks {
		w.str(c.ID)
		w.str(c.Status)
		w.str(c.Message)
		w.str(c.English)
		w.strs(c.Cells)
	}
	w.str(r.Badge)
	w.strs(r.Notes)
	w.strs(r.TablesFound)
	w.len(len(r.Unread), r.Unread == nil)
	for _, k := range slices.Sorted(maps.Keys(r.Unread)) {
		w.str(k)
		w.str(r.Unread[k])
	}
	return w.b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (r *Report) UnmarshalBinary(data []byte) error {
	return r.DecodeString(string(data)) // the one copy: every string is cut from it
}

// DecodeString decodes a MarshalBinary record held in s; the report's
// strings are cut from s, which they keep alive.
func (r *Report) DecodeString(s string) error {
	rd := binReader{s: s}
	if rd.byte() != binaryVersion {
		return errBinary
	}
	var out Report
	out.Schema = rd.str()
	out.ID = rd.str()
	out.Agency = rd.str()
	out.AgencyAsWritten = rd.str()
	out.AgencySlug = rd.str()
	out.Year = int(rd.int())
	out.Template = rd.str()
	out.Source = rd.source()
	if n, ok := rd.len(); ok {
		out.Sources = make([]Source, n)
		for i := range out.Sources {
			out.Sources[i] = rd.source()
		}
	}
	if rd.byte() == 1 {
		out.Period = &Period{From: rd.str(), To: rd.str()}
	}
	if n, ok := rd.len(); ok {
		out.Sections = make([]Section, n)
		for i := range out.Sections {
			out.Sections[i] = Section{Number: int(rd.int()), Title: rd.str(), Text: rd.str()}
		}
	}
	for _, c := range []*Cells{&out.Tables, &out.Derived} {
		b := rd.str()
		if rd.err != nil {
			return rd.err
		}
		if err := c.GobDecode([]byte(b)); err != nil {
			return err
		}
	}
	out.Inferred = rd.strs()
	if n, ok := rd.len(); ok {
		out.Checks = make([]Check, n, n+ChecksAdded)
		for i := range out.Checks {
			out.Checks[i] = Check{ID: rd.str(), Status: rd.str(), Message: rd.str(), English: rd.str(), Cells: rd.strs()}
		}
	}
	out.Badge = rd.str()
	out.Notes = rd.strs()
	out.TablesFound = rd.strs()
	if n, ok := rd.len(); ok {
		out.Unread = make(map[string]string, n)
		for range n {
			k := rd.str()
			out.Unread[k] = rd.str()
		}
	}
	if rd.err != nil {
		return rd.err
	}
	if rd.s != "" {
		return errBinary
	}
	*r = out
	return nil
}

type binWriter struct{ b []byte }

func (w *binWriter) uint(n uint64) { w.b = binary.AppendUvarint(w.b, n) }
func (w *binWriter) int(n int64)   { w.b = binary.AppendVarint(w.b, n) }

func (w *binWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// len writes a slice's or map's length plus one, 0 for nil.
func (w *binWriter) len(n int, isNil bool) {
	if isNil {
		w.uint(0)
		return
	}
	w.uint(uint64(n) + 1)
}

func (w *binWriter) strs(ss []string) {
	w.len(len(ss), ss == nil)
	for _, s := range ss {
		w.str(s)
	}
}

func (w *binWriter) source(s Source) {
	w.str(s.Path)
	w.str(s.SHA256)
	w.str(s.Format)
	w.str(s.Encoding)
	w.str(s.Script)
	w.str(s.URL)
}

// binReader reads a record; after the first error every read returns
// zero values and err stays set.
type binReader struct {
	s   string
	err error
}

func (r *binReader) fail() { r.err, r.s = errBinary, "" }

func (r *binReader) byte() byte {
	if r.s == "" {
		r.fail()
		return 0
	}
	c := r.s[0]
	r.s = r.s[1:]
	return c
}

func (r *binReader) uint() uint64 {
	var n uint64
	for shift := uint(0); shift < 64; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		n |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return n
		}
	}
	r.fail()
	return 0
}

func (r *binReader) int() int64 {
	u := r.uint()
	n := int64(u >> 1)
	if u&1 != 0 {
		n = ^n
	}
	return n
}

func (r *binReader) str() string {
	n := r.uint()
	if n > uint64(len(r.s)) {
		r.fail()
		return ""
	}
	if n == 0 {
		return "" // not r.s[:0]: an empty string cut from the record would keep it alive
	}
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

// len reads what binWriter.len wrote: the length, and false for nil. A
// length longer than what is left cannot be right (every element takes a
// byte at least).
func (r *binReader) len() (int, bool) {
	n := r.uint()
	if n == 0 || r.err != nil {
		return 0, false
	}
	if n-1 > uint64(len(r.s)) {
		r.fail()
		return 0, false
	}
	return int(n - 1), true
}

func (r *binReader) strs() []string {
	n, ok := r.len()
	if !ok {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *binReader) source() Source {
	return Source{Path: r.str(), SHA256: r.str(), Format: r.str(), Encoding: r.str(), Script: r.str(), URL: r.str()}
}
