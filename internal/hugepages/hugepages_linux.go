// Package hugepages asks Linux for transparent huge pages for the Go heap.
//
// Where transparent huge pages are given only to memory that asks for
// them (/sys/kernel/mm/transparent_hugepage/enabled is "madvise", as on
// many distributions), the Go runtime does not ask for its heap, and every
// 4 KB of it is a page fault of its own when first touched. A rebuild of
// the unchanged 20,000-report site took 145,000 of them (2.5 s, 1.7 s of
// it system time, in a VM where a fault costs about 12 µs); with the first
// 512 MB of heap in huge pages, 7,000–15,000 (1.0 s). After one change,
// 188,000; 59,000 with 512 MB and 24,000–29,000 with the 768 MiB the build
// now reserves (internal/build).
//
// The runtime maps the heap beyond that in 4 MB pieces, which Extend
// marks as they come. Earlier versions of the build, whose collector ran
// differently, were slower with the whole heap marked at 100,000 reports,
// and gave the huge pages up there. Measured again in December 2026 (2
// cores, the same VM): 230,000 faults instead of 425,000, a peak RSS as
// before, and the build as fast or faster (docs/scale.md).
package hugepages

import (
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// span is the address range advised: the heap grows upward from its
// first arena, and madvise skips what is not mapped.
const span = 1 << 36

var sink []byte

var reserved atomic.Bool

// lo is where the advised range starts; 0 when none is.
var lo atomic.Uintptr

// Reserve maps n bytes of heap ahead, untouched, and marks them for huge
// pages: one large allocation, freed at once by a collection while the
// heap is still small, leaves its pages to the objects allocated after.
// It does nothing unless the system's setting is "madvise", and nothing
// after its first call: a process that builds again (gongkai serve) has
// its heap already.
func Reserve(n int) {
	if n <= 0 || !madviseMode() || !reserved.CompareAndSwap(false, true) {
		return
	}
	sink = make([]byte, n)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(sink))) &^ (span - 1)
	sink = nil
	runtime.GC()
	// ENOMEM only says that part of the range is not mapped.
	syscall.Syscall(syscall.SYS_MADVISE, start, span, 14 /* MADV_HUGEPAGE */)
	lo.Store(start)
}

// Extend marks the heap mapped since Reserve (or since the last call)
// for huge pages too: each new piece is a mapping of its own, without the
// mark. A process calls it as its heap grows; it does nothing unless
// Reserve marked the first part.
func Extend() {
	if start := lo.Load(); start != 0 {
		syscall.Syscall(syscall.SYS_MADVISE, start, span, 14 /* MADV_HUGEPAGE */)
	}
}

func madviseMode() bool {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && strings.Contains(string(b), "[madvise]")
}
