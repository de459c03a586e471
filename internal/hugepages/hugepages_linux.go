// Package hugepages asks Linux for transparent huge pages for the first
// part of the Go heap.
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
// Only that first part, and only while the heap stays small: the runtime
// maps later heap in 4 MB pieces, and a heap held at its memory limit is
// handed back to the system a few kilobytes at a time, each piece then
// faulted in again as a new 2 MB page. Marking every piece as it came
// made a 100,000-report build slower (114 s against 79 s), and so did
// keeping the first 512 MB marked (90–98 s against 73–89 s), hence Release.
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

// Release stops asking for huge pages: no later fault in the heap gets
// one, and the kernel no longer gathers its small pages into huge ones.
// A build whose heap will press on its memory limit calls it (see the
// package comment).
func Release() {
	if start := lo.Swap(0); start != 0 {
		syscall.Syscall(syscall.SYS_MADVISE, start, span, 15 /* MADV_NOHUGEPAGE */)
	}
}

func madviseMode() bool {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && strings.Contains(string(b), "[madvise]")
}
