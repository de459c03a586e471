//go:build !linux

package source

import "io/fs"

// openRaw is Open here; dir_linux.go has the reason for the Linux one.
func (d Dir) openRaw(name string) (fs.File, error) { return d.FS.Open(name) }
