//go:build !unix

package build

import "time"

// cpuTimes is not measured here (GONGKAI_TIMING prints zeros).
func cpuTimes() (user, sys time.Duration) { return 0, 0 }
