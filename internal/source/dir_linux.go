package source

import (
	"io"
	"io/fs"
	"path/filepath"
	"syscall"
	"time"
)

// openRaw opens name with open(2) alone. The file is read to its end and
// closed by readFile; it is never handed to the poller.
func (d Dir) openRaw(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	p := filepath.Join(d.root, filepath.FromSlash(name))
	for {
		fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &rawFile{fd: fd, name: name}, nil
	}
}

type rawFile struct {
	fd   int
	name string
}

func (f *rawFile) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *rawFile) Stat() (fs.FileInfo, error) {
	var st syscall.Stat_t
	if err := syscall.Fstat(f.fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: f.name, Err: err}
	}
	return rawInfo{name: filepath.Base(f.name), st: st}, nil
}

func (f *rawFile) Close() error { return syscall.Close(f.fd) }

type rawInfo struct {
	name string
	st   syscall.Stat_t
}

func (i rawInfo) Name() string       { return i.name }
func (i rawInfo) Size() int64        { return i.st.Size }
func (i rawInfo) ModTime() time.Time { return time.Unix(i.st.Mtim.Unix()) }
func (i rawInfo) IsDir() bool        { return i.st.Mode&syscall.S_IFMT == syscall.S_IFDIR }
func (i rawInfo) Sys() any           { return &i.st }
func (i rawInfo) Mode() fs.FileMode {
	m := fs.FileMode(i.st.Mode & 0o777)
	switch i.st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	default:
		m |= fs.ModeIrregular
	}
	return m
}
