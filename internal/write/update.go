package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Update writes a new version of a site that mostly equals the one already
// at the destination: only files whose bytes changed are written, into a
// staging directory beside the destination; Commit moves them into place
// one rename each and removes the files the new site no longer has. A build
// that fails before Commit leaves the destination as it was. When there is
// no destination yet, the staging directory becomes it with one rename.
//
// Commit is atomic per file, not for the whole site: a crash in the middle
// of Commit leaves a site with some files new and some old, each whole.
type Update struct {
	dest, stage string
	fresh       bool // no destination yet: stage is renamed into place
	done        bool

	mu      sync.Mutex
	staged  []string // site paths written into stage
	dirs    map[string]bool
	written int64
}

// NewUpdate prepares an update of dest.
func NewUpdate(dest string) (*Update, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	cleanStale(dest) // what a killed build left
	stage, err := os.MkdirTemp(parent, tmpPrefix(dest)+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		os.RemoveAll(stage)
		return nil, err
	}
	u := &Update{dest: dest, stage: stage}
	if st, err := os.Stat(dest); err != nil || !st.IsDir() {
		u.fresh = true
	}
	return u, nil
}

// Fresh reports whether there is no previous site: every file is new.
func (u *Update) Fresh() bool { return u.fresh }

// Dir is the staging directory, for writers that need a real path; files
// they put there are committed like those given to File.
func (u *Update) Dir() string { return u.stage }

// Dest is the destination directory.
func (u *Update) Dest() string { return u.dest }

// File stages one file unless the destination already holds exactly these
// bytes. It reports whether the file was staged. Safe for concurrent use.
func (u *Update) File(name string, data []byte) (bool, error) {
	if err := Check(name); err != nil {
		return false, err
	}
	if !u.fresh {
		if old, err := os.ReadFile(filepath.Join(u.dest, filepath.FromSlash(name))); err == nil && bytes.Equal(old, data) {
			return false, nil
		}
	}
	return true, u.Stage(name, data)
}

// Stage writes one file into the staging directory without comparing it
// with the destination (the caller knows it changed).
func (u *Update) Stage(name string, data []byte) error {
	if err := Check(name); err != nil {
		return err
	}
	if u.done {
		return errors.New("write: site already committed or aborted")
	}
	p := filepath.Join(u.stage, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	u.mu.Lock()
	made := u.dirs[dir]
	u.mu.Unlock()
	if !made {
		if err := mkdir(dir); err != nil {
			return err
		}
		u.mu.Lock()
		if u.dirs == nil {
			u.dirs = map[string]bool{}
		}
		u.dirs[dir] = true
		u.mu.Unlock()
	}
	if err := writeFile(p, data, 0o644); err != nil {
		return err
	}
	u.mu.Lock()
	u.staged = append(u.staged, name)
	u.written += int64(len(data))
	u.mu.Unlock()
	return nil
}

// mkdir makes dir and any parent it lacks. Most of a site's directories
// are new and their parent exists: one mkdir, where os.MkdirAll first stats
// the directory and its parent.
func mkdir(dir string) error {
	err := os.Mkdir(dir, 0o755)
	switch {
	case err == nil, errors.Is(err, fs.ErrExist):
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	}
	return err
}

// Written is the number of files and bytes staged through File and Stage.
func (u *Update) Written() (int, int64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.staged), u.written
}

// Commit moves every staged file into the destination and removes the
// destination files that remove lists (site paths of the old site that the
// new one does not have), then any directory they leave empty.
func (u *Update) Commit(remove []string) error {
	if u.done {
		return errors.New("write: site already committed or aborted")
	}
	u.done = true
	defer os.RemoveAll(u.stage)
	if u.fresh {
		if err := os.Rename(u.stage, u.dest); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		return nil
	}
	// Everything in stage, including what writers put into Dir() directly.
	var names []string
	err := filepath.WalkDir(u.stage, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(u.stage, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(names)
	made := map[string]bool{}
	for _, n := range names {
		to := filepath.Join(u.dest, filepath.FromSlash(n))
		if dir := filepath.Dir(to); !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			made[dir] = true
		}
		if err := os.Rename(filepath.Join(u.stage, filepath.FromSlash(n)), to); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
	dirs := map[string]bool{}
	for _, n := range remove {
		if Check(n) != nil {
			continue
		}
		p := filepath.Join(u.dest, filepath.FromSlash(n))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for d := filepath.Dir(n); d != "." && d != "/"; d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	// Deepest first; Remove fails on a directory that is not empty.
	var ds []string
	for d := range dirs {
		ds = append(ds, d)
	}
	sort.Slice(ds, func(i, j int) bool {
		return strings.Count(ds[i], "/") > strings.Count(ds[j], "/") || (strings.Count(ds[i], "/") == strings.Count(ds[j], "/") && ds[i] < ds[j])
	})
	for _, d := range ds {
		_ = os.Remove(filepath.Join(u.dest, filepath.FromSlash(d)))
	}
	return nil
}

// Abort removes the staging directory; the destination is untouched. Safe
// after Commit.
func (u *Update) Abort() {
	if !u.done {
		u.done = true
		os.RemoveAll(u.stage)
	}
}

// List returns every file path under the destination (slash paths), for a
// build that has no record of what it wrote last time.
func (u *Update) List() ([]string, error) {
	var names []string
	if u.fresh {
		return nil, nil
	}
	err := filepath.WalkDir(u.dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(u.dest, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	return names, err
}
