// Package write puts a finished site in place atomically: files go into a
// temporary sibling of the destination, which is swapped in only when the
// whole build succeeded, so a failed build leaves the previous site intact.
package write

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// Site is an output directory being written.
type Site struct {
	dest string // final destination
	tmp  string // where files go until Commit
	done bool
}

// New creates the temporary directory next to dest (same file system, so
// the final rename is atomic per directory entry).
func New(dest string) (*Site, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	cleanStale(dest)
	tmp, err := os.MkdirTemp(parent, tmpPrefix(dest)+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Site{dest: dest, tmp: tmp}, nil
}

// tmpPrefix starts the name of every temporary sibling of dest; the
// writing process's id follows it, so a later build can tell a dead
// build's leftovers from a running one's.
func tmpPrefix(dest string) string { return "." + filepath.Base(dest) + ".tmp-" }

// cleanStale removes what builds killed mid-write left beside dest: their
// temporary directories, and the previous site a build had moved aside just
// before it died — which is put back first if dest is missing.
func cleanStale(dest string) {
	parent, prefix := filepath.Dir(dest), tmpPrefix(dest)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() {
			continue
		}
		pidText, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid == os.Getpid() || alive(pid) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		if strings.HasSuffix(p, ".old") {
			if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) && os.Rename(p, dest) == nil {
				continue
			}
		}
		os.RemoveAll(p)
	}
}

// alive reports whether a process runs; where that cannot be told, it
// says yes, so nothing of a running build is ever removed.
func alive(pid int) bool {
	if runtime.GOOS == "windows" || pid <= 0 {
		return true
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// Dir is the temporary directory, for writers that need a real path.
func (s *Site) Dir() string { return s.tmp }

// Path returns the temporary file path for a site path, refusing any path
// that would land outside the site (absolute, "..", backslashes, NUL).
func (s *Site) Path(name string) (string, error) {
	if err := Check(name); err != nil {
		return "", err
	}
	return filepath.Join(s.tmp, filepath.FromSlash(name)), nil
}

// Check reports whether name is a clean relative slash path inside the site.
func Check(name string) error {
	if name == "" || strings.ContainsAny(name, "\\\x00") || path.IsAbs(name) || filepath.IsAbs(name) {
		return fmt.Errorf("write: %q: not a relative site path", name)
	}
	if c := path.Clean(name); c != name || c == "." || c == ".." || strings.HasPrefix(c, "../") {
		return fmt.Errorf("write: %q: path leaves the site or is not clean", name)
	}
	return nil
}

// File writes one file, creating its directories.
func (s *Site) File(name string, data []byte) error {
	if s.done {
		return errors.New("write: site already committed or aborted")
	}
	p, err := s.Path(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// Commit swaps the temporary directory in for the destination. The old
// destination is renamed aside first and removed after the swap.
func (s *Site) Commit() error {
	if s.done {
		return errors.New("write: site already committed or aborted")
	}
	s.done = true
	old := ""
	if _, err := os.Lstat(s.dest); err == nil {
		old = s.tmp + ".old"
		if err := os.Rename(s.dest, old); err != nil {
			os.RemoveAll(s.tmp)
			return fmt.Errorf("write: moving old %s aside: %w", s.dest, err)
		}
	}
	if err := os.Rename(s.tmp, s.dest); err != nil {
		if old != "" {
			_ = os.Rename(old, s.dest) // put the previous site back
		}
		os.RemoveAll(s.tmp)
		return fmt.Errorf("write: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the temporary directory; the destination is untouched.
// It is safe to call after Commit (it then does nothing).
func (s *Site) Abort() {
	if !s.done {
		s.done = true
		os.RemoveAll(s.tmp)
	}
}
