package report

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"iter"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strconv"
)

// Cells holds a report's values by cell path ("table.row.col"); a path that
// is not set is null. A national corpus keeps every report in memory for the
// whole build: as a map of strings each report cost ~8 KB and a few hundred
// pointers the collector scanned on every cycle. Here each path of the
// templates has a fixed position (cellPaths); one bitmap says which
// positions are set, another which of those are not 0 (most cells of most
// reports are 0), and the values of those sit in one slice, in position
// order, so a lookup is a bit test and a population count. Paths outside
// the templates (none from the parser, possible in hand-made reports) go in
// a small map.
//
// Reads take a value, writes a pointer: r.Tables.Set(p, v). Like a map,
// a copy of a Cells shares its values until either side adds a path.
type Cells struct {
	set   [cellWords]uint64 // positions that have a value
	nz    [cellWords]uint64 // positions whose value is not 0 (by its bits: -0 is kept)
	val   []float64         // the values of nz, in position order
	extra map[string]float64
}

// cellWords is enough 64-bit words for a bit per path of cellPaths.
const cellWords = 4

// cellPaths are every path of both templates and of the derived sums
// ("requests.denied.total"), each once; cellIndex is its inverse.
var cellPaths, cellIndex = func() ([]string, map[string]int) {
	var list []string
	index := map[string]int{}
	add := func(p string) {
		if _, ok := index[p]; !ok {
			index[p] = len(list)
			list = append(list, p)
		}
	}
	for _, t := range []*Template{T2019, T2021} {
		for _, p := range t.Paths() {
			add(p)
		}
	}
	for _, row := range DerivedRows {
		for _, c := range row.Columns {
			add("requests." + row.Key + "." + c.Key)
		}
	}
	if len(list) > cellWords*64 {
		panic("report: more cell paths than Cells has bits: raise cellWords")
	}
	return list, index
}()

// CellsOf returns cells holding the values of m (for tests and literals).
func CellsOf(m map[string]float64) Cells {
	var c Cells
	for _, k := range slices.Sorted(maps.Keys(m)) {
		c.Set(k, m[k])
	}
	return c
}

// PathIndex is the fixed position of a template path, for loops that read
// the same paths from every report (GetIndex); false for other paths.
func PathIndex(p string) (int, bool) {
	i, ok := cellIndex[p]
	return i, ok
}

// A Key is a cell path with its position (PathIndex) found once, for code
// that reads the same paths from every report: Get hashes the path on each
// call, and that was most of what checking a report's arithmetic cost.
type Key struct {
	Path string
	pos  int // 1 + PathIndex; 0 for a path of no template
}

// KeyOf is path p's Key.
func KeyOf(p string) Key {
	if i, ok := cellIndex[p]; ok {
		return Key{Path: p, pos: i + 1}
	}
	return Key{Path: p}
}

// KeysOf is KeyOf of each path.
func KeysOf(paths []string) []Key {
	keys := make([]Key, len(paths))
	for i, p := range paths {
		keys[i] = KeyOf(p)
	}
	return keys
}

// GetKey is Get(k.Path).
func (c Cells) GetKey(k Key) (float64, bool) {
	if k.pos > 0 {
		return c.GetIndex(k.pos - 1)
	}
	v, ok := c.extra[k.Path]
	return v, ok
}

// rank is how many positions before i are in bitmap m.
func rank(m *[cellWords]uint64, i int) int {
	w := i >> 6
	n := bits.OnesCount64(m[w] & (1<<(uint(i)&63) - 1))
	for k := range w {
		n += bits.OnesCount64(m[k])
	}
	return n
}

func bit(m *[cellWords]uint64, i int) bool { return m[i>>6]&(1<<(uint(i)&63)) != 0 }

// GetIndex returns the value at position i (PathIndex) and whether it is set.
func (c Cells) GetIndex(i int) (float64, bool) {
	if !bit(&c.nz, i) {
		return 0, bit(&c.set, i)
	}
	return c.val[rank(&c.nz, i)], true
}

// Get returns the value at path p and whether it is set.
func (c Cells) Get(p string) (float64, bool) {
	if i, ok := cellIndex[p]; ok {
		return c.GetIndex(i)
	}
	v, ok := c.extra[p]
	return v, ok
}

// Has reports whether path p is set.
func (c Cells) Has(p string) bool {
	_, ok := c.Get(p)
	return ok
}

// Set sets the value at path p.
func (c *Cells) Set(p string, v float64) {
	i, ok := cellIndex[p]
	if !ok {
		if c.extra == nil {
			c.extra = map[string]float64{}
		}
		c.extra[p] = v
		return
	}
	c.setIndex(i, v)
}

func (c *Cells) setIndex(i int, v float64) {
	w, b := i>>6, uint64(1)<<(uint(i)&63)
	c.set[w] |= b
	k := rank(&c.nz, i)
	switch had := c.nz[w]&b != 0; {
	case math.Float64bits(v) == 0 && had:
		c.nz[w] &^= b
		c.val = slices.Delete(c.val, k, k+1)
	case math.Float64bits(v) == 0:
	case had:
		c.val[k] = v
	default:
		c.nz[w] |= b
		c.val = slices.Insert(c.val, k, v)
	}
}

