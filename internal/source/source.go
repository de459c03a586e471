// Package source walks the content directory (an fs.FS) and returns the
// report files in it, each with its bytes and any sidecar metadata.
package source

import (
	"bufio"
	"bytes"
	"fmt"
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
// regular file, and not when it is bigger than MaxBytes.
func readFile(fsys fs.FS, p string, d fs.DirEntry) ([]byte, error) {
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
	if info, err := d.Info(); err != nil {
		return nil, err
	} else if info.Size() > MaxBytes {
		return nil, fmt.Errorf("file is %d MB, larger than any report (limit %d MB)", info.Size()>>20, MaxBytes>>20)
	}
	data, err := fs.ReadFile(fsys, p)
	if err == nil && len(data) > MaxBytes {
		err = fmt.Errorf("file is %d MB, larger than any report (limit %d MB)", len(data)>>20, MaxBytes>>20)
		data = nil
	}
	return data, err
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
