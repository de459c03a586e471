//go:build !linux

package hugepages

// Reserve does nothing here: transparent huge pages are a Linux setting.
func Reserve(n int) {}

// Extend does nothing here.
func Extend() {}
