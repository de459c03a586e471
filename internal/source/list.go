package source

import (
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Entry is a report file found by List: its path and stat, not its bytes,
// so a build of a national corpus never holds every file in memory and an
// unchanged file need not be read at all.
type Entry struct {
	Path    string // slash path relative to the content root
	URL     string // from a sidecar "x.source.txt", as in File
	Size    int64
	ModTime time.Time
	// Err is why the entry cannot be read (as File.Err).
	Err error
	d   fs.DirEntry
}

// Read reads one listed file under the same rules as Walk: no symbolic
// links, regular files only, at most MaxBytes.
func Read(fsys fs.FS, e Entry) ([]byte, error) {
	return ReadInto(fsys, e, nil)
}

// ReadInto is Read into buf's storage when it is large enough: a build
// reads every file of a national corpus once, and nothing it keeps points
// into the bytes read.
func ReadInto(fsys fs.FS, e Entry, buf []byte) ([]byte, error) {
	if e.Err != nil {
		return nil, e.Err
	}
	if e.d == nil {
		return fs.ReadFile(fsys, e.Path)
	}
	return readFile(fsys, e.Path, e.d, e.Size, buf)
}

// List returns every report file under fsys in path order, with the same
// rules as Walk, reading only the (small) sidecar files.
func List(fsys fs.FS) ([]Entry, error) {
	var files []Entry
	sidecars := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			files = append(files, Entry{Path: p, Err: err})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if p != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if base, ok := strings.CutSuffix(p, ".source.txt"); ok {
			if data, err := readFile(fsys, p, d, -1, nil); err == nil { // a sidecar is optional
				sidecars[base] = sidecarURL(data)
			}
			return nil
		}
		if !reportExt[strings.ToLower(path.Ext(name))] || strings.EqualFold(strings.TrimSuffix(name, path.Ext(name)), "README") {
			return nil
		}
		files = append(files, Entry{Path: p, d: d})
		return nil
	})
	if err != nil {
		return nil, err
	}
	statAll(files)
	for i := range files {
		base := strings.TrimSuffix(files[i].Path, path.Ext(files[i].Path))
		files[i].URL = sidecars[base]
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// statAll fills in each listed file's size and time. A stat is a system
// call per file, which the walk would make one after another: here they run
// on every core (a rebuild of 20,000 unchanged reports spent 0.2–0.4 s
// listing, on one of two cores).
func statAll(files []Entry) {
	workers := min(runtime.GOMAXPROCS(0), len(files)/256+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w * len(files) / workers; i < (w+1)*len(files)/workers; i++ {
				e := &files[i]
				if e.Err != nil || e.d == nil {
					continue
				}
				if info, err := e.d.Info(); err == nil {
					e.Size, e.ModTime = info.Size(), info.ModTime()
				} else {
					e.Err = err
				}
			}
		})
	}
	wg.Wait()
}
