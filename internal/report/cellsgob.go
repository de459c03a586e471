package report

import (
	"encoding/binary"
	"errors"
	"math"
)

// The build cache stores parsed reports with encoding/gob. A Cells map
// encoded as gob's map of strings was most of the time spent loading a
// cached corpus; encoded by the position of each path in the templates,
// it decodes straight into a map of the right size whose keys are shared
// by every report. Positions depend on this binary's templates only, and
// the cache is tied to the binary.

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
	return list, index
}()

var errCells = errors.New("report: bad cells encoding")

// GobEncode writes the count, then per cell its path's position plus one
// (0: the path follows as text) and the value's bits.
func (c Cells) GobEncode() ([]byte, error) {
	b := make([]byte, 0, 2+len(c)*10)
	b = binary.AppendUvarint(b, uint64(len(c)))
	for k, v := range c {
		if i, ok := cellIndex[k]; ok {
			b = binary.AppendUvarint(b, uint64(i+1))
		} else {
			b = binary.AppendUvarint(b, 0)
			b = binary.AppendUvarint(b, uint64(len(k)))
			b = append(b, k...)
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b, nil
}

// GobDecode reads what GobEncode wrote; known paths share their string.
func (c *Cells) GobDecode(b []byte) error {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)) {
		return errCells
	}
	b = b[w:]
	m := make(Cells, n)
	for range n {
		i, w := binary.Uvarint(b)
		if w <= 0 {
			return errCells
		}
		b = b[w:]
		var k string
		if i == 0 {
			l, w := binary.Uvarint(b)
			if w <= 0 || l > uint64(len(b)-w) {
				return errCells
			}
			k, b = string(b[w:w+int(l)]), b[w+int(l):]
		} else if i <= uint64(len(cellPaths)) {
			k = cellPaths[i-1]
		} else {
			return errCells
		}
		if len(b) < 8 {
			return errCells
		}
		m[k] = math.Float64frombits(binary.LittleEndian.Uint64(b))
		b = b[8:]
	}
	*c = m
	return nil
}

// InternPath returns the shared copy of a known cell path (so a national
// corpus holds one string per path, not one per report), or p itself.
func InternPath(p string) string {
	if i, ok := cellIndex[p]; ok {
		return cellPaths[i]
	}
	return p
}
