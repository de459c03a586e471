//go:build !linux

package build

import "path/filepath"

// sizer returns how to state the files under dest by their site paths.
func sizer(dest string) (sizeOf func(name string) int64, release func()) {
	return func(name string) int64 { return statSize(filepath.Join(dest, filepath.FromSlash(name))) }, func() {}
}
