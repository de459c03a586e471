// Package source walks the content directory (an fs.FS) and returns the
// report files in it, each with its bytes and any sidecar metadata.
package source

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode"
)

// MaxBytes is the largest file Walk reads; a bigger one is listed with an
// error and never loaded into memory (no report comes near this size).
const MaxBytes = 20 << 20

// File is one report file found under the content directory.
type File struct {
	Path string // slash path relative to the content root, e.g. "reports/x.txt"
	Data []byte
	// URL is the original address, read from a sidecar "x.source.txt"
	// ("original URL: …") when there is one.
	URL string
	// Err is why a listed file could not be read (it vanished, is not
	// readable, is a symbolic link or is too big); Data is then nil. One bad
	// file never stops the walk.
	Err error
}

// reportExt lists the extensions that hold reports.
var reportExt = map[string]bool{".txt": true, ".md": true, ".markdown": true, ".html": true, ".htm": true}

// Walk returns every report file under fsys in path order. Hidden files,
// files starting with "_" (site pages such as _index.md), README files,
// sidecars (*.source.txt) and truth files (*.json) are not reports. Only an
// unreadable root is an error: a file or folder that cannot be read is
// listed with its Err.
func Walk(fsys fs.FS) ([]File, error) {
	entries, err := List(fsys)
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(entries))
	for _, e := range entries {
		data, err := Read(fsys, e)
		files = append(files, File{Path: e.Path, Data: data, URL: e.URL, Err: err})
	}
	return files, nil
}

// readFile reads one listed file: not when its name could not be published,
// not through a symbolic link (a link could
// publish a file from outside the content folder), not when it is not a
// regular file, and not when it is bigger than MaxBytes. size is the file's
// size when listed, or -1 to stat it.
func readFile(fsys fs.FS, p string, d fs.DirEntry, size int64, buf []byte) ([]byte, error) {
	if strings.ContainsFunc(p, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }) {
		// its copy could not be published under that name
		return nil, fmt.Errorf("file name %q has a backslash or a control character: rename the file", path.Base(p))
	}
	if d.Type()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("symbolic link: not followed")
	}
	if !d.Type().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if size < 0 {
		info, err := d.Info()
		if err != nil {
			return nil, err
		}
		size = info.Size()
	}
	if size > MaxBytes {
		return nil, tooBig(size)
	}
	var f fs.File
	var err error
	if r, ok := fsys.(rawOpener); ok {
		f, err = r.openRaw(p)
	} else {
		f, err = fsys.Open(p)
	}
	if err != nil {
		if _, ierr := d.Info(); ierr != nil {
			return nil, ierr // gone since listed: say so as a stat would have
		}
		return nil, err
	}
	defer f.Close()
	data, err := readAll(f, size, buf)
	if err == nil && len(data) > MaxBytes { // grown since listed
		n := int64(len(data))
		if info, err := f.Stat(); err == nil {
			n = info.Size()
		}
		return nil, tooBig(n)
	}
	return data, err
}

func tooBig(size int64) error {
	return fmt.Errorf("file is %d MB, larger than any report (limit %d MB)", size>>20, MaxBytes>>20)
}

// readAll reads r to its end, but no more than MaxBytes+1 bytes, into one
// allocation when size is right: os.ReadFile without its stat (the listing
// has the size) and with a bound on a file that has grown since.
func readAll(r io.Reader, size int64, buf []byte) ([]byte, error) {
	// +1: room for the read that finds the end
	want := int(min(max(size, 0), MaxBytes) + 1)
	data := buf[:0]
	if cap(data) < want {
		data = make([]byte, 0, want)
	}
	for {
		if len(data) > MaxBytes {
			return data, nil // the caller says it is too big
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // grown since listed
		}
		n, err := r.Read(data[len(data):min(cap(data), MaxBytes+1)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Page reads an optional site page such as "_index.md"; nil when absent.
func Page(fsys fs.FS, name string) []byte {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil
	}
	return data
}

// sidecarURL finds the "original URL:" line of a corpus sidecar file.
func sidecarURL(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		for _, prefix := range []string{"original URL:", "url:", "URL:"} {
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				u := strings.TrimSpace(rest)
				if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
					return u
				}
			}
		}
	}
	return ""
}
