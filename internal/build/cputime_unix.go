//go:build unix

package build

import (
	"syscall"
	"time"
)

// cpuTimes is the process's user and system CPU time so far (for
// GONGKAI_TIMING: whether a stage kept the cores busy, and how much of it
// was the kernel's).
func cpuTimes() (user, sys time.Duration) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}
