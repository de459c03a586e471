package hugepages

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// vmFlags returns the VmFlags of the mapping that holds p.
func vmFlags(t *testing.T, p uintptr) []string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if r, _, ok := strings.Cut(line, " "); ok && strings.Count(r, "-") == 1 && !strings.HasSuffix(r, ":") {
			a, b, _ := strings.Cut(r, "-")
			lo, err1 := strconv.ParseUint(a, 16, 64)
			hi, err2 := strconv.ParseUint(b, 16, 64)
			if err1 == nil && err2 == nil {
				in = uint64(p) >= lo && uint64(p) < hi
				continue
			}
		}
		if v, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.Fields(v)
		}
	}
	t.Fatalf("no mapping holds %#x", p)
	return nil
}

func has(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

func TestReserveAndExtend(t *testing.T) {
	if !madviseMode() {
		t.Skip("transparent huge pages are not in madvise mode here")
	}
	if reserved.Load() {
		t.Skip("Reserve works once in a process (go test -count)")
	}
	Reserve(64 << 20)
	// An object allocated after Reserve lies in the reserved heap.
	b := make([]byte, 8<<20)
	b[0] = 1
	p := uintptr(unsafe.Pointer(&b[0]))
	if fl := vmFlags(t, p); !has(fl, "hg") {
		t.Fatalf("heap after Reserve not marked for huge pages: %v", fl)
	}
	// One larger than the reserve ends in heap the runtime maps
	// afterwards, a mapping without the mark until Extend.
	big := make([]byte, 256<<20)
	big[len(big)-1] = 1
	q := uintptr(unsafe.Pointer(&big[len(big)-1]))
	if fl := vmFlags(t, q); has(fl, "hg") {
		t.Fatalf("heap mapped after Reserve already marked: %v", fl)
	}
	Extend()
	if fl := vmFlags(t, q); !has(fl, "hg") {
		t.Fatalf("heap mapped after Reserve not marked by Extend: %v", fl)
	}
	if fl := vmFlags(t, p); !has(fl, "hg") {
		t.Fatalf("reserved heap lost its mark: %v", fl)
	}
}

func TestReserveNothing(t *testing.T) {
	saved := lo.Swap(0)
	defer lo.Store(saved)
	Reserve(0)
	if lo.Load() != 0 {
		t.Fatal("Reserve(0) advised the heap")
	}
}
