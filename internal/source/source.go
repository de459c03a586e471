// Package source walks the content directory (an fs.FS) and returns the
// report files in it, each with its bytes and any sidecar metadata.
package source

import (
	"bufio"
	"bytes"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// File is one report file found under the content directory.
type File struct {
	Path string // slash path relative to the content root, e.g. "reports/x.txt"
	Data []byte
	// URL is the original address, read from a sidecar "x.source.txt"
	// ("original URL: …") when there is one.
	URL string
}

// reportExt lists the extensions that hold reports.
var reportExt = map[string]bool{".txt": true, ".md": true, ".markdown": true, ".html": true, ".htm": true}

// Walk returns every report file under fsys in path order. Hidden files,
// files starting with "_" (site pages such as _index.md), README files,
// sidecars (*.source.txt) and truth files (*.json) are not reports.
func Walk(fsys fs.FS) ([]File, error) {
	var files []File
	sidecars := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
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
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			sidecars[base] = sidecarURL(data)
			return nil
		}
		if !reportExt[strings.ToLower(path.Ext(name))] || strings.EqualFold(strings.TrimSuffix(name, path.Ext(name)), "README") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files = append(files, File{Path: p, Data: data})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range files {
		base := strings.TrimSuffix(files[i].Path, path.Ext(files[i].Path))
		files[i].URL = sidecars[base]
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
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
