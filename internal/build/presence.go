package build

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// presence is the size of every file the last build wrote, as the
// destination has it now (-1: missing or not a regular file). A rebuild
// keeps a file only if it is still in place at its size (a file removed or
// edited by hand is written again); that is one stat per file of the site,
// 76,000 at 20,000 reports, most of a one-report rebuild's system time. So
// the stats start as soon as the cache names the files, and run while the
// reports are loaded and aggregated, on cores those steps leave idle.
type presence struct {
	done  chan struct{}
	sizes map[string]int64
}

// statPresence starts stating m's files under dest (m describes dest).
func statPresence(dest string, m *manifest) *presence {
	p := &presence{done: make(chan struct{}), sizes: make(map[string]int64, len(m.Files))}
	names := make([]string, 0, len(m.Files))
	for n := range m.Files {
		names = append(names, n)
	}
	go func() {
		defer close(p.done)
		sizeOf, release := sizer(dest)
		defer release()
		workers := runtime.GOMAXPROCS(0)
		parts := make([][]int64, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				lo, hi := w*len(names)/workers, (w+1)*len(names)/workers
				sizes := make([]int64, hi-lo)
				for i, n := range names[lo:hi] {
					sizes[i] = sizeOf(n)
				}
				parts[w] = sizes
			})
		}
		wg.Wait()
		for w, sizes := range parts {
			lo := w * len(names) / workers
			for i, s := range sizes {
				p.sizes[names[lo+i]] = s
			}
		}
	}()
	return p
}

// size is the file's size as stated (waiting for the stats), and whether
// the file was stated at all.
func (p *presence) size(name string) (int64, bool) {
	<-p.done
	s, ok := p.sizes[name]
	return s, ok
}

// statUnder states the files under dest by their site paths, one full
// path each (sizer where there is nothing cheaper).
func statUnder(dest string) func(name string) int64 {
	return func(name string) int64 { return statSize(filepath.Join(dest, filepath.FromSlash(name))) }
}

// statSize is the size of the regular file at path, or -1.
func statSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return -1
	}
	return st.Size()
}
