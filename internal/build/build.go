// Package build runs the whole pipeline — source, parse, validate,
// aggregate, assets, render, export, minify, write — and returns a summary.
// It is the only package that knows every stage; cmd/gongkai only turns
// flags into a config and calls Run.
package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tdewolff/minify/v2"

	"gongkai/internal/config"
	"gongkai/internal/minifier"
	"gongkai/internal/render"
	"gongkai/internal/report"
	"gongkai/internal/source"
	"gongkai/internal/validate"
)

// Options configure one build.
type Options struct {
	Config *config.Config
	// Parse reads one file; nil means parse.File (parse.FileSHA, with the
	// hash the build has already taken). Tests substitute their own.
	Parse func(path string, data []byte) (*report.Report, error)
	// Progress, when set, receives a progress line per stage on long builds.
	Progress io.Writer
	// LiveReload adds the serve-mode reload script to every page.
	LiveReload bool
	// Source, when set, is read instead of the directory cfg.Source names
	// (which still names the files in messages). Tests use it to make files
	// fail or vanish while the build runs.
	Source fs.FS
}

// Summary says what a build did.
type Summary struct {
	Reports, Agencies, Years int
	Badges                   map[string]int
	Errors                   []render.FileError
	Files                    int   // files in the site
	Bytes                    int64 // their bytes
	// Written and WrittenBytes count the files this build wrote: the
	// others were unchanged. Removed counts files the site no longer has.
	Written      int
	WrittenBytes int64
	Removed      int
	// Changed lists the site paths written or removed, sorted.
	Changed []string
	// Parsed counts files parsed by this build, Cached those taken from
	// the build cache.
	Parsed, Cached int
	Duration       time.Duration
	Destination    string
}

// String is the summary printed after a build.
func (s *Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gongkai: %d reports, %d agencies, %d years — %d 通过 pass, %d 警告 warn, %d 未通过 fail\n",
		s.Reports, s.Agencies, s.Years, s.Badges[report.Pass], s.Badges[report.Warn], s.Badges[report.Fail])
	if len(s.Errors) > 0 {
		fmt.Fprintf(&b, "gongkai: %d files with errors:\n", len(s.Errors))
		for _, e := range s.Errors {
			fmt.Fprintf(&b, "  %s: %s\n", e.Path, e.Err)
		}
	} else {
		b.WriteString("gongkai: 0 files with errors\n")
	}
	fmt.Fprintf(&b, "gongkai: %d files parsed, %d from the cache; %d files written (%s), %d removed; the site has %d files, %s, in %s; built in %s\n",
		s.Parsed, s.Cached, s.Written, size(s.WrittenBytes), s.Removed, s.Files, size(s.Bytes), s.Destination, s.Duration.Round(time.Millisecond))
	return b.String()
}

func size(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	}
	return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
}

// overlay reads a file from upper when it is there, else from lower: a
// user's layouts/ or assets/ directory over the built-in defaults.
type overlay struct{ upper, lower fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if o.upper != nil {
		if f, err := o.upper.Open(name); err == nil {
			return f, nil
		}
	}
	return o.lower.Open(name)
}

func userDir(dir string) fs.FS {
	if dir == "" {
		return nil
	}
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return os.DirFS(dir)
	}
	return nil
}

// Run builds the site into cfg.Destination. On any error the previous
// destination is left as it was. Files that fail to parse are not errors of
// the build: they are in Summary.Errors.
func Run(opt Options) (*Summary, error) { return run(opt) }

// joinSource is the path a report names as its source: the content
// directory joined with the file's path, with forward slashes.
func joinSource(dir, p string) string {
	return path.Join(filepath.ToSlash(dir), p)
}

// sourceCopyPath is where a source file is published. HTML sources get a
// ".txt" suffix so a static host serves them as text: a report's own
// markup or scripts must never run on the portal's origin.
func sourceCopyPath(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm", ".xhtml", ".svg", ".xml":
		return "sources/" + p + ".txt"
	}
	return "sources/" + p
}

// parseOne parses and validates one file; a panic in a stage is that file's
// error, not the build's.
// parseFunc parses one file whose bytes have the hex sha256 sha.
type parseFunc func(path string, data []byte, sha string) (*report.Report, error)

func parseOne(p string, f source.File, sha string, parseFn parseFunc) (r *report.Report, err error) {
	defer func() {
		if e := recover(); e != nil {
			r, err = nil, fmt.Errorf("internal error: %v", e)
		}
	}()
	if f.Err != nil { // listed but could not be read
		return nil, f.Err
	}
	r, err = parseFn(p, f.Data, sha)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errors.New("no report")
	}
	if r.Source.Path == "" {
		r.Source.Path = p
	}
	if r.Source.SHA256 == "" {
		sum := sha256.Sum256(f.Data)
		r.Source.SHA256 = hex.EncodeToString(sum[:])
	}
	if r.Source.URL == "" {
		r.Source.URL = f.URL
	}
	if r.Schema == "" {
		r.Schema = report.Schema
	}
	validate.Report(r)
	return r, nil
}

func minifyOne(m *minify.M, name string, data []byte) ([]byte, error) {
	// JSON is written compact by encoding/json already, and pages come
	// from minified layouts (render.New).
	t := minifier.TypeOf(name)
	if t == "" || t == minifier.HTML {
		return data, nil
	}
	return minifier.Bytes(m, t, data)
}

// favicon is the site icon: 公 on the accent colour.
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b4f8a"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">公</text></svg>`