// Delete makes path p null.
func (c *Cells) Delete(p string) {
	i, ok := cellIndex[p]
	if !ok {
		delete(c.extra, p)
		return
	}
	c.setIndex(i, 0)
	c.set[i>>6] &^= 1 << (uint(i) & 63)
}

// Len is the number of cells that are set.
func (c Cells) Len() int {
	n := len(c.extra)
	for _, w := range c.set {
		n += bits.OnesCount64(w)
	}
	return n
}

// each calls f with every set position and its value, in position order,
// until f returns false.
func (c *Cells) each(f func(i int, v float64) bool) {
	k := 0
	for w, word := range c.set {
		for word != 0 {
			i := w<<6 + bits.TrailingZeros64(word)
			word &= word - 1
			v := 0.0
			if bit(&c.nz, i) {
				v = c.val[k]
				k++
			}
			if !f(i, v) {
				return
			}
		}
	}
}

// All yields every set cell: template paths in their fixed order, then any
// other path sorted.
func (c Cells) All() iter.Seq2[string, float64] {
	return func(yield func(string, float64) bool) {
		done := false
		c.each(func(i int, v float64) bool {
			done = !yield(cellPaths[i], v)
			return !done
		})
		if done {
			return
		}
		for _, p := range slices.Sorted(maps.Keys(c.extra)) {
			if !yield(p, c.extra[p]) {
				return
			}
		}
	}
}

// Map returns the cells as a new map.
func (c Cells) Map() map[string]float64 {
	m := make(map[string]float64, c.Len())
	for p, v := range c.All() {
		m[p] = v
	}
	return m
}

// Clone returns a copy that shares nothing with c.
func (c Cells) Clone() Cells {
	return Cells{set: c.set, nz: c.nz, val: slices.Clone(c.val), extra: maps.Clone(c.extra)}
}

// Equal reports whether both hold the same paths with the same values.
func (c Cells) Equal(d Cells) bool {
	return c.set == d.set && c.nz == d.nz && slices.Equal(c.val, d.val) && maps.Equal(c.extra, d.extra)
}

// MarshalJSON writes the cells as one flat object by path (the report
// object nests them itself; this is for anything else that embeds Cells).
func (c Cells) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for p, v := range c.All() {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, p)
		b = append(b, ':')
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, errors.New("report: cell " + p + " is not a number")
		}
		b = AppendNumber(b, v)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (c *Cells) UnmarshalJSON(b []byte) error {
	var m map[string]float64
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*c = CellsOf(m)
	return nil
}

// The build cache stores parsed reports with encoding/gob. Positions depend
// on this binary's templates only, and the cache is tied to the binary.

var errCells = errors.New("report: bad cells encoding")

// GobEncode writes the count, then per cell its path's position plus one
// (0: the path follows as text) and the value's bits.
func (c Cells) GobEncode() ([]byte, error) {
	return c.appendEncoding(make([]byte, 0, 2+c.Len()*10)), nil
}

// appendEncoding appends what GobEncode returns to b.
func (c Cells) appendEncoding(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(c.Len()))
	c.each(func(i int, v float64) bool {
		b = binary.AppendUvarint(b, uint64(i)+1)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		return true
	})
	for _, p := range slices.Sorted(maps.Keys(c.extra)) {
		b = binary.AppendUvarint(b, 0)
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.extra[p]))
	}
	return b
}

// GobDecode reads what GobEncode wrote.
func (c *Cells) GobDecode(b []byte) error {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)) {
		return errCells
	}
	b = b[w:]
	var out Cells
	last := -1
	for range n {
		i, w := binary.Uvarint(b)
		if w <= 0 {
			return errCells
		}
		b = b[w:]
		var p string
		if i == 0 {
			l, w := binary.Uvarint(b)
			if w <= 0 || l > uint64(len(b)-w) {
				return errCells
			}
			p, b = string(b[w:w+int(l)]), b[w+int(l):]
		} else if i > uint64(len(cellPaths)) {
			return errCells
		}
		if len(b) < 8 {
			return errCells
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(b))
		b = b[8:]
		switch pos := int(i) - 1; {
		case i == 0:
			out.Set(p, v)
		case pos > last:
			// What GobEncode wrote comes in order: append.
			out.set[pos>>6] |= 1 << (uint(pos) & 63)
			if math.Float64bits(v) != 0 {
				out.nz[pos>>6] |= 1 << (uint(pos) & 63)
				out.val = append(out.val, v)
			}
			last = pos
		default:
			out.setIndex(pos, v)
		}
	}
	*c = out
	return nil
}

// MakeCells returns empty cells with room for n values.
func MakeCells(n int) Cells {
	return Cells{val: make([]float64, 0, n)}
}

// At returns the value at path p, or 0 when it is null: for tests and for
// code that has already ruled the null out. Everywhere else, use Get.
func (c Cells) At(p string) float64 {
	v, _ := c.Get(p)
	return v
}
