#!/bin/sh
# reclaimed.sh — the pages the kernel has scanned to reclaim memory since
# boot (kswapd and direct reclaim, /proc/vmstat), 0 where it cannot tell.
# scale.sh and sametime.sh read it before and after each run: a run during
# which it grew was short of memory (old sites left in tmpfs, another
# process), and its time is not the build's alone.
awk '/^pgscan_(kswapd|direct) / { n += $2 } END { print n + 0 }' /proc/vmstat 2>/dev/null || echo 0
