//go:build !linux

package build

// sizer returns how to state the files under dest by their site paths.
func sizer(dest string) (sizeOf func(name string) int64, release func()) {
	return statUnder(dest), func() {}
}
