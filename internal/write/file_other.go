//go:build !linux

package write

import "os"

// writeFile is os.WriteFile; file_linux.go has the reason for the Linux one.
func writeFile(name string, data []byte, perm uint32) error {
	return os.WriteFile(name, data, os.FileMode(perm))
}
