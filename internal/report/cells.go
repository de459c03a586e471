package report

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
)

// Cells holds a report's values by cell path ("table.row.col"); a path that
// is not set is null. A national corpus keeps every report in memory for the
// whole build: as a map of strings each report cost ~8 KB and a few hundred
// pointers the collector scanned on every cycle. Here a value sits beside
// the position of its path in the templates (cellPaths), in two slices
// without pointers, sorted by position. Paths outside the templates (none
// from the parser, possible in hand-made reports) go in a small map.
//
// Reads take a value, writes a pointer: r.Tables.Set(p, v). Like a map,
// a copy of a Cells shares its values until either side adds a path.
type Cells struct {
	pos   []uint16
	val   []float64
	extra map[string]float64
}

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
	if len(list) > math.MaxUint16 {
		panic("report: too many cell paths for Cells")
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

// find returns where position i is, or would be inserted, in c.pos.
func (c Cells) find(i uint16) (int, bool) {
	return slices.BinarySearch(c.pos, i)
}

// Get returns the value at path p and whether it is set.
func (c Cells) Get(p string) (float64, bool) {
	if i, ok := cellIndex[p]; ok {
		if k, ok := c.find(uint16(i)); ok {
			return c.val[k], true
		}
		return 0, false
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
	k, found := c.find(uint16(i))
	if found {
		c.val[k] = v
		return
	}
	c.pos = slices.Insert(c.pos, k, uint16(i))
	c.val = slices.Insert(c.val, k, v)
}

// Delete makes path p null.
func (c *Cells) Delete(p string) {
	if i, ok := cellIndex[p]; ok {
		if k, found := c.find(uint16(i)); found {
			c.pos = slices.Delete(c.pos, k, k+1)
			c.val = slices.Delete(c.val, k, k+1)
		}
		return
	}
	delete(c.extra, p)
}

// Len is the number of cells that are set.
func (c Cells) Len() int { return len(c.pos) + len(c.extra) }

// All yields every set cell: template paths in their fixed order, then any
// other path sorted.
func (c Cells) All() iter.Seq2[string, float64] {
	return func(yield func(string, float64) bool) {
		for k, i := range c.pos {
			if !yield(cellPaths[i], c.val[k]) {
				return
			}
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
	return Cells{pos: slices.Clone(c.pos), val: slices.Clone(c.val), extra: maps.Clone(c.extra)}
}

// Equal reports whether both hold the same paths with the same values.
func (c Cells) Equal(d Cells) bool {
	return slices.Equal(c.pos, d.pos) && slices.Equal(c.val, d.val) && maps.Equal(c.extra, d.extra)
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
		b = strconv.AppendFloat(b, v, 'f', -1, 64)
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
	b := make([]byte, 0, 2+c.Len()*10)
	b = binary.AppendUvarint(b, uint64(c.Len()))
	for k, i := range c.pos {
		b = binary.AppendUvarint(b, uint64(i)+1)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.val[k]))
	}
	for _, p := range slices.Sorted(maps.Keys(c.extra)) {
		b = binary.AppendUvarint(b, 0)
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.extra[p]))
	}
	return b, nil
}

// GobDecode reads what GobEncode wrote.
func (c *Cells) GobDecode(b []byte) error {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)) {
		return errCells
	}
	b = b[w:]
	var out Cells
	out.pos = make([]uint16, 0, n)
	out.val = make([]float64, 0, n)
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
		switch {
		case i == 0:
			out.Set(p, v)
		case len(out.pos) == 0 || out.pos[len(out.pos)-1] < uint16(i-1):
			// What GobEncode wrote comes in order: append.
			out.pos = append(out.pos, uint16(i-1))
			out.val = append(out.val, v)
		default:
			out.Set(cellPaths[i-1], v)
		}
	}
	*c = out
	return nil
}

// MakeCells returns empty cells with room for n values.
func MakeCells(n int) Cells {
	return Cells{pos: make([]uint16, 0, n), val: make([]float64, 0, n)}
}

// At returns the value at path p, or 0 when it is null: for tests and for
// code that has already ruled the null out. Everywhere else, use Get.
func (c Cells) At(p string) float64 {
	v, _ := c.Get(p)
	return v
}
