package report

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestFormatNumber: FormatNumber and AppendNumber write what
// strconv.FormatFloat(v, 'f', -1, 64) writes, at the edges of the integer
// shortcut and away from them.
func TestFormatNumber(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 7, 99, 100, 12345, -12345, 0.5, -0.5, 1.25, 3.0000000001, 1e15, 1e16 + 2, 1e21, 1e22, -1e22,
		1<<53 - 1, 1 << 53, 1<<53 + 2, -(1<<53 - 1), -(1 << 53), 1 << 62, 1 << 63, -(1 << 63), 1 << 64, math.MaxFloat64, math.SmallestNonzeroFloat64,
		math.Inf(1), math.Inf(-1), math.NaN(), math.Nextafter(1, 2), math.Nextafter(1<<53, 0)}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		vals = append(vals, math.Round(rng.NormFloat64()*1e6), rng.NormFloat64()*1e3, math.Float64frombits(rng.Uint64()))
	}
	for _, v := range vals {
		want := strconv.FormatFloat(v, 'f', -1, 64)
		if got := FormatNumber(v); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", v, got, want)
		}
		if got := string(AppendNumber([]byte("x"), v)); got != "x"+want {
			t.Errorf("AppendNumber(%v) = %q, want %q", v, got, "x"+want)
		}
	}
}

func FuzzFormatNumber(f *testing.F) {
	for _, v := range []float64{0, 1, -1, 0.5, 1 << 53, math.Copysign(0, -1)} {
		f.Add(math.Float64bits(v))
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		v := math.Float64frombits(bits)
		if got, want := FormatNumber(v), strconv.FormatFloat(v, 'f', -1, 64); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", v, got, want)
		}
	})
}

func BenchmarkFormatNumber(b *testing.B) {
	vals := []float64{0, 3, 17, 250, 1234, 98765, 2.5}
	var buf []byte
	for i := 0; b.Loop(); i++ {
		buf = AppendNumber(buf[:0], vals[i%len(vals)])
	}
}
